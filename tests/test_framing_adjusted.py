"""Length-adjusted frame contrasts: the models against known answers and statsmodels, the
bootstrap weights behind their intervals, and the caveat and evidence of each comparison."""

import numpy as np
import pandas as pd
import pytest

from scotext.framing.adjusted import (adjusted_contrasts, cluster_robust_cov, comparisons,
                                      length_adjusted_contrast, logistic_fit)
from scotext.inference.bootstrap import (cluster_bootstrap, cluster_unit_weights,
                                         percentile_interval_inf)


def expit(x):
    return 1 / (1 + np.exp(-x))


# ------------------------------------------------------------------------- the models

def test_logistic_with_a_side_indicator_only_gives_the_cross_product_ratio():
    # 2 x 2 table: side A 6 of 20 with the frame, side B 3 of 30
    y = np.r_[np.ones(6), np.zeros(14), np.ones(3), np.zeros(27)]
    g = np.r_[np.ones(20), np.zeros(30)]
    beta, conv, _ = logistic_fit(np.column_stack([np.ones(50), g]), y)
    assert conv[0]
    assert np.exp(beta[0, 1]) == pytest.approx((6 / 14) / (3 / 27), rel=1e-9)
    assert expit(beta[0, 0]) == pytest.approx(3 / 30, rel=1e-9)


def test_logistic_frequency_weights_equal_repeated_rows():
    rng = np.random.default_rng(0)
    n = 60
    X = np.column_stack([np.ones(n), rng.integers(0, 2, n), rng.normal(size=n)])
    y = (rng.random(n) < expit(X @ [-0.3, 0.7, 1.1])).astype(float)
    w = rng.integers(0, 4, n).astype(float)
    b_w, conv, _ = logistic_fit(X, y, w[None])
    rep = np.repeat(np.arange(n), w.astype(int))
    b_r, _, _ = logistic_fit(X[rep], y[rep])
    assert conv[0] and b_w[0] == pytest.approx(b_r[0], rel=1e-8)
    # a batch of replicates gives each replicate's own fit
    both, _, _ = logistic_fit(X, y, np.vstack([w, np.ones(n)]))
    assert both[0] == pytest.approx(b_w[0]) and both[1] == pytest.approx(logistic_fit(X, y)[0][0])


def test_logistic_separation_is_flagged_not_fitted():
    X = np.column_stack([np.ones(8), np.arange(8.0)])
    y = (np.arange(8) >= 4).astype(float)            # the covariate separates y completely
    beta, conv, _ = logistic_fit(X, y)
    assert not conv[0] and np.isnan(beta).all()


def test_logistic_and_sandwich_agree_with_statsmodels():
    sm = pytest.importorskip("statsmodels.api")
    rng = np.random.default_rng(1)
    n = 300
    docs = rng.integers(0, 15, n)
    X = np.column_stack([np.ones(n), rng.integers(0, 2, n), rng.normal(size=n)])
    y = (rng.random(n) < expit(X @ [-0.5, 0.8, 1.2])).astype(float)
    beta, _, _ = logistic_fit(X, y)
    ref = sm.GLM(y, X, family=sm.families.Binomial()).fit(
        cov_type="cluster", cov_kwds={"groups": docs})
    assert beta[0] == pytest.approx(ref.params, rel=1e-8)
    mu = expit(X @ beta[0])
    se = np.sqrt(np.diag(cluster_robust_cov(X, y - mu, mu * (1 - mu), docs)))
    assert se == pytest.approx(ref.bse, rel=1e-8)
    # Poisson with offset log words: the sandwich of the rate ratio
    words = rng.integers(5, 80, n).astype(float)
    hits = rng.poisson(words * 0.02 * np.exp(0.4 * X[:, 1]))
    ref = sm.GLM(hits, X[:, :2], family=sm.families.Poisson(), offset=np.log(words)).fit(
        cov_type="cluster", cov_kwds={"groups": docs})
    a = X[:, 1] == 1
    rate_a, rate_b = hits[a].sum() / words[a].sum(), hits[~a].sum() / words[~a].sum()
    assert np.log(rate_a / rate_b) == pytest.approx(ref.params[1], rel=1e-8)
    mu = words * np.where(a, rate_a, rate_b)
    se = np.sqrt(cluster_robust_cov(X[:, :2], hits - mu, mu, docs)[1, 1])
    assert se == pytest.approx(ref.bse[1], rel=1e-8)


