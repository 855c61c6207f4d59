"""Topic prevalence by group with a document-by-seed bootstrap (scotext.topics.prevalence)."""

import time

import numpy as np
import pandas as pd
import pytest

from scotext.topics.prevalence import prevalence_bootstrap, prevalence_differences


def _design(seed=0, n_seeds=3, K=4):
    """Three years: 2019 with 2 documents, 2020 with 2, 2025 with 1 (like the corpus)."""
    rng = np.random.default_rng(seed)
    docs = ["a19"] * 30 + ["b19"] * 20 + ["c20"] * 25 + ["d20"] * 15 + ["e25"] * 40
    year = {"a19": 2019, "b19": 2019, "c20": 2020, "d20": 2020, "e25": 2025}
    groups = np.array([year[d] for d in docs])
    base = rng.dirichlet(np.ones(K), size=len(docs))
    thetas = []
    for _ in range(n_seeds):
        t = base + 0.05 * rng.dirichlet(np.ones(K), size=len(docs))
        thetas.append(t / t.sum(axis=1, keepdims=True))
    return thetas, groups, np.array(docs)


def test_estimates_intervals_and_columns():
    thetas, groups, docs = _design()
    out = prevalence_bootstrap(thetas, groups, docs, n_boot=500, seed=1)
    assert list(out.columns) == ["topic", "group", "estimate", "ci_low", "ci_high",
                                 "n_segments", "n_clusters", "n_seeds"]
    assert len(out) == 4 * 3
    assert out["group"].tolist()[:3] == [2019, 2020, 2025]
    for _, r in out.iterrows():
        mask = groups == r["group"]
        assert r["estimate"] == pytest.approx(thetas[0][mask, int(r["topic"])].mean())
    assert np.all(out["ci_low"] <= out["estimate"]) and np.all(out["estimate"] <= out["ci_high"])
    assert np.all(out["ci_high"] > out["ci_low"])
    # proportions of a group sum to one across topics
    np.testing.assert_allclose(out.groupby("group")["estimate"].sum(), 1.0)
    n_clusters = out.drop_duplicates("group").set_index("group")["n_clusters"].to_dict()
    assert n_clusters == {2019: 2, 2020: 2, 2025: 1}
    n_seg = out.drop_duplicates("group").set_index("group")["n_segments"].to_dict()
    assert n_seg == {2019: 50, 2020: 40, 2025: 40}
    # reference chooses the seed of the estimate
    out2 = prevalence_bootstrap(thetas, groups, docs, n_boot=50, seed=1, reference=2)
    assert out2["estimate"].iloc[0] == pytest.approx(thetas[2][groups == 2019, 0].mean())


def test_deterministic_for_the_seed():
    rng = np.random.default_rng(0)
    docs = np.repeat(np.arange(30), 8)                      # 10 documents in each of 3 groups
    groups = docs % 3
    thetas = [rng.dirichlet(np.ones(4), size=docs.size) for _ in range(3)]
    a = prevalence_bootstrap(thetas, groups, docs, n_boot=300, seed=7)
    b = prevalence_bootstrap(thetas, groups, docs, n_boot=300, seed=7)
    c = prevalence_bootstrap(thetas, groups, docs, n_boot=300, seed=8)
    pd.testing.assert_frame_equal(a, b)
    assert not np.array_equal(a["ci_low"].to_numpy(), c["ci_low"].to_numpy())


def test_one_document_group_reflects_seed_variation_only():
    thetas, groups, docs = _design()
    one_seed = prevalence_bootstrap(thetas[:1], groups, docs, n_boot=200, seed=0)
    row = one_seed[(one_seed["group"] == 2025)]
    assert (row["n_clusters"] == 1).all()
    np.testing.assert_allclose(row["ci_low"], row["estimate"])      # nothing can vary
    np.testing.assert_allclose(row["ci_high"], row["estimate"])
    many = prevalence_bootstrap(thetas, groups, docs, n_boot=2000, seed=0)
    row = many[many["group"] == 2025].reset_index(drop=True)
    seed_means = np.array([t[groups == 2025].mean(axis=0) for t in thetas])     # S x K
    # the interval spans the seeds' group means (every seed is drawn in 2000 replicates)
    np.testing.assert_allclose(row["ci_low"], seed_means.min(axis=0))
    np.testing.assert_allclose(row["ci_high"], seed_means.max(axis=0))


