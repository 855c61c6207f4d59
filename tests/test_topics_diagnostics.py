"""Coherence, exclusivity, FREX and relevance on small hand-made examples
(scotext.topics.diagnostics)."""

import numpy as np
import pytest

from scotext.topics.diagnostics import (coherence, exclusivity, frex, relevance, top_word_ids,
                                        top_words)

VOCAB = ["shared", "excl", "a", "b", "c"]
# topic 0: "shared" most frequent but equally likely in topic 1; "excl" nearly only in topic 0
BETA = np.array([
    [0.35, 0.300, 0.15, 0.10, 0.100],
    [0.35, 0.001, 0.05, 0.30, 0.299],
])


def test_top_words():
    assert top_words(BETA, VOCAB, topn=3) == [["shared", "excl", "a"], ["shared", "b", "c"]]
    np.testing.assert_array_equal(top_word_ids(np.array([[0.5, 0.5, 0.0]]), 2), [[0, 1]])


def test_exclusivity_perfect_separation_is_one_and_full_sharing_is_one_over_k():
    separated = np.array([[0.5, 0.5, 0.0, 0.0], [0.0, 0.0, 0.7, 0.3]])
    np.testing.assert_allclose(exclusivity(separated, topn=2), [1.0, 1.0])
    shared = np.tile([0.4, 0.3, 0.2, 0.1], (3, 1))
    np.testing.assert_allclose(exclusivity(shared, topn=3), [1 / 3] * 3)
    # by hand: topic 0 top-2 = shared (0.35/0.70) and excl (0.3/0.301)
    assert exclusivity(BETA, topn=2)[0] == pytest.approx((0.5 + 0.3 / 0.301) / 2)


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


TEXTS = ([["apple", "banana", "cherry"]] * 10 + [["dog", "egg", "fig"]] * 10
         + [["apple", "dog"], ["banana", "egg"]])
CVOCAB = ["apple", "banana", "cherry", "dog", "egg", "fig", "zebra"]


def _topics(*word_lists):
    tw = np.full((len(word_lists), len(CVOCAB)), 1e-3)
    for k, words in enumerate(word_lists):
        for r, w in enumerate(words):
            tw[k, CVOCAB.index(w)] = 1.0 - 0.1 * r
    return tw / tw.sum(axis=1, keepdims=True)


@pytest.mark.parametrize("measure", ["c_npmi", "c_v"])
def test_coherence_prefers_co_occurring_words(measure):
    tw = _topics(["apple", "banana", "cherry"], ["apple", "egg", "cherry"])
    values = coherence(tw, CVOCAB, TEXTS, measure, topn=3)
    assert values.shape == (2,)
    assert values[0] > values[1]
    if measure == "c_npmi":
        assert values[0] > 0.5 and values[1] < 0


def test_coherence_skips_words_missing_from_the_texts():
    with_missing = _topics(["zebra", "apple", "banana", "cherry"])
    without = _topics(["apple", "banana", "cherry"])
    a = coherence(with_missing, CVOCAB, TEXTS, "c_npmi", topn=3)
    b = coherence(without, CVOCAB, TEXTS, "c_npmi", topn=3)
    np.testing.assert_allclose(a, b)
    # a topic with fewer than two known words gets NaN, the others still a value
    texts = [["apple", "banana"]] * 3
    tw = _topics(["apple", "banana"], ["zebra"])
    vals = coherence(tw[:, :], CVOCAB, texts, "c_npmi", topn=2)
    assert np.isfinite(vals[0])
    np.testing.assert_allclose(coherence(tw, CVOCAB, [["zebra_no"]], "c_npmi", topn=2), [np.nan, np.nan])
    with pytest.raises(ValueError):
        coherence(tw, CVOCAB, texts, "u_mass")


def test_coherence_window_argument_changes_npmi():
    # apple and banana six tokens apart: together in a 10-token window, never in a 2-token one
    texts = [["apple", "x1", "x2", "x3", "x4", "x5", "banana"]] * 5 + [["y1", "y2"]] * 5
    vocab = ["apple", "banana", "x1"]
    tw = np.array([[0.5, 0.4, 0.1]])
    wide = coherence(tw, vocab, texts, "c_npmi", topn=2, window=10)
    narrow = coherence(tw, vocab, texts, "c_npmi", topn=2, window=2)
    assert wide[0] > 0.9 and narrow[0] < -0.5
