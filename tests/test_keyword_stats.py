"""Keyword statistics: every formula against values worked by hand from its definition."""

import math

import numpy as np
import pytest
from scipy import sparse, stats

from scotext.keywords.frequencies import bootstrap_intervals
from scotext.keywords.stats import (bh, doc_permutation_test, dp_norm, g2, g2_p, log_odds_prior,
                                    log_odds_z, log_ratio, lrc)

# zero counts must never produce a numpy warning (division by zero, log of 0, NaN)
pytestmark = pytest.mark.filterwarnings("error")


def random_tables(seed=0, n=300):
    """Random counts with different rates in A and B; both corpora of 20,000 tokens."""
    rng = np.random.default_rng(seed)
    rate_a = rng.uniform(1e-4, 5e-3, n)
    rate_b = rate_a * rng.choice([0.2, 0.5, 2.0, 5.0], n)
    a = rng.poisson(rate_a * 20_000).astype(float)
    b = rng.poisson(rate_b * 20_000).astype(float)
    keep = a * 20_000 != b * 20_000          # rates differ
    return a[keep], b[keep], 20_000.0, 20_000.0


# ------------------------------------------------------------------------------- G²

def test_g2_by_hand_equal_totals():
    # a=10, b=2, n_a = n_b = 1000, N = 2000, R1 = 12, R2 = 1988
    # E11 = 12*1000/2000 = 6, E12 = 6, E21 = E22 = 1988*1000/2000 = 994
    # O: 10, 2, 990, 998
    hand = 2 * (10 * math.log(10 / 6) + 2 * math.log(2 / 6)
                + 990 * math.log(990 / 994) + 998 * math.log(998 / 994))
    assert hand == pytest.approx(5.854256, abs=1e-6)
    assert g2(10, 2, 1000, 1000) == pytest.approx(hand, rel=1e-12)
    assert g2(2, 10, 1000, 1000) == pytest.approx(-hand, rel=1e-12)   # rate in A lower


def test_g2_by_hand_zero_cell_unequal_totals():
    # a=5, b=0, n_a=1000, n_b=3000, N=4000, R1=5, R2=3995
    # E11 = 5*1000/4000 = 1.25, E12 = 3.75 (O12 = 0: 0·ln 0 = 0),
    # E21 = 3995*1000/4000 = 998.75 (O21 = 995), E22 = 3995*3000/4000 = 2996.25 (O22 = 3000)
    hand = 2 * (5 * math.log(5 / 1.25) + 995 * math.log(995 / 998.75)
                + 3000 * math.log(3000 / 2996.25))
    assert g2(5, 0, 1000, 3000) == pytest.approx(hand, rel=1e-12)
    assert g2(0, 5, 3000, 1000) == pytest.approx(-hand, rel=1e-12)   # A and B swapped
    out = g2([0, 2, 5], [0, 6, 0], 1000, 3000)
    assert out[0] == 0.0                      # absent from both
    assert out[1] == pytest.approx(0.0, abs=1e-12)   # same rate 2/1000 = 6/3000
    assert np.all(np.isfinite(out))


def test_g2_agrees_with_scipy_without_correction():
    table = np.array([[7, 30], [993, 1970]])            # a=7, b=30, n_a=1000, n_b=2000
    expected = stats.chi2_contingency(table, correction=False, lambda_="log-likelihood")[0]
    assert abs(g2(7, 30, 1000, 2000)) == pytest.approx(expected, rel=1e-10)
    assert g2(7, 30, 1000, 2000) < 0                    # 0.7% < 1.5%


def test_g2_symmetry_and_validation():
    a, b, ta, tb = random_tables()
    np.testing.assert_allclose(g2(b, a, tb, ta), -g2(a, b, ta, tb), rtol=1e-12)
    with pytest.raises(ValueError):
        g2(11, 0, 10, 10)                               # count larger than its corpus
    with pytest.raises(ValueError):
        g2(-1, 0, 10, 10)


def test_g2_p_by_hand():
    # chi-square with 1 df: P(X > x) = erfc(sqrt(x / 2))
    x = np.array([0.0, 3.841458820694124, 6.0, -6.0])
    np.testing.assert_allclose(g2_p(x), [math.erfc(math.sqrt(abs(v) / 2)) for v in x],
                               rtol=1e-12)
    assert g2_p(3.841458820694124) == pytest.approx(0.05, rel=1e-9)
    assert g2_p(0.0) == 1.0


