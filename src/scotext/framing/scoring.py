"""Score a whole corpus with the codebook, part by part, in bounded memory.

:func:`score_corpus` reads the segments in consecutive parts (``CHUNK_SEGMENTS`` segments
each; no segment is in two parts), matches the codebook on each part
(:func:`scotext.framing.match.score_segments`), hands the long frame table and the matches
of each part to writers as it goes, and keeps only what is small: the wide frame table (one
row per segment), the keyword-in-context lines (at most ``kwic_max_per_term`` per pattern),
the term counts and the best segments per frame. The results do not depend on the part
size: every output equals the one computed on the whole corpus at once (tested).
"""

from __future__ import annotations

from .match import KEEP_COLUMNS, score_segments
from .validation import coverage, kwic_lines, rank_terms, term_counts, top_segments

CHUNK_SEGMENTS = 50_000


def read_segment_chunks(path, chunk: int = CHUNK_SEGMENTS):
    """segments.csv in parts of ``chunk`` rows: the frame tables' segment columns and the
    text (always at least one part, maybe empty), each part with the column types of the
    data layer (:func:`scotext.stagedata.coerce` with :data:`scotext.stagedata.SEGMENTS`:
    ids and text as strings, flags as booleans)."""
    import pandas as pd

    from scotext.stagedata import SEGMENTS, coerce

    want = set(KEEP_COLUMNS) | {"text"}
    opts = dict(keep_default_na=False, usecols=lambda c: c in want, dtype=str,
                na_filter=False)
    any_part = False
    for part in pd.read_csv(path, chunksize=chunk, **opts):
        any_part = True
        yield coerce(part, SEGMENTS, source=str(path))
    if not any_part:
        yield coerce(pd.read_csv(path, nrows=0, **opts), SEGMENTS, source=str(path))


def score_corpus(chunks, compiled, *, min_hits: int, kwic_window: int,
                 kwic_max_per_term: int, top_n: int, roles, add_long=None, add_matches=None):
    """Score every part of ``chunks`` (DataFrames of segments with text, in corpus order).

    ``add_long`` / ``add_matches`` (callables or None) receive each part's long frame table
    and matches, in order. Returns a dict: ``wide`` (the wide frame table, see
    :mod:`scotext.framing.table`), ``kwic``, ``top_terms``, ``top_segments`` and ``coverage``
    (see :mod:`scotext.framing.validation`; ``roles`` for the last two).
    """
    import pandas as pd

    wide_parts, kwic_parts, count_parts, top_parts = [], [], [], []
    seen: dict = {}
    for k, seg in enumerate(chunks):
        long, wide, matches = score_segments(seg, compiled, min_hits=min_hits, layout="both")
        if add_long is not None:
            add_long(long)
        if add_matches is not None:
            add_matches(matches)
        wide_parts.append(wide)
        kwic_parts.append(kwic_lines(matches, seg, window=kwic_window,
                                     max_per_term=kwic_max_per_term, seen=seen))
        if not matches.empty:
            count_parts.append(term_counts(matches))
        top = top_segments(long, seg, n=top_n, roles=roles)
        top_parts.append(top.assign(_part=k, _pos=range(len(top))))
    wide = pd.concat(wide_parts, ignore_index=True)
    if wide["segment_id"].duplicated().any():
        dup = wide.loc[wide["segment_id"].duplicated(), "segment_id"].iloc[0]
        raise ValueError(f"segment_id {dup!r} occurs twice")
    return {"wide": wide,
            "kwic": pd.concat(kwic_parts, ignore_index=True),
            "top_terms": rank_terms(pd.concat(count_parts, ignore_index=True)
                                    if count_parts else term_counts(pd.DataFrame())),
            "top_segments": _merge_top(top_parts, list(compiled.frames), top_n),
            "coverage": coverage(wide, roles=roles)}


def _merge_top(parts, frames, n):
    """The best ``n`` segments per frame over all parts: the order of
    :func:`top_segments` (hits, then hits per 1,000 words, descending, then corpus order,
    which is the part, then the position within the part)."""
    import pandas as pd

    top = pd.concat(parts, ignore_index=True)
    top["_f"] = top["frame"].map({f: i for i, f in enumerate(frames)})
    top = top.sort_values(["_f", "n_hits", "per_1000", "_part", "_pos"],
                          ascending=[True, False, False, True, True], kind="stable")
    top["rank"] = top.groupby("frame", sort=False).cumcount() + 1
    return top[top["rank"] <= n].drop(columns=["_f", "_part", "_pos"]).reset_index(drop=True)
