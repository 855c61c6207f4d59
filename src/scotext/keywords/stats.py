"""Statistics of a keyword comparison between two groups of text, A and B (periods).

Every function is vectorised over the vocabulary: counts come as arrays (one value per
term) or as terms × parts matrices (numpy or ``scipy.sparse``); there is no Python loop
over terms or over permutations (only over *chunks* of them, to bound memory). The exact
tests and intervals, multiple-testing control, the permutation loop and the bootstrap live
in :mod:`scotext.inference` (one implementation for every stage); this module holds the
keyword statistics proper and calls them. Zero counts are handled explicitly: no function returns NaN or
infinity for valid input, divides by zero or emits a numpy warning.

Notation: ``a``, ``b`` are the counts of a term in A and in B, ``n_a``, ``n_b``
(``total_a``, ``total_b``) the numbers of tokens of A and of B. A positive value of a
signed statistic means the term is relatively more frequent in A.

References
----------
Benjamini, Y. & Hochberg, Y. (1995). Controlling the false discovery rate. *JRSS B*
57(1), 289-300.
Clopper, C. J. & Pearson, E. S. (1934). The use of confidence or fiducial limits
illustrated in the case of the binomial. *Biometrika* 26(4), 404-413.
Dunning, T. (1993). Accurate methods for the statistics of surprise and coincidence.
*Computational Linguistics* 19(1), 61-74.
Evert, S. The conservative Log Ratio, LRC: ``keyness(measure="LRC")`` of the R package
*corpora* (version 0.6 or later), the "Log Ratio (conservative estimate)" of CQPweb.
Gries, S. Th. (2008). Dispersions and adjusted frequencies in corpora. *International
Journal of Corpus Linguistics* 13(4), 403-437.
Hardie, A. (2014). Log Ratio: an informal introduction. CASS, Lancaster University.
Lijffijt, J. & Gries, S. Th. (2012). Correction to Stefan Th. Gries' "Dispersions and
adjusted frequencies in corpora". *International Journal of Corpus Linguistics* 17(1),
147-149.
Monroe, B. L., Colaresi, M. P. & Quinn, K. M. (2008). Fightin' words: lexical feature
selection and evaluation for identifying the content of political conflict. *Political
Analysis* 16(4), 372-403.
Phipson, B. & Smyth, G. K. (2010). Permutation p-values should never be zero. *Statistical
Applications in Genetics and Molecular Biology* 9(1), article 39.
"""

from __future__ import annotations

import numpy as np

from scotext.inference.exact import rate_ratio_interval
from scotext.inference.multiplicity import bh  # noqa: F401  (re-exported: one implementation)
from scotext.inference.permutation import MAX_PERM_DRAWS, label_permutation_test
from scipy import sparse
from scipy import stats as _stats

__all__ = ["g2", "g2_p", "bh", "log_ratio", "lrc", "log_odds_prior", "log_odds_z",
           "dp_norm", "doc_permutation_test"]


# --------------------------------------------------------------------------- helpers

def _counts(x, name: str) -> np.ndarray:
    arr = np.asarray(x, dtype=float)
    if not np.all(np.isfinite(arr)) or np.any(arr < 0):
        raise ValueError(f"{name}: counts must be finite and >= 0")
    return arr


def _totals(total_a, total_b, a: np.ndarray, b: np.ndarray) -> tuple[np.ndarray, np.ndarray]:
    ta = np.asarray(total_a, dtype=float)
    tb = np.asarray(total_b, dtype=float)
    if not (np.all(np.isfinite(ta)) and np.all(np.isfinite(tb))) or np.any(ta <= 0) \
            or np.any(tb <= 0):
        raise ValueError("total_a, total_b: corpus sizes must be finite and > 0")
    if np.any(a > ta) or np.any(b > tb):
        raise ValueError("a count exceeds the size of its corpus (a <= total_a, b <= total_b)")
    return ta, tb


def _as_csr(x, name: str) -> sparse.csr_array:
    mat = sparse.csr_array(x, dtype=float) if sparse.issparse(x) \
        else sparse.csr_array(np.asarray(x, dtype=float))
    if mat.ndim != 2:
        raise ValueError(f"{name}: expected a 2-D terms × parts matrix")
    if not np.all(np.isfinite(mat.data)) or np.any(mat.data < 0):
        raise ValueError(f"{name}: counts must be finite and >= 0")
    return mat


