"""The keyness table: every statistic for every term of every contrast, in one tidy table.

For a contrast (periods A against periods B) and every term present in A or B:

- counts, totals and rates per 10,000 tokens, each rate with its exact (Garwood) Poisson
  interval (``rate_a_low`` ... ``rate_b_high``; :func:`scotext.inference.exact.poisson_rate_interval`);
- the **primary test**: the exact conditional binomial test of equal rates (``p_exact``;
  :func:`scotext.inference.exact.rate_test`: given the term's a + b occurrences, a is
  Binomial(a + b, n_a / (n_a + n_b)) under the null), exact where G² is an asymptotic
  approximation that overstates significance for sparse counts;
- Dunning's signed G² (no continuity correction) and its chi-square p (``g2``, ``p_g2``),
  kept beside it for comparison with the literature;
- Benjamini-Hochberg q of both p's (``q_exact``, ``q_g2``) over the **family of the ranked
  terms of the contrast** (:func:`scotext.inference.multiplicity.bh_subset`); an unranked
  term is not part of any family and gets no q (empty); ``family_size`` is the number of
  ranked terms;
- Hardie's Log Ratio (a zero count replaced by 0.5) with its exact two-sided interval
  (``lr_low``, ``lr_high``; the conditional Clopper-Pearson interval of
  :func:`scotext.inference.exact.rate_ratio_interval` at ``conf``; -inf / +inf where a zero
  count leaves the ratio unbounded on that side);
- Evert's conservative Log Ratio (``lrc``): the bound of the same exact interval nearer 0, 0
  when it contains 0, Bonferroni-corrected over the ranked terms (``lrc_tests`` = the
  family size) as CQPweb and R *corpora* apply it, unless ``lrc_bonferroni`` is off
  (``lrc_tests`` = 1); only ranked terms get one. A *key term* is a ranked term with
  ``lrc`` != 0;
- Monroe, Colaresi & Quinn's log-odds with an informative Dirichlet prior estimated from the
  pooled corpus of the contrast (A and B together) and its z-score (``prior``, ``z_log_odds``);
- Gries' DP (normalised) and range over the documents of each side (``dp_doc_a``,
  ``range_doc_a`` ...) and over the paragraphs (segments) of each side (``dp_seg_a``,
  ``range_seg_a`` ...). With one document on a side the document DP is undefined (a single
  part has nothing to be uneven over), and so is the DP of a term absent from a side: both
  are empty (NaN), never 0;
- the document-level verdict of the contrast: documents on each side (``n_docs_a``,
  ``n_docs_b``), the smallest p a document-label permutation can reach (``min_p_doc``) and
  the evidence level (``evidence``, :func:`scotext.evidence.comparison_level`), with the
  contrast's confound caveat (``caveat``, :mod:`scotext.confound`) where the caller gives it.

Why the contrast's own pooled corpus for the prior: with α_w proportional to the pooled
rate q_w of A∪B, the smoothed rates (a + α_w)/(n_a + α0) and (b + α_w)/(n_b + α0) are
weighted averages of each side's rate with q_w, which lies between them; so the sign of
δ_w (and z) is always the sign of a/n_a − b/n_b, the sign of G² and Log Ratio. A prior from
periods outside the contrast can flip the sign of near-ties.

A term is *ranked* only if it passes the minimums for count (A+B) and spread (segments
containing it in A∪B), so that one paragraph cannot make a word "key". Ranks are by |z|,
for each side separately.
"""

from __future__ import annotations

import numpy as np

KEYNESS_COLUMNS = [
    "contrast", "term", "count_a", "count_b", "total_a", "total_b",
    "per_10k_a", "rate_a_low", "rate_a_high", "per_10k_b", "rate_b_low", "rate_b_high",
    "p_exact", "q_exact", "g2", "p_g2", "q_g2", "family_size",
    "log_ratio", "lr_low", "lr_high", "lrc", "lrc_tests", "prior", "z_log_odds",
    "dp_doc_a", "dp_doc_b", "range_doc_a", "range_doc_b",
    "dp_seg_a", "dp_seg_b", "range_seg_a", "range_seg_b", "n_segments",
    "ranked", "favours", "rank", "n_docs_a", "n_docs_b", "min_p_doc", "evidence", "caveat"]

