"""Snakemake adapter: flag near-duplicate segments and write the segment table."""

from scotext.logutil import start_log

log = start_log(snakemake.log[0])  # noqa: F821


def main(sm):
    from scotext.corpus.assemble import build_segments
    from scotext.jsonio import read_json
    from scotext.tables import write_csv, write_table

    docs = [read_json(p) for p in sm.input]
    p = sm.params.dedup
    segments, duplicates = build_segments(
        docs, shingle_size=p["shingle_size"], threshold=p["threshold"],
        min_shingles=p["min_shingles"], events=dict(sm.params.events))
    log.info("%d segments, %d flagged as duplicates", len(segments), len(duplicates))
    write_csv(segments, sm.output.segments)
    write_table(duplicates, sm.output.duplicates, sm.output.duplicates_tex,
                caption="Near-duplicate segments: each flagged segment, the canonical segment "
                        "it copies (in the fuller document) and their shingle containment.",
                label="tab:duplicates", decimals=sm.params.decimals)


main(snakemake)  # noqa: F821
