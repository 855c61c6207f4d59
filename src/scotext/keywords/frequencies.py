"""Term frequencies per period with bootstrap intervals, for single terms and term groups."""

from __future__ import annotations

import numpy as np


def select_units(segments, roles, include_duplicates: bool = False):
    """Boolean mask of the segments analysed: the given roles, duplicates excluded."""
    mask = segments["role"].isin(list(roles)).to_numpy()
    if not include_duplicates:
        mask = mask & ~segments["is_duplicate"].astype(bool).to_numpy()
    return mask


def group_matrix(vocab: list[str], groups: dict[str, list[str]]):
    """Vocabulary × groups indicator (sparse) and the group names, sorted; terms of a group
    missing from the vocabulary are ignored (reported by :func:`missing_terms`)."""
    from scipy import sparse

    index = {t: i for i, t in enumerate(vocab)}
    names = sorted(groups)
    rows, cols = [], []
    for j, name in enumerate(names):
        for term in sorted(set(groups[name])):
            if term in index:
                rows.append(index[term])
                cols.append(j)
    m = sparse.csr_matrix((np.ones(len(rows), dtype=np.int64), (rows, cols)),
                          shape=(len(vocab), len(names)))
    return m, names


def missing_terms(vocab: list[str], groups: dict[str, list[str]]) -> dict[str, list[str]]:
    known = set(vocab)
    return {g: sorted(t for t in terms if t not in known) for g, terms in sorted(groups.items())}


def period_frequencies(counts, terms: list[str], periods, docs, period_order: list[str], *,
                       unit_totals, n_boot: int, seed: int, level: float,
                       per: int = 10_000):
    """Long table: term, period, count, total, per_10k, ci_low, ci_high, n_docs, n_segments.

    ``counts`` is units × terms (CSR, the analysed segments only; a "term" may be a group of
    terms); ``unit_totals`` the number of analysis tokens of each unit (the denominator of
    every rate); ``periods`` and ``docs`` give each unit's period and document. Intervals: bootstrap over segments stratified by
    document (:func:`scotext.keywords.stats.bootstrap_rates`), within each period; the
    period at position k of ``period_order`` uses seed ``seed + k``.
    """
    import pandas as pd

    from scotext.keywords.stats import bootstrap_rates

    periods = np.asarray(periods)
    docs = np.asarray(docs)
    totals = np.asarray(unit_totals).ravel()
    frames = []
    for k, period in enumerate(period_order):
        rows = np.flatnonzero(periods == period)
        sub = counts[rows]
        sub_t = totals[rows]
        _, strata = np.unique(docs[rows], return_inverse=True)
        lo, hi = bootstrap_rates(sub.T.tocsr(), sub_t, strata, n_boot=n_boot,
                                 seed=seed + k, level=level, per=per)
        c = np.asarray(sub.sum(axis=0)).ravel()
        present = (sub > 0).astype(np.int64)
        n_seg = np.asarray(present.sum(axis=0)).ravel()
        doc_ind = _doc_indicator(strata)
        n_docs = np.asarray(((doc_ind @ present) > 0).sum(axis=0)).ravel()
        total = int(sub_t.sum())
        frames.append(pd.DataFrame({
            "term": terms, "period": period, "count": c.astype(np.int64), "total": total,
            "per_10k": c / total * per if total else np.zeros(len(terms)),
            "ci_low": lo, "ci_high": hi, "n_docs": n_docs, "n_segments": n_seg}))
    return pd.concat(frames, ignore_index=True)


def _doc_indicator(strata):
    """Documents × units indicator matrix."""
    from scipy import sparse

    n = len(strata)
    return sparse.csr_matrix((np.ones(n, dtype=np.int64), (strata, np.arange(n))),
                             shape=(int(strata.max()) + 1 if n else 0, n))
