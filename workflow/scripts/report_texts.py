"""Snakemake adapter: summary.md and methods.md, generated from the tables."""

import sys
from pathlib import Path

# The analysis library of this very checkout (also works in a conda env without it installed).
sys.path.insert(0, str(Path(__file__).resolve().parents[2] / "src"))

from scotext.logutil import start_job  # noqa: E402

log = start_job(snakemake)  # noqa: F821 (snakemake is injected; sets BLAS threads)


def main(sm):
    from scotext.reporting import methods_md, summary_md
    from scotext.tables import atomic_write_text

    tables = {k: v for k, v in sm.input.items() if k != "provenance"}
    config = dict(sm.params.config)
    atomic_write_text(sm.output.summary, summary_md(tables, config))
    atomic_write_text(sm.output.methods, methods_md(tables, config, sm.input.provenance))


main(snakemake)  # noqa: F821
