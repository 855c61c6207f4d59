"""Snakemake adapter: tracked-keyword trajectories, keyness bars, Fightin' Words plots."""

import sys
from pathlib import Path

# The analysis library of this very checkout (also works in a conda env without it installed).
sys.path.insert(0, str(Path(__file__).resolve().parents[2] / "src"))

from scotext.logutil import start_job  # noqa: E402

log = start_job(snakemake)  # noqa: F821 (snakemake is injected; sets BLAS threads)


def main(sm):
    import pandas as pd

    from scotext.confound import confound_note
    from scotext.keywords.frequencies import select_units
    from scotext.keywords.keyness import top_terms
    from scotext.keywords.periods import contrasts_from_specs, period_of
    from scotext.keywords.plots import plot_fightin, plot_keyness_bars, plot_tracked

    kw = sm.params.kw
    segments = pd.read_csv(sm.input.segments, keep_default_na=False,
                           usecols=lambda c: c not in ("text", "tokens"))
    units = segments[select_units(segments, kw["roles"], kw["include_duplicates"])]
    caveat = confound_note([period_of(y, kw["periods"]) for y in units["year"]],
                           units["speaker"])
    keyness = pd.read_csv(sm.input.keyness, keep_default_na=False)
    tracked = pd.read_csv(sm.input.tracked, keep_default_na=False, dtype={"period": str})
    plot_tracked(tracked, sm.output.tracked.removesuffix(".png"),
                 periods=list(sm.params.periods), caveat=caveat)
    for con in contrasts_from_specs(sm.params.contrasts):
        stem = lambda kind: str(Path(sm.output.tracked).parent / f"keywords_{kind}_{con.name}")
        plot_keyness_bars(top_terms(keyness, con.name, kw["top_n"]), con.name, con.label_a,
                          con.label_b, stem("keyness"), alpha=kw["significance"],
                          caveat=caveat)
        placed = plot_fightin(keyness[keyness["contrast"] == con.name], con.name, con.label_a,
                              con.label_b, stem("fightin"), n_label=kw["fightin_labels"],
                              caveat=caveat)
        log.info("%s: %d labels placed", con.name, len(placed))


main(snakemake)  # noqa: F821
