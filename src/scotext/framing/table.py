"""The frame scores of the segments in two layouts, and conversions between them.

*Long* (``results/tables/frame_segments.csv``, :func:`scotext.framing.match.score_segments`):
one row per (segment, frame), segments in corpus order, frames in codebook order; the
segment's columns, then frame, n_hits, n_words, per_1000, present, terms. Tidy and easy to
read, but it repeats every segment's columns once per frame: 13 million rows and 1.4 GB at
10^5 documents.

*Wide* (``results/framing/frame_scores.csv``, what the framing jobs read): one row per
segment, in the same order; the segment's columns and n_words, then ``n_hits:<frame>`` for
every frame and ``present:<frame>`` for every frame, in codebook order. Same numbers, a tenth
of the rows; frame ids cannot contain ":", so the column names are unambiguous.

The analysis functions accept either layout: :func:`frame_ids`, :func:`matrices`,
:func:`present_cells` and :func:`to_long` give what they need from both.
"""

from __future__ import annotations

import numpy as np

HITS, PRESENT = "n_hits:", "present:"
VALUES = {"n_hits": HITS, "present": PRESENT}
# columns of the long layout that belong to the (segment, frame), not to the segment
FRAME_COLUMNS = ("frame", "n_hits", "per_1000", "present", "terms")
# segment columns repeated in every row: read as categoricals (far less memory)
CATEGORICAL = ("doc_id", "segment_id", "turn", "role", "speaker", "date", "frame", "terms")


def is_wide(table) -> bool:
    return any(str(c).startswith(HITS) for c in table.columns)


def frame_ids(table) -> list[str]:
    """The frames of a frame table, in codebook order (either layout)."""
    import pandas as pd

    if is_wide(table):
        return [c[len(HITS):] for c in table.columns if c.startswith(HITS)]
    return list(pd.unique(table["frame"]))


def segment_columns(table) -> list[str]:
    """The columns of a frame table that describe the segment (either layout)."""
    if is_wide(table):
        return [c for c in table.columns if ":" not in str(c)]
    return [c for c in table.columns if c not in FRAME_COLUMNS]


def matrices(table, columns=("present", "n_hits")):
    """``(segments, frames, {column: segments x frames float matrix})``: one row per segment
    (first-appearance order) with its segment columns, the frames in codebook order, and the
    requested values (``present``, ``n_hits``). Either layout; a long table must hold
    exactly one row per (segment, frame)."""
    import pandas as pd

    bad = [c for c in columns if c not in VALUES]
    if bad:
        raise ValueError(f"unknown frame value(s) {bad}; use {sorted(VALUES)}")
    if is_wide(table):
        need = {"segment_id", "doc_id", "n_words"}
        missing = sorted(need - set(table.columns))
        if missing:
            raise ValueError(f"the frame table lacks the column(s) {missing}")
        if table["segment_id"].duplicated().any():
            dup = table.loc[table["segment_id"].duplicated(), "segment_id"].iloc[0]
            raise ValueError(f"the wide frame table holds segment {dup!r} twice")
        frames = frame_ids(table)
        mats = {c: table[[VALUES[c] + f for f in frames]].to_numpy(dtype=np.float64)
                for c in columns}
        return table[segment_columns(table)].reset_index(drop=True), frames, mats
    need = {"segment_id", "frame", "doc_id", *columns, "n_words"}
    missing = sorted(need - set(table.columns))
    if missing:
        raise ValueError(f"frame_segments lacks the column(s) {missing}")
    seg_ids = pd.unique(table["segment_id"])
    frames = list(pd.unique(table["frame"]))
    seg_pos = pd.Index(seg_ids).get_indexer(table["segment_id"])
    fr_pos = pd.Index(frames).get_indexer(table["frame"])
    counts = np.zeros((len(seg_ids), len(frames)), dtype=np.int64)
    np.add.at(counts, (seg_pos, fr_pos), 1)
    if np.any(counts != 1):
        raise ValueError("frame_segments must hold exactly one row per (segment, frame)")
    mats = {}
    for col in columns:
        m = np.zeros((len(seg_ids), len(frames)), dtype=np.float64)
        m[seg_pos, fr_pos] = table[col].to_numpy(dtype=np.float64)
        mats[col] = m
    first = ~pd.Series(seg_pos).duplicated().to_numpy()
    seg_table = table.iloc[np.flatnonzero(first)]
    seg_table = seg_table.iloc[np.argsort(seg_pos[first], kind="stable")]
    return seg_table[segment_columns(table)].reset_index(drop=True), frames, mats


def to_wide(table):
    """The wide layout of a frame table (a wide table is returned as it is)."""
    import pandas as pd

    if is_wide(table):
        return table
    segs, frames, mats = matrices(table)
    cols = {c: segs[c].to_numpy() for c in segs.columns}
    for c, prefix in VALUES.items():
        m = mats[c].astype(bool if c == "present" else np.int64)
        cols.update({prefix + f: m[:, j] for j, f in enumerate(frames)})
    return pd.DataFrame(cols)


def to_long(table):
    """The long layout (without ``terms``) of a frame table: one row per (segment, frame),
    segment-major; ``per_1000`` = 1000 n_hits / n_words (0 without words). A long table is
    returned as it is."""
    import pandas as pd

    if not is_wide(table):
        return table
    frames = frame_ids(table)
    n, F = len(table), len(frames)
    cols = {c: np.repeat(table[c].to_numpy(), F) for c in segment_columns(table)
            if c != "n_words"}
    hits = table[[HITS + f for f in frames]].to_numpy(dtype=np.int64).ravel()
    words = np.repeat(table["n_words"].to_numpy(dtype=np.int64), F)
    cols.update({"frame": np.tile(np.array(frames, dtype=object), n), "n_hits": hits,
                 "n_words": words,
                 "per_1000": np.divide(1000.0 * hits, words, out=np.zeros(len(words)),
                                       where=words > 0),
                 "present": table[[PRESENT + f for f in frames]].to_numpy(dtype=bool).ravel()})
    return pd.DataFrame(cols)


def present_cells(table, columns=("segment_id",)):
    """The (segment, frame) cells where the frame is present: ``columns`` of the segment and
    ``frame``, segment-major then codebook order (either layout)."""
    import pandas as pd

    if not is_wide(table):
        rows = table[table["present"].astype(bool)]
        return rows[list(columns) + ["frame"]].reset_index(drop=True)
    frames = frame_ids(table)
    pres = table[[PRESENT + f for f in frames]].to_numpy(dtype=bool)
    r, c = np.nonzero(pres)
    out = {col: table[col].to_numpy()[r] for col in columns}
    out["frame"] = np.asarray(frames, dtype=object)[c]
    return pd.DataFrame(out)


def read_frame_scores(path):
    """A frame table CSV (either layout) with its repeated text columns as categoricals."""
    import pandas as pd

    header = pd.read_csv(path, keep_default_na=False, nrows=0)
    cats = [c for c in CATEGORICAL if c in header.columns]
    if is_wide(header):                     # one row per segment: its id is not repeated
        cats.remove("segment_id")
    return pd.read_csv(path, keep_default_na=False, dtype={c: "category" for c in cats})