# ------------------------------------------------------------------------------- BH

def test_bh_by_hand():
    # sorted p: .01 .03 .04 .50 (m = 4); m·p/rank: .04 .06 .0533 .50
    # running minimum from the largest: .50, .0533, .0533, .04
    q = bh([0.01, 0.04, 0.03, 0.5])
    np.testing.assert_allclose(q, [0.04, 0.04 * 4 / 3, 0.04 * 4 / 3, 0.5], rtol=1e-12)


def test_bh_matches_scipy_and_is_monotone():
    rng = np.random.default_rng(3)
    p = np.concatenate([rng.uniform(0, 1, 200), rng.uniform(0, 1e-3, 20), [0.2] * 5, [1.0]])
    rng.shuffle(p)
    q = bh(p)
    np.testing.assert_allclose(q, stats.false_discovery_control(p, method="bh"), rtol=1e-12)
    order = np.argsort(p)
    assert np.all(np.diff(q[order]) >= 0) and np.all(q <= 1) and np.all(q >= p)
    assert bh([]).shape == (0,)
    with pytest.raises(ValueError):
        bh([0.5, 1.2])


# ------------------------------------------------------------------------ Log Ratio

def test_log_ratio_by_hand():
    # (10/1000) / (2/1000) = 5 -> log2 5
    assert log_ratio(10, 2, 1000, 1000) == pytest.approx(math.log2(5), rel=1e-12)
    # a = 0 -> 0.5: (0.5/1000) / (4/2000) = 0.25 -> -2
    assert log_ratio(0, 4, 1000, 2000) == pytest.approx(-2.0, rel=1e-12)
    # b = 0 -> 0.5: (3/1000) / (0.5/1000) = 6
    assert log_ratio(3, 0, 1000, 1000) == pytest.approx(math.log2(6), rel=1e-12)
    # only the zero count is replaced (Hardie), not both: (3/1000)/(1/1000) = 3
    assert log_ratio(3, 1, 1000, 1000) == pytest.approx(math.log2(3), rel=1e-12)
    # absent from both: 0, not log2(n_b / n_a) = log2 2
    assert log_ratio(0, 0, 1000, 2000) == 0.0
    assert log_ratio(0, 4, 1000, 2000, zero=1.0) == pytest.approx(math.log2(0.5), rel=1e-12)


def test_log_ratio_symmetry():
    a, b, ta, tb = random_tables(1)
    np.testing.assert_array_equal(log_ratio(b, a, tb, ta), -log_ratio(a, b, ta, tb))


# ------------------------------------------------------------------------------ LRC

def test_lrc_closed_form_when_one_count_is_zero():
    # a=10, b=0: Beta(10, 1) has CDF x^10, so p_lo = (alpha/2)^(1/10), alpha = 0.05;
    # p_hi = 1 (upper bound +inf); RR_lo = p_lo/(1-p_lo) · (1000/1000)
    p_lo = 0.025 ** (1 / 10)
    hand = math.log2(p_lo / (1 - p_lo))
    assert hand == pytest.approx(1.16448, abs=1e-5)
    assert lrc(10, 0, 1000, 1000) == pytest.approx(hand, rel=1e-10)
    # a=0, b=10: Beta(1, 10) has CDF 1-(1-x)^10, so 1-p_hi = (alpha/2)^(1/10), upper bound
    # log2(p_hi/(1-p_hi)) is the negative of the case above
    assert lrc(0, 10, 1000, 1000) == pytest.approx(-hand, rel=1e-10)
    # corpus sizes enter as log2(n_b / n_a): n_a = 500 doubles the rate in A -> +1
    assert lrc(10, 0, 500, 1000) == pytest.approx(hand + 1, rel=1e-10)