def test_sandwich_of_a_rate_ratio_by_hand():
    # Poisson, side indicator only: var(log RR) = CR1 * sum over clusters of the squared
    # cluster residuals divided by the side's hits squared, summed over the sides
    hits = np.array([3.0, 1, 0, 4, 2, 2, 5, 0])
    words = np.array([10.0, 20, 10, 30, 20, 10, 40, 10])
    a = np.array([1, 1, 1, 1, 0, 0, 0, 0], dtype=bool)
    docs = np.array(["d1", "d1", "d2", "d2", "d3", "d3", "d4", "d4"])
    ra, rb = hits[a].sum() / words[a].sum(), hits[~a].sum() / words[~a].sum()
    mu = words * np.where(a, ra, rb)
    X = np.column_stack([np.ones(8), a.astype(float)])
    var = cluster_robust_cov(X, hits - mu, mu, docs)[1, 1]
    res = pd.Series(hits - mu).groupby(docs).sum()
    manual = (res[["d1", "d2"]] ** 2).sum() / hits[a].sum() ** 2 + \
        (res[["d3", "d4"]] ** 2).sum() / hits[~a].sum() ** 2
    assert var == pytest.approx(manual * 4 / 3 * 7 / 6)


# ------------------------------------------------------------------- the bootstrap weights

def test_unit_weights_do_not_depend_on_the_block_size():
    groups = np.array(["A"] * 7 + ["B"] * 5)
    clusters = np.array(["a1"] * 3 + ["a2"] * 4 + ["b1"] * 5)
    for two in (False, True):
        big = np.vstack([W for *_, W in cluster_unit_weights(groups, clusters, 50, 3, two)])
        small = np.vstack([W for *_, W in cluster_unit_weights(groups, clusters, 50, 3, two,
                                                                 max_cells=25)])
        assert np.array_equal(big, small) and big.shape == (50, 12)


def test_unit_weights_follow_the_two_stage_design():
    groups = np.array(["A"] * 7 + ["B"] * 5)
    clusters = np.array(["a1"] * 3 + ["a2"] * 4 + ["b1"] * 5)
    W1 = next(cluster_unit_weights(groups, clusters, 400, 1, False))[2]
    # one stage: a drawn document carries all its paragraphs; B (one document) never varies
    assert (W1[:, :3] == W1[:, [0]]).all() and (W1[:, 3:7] == W1[:, [3]]).all()
    assert ((W1[:, 0] + W1[:, 3]) == 2).all() and (W1[:, 7:] == 1).all()
    W2 = next(cluster_unit_weights(groups, clusters, 400, 1, True))[2]
    # two stages: the paragraphs of a document drawn m times sum to m x its size
    assert set((W2[:, :3].sum(axis=1) / 3 + W2[:, 3:7].sum(axis=1) / 4).tolist()) == {2.0}
    assert (W2[:, 7:].sum(axis=1) == 5).all() and W2[:, 7:].std(axis=0).min() > 0.5
    assert W2.mean(axis=0) == pytest.approx(np.ones(12), abs=0.15)


def test_unit_weights_give_the_distribution_of_cluster_bootstrap():
    rng = np.random.default_rng(2)
    n = 60
    x = rng.integers(0, 2, n).astype(float)
    groups = np.repeat(["A", "B"], 30)
    clusters = np.repeat([f"d{k}" for k in range(6)], 10)
    W = next(cluster_unit_weights(groups, clusters, 4000, 9, True))[2]
    mine = (W[:, :30] @ x[:30]) / W[:, :30].sum(axis=1)
    _, _, reps, _, _ = cluster_bootstrap(x[:, None], np.ones(n), groups, clusters, 4000, 9,
                                         two_stage=True)
    assert np.quantile(mine, [0.05, 0.5, 0.95]) == pytest.approx(
        np.quantile(reps[0, :, 0], [0.05, 0.5, 0.95]), abs=0.03)


def test_percentile_interval_keeps_infinite_and_drops_undefined_replicates():
    assert percentile_interval_inf([1.0, 2.0, 3.0, np.nan], 0.5) == pytest.approx((1.5, 2.5))
    lo, hi = percentile_interval_inf([1.0, 2.0, np.inf, np.inf], 0.95)
    assert lo == pytest.approx(1.075) and hi == np.inf
    assert percentile_interval_inf([-np.inf] * 3 + [0.0], 0.5)[0] == -np.inf
    assert all(np.isnan(percentile_interval_inf([np.nan], 0.9)))


# --------------------------------------------------------------- the length adjustment

