"""Topic figures: the search for K with its null, top terms per topic, prevalence by group.

Every figure of a model whose K is not identified carries the banner "K not identified:
descriptive only" in red above its panels.
"""

from __future__ import annotations

import numpy as np

from scotext import figures

BANNER_COLOUR = "#D55E00"


def _banner(fig, text: str, y: float = 1.0) -> None:
    if text:
        fig.text(0.01, y, text, fontsize=9, fontweight="bold", color=BANNER_COLOUR,
                 va="bottom", ha="left")


def plot_model_selection(table, verdict: dict, stem):
    """Three panels against K: held-out gain over the one-topic model (mean over folds,
    ± 1 SE, the null's gain at the chosen K), semantic coherence against exclusivity (the
    frontier marked), stability across seeds (top-word agreement and ARI, with the null's
    largest pair value at the chosen K); the chosen K dashed; the verdict below."""
    plt = figures.setup()
    t = table.sort_values("k")
    ks = t["k"].astype(int).to_numpy()
    k = int(verdict["checks"]["k"])
    null = verdict["null"]
    fig, axes = plt.subplots(1, 3, figsize=(figures.DOUBLE_COLUMN_IN, 2.9))
    ax = axes[0]
    ax.axhline(0, color="#888888", linewidth=0.7)
    ax.errorbar(ks, t["gain"], yerr=t["gain_se"].fillna(0), color=figures.PALETTE[0],
                marker="o", markersize=3, linewidth=1, capsize=2, label="corpus")
    ax.plot([k], [null["null_gain"]], marker="x", color=figures.PALETTE[3], linestyle="none",
            markersize=6, label="token-permuted null")
    ax.set_xlabel("number of topics K")
    ax.set_ylabel("held-out log-lik. per token\nminus the one-topic model")
    ax.legend(frameon=False, fontsize=6)
    ax = axes[1]
    rest = t[t["k"] > 1]
    front = rest["frontier"].astype(bool).to_numpy()
    ax.scatter(rest["exclusivity"][~front], rest["coherence"][~front], s=12,
               color="#AAAAAA", label="dominated")
    ax.scatter(rest["exclusivity"][front], rest["coherence"][front], s=16,
               color=figures.PALETTE[0], label="frontier")
    for _, r in rest.iterrows():
        ax.annotate(str(int(r["k"])), (r["exclusivity"], r["coherence"]), fontsize=6,
                    xytext=(2, 2), textcoords="offset points",
                    color=figures.PALETTE[3] if int(r["k"]) == k else "black")
    ax.set_xlabel("exclusivity (stm, sum of FREX\nof the top words)")
    ax.set_ylabel("semantic coherence")
    ax.legend(frameon=False, fontsize=6)
    ax = axes[2]
    rest_ks = rest["k"].astype(int).to_numpy()
    ax.plot(rest_ks, rest["topwords"], marker="o", markersize=3, linewidth=1,
            color=figures.PALETTE[0], label="top-word agreement")
    ax.plot(rest_ks, rest["ari"], marker="s", markersize=3, linewidth=1,
            color=figures.PALETTE[2], label="assignment ARI")
    if "null_topwords_max" in null:
        ax.plot([k], [null["null_topwords_max"]], marker="x", color=figures.PALETTE[0],
                linestyle="none", markersize=6, label="null, largest pair")
        ax.plot([k], [null["null_ari_max"]], marker="x", color=figures.PALETTE[2],
                linestyle="none", markersize=6)
    ax.set_ylim(-0.05, 1.05)
    ax.set_xlabel("number of topics K")
    ax.set_ylabel("agreement between seeds")
    ax.legend(frameon=False, fontsize=6)
    for a, ticks in ((axes[0], ks), (axes[2], rest_ks)):
        a.axvline(k, color=figures.PALETTE[3], linestyle="--", linewidth=0.8)
        a.set_xticks(ticks if len(ticks) <= 10 else ticks[::2])
    import textwrap

    lines = textwrap.wrap(verdict["verdict"], 170)
    fig.tight_layout(rect=(0, 0.04 + 0.035 * len(lines), 1, 0.86))
    fig.text(0.01, 0.01, "\n".join(lines), fontsize=5.5, va="bottom")
    _banner(fig, "" if verdict["identified"] else
            f"K not identified: descriptive only (K = {k} shown)", y=0.94)
    figures.save(fig, stem, t)
    plt.close(fig)


