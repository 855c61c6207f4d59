"""Snakemake adapter: flag near-duplicate segments and write the segment table."""

import sys
from pathlib import Path

# The analysis library of this very checkout (also works in a conda env without it installed).
sys.path.insert(0, str(Path(__file__).resolve().parents[2] / "src"))

from scotext.logutil import start_job  # noqa: E402

log = start_job(snakemake)  # noqa: F821 (snakemake is injected; sets BLAS threads)


def main(sm):
    from scotext.corpus.assemble import build_segments
    from scotext.jsonio import iter_jsonl
    from scotext.stagedata import write_segments
    from scotext.tables import write_table

    docs = (d for p in sm.input for d in iter_jsonl(p))
    p = sm.params.dedup
    rejected = []
    segments, duplicates = build_segments(
        docs, shingle_size=p["shingle_size"], threshold=p["threshold"],
        min_shingles=p["min_shingles"], min_doc_share=p["min_doc_share"],
        max_shingle_df=p["max_shingle_df"],
        events=dict(sm.params.events), rejected=rejected)
    log.info("%d segments, %d flagged as duplicates", len(segments), len(duplicates))
    for r in rejected:
        log.info("not flagged (shared passage between documents that are not versions of "
                 "each other, document share %.2f): %s ~ %s, containment %.2f",
                 r["doc_share"], r["segment_id"], r["partner"], r["containment"])
    write_segments(segments, sm.output.segments)
    write_table(duplicates, sm.output.duplicates, sm.output.duplicates_tex,
                caption="Near-duplicate segments: each flagged segment, the canonical segment "
                        "it copies (in the fuller document) and their shingle containment.",
                label="tab:duplicates", decimals=sm.params.decimals)


main(snakemake)  # noqa: F821