def _o_ln_o_over_e(o: np.ndarray, e: np.ndarray) -> np.ndarray:
    """Cell term O·ln(O/E) with 0·ln 0 = 0 (O > 0 implies E > 0 for a 2×2 table)."""
    o, e = np.broadcast_arrays(o, e)
    ratio = np.divide(o, e, out=np.ones(o.shape), where=o > 0)
    return o * np.log(ratio)


def _pooled_log_ratio(ca, cb, ta, tb, zero: float = 0.5) -> np.ndarray:
    """Log Ratio without input checks (see :func:`log_ratio`); antisymmetric in A/B."""
    fa = np.where(ca > 0, ca, zero)
    fb = np.where(cb > 0, cb, zero)
    out = np.log2(fa / ta) - np.log2(fb / tb)
    return np.where((ca == 0) & (cb == 0), 0.0, out)


# --------------------------------------------------------------------- test statistics

def g2(a, b, total_a, total_b) -> np.ndarray:
    """Signed log-likelihood G² (Dunning 1993) of a term in A against B.

    Four-cell table (columns A, B; rows the term, the rest of the corpus)::

        O11 = a          O12 = b            row sum R1 = a + b
        O21 = n_a - a    O22 = n_b - b      row sum R2 = N - R1,   N = n_a + n_b
        E_ij = R_i · n_j / N

        G² = 2 · Σ_ij O_ij · ln(O_ij / E_ij),   with 0 · ln 0 = 0.

    No continuity (Yates) correction is applied. The sign is that of
    ``a/n_a - b/n_b`` (computed as ``a·n_b - b·n_a``): positive when the term's rate in
    A exceeds its rate in B, negative when it is lower, 0 when the rates are equal (then
    G² = 0). Rounding can make the unsigned sum slightly negative; it is clipped at 0.
    A term absent from both corpora gets 0.
    """
    a = _counts(a, "a")
    b = _counts(b, "b")
    ta, tb = _totals(total_a, total_b, a, b)
    n = ta + tb
    r1 = a + b
    r2 = n - r1
    total = (_o_ln_o_over_e(a, r1 * ta / n) + _o_ln_o_over_e(b, r1 * tb / n)
             + _o_ln_o_over_e(ta - a, r2 * ta / n) + _o_ln_o_over_e(tb - b, r2 * tb / n))
    unsigned = np.maximum(2.0 * total, 0.0)
    return np.sign(a * tb - b * ta) * unsigned


def g2_p(g2) -> np.ndarray:
    """p-value of G²: upper tail of chi-square with 1 df at |G²| (``chi2.sf``).

    The sign of a signed G² only records the direction, so the test is two-sided.
    """
    g = np.asarray(g2, dtype=float)
    if not np.all(np.isfinite(g)):
        raise ValueError("g2: values must be finite")
    return _stats.chi2.sf(np.abs(g), df=1)


# ------------------------------------------------------------------------ effect sizes

def log_ratio(a, b, total_a, total_b, zero: float = 0.5) -> np.ndarray:
    """Log Ratio (Hardie 2014): binary log of the ratio of relative frequencies.

    ::

        LR = log2( (a' / n_a) / (b' / n_b) ),   a' = a if a > 0 else ``zero`` (0.5),
                                                b' = b if b > 0 else ``zero``.

    Only a zero count is replaced (Hardie's rule; unlike Evert's *corpora* package, which
    adds 0.5 to every count). A term absent from both A and B has no ratio: it gets 0
    (not log2(n_b/n_a)). LR = 1 means twice as frequent in A; swapping A and B negates LR.
    """
    a = _counts(a, "a")
    b = _counts(b, "b")
    ta, tb = _totals(total_a, total_b, a, b)
    if not zero > 0:
        raise ValueError("zero: the substitute for a zero count must be > 0")
    return _pooled_log_ratio(a, b, ta, tb, zero)


