"""Snakemake adapter: list (or remove) the files below results/ that no rule produces for
the current corpus and configuration."""

import sys
from pathlib import Path

# The analysis library of this very checkout (also works in a conda env without it installed).
sys.path.insert(0, str(Path(__file__).resolve().parents[2] / "src"))

from scotext.logutil import start_job  # noqa: E402

log = start_job(snakemake)  # noqa: F821 (snakemake is injected; sets BLAS threads)


def main(sm):
    from scotext.results_readme import split_current

    results = Path(sm.params.results_dir)
    _, stale = split_current(results, sm.params.current)
    verb = "removed" if sm.params.delete else "stale (not produced for this corpus and config)"
    for path in stale:
        if sm.params.delete:
            path.unlink()
        print(f"{verb}: {path}")
        log.info("%s: %s", verb, path)
    if sm.params.delete:
        for folder in sorted({p.parent for p in stale}, key=lambda p: -len(p.parts)):
            if folder != results and folder.is_dir() and not any(folder.iterdir()):
                folder.rmdir()
    print(f"{len(stale)} file(s) {verb.split(' ')[0]}"
          + ("" if stale or sm.params.delete else "; results/ holds only current outputs"))


main(snakemake)  # noqa: F821
