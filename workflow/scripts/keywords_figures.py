"""Snakemake adapter: tracked-keyword trajectories, keyness bars, Fightin' Words plots."""

import sys
from pathlib import Path

# The analysis library of this very checkout (also works in a conda env without it installed).
sys.path.insert(0, str(Path(__file__).resolve().parents[2] / "src"))

from scotext.logutil import start_job  # noqa: E402

log = start_job(snakemake)  # noqa: F821 (snakemake is injected; sets BLAS threads)


def main(sm):
    import pandas as pd

    from scotext.keywords.keyness import read_keyness, top_terms
    from scotext.keywords.periods import contrasts_from_specs
    from scotext.keywords.plots import plot_fightin, plot_keyness_bars, plot_skipped, plot_tracked

    kw = sm.params.kw
    keyness = read_keyness(sm.input.keyness)
    tracked = pd.read_csv(sm.input.tracked, keep_default_na=False, dtype={"period": str})
    periods = pd.read_csv(sm.input.periods, keep_default_na=False, dtype=str)
    caveat = tracked["caveat"].iloc[0] if len(tracked) else ""
    plot_tracked(tracked, sm.output.tracked.removesuffix(".png"),
                 periods=[p for p in sm.params.periods if p in set(tracked["period"])],
                 caveat=caveat, level=kw["conf_level"])
    notes = {r.period: r.note for r in periods.itertuples() if r.note}
    for con in contrasts_from_specs(sm.params.contrasts):
        stem = lambda kind: str(Path(sm.output.tracked).parent / f"keywords_{kind}_{con.name}")
        rows = keyness[keyness["contrast"] == con.name]
        if rows.empty:      # skipped: a side without analysis tokens
            reason = " ".join(f"{p}: {notes[p]}." for p in con.a + con.b if p in notes) or \
                "a side has no analysis tokens"
            for kind in ("keyness", "fightin"):
                plot_skipped(stem(kind), f"{con.label_a} vs {con.label_b}: not computed",
                             reason)
            log.warning("%s: skipped (%s)", con.name, reason)
            continue
        first = rows.iloc[0]
        evidence = f"{first['evidence']}; {int(first['n_docs_a'])} vs {int(first['n_docs_b'])} " \
                   f"documents, smallest attainable document-level p = {first['min_p_doc']:.3g}"
        plot_keyness_bars(top_terms(keyness, con.name, kw["top_n"]), con.name, con.label_a,
                          con.label_b, stem("keyness"), alpha=kw["significance"],
                          evidence=evidence, caveat=first["caveat"],
                          family_size=int(first["family_size"]),
                          lrc_tests=int(first["lrc_tests"]), conf=kw["conf_level"])
        placed = plot_fightin(rows, con.name, con.label_a, con.label_b, stem("fightin"),
                              n_label=kw["fightin_labels"], caveat=first["caveat"],
                              evidence=evidence)
        log.info("%s: %d labels placed", con.name, len(placed))


main(snakemake)  # noqa: F821