PERMUTATION_COLUMNS = ["contrast", "term", "n_docs_a", "n_docs_b", "n_assignments", "p_perm",
                       "min_p_doc", "evidence", "note", "caveat"]


def _side(counts, rows, docs):
    """One side of a contrast: counts per term, total, per-document counts (terms × docs)
    and document sizes, per-segment counts (terms × segments) and segment sizes, for the
    documents and segments that hold analysis tokens (a part without tokens carries no
    rate and is no part of a dispersion), and the number of those documents."""
    from scipy import sparse

    sub = counts[rows]
    seg_sizes = np.asarray(sub.sum(axis=1)).ravel()
    _, strata = np.unique(docs[rows], return_inverse=True)
    n_docs = int(strata.max()) + 1 if len(rows) else 0
    ind = sparse.csr_matrix((np.ones(len(rows)), (strata, np.arange(len(rows)))),
                            shape=(n_docs, len(rows)))
    sizes = np.asarray(ind @ seg_sizes).ravel() if n_docs else np.zeros(0)
    with_tokens = sizes > 0
    per_doc = (ind[with_tokens] @ sub).T.tocsr()          # terms × docs
    seg_ok = seg_sizes > 0
    c = np.asarray(sub.sum(axis=0)).ravel()
    return (c, float(seg_sizes.sum()), per_doc, sizes[with_tokens], sub[seg_ok].T.tocsr(),
            seg_sizes[seg_ok], int(with_tokens.sum()))


def _dp(parts, sizes):
    """DP_norm over the parts; NaN where it is undefined: one part only (nothing to be
    uneven over) or a term absent from the side (no occurrences to disperse)."""
    from scotext.keywords import stats

    if parts.shape[1] < 2 or not np.asarray(sizes).sum() > 0:
        return np.full(parts.shape[0], np.nan)
    absent = np.asarray(parts.sum(axis=1)).ravel() == 0
    return np.where(absent, np.nan, stats.dp_norm(parts, sizes))


def ranking(a, b, total_a, total_b, n_segments, *, alpha0: float, min_count: int,
            min_segments: int):
    """``(prior, z, ranked)`` of a contrast: the informative-prior log-odds z of every term
    (Monroe et al. 2008, prior from the pooled counts a + b) and whether it passes the
    minimums (a + b >= ``min_count`` in >= ``min_segments`` segments). One implementation
    for the keyness table and the sensitivity analysis."""
    from scotext.keywords import stats

    a = np.asarray(a, dtype=float)
    b = np.asarray(b, dtype=float)
    prior = stats.log_odds_prior(a + b, alpha0)
    _, z = stats.log_odds_z(a, b, total_a, total_b, prior)
    ranked = ((a + b) > 0) & ((a + b) >= min_count) & (np.asarray(n_segments) >= min_segments)
    return prior, z, ranked


def side_ranks(z, ranked, label_a: str, label_b: str):
    """``(favours, rank)``: the side each term favours (sign of z) and its rank by |z| among
    the ranked terms of that side (1 = most distinctive; 0 = not ranked)."""
    z = np.asarray(z, dtype=float)
    ranked = np.asarray(ranked, dtype=bool)
    favours = np.where(z > 0, label_a, np.where(z < 0, label_b, "")).astype(object)
    rank = np.zeros(z.size, dtype=np.int64)
    for side in (label_a, label_b):
        sel = np.flatnonzero(ranked & (favours == side))
        order = sel[np.argsort(-np.abs(z[sel]), kind="stable")]
        rank[order] = np.arange(1, order.size + 1)
    return favours, rank