def plot_topic_terms(terms_table, stem, *, k: int, measure: str = "probability",
                     banner: str = ""):
    """One panel per topic: top terms by probability (bars), label and stability in the
    title; unstable topics flagged; ``banner`` printed above the panels."""
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
    fig.tight_layout(rect=(0, 0, 1, 0.97 if banner else 1))
    _banner(fig, banner, y=0.985)
    figures.save(fig, stem, d)
    plt.close(fig)


def plot_prevalence(prev, stem, *, group_var: str, caveat: str, level: float,
                    banner: str = ""):
    """Dot-and-interval plot: topics (rows) x groups (colours); groups of one document
    marked in the legend; the caveat of the figure's comparison printed below."""
    import textwrap

    plt = figures.setup()
    groups = list(dict.fromkeys(sorted(prev["group"].astype(str))))
    topics = sorted(prev["topic"].unique())
    labels = prev.drop_duplicates("topic").set_index("topic").reindex(topics)
    ticklabels = [f"{t}: {lab}" + (" (unstable)" if u else "")
                  for t, lab, u in zip(topics, labels["label"], labels["unstable"])]
    cav = textwrap.wrap(caveat, 120) if caveat else []
    width_in = figures.DOUBLE_COLUMN_IN
    axes_h = 0.35 + 0.32 * len(topics) * max(1, len(groups)) ** 0.5
    bottom_in = 0.75 + 0.11 * len(cav) + 0.12 * len(groups)
    top_in = 0.6 if banner else 0.3
    height = axes_h + bottom_in + top_in
    fig, ax = plt.subplots(figsize=(width_in, height))
    left = min(0.5, (max(len(x) for x in ticklabels) * 0.055 + 0.15) / width_in)
    fig.subplots_adjust(left=left, right=0.97, bottom=bottom_in / height,
                        top=1 - top_in / height)
    step = 0.7 / max(len(groups), 1)
    for gi, g in enumerate(groups):
        d = prev[prev["group"].astype(str) == g].set_index("topic").reindex(topics)
        y = np.arange(len(topics)) + (gi - (len(groups) - 1) / 2) * step
        n_docs = int(d["n_docs"].iloc[0])
        one = " - one document: no inference to the group" if n_docs == 1 else ""
        ax.errorbar(d["estimate"], y, xerr=[d["estimate"] - d["ci_low"],
                                           d["ci_high"] - d["estimate"]],
                    fmt="o", markersize=3.5, capsize=2, linewidth=1,
                    color=figures.PALETTE[gi % len(figures.PALETTE)],
                    label=f"{g} ({n_docs} doc., {int(d['n_segments'].iloc[0])} par.){one}")
    ax.set_yticks(np.arange(len(topics)), ticklabels)
    ax.invert_yaxis()
    ax.set_xlabel(f"mean topic share of the modelled paragraphs ({level:.0%} interval: "
                  "documents x posterior of theta x seeds)")
    ax.set_xlim(left=0)
    ax.set_title(f"Topic prevalence by {group_var}", loc="left")
    fig.legend(*ax.get_legend_handles_labels(), title=group_var, frameon=False, fontsize=6,
               title_fontsize=6.5, loc="lower left", ncol=1,
               bbox_to_anchor=(0.01, (0.05 + 0.11 * len(cav)) / height))
    if cav:
        fig.text(0.01, 0.02 / height, "\n".join(cav), fontsize=5.5, va="bottom")
    _banner(fig, banner, y=1 - 0.25 / height)
    figures.save(fig, stem, prev)
    plt.close(fig)
