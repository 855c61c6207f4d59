"""Snakemake adapter: results/README.md listing every output."""

import sys
from pathlib import Path

# The analysis library of this very checkout (also works in a conda env without it installed).
sys.path.insert(0, str(Path(__file__).resolve().parents[2] / "src"))

from scotext.logutil import start_job  # noqa: E402

log = start_job(snakemake)  # noqa: F821 (snakemake is injected; sets BLAS threads)


def main(sm):
    import yaml

    from scotext.results_readme import describe_outputs, render, split_current
    from scotext.tables import atomic_write_text

    results = Path(sm.output[0]).parent   # README.md sits at the top of results/
    with open(sm.input.catalogue, encoding="utf-8") as fh:
        catalogue = yaml.safe_load(fh)
    files, stale = split_current(results, sm.params.current)
    if stale:
        log.warning("%d file(s) below %s are not outputs of this corpus and configuration "
                    "(not listed; `snakemake results_stale` lists them, `snakemake "
                    "results_prune` removes them): %s", len(stale), results,
                    ", ".join(str(p.relative_to(results)) for p in stale[:20]))
    files = [p for p in files if p != Path(sm.output[0])] + [Path(sm.output[0])]
    rows = describe_outputs(files, results, catalogue)
    atomic_write_text(sm.output[0], render(rows))
    log.info("%d outputs listed", len(rows))


main(snakemake)  # noqa: F821
