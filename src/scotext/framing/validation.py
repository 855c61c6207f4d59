"""Validation of the frame dictionary: evidence for a reader, coverage, gold standard.

(a) Evidence per frame: :func:`top_terms` (matched patterns with counts), :func:`kwic_lines`
(left, match, right from the segment text, the match's exact character span), and
:func:`top_segments` (the highest-scoring segments: most hits, then hits per 1,000 words,
then corpus order; a hit count, not a rate, ranks first so that one-line segments with a
single hit do not crowd out paragraphs that use the frame repeatedly).

(c) Coverage (:func:`coverage`): the share of segments (default: answers, without
near-duplicates) with no frame, per speaker and overall.

(b) Gold standard. ``data/validation/frames_gold.csv`` is coded by hand, blind to the
dictionary; this module only reads it. Columns ``segment_key, frame, present, coder``:

- ``segment_key`` is the ``segment_id`` of segments.csv. Fallback, for a coder who copied
  text instead: a key that is not a segment_id is read as the opening of the segment text.
  Key and texts are compared with runs of whitespace collapsed to one space and stripped;
  the key is cut to its first 60 characters and must be the beginning of the text, and at
  least 20 characters long unless it is the whole text. It must identify exactly one
  segment, preferring the non-duplicate segment when near-duplicates share the opening;
  otherwise an error names the row.
- ``frame``: a frame id of the codebook;
- ``present``: 1/0, true/false, yes/no (case-insensitive);
- ``coder``: the coder's name or id.

Every coded (segment, frame) is one explicit row; a frame a coder did not code for a segment
is simply absent (not "absent from the segment"). A (segment, frame, coder) twice is an
error.

:func:`gold_metrics`: per frame tp, fp, fn, tn, precision = tp / (tp + fp), recall =
tp / (tp + fn), F1 = 2 tp / (2 tp + fp + fn) of the dictionary's presence against the gold
label. The gold label of a (segment, frame) is one coder's (``coder=``) or, by default, the
majority of the coders who coded it; a tie is left out (counted in ``n_ties``). A ratio with
a zero denominator is NaN (F1 is 0 when there are gold or dictionary positives but no true
positive). Summary rows: ``micro`` (pooled counts over frames) and ``macro`` (unweighted
mean of the frames' defined values).

:func:`krippendorff_alpha` implements Krippendorff's alpha for nominal data from the
coincidence matrix (Krippendorff 2011, "Computing Krippendorff's alpha-reliability",
Annenberg School for Communication, University of Pennsylvania; Krippendorff 2004, *Content
Analysis*, ch. 11). Units with fewer than two values are not pairable and are ignored. With
n_uc the number of values c in unit u and m_u = Σ_c n_uc::

    o_ck = Σ_u (n_uc n_uk - [c = k] n_uc) / (m_u - 1)          (coincidences)
    n_c  = Σ_k o_ck,   n = Σ_c n_c                             (pairable values)
    alpha = 1 - D_o / D_e = 1 - (n - 1) (n - Σ_c o_cc) / (n² - Σ_c n_c²)

alpha is undefined (NaN) when no unit is pairable or all pairable values are one category
(D_e = 0). :func:`coder_reliability` applies it per frame to binary presence over the
segments coded by at least two coders.
"""

from __future__ import annotations

import re

import numpy as np

KEY_CHARS = 60
MIN_KEY_CHARS = 20
_TRUE = {"1", "true", "yes", "y", "t"}
_FALSE = {"0", "false", "no", "n", "f"}


# ------------------------------------------------------------------- (a) evidence

def top_terms(matches, n: int | None = None):
    """Per frame the matched patterns: frame, term, count, n_segments, rank (count desc,
    then term); the first ``n`` per frame if given."""
    return rank_terms(term_counts(matches), n)


def term_counts(matches):
    """frame, term, count, n_segments of ``matches``, in order of first appearance. Counts of
    consecutive parts of a corpus (no segment in two parts) can be stacked and ranked with
    :func:`rank_terms`."""
    import pandas as pd

    if matches.empty:
        return pd.DataFrame(columns=["frame", "term", "count", "n_segments"])
    return matches.groupby(["frame", "term"], sort=False).agg(
        count=("segment_id", "size"), n_segments=("segment_id", "nunique")).reset_index()


