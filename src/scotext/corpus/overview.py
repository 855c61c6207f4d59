"""The corpus at a glance: analysis tokens by document, year and speaker, split by role."""

from __future__ import annotations

from scotext import figures

from scotext.stagedata import OFFICIAL_ROLES

ROLE_ORDER = ["answer", "statement", "reported", "question", "narration"]
ROLE_LABEL = {"answer": "answer (official)", "statement": "statement (official)",
              "reported": "reported speech (official)",
              "question": "question", "narration": "narration (outlet)"}


def overview_data(segments):
    """Long table: view (document/year/speaker), group, role, deduplicated, tokens."""
    import pandas as pd

    seg = segments.assign(year=segments["year"].astype(str),
                          copy=segments["is_duplicate"].map({True: "duplicate",
                                                             False: "unique"}))
    parts = []
    for view, col in (("document", "doc_id"), ("year", "year"), ("speaker", "speaker_group")):
        if col == "speaker_group":
            answers = seg[seg["role"].isin(list(OFFICIAL_ROLES))]
            official = answers.groupby("doc_id")["speaker"].first()
            seg = seg.assign(speaker_group=seg["doc_id"].map(official).fillna("(none)"))
        g = (seg.groupby([col, "role", "copy"])["n_tokens"].sum().rename("tokens")
             .reset_index().rename(columns={col: "group"}))
        g.insert(0, "view", view)
        parts.append(g)
    return pd.concat(parts, ignore_index=True).sort_values(
        ["view", "group", "role", "copy"]).reset_index(drop=True)


MAX_DOCUMENT_BARS = 40   # more documents: their panel becomes a histogram


def _document_histogram(ax, segments):
    """Distribution of analysis tokens per document (all roles, duplicates included)."""
    import numpy as np

    per_doc = segments.groupby("doc_id")["n_tokens"].sum().to_numpy()
    bins = np.histogram_bin_edges(per_doc, bins=min(50, max(5, len(per_doc) // 20)))
    ax.hist(per_doc, bins=bins, color=figures.PALETTE[0], edgecolor="white", linewidth=0.4)
    ax.set_title(f"Analysis tokens per document ({len(per_doc):,} documents; median "
                 f"{int(np.median(per_doc)):,})", loc="left")
    ax.set_xlabel("analysis tokens per document (count)")
    ax.set_ylabel("documents")


def plot_overview(segments, stem):
    """Three panels of stacked horizontal bars; duplicate segments hatched."""
    plt = figures.setup()
    data = overview_data(segments)
    first = segments.groupby("doc_id")["date"].first()
    order = {d: (first[d], d) for d in first.index}   # documents in date order
    roles = [r for r in ROLE_ORDER if r in set(data["role"])]
    colours = dict(zip(ROLE_ORDER, figures.PALETTE))
    views = [("document", "Tokens by document (in date order)"), ("year", "Tokens by year"),
             ("speaker", "Tokens by Secretary-General (document's official)")]
    n_docs = data.loc[data["view"] == "document", "group"].nunique()
    if n_docs > MAX_DOCUMENT_BARS:       # a bar per document would not be readable
        fig, axes = plt.subplots(3, 1, figsize=(figures.DOUBLE_COLUMN_IN, 7.0),
                                 gridspec_kw={"height_ratios": [3, 2, 2]})
        _document_histogram(axes[0], segments)
        views = views[1:]
        axes = axes[1:]
    else:
        fig, axes = plt.subplots(3, 1, figsize=(figures.DOUBLE_COLUMN_IN,
                                                2.2 + 0.28 * n_docs + 2.4),
                                 gridspec_kw={"height_ratios": [max(n_docs, 2), 2, 2]})
    for ax, (view, title) in zip(axes, views):
        d = data[data["view"] == view]
        groups = sorted(d["group"].unique(), key=order.get if view == "document" else None,
                        reverse=True)
        left = [0.0] * len(groups)
        for role in roles:
            for copy, hatch, alpha in (("unique", None, 1.0), ("duplicate", "////", 0.45)):
                vals = [d[(d["group"] == g) & (d["role"] == role) & (d["copy"] == copy)]
                        ["tokens"].sum() for g in groups]
                if not any(vals):
                    continue
                label = ROLE_LABEL[role] + (" - near-duplicate" if copy == "duplicate" else "")
                ax.barh(groups, vals, left=left, color=colours[role], alpha=alpha, hatch=hatch,
                        edgecolor="white" if hatch is None else colours[role], linewidth=0.4,
                        label=label)
                left = [a + b for a, b in zip(left, vals)]
        ax.set_title(title, loc="left")
        ax.set_xlabel("analysis tokens (count)")
        for y, total in enumerate(left):
            ax.text(total, y, f" {int(total):,}", va="center", fontsize=6.5)
        ax.set_xlim(0, max(left) * 1.12 if left else 1)
    handles, labels = [], []
    for ax in axes:
        for h, lab in zip(*ax.get_legend_handles_labels()):
            if lab not in labels:
                handles.append(h)
                labels.append(lab)
    fig.legend(handles, labels, loc="lower center", ncol=3, frameon=False,
               bbox_to_anchor=(0.5, -0.02))
    fig.tight_layout(rect=(0, 0.06, 1, 1))
    figures.save(fig, stem, data)
    plt.close(fig)