def length_driven(n_docs_a, n_docs_b, per_doc, side_effect, seed):
    """Paragraphs whose frame presence depends on log length (and on the side by
    ``side_effect`` on the log-odds scale); side A's paragraphs are three times longer.
    Hits are proportional to words (times exp(side_effect))."""
    rng = np.random.default_rng(seed)
    rows = []
    for side, n_docs, mean_len in (("A", n_docs_a, 90), ("B", n_docs_b, 30)):
        for d in range(n_docs):
            words = np.maximum(3, rng.lognormal(np.log(mean_len), 0.5, per_doc)).astype(int)
            shift = side_effect if side == "A" else 0.0
            p = expit(-4.0 + 1.0 * np.log(words) + shift)
            present = rng.random(per_doc) < p
            hits = np.where(present, rng.poisson(words * 0.01 * np.exp(shift)) + 1, 0)
            for k in range(per_doc):
                rows.append((side, f"{side}{d}", words[k], present[k], hits[k]))
    t = pd.DataFrame(rows, columns=["side", "doc", "words", "present", "hits"])
    return t


def run(t, **kw):
    return length_adjusted_contrast(t[["present"]].to_numpy(float), t[["hits"]].to_numpy(float),
                                    t["words"].to_numpy(float), (t["side"] == "A").to_numpy(),
                                    t["doc"].to_numpy(), **kw)