def test_lrc_matches_clopper_pearson_of_scipy():
    # a=60, b=8, n_a=2000, n_b=1000: exact binomial interval of p = a/(a+b) = 60/68;
    # RR bound = p/(1-p) · n_b/n_a
    ci = stats.binomtest(60, 68).proportion_ci(confidence_level=0.95, method="exact")
    lo = math.log2(ci.low / (1 - ci.low) * 1000 / 2000)
    assert lo > 0                                       # significant: lower bound reported
    assert lrc(60, 8, 2000, 1000) == pytest.approx(lo, rel=1e-9)
    assert lrc(8, 60, 1000, 2000) == pytest.approx(-lo, rel=1e-9)   # B/A: upper bound < 0
    # Bonferroni over 20 tests = level 1 - 0.05/20
    ci = stats.binomtest(60, 68).proportion_ci(confidence_level=1 - 0.05 / 20,
                                               method="exact")
    lo_adj = math.log2(ci.low / (1 - ci.low) * 1000 / 2000)
    assert 0 < lo_adj < lo
    assert lrc(60, 8, 2000, 1000, n_tests=20) == pytest.approx(lo_adj, rel=1e-9)
    # a negative difference uses the upper bound: a=5, b=40, n_a=n_b=1000
    ci = stats.binomtest(5, 45).proportion_ci(confidence_level=0.95, method="exact")
    hi = math.log2(ci.high / (1 - ci.high))
    assert hi < 0 and lrc(5, 40, 1000, 1000) == pytest.approx(hi, rel=1e-9)


def test_lrc_zero_when_interval_contains_zero():
    # 3 vs 2 in equal corpora: RR = 1.5 but the exact interval of p = 3/5 contains 1/2
    ci = stats.binomtest(3, 5).proportion_ci(method="exact")
    assert ci.low < 0.5 < ci.high
    np.testing.assert_array_equal(lrc([3, 2, 0], [2, 3, 0], 1000, 1000), [0.0, 0.0, 0.0])
    # a zero count leaves the interval open on its side: 0 in A, 1 in B with n_b = 1000·n_a
    # gives RR in [0, 39 · 1000] (p_hi = 0.975 for Beta(1, 1)), which contains 1 -> 0
    assert lrc(0, 1, 1000, 1_000_000) == 0.0
    assert lrc(1, 0, 1_000_000, 1000) == 0.0


def test_lrc_larger_counts_get_closer_to_log_ratio():
    # same ratio 2:1 (log ratio 1), ten times the evidence each step
    a = np.array([20.0, 200.0, 2000.0, 20000.0])
    out = lrc(a, a / 2, 1e6, 1e6)
    assert np.all(np.diff(out) > 0) and np.all(out < 1.0)
    assert out[-1] == pytest.approx(1.0, abs=0.05)
    np.testing.assert_allclose(log_ratio(a, a / 2, 1e6, 1e6), 1.0)


def test_lrc_bonferroni_is_more_conservative():
    a, b, ta, tb = random_tables(2)
    plain = lrc(a, b, ta, tb)
    adjusted = lrc(a, b, ta, tb, n_tests=a.size)
    assert np.all(np.abs(adjusted) <= np.abs(plain))
    assert np.any(np.abs(adjusted) < np.abs(plain))
    assert np.count_nonzero(adjusted) < np.count_nonzero(plain)
    assert np.all(np.abs(lrc(a, b, ta, tb, conf=0.99)) <= np.abs(plain))


def test_lrc_bounded_by_log_ratio_and_antisymmetric():
    a, b, ta, tb = random_tables(4)
    both = (a > 0) & (b > 0)          # point estimate inside the interval: |LRC| <= |LR|
    out = lrc(a, b, ta, tb)
    assert np.all(np.abs(out[both]) <= np.abs(log_ratio(a, b, ta, tb)[both]) + 1e-12)
    assert np.all(np.sign(out[out != 0]) == np.sign(log_ratio(a, b, ta, tb)[out != 0]))
    np.testing.assert_array_equal(lrc(b, a, tb, ta), -out)


# ------------------------------------------------------------------------- log-odds

def test_log_odds_prior_by_hand():
    # alpha_w = 100 · pooled_w / (12 + 1988)
    np.testing.assert_allclose(log_odds_prior([12, 1988, 0], 100), [0.6, 99.4, 0.0])
    with pytest.raises(ValueError):
        log_odds_prior([0, 0], 100)


