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


def _wrap(text: str, width: int = 150) -> str:
    import textwrap

    return "\n".join(textwrap.wrap(text, width)) if text else ""


def plot_keyness_bars(df, contrast, label_a: str, label_b: str, stem, *, alpha: float,
                      evidence: str = "", caveat: str = "", family_size: int | None = None,
                      lrc_tests: int | None = None, conf: float = 0.95):
    """Top terms each side of a contrast: Log Ratio bars (effect size) with their exact
    two-sided interval (whiskers; an arrow where a zero count leaves it unbounded), filled
    when the exact test's Benjamini-Hochberg q < alpha (family: the ranked terms), hatched
    when not; Evert's LRC (Bonferroni over ``lrc_tests`` terms) as a black tick. The
    evidence level of the contrast and its caveat are printed on the figure."""
    plt = figures.setup()
    d = df.sort_values("log_ratio", kind="stable").reset_index(drop=True)
    n = len(d)
    fig, ax = plt.subplots(figsize=(figures.SINGLE_COLUMN_IN * 1.6, 1.5 + 0.17 * max(n, 4)))
    colours = np.where(d["log_ratio"] > 0, figures.PALETTE[0], figures.PALETTE[1])
    q = d["q_exact"].astype(float)
    sig = (q < alpha).to_numpy()
    y = np.arange(n)
    ax.barh(y[sig], d.loc[sig, "log_ratio"], color=colours[sig], edgecolor=colours[sig],
            height=0.7)
    ax.barh(y[~sig], d.loc[~sig, "log_ratio"], color="white", edgecolor=colours[~sig],
            hatch="////", height=0.7)
    lo = d["lr_low"].astype(float).to_numpy()
    hi = d["lr_high"].astype(float).to_numpy()
    finite = np.concatenate([lo[np.isfinite(lo)], hi[np.isfinite(hi)],
                             d["log_ratio"].to_numpy(dtype=float), [0.0]])
    span = max(1.0, float(np.abs(finite).max()) * 1.08) if finite.size else 1.0
    ax.set_xlim(-span, span)
    lo_c, hi_c = np.clip(lo, -span, span), np.clip(hi, -span, span)
    ax.hlines(y, lo_c, hi_c, color="#444444", linewidth=0.7, zorder=2)
    for yy, l, h in zip(y, lo, hi):       # an open end: arrow at the axis
        if not np.isfinite(l):
            ax.plot(-span, yy, marker="<", color="#444444", markersize=3, zorder=2,
                    clip_on=False)
        if not np.isfinite(h):
            ax.plot(span, yy, marker=">", color="#444444", markersize=3, zorder=2,
                    clip_on=False)
    ax.scatter(d["lrc"].astype(float), y, marker="|", color="black", s=40, zorder=3)
    from matplotlib.lines import Line2D
    from matplotlib.patches import Patch

    fam = f", {family_size} ranked terms" if family_size is not None else ""
    tests = f", Bonferroni over {lrc_tests}" if lrc_tests and lrc_tests > 1 else ""
    handles = [Patch(facecolor="#666666", edgecolor="#666666",
                     label=f"q < {alpha:g} (exact test, BH{fam})"),
               Patch(facecolor="white", edgecolor="#666666", hatch="////",
                     label="not significant"),
               Line2D([], [], color="#444444", linewidth=0.7,
                      label=f"exact {conf:.0%} interval"),
               Line2D([], [], marker="|", color="black", linestyle="none", markersize=8,
                      label=f"conservative Log Ratio (LRC{tests})")]
    ax.set_yticks(y, d["term"].str.replace("_", " "))
    ax.axvline(0, color="black", linewidth=0.6)
    ax.set_xlabel(f"Log Ratio (log2 of rate in {label_a} / rate in {label_b})")
    ev = _wrap(f"Evidence: {evidence}", 80) if evidence else ""
    ax.set_title(f"Key terms: {label_a} (right) vs {label_b} (left)", loc="left",
                 pad=6 + 8 * (ev.count("\n") + 1) if ev else 6)
    if ev:
        ax.annotate(ev, (0.0, 1.0), xycoords="axes fraction", xytext=(0, 3),
                    textcoords="offset points", fontsize=6.5, va="bottom", ha="left",
                    style="italic")
    axis_in = 0.17 * max(n, 4) + 0.4          # about the height of the axes, inches
    ax.legend(handles=handles, loc="upper center", bbox_to_anchor=(0.5, -0.5 / axis_in),
              frameon=False, fontsize=6, ncol=2)
    if caveat:
        fig.text(0.0, 0.0, _wrap(caveat, 95), fontsize=5.5, va="top")
    fig.tight_layout()
    figures.save(fig, stem, d)
    plt.close(fig)