@pytest.mark.parametrize("n_docs", [40, 4])   # cluster-robust Wald / two-stage bootstrap
def test_adjustment_removes_a_difference_made_by_length(n_docs):
    t = length_driven(n_docs, n_docs, 400 // n_docs, 0.0, seed=11)
    res = run(t, n_boot=300, seed=1, robust_min_docs=30)
    assert ("cluster-robust" in res["method"]) == (n_docs >= 30)
    raw, adj = res["odds_ratio_raw"][0], res["odds_ratio_adjusted"][0]
    assert raw > 2.0                                     # longer paragraphs: more frames
    assert res["or_raw_ci"][0, 0] > 1.0
    assert res["or_adj_ci"][0, 0] < 1.0 < res["or_adj_ci"][0, 1]
    assert abs(np.log(adj)) < abs(np.log(raw)) / 2
    assert res["length_coef"][0] == pytest.approx(1.0, abs=0.5)


def test_cluster_robust_intervals_need_many_documents_on_both_sides():
    t = length_driven(40, 3, 10, 0.0, seed=15)
    res = run(t, n_boot=100, seed=1, robust_min_docs=30)
    assert res["method"].startswith("percentile, two-stage") and res["n_boot"] == 100
    assert (res["n_docs_a"], res["n_docs_b"]) == (40, 3)


@pytest.mark.parametrize("n_docs", [40, 4])
def test_adjustment_keeps_a_real_difference(n_docs):
    t = length_driven(n_docs, n_docs, 400 // n_docs, 1.5, seed=12)
    res = run(t, n_boot=300, seed=1, robust_min_docs=30)
    assert res["or_adj_ci"][0, 0] > 1.0
    assert res["odds_ratio_adjusted"][0] == pytest.approx(np.exp(1.5), rel=0.6)
    assert res["rr_ci"][0, 0] > 1.0                      # hits per word higher in A too


def test_rate_ratio_is_the_ratio_of_pooled_rates_and_its_bootstrap_is_seeded():
    t = length_driven(3, 2, 20, 0.5, seed=13)
    res = run(t, n_boot=200, seed=4)
    a = t["side"] == "A"
    ra = t.loc[a, "hits"].sum() / t.loc[a, "words"].sum()
    rb = t.loc[~a, "hits"].sum() / t.loc[~a, "words"].sum()
    assert res["rate_ratio"][0] == pytest.approx(ra / rb)
    assert res["rate_a"][0] == pytest.approx(1000 * ra)
    again = run(t, n_boot=200, seed=4)
    other = run(t, n_boot=200, seed=5)
    assert np.array_equal(res["or_adj_ci"], again["or_adj_ci"])
    assert not np.array_equal(res["or_adj_ci"], other["or_adj_ci"])
    assert res["n_boot"] == 200 and res["method"].startswith("percentile, two-stage")


def test_a_frame_absent_on_one_side_has_an_infinite_ratio():
    t = length_driven(3, 3, 20, 0.0, seed=14)
    t.loc[t["side"] == "B", "present"] = False
    t.loc[t["side"] == "B", "hits"] = 0
    res = run(t, n_boot=100, seed=1)
    assert res["odds_ratio_raw"][0] == np.inf and res["odds_ratio_adjusted"][0] == np.inf
    assert res["rate_ratio"][0] == np.inf and res["or_adj_ci"][0, 1] == np.inf
    t["present"], t["hits"] = False, 0
    res = run(t, n_boot=100, seed=1)
    assert np.isnan(res["odds_ratio_adjusted"][0]) and np.isnan(res["or_adj_ci"][0]).all()


# ------------------------------------------------------- comparisons, caveats, evidence

def frame_table(rows):
    """rows: (doc, speaker, year, n_words, present) -> wide frame table, one frame."""
    out = []
    for i, (doc, spk, year, words, present) in enumerate(rows):
        out.append({"doc_id": doc, "segment_id": f"{doc}_s{i:03d}", "turn": i, "role": "answer",
                    "speaker": spk, "year": year, "date": f"{year}-01-01",
                    "is_duplicate": False, "n_words": words, "n_hits:f": int(present),
                    "present:f": bool(present)})
    return pd.DataFrame(out)


def three_speakers_one_year():
    """2020: three speakers (one document each); 2021: speaker X again."""
    rng = np.random.default_rng(5)
    rows = []
    for doc, spk, year in (("x20", "X", 2020), ("y20", "Y", 2020), ("z20", "Z", 2020),
                           ("x21", "X", 2021)):
        for _ in range(12):
            rows.append((doc, spk, year, int(rng.integers(10, 80)), rng.random() < 0.4))
    docs = pd.DataFrame({"doc_id": ["x20", "y20", "z20", "x21"], "speaker": ["X", "Y", "Z", "X"],
                         "year": [2020, 2020, 2020, 2021],
                         "genre": ["interview", "interview", "speech", "interview"],
                         "outlet": ["O"] * 4, "machine_translated": [False] * 4,
                         "n_tokens": [100] * 4})
    return frame_table(rows), docs


def test_comparisons_and_their_caveats_are_their_own():
    fs, docs = three_speakers_one_year()
    table, confounds = adjusted_contrasts(fs, docs, n_boot=50, seed=1)
    comps = list(dict.fromkeys(table["comparison"]))
    assert comps == ["speaker: X vs Y", "speaker: X vs Z", "speaker: Y vs Z",
                     "year: 2020 vs 2021"]
    cav = table.drop_duplicates("comparison").set_index("comparison")["caveat"]
    # a year with three speakers is not given one of them
    assert "mix of speakers (2020: X, Y, Z" in cav["year: 2020 vs 2021"] or \
        "mix of speakers (2020: X 1, Y 1, Z 1" in cav["year: 2020 vs 2021"]
    assert "difference is also one between speakers" not in cav["year: 2020 vs 2021"]
    # Y vs Z: same year, so no year in the caveat; the genre differs
    assert "year" not in cav["speaker: Y vs Z"] and "genre" in cav["speaker: Y vs Z"]
    # X (two years) vs Y (2020 only): the year mix is named
    assert "year (X: 2020 1, 2021 1; Y: 2020)" in cav["speaker: X vs Y"]
    assert set(table["evidence"]) == {"describes these documents"}
    assert len(confounds) == 2 * len(comps)
    assert {r["comparison"] for r in confounds} == set(comps)


def test_within_speaker_years_are_not_called_a_speaker_confound():
    fs, docs = three_speakers_one_year()
    fs = fs[fs["speaker"] == "X"]
    table, _ = adjusted_contrasts(fs, docs, n_boot=50, seed=1)
    r = table.iloc[0]
    assert r["comparison"] == "year: 2020 vs 2021"
    assert r["caveat"].startswith("No other difference in speaker, genre")
    assert "between speakers" not in r["caveat"] and "mix of speakers" not in r["caveat"]
    assert "single document" in r["note"] and "nothing beyond these documents" in r["note"]


def test_evidence_rises_with_documents():
    rows = []
    rng = np.random.default_rng(6)
    for d in range(8):
        spk = "A" if d < 4 else "B"
        for _ in range(5):
            rows.append((f"d{d}", spk, 2020, int(rng.integers(10, 60)), rng.random() < 0.5))
    fs = frame_table(rows)
    docs = pd.DataFrame({"doc_id": [f"d{d}" for d in range(8)],
                         "speaker": ["A"] * 4 + ["B"] * 4, "year": [2020] * 8,
                         "genre": ["interview"] * 8, "outlet": ["O"] * 8,
                         "machine_translated": [False] * 8, "n_tokens": [100] * 8})
    table, _ = adjusted_contrasts(fs, docs, n_boot=50, seed=1, years=[])
    r = table.iloc[0]
    # 4 vs 4 documents: the smallest permutation p is 2 / C(8, 4) = 0.029
    assert r["evidence"] == "document-level test" and r["min_p_doc"] == pytest.approx(2 / 70)


def test_year_pairs_from_config_and_bad_pairs():
    fs, _ = three_speakers_one_year()
    assert comparisons(fs, speakers=False, years=[[2021, 2020]]) == [("year", "2021", "2020")]
    assert comparisons(fs, speakers=False, years="auto") == [("year", "2020", "2021")]
    with pytest.raises(ValueError, match="2019"):
        comparisons(fs, speakers=False, years=[[2019, 2020]])
