"""Exact tests and intervals for counts, vectorised over terms (no loop over terms).

Notation: a term occurs ``a`` times in side A of ``total_a`` tokens and ``b`` times in side B
of ``total_b`` tokens. Conditional on its joint frequency n = a + b, under the null of equal
rates a is Binomial(n, p0) with p0 = total_a / (total_a + total_b); with rate ratio RR =
rate_a / rate_b it is Binomial(n, pi) with pi = total_a·RR / (total_a·RR + total_b). Both the
test and the rate-ratio interval below are exact under this model (tokens independent given
the totals, the model G² approximates); they do not account for clustering of tokens in
documents or paragraphs, which is what the document-level tests are for.

References
----------
Clopper, C. J. & Pearson, E. S. (1934). The use of confidence or fiducial limits illustrated
in the case of the binomial. *Biometrika* 26(4), 404-413.
Garwood, F. (1936). Fiducial limits for the Poisson distribution. *Biometrika* 28, 437-442.
Brown, L. D., Cai, T. T. & DasGupta, A. (2001). Interval estimation for a binomial
proportion. *Statistical Science* 16(2), 101-133 (Jeffreys interval).
Evert, S. The conservative Log Ratio: R package *corpora*, ``keyness(measure="LRC")``.
Fay, M. P. (2010). Two-sided exact tests and matching confidence intervals for discrete
data. *R Journal* 2(1), 53-58 (the "minlike" two-sided p of ``binom.test``).
"""

from __future__ import annotations

import math

import numpy as np

RELATIVE_ERROR = 1 + 1e-7     # as R's binom.test and scipy.stats.binomtest


def _arrays(*xs):
    arrs = [np.asarray(x, dtype=float) for x in xs]
    return np.broadcast_arrays(*arrs)


def _check_level(conf: float) -> float:
    conf = float(conf)
    if not 0.0 < conf < 1.0:
        raise ValueError(f"conf: confidence level must lie strictly between 0 and 1, got {conf}")
    return conf


def _search(f, target, lo, hi):
    """Vectorised version of scipy's ``_binary_search_for_binom_tst``: for each element the
    index i in [lo, hi] with f(i) <= target < f(i + 1), f increasing on the range."""
    lo = lo.astype(np.int64).copy()
    hi = hi.astype(np.int64).copy()
    result = np.zeros(lo.shape, dtype=np.int64)
    done = np.zeros(lo.shape, dtype=bool)
    while True:
        active = (lo < hi) & ~done
        if not active.any():
            break
        mid = lo + (hi - lo) // 2
        value = f(mid)
        less = active & (value < target)
        greater = active & (value > target)
        equal = active & (value == target)
        lo = np.where(less, mid + 1, lo)
        hi = np.where(greater, mid - 1, hi)
        result[equal] = mid[equal]
        done |= equal
    rest = ~done
    at_lo = f(lo) <= target
    result[rest] = np.where(at_lo, lo, lo - 1)[rest]
    return result


def binom_test_two_sided(k, n, p) -> np.ndarray:
    """Exact two-sided binomial p-values, vectorised: the probability, under Binomial(n, p),
    of every outcome no more likely than ``k`` ("minlike", as R's ``binom.test`` and
    ``scipy.stats.binomtest(...).pvalue``; relative tolerance 1e-7). ``n = 0`` gives 1."""
    from scipy import stats

    k, n, p = _arrays(k, n, p)
    if np.any(k < 0) or np.any(k > n) or np.any(n < 0) or np.any(k != np.round(k)) \
            or np.any(n != np.round(n)):
        raise ValueError("k, n: counts must be integers with 0 <= k <= n")
    if np.any(p < 0) or np.any(p > 1):
        raise ValueError("p: probabilities must lie in [0, 1]")
    out = np.ones(k.shape)
    binom = stats.binom
    d = binom.pmf(k, n, p)
    pn = p * n
    lower = (n > 0) & (k < pn)
    upper = (n > 0) & (k > pn)
    if lower.any():
        kk, nn, pp, dd = k[lower], n[lower], p[lower], d[lower]
        ix = _search(lambda x: -binom.pmf(x, nn, pp), -dd * RELATIVE_ERROR,
                     np.ceil(pp * nn), nn)
        y = nn - ix + (dd * RELATIVE_ERROR == binom.pmf(ix, nn, pp))
        out[lower] = binom.cdf(kk, nn, pp) + binom.sf(nn - y, nn, pp)
    if upper.any():
        kk, nn, pp, dd = k[upper], n[upper], p[upper], d[upper]
        ix = _search(lambda x: binom.pmf(x, nn, pp), dd * RELATIVE_ERROR,
                     np.zeros(nn.shape), np.floor(pp * nn))
        y = ix + 1
        out[upper] = binom.cdf(y - 1, nn, pp) + binom.sf(kk - 1, nn, pp)
    return np.minimum(out, 1.0)


def rate_test(a, b, total_a, total_b) -> np.ndarray:
    """Exact conditional test of equal rates in A and B (two-sided binomial test of a given
    a + b, with p0 = total_a / (total_a + total_b)); one p per term."""
    a, b, ta, tb = _arrays(a, b, total_a, total_b)
    if np.any(ta <= 0) or np.any(tb <= 0):
        raise ValueError("total_a, total_b: corpus sizes must be > 0")
    return binom_test_two_sided(a, a + b, ta / (ta + tb))


