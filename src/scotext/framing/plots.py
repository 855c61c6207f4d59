"""Framing figures: salience by group, question -> answer transitions, frames x documents."""

from __future__ import annotations

import numpy as np

from scotext import figures


def plot_salience(share, labels: dict, stem, *, group_var: str, caveat: str, level: float):
    """Share of segments with each frame, per group, with the bootstrap interval."""
    plt = figures.setup()
    frames = list(dict.fromkeys(share["frame"]))
    groups = sorted(share["group"].astype(str).unique())
    fig, ax = plt.subplots(figsize=(figures.DOUBLE_COLUMN_IN * 0.8,
                                    1.6 + 0.22 * len(frames) * max(1.5, len(groups) / 1.5)))
    width = 0.75 / max(len(groups), 1)
    for gi, g in enumerate(groups):
        d = share[share["group"].astype(str) == g].set_index("frame").reindex(frames)
        y = np.arange(len(frames)) + (gi - (len(groups) - 1) / 2) * width
        n_seg = int(d["n_segments"].max())
        n_docs = int(d["n_docs"].max())
        ax.errorbar(d["estimate"], y, xerr=[d["estimate"] - d["ci_low"],
                                           d["ci_high"] - d["estimate"]],
                    fmt="o", markersize=3, capsize=1.5, linewidth=0.9,
                    color=figures.PALETTE[gi % len(figures.PALETTE)],
                    label=f"{g} ({n_docs} doc., {n_seg} par.)")
    ax.set_yticks(np.arange(len(frames)), [labels.get(f, f) for f in frames])
    ax.invert_yaxis()
    ax.set_xlim(0, 1)
    ax.set_xlabel(f"share of segments with the frame present ({level:.0%} interval: "
                  "documents, then paragraphs, resampled)")
    ax.set_title(f"Frame salience by {group_var}", loc="left")
    ax.legend(loc="lower right", frameon=True, framealpha=0.9, fontsize=6)
    fig.tight_layout()
    if caveat:
        fig.text(0.0, 0.0, caveat, fontsize=5.5, va="top", wrap=True)
    figures.save(fig, stem, share)
    plt.close(fig)


def plot_transitions(counts, frames: list[str], stem, *, n_pairs: int):
    """Heatmap: question frame (rows) -> answer frame (columns), count of pairs."""
    plt = figures.setup()
    order = list(frames) + ["none"]
    m = (counts.pivot_table(index="question_frame", columns="answer_frame", values="count",
                            aggfunc="sum", fill_value=0).reindex(index=order, columns=order,
                                                                 fill_value=0))
    fig, ax = plt.subplots(figsize=(figures.DOUBLE_COLUMN_IN * 0.75,
                                    figures.DOUBLE_COLUMN_IN * 0.65))
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
    ax.set_title(f"Question -> answer frames ({n_pairs} question-answer pairs; counts)",
                 loc="left")
    fig.colorbar(im, ax=ax, shrink=0.7, label="pairs")
    fig.text(0.0, 0.0, "Within-interview contrast: free of the speaker/year confound.",
             fontsize=6)
    fig.tight_layout(rect=(0, 0.03, 1, 1))
    figures.save(fig, stem, m.reset_index())
    plt.close(fig)


MAX_DOCUMENT_COLUMNS = 20   # more documents: one column per year instead


def plot_documents(frame_segments, labels: dict, stem):
    """Heatmap: frames (rows) x documents (columns; years when there are more than
    ``MAX_DOCUMENT_COLUMNS`` documents), share of segments with the frame."""
    import pandas as pd

    from .table import PRESENT, frame_ids, to_wide

    plt = figures.setup()
    fs = to_wide(frame_segments)                 # one row per segment, a column per frame
    fs = fs[~fs["is_duplicate"].astype(str).eq("True")]
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
    fig.colorbar(im, ax=ax, shrink=0.8, label="share of answer paragraphs with the frame")
    ax.set_title(f"Frames by {what} (answers, near-duplicates excluded)", loc="left")
    fig.tight_layout()
    figures.save(fig, stem, share.reset_index())
    plt.close(fig)
