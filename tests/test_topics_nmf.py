"""NMF on TF-IDF (scotext.topics.nmf): recovery of known topics and agreement with LDA."""

import numpy as np
import pytest

from scotext.topics.align import align
from scotext.topics.lda import LdaTopicModel
from scotext.topics.nmf import agreement, nmf_topics
from scotext.topics.synthetic import synthetic_corpus


@pytest.fixture(scope="module")
def corpus():
    return synthetic_corpus(n_topics=4, n_words=200, n_docs=300, doc_len=60, seed=0)


def test_nmf_recovers_known_topics(corpus, record_property):
    dtm, beta, _, _ = corpus
    H = nmf_topics(dtm, 4, seed=0)
    assert H.shape == beta.shape
    np.testing.assert_allclose(H.sum(axis=1), 1.0)
    assert np.all(H >= 0)
    _, sims = align(beta, H)
    record_property("nmf_recovery_cosines", sims.round(4).tolist())
    print(f"\nNMF recovery, cosine per true topic: {np.round(sims, 4).tolist()}, mean {sims.mean():.4f}")
    assert sims.mean() >= 0.8


def test_nmf_is_deterministic(corpus):
    dtm = corpus[0]
    a = nmf_topics(dtm, 4, seed=5)
    b = nmf_topics(dtm, 4, seed=5)
    assert a.tobytes() == b.tobytes()
    with pytest.raises(ValueError):
        nmf_topics(dtm, 0, seed=0)


def test_nmf_agrees_with_lda(corpus):
    dtm = corpus[0]
    lda = LdaTopicModel(4, seed=0, passes=20, iterations=100).fit(dtm)
    H = nmf_topics(dtm, 4, seed=0)
    table = agreement(lda.topic_word_, H)
    assert list(table.columns) == ["topic", "matched_topic", "cosine"]
    assert sorted(table["matched_topic"]) == [0, 1, 2, 3]
    print(f"\nLDA-NMF agreement, cosine per LDA topic: {table['cosine'].round(4).tolist()}")
    assert table["cosine"].mean() >= 0.8
    # a model of noise does not agree
    rng = np.random.default_rng(0)
    noise = rng.dirichlet(np.ones(dtm.shape[1]), size=4)
    assert agreement(lda.topic_word_, noise)["cosine"].mean() < 0.6
