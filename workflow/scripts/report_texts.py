"""Snakemake adapter: summary.md and methods.md, generated from the tables."""

import sys
from pathlib import Path

# The analysis library of this very checkout (also works in a conda env without it installed).
sys.path.insert(0, str(Path(__file__).resolve().parents[2] / "src"))

from scotext.logutil import start_job  # noqa: E402

log = start_job(snakemake)  # noqa: F821 (snakemake is injected; sets BLAS threads)


def main(sm):
    from scotext.reporting import texts
    from scotext.tables import atomic_write_text, write_csv
    from scotext.texts.cite import records_table, verify

    tables = {k: v for k, v in sm.input.items() if k != "provenance"}
    config = dict(sm.params.config)
    # the results folder: where provenance.json lies (not a path typed into the rule, so
    # the rule also works where the job's files are staged elsewhere)
    results = str(Path(sm.input.provenance).parent)
    summary, methods, records = texts(tables, config, sm.input.provenance, results=results)
    problems = verify(records, results, config)
    if problems:        # a number that does not read back from its table is a bug
        raise RuntimeError("generated texts cite numbers their tables do not hold:\n"
                           + "\n".join(problems))
    log.info("%d numbers in the texts, each read back from its table", len(records))
    atomic_write_text(sm.output.summary, summary)
    atomic_write_text(sm.output.methods, methods)
    write_csv(records_table(records), sm.output.sources)


main(snakemake)  # noqa: F821
