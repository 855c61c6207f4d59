"""Coherence, exclusivity, FREX and relevance on small hand-made examples
(scotext.topics.diagnostics)."""

import numpy as np
import pytest

from scipy import sparse

from scotext.topics.diagnostics import (exclusivity, frex, relevance, semantic_coherence,
                                        top_frex_ids, top_word_ids, top_words)

VOCAB = ["shared", "excl", "a", "b", "c"]
# topic 0: "shared" most frequent but equally likely in topic 1; "excl" nearly only in topic 0
BETA = np.array([
    [0.35, 0.300, 0.15, 0.10, 0.100],
    [0.35, 0.001, 0.05, 0.30, 0.299],
])


def test_top_words():
    assert top_words(BETA, VOCAB, topn=3) == [["shared", "excl", "a"], ["shared", "b", "c"]]
    np.testing.assert_array_equal(top_word_ids(np.array([[0.5, 0.5, 0.0]]), 2), [[0, 1]])


def test_exclusivity_is_stm_s_summed_frex_of_the_top_words():
    """stm's exclusivity(): FREX with weight 0.7 on exclusivity, summed over the top words
    by probability; by hand for BETA (V = 5): topic 0's top-2 words are shared (frequency
    rank 5/5, exclusivity rank 3/5) and excl (4/5, 5/5)."""
    e = exclusivity(BETA, topn=2, frexw=0.7)
    by_hand = 1 / (0.7 / 0.6 + 0.3 / 1.0) + 1 / (0.7 / 1.0 + 0.3 / 0.8)
    assert e[0] == pytest.approx(by_hand)
    np.testing.assert_allclose(e, np.take_along_axis(frex(BETA, w=0.3), top_word_ids(BETA, 2),
                                                     axis=1).sum(axis=1))


def test_exclusivity_scale_does_not_grow_with_k():
    """Rank-based: topics of their own words score near topn at any K, topics that are all
    the same (no structure) score about topn / (frexw / 0.5 + 1 - frexw) at any K; a raw
    share would have the floor 1/K and favour large K by construction."""
    rng = np.random.default_rng(0)
    for K in (2, 5, 12):
        own = np.full((K, 600), 1e-6)
        for k in range(K):
            own[k, k * 40:(k + 1) * 40] = rng.dirichlet(np.ones(40))
        own /= own.sum(axis=1, keepdims=True)
        same = np.tile(rng.dirichlet(np.ones(600)), (K, 1)) * rng.uniform(0.99, 1.01, (K, 600))
        same /= same.sum(axis=1, keepdims=True)
        assert exclusivity(own).min() > 9.5
        assert 4.5 < exclusivity(same).mean() < 7.5


def test_semantic_coherence_by_hand_and_it_prefers_cooccurring_words():
    X = sparse.csr_matrix(np.array([[1, 1, 0, 0, 0], [1, 1, 1, 0, 0], [0, 0, 0, 1, 1],
                                    [1, 0, 0, 1, 1], [2, 0, 0, 0, 0]]))
    together = np.array([[0.4, 0.3, 0.2, 0.05, 0.05]])        # top-3: words 0, 1, 2
    apart = np.array([[0.4, 0.05, 0.05, 0.3, 0.2]])          # top-3: words 0, 3, 4
    # D(0)=4, D(1)=2, D(2)=1, D(3)=2, D(4)=2; D(0,1)=2, D(0,2)=1, D(1,2)=1, D(0,3)=1, D(0,4)=1,
    # D(3,4)=2; pairs (m, l) with l ranked higher: log((D(m,l) + 0.01) / D(l))
    t = np.log(2.01 / 4) + np.log(1.01 / 4) + np.log(1.01 / 2)
    a = np.log(1.01 / 4) + np.log(1.01 / 4) + np.log(2.01 / 2)
    assert semantic_coherence(together, X, topn=3)[0] == pytest.approx(t)
    assert semantic_coherence(apart, X, topn=3)[0] == pytest.approx(a)
    # a word in no unit is skipped (the next word of the ranking is taken)
    skip = np.array([[0.4, 0.3, 0.0, 0.05, 0.05, 0.2]])
    Xs = sparse.hstack([X, sparse.csr_matrix((5, 1))]).tocsr()
    assert np.isfinite(semantic_coherence(skip, Xs, topn=3)[0])
    with pytest.raises(ValueError):
        semantic_coherence(together, X[:, :4])


def test_top_frex_ids():
    ids = top_frex_ids(BETA, topn=2, w=0.5)
    assert ids.shape == (2, 2) and ids[0, 0] == 1          # "excl" leads topic 0
    np.testing.assert_array_equal(ids, np.argsort(-frex(BETA, 0.5), axis=1, kind="stable")[:, :2])


def test_frex_ranks_an_exclusive_word_above_a_shared_frequent_word():
    F = frex(BETA, w=0.5)
    assert F.shape == BETA.shape
    assert F[0, 1] > F[0, 0]
    # by hand (stm calcfrex): topic 0 frequency ECDF ranks shared 5/5, excl 4/5;
    # exclusivity ranks excl 5/5, a (0.75) 4/5, shared (0.5) 3/5
    assert F[0, 0] == pytest.approx(1 / (0.5 / 1.0 + 0.5 / 0.6))
    assert F[0, 1] == pytest.approx(1 / (0.5 / 0.8 + 0.5 / 1.0))
    # w is the weight on frequency (as in stm): w = 1 ranks by frequency alone
    F1 = frex(BETA, w=1.0)
    assert F1[0, 0] > F1[0, 1]
    np.testing.assert_allclose(F1[0], [1.0, 0.8, 0.6, 0.3, 0.3])       # ties averaged
    assert np.all((F > 0) & (F <= 1))


def test_frex_with_wordcounts_shrinks_rare_words():
    # a word seen once is shrunk to uniform exclusivity (stm's js.estimate) and loses rank
    F_plain = frex(BETA, w=0.5)
    F_shrunk = frex(BETA, w=0.5, wordcounts=np.array([500, 1, 100, 100, 100]))
    assert F_shrunk[0, 1] < F_plain[0, 1]
    with pytest.raises(ValueError):
        frex(BETA, wordcounts=np.ones(3))


def test_relevance_by_hand():
    tf = np.array([70.0, 30.1, 20.0, 40.0, 39.9])
    p = tf / tf.sum()
    R = relevance(BETA, tf, lam=0.6)
    expected = 0.6 * np.log(BETA) + 0.4 * np.log(BETA / p)
    np.testing.assert_allclose(R, expected)
    np.testing.assert_allclose(relevance(BETA, tf, lam=1.0), np.log(BETA))
    np.testing.assert_allclose(relevance(BETA, tf, lam=0.0), np.log(BETA / p))
    # lift (lam = 0) prefers the exclusive word, probability (lam = 1) the frequent one
    assert np.argmax(relevance(BETA, tf, 0.0)[0]) == 1
    assert np.argmax(relevance(BETA, tf, 1.0)[0]) == 0
    R0 = relevance(np.array([[0.5, 0.5, 0.0]]), np.array([1.0, 0.0, 1.0]), 0.6)
    assert np.isneginf(R0[0, 1]) and np.isneginf(R0[0, 2]) and np.isfinite(R0[0, 0])


