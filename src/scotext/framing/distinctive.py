"""Speaker-distinctive language: Fightin' Words between two speakers, overall and per frame.

Statistic: the log-odds ratio with an informative Dirichlet prior and its z-score of Monroe,
Colaresi & Quinn (2008), computed by :func:`scotext.keywords.stats.log_odds_prior` and
:func:`scotext.keywords.stats.log_odds_z` (not reimplemented). Text: the analysis tokens
(``tokens`` column of segments.csv: lemmas, multi-word expressions joined by "_", stopwords
removed) of the selected segments (default: answers, without near-duplicates).

Scopes: ``all`` (every selected segment of the two speakers) and one scope per frame (the
segments where the frame is present). Prior: the same in every scope, alpha_w = alpha0 x
(share of w in ALL selected tokens of both speakers), so that within a frame the words are
shrunk toward the speakers' general vocabulary (the "background" of Monroe et al.), not
toward the frame's own pooled text; in the ``all`` scope this equals the prior of the
keyword stage. With small frame subcorpora (a few hundred tokens a side) the prior weighs
heavily and |z| stays small; that is the point of the shrinkage. A frame in which one
speaker has no segment has no contrast and is left out (listed in the ``scopes`` table of
:func:`fightin_words_scopes`).

Output columns: scope, speaker_a, speaker_b, term, count_a, count_b, total_a, total_b,
prior, delta, z, favours (speaker with the higher log-odds; "" for 0), n_segments_a,
n_segments_b, caveat (what else differs between the two speakers' documents:
:func:`scotext.confound.contrast_caveat` from the documents table, sized by the analysis
tokens of the selected segments; empty without a documents table). Positive z: more
typical of speaker_a (sorted first). Only terms occurring in the scope are listed; rows are
sorted by scope (all, then codebook order) and z descending.
"""

from __future__ import annotations

import numpy as np

COLUMNS = ["scope", "speaker_a", "speaker_b", "term", "count_a", "count_b", "total_a",
           "total_b", "prior", "delta", "z", "favours", "n_segments_a", "n_segments_b",
           "caveat"]


def _selected(segments, frame_segments, roles, speakers, include_duplicates):
    from .salience import select_units
    from .table import present_cells

    seg = select_units(segments, roles, include_duplicates)
    if speakers is None:
        names = sorted(seg["speaker"].astype(str).unique())
        if len(names) != 2:
            raise ValueError(f"expected two speakers in the selected segments, found {names}; "
                             "pass speakers=(a, b)")
    else:
        names = sorted(map(str, speakers))
        if len(names) != 2:
            raise ValueError("speakers must name exactly two speakers")
    seg = seg[seg["speaker"].astype(str).isin(names)]
    for n in names:
        if not (seg["speaker"].astype(str) == n).any():
            raise ValueError(f"speaker {n!r} has no selected segment")
    pres = present_cells(frame_segments)
    pres = pres[pres["segment_id"].isin(seg["segment_id"])]
    return seg, names, pres


def fightin_words_scopes(segments, frame_segments, *, roles=("answer",), speakers=None,
                         include_duplicates: bool = False):
    """Per scope (all, each frame): segments and tokens per speaker, and whether compared."""
    import pandas as pd

    from .table import frame_ids

    seg, names, pres = _selected(segments, frame_segments, roles, speakers, include_duplicates)
    frames = frame_ids(frame_segments)
    ntok = seg["tokens"].fillna("").astype(str).str.split().str.len()
    rows = []
    for scope in ["all"] + frames:
        ids = seg["segment_id"] if scope == "all" else pres.loc[pres["frame"] == scope,
                                                                 "segment_id"]
        m = seg["segment_id"].isin(ids)
        r = {"scope": scope}
        for side, n in zip("ab", names):
            s = m & (seg["speaker"].astype(str) == n)
            r[f"speaker_{side}"] = n
            r[f"n_segments_{side}"] = int(s.sum())
            r[f"total_{side}"] = int(ntok[s].sum())
        r["compared"] = r["total_a"] > 0 and r["total_b"] > 0
        rows.append(r)
    return pd.DataFrame(rows)