def rank_terms(counts, n: int | None = None):
    """:func:`top_terms` from (stacked) :func:`term_counts`."""
    import pandas as pd

    if counts.empty:
        return pd.DataFrame(columns=["frame", "term", "count", "n_segments", "rank"])
    g = counts.groupby(["frame", "term"], sort=False)[["count", "n_segments"]].sum() \
        .reset_index()
    frames = list(pd.unique(g["frame"]))
    g["_f"] = g["frame"].map({f: i for i, f in enumerate(frames)})
    g = g.sort_values(["_f", "count", "term"], ascending=[True, False, True], kind="stable")
    g["rank"] = g.groupby("frame", sort=False).cumcount() + 1
    if n is not None:
        g = g[g["rank"] <= n]
    return g.drop(columns="_f").reset_index(drop=True)


def kwic_lines(matches, segments, *, window: int = 60, frame: str | None = None,
               max_per_term: int = 0, seen: dict | None = None):
    """Keyword in context of the dictionary's matches: frame, term, doc_id, segment_id,
    left, match, right (up to ``window`` characters each side, cut at a word boundary), in
    corpus order; ``max_per_term`` > 0 keeps the first occurrences of each (frame, term).
    ``seen``: the lines per (frame, term) so far, updated; pass the same dict for
    consecutive parts of a corpus."""
    import pandas as pd

    from scotext.keywords.kwic import context

    cols = ["frame", "term", "doc_id", "segment_id", "left", "match", "right"]
    seg = segments.set_index("segment_id")
    m = matches if frame is None else matches[matches["frame"] == frame]
    seen = {} if seen is None else seen
    rows = []
    for r in m.itertuples(index=False):
        key = (r.frame, r.term)
        if max_per_term and seen.get(key, 0) >= max_per_term:
            continue
        seen[key] = seen.get(key, 0) + 1
        text = seg.at[r.segment_id, "text"]
        start, end = int(r.start), int(r.end)
        left, right = context(text, start, end, window)
        rows.append({"frame": r.frame, "term": r.term,
                     "doc_id": seg.at[r.segment_id, "doc_id"] if "doc_id" in seg else "",
                     "segment_id": r.segment_id, "left": left, "match": text[start:end],
                     "right": right})
    return pd.DataFrame(rows, columns=cols)


def top_segments(frame_segments, segments, n: int = 5, *, roles=None,
                 include_duplicates: bool = False):
    """The ``n`` highest-scoring segments per frame (present only): frame, rank,
    segment_id, doc_id, speaker, role, n_hits, per_1000, terms, text."""
    import pandas as pd

    from .salience import select_units

    fs = select_units(frame_segments, roles, include_duplicates)
    fs = fs[fs["present"].astype(bool)].copy()
    fs["_order"] = np.arange(len(fs))
    frames = list(pd.unique(frame_segments["frame"]))
    fs["_f"] = fs["frame"].map({f: i for i, f in enumerate(frames)})
    fs = fs.sort_values(["_f", "n_hits", "per_1000", "_order"],
                        ascending=[True, False, False, True], kind="stable")
    fs["rank"] = fs.groupby("frame", sort=False).cumcount() + 1
    fs = fs[fs["rank"] <= n]
    text = segments.set_index("segment_id")["text"]
    fs["text"] = fs["segment_id"].map(text)
    cols = ["frame", "rank", "segment_id", "doc_id", "speaker", "role", "n_hits", "per_1000",
            "terms", "text"]
    return fs[[c for c in cols if c in fs.columns]].reset_index(drop=True)


# ------------------------------------------------------------------- (c) coverage

def coverage(frame_segments, *, roles=("answer",), by: str = "speaker",
             include_duplicates: bool = False):
    """Share of segments with no frame: group_var, group, n_segments, n_no_frame,
    share_no_frame, mean_frames (frames per segment); one row per ``by`` group and "all"."""
    import pandas as pd

    from .salience import select_units

    from .table import PRESENT, frame_ids, is_wide

    fs = select_units(frame_segments, roles, include_duplicates)
    if is_wide(fs):
        per_seg = pd.DataFrame({
            "n_frames": fs[[PRESENT + f for f in frame_ids(fs)]].to_numpy(dtype=bool).sum(axis=1),
            "group": fs[by].to_numpy()})
    else:
        per_seg = fs.groupby("segment_id", sort=False).agg(
            n_frames=("present", "sum"), group=(by, "first"))
    rows = []
    groups = [(str(g), d) for g, d in per_seg.groupby("group", sort=True)] + [("all", per_seg)]
    for g, d in groups:
        n = len(d)
        none = int((d["n_frames"] == 0).sum())
        rows.append({"group_var": by, "group": g, "n_segments": n, "n_no_frame": none,
                     "share_no_frame": none / n if n else np.nan,
                     "mean_frames": float(d["n_frames"].mean()) if n else np.nan})
    return pd.DataFrame(rows)


