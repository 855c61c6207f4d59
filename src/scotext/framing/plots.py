"""Framing figures: salience by group, question -> answer transitions, frames x documents."""

from __future__ import annotations

import numpy as np

from scotext import figures


def _caveat_text(fig, text: str, width: int = 170, y: float = 0.0, size: float = 5.5):
    """A caveat printed under the figure, wrapped to the figure's width."""
    import textwrap

    if text:
        fig.text(0.0, y, textwrap.fill(text, width), fontsize=size, va="top", ha="left")


MEASURE_AXIS = {"share_present": "share of segments with the frame present",
                "hits_per_1000": "frame hits per 1,000 words"}


def plot_salience(rows, labels: dict, stem, *, group_var: str, caveat: str, level: float):
    """Per group, the share of segments with each frame (left) and the frame's hits per
    1,000 words (right), each with its bootstrap interval; the caveat of the groups below."""
    plt = figures.setup()
    frames = list(dict.fromkeys(rows["frame"]))
    groups = sorted(rows["group"].astype(str).unique())
    measures = [m for m in MEASURE_AXIS if m in set(rows["measure"])]
    height = 1.6 + 0.22 * len(frames) * max(1.5, len(groups) / 1.5)
    fig, axes = plt.subplots(1, len(measures), sharey=True, squeeze=False,
                             figsize=(figures.DOUBLE_COLUMN_IN, height))
    width = 0.75 / max(len(groups), 1)
    for ax, m in zip(axes[0], measures):
        sub = rows[rows["measure"] == m]
        for gi, g in enumerate(groups):
            d = sub[sub["group"].astype(str) == g].set_index("frame").reindex(frames)
            y = np.arange(len(frames)) + (gi - (len(groups) - 1) / 2) * width
            n_seg = int(d["n_segments"].max())
            n_docs = int(d["n_docs"].max())
            ax.errorbar(d["estimate"], y, xerr=[d["estimate"] - d["ci_low"],
                                               d["ci_high"] - d["estimate"]],
                        fmt="o", markersize=3, capsize=1.5, linewidth=0.9,
                        color=figures.PALETTE[gi % len(figures.PALETTE)],
                        label=f"{g} ({n_docs} doc., {n_seg} par.)")
        ax.set_yticks(np.arange(len(frames)), [labels.get(f, f) for f in frames])
        ax.set_xlim(0, 1 if m == "share_present" else None)
        if m != "share_present":
            ax.set_xlim(left=0)
        ax.set_xlabel(MEASURE_AXIS[m])
    axes[0][0].invert_yaxis()
    axes[0][0].set_title(f"Frame salience by {group_var} ({level:.0%} intervals: documents, "
                         "then paragraphs, resampled)", loc="left")
    axes[0][-1].legend(loc="lower right", frameon=True, framealpha=0.9, fontsize=6)
    fig.tight_layout()
    _caveat_text(fig, caveat)
    figures.save(fig, stem, rows)
    plt.close(fig)


def plot_transitions(counts, frames: list[str], stem, *, n_pairs: int, rates, note: str = ""):
    """Left: question frame (rows) -> answer frame (columns), count of pairs. Right: adoption
    and shift (all pairs; whole answer and first answer paragraph) with exact intervals,
    beside the re-pairing null (its mean and central range)."""
    import pandas as pd

    plt = figures.setup()
    order = list(frames) + ["none"]
    m = (counts.pivot_table(index="question_frame", columns="answer_frame", values="count",
                            aggfunc="sum", fill_value=0).reindex(index=order, columns=order,
                                                                 fill_value=0))
    fig, (ax, axn) = plt.subplots(1, 2, figsize=(figures.DOUBLE_COLUMN_IN,
                                                 figures.DOUBLE_COLUMN_IN * 0.6),
                                  gridspec_kw={"width_ratios": [2.2, 1]})
    im = ax.imshow(m.to_numpy(), cmap="Blues", aspect="auto")
    ax.set_xticks(range(len(order)), order, rotation=45, ha="right")
    ax.set_yticks(range(len(order)), order)
    for i in range(len(order)):
        for j in range(len(order)):
            v = int(m.iat[i, j])
            if v:
                ax.text(j, i, str(v), ha="center", va="center", fontsize=6,
                        color="white" if v > m.to_numpy().max() / 2 else "black")
    ax.set_xlabel("frame present in the answer")
    ax.set_ylabel("frame present in the question")
    ax.set_title(f"Question -> answer frames ({n_pairs} pairs; counts)", loc="left")
    fig.colorbar(im, ax=ax, shrink=0.7, label="pairs")
    allr = rates[rates["group"] == "all"]
    items = []
    for stat, name in (("adoption", "adoption"), ("shift", "shift")):
        for scope, sname in (("answer", "whole answer"), ("first_paragraph", "first paragraph")):
            r = allr[allr["scope"] == scope]
            if len(r):
                r = r.iloc[0]
                items.append({"statistic": stat, "scope": scope, "label": f"{name}\n{sname}",
                              "observed": r[f"{stat}_rate"], "ci_low": r[f"{stat}_ci_low"],
                              "ci_high": r[f"{stat}_ci_high"],
                              "null_mean": r[f"{stat}_null_mean"],
                              "null_low": r[f"{stat}_null_low"],
                              "null_high": r[f"{stat}_null_high"], "p": r[f"{stat}_p"]})
    for k, it in enumerate(items):
        axn.plot([it["null_low"], it["null_high"]], [k, k], color="0.75", linewidth=6,
                 solid_capstyle="butt", label="re-paired null, 95% range" if k == 0 else None)
        axn.plot([it["null_mean"]], [k], marker="|", color="0.3", markersize=9,
                 label="null mean" if k == 0 else None)
        axn.errorbar([it["observed"]], [k], xerr=[[it["observed"] - it["ci_low"]],
                                                  [it["ci_high"] - it["observed"]]],
                     fmt="o", color=figures.PALETTE[0], markersize=4, capsize=2,
                     label="observed (exact interval)" if k == 0 else None)
        axn.annotate(f"p = {it['p']:.2g}", (1.02, k), xycoords=("axes fraction", "data"),
                     fontsize=6, va="center")
    axn.set_yticks(range(len(items)), [it["label"] for it in items])
    axn.set_ylim(len(items) - 0.5, -0.5)
    axn.set_xlim(0, 1)
    axn.set_xlabel("rate over all pairs")
    axn.set_title("Against answers re-paired\nwithin their interview", loc="left")
    axn.legend(loc="upper center", bbox_to_anchor=(0.5, -0.18), fontsize=6, frameon=False)
    fig.tight_layout()
    _caveat_text(fig, note, width=180)
    data = pd.concat([m.reset_index().melt(id_vars="question_frame", var_name="answer_frame",
                                           value_name="count").assign(panel="counts"),
                      pd.DataFrame(items).assign(panel="null")], ignore_index=True)
    figures.save(fig, stem, data)
    plt.close(fig)


