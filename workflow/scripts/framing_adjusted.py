"""Snakemake adapter: length-adjusted frame contrasts between speakers and between years,
and the confound rows of every comparison."""

import sys
from pathlib import Path

# The analysis library of this very checkout (also works in a conda env without it installed).
sys.path.insert(0, str(Path(__file__).resolve().parents[2] / "src"))

from scotext.logutil import start_job  # noqa: E402

log = start_job(snakemake)  # noqa: F821 (snakemake is injected; sets BLAS threads)


def main(sm):
    import pandas as pd

    from scotext.confound import CONFOUND_COLUMNS
    from scotext.framing.adjusted import adjusted_contrasts
    from scotext.framing.plots import plot_adjusted
    from scotext.framing.table import read_frame_scores
    from scotext.stagedata import read_documents
    from scotext.tables import atomic_write_text, to_booktabs, write_csv, write_table

    fr = sm.params.fr
    fs = read_frame_scores(sm.input.frame_scores)
    documents = read_documents(sm.input.documents)
    labels = dict(pd.read_csv(sm.input.codebook_table, keep_default_na=False)[["frame", "label"]]
                  .itertuples(index=False))
    table, confounds = adjusted_contrasts(
        fs, documents, n_boot=fr["n_boot"], seed=fr["seed"], roles=fr["compare_roles"],
        level=fr["conf_level"], alpha=fr["alpha"], robust_min_docs=fr["robust_min_docs"],
        years=fr["year_contrasts"], two_stage=fr["resample_segments"],
        two_stage_max_clusters=fr["resample_segments_max_docs"])
    write_csv(table, sm.output.table)
    cols = ["comparison", "frame", "share_a", "share_b", "odds_ratio_raw",
            "odds_ratio_adjusted", "or_adj_ci_low", "or_adj_ci_high", "rate_a", "rate_b",
            "rate_ratio", "rr_ci_low", "rr_ci_high", "evidence"]
    caveats = " ".join(f"{c}: {v}" for c, v in
                       table[["comparison", "caveat"]].drop_duplicates().itertuples(index=False))
    methods = "; ".join(sorted(set(table["interval_method"])))
    atomic_write_text(sm.output.table_tex, to_booktabs(
        table[cols], caption="Frame contrasts adjusted for paragraph length, side A against "
        "side B: odds ratio of presence raw and adjusted for log paragraph length (logistic "
        "model), and the rate ratio of hits per word (Poisson model with offset log words), "
        f"with {fr['conf_level']:.0%} intervals ({methods}). {caveats}",
        label="tab:frame-adjusted", decimals=sm.params.decimals))
    conf = pd.DataFrame(confounds, columns=CONFOUND_COLUMNS)
    write_table(conf, sm.output.confounds, sm.output.confounds_tex,
                caption="What else differs between the sides of every framing comparison "
                        "(from the documents table; tokens: words of the compared segments).",
                label="tab:framing-confounds", decimals=sm.params.decimals)
    if len(table):
        plot_adjusted(table, labels, sm.output.figure.removesuffix(".png"),
                      level=fr["conf_level"])
    else:   # nothing to compare: an empty figure that says so
        from scotext import figures

        plt = figures.setup()
        fig, ax = plt.subplots(figsize=(figures.SINGLE_COLUMN_IN, 1))
        ax.axis("off")
        ax.text(0, 0.5, "No speaker or year comparison in the compared roles.", fontsize=7)
        figures.save(fig, sm.output.figure.removesuffix(".png"), table)
        plt.close(fig)
    log.info("%d adjusted contrast rows over %d comparisons", len(table),
             table["comparison"].nunique())


main(snakemake)  # noqa: F821
