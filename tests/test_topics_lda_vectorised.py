"""The vectorised E-step (scotext.topics.lda._vectorised_inference) computes what gensim's
per-document loop (LdaModel.inference) computes, to floating-point rounding."""

import numpy as np
import pytest

from scotext.topics.lda import LdaTopicModel, _vectorised_inference, to_bow
from scotext.topics.synthetic import synthetic_corpus


@pytest.mark.parametrize("iterations,threshold", [(50, 1e-3), (5, 1e-3), (200, 1e-8)])
def test_matches_gensim_loop(iterations, threshold):
    from gensim.models import LdaModel

    dtm, *_ = synthetic_corpus(n_topics=4, n_words=120, n_docs=150, doc_len=40, seed=2)
    dtm = dtm.tolil()
    dtm[7, :] = 0                                    # an empty document
    dtm = dtm.tocsr()
    dtm.eliminate_zeros()
    fitted = LdaTopicModel(4, seed=1, passes=3, iterations=iterations,
                           gamma_threshold=threshold).fit(dtm).model_
    fitted.iterations, fitted.gamma_threshold = iterations, threshold
    fitted.random_state = np.random.RandomState(5)
    gamma_v, sstats_v = _vectorised_inference(fitted, dtm, collect_sstats=True)
    fitted.random_state = np.random.RandomState(5)
    gamma_g, sstats_g = LdaModel.inference(fitted, to_bow(dtm), collect_sstats=True)
    np.testing.assert_allclose(gamma_v, gamma_g, rtol=1e-9, atol=1e-12)
    np.testing.assert_allclose(sstats_v, sstats_g, rtol=1e-9, atol=1e-12)
    assert np.allclose(gamma_v[7], fitted.alpha)     # the empty document stays at the prior


def test_fit_agrees_with_plain_gensim():
    """Whole fits (E- and M-steps over several passes) agree with gensim's own LdaModel."""
    from gensim.models import LdaModel

    dtm, *_ = synthetic_corpus(n_topics=3, n_words=80, n_docs=100, doc_len=30, seed=4)
    ours = LdaTopicModel(3, seed=3, passes=5, iterations=50).fit(dtm)
    plain = LdaModel(corpus=to_bow(dtm), num_topics=3, id2word={j: str(j) for j in range(80)},
                     chunksize=2000, passes=5, update_every=1, alpha="symmetric",
                     eval_every=None, iterations=50, random_state=3, dtype=np.float64)
    lam = plain.state.get_lambda()
    np.testing.assert_allclose(ours.topic_word_, lam / lam.sum(axis=1, keepdims=True),
                               rtol=1e-8, atol=1e-12)


def test_transform_in_blocks_equals_one_block(monkeypatch):
    dtm, *_ = synthetic_corpus(n_topics=3, n_words=60, n_docs=90, doc_len=20, seed=1)
    model = LdaTopicModel(3, seed=0, passes=2, iterations=20).fit(dtm)
    whole = model.transform(dtm)
    import scotext.topics.lda as lda
    monkeypatch.setattr(lda, "TRANSFORM_BLOCK", 7)
    np.testing.assert_array_equal(model.transform(dtm), whole)