def _ratio_label(x, _pos=None) -> str:
    if x >= 1:
        return f"{x:g}"
    return f"1/{1 / x:g}"


def plot_adjusted(table, labels: dict, stem, *, level: float):
    """One panel per comparison: per frame the odds ratio of presence adjusted for log
    paragraph length and the rate ratio of hits per word, with intervals, and the raw odds
    ratio (open circle), on a log scale; estimates of 0 or infinity (the frame absent on
    one side) are triangles at the edge. Panel titles give the evidence level; the caveats
    of the comparisons are printed below."""
    from matplotlib.ticker import FuncFormatter

    plt = figures.setup()
    comps = list(dict.fromkeys(table["comparison"]))
    frames = list(dict.fromkeys(table["frame"]))
    ncol = 2 if len(comps) > 1 else 1
    nrow = int(np.ceil(len(comps) / ncol))
    fig, axes = plt.subplots(nrow, ncol, squeeze=False, sharex=True, sharey=True,
                             figsize=(figures.DOUBLE_COLUMN_IN,
                                      0.9 + nrow * (0.7 + 0.17 * len(frames))))
    lo_lim, hi_lim = 1 / 64, 64
    y = np.arange(len(frames))
    notes = []
    series = (("odds_ratio_adjusted", "or_adj_ci_low", "or_adj_ci_high", -0.17, "o",
               figures.PALETTE[0], "odds ratio, adjusted for log paragraph length"),
              ("rate_ratio", "rr_ci_low", "rr_ci_high", 0.17, "s", figures.PALETTE[1],
               "rate ratio (hits per word)"))
    for k, comp in enumerate(comps):
        ax = axes[k // ncol][k % ncol]
        d = table[table["comparison"] == comp].set_index("frame").reindex(frames)
        for col, lo, hi, off, marker, colour, lab in series:
            est = d[col].to_numpy(dtype=float)
            inside = (est >= lo_lim) & (est <= hi_lim)
            ax.hlines(y + off, np.clip(d[lo].to_numpy(float), lo_lim, hi_lim),
                      np.clip(d[hi].to_numpy(float), lo_lim, hi_lim), color=colour,
                      linewidth=0.9)
            ax.plot(est[inside], (y + off)[inside], marker, color=colour, markersize=3,
                    linestyle="none", label=lab if k == 0 else None)
            for edge, m, sel in ((hi_lim, ">", est > hi_lim), (lo_lim, "<", est < lo_lim)):
                ax.plot(np.full(sel.sum(), edge), (y + off)[sel], m, color=colour,
                        markersize=3.5, linestyle="none")
        raw = d["odds_ratio_raw"].to_numpy(dtype=float)
        ok = (raw >= lo_lim) & (raw <= hi_lim)
        ax.plot(raw[ok], (y - 0.17)[ok], "o", markerfacecolor="none", color="0.35",
                markersize=4, linestyle="none", label="odds ratio, raw" if k == 0 else None)
        ax.axvline(1.0, color="0.6", linewidth=0.6, linestyle=":")
        ax.set_xscale("log", base=2)
        ax.set_xlim(lo_lim / 1.3, hi_lim * 1.3)
        ax.xaxis.set_major_formatter(FuncFormatter(_ratio_label))
        ax.set_yticks(y, frames)
        ax.set_ylim(len(frames) - 0.5, -0.5)
        r = d.iloc[0]
        ax.set_title(f"({k + 1}) {r['label_a']} vs {r['label_b']}\n{r['evidence']}",
                     loc="left", fontsize=7)
        notes.append(f"({k + 1}) {r['caveat']}")
    for k in range(len(comps), nrow * ncol):
        axes[k // ncol][k % ncol].set_visible(False)
    fig.supxlabel(f"ratio, side A / side B (log scale; {level:.0%} intervals; triangles: "
                  "estimate 0 or infinite, the frame absent on one side; bounds beyond 1/64 "
                  "or 64 at the edge)", fontsize=7)
    fig.legend(loc="upper center", ncol=3, fontsize=6.5, frameon=False,
               bbox_to_anchor=(0.5, 1.0))
    fig.tight_layout(rect=(0, 0, 1, 0.97))
    _caveat_text(fig, " ".join(notes), width=190, size=5)
    figures.save(fig, stem, table.drop(columns=["caveat", "note"]))
    plt.close(fig)


MAX_DOCUMENT_COLUMNS = 20   # more documents: one column per year instead


def plot_documents(frame_segments, labels: dict, stem, documents=None):
    """Heatmap: frames (rows) x documents (columns; years when there are more than
    ``MAX_DOCUMENT_COLUMNS`` documents), share of segments with the frame. With
    ``documents`` (the documents table) the caveat of the columns is printed under the
    figure: descriptive, and what else differs between them (speaker, genre, outlet,
    machine translation: :func:`scotext.confound.groups_caveat`)."""
    import pandas as pd

    from .table import PRESENT, frame_ids, to_wide

    plt = figures.setup()
    fs = to_wide(frame_segments)                 # one row per segment, a column per frame
    from scotext.stagedata import select_units

    fs = fs[select_units(fs, None, include_duplicates=False)]
    by, what = "doc_id", "document"
    if fs["doc_id"].nunique() > MAX_DOCUMENT_COLUMNS:   # too many to read: one column a year
        by, what = "year_group", "year"
    frames = frame_ids(fs)
    seg = pd.DataFrame(fs[[PRESENT + f for f in frames]].to_numpy(dtype=np.float64),
                       columns=frames)
    seg[by] = (fs["year"].astype(str) if by == "year_group" else fs["doc_id"]).to_numpy()
    seg["date"] = fs["date"].to_numpy()
    docs = (seg.groupby(by)["date"].first().sort_values(kind="stable").index.tolist())
    share = seg.groupby(by)[frames].mean().T.reindex(index=frames, columns=docs)
    share.index.name = "frame"
    n = seg.groupby(by).size().reindex(docs)
    fig, ax = plt.subplots(figsize=(figures.DOUBLE_COLUMN_IN * 0.8, 0.8 + 0.3 * len(frames)))
    im = ax.imshow(share.to_numpy(dtype=float), cmap="viridis", vmin=0, vmax=1, aspect="auto")
    ax.set_xticks(range(len(docs)), [f"{d}\n({int(k)} par.)" for d, k in zip(docs, n)],
                  rotation=30, ha="right", fontsize=6)
    ax.set_yticks(range(len(frames)), [labels.get(f, f) for f in frames])
    for i in range(len(frames)):
        for j in range(len(docs)):
            v = share.iat[i, j]
            if v == v:
                ax.text(j, i, f"{v:.2f}", ha="center", va="center", fontsize=5.5,
                        color="white" if v < 0.5 else "black")
    fig.colorbar(im, ax=ax, shrink=0.8, label="share of compared paragraphs with the frame")
    # over the whole figure from its left edge (over the axes alone it ran past the colour bar)
    fig.suptitle(f"Frames by {what} (compared roles, near-duplicates excluded)", x=0.01,
                 ha="left", fontsize=9)
    fig.tight_layout()
    if documents is not None:
        _caveat_text(fig, documents_caveat(fs, documents, by), width=150)
    figures.save(fig, stem, share.reset_index())
    plt.close(fig)


def documents_caveat(fs, documents, by: str = "doc_id") -> str:
    """The caveat of the by-document (or by-year) heatmap, from the metadata of its columns."""
    from scotext.confound import groups_caveat, side_profile

    if by == "doc_id":
        cols = sorted(set(fs["doc_id"].astype(str)))
        profiles = {d: side_profile(documents, [d]) for d in cols}
        head = (f"Descriptive: each column is one document ({len(cols)}), without intervals; "
                "a difference between columns describes these documents only.")
    else:
        years = fs.assign(y=fs["year"].astype(str)).groupby("y")["doc_id"]
        profiles = {y: side_profile(documents, sorted(set(ids.astype(str))))
                    for y, ids in years}
        head = ("Descriptive: each column pools one year's documents, without intervals; "
                "see the frame salience tables for intervals.")
    return f"{head} {groups_caveat(profiles)}".strip()