# ------------------------------------------------------------------- (b) gold standard

def _norm(text) -> str:
    return re.sub(r"\s+", " ", str(text)).strip()


def _bool(value, row: int, path: str) -> bool:
    from scotext.errors import InputError

    if isinstance(value, (bool, np.bool_)):
        return bool(value)
    if isinstance(value, (int, np.integer)) and value in (0, 1):
        return bool(value)
    if isinstance(value, float) and value in (0.0, 1.0):
        return bool(value)
    s = str(value).strip().lower()
    if s in _TRUE:
        return True
    if s in _FALSE:
        return False
    raise InputError(f"{value!r} is not 1/0, true/false or yes/no", file=path, row=row,
                     field="present")


def read_gold(path_or_frame, segments, frames=None, *, source: str | None = None):
    """Read and check a gold-standard table (see module docstring).

    ``path_or_frame``: a CSV path or a DataFrame; ``segments``: segments.csv rows
    (segment_id, text, is_duplicate); ``frames``: allowed frame ids (e.g. ``codebook.ids``).
    Returns DataFrame(segment_id, frame, present (bool), coder, segment_key). Errors raise
    :class:`scotext.errors.InputError` naming the file, the row (as in the CSV: header = 1)
    and the field.
    """
    import pandas as pd

    from scotext.errors import InputError

    if isinstance(path_or_frame, pd.DataFrame):
        gold = path_or_frame.copy()
        path = source or "gold standard"
    else:
        path = source or str(path_or_frame)
        gold = pd.read_csv(path_or_frame, dtype=str, keep_default_na=False)
    need = ["segment_key", "frame", "present", "coder"]
    missing = [c for c in need if c not in gold.columns]
    if missing:
        raise InputError(f"missing column(s) {missing}; expected {need}", file=path)
    ids = set(segments["segment_id"])
    dup = segments["is_duplicate"].fillna(False).astype(bool).to_numpy() \
        if "is_duplicate" in segments else np.zeros(len(segments), dtype=bool)
    texts = [(sid, _norm(text) if isinstance(text, str) else "", bool(d))
             for sid, text, d in zip(segments["segment_id"], segments["text"], dup)]
    allowed = None if frames is None else set(frames)
    rows = []
    for i, rec in enumerate(gold[need].to_dict("records"), start=2):
        key = _norm(rec["segment_key"])
        if not key:
            raise InputError("is empty", file=path, row=i, field="segment_key")
        if key in ids:
            sid = key
        else:
            k = key[:KEY_CHARS]
            cands = [(sid, d) for sid, t, d in texts
                     if t.startswith(k) and (len(k) >= MIN_KEY_CHARS or k == t)]
            if len(cands) > 1:
                canon = [c for c in cands if not c[1]]
                cands = canon if len(canon) == 1 else cands
            if len(cands) != 1:
                raise InputError(
                    f"{rec['segment_key']!r} is not a segment_id and, as the opening of a text "
                    f"(first {KEY_CHARS} characters), matches {len(cands)} segment texts "
                    "(need exactly one)",
                    file=path, row=i, field="segment_key")
            sid = cands[0][0]
        frame = str(rec["frame"]).strip()
        if not frame or (allowed is not None and frame not in allowed):
            raise InputError(f"{frame!r} is not a frame of the codebook"
                             + (f" ({sorted(allowed)})" if allowed else ""), file=path, row=i,
                             field="frame")
        coder = str(rec["coder"]).strip()
        if not coder:
            raise InputError("is empty", file=path, row=i, field="coder")
        rows.append({"segment_id": sid, "frame": frame,
                     "present": _bool(rec["present"], i, path), "coder": coder,
                     "segment_key": rec["segment_key"], "_row": i})
    out = pd.DataFrame(rows, columns=["segment_id", "frame", "present", "coder",
                                      "segment_key", "_row"])
    twice = out.duplicated(["segment_id", "frame", "coder"], keep="first")
    if twice.any():
        r = out[twice].iloc[0]
        raise InputError(f"segment {r['segment_id']!r}, frame {r['frame']!r} is coded twice "
                         f"by coder {r['coder']!r}", file=path, row=int(r["_row"]),
                         field="segment_key")
    return out.drop(columns="_row")


