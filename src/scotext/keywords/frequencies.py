"""Term frequencies per period with intervals, for single terms and term groups.

Every rate carries two intervals and the reported one is the wider of the two at each end:

- ``exact_low``/``exact_high``: the exact (Garwood 1936) Poisson interval of count / tokens
  (:func:`scotext.inference.exact.poisson_rate_interval`). It is exact for a count of
  independent tokens and never collapses: a term never seen in 931 tokens still has an upper
  bound (-ln 0.025 / 931 · 10,000 = 39.6 per 10,000). It ignores that occurrences cluster in
  paragraphs and documents, so for a frequent, clustered term it is too narrow;
- ``boot_low``/``boot_high``: the percentile interval of the stratified cluster bootstrap
  (:func:`scotext.inference.bootstrap.cluster_unit_weights`, the design of the framing
  stage): documents resampled within the period and, in periods of at most
  ``two_stage_max_clusters`` documents, the paragraphs of every drawn document resampled
  too (two-stage), so a one-document period still shows its paragraph-to-paragraph
  variation. It carries the clustering, but it cannot see beyond the observed counts: a
  zero count gives [0, 0] and a term in one paragraph a degenerate interval;
- ``ci_low``/``ci_high`` = (min of the lows, max of the highs): neither failure mode can
  make the reported interval too narrow. Both intervals stay in the table.
"""

from __future__ import annotations

import numpy as np

from scotext.stagedata import select_units  # noqa: F401  (re-exported: one implementation)

FREQUENCY_COLUMNS = ["term", "period", "count", "total", "per_10k", "ci_low", "ci_high",
                     "exact_low", "exact_high", "boot_low", "boot_high", "n_docs",
                     "n_segments"]


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


def bootstrap_intervals(counts, unit_totals, periods, docs, period_order, *, n_boot: int,
                        seed: int, level: float, per: float = 10_000, two_stage: bool = True,
                        two_stage_max_clusters: int | None = 50, term_block: int = 4096):
    """Percentile intervals of every term's rate in every period (dict period -> (low,
    high)), from the unit weights of :func:`scotext.inference.bootstrap.cluster_unit_weights`
    (groups = periods, clusters = documents; one call for all periods, so every period has
    its own generator ``default_rng([seed, g])``, g its position in sorted label order).

    Replicate rate = (counts of the drawn units) / (tokens of the drawn units) · ``per``
    (0 for a replicate without tokens). ``counts``: units × terms (CSR)."""
    from scotext.inference.bootstrap import cluster_unit_weights, percentile_interval

    periods = np.asarray(periods, dtype=object)
    docs = np.asarray(docs, dtype=object)
    totals = np.asarray(unit_totals, dtype=float)
    n_terms = counts.shape[1]
    present = [p for p in period_order if np.any(periods == p)]
    keep = np.flatnonzero(np.isin(periods, present))
    local = {p: np.flatnonzero(periods[keep] == p) for p in present}
    mats = {p: counts[keep[idx]].T.tocsr() for p, idx in local.items()}   # terms × units
    rates = {p: np.zeros((n_terms, n_boot)) for p in present}
    if present:
        for start, stop, w in cluster_unit_weights(periods[keep], docs[keep], n_boot, seed,
                                                   two_stage, two_stage_max_clusters):
            for p, idx in local.items():
                wp = w[:, idx].T                    # units of p × replicates
                tok = totals[keep[idx]] @ wp
                for t0 in range(0, n_terms, term_block):
                    t1 = min(t0 + term_block, n_terms)
                    num = np.asarray(mats[p][t0:t1] @ wp)
                    np.divide(num * per, tok, out=rates[p][t0:t1, start:stop], where=tok > 0)
    out = {}
    for p in period_order:
        if p not in rates:
            out[p] = (np.full(n_terms, np.nan), np.full(n_terms, np.nan))
            continue
        lo, hi = np.empty(n_terms), np.empty(n_terms)
        for t0 in range(0, n_terms, term_block):
            t1 = min(t0 + term_block, n_terms)
            lo[t0:t1], hi[t0:t1] = percentile_interval(rates[p][t0:t1], level, axis=1)
        out[p] = (lo, hi)
        del rates[p]
    return out