def test_log_odds_z_by_hand():
    # vocabulary of 2 terms: A = (10, 990), B = (2, 998), n_a = n_b = 1000
    # prior from pooled (12, 1988) with alpha0 = 100: alpha = (0.6, 99.4)
    # term 1: delta = ln(10.6 / (1000 + 100 - 10.6)) - ln(2.6 / (1000 + 100 - 2.6))
    #         sigma² = 1/10.6 + 1/2.6
    alpha = log_odds_prior([12, 1988], 100)
    delta, z = log_odds_z([10, 990], [2, 998], 1000, 1000, alpha)
    d1 = math.log(10.6 / 1089.4) - math.log(2.6 / 1097.4)
    assert delta[0] == pytest.approx(d1, rel=1e-12)
    assert z[0] == pytest.approx(d1 / math.sqrt(1 / 10.6 + 1 / 2.6), rel=1e-12)
    # term 2: ln(1089.4 / 10.6) - ln(1097.4 / 2.6), sigma² = 1/1089.4 + 1/1097.4
    d2 = math.log(1089.4 / 10.6) - math.log(1097.4 / 2.6)
    assert delta[1] == pytest.approx(d2, rel=1e-12)
    assert z[1] == pytest.approx(d2 / math.sqrt(1 / 1089.4 + 1 / 1097.4), rel=1e-12)
    # explicit alpha0 for a subset of the vocabulary gives the same values
    d_sub, z_sub = log_odds_z([10], [2], 1000, 1000, [0.6], alpha0=100)
    assert d_sub[0] == pytest.approx(d1, rel=1e-12) and z_sub[0] == pytest.approx(z[0])


def test_log_odds_z_zero_counts():
    # vocabulary (term, rest): term absent from A; alpha = (1, 9), alpha0 = 10
    # delta = ln(1 / (100 + 10 - 1)) - ln(6 / (100 + 10 - 6)), sigma² = 1/1 + 1/6
    delta, z = log_odds_z([0, 100], [5, 95], 100, 100, [1.0, 9.0])
    d = math.log(1 / 109) - math.log(6 / 104)
    assert delta[0] == pytest.approx(d, rel=1e-12) and delta[0] < 0
    assert z[0] == pytest.approx(d / math.sqrt(1 + 1 / 6), rel=1e-12)
    # absent everywhere with zero prior: 0, 0 (also with unequal corpus sizes)
    delta, z = log_odds_z([0, 100], [0, 150], 200, 300, [0.0, 5.0])
    assert delta[0] == 0.0 and z[0] == 0.0
    with pytest.raises(ValueError):                   # observed term with zero prior
        log_odds_z([0, 100], [3, 97], 200, 200, [0.0, 5.0])


def test_log_odds_z_symmetry():
    a, b, ta, tb = random_tables(5)
    alpha = log_odds_prior(a + b, 50)
    d, z = log_odds_z(a, b, ta, tb, alpha)
    d2, z2 = log_odds_z(b, a, tb, ta, alpha)
    np.testing.assert_array_equal(d2, -d)
    np.testing.assert_array_equal(z2, -z)


def test_direction_agrees_across_statistics():
    # equal corpus sizes: G², Log Ratio, z and a non-zero LRC all point the same way
    a, b, ta, tb = random_tables(6)
    alpha = log_odds_prior(a + b, 50)
    sign = np.sign(a / ta - b / tb)
    assert np.all(sign != 0)
    assert np.array_equal(np.sign(g2(a, b, ta, tb)), sign)
    assert np.array_equal(np.sign(log_ratio(a, b, ta, tb)), sign)
    assert np.array_equal(np.sign(log_odds_z(a, b, ta, tb, alpha)[1]), sign)
    c = lrc(a, b, ta, tb)
    assert np.array_equal(np.sign(c[c != 0]), sign[c != 0])


def test_log_odds_strong_prior_can_reverse_a_weak_difference():
    # documented caveat: rate 1/10 in A > 90/1000 in B, but alpha = 1, alpha0 = 100:
    # ln(2 / (10 + 100 - 2)) - ln(91 / (1000 + 100 - 91)) < 0
    delta, _ = log_odds_z([1], [90], 10, 1000, [1.0], alpha0=100)
    assert delta[0] == pytest.approx(math.log(2 / 108) - math.log(91 / 1009), rel=1e-12)
    assert delta[0] < 0 < g2(1, 90, 10, 1000)


# ---------------------------------------------------------------------------- DP

