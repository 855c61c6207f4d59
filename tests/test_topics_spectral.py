"""The spectral start of the gensim engine (scotext.topics.spectral): the co-occurrence
estimator against a direct computation, planted word groups recovered, nothing recovered
when the co-occurrence is destroyed, and the start lifting VB out of its local optima."""

import numpy as np
import pytest
from scipy import sparse
from scipy.optimize import linear_sum_assignment
from sklearn.metrics import adjusted_rand_score

from scotext.topics.lda import LdaTopicModel
from scotext.topics.spectral import (clustered_words, cooccurrence, spectral_sstats,
                                     word_clusters)
from scotext.topics.synthetic import pure_unit_corpus


def recovery(true_beta, beta):
    unit = lambda b: b / np.linalg.norm(b, axis=1, keepdims=True)  # noqa: E731
    cos = unit(true_beta) @ unit(beta).T
    r, c = linear_sum_assignment(-cos)
    return float(cos[r, c].mean())


@pytest.fixture(scope="module")
def short_units():
    """Interview-like units: 16 tokens, 70% from the unit's topic, the rest from its
    document's mixture; 8 topics on blocks of 44 words."""
    return pure_unit_corpus(n_topics=8, n_words=400, n_docs=150, units_per_doc=8,
                            unit_len=16, purity=0.7, seed=3)


def test_cooccurrence_is_the_mean_of_each_units_pair_shares():
    m = sparse.csr_matrix(np.array([[2, 1, 0, 1], [0, 3, 1, 0], [1, 0, 0, 0], [0, 0, 0, 0]]))
    words = np.array([0, 1, 3])
    expected = np.zeros((3, 3))
    used = 0
    for row in m.toarray():
        n = row.sum()
        if n < 2:
            continue
        w = row[words].astype(float)
        expected += (np.outer(w, w) - np.diag(w)) / (n * (n - 1))
        used += 1
    expected /= used
    got = cooccurrence(m, words)
    np.testing.assert_allclose(got, expected, atol=1e-15)
    # a unit of 4 tokens (2, 1, 0, 1): word 0 co-occurs with itself in 2 of 12 ordered pairs
    assert got[0, 0] == pytest.approx((2 * 2 - 2) / 12 / 2)
    with pytest.raises(ValueError, match="2 or more tokens"):
        cooccurrence(sparse.csr_matrix(np.eye(3, dtype=np.int64)), np.arange(3))


def test_clustered_words_keeps_the_frequent_words_of_enough_units():
    m = sparse.csr_matrix(np.array([[5, 1, 1, 0], [5, 1, 0, 0], [5, 0, 1, 0]]))
    assert clustered_words(m, min_df=2, max_words=10).tolist() == [0, 1, 2]
    assert clustered_words(m, min_df=3, max_words=10).tolist() == [0]
    # at most max_words: the most frequent (ties by column number)
    assert clustered_words(m, min_df=2, max_words=2).tolist() == [0, 1]


def test_word_clusters_recover_the_planted_topic_blocks(short_units):
    dtm, beta, _, _ = short_units
    words, labels = word_clusters(dtm, 8, seed=0)
    own = beta.argmax(axis=0)[words]                 # the topic block of each clustered word
    in_block = beta.max(axis=0)[words] > 2 * np.sort(beta, axis=0)[-2][words]
    assert in_block.sum() > 200
    assert adjusted_rand_score(own[in_block], labels[in_block]) > 0.9
    # deterministic: the same matrix and seed give the same clusters
    again = word_clusters(dtm, 8, seed=0)
    assert np.array_equal(again[0], words) and np.array_equal(again[1], labels)


