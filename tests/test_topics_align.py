"""Topic matching (Hungarian) and stability across seeds (scotext.topics.align)."""

import numpy as np
import pytest

from scotext.topics.align import align, cosine_matrix, stability


def _noisy(rng, A, perm, noise=0.3):
    """B = A[perm] mixed with noise (rows renormalised)."""
    B = A[perm] + noise * rng.dirichlet(np.ones(A.shape[1]), size=A.shape[0])
    return B / B.sum(axis=1, keepdims=True)


def test_cosine_matrix():
    A = np.array([[1.0, 0.0], [1.0, 1.0], [0.0, 0.0]])
    B = np.array([[2.0, 0.0], [0.0, 3.0]])
    C = cosine_matrix(A, B)
    np.testing.assert_allclose(C, [[1, 0], [np.sqrt(0.5), np.sqrt(0.5)], [0, 0]])
    with pytest.raises(ValueError):
        cosine_matrix(A, np.ones((2, 3)))


def test_align_recovers_a_known_permutation_exactly():
    rng = np.random.default_rng(42)
    K, V = 12, 150
    A = rng.dirichlet(np.full(V, 0.1), size=K)
    p = rng.permutation(K)
    B = _noisy(rng, A, p)                      # B[j] ~ A[p[j]]
    perm, sims = align(A, B)
    np.testing.assert_array_equal(perm, np.argsort(p))   # B[perm[i]] ~ A[i]
    np.testing.assert_array_equal(p[perm], np.arange(K))
    assert sims.min() > 0.8
    np.testing.assert_allclose(sims, np.diag(cosine_matrix(A, B[perm])))


def test_align_is_one_to_one_where_greedy_is_not():
    # A0 is closest to B0, but matching A0-B0 would leave A1 with B1 (cos 0): the optimum
    # gives A0-B1 and A1-B0.
    A = np.array([[1.0, 1.0, 0.0], [1.0, 0.0, 0.0]])
    B = np.array([[1.0, 0.8, 0.0], [0.0, 1.0, 0.0]])
    perm, sims = align(A, B)
    np.testing.assert_array_equal(perm, [1, 0])
    greedy_total = cosine_matrix(A, B)[0, 0] + cosine_matrix(A, B)[1, 1]
    assert sims.sum() > greedy_total


def test_align_rectangular():
    rng = np.random.default_rng(0)
    A = rng.dirichlet(np.full(50, 0.1), size=3)
    B = np.vstack([rng.dirichlet(np.full(50, 0.1), size=2), A[::-1]])
    perm, sims = align(A, B)
    np.testing.assert_array_equal(perm, [4, 3, 2])
    np.testing.assert_allclose(sims, 1.0)
    with pytest.raises(ValueError):
        align(B, A)


def test_stability_summaries_and_reference():
    rng = np.random.default_rng(5)
    K, V = 5, 80
    A = rng.dirichlet(np.full(V, 0.1), size=K)
    runs = [_noisy(rng, A, rng.permutation(K), noise=0.2) for _ in range(3)]
    runs.append(rng.dirichlet(np.full(V, 0.1), size=K))           # an unrelated run
    res = stability(runs, threshold=0.5)
    assert len(res["pairs"]) == 6
    assert res["per_run"].shape == (4,)
    assert np.argmin(res["per_run"]) == 3                         # the unrelated run agrees least
    assert res["reference"] in (0, 1, 2)
    assert res["reference"] == int(np.argmax(res["per_run"]))
    np.testing.assert_allclose(res["mean"], np.mean([p[2] for p in res["pairs"]]))
    np.testing.assert_allclose(res["sd"], np.std([p[2] for p in res["pairs"]], ddof=1))
    # perms put every run in the reference order
    ref = runs[res["reference"]]
    for r in range(3):
        aligned = runs[r][res["perms"][r]]
        assert np.all(np.diag(cosine_matrix(ref, aligned)) > 0.8)
    np.testing.assert_array_equal(res["perms"][res["reference"]], np.arange(K))
    assert res["per_topic"].shape == (K,)
    assert res["unstable"].dtype == bool
    np.testing.assert_array_equal(res["unstable"], res["per_topic"] < 0.5)