def clopper_pearson(k, n, conf: float = 0.95) -> tuple[np.ndarray, np.ndarray]:
    """Exact (Clopper-Pearson) interval of a binomial proportion k / n; 0 and 1 at the
    edges (k = 0, k = n). ``n = 0`` gives (0, 1)."""
    from scipy import special

    conf = _check_level(conf)
    k, n = _arrays(k, n)
    tail = (1.0 - conf) / 2.0
    with np.errstate(invalid="ignore"):
        lo = np.where(k > 0, special.betaincinv(np.maximum(k, 1), n - k + 1, tail), 0.0)
        hi = np.where(k < n, special.betaincinv(k + 1, np.maximum(n - k, 1), 1 - tail), 1.0)
    return lo, hi


def jeffreys(k, n, conf: float = 0.95) -> tuple[np.ndarray, np.ndarray]:
    """Jeffreys interval of a binomial proportion: the equal-tailed Beta(k + 1/2,
    n - k + 1/2) interval, with the lower bound 0 at k = 0 and the upper 1 at k = n (Brown,
    Cai and DasGupta 2001). ``n = 0`` gives (0, 1)."""
    from scipy import special

    conf = _check_level(conf)
    k, n = _arrays(k, n)
    tail = (1.0 - conf) / 2.0
    with np.errstate(invalid="ignore"):
        lo = np.where(k > 0, special.betaincinv(k + 0.5, n - k + 0.5, tail), 0.0)
        hi = np.where(k < n, special.betaincinv(k + 0.5, n - k + 0.5, 1 - tail), 1.0)
    lo = np.where(n > 0, lo, 0.0)
    hi = np.where(n > 0, hi, 1.0)
    return lo, hi


def poisson_rate_interval(count, exposure, conf: float = 0.95, per: float = 1.0
                          ) -> tuple[np.ndarray, np.ndarray]:
    """Exact (Garwood) interval of a Poisson rate count / exposure, times ``per``:
    lower = chi2(alpha/2; 2c) / 2 (0 for c = 0), upper = chi2(1 - alpha/2; 2c + 2) / 2.
    For c = 0 the upper bound is -ln(alpha/2) / exposure (3.69 / exposure at 95%): a term
    never seen in 931 tokens may still have a rate of up to about 40 per 10,000."""
    from scipy import stats

    conf = _check_level(conf)
    c, t = _arrays(count, exposure)
    if np.any(c < 0) or np.any(t <= 0):
        raise ValueError("count must be >= 0 and exposure > 0")
    tail = (1.0 - conf) / 2.0
    with np.errstate(invalid="ignore"):
        lo = np.where(c > 0, stats.chi2.ppf(tail, 2 * np.maximum(c, 1)) / 2.0, 0.0)
    hi = stats.chi2.ppf(1.0 - tail, 2 * c + 2) / 2.0
    return lo / t * per, hi / t * per


def _log2_pos(x: np.ndarray, fill: float) -> np.ndarray:
    """log2 of x where x > 0, ``fill`` elsewhere (no warning)."""
    out = np.full(x.shape, fill, dtype=float)
    np.log2(x, out=out, where=x > 0)
    return out


def rate_ratio_interval(a, b, total_a, total_b, conf: float = 0.95, n_tests: int = 1
                        ) -> tuple[np.ndarray, np.ndarray]:
    """Exact conditional interval of log2(rate_a / rate_b), two-sided at level ``conf``,
    Bonferroni-adjusted over ``n_tests`` (alpha = (1 - conf) / n_tests, half in each tail).

    The Clopper-Pearson interval of pi given a + b, transformed to
    log2(pi / (1 - pi) · total_b / total_a); 1 - pi is computed from the complementary Beta
    quantiles, so no precision is lost near 1. The lower bound is -inf when a = 0, the upper
    +inf when b = 0 (the data bound the ratio on one side only); a + b = 0 gives
    (-inf, +inf). This is the interval behind Evert's conservative Log Ratio (LRC).
    """
    from scipy import special

    conf = _check_level(conf)
    if not n_tests >= 1:
        raise ValueError("n_tests: number of tests must be >= 1")
    a, b, ta, tb = _arrays(a, b, total_a, total_b)
    if np.any(ta <= 0) or np.any(tb <= 0):
        raise ValueError("total_a, total_b: corpus sizes must be > 0")
    tail = (1.0 - conf) / n_tests / 2.0
    has_a = a > 0
    has_b = b > 0
    a1 = np.where(has_a, a, 1.0)
    b1 = np.where(has_b, b, 1.0)
    size = np.log2(tb) - np.log2(ta)
    p_lo = special.betaincinv(a1, b + 1.0, tail)
    q_lo = special.betainccinv(b + 1.0, a1, tail)
    lower = np.where(has_a, _log2_pos(p_lo, -np.inf) - np.log2(q_lo) + size, -np.inf)
    p_hi = special.betainccinv(a + 1.0, b1, tail)
    q_hi = special.betaincinv(b1, a + 1.0, tail)
    upper = np.where(has_b, np.log2(p_hi) - _log2_pos(q_hi, -np.inf) + size, np.inf)
    return lower, upper


def smallest_permutation_p(n_a: int, n_b: int, symmetric: bool = True) -> float:
    """The smallest p-value an exact two-sided label-permutation test over n_a + n_b units
    can reach: 1 / C(n, n_a), or 2 / C(n, n_a) when n_a = n_b and the statistic is
    symmetric under swapping the sides (the swapped assignment ties with the observed one).
    With one document a side (1 vs 1) it is 1: no test is possible."""
    n_a, n_b = int(n_a), int(n_b)
    if n_a < 1 or n_b < 1:
        return 1.0
    c = math.comb(n_a + n_b, n_a)          # an exact integer (may exceed any float)
    return min(1.0, (2 if symmetric and n_a == n_b else 1) / c)