def test_dp_norm_by_hand():
    sizes = [9, 10, 10, 10, 11]                       # shares .18 .20 .20 .20 .22
    counts = np.array([
        [1, 2, 3, 4, 5],      # v/V = .0667 .1333 .2 .2667 .3333; |diff| sum = .36 -> DP .18
        [9, 10, 10, 10, 11],  # exactly proportional -> 0
        [7, 0, 0, 0, 0],      # all in the smallest part -> DP = 1 - .18, DP_norm = 1
        [0, 0, 0, 0, 3],      # all in the largest: DP = 1 - .22 = .78 -> .78 / .82
        [0, 0, 0, 0, 0],      # absent: 0 by convention
    ])
    expected = [0.18 / 0.82, 0.0, 1.0, 0.78 / 0.82, 0.0]
    np.testing.assert_allclose(dp_norm(counts, sizes), expected, rtol=1e-12, atol=1e-15)
    np.testing.assert_allclose(dp_norm(sparse.csr_array(counts), sizes), expected,
                               rtol=1e-12, atol=1e-15)
    # equal parts: 2 of 4 parts, evenly -> DP = 0.5(.25+.25+.25+.25) = .5, / (1 - .25)
    assert dp_norm([[1, 1, 0, 0]], [5, 5, 5, 5])[0] == pytest.approx(0.5 / 0.75, rel=1e-12)


def test_dp_norm_single_part_sparse_dense_and_validation():
    assert dp_norm([[4], [0]], [100]).tolist() == [0.0, 0.0]
    rng = np.random.default_rng(7)
    dense = rng.poisson(0.7, size=(200, 6)).astype(float)
    sizes = rng.integers(50, 500, 6)
    out = dp_norm(dense, sizes)
    np.testing.assert_allclose(dp_norm(sparse.csr_matrix(dense), sizes), out, atol=1e-12)
    assert np.all((out >= 0) & (out <= 1))
    # non-canonical sparse input (duplicate entries) is summed, and not modified
    dup = sparse.csr_array((np.array([1.0, 1.0]), np.array([0, 0]), np.array([0, 2])),
                           shape=(1, 2))
    assert dp_norm(dup, [1, 1])[0] == pytest.approx(1.0)     # 2 tokens in part 0 of 2 equal
    assert dup.nnz == 2
    with pytest.raises(ValueError):
        dp_norm(dense, sizes[:-1])


# ------------------------------------------------------------------------- bootstrap
# The rate intervals of the frequency tables come from the shared cluster bootstrap
# (scotext.inference.bootstrap.cluster_unit_weights) through
# scotext.keywords.frequencies.bootstrap_intervals; these are its known answers.

def toy_corpus(seed=0, n_terms=40, docs=(3, 5, 1, 4)):
    """units x terms counts, tokens per unit, document of each unit (one period)."""
    rng = np.random.default_rng(seed)
    strata = np.repeat(np.arange(len(docs)), docs).astype(str)
    totals = rng.integers(50, 200, strata.size).astype(float)
    rates = rng.uniform(0.001, 0.05, n_terms)
    counts = rng.poisson(np.outer(totals, rates))
    return sparse.csr_matrix(counts.astype(float)), totals, strata


def boot(counts, totals, docs, n_boot, seed, **kw):
    periods = np.array(["P"] * counts.shape[0], dtype=object)
    return bootstrap_intervals(counts, totals, periods, np.asarray(docs, dtype=object), ["P"],
                               n_boot=n_boot, seed=seed, **{"level": 0.95, **kw})["P"]


def test_bootstrap_deterministic_and_seed_dependent():
    counts, totals, strata = toy_corpus()
    first = boot(counts, totals, strata, 300, seed=11)
    again = boot(counts, totals, strata, 300, seed=11)
    other = boot(counts, totals, strata, 300, seed=12)
    np.testing.assert_array_equal(first[0], again[0])
    np.testing.assert_array_equal(first[1], again[1])
    assert not np.array_equal(first[0], other[0])
    blocked = boot(counts, totals, strata, 300, seed=11, term_block=3)   # blocks change nothing
    np.testing.assert_array_equal(first[0], blocked[0])
    np.testing.assert_array_equal(first[1], blocked[1])


def test_bootstrap_interval_contains_point_for_homogeneous_corpus():
    counts, totals, strata = toy_corpus(1)
    point = np.asarray(counts.sum(axis=0)).ravel() / totals.sum() * 10_000
    low, high = boot(counts, totals, strata, 1000, seed=3)
    assert np.all(low <= point) and np.all(point <= high) and np.all(low < high)
    low90, high90 = boot(counts, totals, strata, 1000, seed=3, level=0.9)
    assert np.all(low90 >= low) and np.all(high90 <= high)