def plot_skipped(stem, title: str, reason: str):
    """A figure that says why a contrast was not computed (a side without analysis tokens),
    so that every declared output exists and tells the reader what happened."""
    plt = figures.setup()
    import pandas as pd

    fig, ax = plt.subplots(figsize=(figures.SINGLE_COLUMN_IN * 1.6, 1.6))
    ax.axis("off")
    ax.set_title(title, loc="left")
    ax.text(0.0, 0.8, _wrap(reason, 80), fontsize=7, va="top", ha="left",
            transform=ax.transAxes)
    figures.save(fig, stem, pd.DataFrame({"skipped": [reason]}))
    plt.close(fig)


def plot_tracked(freq, stem, *, periods: list[str], caveat: str = "", level: float = 0.95):
    """One small panel per tracked group: rate per 10,000 tokens by period with the reported
    interval (the wider of the exact Poisson and the cluster-bootstrap interval at each
    end); periods without analysis tokens are absent."""
    plt = figures.setup()
    groups = sorted(freq["term"].unique())
    ncol = 4
    nrow = max(1, int(np.ceil(len(groups) / ncol)))
    fig, axes = plt.subplots(nrow, ncol, figsize=(figures.DOUBLE_COLUMN_IN, 1.55 * nrow + 0.6),
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
    fig.suptitle(f"Tracked keywords by period ({level:.0%} intervals: the wider of the exact "
                 "Poisson interval and the cluster bootstrap over documents and paragraphs)",
                 fontsize=8, x=0.01, ha="left")
    if caveat:
        fig.text(0.01, 0.0, _wrap(caveat, 170), fontsize=5.5, va="top")
    fig.tight_layout(rect=(0, 0.02, 1, 0.97))
    figures.save(fig, stem, freq)
    plt.close(fig)


def plot_fightin(df, contrast, label_a: str, label_b: str, stem, *, n_label: int,
                 z_crit: float = 1.96, caveat: str = "", evidence: str = ""):
    """Fightin' Words (Monroe et al. 2008): z of the log-odds against pooled frequency;
    terms beyond ±z_crit coloured; the most extreme labelled without overlap; the evidence
    level of the contrast and its caveat printed on the figure."""
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
    if evidence:
        ev = _wrap(f"Evidence: {evidence}; z treats tokens as independent", 110)
        ax.set_title(ax.get_title(loc="left"), loc="left", pad=6 + 8 * (ev.count("\n") + 1))
        ax.annotate(ev, (0.0, 1.0), xycoords="axes fraction", xytext=(0, 3),
                    textcoords="offset points", fontsize=6.5, va="bottom", ha="left",
                    style="italic")
    lim = max(3.0, float(np.abs(d["z_log_odds"]).max()) * 1.15) if len(d) else 3.0
    ax.set_ylim(-lim, lim)
    ax.set_xlim(0.7, max(10.0, float(d["freq"].max()) * 2.5) if len(d) else 10)
    if caveat:
        fig.text(0.0, 0.0, _wrap(caveat, 140), fontsize=5.5, va="top")
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


def plot_sensitivity(keys, frame_signs, stem, *, top_n: int, caveat: str = ""):
    """Panel a: for every variant (rows) and contrast side (columns) the overlap of the
    top-``top_n`` key terms with the main analysis, shaded by overlap / N, with the chance
    overlap (hypergeometric mean) in brackets. Panel b (if there are frame rows): for every
    variant that changes the analysed text and every frame, the frame contrast's difference
    of shares under the variant, marked where its sign differs from the main analysis;
    ``caveat`` (what else differs between the speakers compared) is printed under it."""
    import pandas as pd

    plt = figures.setup()
    variants = list(dict.fromkeys(keys["variant"])) if len(keys) else []
    cols = list(dict.fromkeys(zip(keys["contrast"], keys["side"]))) if len(keys) else []
    has_frames = frame_signs is not None and len(frame_signs) > 0
    fvariants = list(dict.fromkeys(frame_signs["variant"])) if has_frames else []
    pairs = (list(dict.fromkeys(zip(frame_signs["speaker_a"], frame_signs["speaker_b"])))
             if has_frames else [])
    frames = list(dict.fromkeys(frame_signs["frame"])) if has_frames else []
    h_a = 1.3 + 0.28 * max(len(variants), 1)
    h_b = (1.5 + 0.28 * (len(fvariants) + 1) * len(pairs)) if has_frames else 0
    fig, axes = plt.subplots(2 if has_frames else 1, 1, squeeze=False,
                             figsize=(figures.DOUBLE_COLUMN_IN, h_a + h_b + 0.8),
                             gridspec_kw={"height_ratios": [h_a, h_b] if has_frames else [1]})
    ax = axes[0, 0]
    if not len(keys):
        ax.axis("off")
        ax.text(0.0, 0.5, "No keyword contrast: fewer than two periods with analysis tokens, "
                "or no sensitivity variant", transform=ax.transAxes, fontsize=7)
    grid = np.full((len(variants), len(cols)), np.nan)
    for r in keys.itertuples():
        grid[variants.index(r.variant), cols.index((r.contrast, r.side))] = r.overlap_share
    if len(keys):
        ax.imshow(grid, cmap="Blues", vmin=0, vmax=1, aspect="auto")
    for r in keys.itertuples():
        i, j = variants.index(r.variant), cols.index((r.contrast, r.side))
        colour = "white" if r.overlap_share > 0.55 else "black"
        ax.text(j, i, f"{r.overlap}\n({r.chance_overlap:.1f})", ha="center", va="center",
                fontsize=5.5, color=colour)
    ax.set_yticks(range(len(variants)), variants)
    ax.set_xticks(range(len(cols)), [f"{c.replace('_vs_', ' vs ')}\nmore in {s}"
                                     for c, s in cols], rotation=90, fontsize=5.5)
    ax.set_title(_wrap(f"a  Top-{top_n} key terms shared with the main analysis; in brackets: "
                       "the overlap of a random draw from the ranked terms", 95), loc="left",
                 fontsize=8)
    if has_frames:
        ax = axes[1, 0]
        main = frame_signs.drop_duplicates(["speaker_a", "speaker_b", "frame"])
        rows = [("main analysis", p) for p in pairs] + [(v, p) for v in fvariants for p in pairs]
        grid = np.full((len(rows), len(frames)), np.nan)
        text = {}
        for r in main.itertuples():
            i = rows.index(("main analysis", (r.speaker_a, r.speaker_b)))
            j = frames.index(r.frame)
            grid[i, j] = r.difference_main
            text[(i, j)] = (f"{r.difference_main:+.2f}", True)
        for r in frame_signs.itertuples():
            i = rows.index((r.variant, (r.speaker_a, r.speaker_b)))
            j = frames.index(r.frame)
            grid[i, j] = r.difference
            text[(i, j)] = (f"{r.difference:+.2f}" + ("" if r.same_sign else "\nflips"),
                            bool(r.same_sign))
        lim = max(0.05, float(np.nanmax(np.abs(grid)))) if np.isfinite(grid).any() else 1.0
        ax.imshow(grid, cmap="PuOr", vmin=-lim, vmax=lim, aspect="auto")
        for (i, j), (label, same) in text.items():
            dark = abs(grid[i, j]) > 0.6 * lim
            ax.text(j, i, label, ha="center", va="center", fontsize=5.5,
                    color="white" if dark else "black",
                    fontweight="normal" if same else "bold")
        one_pair = len(pairs) == 1
        ax.set_yticks(range(len(rows)), [v if one_pair else f"{v}: {a} - {b}"
                                         for v, (a, b) in rows], fontsize=6)
        ax.set_xticks(range(len(frames)), [f.replace("_", " ") for f in frames], rotation=90,
                      fontsize=6)
        pair_text = f" ({pairs[0][0]} - {pairs[0][1]})" if one_pair else ""
        ax.set_title(_wrap("b  Frame contrasts: difference in the share of segments with the "
                           f"frame{pair_text}, main analysis and the variants that change the "
                           "analysed text", 95), loc="left", fontsize=8)
    fig.tight_layout()
    if caveat:
        fig.text(0.01, 0.0, _wrap(caveat, 170), fontsize=5.5, va="top")
    data = keys.assign(panel="a") if len(keys) else pd.DataFrame()
    if has_frames:
        data = pd.concat([data, frame_signs.assign(panel="b")], ignore_index=True)
    figures.save(fig, stem, data)
    plt.close(fig)