def test_matches_a_naive_per_replicate_loop():
    """The vectorised computation equals the obvious loop over replicates with the same draws."""
    thetas, groups, docs = _design(n_seeds=2, K=3)
    n_boot, seed = 40, 3
    out = prevalence_bootstrap(thetas, groups, docs, n_boot=n_boot, seed=seed, level=0.8)
    rng = np.random.default_rng(seed)
    seed_draw = rng.integers(len(thetas), size=n_boot)
    for g in (2019, 2020, 2025):
        gdocs = list(dict.fromkeys(docs[groups == g]))          # first-appearance order
        w = rng.multinomial(len(gdocs), np.full(len(gdocs), 1 / len(gdocs)), size=n_boot)
        reps = []
        for b in range(n_boot):
            units = np.concatenate([np.repeat(np.flatnonzero((docs == d) & (groups == g)), w[b, i])
                                    for i, d in enumerate(gdocs)])
            reps.append(thetas[seed_draw[b]][units].mean(axis=0))
        lo, hi = np.quantile(np.array(reps), [0.1, 0.9], axis=0)
        got = out[out["group"] == g].sort_values("topic")
        np.testing.assert_allclose(got["ci_low"], lo, rtol=1e-12)
        np.testing.assert_allclose(got["ci_high"], hi, rtol=1e-12)


