"""Snakemake adapter: term frequencies per period and tracked keyword groups."""

import sys
from pathlib import Path

# The analysis library of this very checkout (also works in a conda env without it installed).
sys.path.insert(0, str(Path(__file__).resolve().parents[2] / "src"))

from scotext.logutil import start_job  # noqa: E402

log = start_job(snakemake)  # noqa: F821 (snakemake is injected; sets BLAS threads)


def main(sm):
    import numpy as np

    from scotext.keywords.frequencies import group_matrix, missing_terms, period_frequencies
    from scotext.keywords.units import load_units
    from scotext.tables import atomic_write_text, to_booktabs, write_csv

    kw = sm.params.kw
    u = load_units(sm.input.segments, sm.input.dtm, sm.input.vocab, roles=kw["roles"],
                   include_duplicates=kw["include_duplicates"], period_map=kw["periods"])
    common = dict(periods=u.periods, docs=u.docs, period_order=list(sm.params.periods),
                  unit_totals=np.asarray(u.counts.sum(axis=1)).ravel(),
                  n_boot=kw["n_boot"], seed=kw["seed"], level=kw["conf_level"])
    freq = period_frequencies(u.counts, u.vocab, **common)
    write_csv(freq, sm.output.frequencies)

    groups = {g: list(t) for g, t in kw["tracked"].items()}
    for g, missing in missing_terms(u.vocab, groups).items():
        if missing:
            log.info("tracked group %s: not in the corpus vocabulary: %s", g, ", ".join(missing))
    ind, names = group_matrix(u.vocab, groups)
    tracked = period_frequencies((u.counts @ ind).tocsr(), names, **common)
    tracked.insert(1, "terms", tracked["term"].map(lambda g: " ".join(sorted(groups[g]))))
    write_csv(tracked, sm.output.tracked)
    atomic_write_text(sm.output.tracked_tex, to_booktabs(
                tracked.drop(columns=["terms"]),
                caption="Tracked keyword groups by period: count, rate per 10,000 analysis "
                        "tokens and 95% bootstrap interval (segments resampled within "
                        "documents).",
                label="tab:tracked-keywords", decimals=sm.params.decimals))
    log.info("%d units, %d terms, %d periods", len(u.segments), len(u.vocab),
             len(sm.params.periods))


main(snakemake)  # noqa: F821