def test_bootstrap_resamples_documents_not_only_paragraphs():
    # two one-paragraph documents of 100 tokens, rates 10% and 0%: a replicate draws
    # (d1, d1) p = 1/4 -> 10%, (d1, d2) p = 1/2 -> 5%, (d2, d2) p = 1/4 -> 0%, so the 95%
    # interval is [0%, 10%]. Resampling paragraphs within fixed documents (the old scheme)
    # could only give 5%.
    counts = sparse.csr_matrix(np.array([[10.0], [0.0]]))
    low, high = boot(counts, [100.0, 100.0], ["d1", "d2"], 2000, seed=1, per=100)
    assert low[0] == pytest.approx(0.0) and high[0] == pytest.approx(10.0)
    low, high = boot(counts, [100.0, 100.0], ["d1", "d2"], 2000, seed=1, per=100, level=0.4)
    assert low[0] == pytest.approx(5.0) and high[0] == pytest.approx(5.0)


def test_bootstrap_one_document_two_stage_distribution_by_hand():
    # one document, segments (2 of 100) and (9 of 100): two-stage draws (s1,s1) p=1/4 -> 2%,
    # (s1,s2) p=1/2 -> 5.5%, (s2,s2) p=1/4 -> 9%; the 2.5% and 97.5% quantiles are the
    # extremes; a 40% interval lies in the mass 1/2 at 5.5
    counts = sparse.csr_matrix(np.array([[2.0], [9.0]]))
    low, high = boot(counts, [100.0, 100.0], ["d", "d"], 2000, seed=5, per=100)
    assert low[0] == pytest.approx(2.0) and high[0] == pytest.approx(9.0)
    low, high = boot(counts, [100.0, 100.0], ["d", "d"], 2000, seed=5, per=100, level=0.4)
    assert low[0] == pytest.approx(5.5) and high[0] == pytest.approx(5.5)
    # without the second stage a one-document period cannot vary: zero width
    low, high = boot(counts, [100.0, 100.0], ["d", "d"], 500, seed=5, per=100,
                     two_stage=False)
    assert low[0] == pytest.approx(5.5) and high[0] == pytest.approx(5.5)


def test_bootstrap_replicate_without_tokens_has_rate_zero():
    # segment 0 has no tokens; with prob. 1/4 a replicate draws it twice: 0 tokens -> rate 0
    counts = sparse.csr_matrix(np.array([[0.0], [4.0]]))
    low, high = boot(counts, [0.0, 50.0], ["d", "d"], 400, seed=2, per=1)
    assert low[0] == 0.0 and high[0] == pytest.approx(0.08)
    assert np.isfinite(low).all() and np.isfinite(high).all()


# ----------------------------------------------------------------------- permutation

def test_permutation_exact_enumeration_and_separated_case():
    # 5 documents of 100 tokens, 2 in A, 3 in B: C(5, 2) = 10 assignments, min_p = 1/10.
    # term 0 occurs only in A (10 per document): observed |T| = log2((20/200) / (0.5/300))
    # = log2 60; any other pair gives less (e.g. {A1, B1}: log2(.05 / (10/300)) = .585;
    # {B1, B2}: |log2((0.5/200) / (20/300))| = 4.74), so p = 1/10 = min_p.
    counts = np.array([[10, 10, 0, 0, 0],
                       [5, 5, 5, 5, 5],      # same rate everywhere: every |T*| = 0 -> p = 1
                       [0, 0, 0, 0, 0]])     # absent: T = 0 always -> p = 1
    labels = ["2019", "2019", "2020", "2020", "2020"]
    p, min_p, n_assign = doc_permutation_test(counts, [100] * 5, labels, "2019", "2020",
                                              n_perm=1000, seed=0)
    assert n_assign == 10 and min_p == pytest.approx(0.1)
    np.testing.assert_allclose(p, [0.1, 1.0, 1.0])
    assert np.all(p >= min_p)
    # n_perm = C(5, 2) still enumerates; one fewer draws 9 random assignments instead
    p, min_p, n_assign = doc_permutation_test(counts, [100] * 5, labels, "2019", "2020",
                                              n_perm=10, seed=0)
    assert n_assign == 10 and p[0] == pytest.approx(0.1)
    _, min_p, n_assign = doc_permutation_test(counts, [100] * 5, labels, "2019", "2020",
                                              n_perm=9, seed=0)
    assert n_assign == 9 and min_p == pytest.approx(1 / 10)


