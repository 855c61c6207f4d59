"""Keyness with exact tests: known answers, a corpus with nothing to find and one with a
planted difference, the BH family of the ranked terms, LRC's correction, exact rate
intervals, the document-level verdict, the periods table and skipped contrasts."""

import math

import numpy as np
import pandas as pd
import pytest
from scipy import sparse, stats

from scotext.keywords.frequencies import period_frequencies
from scotext.keywords.keyness import (doc_permutation_table, keyness_table, read_keyness,
                                      summary_counts, top_terms)
from scotext.keywords.periods import Contrast, period_table, usable_contrasts
from scotext.keywords.stats import lrc

CON = Contrast("A_vs_B", ("A",), ("B",), "A", "B")


def exact_two_sided(k: int, n: int, p: float) -> float:
    """The minlike two-sided binomial p from its definition (math.comb, no scipy): the
    probability of every outcome no more likely than k (relative tolerance 1e-7, as R)."""
    pmf = [math.comb(n, i) * p ** i * (1 - p) ** (n - i) for i in range(n + 1)]
    return min(1.0, sum(q for q in pmf if q <= pmf[k] * (1 + 1e-7)))


def test_exact_p_for_zero_against_thirteen_with_the_shipped_totals():
    # pandemic, 2019 vs 2020 on main a8f62f0: 0 of 1,887 tokens against 13 of 1,995
    p0 = 1887 / (1887 + 1995)
    by_hand = exact_two_sided(0, 13, p0)
    # P(0) = (1 - p0)^13 = 1.744e-4; the only outcome as unlikely is 13 (P = 8.46e-5), so
    # p = P(0) + P(13) = 2.590e-4; as the smallest p of the 230 ranked terms its BH q is
    # 230 p = 0.0596 (G2's q was 0.039): not significant at 0.05
    assert (1 - p0) ** 13 == pytest.approx(1.74396e-4, rel=1e-5)
    assert by_hand == pytest.approx((1 - p0) ** 13 + p0 ** 13, rel=1e-12)
    assert by_hand == pytest.approx(2.58984e-4, rel=1e-5)
    assert 230 * by_hand == pytest.approx(0.05957, rel=1e-3)
    assert by_hand == pytest.approx(stats.binomtest(0, 13, p0).pvalue, rel=1e-12)
    # the table: two documents of the two sides, pandemic and a filler term for the rest
    counts = sparse.csr_matrix(np.array([[0, 1887], [13, 1995 - 13]], dtype=float))
    k = keyness_table(counts, ["pandemic", "rest_of_text"],
                      np.array(["A", "B"], dtype=object), np.array(["d1", "d2"], dtype=object),
                      [CON], alpha0=10, min_count=1, min_segments=1).set_index("term")
    assert k.loc["pandemic", "p_exact"] == pytest.approx(by_hand, rel=1e-10)
    assert k.loc["pandemic", "p_exact"] > k.loc["pandemic", "p_g2"]      # G2 overstates
    # the exact interval of the log2 rate ratio is open below (a zero count) ...
    assert k.loc["pandemic", "lr_low"] == -np.inf and k.loc["pandemic", "lr_high"] < 0
    # ... and the zero count's rate still has an exact upper bound: -ln(0.025) / 1,887
    assert k.loc["pandemic", "rate_a_low"] == 0.0
    assert k.loc["pandemic", "rate_a_high"] == pytest.approx(-math.log(0.025) / 1887 * 1e4,
                                                             rel=1e-9)
    assert k.loc["pandemic", "rate_a_high"] > 19


def random_corpus(seed=0, n_docs=20, segs=6, n_terms=300, planted=None):
    """Documents split 10/10 into A and B, paragraphs of Poisson counts from one shared
    vocabulary distribution (Zipf-like): nothing distinguishes A from B, unless ``planted``
    (term index, factor) multiplies one term's rate in A."""
    rng = np.random.default_rng(seed)
    base = 1.0 / np.arange(1, n_terms + 1) ** 1.05
    base = base / base.sum()
    rows, docs, periods = [], [], []
    for d in range(n_docs):
        side = "A" if d < n_docs // 2 else "B"
        for _ in range(segs):
            rate = base.copy()
            if planted is not None and side == "A":
                rate[planted[0]] *= planted[1]
            rows.append(rng.poisson(rate / rate.sum() * 120))
            docs.append(f"d{d:02d}")
            periods.append(side)
    return (sparse.csr_matrix(np.array(rows, dtype=float)), [f"t{i:03d}" for i in range(n_terms)],
            np.array(periods, dtype=object), np.array(docs, dtype=object))


def test_nothing_significant_when_nothing_differs():
    for seed in range(3):
        counts, terms, periods, docs = random_corpus(seed)
        k = keyness_table(counts, terms, periods, docs, [CON], alpha0=1000, min_count=5,
                          min_segments=3)
        ranked = k[k["ranked"]]
        assert len(ranked) > 80
        assert (ranked["q_exact"] >= 0.05).all(), seed
        assert (ranked["lrc"] == 0).all(), seed
        # uncorrected p < .05 about as often as chance says (exact test: at most)
        assert (ranked["p_exact"] < 0.05).mean() <= 0.08