def lrc(a, b, total_a, total_b, conf: float = 0.95, n_tests: int = 1) -> np.ndarray:
    """Conservative Log Ratio, LRC (Evert's ``keyness(measure="LRC")`` in R *corpora*, CQPweb).

    Conditional on the term's joint frequency a + b, the count in A is binomial with
    success probability ``p = n_a·r_a / (n_a·r_a + n_b·r_b)`` (r_a, r_b the term's rates),
    so the relative risk is ``RR = r_a / r_b = (p / (1 - p)) · (n_b / n_a)``. The exact
    two-sided Clopper-Pearson (1934) interval of p at level ``conf`` (Bonferroni-adjusted:
    alpha = (1 - conf) / n_tests, alpha/2 in each tail) is::

        p_lo = Beta^-1(alpha/2;     a,     b + 1)    (p_lo = 0 if a = 0)
        p_hi = Beta^-1(1 - alpha/2; a + 1, b)        (p_hi = 1 if b = 0)

        lower = log2( p_lo / (1 - p_lo) · n_b / n_a ),
        upper = log2( p_hi / (1 - p_hi) · n_b / n_a )

    (1 - p_lo and 1 - p_hi are computed from the complementary Beta quantiles, so no
    precision is lost near 1). LRC is the bound closer to zero: ``lower`` if lower > 0,
    ``upper`` if upper < 0, and 0 when the interval contains 0 (difference not
    significant). A term with a + b = 0 gets 0. Pass ``n_tests`` = the number of terms
    compared to reproduce Evert's default Bonferroni correction; a larger ``n_tests`` (or
    ``conf``) widens the interval and makes LRC more conservative.
    """
    a = _counts(a, "a")
    b = _counts(b, "b")
    ta, tb = _totals(total_a, total_b, a, b)
    if not 0 < conf < 1:
        raise ValueError("conf: confidence level must lie strictly between 0 and 1")
    if not n_tests >= 1:
        raise ValueError("n_tests: number of tests must be >= 1")
    lower, upper = rate_ratio_interval(a, b, ta, tb, conf=conf, n_tests=n_tests)
    return np.where(lower > 0, lower, np.where(upper < 0, upper, 0.0))


def log_odds_prior(pooled_counts, alpha0) -> np.ndarray:
    """Informative Dirichlet prior of Monroe, Colaresi & Quinn (2008, section 3.5).

    ``alpha_w = alpha0 · y_w / Σ_v y_v`` with y the pooled counts of all groups, so the
    prior has the shape of the pooled vocabulary and total weight ``alpha0`` (the number
    of pseudo-tokens it adds). A term with pooled count 0 gets alpha_w = 0.
    """
    y = _counts(pooled_counts, "pooled_counts")
    if y.ndim != 1:
        raise ValueError("pooled_counts: expected a 1-D array over the vocabulary")
    total = y.sum()
    if not total > 0:
        raise ValueError("pooled_counts: the pooled counts sum to 0")
    if not (np.isfinite(alpha0) and alpha0 > 0):
        raise ValueError("alpha0: the prior weight must be finite and > 0")
    return alpha0 * y / total