def _speaker_caveat(documents, seg, names, toks) -> str:
    """The caveat of speaker a against speaker b (their documents, sized by tokens)."""
    from scotext.confound import contrast_caveat, side_profile

    if documents is None:
        return ""
    profiles = []
    for n in names:
        m = (seg["speaker"].astype(str) == n).to_numpy()
        sizes = (toks[m].str.len().groupby(seg["doc_id"].astype(str).to_numpy()[m]).sum())
        profiles.append(side_profile(documents, sizes.index,
                                     tokens={str(k): int(v) for k, v in sizes.items()}))
    return contrast_caveat(profiles[0], profiles[1], names[0], names[1], compared="speaker")


def fightin_words(segments, frame_segments, *, alpha0: float = 1000.0, roles=("answer",),
                  speakers=None, include_duplicates: bool = False, documents=None):
    """Fightin' Words table (see module docstring).

    ``segments``: segments.csv rows (segment_id, doc_id, speaker, role, tokens,
    is_duplicate); ``frame_segments``: the scores of
    :func:`scotext.framing.match.score_segments`; ``documents``: the documents table, for
    the caveat of the two speakers.
    """
    import pandas as pd

    from scotext.keywords.stats import log_odds_prior, log_odds_z

    from .table import frame_ids

    seg, names, pres = _selected(segments, frame_segments, roles, speakers, include_duplicates)
    toks = seg["tokens"].fillna("").astype(str).str.split()
    caveat = _speaker_caveat(documents, seg, names, toks)
    vocab = sorted({t for ts in toks for t in ts})
    index = {t: j for j, t in enumerate(vocab)}
    V = len(vocab)
    is_a = (seg["speaker"].astype(str) == names[0]).to_numpy()
    # segments x vocabulary counts, built once
    from scipy import sparse

    r = np.repeat(np.arange(len(seg)), toks.str.len().to_numpy())
    c = np.fromiter((index[t] for ts in toks for t in ts), dtype=np.int64, count=len(r))
    X = sparse.csr_matrix((np.ones(len(r)), (r, c)), shape=(len(seg), V))
    pooled = np.asarray(X.sum(axis=0)).ravel()
    if V == 0 or pooled.sum() == 0:
        return pd.DataFrame(columns=COLUMNS)
    prior = log_odds_prior(pooled, alpha0)
    frames = frame_ids(frame_segments)
    out = []
    for scope in ["all"] + frames:
        if scope == "all":
            in_scope = np.ones(len(seg), dtype=bool)
        else:
            ids = set(pres.loc[pres["frame"] == scope, "segment_id"])
            in_scope = seg["segment_id"].isin(ids).to_numpy()
        ra, rb = in_scope & is_a, in_scope & ~is_a
        a = np.asarray(X[ra].sum(axis=0)).ravel()
        b = np.asarray(X[rb].sum(axis=0)).ravel()
        ta, tb = a.sum(), b.sum()
        if ta == 0 or tb == 0:
            continue
        delta, z = log_odds_z(a, b, ta, tb, prior, alpha0=float(alpha0))
        keep = (a + b) > 0
        df = pd.DataFrame({
            "scope": scope, "speaker_a": names[0], "speaker_b": names[1],
            "term": np.asarray(vocab, dtype=object)[keep], "count_a": a[keep].astype(np.int64),
            "count_b": b[keep].astype(np.int64), "total_a": int(ta), "total_b": int(tb),
            "prior": prior[keep], "delta": delta[keep], "z": z[keep],
            "n_segments_a": int(ra.sum()), "n_segments_b": int(rb.sum()), "caveat": caveat})
        df["favours"] = np.where(df["z"] > 0, names[0], np.where(df["z"] < 0, names[1], ""))
        out.append(df.sort_values(["z", "term"], ascending=[False, True], kind="stable"))
    if not out:
        return pd.DataFrame(columns=COLUMNS)
    return pd.concat(out, ignore_index=True)[COLUMNS]


def top_distinctive(table, n: int = 15):
    """The ``n`` terms with the largest z for each speaker in each scope."""
    import pandas as pd

    parts = []
    for _, t in table.groupby("scope", sort=False):
        parts.append(t[t["z"] > 0].head(n))
        parts.append(t[t["z"] < 0].sort_values(["z", "term"], kind="stable").head(n))
    return pd.concat(parts, ignore_index=True) if parts else table.head(0)
