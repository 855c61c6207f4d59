"""Keyword figures: keyness bars, tracked-keyword trajectories, Fightin'-Words plots."""

from __future__ import annotations

import numpy as np

from scotext import figures


def place_labels(ax, xs, ys, labels, *, fontsize=6.5, max_labels=None):
    """Greedy label placement that never overlaps: each label (in the given priority
    order) takes the first candidate offset around its point whose box overlaps no placed
    label and stays inside the axes; a label with no free place is left out. At most
    ``4 * max_labels`` labels are tried (the first ones in priority order), so the cost stays
    bounded when a large vocabulary gives thousands of candidates.
    Returns the placed Text artists."""
    fig = ax.figure
    fig.canvas.draw()
    renderer = fig.canvas.get_renderer()
    axbox = ax.get_window_extent(renderer)
    placed, boxes = [], []
    offsets = [(4, 3), (4, -9), (-4, 3), (-4, -9), (6, 10), (6, -16), (-6, 10), (-6, -16),
               (12, -3), (-12, -3), (0, 14), (0, -20)]
    for tried, (x, y, text) in enumerate(zip(xs, ys, labels)):
        if max_labels is not None and (len(placed) >= max_labels or tried >= 4 * max_labels):
            break
        for dx, dy in offsets:
            ha = "left" if dx >= 0 else "right"
            far = (dx, dy) != offsets[0]   # not the default place: draw a leader line
            t = ax.annotate(text, (x, y), xytext=(dx, dy), textcoords="offset points",
                            fontsize=fontsize, ha=ha, va="bottom",
                            arrowprops=dict(arrowstyle="-", color="grey", lw=0.4,
                                            shrinkA=0, shrinkB=2) if far else None)
            box = t.get_window_extent(renderer).expanded(1.05, 1.1)
            inside = (box.x0 >= axbox.x0 and box.x1 <= axbox.x1 and box.y0 >= axbox.y0
                      and box.y1 <= axbox.y1)
            if inside and not any(box.overlaps(b) for b in boxes):
                placed.append((t, box))
                boxes.append(box)
                break
            t.remove()
    return placed


def plot_keyness_bars(df, contrast, label_a: str, label_b: str, stem, *, alpha: float,
                      caveat: str = ""):
    """Top terms each side of a contrast: Log Ratio bars (effect size), LRC as a marker,
    filled when q_bh < alpha (G², Benjamini-Hochberg), open when not significant."""
    plt = figures.setup()
    d = df.sort_values("log_ratio", kind="stable").reset_index(drop=True)
    n = len(d)
    fig, ax = plt.subplots(figsize=(figures.SINGLE_COLUMN_IN * 1.45, 1.2 + 0.17 * max(n, 4)))
    colours = np.where(d["log_ratio"] > 0, figures.PALETTE[0], figures.PALETTE[1])
    sig = d["q_bh"] < alpha
    y = np.arange(n)
    ax.barh(y[sig], d.loc[sig, "log_ratio"], color=colours[sig], edgecolor=colours[sig],
            height=0.7)
    ax.barh(y[~sig], d.loc[~sig, "log_ratio"], color="white", edgecolor=colours[~sig],
            hatch="////", height=0.7)
    ax.scatter(d["lrc"], y, marker="|", color="black", s=40, zorder=3)
    from matplotlib.lines import Line2D
    from matplotlib.patches import Patch

    handles = [Patch(facecolor="#666666", edgecolor="#666666",
                     label=f"q < {alpha} (G², Benjamini-Hochberg)"),
               Patch(facecolor="white", edgecolor="#666666", hatch="////",
                     label="not significant"),
               Line2D([], [], marker="|", color="black", linestyle="none", markersize=8,
                      label="conservative Log Ratio (LRC)")]
    ax.set_yticks(y, d["term"].str.replace("_", " "))
    ax.axvline(0, color="black", linewidth=0.6)
    ax.set_xlabel(f"Log Ratio (log2 of rate in {label_a} / rate in {label_b})")
    ax.set_title(f"Key terms: {label_a} (right) vs {label_b} (left)", loc="left")
    ax.legend(handles=handles, loc="lower right", frameon=False, fontsize=6)
    if caveat:
        fig.text(0.0, -0.02, caveat, fontsize=5.5, wrap=True, va="top")
    fig.tight_layout()
    figures.save(fig, stem, d)
    plt.close(fig)


