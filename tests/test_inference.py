"""The shared inference kernels against known answers (scipy, closed forms, enumeration)."""

import math

import numpy as np
import pytest
from scipy import stats

from scotext.inference.exact import (binom_test_two_sided, clopper_pearson, jeffreys,
                                     poisson_rate_interval, rate_ratio_interval, rate_test,
                                     smallest_permutation_p)
from scotext.inference.multiplicity import bh, bh_subset, bonferroni
from scotext.inference.permutation import label_permutation_test, null_summary


def test_binomial_test_equals_scipy_on_a_grid():
    rng = np.random.default_rng(3)
    n = rng.integers(1, 400, 3000)
    p = rng.uniform(0.02, 0.98, 3000)
    k = np.array([rng.integers(0, m + 1) for m in n])
    ref = [stats.binomtest(int(a), int(b), float(c)).pvalue for a, b, c in zip(k, n, p)]
    np.testing.assert_allclose(binom_test_two_sided(k, n, p), ref, rtol=1e-12, atol=0)
    # symmetric null and ties at the mode
    m = np.arange(1, 80)
    np.testing.assert_allclose(binom_test_two_sided(m // 3, m, 0.5),
                               [stats.binomtest(int(a), int(b)).pvalue for a, b in zip(m // 3, m)])
    assert binom_test_two_sided(0, 0, 0.3) == 1.0


def test_rate_test_zero_against_thirteen_by_hand():
    # 0 of 13 in A with A holding 40% of the tokens: only outcomes as unlikely as 0 count.
    ta, tb = 4000, 6000
    p0 = ta / (ta + tb)
    pmf = stats.binom.pmf(np.arange(14), 13, p0)
    by_hand = pmf[pmf <= pmf[0] * (1 + 1e-7)].sum()
    assert rate_test(0, 13, ta, tb) == pytest.approx(by_hand, rel=1e-12)
    assert rate_test(13, 0, tb, ta) == pytest.approx(rate_test(0, 13, ta, tb))
    assert by_hand > 0.6 ** 13


def test_intervals_of_counts():
    lo, hi = clopper_pearson([0, 3, 10], [10, 10, 10])
    ref = [stats.binomtest(x, 10).proportion_ci(method="exact") for x in (0, 3, 10)]
    np.testing.assert_allclose(lo, [r.low for r in ref])
    np.testing.assert_allclose(hi, [r.high for r in ref])
    jl, jh = jeffreys([0, 3, 10], [10, 10, 10])
    assert jl[0] == 0 and jh[2] == 1
    assert jl[1] == pytest.approx(stats.beta.ppf(0.025, 3.5, 7.5))
    # zero count: the exact upper bound is -ln(0.025) / exposure, never zero width
    lo0, hi0 = poisson_rate_interval(0, 931, per=10_000)
    assert lo0 == 0 and hi0 == pytest.approx(-math.log(0.025) / 931 * 10_000)
    assert 39 < hi0 < 40
    lo, hi = poisson_rate_interval(13, 1000)
    assert lo == pytest.approx(stats.chi2.ppf(0.025, 26) / 2 / 1000)
    assert hi == pytest.approx(stats.chi2.ppf(0.975, 28) / 2 / 1000)


def test_rate_ratio_interval_covers_and_is_antisymmetric():
    lo, hi = rate_ratio_interval([5, 0, 20], [5, 13, 0], 1000, 1000)
    assert lo[0] < 0 < hi[0]
    assert lo[1] == -np.inf and hi[1] < 0
    assert hi[2] == np.inf and lo[2] > 0
    lo2, hi2 = rate_ratio_interval([5, 13, 0], [5, 0, 20], 1000, 1000)
    np.testing.assert_allclose(lo2, -hi)
    # Bonferroni widens it
    wlo, whi = rate_ratio_interval(30, 10, 1000, 1000, n_tests=100)
    nlo, nhi = rate_ratio_interval(30, 10, 1000, 1000)
    assert wlo < nlo and whi > nhi
    # coverage of the true log2 ratio by simulation (conservative: >= 95%)
    rng = np.random.default_rng(0)
    a = rng.poisson(6, 4000)
    b = rng.poisson(3, 4000)
    lo, hi = rate_ratio_interval(a, b, 1000, 1000)
    assert ((lo <= 1) & (1 <= hi)).mean() >= 0.95


def test_smallest_permutation_p():
    assert smallest_permutation_p(1, 1) == 1.0
    assert smallest_permutation_p(2, 1) == pytest.approx(1 / 3)
    assert smallest_permutation_p(2, 2) == pytest.approx(2 / 6)
    assert smallest_permutation_p(5, 5) == pytest.approx(2 / 252)
    assert smallest_permutation_p(0, 4) == 1.0


def test_bh_bonferroni():
    p = np.array([0.01, 0.04, 0.03, 0.5])
    np.testing.assert_allclose(bh(p), stats.false_discovery_control(p, method="bh"))
    q = bh_subset(p, [True, True, False, False])
    assert np.isnan(q[2]) and q[0] == pytest.approx(0.02) and q[1] == pytest.approx(0.04)
    np.testing.assert_allclose(bonferroni(p), [0.04, 0.16, 0.12, 1.0])


def _mean_difference(values):
    tot = values.sum()
    n = values.size

    def stat(member):
        sa = values @ member
        na = member.sum(axis=0)
        return np.abs(sa / na - (tot - sa) / (n - na))[None, :]
    return stat


def test_label_permutation_exact_and_random():
    values = np.array([10.0, 11, 12, 1, 2, 3])
    is_a = np.array([1, 1, 1, 0, 0, 0], bool)
    p, min_p, n, exact = label_permutation_test(_mean_difference(values), is_a, 1000, 0)
    assert exact and n == 20 and min_p == pytest.approx(2 / 20) and p[0] == pytest.approx(2 / 20)
    p, min_p, n, exact = label_permutation_test(_mean_difference(values), is_a, 10, 0)
    assert not exact and n == 10 and min_p == pytest.approx(1 / 11) and p[0] >= 1 / 11
    # no structure: p is uniform-ish, never below its floor
    rng = np.random.default_rng(1)
    ps = [label_permutation_test(_mean_difference(rng.normal(size=12)), np.arange(12) < 6,
                                 199, s)[0][0] for s in range(60)]
    assert min(ps) >= 1 / 200 and 0.3 < np.mean(ps) < 0.7


def test_null_summary():
    null = np.arange(100) / 100.0
    out = null_summary(0.985, null)
    assert out["p"] == pytest.approx((1 + 1) / 101)       # only 0.99 >= 0.985
    assert out["null_mean"] == pytest.approx(0.495)
    assert null_summary(0.0, null, alternative="less")["p"] == pytest.approx(2 / 101)