def gold_labels(gold, coder: str | None = None):
    """One gold label per (segment_id, frame): ``coder``'s, or the majority of the coders;
    a tie is flagged (``tie`` True; :func:`gold_metrics` leaves it out). Columns
    segment_id, frame, present, n_coders, tie."""
    import pandas as pd

    g = gold if coder is None else gold[gold["coder"] == coder]
    if coder is not None and g.empty:
        coders = sorted(gold["coder"].unique())
        raise ValueError(f"coder {coder!r} coded nothing; coders are {coders}")
    agg = g.groupby(["segment_id", "frame"], sort=True)["present"].agg(
        n_yes=lambda s: int(s.astype(bool).sum()), n_coders="size").reset_index()
    agg["tie"] = 2 * agg["n_yes"] == agg["n_coders"]
    agg["present"] = 2 * agg["n_yes"] > agg["n_coders"]
    return agg[["segment_id", "frame", "present", "n_coders", "tie"]].reset_index(drop=True) \
        if not agg.empty else pd.DataFrame(columns=["segment_id", "frame", "present",
                                                    "n_coders", "tie"])


def prf(tp: int, fp: int, fn: int) -> tuple[float, float, float]:
    """Precision, recall, F1 (NaN for a zero denominator; see module docstring)."""
    precision = tp / (tp + fp) if tp + fp else float("nan")
    recall = tp / (tp + fn) if tp + fn else float("nan")
    f1 = 2 * tp / (2 * tp + fp + fn) if 2 * tp + fp + fn else float("nan")
    return precision, recall, f1


def _nanmean(values) -> float:
    v = [x for x in values if not (isinstance(x, float) and np.isnan(x))]
    return float(sum(v) / len(v)) if v else float("nan")


def gold_metrics(gold, frame_segments, *, coder: str | None = None):
    """Dictionary against gold labels, per frame plus micro and macro rows.

    Columns: frame, n, tp, fp, fn, tn, precision, recall, f1, n_ties.
    """
    import pandas as pd

    labels = gold_labels(gold, coder)
    ties = labels[labels["tie"]].groupby("frame").size()
    labels = labels[~labels["tie"]]
    from .table import frame_ids, to_long

    fs = to_long(frame_segments[frame_segments["segment_id"].isin(set(labels["segment_id"]))])
    dic = fs[["segment_id", "frame", "present"]].rename(columns={"present": "dictionary"})
    merged = labels.merge(dic, on=["segment_id", "frame"], how="left")
    if merged["dictionary"].isna().any():
        r = merged[merged["dictionary"].isna()].iloc[0]
        raise ValueError(f"gold segment {r['segment_id']!r} / frame {r['frame']!r} has no "
                         "dictionary score (not in frame_segments)")
    merged["dictionary"] = merged["dictionary"].astype(bool)
    merged["present"] = merged["present"].astype(bool)
    all_frames = frame_ids(frame_segments)
    frames = [f for f in all_frames if f in set(merged["frame"])] + \
        sorted(set(merged["frame"]) - set(all_frames))
    rows = []
    for f in frames:
        m = merged[merged["frame"] == f]
        g, d = m["present"].to_numpy(), m["dictionary"].to_numpy()
        tp, fp = int((g & d).sum()), int((~g & d).sum())
        fn, tn = int((g & ~d).sum()), int((~g & ~d).sum())
        p, r, f1 = prf(tp, fp, fn)
        rows.append({"frame": f, "n": len(m), "tp": tp, "fp": fp, "fn": fn, "tn": tn,
                     "precision": p, "recall": r, "f1": f1, "n_ties": int(ties.get(f, 0))})
    per = pd.DataFrame(rows)
    if per.empty:
        return pd.DataFrame(columns=["frame", "n", "tp", "fp", "fn", "tn", "precision",
                                     "recall", "f1", "n_ties"])
    tp, fp, fn, tn = (int(per[c].sum()) for c in ("tp", "fp", "fn", "tn"))
    p, r, f1 = prf(tp, fp, fn)
    micro = {"frame": "micro", "n": int(per["n"].sum()), "tp": tp, "fp": fp, "fn": fn,
             "tn": tn, "precision": p, "recall": r, "f1": f1, "n_ties": int(per["n_ties"].sum())}
    macro = {"frame": "macro", "n": int(per["n"].sum()), "tp": tp, "fp": fp, "fn": fn,
             "tn": tn, "precision": _nanmean(per["precision"].tolist()),
             "recall": _nanmean(per["recall"].tolist()), "f1": _nanmean(per["f1"].tolist()),
             "n_ties": int(per["n_ties"].sum())}
    return pd.concat([per, pd.DataFrame([micro, macro])], ignore_index=True)