def test_permuted_labels_destroy_a_planted_difference():
    # the planted corpus with its period labels shuffled across paragraphs: the planted
    # term's paragraphs fall on both sides alike, and nothing is significant any more
    counts, terms, periods, docs = random_corpus(1, planted=(40, 6.0))
    for seed in range(3):
        shuffled = np.random.default_rng(seed).permutation(periods)
        k = keyness_table(counts, terms, shuffled, docs, [CON], alpha0=1000, min_count=5,
                          min_segments=3)
        ranked = k[k["ranked"]]
        assert (ranked["q_exact"] >= 0.05).all(), seed
        assert (ranked["lrc"] == 0).all(), seed


def test_a_planted_difference_is_found_at_every_level():
    counts, terms, periods, docs = random_corpus(1, planted=(40, 6.0))
    k = keyness_table(counts, terms, periods, docs, [CON], alpha0=1000, min_count=5,
                      min_segments=3).set_index("term")
    row = k.loc["t040"]
    assert row["q_exact"] < 0.001 and row["lrc"] > 1 and row["favours"] == "A"
    assert row["lr_low"] > 1 and row["lr_low"] < row["log_ratio"] < row["lr_high"]
    # the Log Ratio interval is the exact (Clopper-Pearson) interval of a / (a + b) mapped to
    # log2(pi / (1 - pi) · n_b / n_a)
    a, b, ta, tb = row["count_a"], row["count_b"], row["total_a"], row["total_b"]
    ci = stats.binomtest(int(a), int(a + b)).proportion_ci(0.95, method="exact")
    assert row["lr_low"] == pytest.approx(math.log2(ci.low / (1 - ci.low) * tb / ta), rel=1e-9)
    assert row["lr_high"] == pytest.approx(math.log2(ci.high / (1 - ci.high) * tb / ta),
                                           rel=1e-9)
    others = k[(k.index != "t040") & k["ranked"]]
    assert (others["q_exact"] >= 0.05).all()
    # 10 vs 10 documents: a document-level test is possible, and it finds the term
    assert row["evidence"] == "document-level test"
    assert row["min_p_doc"] == pytest.approx(2 / math.comb(20, 10))
    perm = doc_permutation_table(counts, terms, periods, docs, [CON], {"A_vs_B": ["t040", "t001"]},
                                 n_perm=2000, seed=3)
    p = perm.set_index("term")["p_perm"]
    assert p["t040"] == pytest.approx(1 / 2001) and p["t001"] > 0.05


def test_bh_family_is_the_ranked_terms_and_lrc_is_corrected_over_it():
    counts, terms, periods, docs = random_corpus(2, planted=(30, 4.0))
    k = keyness_table(counts, terms, periods, docs, [CON], alpha0=1000, min_count=5,
                      min_segments=3)
    ranked = k[k["ranked"]]
    m = len(ranked)
    assert (k["family_size"] == m).all() and 0 < m < len(k)
    assert k.loc[~k["ranked"], ["q_exact", "q_g2", "lrc"]].isna().all().all()
    np.testing.assert_allclose(ranked["q_exact"], stats.false_discovery_control(
        ranked["p_exact"], method="bh"), rtol=1e-12)
    np.testing.assert_allclose(ranked["q_g2"], stats.false_discovery_control(
        ranked["p_g2"], method="bh"), rtol=1e-12)
    a, b = ranked["count_a"], ranked["count_b"]
    ta, tb = ranked["total_a"].iloc[0], ranked["total_b"].iloc[0]
    np.testing.assert_allclose(ranked["lrc"], lrc(a, b, ta, tb, n_tests=m), rtol=1e-12)
    plain = keyness_table(counts, terms, periods, docs, [CON], alpha0=1000, min_count=5,
                          min_segments=3, lrc_bonferroni=False)
    pr = plain[plain["ranked"]]
    assert (pr["lrc_tests"] == 1).all()
    np.testing.assert_allclose(pr["lrc"], lrc(a, b, ta, tb), rtol=1e-12)
    assert (pr["lrc"] != 0).sum() > (ranked["lrc"] != 0).sum()


def test_segment_dispersion_and_range():
    # side A: one document, three paragraphs of 10 tokens; "even" once in each, "burst" 3x in
    # one paragraph. Document DP is undefined (one document); paragraph DP: even 0, burst
    # all in one of three equal parts: DP = 0.5 (2/3 + 1/3 + 1/3) = 2/3, / (1 - 1/3) = 1
    counts = sparse.csr_matrix(np.array([[1, 3, 6], [1, 0, 9], [1, 0, 9], [2, 2, 6]], dtype=float))
    k = keyness_table(counts, ["even", "burst", "rest"], np.array(["A", "A", "A", "B"], dtype=object),
                      np.array(["d1", "d1", "d1", "d2"], dtype=object), [CON], alpha0=10,
                      min_count=1, min_segments=1).set_index("term")
    assert np.isnan(k.loc["even", "dp_doc_a"]) and np.isnan(k.loc["burst", "dp_doc_a"])
    assert k.loc["even", "dp_seg_a"] == pytest.approx(0.0, abs=1e-12)
    assert k.loc["burst", "dp_seg_a"] == pytest.approx(1.0)
    assert k.loc["burst", "range_seg_a"] == 1 and k.loc["even", "range_seg_a"] == 3
    assert np.isnan(k.loc["even", "dp_seg_b"])          # one paragraph on side B