def test_stability_flags_an_unstable_topic():
    rng = np.random.default_rng(9)
    K, V = 4, 60
    A = rng.dirichlet(np.full(V, 0.05), size=K)
    runs = []
    for _ in range(4):
        B = A.copy()
        B[3] = rng.dirichlet(np.full(V, 0.05))       # topic 3 is different in every run
        runs.append(B)
    res = stability(runs, threshold=0.5)
    assert res["unstable"].tolist() == [False, False, False, True]
    np.testing.assert_allclose(res["per_topic"][:3], 1.0)


def test_stability_single_run():
    A = np.eye(3)
    res = stability([A])
    assert res["pairs"] == [] and res["reference"] == 0
    assert np.isnan(res["mean"]) and np.isnan(res["sd"])
    assert np.all(np.isnan(res["per_topic"]))
    res2 = stability([A, A[[2, 0, 1]]])
    assert res2["mean"] == pytest.approx(1.0) and np.isnan(res2["sd"])


def test_jaccard_and_topword_agreement():
    from scotext.topics.align import jaccard_matrix, topword_agreement

    a = np.array([[0, 1, 2], [3, 4, 5]])
    b = np.array([[3, 4, 9], [0, 1, 2]])
    J = jaccard_matrix(a, b)
    np.testing.assert_allclose(J, [[0, 1], [0.5, 0]])
    assert topword_agreement(a, b) == pytest.approx((1 + 0.5) / 2)    # matched, not greedy
    assert topword_agreement(a, a) == 1.0
    assert topword_agreement(a, np.array([[6, 7, 8], [9, 10, 11]])) == 0.0


def test_assignment_agreement_is_label_free_and_chance_corrected():
    from scotext.topics.align import assignment_agreement, pairwise_agreement

    x = np.repeat([0, 1, 2], 50)
    assert assignment_agreement(x, (x + 1) % 3) == pytest.approx(1.0)    # renamed topics
    rng = np.random.default_rng(0)
    chance = [assignment_agreement(rng.integers(0, 3, 150), rng.integers(0, 3, 150))
              for _ in range(20)]
    assert abs(np.mean(chance)) < 0.02
    res = pairwise_agreement([np.array([[0, 1], [2, 3]])] * 3, [x, x, (x + 2) % 3])
    assert res["ari"].shape == (3,) and np.allclose(res["ari"], 1.0)
    assert np.allclose(res["topwords"], 1.0)
    with pytest.raises(ValueError):
        pairwise_agreement([np.array([[0, 1]])], [x, x])


def test_one_topic_taking_every_unit_is_no_agreement():
    """Two fits that each put every unit in one topic (a degenerate null) agree on nothing:
    0, the chance level (scikit-learn's adjusted_rand_score says 1.0 for this 0/0 case)."""
    from scotext.topics.align import assignment_agreement

    one = np.zeros(100, dtype=int)
    assert assignment_agreement(one, one) == 0.0
    assert assignment_agreement(one, np.full(100, 3)) == 0.0
    assert assignment_agreement(one, np.repeat([0, 1], 50)) == 0.0
    x = np.repeat([0, 1], 50)
    assert assignment_agreement(x, 1 - x) == pytest.approx(1.0)


def test_fits_that_divide_almost_nothing_agree_on_nothing():
    """All units but the same three in one topic, in both fits (what gensim gives on the
    token-permuted null): scikit-learn's ARI is 1; with min_share 1% it is 0, while two
    identical partitions that do divide the units keep their 1."""
    from sklearn.metrics import adjusted_rand_score

    from scotext.topics.align import assignment_agreement, pairwise_agreement, partitions_units

    almost = np.zeros(1000, dtype=int)
    almost[[3, 500, 900]] = [2, 5, 5]
    assert adjusted_rand_score(almost, almost) == pytest.approx(1.0)
    assert assignment_agreement(almost, almost) == pytest.approx(1.0)        # min_share 0
    assert assignment_agreement(almost, almost, min_share=0.01) == 0.0
    assert not partitions_units(almost, 0.01) and partitions_units(almost, 0.0)
    split = np.repeat([0, 1, 2, 3], [700, 200, 90, 10])      # uneven, but a partition
    assert partitions_units(split, 0.01) and not partitions_units(split, 0.25)
    assert assignment_agreement(split, split, min_share=0.01) == pytest.approx(1.0)
    res = pairwise_agreement([np.array([[0, 1]])] * 2, [almost, almost], min_share=0.01)
    assert res["ari"].tolist() == [0.0]
