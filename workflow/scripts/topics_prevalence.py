"""Snakemake adapter: topic prevalence by year and by speaker, with intervals."""

import sys
from pathlib import Path

# The analysis library of this very checkout (also works in a conda env without it installed).
sys.path.insert(0, str(Path(__file__).resolve().parents[2] / "src"))

from scotext.logutil import start_job  # noqa: E402

log = start_job(snakemake)  # noqa: F821 (snakemake is injected; sets BLAS threads)


def main(sm):
    import numpy as np
    import pandas as pd

    from scotext.jsonio import read_json
    from scotext.tables import atomic_write_text, to_booktabs, write_csv
    from scotext.topics.plots import plot_prevalence
    from scotext.topics.search import prevalence_tables

    top = sm.params.top
    model = read_json(sm.input.model)
    units = pd.read_csv(sm.input.units, keep_default_na=False)
    with np.load(sm.input.aligned) as z:
        aligned = list(z["doc_topic"])
    prev, diff, caveat = prevalence_tables(
        aligned, units, model, n_boot=top["n_boot"], seed=top["boot_seed"],
        level=top["conf_level"])
    write_csv(prev, sm.output.prevalence)
    write_csv(diff, sm.output.differences)
    dec = sm.params.decimals
    atomic_write_text(sm.output.prevalence_tex, to_booktabs(
        prev.drop(columns=["caveat"]), caption="Topic prevalence (mean topic share of the "
        "answer paragraphs) by year and by speaker, with 95% intervals from a cluster "
        "bootstrap over documents crossed with the seed-to-seed variation. " + caveat,
        label="tab:topic-prevalence", decimals=dec))
    atomic_write_text(sm.output.differences_tex, to_booktabs(
        diff.drop(columns=["caveat"]), caption="Differences in topic prevalence between "
        "groups (b - a) with 95% intervals (same bootstrap). " + caveat,
        label="tab:topic-prevalence-differences", decimals=dec))
    for var, out in (("year", sm.output.by_year), ("speaker", sm.output.by_speaker)):
        plot_prevalence(prev[prev["group_var"] == var], out.removesuffix(".png"),
                        group_var=var, caveat=caveat, level=top["conf_level"])
    log.info("prevalence: %d rows, differences: %d rows", len(prev), len(diff))


main(snakemake)  # noqa: F821
