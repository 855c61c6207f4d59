"""Snakemake adapter: match the frame codebook on every segment; evidence tables."""

import sys
from pathlib import Path

# The analysis library of this very checkout (also works in a conda env without it installed).
sys.path.insert(0, str(Path(__file__).resolve().parents[2] / "src"))

from scotext.logutil import start_job  # noqa: E402

log = start_job(snakemake)  # noqa: F821 (snakemake is injected; sets BLAS threads)


def main(sm):
    import pandas as pd

    from scotext.corpus.tokenizer_config import tokenizer_from_job
    from scotext.framing.codebook import codebook_table, load_codebook
    from scotext.framing.match import compile_codebook, score_segments
    from scotext.framing.validation import coverage, kwic_lines, top_segments, top_terms
    from scotext.tables import write_csv

    fr = sm.params.fr
    tokenizer = tokenizer_from_job(sm.input, sm.params.tokens, sm.params.spelling_direction)
    codebook = load_codebook(sm.input.codebook)
    segments = pd.read_csv(sm.input.segments, keep_default_na=False)
    frame_segments, matches = score_segments(segments, compile_codebook(codebook, tokenizer),
                                             min_hits=fr["min_hits"])
    write_csv(frame_segments, sm.output.frame_segments)
    write_csv(matches, sm.output.matches)
    write_csv(codebook_table(codebook), sm.output.codebook_table)
    write_csv(kwic_lines(matches, segments, window=fr["kwic_window"],
                         max_per_term=fr["kwic_max_per_term"]), sm.output.kwic)
    write_csv(top_terms(matches), sm.output.top_terms)
    write_csv(top_segments(frame_segments, segments, n=fr["top_segments"],
                           roles=fr["compare_roles"]), sm.output.top_segments)
    cov = coverage(frame_segments, roles=fr["compare_roles"])
    write_csv(cov, sm.output.coverage)
    log.info("codebook version %s, %d frames; %d matches; answer segments with no frame: %s",
             codebook.version, len(codebook.frames), len(matches),
             cov.loc[cov["group"] == "all", "share_no_frame"].tolist())


main(snakemake)  # noqa: F821
