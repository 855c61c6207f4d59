"""Snakemake adapter: results/README.md listing every output."""

import sys
from pathlib import Path

# The analysis library of this very checkout (also works in a conda env without it installed).
sys.path.insert(0, str(Path(__file__).resolve().parents[2] / "src"))

from scotext.logutil import start_job  # noqa: E402

log = start_job(snakemake)  # noqa: F821 (snakemake is injected; sets BLAS threads)


def main(sm):
    import yaml

    from scotext.results_readme import describe_outputs, render
    from scotext.tables import atomic_write_text

    results = Path(sm.output[0]).parent   # README.md sits at the top of results/
    with open(sm.input.catalogue, encoding="utf-8") as fh:
        catalogue = yaml.safe_load(fh)
    files = [p for p in results.rglob("*") if p.is_file()
             and p.relative_to(results).parts[0] not in ("logs", "benchmarks")
             and not p.name.startswith(".") and not p.name.endswith(".tmp")
             and p.name != "report.html"]   # made on request, see render()
    files.append(Path(sm.output[0]))
    rows = describe_outputs(files, results, catalogue)
    atomic_write_text(sm.output[0], render(rows))
    log.info("%d outputs listed", len(rows))


main(snakemake)  # noqa: F821
