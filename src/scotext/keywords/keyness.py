"""The keyness table: every statistic for every term of every contrast, in one tidy table.

For a contrast (periods A against periods B) and every term present in A or B:
counts, totals and rates; signed Dunning G² (no continuity correction) with its p-value and
Benjamini-Hochberg q within the contrast; Hardie's Log Ratio (0.5 for a zero count); Evert's
conservative Log Ratio; Monroe, Colaresi & Quinn's log-odds with an informative Dirichlet prior
estimated from the pooled corpus of the contrast (A and B together) and its z-score; Gries' DP (normalised)
over the documents of each side; range (documents containing the term) on each side.

Why the contrast's own pooled corpus for the prior: with α_w proportional to the pooled
rate q_w of A∪B, the smoothed rates (a + α_w)/(n_a + α0) and (b + α_w)/(n_b + α0) are
weighted averages of each side's rate with q_w, which lies between them; so the sign of
δ_w (and z) is always the sign of a/n_a − b/n_b, the sign of G² and Log Ratio. A prior from
periods outside the contrast can flip the sign of near-ties.

A term is *ranked* only if it passes the minimums for count (A+B) and spread (segments
containing it in A∪B), so that one paragraph cannot make a word "key". Ranks are by z, for
each side separately.
"""

from __future__ import annotations

import numpy as np

KEYNESS_COLUMNS = ["contrast", "term", "count_a", "count_b", "total_a", "total_b",
                   "per_10k_a", "per_10k_b", "g2", "p", "q_bh", "log_ratio", "lrc", "prior",
                   "z_log_odds", "dp_a", "dp_b", "range_a", "range_b", "n_segments",
                   "ranked", "favours", "rank"]


def _side(counts, rows, docs):
    """Counts per term, total, per-document counts (terms × docs) and document sizes."""
    from scipy import sparse

    sub = counts[rows]
    _, strata = np.unique(docs[rows], return_inverse=True)
    n_docs = int(strata.max()) + 1 if len(rows) else 0
    ind = sparse.csr_matrix((np.ones(len(rows)), (strata, np.arange(len(rows)))),
                            shape=(n_docs, len(rows)))
    per_doc = (ind @ sub).T.tocsr()          # terms × docs
    sizes = ind @ np.asarray(sub.sum(axis=1)).ravel() if n_docs else np.zeros(0)
    c = np.asarray(sub.sum(axis=0)).ravel()
    return c, float(sub.sum()), per_doc, np.asarray(sizes).ravel()


def keyness_table(counts, terms: list[str], periods, docs, contrasts, *, alpha0: float,
                  min_count: int, min_segments: int, conf: float = 0.95,
                  lrc_bonferroni: bool = False, per: int = 10_000):
    """One row per (contrast, term present in the contrast); see module docstring."""
    import pandas as pd

    from scotext.keywords import stats

    periods = np.asarray(periods)
    docs = np.asarray(docs)
    terms_arr = np.asarray(terms, dtype=object)
    present_seg = (counts > 0).astype(np.int64)
    frames = []
    for con in contrasts:
        rows_a = np.flatnonzero(np.isin(periods, con.a))
        rows_b = np.flatnonzero(np.isin(periods, con.b))
        a, ta, doc_a, size_a = _side(counts, rows_a, docs)
        b, tb, doc_b, size_b = _side(counts, rows_b, docs)
        keep = (a + b) > 0
        n_seg = np.asarray(present_seg[np.concatenate([rows_a, rows_b])].sum(axis=0)).ravel()
        prior = stats.log_odds_prior(a + b, alpha0)
        g2 = stats.g2(a, b, ta, tb)
        p = stats.g2_p(g2)
        _, z = stats.log_odds_z(a, b, ta, tb, prior)
        ranked = keep & ((a + b) >= min_count) & (n_seg >= min_segments)
        df = pd.DataFrame({
            "contrast": con.name, "term": terms_arr, "count_a": a.astype(np.int64),
            "count_b": b.astype(np.int64), "total_a": int(ta), "total_b": int(tb),
            "per_10k_a": a / ta * per if ta else 0.0, "per_10k_b": b / tb * per if tb else 0.0,
            "g2": g2, "p": p, "q_bh": 1.0,
            "log_ratio": stats.log_ratio(a, b, ta, tb),
            "lrc": stats.lrc(a, b, ta, tb, conf=conf,
                             n_tests=int(keep.sum()) if lrc_bonferroni else 1),
            "prior": prior, "z_log_odds": z,
            "dp_a": stats.dp_norm(doc_a, size_a), "dp_b": stats.dp_norm(doc_b, size_b),
            "range_a": np.asarray((doc_a > 0).sum(axis=1)).ravel(),
            "range_b": np.asarray((doc_b > 0).sum(axis=1)).ravel(),
            "n_segments": n_seg, "ranked": ranked,
        })[keep].reset_index(drop=True)
        df["q_bh"] = stats.bh(df["p"].to_numpy())
        df["favours"] = np.where(df["z_log_odds"] > 0, con.label_a,
                                 np.where(df["z_log_odds"] < 0, con.label_b, ""))
        df["rank"] = 0
        for side in (con.label_a, con.label_b):
            sel = df["ranked"] & (df["favours"] == side)
            order = df.loc[sel, "z_log_odds"].abs().sort_values(ascending=False, kind="stable")
            df.loc[order.index, "rank"] = np.arange(1, len(order) + 1)
        frames.append(df.sort_values(["term"], kind="stable"))
    if not frames:   # one period only: nothing to contrast
        return pd.DataFrame(columns=KEYNESS_COLUMNS)
    return pd.concat(frames, ignore_index=True)[KEYNESS_COLUMNS]


