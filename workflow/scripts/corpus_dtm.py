"""Snakemake adapter: the document-term matrix of all segments, built once."""

import sys
from pathlib import Path

# The analysis library of this very checkout (also works in a conda env without it installed).
sys.path.insert(0, str(Path(__file__).resolve().parents[2] / "src"))

from scotext.logutil import start_job  # noqa: E402

log = start_job(snakemake)  # noqa: F821 (snakemake is injected; sets BLAS threads)


def main(sm):
    from scotext.corpus.dtm import build_dtm, save_dtm
    from scotext.stagedata import read_segments

    segments = read_segments(sm.input.segments, columns=["tokens"])
    dtm, vocab = build_dtm(segments["tokens"])
    log.info("%d segments x %d terms, %d tokens", dtm.shape[0], dtm.shape[1], dtm.sum())
    save_dtm(dtm, vocab, sm.output.dtm, sm.output.vocab)


main(snakemake)  # noqa: F821