def contrast_documents(periods, docs, contrast):
    """Sorted document ids with analysed units on side A and on side B."""
    periods = np.asarray(periods, dtype=object)
    docs = np.asarray(docs, dtype=object)
    da = sorted({str(d) for d in docs[np.isin(periods, contrast.a)]})
    db = sorted({str(d) for d in docs[np.isin(periods, contrast.b)]})
    return da, db


def keyness_table(counts, terms: list[str], periods, docs, contrasts, *, alpha0: float,
                  min_count: int, min_segments: int, conf: float = 0.95,
                  lrc_bonferroni: bool = True, significance: float = 0.05,
                  per: int = 10_000, caveats: dict | None = None):
    """One row per (contrast, term present in the contrast); see the module docstring.

    ``caveats``: contrast name -> the caveat sentence of its comparison (empty otherwise).
    A contrast with a side without tokens is skipped (no rows): select them first with
    :func:`scotext.keywords.periods.usable_contrasts`."""
    import pandas as pd

    from scotext.evidence import comparison_level
    from scotext.inference.exact import poisson_rate_interval, rate_ratio_interval, rate_test
    from scotext.inference.multiplicity import bh_subset
    from scotext.keywords import stats

    periods = np.asarray(periods, dtype=object)
    docs = np.asarray(docs, dtype=object)
    terms_arr = np.asarray(terms, dtype=object)
    present_seg = (counts > 0).astype(np.int64)
    frames = []
    for con in contrasts:
        rows_a = np.flatnonzero(np.isin(periods, con.a))
        rows_b = np.flatnonzero(np.isin(periods, con.b))
        a, ta, doc_a, size_a, seg_a, ssize_a, nd_a = _side(counts, rows_a, docs)
        b, tb, doc_b, size_b, seg_b, ssize_b, nd_b = _side(counts, rows_b, docs)
        if not (ta > 0 and tb > 0):
            continue
        keep = (a + b) > 0
        n_seg = np.asarray(present_seg[np.concatenate([rows_a, rows_b])].sum(axis=0)).ravel()
        prior, z, ranked = ranking(a, b, ta, tb, n_seg, alpha0=alpha0, min_count=min_count,
                                   min_segments=min_segments)
        family = int(ranked.sum())
        n_tests = max(family, 1) if lrc_bonferroni else 1
        g2 = stats.g2(a, b, ta, tb)
        p_g2 = stats.g2_p(g2)
        p_exact = rate_test(a, b, ta, tb)
        lr_low, lr_high = rate_ratio_interval(a, b, ta, tb, conf=conf)
        lrc = np.where(ranked, stats.lrc(a, b, ta, tb, conf=conf, n_tests=n_tests), np.nan)
        ra_lo, ra_hi = poisson_rate_interval(a, ta, conf, per=per)
        rb_lo, rb_hi = poisson_rate_interval(b, tb, conf, per=per)
        level, min_p = comparison_level(nd_a, nd_b, significance)
        favours, rank = side_ranks(z, ranked, con.label_a, con.label_b)
        df = pd.DataFrame({
            "contrast": con.name, "term": terms_arr, "count_a": a.astype(np.int64),
            "count_b": b.astype(np.int64), "total_a": int(ta), "total_b": int(tb),
            "per_10k_a": a / ta * per, "rate_a_low": ra_lo, "rate_a_high": ra_hi,
            "per_10k_b": b / tb * per, "rate_b_low": rb_lo, "rate_b_high": rb_hi,
            "p_exact": p_exact, "q_exact": bh_subset(p_exact, ranked),
            "g2": g2, "p_g2": p_g2, "q_g2": bh_subset(p_g2, ranked), "family_size": family,
            "log_ratio": stats.log_ratio(a, b, ta, tb), "lr_low": lr_low, "lr_high": lr_high,
            "lrc": lrc, "lrc_tests": n_tests, "prior": prior, "z_log_odds": z,
            "dp_doc_a": _dp(doc_a, size_a), "dp_doc_b": _dp(doc_b, size_b),
            "range_doc_a": np.asarray((doc_a > 0).sum(axis=1)).ravel(),
            "range_doc_b": np.asarray((doc_b > 0).sum(axis=1)).ravel(),
            "dp_seg_a": _dp(seg_a, ssize_a), "dp_seg_b": _dp(seg_b, ssize_b),
            "range_seg_a": np.asarray((seg_a > 0).sum(axis=1)).ravel(),
            "range_seg_b": np.asarray((seg_b > 0).sum(axis=1)).ravel(),
            "n_segments": n_seg, "ranked": ranked, "favours": favours, "rank": rank,
            "n_docs_a": nd_a, "n_docs_b": nd_b, "min_p_doc": min_p, "evidence": level,
            "caveat": (caveats or {}).get(con.name, ""),
        })[keep]
        frames.append(df.sort_values(["term"], kind="stable"))
    if not frames:   # one period only, or no usable contrast: nothing to contrast
        return pd.DataFrame(columns=KEYNESS_COLUMNS)
    return pd.concat(frames, ignore_index=True)[KEYNESS_COLUMNS]