def plot_tracked(freq, stem, *, periods: list[str], caveat: str = ""):
    """One small panel per tracked group: rate per 10,000 tokens by period with its 95%
    bootstrap interval."""
    plt = figures.setup()
    groups = sorted(freq["term"].unique())
    ncol = 4
    nrow = int(np.ceil(len(groups) / ncol))
    fig, axes = plt.subplots(nrow, ncol, figsize=(figures.DOUBLE_COLUMN_IN, 1.55 * nrow + 0.4),
                             sharex=True, squeeze=False)
    x = np.arange(len(periods))
    for ax, g in zip(axes.flat, groups):
        d = freq[freq["term"] == g].set_index("period").reindex(periods)
        ax.errorbar(x, d["per_10k"], yerr=[d["per_10k"] - d["ci_low"],
                                           d["ci_high"] - d["per_10k"]],
                    fmt="o:", color=figures.PALETTE[0], ecolor="grey", capsize=2,
                    markersize=3, linewidth=1)
        ax.set_title(g.replace("_", " "), fontsize=7.5)
        ax.set_ylim(bottom=0)
        ax.set_xticks(x, periods)
    for ax in axes.flat[len(groups):]:
        ax.set_visible(False)
    for ax in axes[:, 0]:
        ax.set_ylabel("per 10,000 tokens")
    fig.suptitle("Tracked keywords by period (95% bootstrap intervals, segments resampled "
                 "within documents)", fontsize=8, x=0.01, ha="left")
    if caveat:
        fig.text(0.01, 0.0, caveat, fontsize=5.5, va="top", wrap=True)
    fig.tight_layout(rect=(0, 0.02, 1, 0.97))
    figures.save(fig, stem, freq)
    plt.close(fig)


def plot_fightin(df, contrast, label_a: str, label_b: str, stem, *, n_label: int,
                 z_crit: float = 1.96, caveat: str = ""):
    """Fightin' Words (Monroe et al. 2008): z of the log-odds against pooled frequency;
    terms beyond ±z_crit coloured; the most extreme labelled without overlap."""
    plt = figures.setup()
    d = df.copy()
    d["freq"] = d["count_a"] + d["count_b"]
    fig, ax = plt.subplots(figsize=(figures.DOUBLE_COLUMN_IN * 0.75, 3.6))
    colour = np.where(d["z_log_odds"] >= z_crit, figures.PALETTE[0],
                      np.where(d["z_log_odds"] <= -z_crit, figures.PALETTE[1], "#BBBBBB"))
    # points rasterised in the PDF (thousands of terms); axes, labels and text stay vector
    ax.scatter(d["freq"], d["z_log_odds"], s=6, c=colour, linewidths=0, alpha=0.85,
               rasterized=len(d) > 500)
    ax.set_xscale("log")
    from matplotlib.ticker import FuncFormatter

    ax.xaxis.set_major_formatter(FuncFormatter(lambda v, _: f"{v:g}"))
    ax.axhline(z_crit, color="grey", linewidth=0.5, linestyle="--")
    ax.axhline(-z_crit, color="grey", linewidth=0.5, linestyle="--")
    ax.set_xlabel(f"frequency in {label_a} + {label_b} (count, log scale)")
    ax.set_ylabel(f"z of log-odds ({label_a} > 0 > {label_b})")
    ax.set_title(f"Fightin' Words: {label_a} vs {label_b} (informative Dirichlet prior)",
                 loc="left")
    lim = max(3.0, float(np.abs(d["z_log_odds"]).max()) * 1.15) if len(d) else 3.0
    ax.set_ylim(-lim, lim)
    ax.set_xlim(0.7, max(10.0, float(d["freq"].max()) * 2.5) if len(d) else 10)
    if caveat:
        fig.text(0.0, -0.01, caveat, fontsize=5.5, va="top", wrap=True)
    fig.tight_layout()   # before labels are placed: layout changes would move them
    cand = d[d["ranked"] & (d["z_log_odds"].abs() >= z_crit)]
    cand = cand.reindex(cand["z_log_odds"].abs().sort_values(ascending=False,
                                                            kind="stable").index)
    # terms drawn on the same point share one label
    points: dict[tuple, list[str]] = {}
    for f, z, term in zip(cand["freq"], cand["z_log_odds"], cand["term"]):
        points.setdefault((int(f), round(float(z), 6)), []).append(term.replace("_", " "))
    placed = place_labels(ax, [p[0] for p in points], [p[1] for p in points],
                          [", ".join(v) for v in points.values()], max_labels=n_label)
    shown = {w for t, _ in placed for w in t.get_text().split(", ")}
    figures.save(fig, stem, d.assign(labelled=d["term"].str.replace("_", " ").isin(shown)))
    plt.close(fig)
    return placed