def log_odds_z(a, b, total_a, total_b, alpha, *, alpha0: float | None = None
               ) -> tuple[np.ndarray, np.ndarray]:
    """Log-odds ratio with informative Dirichlet prior and its z-score (Monroe et al. 2008).

    Eq. 16 (point estimate, with the prior's pseudo-counts)::

        delta_w = ln[(a + alpha_w) / (n_a + alpha0 - a - alpha_w)]
                - ln[(b + alpha_w) / (n_b + alpha0 - b - alpha_w)]

    Eq. 20 (approximate variance; only the two "term" cells, as in the paper)::

        sigma²_w ≈ 1 / (a + alpha_w) + 1 / (b + alpha_w),      z_w = delta_w / sigma_w

    ``alpha`` is the prior vector over the vocabulary (e.g. from :func:`log_odds_prior`)
    or a scalar (uniform prior). ``alpha0`` defaults to Σ alpha_w, so ``a``, ``b`` and
    ``alpha`` must then cover the whole vocabulary; pass ``alpha0`` explicitly when they
    are a subset. Positive delta/z: more frequent in A. A term with a + alpha_w = 0 and
    b + alpha_w = 0 (absent everywhere, zero prior) gets delta = z = 0; a zero prior for a
    term observed in only one group has no finite estimate and raises ``ValueError``.
    Returns ``(delta, z)``.

    The prior shrinks toward the pooled rate. With equal corpus sizes delta has the sign
    of a - b; with unequal sizes a strong prior (alpha_w large against a small corpus's
    counts) can reverse a weak difference in rates, so delta/z need not share the sign
    of G² for rare terms.
    """
    a = _counts(a, "a")
    b = _counts(b, "b")
    ta, tb = _totals(total_a, total_b, a, b)
    a, b = np.broadcast_arrays(a, b)
    alpha = np.broadcast_to(_counts(alpha, "alpha"), a.shape)
    a0 = float(alpha.sum()) if alpha0 is None else float(alpha0)
    if not np.isfinite(a0) or a0 < 0:
        raise ValueError("alpha0: must be finite and >= 0")
    ya = a + alpha
    yb = b + alpha
    ra = ta + a0 - ya          # "all other words" in A, with their pseudo-counts
    rb = tb + a0 - yb
    absent = (ya == 0) & (yb == 0)
    if np.any((ya == 0) != (yb == 0)):
        raise ValueError("alpha: the prior must be > 0 for every term observed in A or B")
    if np.any(ra <= 0) or np.any(rb <= 0):
        raise ValueError("alpha0: n + alpha0 - count - alpha_w must be > 0 for every term")
    ya1 = np.where(absent, 1.0, ya)
    yb1 = np.where(absent, 1.0, yb)
    delta = (np.log(ya1) - np.log(ra)) - (np.log(yb1) - np.log(rb))
    delta = np.where(absent, 0.0, delta)
    sigma = np.sqrt(1.0 / ya1 + 1.0 / yb1)
    return delta, delta / sigma


# -------------------------------------------------------------------------- dispersion

def dp_norm(counts, part_sizes) -> np.ndarray:
    """Normalised deviation of proportions, DP_norm (Gries 2008; Lijffijt & Gries 2012).

    For a term with counts v_i in the parts i = 1..k, and part sizes as shares
    s_i = size_i / Σ size::

        DP      = 0.5 · Σ_i | v_i / Σ_j v_j - s_i |
        DP_norm = DP / (1 - min_i s_i)

    Direction: 0 = the term is spread exactly in proportion to the part sizes (even
    dispersion); 1 = all its occurrences are in the smallest part (maximal
    concentration; 1 - min s is the largest DP attainable). Conventions: a single part
    gives 0 (nothing to be uneven over); a term with zero total count gets 0.0, not NaN,
    so callers must not rank absent terms (the minimum-count rule excludes them anyway).

    ``counts`` is a terms × parts matrix (numpy or ``scipy.sparse``); a sparse matrix is
    handled without densifying, using Σ_i |x_i - s_i| = 1 + Σ_{i: v_i > 0}(|x_i - s_i| - s_i).
    """
    mat = _as_csr(counts, "counts")
    n_terms, n_parts = mat.shape
    sizes = np.asarray(part_sizes, dtype=float)
    if sizes.shape != (n_parts,):
        raise ValueError(f"part_sizes: expected {n_parts} sizes, one per column of counts")
    if not np.all(np.isfinite(sizes)) or np.any(sizes < 0) or not sizes.sum() > 0:
        raise ValueError("part_sizes: sizes must be finite, >= 0 and not all 0")
    s = sizes / sizes.sum()
    denom = 1.0 - s.min()
    if n_parts < 2 or not denom > 0:
        return np.zeros(n_terms)
    if not mat.has_canonical_format:      # never modify the caller's matrix
        mat = mat.copy()
        mat.sum_duplicates()
    rows = np.repeat(np.arange(n_terms), np.diff(mat.indptr))
    totals = np.bincount(rows, weights=mat.data, minlength=n_terms)
    row_tot = totals[rows]
    share = np.divide(mat.data, row_tot, out=np.zeros(mat.data.shape), where=row_tot > 0)
    s_nz = s[mat.indices]
    abs_dev = 1.0 + np.bincount(rows, weights=np.abs(share - s_nz) - s_nz, minlength=n_terms)
    dp = np.clip(0.5 * abs_dev, 0.0, denom)
    return np.where(totals > 0, dp / denom, 0.0)