def period_frequencies(counts, terms: list[str], periods, docs, period_order: list[str], *,
                       unit_totals, n_boot: int, seed: int, level: float,
                       per: int = 10_000, two_stage: bool = True,
                       two_stage_max_clusters: int | None = 50):
    """Long table (:data:`FREQUENCY_COLUMNS`): term, period, count, total, per_10k, the
    reported interval ci_low/ci_high (the wider of the exact and the bootstrap interval at
    each end, see the module docstring), both intervals, n_docs and n_segments.

    ``counts`` is units × terms (CSR, the analysed segments only; a "term" may be a group of
    terms); ``unit_totals`` the number of analysis tokens of each unit (the denominator of
    every rate); ``periods`` and ``docs`` give each unit's period and document. A period
    without analysis tokens has no rates: it is left out (the period table says why)."""
    return frequency_tables([(counts, terms)], periods, docs, period_order,
                            unit_totals=unit_totals, n_boot=n_boot, seed=seed, level=level,
                            per=per, two_stage=two_stage,
                            two_stage_max_clusters=two_stage_max_clusters)[0]


def frequency_tables(blocks, periods, docs, period_order: list[str], *, unit_totals,
                     n_boot: int, seed: int, level: float, per: int = 10_000,
                     two_stage: bool = True, two_stage_max_clusters: int | None = 50):
    """:func:`period_frequencies` of several ``(counts, terms)`` blocks over the same units
    (the vocabulary and the tracked groups), one table each, from ONE set of bootstrap
    replicates: the intervals of a group and of its terms come from the same draws, and
    the weights are drawn once."""
    import pandas as pd
    from scipy import sparse

    from scotext.inference.exact import poisson_rate_interval

    periods = np.asarray(periods, dtype=object)
    docs = np.asarray(docs, dtype=object)
    totals = np.asarray(unit_totals, dtype=float).ravel()
    sizes = [b[0].shape[1] for b in blocks]
    if not blocks:
        return []
    counts = sparse.hstack([sparse.csr_matrix(b[0]) for b in blocks], format="csr")
    with_tokens = [p for p in period_order if totals[periods == p].sum() > 0]
    boot = bootstrap_intervals(counts, totals, periods, docs, with_tokens, n_boot=n_boot,
                               seed=seed, level=level, per=per, two_stage=two_stage,
                               two_stage_max_clusters=two_stage_max_clusters)
    frames: list[list] = [[] for _ in blocks]
    offsets = np.concatenate([[0], np.cumsum(sizes)])
    for period in with_tokens:
        rows = np.flatnonzero(periods == period)
        sub = counts[rows]
        total = int(totals[rows].sum())
        c = np.asarray(sub.sum(axis=0)).ravel().astype(np.int64)
        ex_lo, ex_hi = poisson_rate_interval(c, total, level, per=per)
        b_lo, b_hi = boot[period]
        present = (sub > 0).astype(np.int64)
        _, strata = np.unique(docs[rows], return_inverse=True)
        n_docs = np.asarray(((_doc_indicator(strata) @ present) > 0).sum(axis=0)).ravel()
        n_seg = np.asarray(present.sum(axis=0)).ravel()
        for i, (_, terms) in enumerate(blocks):
            sl = slice(offsets[i], offsets[i + 1])
            frames[i].append(pd.DataFrame({
                "term": list(terms), "period": period, "count": c[sl], "total": total,
                "per_10k": c[sl] / total * per,
                "ci_low": np.minimum(ex_lo[sl], b_lo[sl]),
                "ci_high": np.maximum(ex_hi[sl], b_hi[sl]),
                "exact_low": ex_lo[sl], "exact_high": ex_hi[sl], "boot_low": b_lo[sl],
                "boot_high": b_hi[sl], "n_docs": n_docs[sl], "n_segments": n_seg[sl]}))
    return [pd.concat(f, ignore_index=True)[FREQUENCY_COLUMNS] if f
            else pd.DataFrame(columns=FREQUENCY_COLUMNS) for f in frames]


def _doc_indicator(strata):
    """Documents × units indicator matrix."""
    from scipy import sparse

    n = len(strata)
    return sparse.csr_matrix((np.ones(n, dtype=np.int64), (strata, np.arange(n))),
                             shape=(int(strata.max()) + 1 if n else 0, n))
