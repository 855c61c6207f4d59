"""Snakemake adapter: match the frame codebook on every segment; evidence tables."""

import sys
from pathlib import Path

# The analysis library of this very checkout (also works in a conda env without it installed).
sys.path.insert(0, str(Path(__file__).resolve().parents[2] / "src"))

from scotext.logutil import start_job  # noqa: E402

log = start_job(snakemake)  # noqa: F821 (snakemake is injected; sets BLAS threads)


def main(sm):
    from scotext.corpus.tokenizer_config import tokenizer_from_job
    from scotext.framing.codebook import codebook_table, load_codebook
    from scotext.framing.match import compile_codebook
    from scotext.framing.scoring import read_segment_chunks, score_corpus
    from scotext.tables import csv_parts, write_csv

    fr = sm.params.fr
    tokenizer = tokenizer_from_job(sm.input, sm.params.tokens, sm.params.spelling_direction)
    codebook = load_codebook(sm.input.codebook)
    # part by part: the long table (one row per segment and frame) and the matches are
    # written as they are made; only the small results stay in memory
    with csv_parts(sm.output.frame_segments) as add_long, \
            csv_parts(sm.output.matches) as add_matches:
        out = score_corpus(read_segment_chunks(sm.input.segments),
                           compile_codebook(codebook, tokenizer), min_hits=fr["min_hits"],
                           kwic_window=fr["kwic_window"],
                           kwic_max_per_term=fr["kwic_max_per_term"], top_n=fr["top_segments"],
                           roles=fr["compare_roles"], add_long=add_long,
                           add_matches=add_matches)
    write_csv(out["wide"], sm.output.frame_scores)
    write_csv(codebook_table(codebook), sm.output.codebook_table)
    write_csv(out["kwic"], sm.output.kwic)
    write_csv(out["top_terms"], sm.output.top_terms)
    write_csv(out["top_segments"], sm.output.top_segments)
    cov = out["coverage"]
    write_csv(cov, sm.output.coverage)
    log.info("codebook version %s, %d frames; %d segments; answer segments with no frame: %s",
             codebook.version, len(codebook.frames), len(out["wide"]),
             cov.loc[cov["group"] == "all", "share_no_frame"].tolist())


main(snakemake)  # noqa: F821