def test_word_clusters_find_nothing_when_co_occurrence_is_destroyed(short_units):
    """Tokens permuted across all units (same lengths, same word frequencies): the
    clusters are unrelated to the topic blocks."""
    dtm, beta, _, _ = short_units
    rng = np.random.default_rng(7)
    tokens = np.repeat(np.tile(np.arange(dtm.shape[1]), 1), np.asarray(dtm.sum(0)).ravel())
    tokens = rng.permutation(tokens)
    lengths = np.asarray(dtm.sum(1)).ravel()
    rows = np.repeat(np.arange(dtm.shape[0]), lengths)
    permuted = sparse.csr_matrix((np.ones(len(tokens), dtype=np.int64), (rows, tokens)),
                                 shape=dtm.shape)
    permuted.sum_duplicates()
    words, labels = word_clusters(permuted, 8, seed=0)
    own = beta.argmax(axis=0)[words]
    assert abs(adjusted_rand_score(own, labels)) < 0.05


def test_spectral_sstats_put_each_clustered_words_count_in_its_cluster(short_units):
    dtm = short_units[0]
    words, labels = word_clusters(dtm, 8, seed=1)
    stats = spectral_sstats(dtm, 8, seed=1, floor=1e-3)
    counts = np.asarray(dtm.sum(0)).ravel()
    assert stats.shape == (8, dtm.shape[1])
    np.testing.assert_allclose(stats[labels, words], counts[words] + 1e-3)
    other = np.setdiff1d(np.arange(dtm.shape[1]), words)
    assert np.all(stats[:, other] == 1e-3)
    assert np.isclose(stats.sum(), counts[words].sum() + 1e-3 * stats.size)


def test_spectral_start_lifts_vb_out_of_its_local_optima(short_units):
    """The reason for the start: on short mixed units gensim's random start leaves some
    fits with topics merged; the spectral start reaches the true topics from every seed."""
    dtm, beta, _, _ = short_units
    settings = dict(k=8, passes=20, iterations=50, alpha=0.1, eta=0.1)
    spectral = [recovery(beta, LdaTopicModel(seed=s, start="spectral", **settings)
                         .fit(dtm).topic_word_) for s in range(3)]
    random = [recovery(beta, LdaTopicModel(seed=s, start="random", **settings)
                       .fit(dtm).topic_word_) for s in range(3)]
    assert min(spectral) > 0.97, spectral
    assert min(random) < min(spectral) - 0.05, (random, spectral)


def test_spectral_start_is_bit_reproducible_and_validated(short_units):
    dtm = short_units[0]
    a = LdaTopicModel(k=4, seed=5, passes=3, iterations=20, start="spectral").fit(dtm)
    b = LdaTopicModel(k=4, seed=5, passes=3, iterations=20, start="spectral").fit(dtm)
    assert np.array_equal(a.topic_word_, b.topic_word_)
    with pytest.raises(ValueError, match="start must be one of"):
        LdaTopicModel(k=4, seed=5, start="anchors").fit(dtm)
    # too few words in start_min_df units: the 2K most frequent words are clustered
    rare = LdaTopicModel(k=4, seed=5, passes=3, iterations=20, start="spectral",
                         start_min_df=10 ** 6).fit(dtm)
    assert np.isfinite(rare.topic_word_).all()
    words, labels = word_clusters(dtm, 4, seed=5, min_df=10 ** 6)
    counts = np.asarray(dtm.sum(0)).ravel()
    assert len(words) == 8 and set(labels) <= set(range(4))
    assert counts[words].min() >= np.sort(counts)[-8]
    with pytest.raises(ValueError, match="at least K = 4 words"):
        word_clusters(sparse.csr_matrix(np.array([[3, 2, 1, 0, 0]] * 5)), 4, seed=0)


def test_the_workflow_config_starts_gensim_from_the_spectral_clusters():
    import yaml

    from scotext.topics.search import engine_settings

    from pathlib import Path
    top = yaml.safe_load((Path(__file__).parents[1] / "config" / "config.yaml").read_text())["topics"]
    settings = engine_settings({**top, "engine": "gensim"})
    assert settings["start"] == top["gensim"]["start"] == "spectral"
    assert settings["start_min_df"] == top["gensim"]["start_min_df"]
    assert engine_settings({**top, "engine": "gensim"}, final=True)["start"] == "spectral"
    LdaTopicModel(k=2, seed=0, **settings)       # every key is a setting of the engine