def test_rates_have_exact_intervals_and_no_zero_width_zero():
    counts = sparse.csr_matrix(np.array([[0, 50], [3, 40], [0, 60]], dtype=float))
    f = period_frequencies(counts, ["rare", "common"], np.array(["A", "A", "B"], dtype=object),
                           np.array(["d1", "d1", "d2"], dtype=object), ["A", "B"],
                           unit_totals=np.asarray(counts.sum(axis=1)).ravel(), n_boot=200,
                           seed=1, level=0.95)
    rare_b = f[(f["term"] == "rare") & (f["period"] == "B")].iloc[0]
    assert rare_b["count"] == 0 and rare_b["boot_high"] == 0.0        # the bootstrap collapses
    assert rare_b["ci_high"] == pytest.approx(-math.log(0.025) / 60 * 1e4, rel=1e-9)
    lo, hi = stats.chi2.ppf([0.025, 0.975], [6, 8]) / 2       # Garwood, count 3 in 93 tokens
    rare_a = f[(f["term"] == "rare") & (f["period"] == "A")].iloc[0]
    assert rare_a["exact_low"] == pytest.approx(lo / 93 * 1e4) and \
        rare_a["exact_high"] == pytest.approx(hi / 93 * 1e4)
    assert (f["ci_low"] <= f[["exact_low", "boot_low"]].min(axis=1) + 1e-12).all()
    assert (f["ci_high"] >= f[["exact_high", "boot_high"]].max(axis=1) - 1e-12).all()
    assert (f["ci_high"] > 0).all()


def test_a_period_without_words_is_reported_and_its_contrasts_skipped():
    counts = sparse.csr_matrix(np.array([[3, 1], [2, 2], [0, 0]], dtype=float))
    periods = np.array(["2019", "2020", "2023"], dtype=object)
    docs = np.array(["a", "b", "c"], dtype=object)
    documents = pd.DataFrame({"doc_id": ["a", "b", "c", "d"], "year": [2019, 2020, 2023, 2023]})
    cons = [Contrast("2019_vs_2020", ("2019",), ("2020",), "2019", "2020"),
            Contrast("2019_vs_2023", ("2019",), ("2023",), "2019", "2023"),
            Contrast("2023_vs_rest", ("2023",), ("2019", "2020"), "2023", "rest"),
            Contrast("2019_vs_rest", ("2019",), ("2020", "2023"), "2019", "rest")]
    totals = np.asarray(counts.sum(axis=1)).ravel()
    tab = period_table(documents, periods, docs, totals, ["2019", "2020", "2023"], {}, cons,
                       ["answer"]).set_index("period")
    assert not tab.loc["2023", "analysable"] and tab.loc["2019", "analysable"]
    assert tab.loc["2023", "documents"] == "c d" and tab.loc["2023", "n_tokens"] == 0
    assert "c (2023)" in tab.loc["2023", "note"] and "d (2023)" in tab.loc["2023", "note"]
    assert tab.loc["2023", "skipped_contrasts"] == "2019_vs_2023 2023_vs_rest"
    usable = usable_contrasts(cons, dict(zip(tab.index, tab["n_tokens"])))
    assert [c.name for c in usable] == ["2019_vs_2020", "2019_vs_rest"]
    # the keyness table skips a contrast with an empty side instead of failing
    k = keyness_table(counts, ["x", "y"], periods, docs, cons, alpha0=10, min_count=1,
                      min_segments=1)
    assert sorted(k["contrast"].unique()) == ["2019_vs_2020", "2019_vs_rest"]


def test_summary_counts_and_reading_back(tmp_path):
    from scotext.tables import write_csv

    counts, terms, periods, docs = random_corpus(1, planted=(40, 6.0))
    k = keyness_table(counts, terms, periods, docs, [CON], alpha0=1000, min_count=5,
                      min_segments=3, caveats={"A_vs_B": "caveat text"})
    s = summary_counts(k, 0.05, [CON]).iloc[0]
    r = k[k["ranked"]]
    assert s["family_size"] == len(r) and s["chance_p_below"] == pytest.approx(0.05 * len(r))
    assert s["q_exact_below"] == int((r["q_exact"] < 0.05).sum()) >= 1
    assert s["p_g2_below"] >= s["p_exact_below"] and s["caveat"] == "caveat text"
    write_csv(k, tmp_path / "k.csv")
    back = read_keyness(tmp_path / "k.csv")
    assert back["ranked"].dtype == bool and back["q_exact"].isna().sum() == (~k["ranked"]).sum()
    assert list(top_terms(back, "A_vs_B", 3)["term"]) == list(top_terms(k, "A_vs_B", 3)["term"])