# ------------------------------------------------------------------- reliability

def coincidence_matrix(data):
    """Coincidence matrix of nominal reliability data.

    ``data``: units x coders (array-like; None or NaN = not coded). Returns
    ``(values, o)`` with ``values`` the sorted distinct values and ``o`` the coincidence
    matrix (see module docstring); units with fewer than two values are ignored.
    """
    import pandas as pd

    arr = np.asarray(data, dtype=object)
    if arr.ndim != 2:
        raise ValueError("data must be a units x coders table")
    flat = pd.Series(arr.ravel())
    missing = flat.isna().to_numpy()
    values = sorted(set(flat[~missing].tolist()), key=lambda v: (str(type(v)), v))
    code = {v: i for i, v in enumerate(values)}
    V = len(values)
    counts = np.zeros((arr.shape[0], V))                    # n_uc
    idx = np.flatnonzero(~missing)
    if idx.size:
        units = idx // arr.shape[1]
        vals = np.array([code[v] for v in flat[~missing].tolist()])
        np.add.at(counts, (units, vals), 1.0)
    m = counts.sum(axis=1)
    pairable = m >= 2
    c = counts[pairable]
    w = 1.0 / (m[pairable] - 1.0)
    o = (c * w[:, None]).T @ c - np.diag((c * w[:, None]).sum(axis=0))
    return values, o


def krippendorff_alpha(data) -> float:
    """Krippendorff's alpha for nominal data (units x coders; None/NaN = missing)."""
    _, o = coincidence_matrix(data)
    n_c = o.sum(axis=1)
    n = n_c.sum()
    denom = n * n - float((n_c ** 2).sum())
    if n == 0 or denom <= 0:
        return float("nan")
    return float(1.0 - (n - 1.0) * (n - float(np.trace(o))) / denom)


def coder_reliability(gold):
    """Krippendorff's alpha (nominal, binary presence) per frame over the segments coded by
    at least two coders: frame, n_units, n_coders, n_pairable_values, observed_agreement
    (share of agreeing value pairs, Σ o_cc / n), alpha."""
    import pandas as pd

    rows = []
    for f, g in gold.groupby("frame", sort=True):
        table = g.pivot_table(index="segment_id", columns="coder", values="present",
                              aggfunc="first")
        table = table[table.notna().sum(axis=1) >= 2]
        data = table.astype(object).where(table.notna(), None).to_numpy()
        if data.size:
            data = np.vectorize(lambda v: None if v is None else bool(v), otypes=[object])(data)
        _, o = coincidence_matrix(data) if data.size else ([], np.zeros((0, 0)))
        n = float(o.sum())
        rows.append({"frame": f, "n_units": int(table.shape[0]),
                     "n_coders": int(g["coder"].nunique()), "n_pairable_values": n,
                     "observed_agreement": float(np.trace(o)) / n if n else float("nan"),
                     "alpha": krippendorff_alpha(data) if data.size else float("nan")})
    return pd.DataFrame(rows, columns=["frame", "n_units", "n_coders", "n_pairable_values",
                                       "observed_agreement", "alpha"])


def gold_sample(segments, frames, n: int, seed: int, *, roles=("answer",),
                include_duplicates: bool = False, coder: str = ""):
    """A coding sheet for a blind coder: ``n`` segments drawn at random (seeded), every
    frame one row with ``present`` empty. Columns segment_key, frame, present, coder, text
    (the text is for reading; :func:`read_gold` ignores it). Does not look at the
    dictionary."""
    import pandas as pd

    from .salience import select_units

    seg = select_units(segments, roles, include_duplicates)
    if n > len(seg):
        raise ValueError(f"asked for {n} segments, only {len(seg)} selected")
    rng = np.random.default_rng(seed)
    pick = seg.iloc[np.sort(rng.choice(len(seg), size=n, replace=False))]
    rows = [{"segment_key": sid, "frame": f, "present": "", "coder": coder, "text": text}
            for sid, text in zip(pick["segment_id"], pick["text"]) for f in frames]
    return pd.DataFrame(rows)