def top_terms(keyness, contrast: str, n: int):
    """The ``n`` highest-ranked terms on each side of a contrast (ranked terms only)."""
    ranked = keyness["ranked"].astype(str).str.lower() == "true" \
        if keyness["ranked"].dtype != bool else keyness["ranked"]
    df = keyness[(keyness["contrast"] == contrast) & ranked & (keyness["rank"] > 0)
                 & (keyness["rank"] <= n)]
    return df.sort_values(["z_log_odds"], ascending=False, kind="stable")


SUMMARY_COLUMNS = ["contrast", "label_a", "label_b", "family_size", "p_g2_below",
                   "p_exact_below", "chance_p_below", "q_g2_below", "q_exact_below",
                   "lrc_key_terms", "lrc_tests", "total_a", "total_b", "n_docs_a", "n_docs_b",
                   "min_p_doc", "evidence", "caveat"]


def summary_counts(keyness, alpha: float, contrasts=None):
    """One row per contrast (:data:`SUMMARY_COLUMNS`): the family size (ranked terms);
    ranked terms with p < alpha and with BH q < alpha under G² and under the exact test;
    ``chance_p_below`` = alpha · family size, the number of ranked terms a null of no
    difference gives p < alpha on average (uncorrected tests; exact tests are conservative,
    so fewer); key terms under LRC (``lrc`` != 0, Bonferroni over ``lrc_tests``); the
    document-level verdict and the caveat of the contrast. ``contrasts``: to name the sides
    (labels of the Contrast objects)."""
    import pandas as pd

    labels = {c.name: (c.label_a, c.label_b) for c in (contrasts or [])}
    rows = []
    for name, g in keyness.groupby("contrast", sort=False):
        r = g[g["ranked"].astype(bool)]
        first = g.iloc[0]
        la, lb = labels.get(name, tuple(name.split("_vs_", 1)) if "_vs_" in name
                            else ("A", "B"))
        rows.append({"contrast": name, "label_a": la, "label_b": lb, "family_size": len(r),
                     "p_g2_below": int((r["p_g2"] < alpha).sum()),
                     "p_exact_below": int((r["p_exact"] < alpha).sum()),
                     "chance_p_below": alpha * len(r),
                     "q_g2_below": int((r["q_g2"] < alpha).sum()),
                     "q_exact_below": int((r["q_exact"] < alpha).sum()),
                     "lrc_key_terms": int((r["lrc"].fillna(0) != 0).sum()),
                     "lrc_tests": int(first["lrc_tests"]),
                     "total_a": int(first["total_a"]), "total_b": int(first["total_b"]),
                     "n_docs_a": int(first["n_docs_a"]), "n_docs_b": int(first["n_docs_b"]),
                     "min_p_doc": float(first["min_p_doc"]), "evidence": first["evidence"],
                     "caveat": first["caveat"]})
    return pd.DataFrame(rows, columns=SUMMARY_COLUMNS)