def test_permutation_exact_p_by_hand():
    # 3 documents of 100 tokens with counts 3, 1, 0; one document in A.
    # {d0}: log2((3/100) / (1/200)) = log2 6 = 2.585
    # {d1}: log2((1/100) / (3/200)) = -0.585
    # {d2}: log2((0.5/100) / (4/200)) = -2
    counts = [[3, 1, 0]]
    for a_doc, expected in [(0, 1 / 3), (1, 3 / 3), (2, 2 / 3)]:
        labels = ["B"] * 3
        labels[a_doc] = "A"
        p, min_p, n = doc_permutation_test(counts, [100] * 3, labels, "A", "B", 10, seed=0)
        assert n == 3 and min_p == pytest.approx(1 / 3)
        assert p[0] == pytest.approx(expected)


def test_permutation_ignores_other_labels_and_states_min_p():
    # 5 documents, 2 vs 1, two others ignored: C(3, 2) = 3 -> min_p = 1/3
    counts = sparse.csr_array(np.array([[8, 9, 0, 500, 0], [1, 2, 3, 0, 900]], dtype=float))
    labels = np.array(["A", "A", "B", "other", "other"])
    p, min_p, n = doc_permutation_test(counts, [100, 100, 100, 600, 1000], labels, "A", "B",
                                       999, seed=0)
    assert n == 3 and min_p == pytest.approx(1 / 3)
    p3, _, _ = doc_permutation_test(counts[:, :3], [100, 100, 100], labels[:3], "A", "B",
                                    999, seed=0)
    np.testing.assert_array_equal(p, p3)
    assert p[0] == pytest.approx(1 / 3)


def test_permutation_equal_groups_min_p_counts_the_mirror_assignment():
    # 2 vs 2: C(4, 2) = 6, but swapping the groups gives T* = -T, so min_p = 2/6
    counts = [[10, 10, 0, 0]]
    p, min_p, n = doc_permutation_test(counts, [100] * 4, ["a", "a", "b", "b"], "a", "b",
                                       100, seed=0)
    assert n == 6 and min_p == pytest.approx(1 / 3) and p[0] == pytest.approx(1 / 3)


def test_permutation_random_assignments():
    # 10 vs 20 documents: C(30, 10) > n_perm, so 199 random assignments, min_p = 1/200
    rng = np.random.default_rng(0)
    labels = np.array(["A"] * 10 + ["B"] * 20)
    counts = rng.poisson(3, size=(50, 30)).astype(float)
    counts[0] = np.r_[np.full(10, 9.0), np.zeros(20)]        # separated: p = 1/(1 + 199)
    totals = np.full(30, 500.0)
    p, min_p, n = doc_permutation_test(counts, totals, labels, "A", "B", 199, seed=4)
    assert n == 199 and min_p == pytest.approx(1 / 200)
    assert p[0] == pytest.approx(min_p)
    assert np.all(p >= min_p) and np.all(p <= 1)
    again, _, _ = doc_permutation_test(counts, totals, labels, "A", "B", 199, seed=4,
                                       chunk_size=13)
    np.testing.assert_array_equal(p, again)                  # seeded, chunk-independent
    other, _, _ = doc_permutation_test(counts, totals, labels, "A", "B", 199, seed=5)
    assert not np.array_equal(p, other)
    # the exact test has p >= min_p too, for any data
    small = rng.poisson(2, size=(30, 5)).astype(float)
    p, min_p, _ = doc_permutation_test(small, rng.integers(80, 200, 5), list("AABBB"), "A",
                                       "B", 500, seed=0)
    assert np.all(p >= min_p - 1e-15)


def test_permutation_validation():
    with pytest.raises(ValueError):
        doc_permutation_test([[1, 2]], [10, 10], ["A", "A"], "A", "B", 10, seed=0)
    with pytest.raises(ValueError):
        doc_permutation_test([[1, 2]], [10, 0], ["A", "B"], "A", "B", 10, seed=0)