def test_vectorised_is_fast_on_a_large_input():
    rng = np.random.default_rng(0)
    n, K, S = 5000, 20, 5
    docs = np.repeat(np.arange(100), n // 100)
    groups = docs % 4
    thetas = [rng.dirichlet(np.ones(K), size=n) for _ in range(S)]
    t0 = time.perf_counter()
    out = prevalence_bootstrap(thetas, groups, docs, n_boot=2000, seed=0)
    elapsed = time.perf_counter() - t0
    assert len(out) == K * 4
    assert elapsed < 2.0, f"{elapsed:.2f} s: not vectorised?"


def test_differences_share_the_replicate_draws():
    """Every seed shifts topic 0 by the same amount in every unit. Group means then vary
    with the seed, their difference does not: with the seed draw shared by both groups in a
    replicate and one document per group, the difference has a zero-width interval."""
    rng = np.random.default_rng(2)
    K = 3
    docs = np.array(["x"] * 20 + ["y"] * 30)
    groups = np.array(["g1"] * 20 + ["g2"] * 30)
    base = rng.dirichlet(np.full(K, 5.0), size=50) * 0.5
    thetas = []
    for shift in (0.1, 0.3, 0.5):
        t = base.copy()
        t[:, 0] += shift
        t[:, 1] += 0.5 - shift
        thetas.append(t)
    single = prevalence_bootstrap(thetas, groups, docs, n_boot=500, seed=4)
    assert (single["ci_high"] - single["ci_low"]).iloc[0] > 0.3
    diff = prevalence_differences(thetas, groups, docs, n_boot=500, seed=4)
    assert list(diff.columns) == ["topic", "group_a", "group_b", "estimate", "ci_low", "ci_high",
                                  "excludes_zero", "n_clusters_a", "n_clusters_b",
                                  "n_segments_a", "n_segments_b"]
    assert diff[["group_a", "group_b"]].drop_duplicates().values.tolist() == [["g1", "g2"]]
    est = single.set_index(["topic", "group"])["estimate"]
    for _, r in diff.iterrows():
        assert r["estimate"] == pytest.approx(est[(r["topic"], "g2")] - est[(r["topic"], "g1")])
        assert r["ci_low"] == pytest.approx(r["estimate"], abs=1e-12)
        assert r["ci_high"] == pytest.approx(r["estimate"], abs=1e-12)


def test_differences_default_pairs_and_intervals():
    thetas, groups, docs = _design()
    diff = prevalence_differences(thetas, groups, docs, n_boot=300, seed=0)
    pairs = diff[["group_a", "group_b"]].drop_duplicates().values.tolist()
    assert pairs == [[2019, 2020], [2019, 2025], [2020, 2025]]
    assert len(diff) == 4 * 3
    assert np.all(diff["ci_low"] <= diff["estimate"]) and np.all(diff["estimate"] <= diff["ci_high"])
    assert (diff["excludes_zero"] == ((diff["ci_low"] > 0) | (diff["ci_high"] < 0))).all()
    chosen = prevalence_differences(thetas, groups, docs, n_boot=300, seed=0, pairs=[(2025, 2019)])
    np.testing.assert_allclose(chosen["estimate"].to_numpy(),
                               -diff[(diff.group_a == 2019) & (diff.group_b == 2025)]["estimate"].to_numpy())
    with pytest.raises(ValueError):
        prevalence_differences(thetas, groups, docs, n_boot=10, seed=0, pairs=[(2019, 2030)])


def test_input_validation():
    thetas, groups, docs = _design()
    with pytest.raises(ValueError):
        prevalence_bootstrap([thetas[0], thetas[1][:, :3]], groups, docs, n_boot=10, seed=0)
    with pytest.raises(ValueError):
        prevalence_bootstrap(thetas, groups[:-1], docs, n_boot=10, seed=0)
    with pytest.raises(ValueError):
        prevalence_bootstrap(thetas, groups, docs, n_boot=0, seed=0)
    with pytest.raises(ValueError):
        prevalence_bootstrap(thetas, groups, docs, n_boot=10, seed=0, reference=3)


# --- method of composition (posterior draws of theta) x cluster bootstrap x seeds --------

def _posteriors(thetas, concentration):
    """Dirichlet parameters with the given mixtures as means."""
    return [t * concentration for t in thetas]


def test_composition_estimate_is_the_posterior_mean_and_columns():
    from scotext.topics.prevalence import prevalence_composition

    thetas, groups, docs = _design(n_seeds=2)
    res = prevalence_composition(_posteriors(thetas, 50.0), groups, docs, n_boot=300,
                                 n_draws=10, seed=1)
    assert res["labels"] == [2019, 2020, 2025]
    for gi, g in enumerate(res["labels"]):
        expected = np.mean([t[groups == g].mean(axis=0) for t in thetas], axis=0)
        np.testing.assert_allclose(res["estimate"][gi], expected, rtol=1e-12)
    assert res["n_clusters"].tolist() == [2, 2, 1] and res["n_units"].tolist() == [50, 40, 40]
    assert res["replicates"].shape == (3, 300, 4)
    assert np.all(res["ci_low"] <= res["ci_high"])
    again = prevalence_composition(_posteriors(thetas, 50.0), groups, docs, n_boot=300,
                                   n_draws=10, seed=1)
    assert again["replicates"].tobytes() == res["replicates"].tobytes()


def test_one_document_group_carries_the_posterior_uncertainty_of_theta():
    """One document, one seed: the bootstrap over documents cannot vary; the interval is
    the uncertainty of the mixtures given the model, wide when the posteriors are diffuse,
    near zero when they are sharp (a plug-in estimate would always give zero width)."""
    from scotext.topics.prevalence import prevalence_composition

    rng = np.random.default_rng(3)
    theta = rng.dirichlet(np.ones(3), size=20)
    groups, docs = np.array(["g"] * 20), np.array(["only"] * 20)
    widths = {}
    for conc in (2.0, 2000.0):
        res = prevalence_composition([theta * conc], groups, docs, n_boot=400, n_draws=50,
                                     seed=0)
        widths[conc] = float((res["ci_high"] - res["ci_low"]).max())
        assert res["n_clusters"].tolist() == [1]
    assert widths[2.0] > 0.05 > 0.01 > widths[2000.0]


def test_composition_interval_covers_the_truth_when_documents_vary():
    """Documents drawn from a population with a known mean share: the interval (documents
    resampled) covers it in most of 40 repetitions."""
    from scotext.topics.prevalence import prevalence_composition

    rng = np.random.default_rng(11)
    covered = 0
    for rep in range(40):
        doc_share = rng.beta(2, 6, size=15)               # population mean 0.25
        docs = np.repeat(np.arange(15), 6).astype(str)
        share = np.repeat(doc_share, 6)
        theta = np.column_stack([share, 1 - share])
        res = prevalence_composition([theta * 200.0], np.zeros(90, int), docs, n_boot=400,
                                     n_draws=5, seed=rep)
        covered += res["ci_low"][0, 0] <= 0.25 <= res["ci_high"][0, 0]
    assert covered >= 32


def test_composition_rejects_bad_input():
    from scotext.topics.prevalence import prevalence_composition

    thetas, groups, docs = _design(n_seeds=1)
    with pytest.raises(ValueError, match="positive"):
        prevalence_composition([thetas[0] * 0], groups, docs, n_boot=10, n_draws=2, seed=0)
    with pytest.raises(ValueError, match="n_draws"):
        prevalence_composition(thetas, groups, docs, n_boot=10, n_draws=0, seed=0)