# ------------------------------------------------------------------ permutation test

def doc_permutation_test(doc_counts, doc_totals, labels, group_a, group_b, n_perm, seed, *,
                         chunk_size: int = 1024,
                         max_draws: int | None = MAX_PERM_DRAWS) -> tuple[np.ndarray, float, int]:
    """Document-level permutation test of the Log Ratio of pooled rates, A vs B.

    Statistic, per term: T = Log Ratio (:func:`log_ratio`, zero count -> 0.5) of the
    pooled rates Σ_{d in A} c_d / Σ_{d in A} n_d against Σ_{d in B} c_d / Σ_{d in B} n_d.
    Documents labelled neither ``group_a`` nor ``group_b`` are ignored. Null
    distribution: the labels of the n = n_A + n_B documents of A ∪ B are permuted,
    keeping the group sizes. Two-sided: a relabelling counts when |T*| >= |T_obs| (with a
    relative tolerance of 1e-9 so that exact ties count).

    * C(n, n_A) <= ``n_perm``: every assignment is enumerated (``itertools.combinations``,
      deterministic) and p = #{|T*| >= |T_obs|} / C(n, n_A) (the observed assignment is
      one of them, so p >= 1 / C).
    * otherwise ``n_perm`` random assignments are drawn (``numpy.random.default_rng(seed)``)
      and p = (1 + #{|T*| >= |T_obs|}) / (1 + n_perm) (Phipson & Smyth 2010).

    ``min_p`` is the smallest attainable p, to be stated with the results: 1 / C(n, n_A)
    for the exact test, except 2 / C(n, n_A) when n_A = n_B, because swapping the two
    groups gives T* = -T_obs and ties in |T|; 1 / (1 + n_perm) for the random test. With
    five documents split 2 vs 1 (two ignored) it is 1/3, so no term can reach p < 0.05.

    ``doc_counts``: terms × documents (numpy or ``scipy.sparse``), vectorised over terms;
    ``doc_totals``: tokens per document (> 0 for the documents of A and B).
    Returns ``(p, min_p, n_assignments)`` with ``n_assignments`` the number of
    assignments evaluated (C(n, n_A) or ``n_perm``).
    """
    mat = _as_csr(doc_counts, "doc_counts")
    n_terms, n_docs = mat.shape
    totals = np.asarray(doc_totals, dtype=float)
    labels = np.asarray(labels)
    if totals.shape != (n_docs,) or labels.shape != (n_docs,):
        raise ValueError(f"doc_totals, labels: expected one value per document ({n_docs})")
    if group_a == group_b:
        raise ValueError("group_a and group_b must differ")
    if int(n_perm) != n_perm or n_perm < 1 or chunk_size < 1:
        raise ValueError("n_perm, chunk_size: must be integers >= 1")
    in_a = labels == group_a
    keep = np.flatnonzero(in_a | (labels == group_b))
    is_a = in_a[keep]
    n = keep.size
    k = int(is_a.sum())
    if k == 0 or k == n:
        raise ValueError("each group needs at least one document")
    tok = totals[keep]
    if not np.all(np.isfinite(tok)) or np.any(tok <= 0):
        raise ValueError("doc_totals: documents of A and B must have > 0 tokens")
    sub = mat[:, keep]
    term_total = np.asarray(sub.sum(axis=1)).ravel()
    all_tokens = tok.sum()

    def statistic(member: np.ndarray) -> np.ndarray:
        """|T| for each column of the documents × assignments indicator ``member``."""
        ca = np.asarray(sub @ member)
        ta = tok @ member
        return np.abs(_pooled_log_ratio(ca, term_total[:, None] - ca, ta, all_tokens - ta))

    p, min_p, n_assign, _ = label_permutation_test(statistic, is_a, n_perm, seed,
                                                   chunk_size=chunk_size, max_draws=max_draws)
    return p, min_p, n_assign
