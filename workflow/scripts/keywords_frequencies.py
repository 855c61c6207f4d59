"""Snakemake adapter: term frequencies per period and tracked keyword groups."""

import sys
from pathlib import Path

# The analysis library of this very checkout (also works in a conda env without it installed).
sys.path.insert(0, str(Path(__file__).resolve().parents[2] / "src"))

from scotext.logutil import start_job  # noqa: E402

log = start_job(snakemake)  # noqa: F821 (snakemake is injected; sets BLAS threads)


def main(sm):
    from scotext.keywords.confounds import periods_caveat
    from scotext.keywords.frequencies import frequency_tables, group_matrix, missing_terms
    from scotext.keywords.units import load_units
    from scotext.stagedata import read_documents
    from scotext.tables import atomic_write_text, to_booktabs, write_csv

    kw = sm.params.kw
    u = load_units(sm.input.segments, sm.input.dtm, sm.input.vocab, roles=kw["roles"],
                   include_duplicates=kw["include_duplicates"], period_map=kw["periods"])
    totals = u.totals
    order = list(sm.params.periods)
    for p in order:
        if not totals[u.periods == p].sum() > 0:
            log.warning("period %s has no analysis tokens: left out of the frequency tables "
                        "(see tables/keyword_periods.csv)", p)
    common = dict(periods=u.periods, docs=u.docs, period_order=order, unit_totals=totals,
                  n_boot=kw["n_boot"], seed=kw["seed"], level=kw["conf_level"],
                  two_stage=kw["resample_segments"],
                  two_stage_max_clusters=kw["resample_segments_max_docs"])
    groups = {g: list(t) for g, t in kw["tracked"].items()}
    for g, missing in missing_terms(u.vocab, groups).items():
        if missing:
            log.info("tracked group %s: not in the corpus vocabulary: %s", g, ", ".join(missing))
    ind, names = group_matrix(u.vocab, groups)
    # one set of bootstrap replicates for the terms and the groups
    freq, tracked = frequency_tables([(u.counts, u.vocab), ((u.counts @ ind).tocsr(), names)],
                                     **common)
    write_csv(freq, sm.output.frequencies)
    tracked.insert(1, "terms", tracked["term"].map(lambda g: " ".join(sorted(groups[g]))))
    caveat = periods_caveat(read_documents(sm.input.documents), u.periods, u.docs, totals,
                            order)
    tracked["caveat"] = caveat
    write_csv(tracked, sm.output.tracked)
    level = f"{kw['conf_level']:.0%}"
    atomic_write_text(sm.output.tracked_tex, to_booktabs(
        tracked[["term", "period", "count", "total", "per_10k", "ci_low", "ci_high",
                 "n_docs"]],
        caption=f"Tracked keyword groups by period: count, rate per 10,000 analysis tokens "
                f"and {level} interval, the wider at each end of the exact Poisson (Garwood) "
                "interval and the cluster bootstrap (documents, and paragraphs within "
                "documents, resampled); both are in the CSV file. " + caveat,
        label="tab:tracked-keywords", decimals=sm.params.decimals))
    log.info("%d units, %d terms, %d periods", len(u.segments), len(u.vocab), len(order))


main(snakemake)  # noqa: F821
