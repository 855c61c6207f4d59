"""Topic figures: model selection diagnostics, top terms per topic, prevalence by group."""

from __future__ import annotations

import numpy as np

from scotext import figures

DIAGNOSTICS = [("heldout_loglik", "held-out log-likelihood\nper token (higher better)"),
               ("c_npmi", "coherence c_npmi\n(higher better)"),
               ("c_v", "coherence c_v\n(higher better; not used)"),
               ("exclusivity", "exclusivity (FREX-style,\nhigher better)"),
               ("stability", "stability across seeds\n(mean matched cosine)")]


def plot_model_selection(selection, k_chosen: int, stem):
    """Every diagnostic against K: one dot per seed, the mean over seeds with ±1 sd, the
    chosen K marked."""
    plt = figures.setup()
    fig, axes = plt.subplots(1, len(DIAGNOSTICS), figsize=(figures.DOUBLE_COLUMN_IN * 1.25, 2.4))
    ks = sorted(selection["k"].unique())
    rng = np.random.default_rng(0)   # jitter only, fixed
    for ax, (col, title) in zip(axes, DIAGNOSTICS):
        for k in ks:
            v = selection.loc[selection["k"] == k, col].to_numpy()
            ax.scatter(k + rng.uniform(-0.15, 0.15, len(v)), v, s=5, color="#AAAAAA",
                       linewidths=0, zorder=1)
        mean = selection.groupby("k")[col].mean().reindex(ks)
        sd = selection.groupby("k")[col].std().reindex(ks).fillna(0)
        ax.errorbar(ks, mean, yerr=sd, color=figures.PALETTE[0], marker="o", markersize=3,
                    linewidth=1, capsize=2, zorder=2)
        ax.axvline(k_chosen, color=figures.PALETTE[3], linestyle="--", linewidth=0.8)
        ax.set_title(title, fontsize=7)
        ax.set_xlabel("number of topics K")
        ax.set_xticks(ks)
    fig.tight_layout(rect=(0, 0.07, 1, 1))
    fig.text(0.01, 0.01, f"Dots: one per seed; line: mean ± 1 sd over seeds; dashed line: "
             f"chosen K = {k_chosen}", fontsize=6.5)
    figures.save(fig, stem, selection)
    plt.close(fig)


def plot_topic_terms(terms_table, stem, *, k: int, measure: str = "probability"):
    """One panel per topic: top terms by probability (bars), label and stability in the
    title; unstable topics flagged."""
    plt = figures.setup()
    ncol = min(k, 3)
    nrow = int(np.ceil(k / ncol))
    d = terms_table[terms_table["measure"] == measure]
    fig, axes = plt.subplots(nrow, ncol, figsize=(figures.DOUBLE_COLUMN_IN, 2.6 * nrow),
                             squeeze=False)
    for t in range(k):
        ax = axes.flat[t]
        rows = d[d["topic"] == t + 1].sort_values("rank")
        y = np.arange(len(rows))[::-1]
        unstable = bool(rows["unstable"].iloc[0])
        ax.barh(y, rows["value"], color=figures.PALETTE[1] if unstable else figures.PALETTE[0])
        ax.set_yticks(y, rows["term"].str.replace("_", " "))
        flag = " - UNSTABLE" if unstable else ""
        label = rows["label"].iloc[0].replace("_", " ")
        ax.set_title(f"Topic {t + 1}{flag}\n{label}\nstability across seeds "
                     f"{rows['stability'].iloc[0]:.2f}", fontsize=7, loc="left")
        ax.set_xlabel("P(term | topic)")
    for ax in axes.flat[k:]:
        ax.set_visible(False)
    fig.tight_layout()
    figures.save(fig, stem, d)
    plt.close(fig)


def plot_prevalence(prev, stem, *, group_var: str, caveat: str, level: float):
    """Dot-and-interval plot: topics (rows) × groups (colours)."""
    plt = figures.setup()
    groups = list(dict.fromkeys(sorted(prev["group"].astype(str))))
    topics = sorted(prev["topic"].unique())
    fig, ax = plt.subplots(figsize=(figures.DOUBLE_COLUMN_IN * 0.7, 0.9 + 0.45 * len(topics)))
    width = 0.7 / max(len(groups), 1)
    for gi, g in enumerate(groups):
        d = prev[prev["group"].astype(str) == g].set_index("topic").reindex(topics)
        y = np.arange(len(topics)) + (gi - (len(groups) - 1) / 2) * width
        ax.errorbar(d["estimate"], y, xerr=[d["estimate"] - d["ci_low"],
                                           d["ci_high"] - d["estimate"]],
                    fmt="o", markersize=3.5, capsize=2, linewidth=1,
                    color=figures.PALETTE[gi % len(figures.PALETTE)],
                    label=f"{g} ({int(d['n_docs'].iloc[0])} doc., "
                          f"{int(d['n_segments'].iloc[0])} par.)")
    labels = prev.drop_duplicates("topic").set_index("topic").reindex(topics)
    ax.set_yticks(np.arange(len(topics)),
                  [f"{t}: {lab}" + (" (unstable)" if u else "")
                   for t, lab, u in zip(topics, labels["label"], labels["unstable"])])
    ax.invert_yaxis()
    ax.set_xlabel(f"mean topic share of answer paragraphs ({level:.0%} interval: documents "
                  "x seeds bootstrap)")
    ax.set_xlim(left=0)
    ax.set_title(f"Topic prevalence by {group_var}", loc="left")
    fig.tight_layout(rect=(0, 0.12, 1, 1))
    fig.legend(*ax.get_legend_handles_labels(), title=group_var, frameon=False, fontsize=6,
               title_fontsize=6.5, loc="lower center", ncol=min(len(groups), 3),
               bbox_to_anchor=(0.5, 0.0))
    if caveat:
        fig.text(0.0, -0.01, caveat, fontsize=5.5, va="top", wrap=True)
    figures.save(fig, stem, prev)
    plt.close(fig)