def doc_permutation_table(counts, terms: list[str], periods, docs, contrasts, top: dict,
                          *, n_perm: int, seed: int, max_draws: int | None = None,
                          significance: float = 0.05, caveats: dict | None = None):
    """Document-level permutation test for the reported key terms of each contrast.

    Document labels (A or B) are permuted among the documents of the contrast
    (:func:`scotext.keywords.stats.doc_permutation_test`, the loop of
    :func:`scotext.inference.permutation.label_permutation_test`); the smallest attainable
    p (``min_p_doc``) and the evidence level (:func:`scotext.evidence.comparison_level`) are
    reported beside every p so that a reader sees how little a test over so few documents
    can show. ``max_draws``: see :func:`scotext.inference.permutation.random_assignments`
    (None: ``n_perm`` assignments). Documents without analysis tokens are left out."""
    import pandas as pd
    from scipy import sparse

    from scotext.evidence import comparison_level, level_sentence
    from scotext.keywords import stats

    periods = np.asarray(periods, dtype=object)
    docs = np.asarray(docs, dtype=object)
    index = {t: i for i, t in enumerate(terms)}
    rows = []
    for k, con in enumerate(contrasts):
        names = [t for t in top.get(con.name, []) if t in index]
        if not names:
            continue
        sel = np.flatnonzero(np.isin(periods, con.a + con.b))
        doc_ids, strata = np.unique(docs[sel], return_inverse=True)
        ind = sparse.csr_matrix((np.ones(len(sel)), (strata, np.arange(len(sel)))),
                                shape=(len(doc_ids), len(sel)))
        per_doc = (ind @ counts[sel]).T.tocsr()
        doc_tot = np.asarray(per_doc.sum(axis=0)).ravel()
        ok = doc_tot > 0          # a document without tokens carries no rate: left out
        doc_period = {d: p for d, p in zip(docs[sel], periods[sel])}
        labels = np.array(["A" if doc_period[d] in con.a else "B" for d in doc_ids])[ok]
        per_doc, doc_tot = per_doc[:, ok], doc_tot[ok]
        n_a, n_b = int((labels == "A").sum()), int((labels == "B").sum())
        if not (n_a and n_b):
            continue
        level, min_p = comparison_level(n_a, n_b, significance)
        idx = [index[t] for t in names]
        p, _, n_assign = stats.doc_permutation_test(per_doc[idx], doc_tot, labels, "A", "B",
                                                    n_perm=n_perm, seed=seed + k,
                                                    max_draws=max_draws)
        note = level_sentence(level, n_a, n_b, min_p)
        for t, pv in zip(names, np.atleast_1d(p)):
            rows.append({"contrast": con.name, "term": t, "n_docs_a": n_a, "n_docs_b": n_b,
                         "n_assignments": int(n_assign), "p_perm": float(pv),
                         "min_p_doc": float(min_p), "evidence": level, "note": note,
                         "caveat": (caveats or {}).get(con.name, "")})
    return pd.DataFrame(rows, columns=PERMUTATION_COLUMNS)


#: columns of keyness.csv that are text (everything else is a number or the flag ``ranked``)
_TEXT_COLUMNS = ("contrast", "term", "favours", "evidence", "caveat")


def read_keyness(path):
    """``keyness.csv`` with its types: text columns as str (a term "null" stays a term),
    ``ranked`` bool, numbers as float/int with empty cells (no q for an unranked term, no
    document DP for a one-document side) as NaN."""
    import pandas as pd

    header = pd.read_csv(path, nrows=0).columns.tolist()
    text = {c: str for c in header if c in _TEXT_COLUMNS}
    df = pd.read_csv(path, dtype=text, keep_default_na=False,
                     na_values={c: [""] for c in header if c not in _TEXT_COLUMNS})
    if "ranked" in df:
        df["ranked"] = df["ranked"].astype(str).str.lower().eq("true")
    return df