def top_terms(keyness, contrast: str, n: int):
    """The ``n`` highest-ranked terms on each side of a contrast (ranked terms only)."""
    df = keyness[(keyness["contrast"] == contrast) & keyness["ranked"] & (keyness["rank"] > 0)
                 & (keyness["rank"] <= n)]
    return df.sort_values(["z_log_odds"], ascending=False, kind="stable")


def doc_permutation_table(counts, terms: list[str], periods, docs, contrasts, top: dict,
                          *, n_perm: int, seed: int, max_draws: int | None = None):
    """Document-level permutation test for the reported key terms of each contrast.

    Document labels (A or B) are permuted among the documents of the contrast; the smallest
    attainable p (``min_p``) is reported beside every p so that a reader sees how little a
    test over so few documents can show. ``max_draws``: see
    :func:`scotext.keywords.stats.random_assignments` (None: ``n_perm`` assignments).
    """
    import pandas as pd
    from scipy import sparse

    from scotext.keywords import stats

    periods = np.asarray(periods)
    docs = np.asarray(docs)
    index = {t: i for i, t in enumerate(terms)}
    rows = []
    for k, con in enumerate(contrasts):
        sel = np.flatnonzero(np.isin(periods, con.a + con.b))
        doc_ids, strata = np.unique(docs[sel], return_inverse=True)
        ind = sparse.csr_matrix((np.ones(len(sel)), (strata, np.arange(len(sel)))),
                                shape=(len(doc_ids), len(sel)))
        per_doc = (ind @ counts[sel]).T.tocsr()
        doc_tot = np.asarray(per_doc.sum(axis=0)).ravel()
        doc_period = {d: p for d, p in zip(docs[sel], periods[sel])}
        labels = np.array(["A" if doc_period[d] in con.a else "B" for d in doc_ids])
        names = [t for t in top.get(con.name, []) if t in index]
        if not names:
            continue
        idx = [index[t] for t in names]
        p, min_p, n_assign = stats.doc_permutation_test(per_doc[idx], doc_tot, labels, "A",
                                                        "B", n_perm=n_perm, seed=seed + k,
                                                        max_draws=max_draws)
        n_a, n_b = int((labels == "A").sum()), int((labels == "B").sum())
        for t, pv in zip(names, np.atleast_1d(p)):
            rows.append({"contrast": con.name, "term": t, "n_docs_a": n_a, "n_docs_b": n_b,
                         "n_assignments": int(n_assign), "p_perm": float(pv),
                         "min_p": float(min_p),
                         "note": ("p cannot be below min_p with this many documents"
                                  if min_p > 0.05 else "")})
    return pd.DataFrame(rows, columns=["contrast", "term", "n_docs_a", "n_docs_b",
                                       "n_assignments", "p_perm", "min_p", "note"])
