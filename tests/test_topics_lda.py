"""LDA wrapper (scotext.topics.lda): recovery of known topics, determinism, held-out
evaluation by document completion that never lets the fit see the held-out tokens."""

import os
import subprocess
import sys
from pathlib import Path

import numpy as np
import pytest

from scotext.topics.align import align
from scotext.topics.data import completion_split
from scotext.topics.lda import LdaTopicModel, fit_heldout, to_bow
from scotext.topics.synthetic import synthetic_corpus

FAST = dict(passes=10, iterations=50)
ROOT = Path(__file__).resolve().parents[1]


@pytest.fixture(scope="module")
def corpus():
    # K=4 topics on 200 words (own block of 40 words each + background), theta ~ Dir(0.3),
    # 300 documents of 60 tokens, seed 0
    return synthetic_corpus(n_topics=4, n_words=200, n_docs=300, doc_len=60, seed=0)


@pytest.fixture(scope="module")
def split(corpus):
    return completion_split(corpus[0], seed=0, heldout_share=0.5)


@pytest.fixture(scope="module")
def fitted(corpus):
    return LdaTopicModel(k=4, seed=0).fit(corpus[0])              # default settings


def test_recovers_known_topics(corpus, fitted, record_property):
    dtm, beta, theta, _ = corpus
    perm, sims = align(beta, fitted.topic_word_)
    record_property("lda_recovery_cosines", sims.round(4).tolist())
    print(f"\nLDA recovery, cosine per true topic: {np.round(sims, 4).tolist()}, mean {sims.mean():.4f}")
    assert sims.mean() >= 0.8
    assert sims.min() >= 0.6
    # the document mixtures are recovered too (correlation per topic after alignment)
    est = fitted.doc_topic_[:, perm]
    corr = [np.corrcoef(est[:, k], theta[:, k])[0, 1] for k in range(4)]
    print(f"LDA recovery, correlation of theta per topic: {np.round(corr, 4).tolist()}")
    assert min(corr) > 0.8


def test_learned_state_shapes_and_normalisation(corpus, fitted):
    dtm = corpus[0]
    assert fitted.topic_word_.shape == (4, dtm.shape[1])
    assert fitted.doc_topic_.shape == (dtm.shape[0], 4)
    assert fitted.topic_word_.dtype == np.float64
    np.testing.assert_allclose(fitted.topic_word_.sum(axis=1), 1.0, rtol=0, atol=1e-12)
    np.testing.assert_allclose(fitted.doc_topic_.sum(axis=1), 1.0, rtol=0, atol=1e-12)
    assert np.all(fitted.topic_word_ > 0)
    assert fitted.n_tokens_ == int(dtm.sum())


def test_fit_is_bit_for_bit_reproducible_and_seed_matters(corpus):
    dtm = corpus[0]
    a = LdaTopicModel(4, seed=3, **FAST).fit(dtm)
    b = LdaTopicModel(4, seed=3, **FAST).fit(dtm)
    c = LdaTopicModel(4, seed=4, **FAST).fit(dtm)
    assert a.topic_word_.tobytes() == b.topic_word_.tobytes()
    assert a.doc_topic_.tobytes() == b.doc_topic_.tobytes()
    assert not np.array_equal(a.topic_word_, c.topic_word_)


def test_transform_is_deterministic_whatever_ran_before(corpus, fitted):
    dtm = corpus[0]
    first = fitted.transform(dtm[:20])
    fitted.transform(dtm[20:40])                    # would advance an unseeded random state
    np.testing.assert_array_equal(first, fitted.transform(dtm[:20]))
    np.testing.assert_array_equal(first, fitted.doc_topic_[:20])
    empty = fitted.transform(dtm[:1] * 0)
    alpha = fitted.model_.alpha
    np.testing.assert_allclose(empty[0], alpha / alpha.sum())        # prior mean
    with pytest.raises(ValueError):
        fitted.transform(dtm[:, :10])


def test_priors_are_passed_and_validated(corpus):
    dtm = corpus[0][:60]
    m = LdaTopicModel(3, seed=0, passes=2, iterations=20, alpha=0.1, eta=0.05).fit(dtm)
    np.testing.assert_allclose(m.model_.alpha, 0.1)
    np.testing.assert_allclose(m.model_.eta, 0.05)
    for bad in (dict(alpha="flat"), dict(alpha=-1.0), dict(eta=np.ones(3)), dict(k=0)):
        settings = dict(k=3, seed=0, passes=1) | bad
        with pytest.raises(ValueError):
            LdaTopicModel(**settings).fit(dtm)


# --- held-out evaluation ----------------------------------------------------------------

def test_heldout_loglik_matches_the_formula(split):
    observed, heldout = split
    model, ll, ppl = fit_heldout(observed, heldout, 4, seed=0, **FAST)
    theta = model.transform(observed)
    p = theta @ model.topic_word_
    H = heldout.toarray()
    expected = (H * np.log(p)).sum() / H.sum()
    assert ll == pytest.approx(expected, rel=1e-12)
    assert ppl == pytest.approx(np.exp(-expected), rel=1e-12)


def test_fit_for_evaluation_receives_the_observed_counts_only(split, monkeypatch):
    """Spy on gensim: every document the LDA fit is given is a row of `observed`."""
    import gensim.models

    seen = []

    class SpyLda(gensim.models.LdaModel):
        def update(self, corpus, *args, **kwargs):
            seen.append([list(doc) for doc in corpus])
            return super().update(corpus, *args, **kwargs)

    monkeypatch.setattr(gensim.models, "LdaModel", SpyLda)
    observed, heldout = split
    fit_heldout(observed, heldout, 4, seed=0, passes=2, iterations=20)
    assert len(seen) == 1                                   # one training call, no later update
    assert seen[0] == to_bow(observed)
    assert seen[0] != to_bow(observed + heldout)


def test_fitted_model_does_not_depend_on_the_heldout_tokens(split):
    """Replacing every held-out token by another word leaves the fit bit-identical;
    only the score changes."""
    observed, heldout = split
    shuffled = heldout.copy()
    rng = np.random.default_rng(1)
    shuffled.indices = rng.integers(0, heldout.shape[1], size=heldout.nnz).astype(heldout.indices.dtype)
    shuffled.sum_duplicates()
    m1, ll1, _ = fit_heldout(observed, heldout, 4, seed=0, **FAST)
    m2, ll2, _ = fit_heldout(observed, shuffled, 4, seed=0, **FAST)
    assert m1.topic_word_.tobytes() == m2.topic_word_.tobytes()
    assert m1.doc_topic_.tobytes() == m2.doc_topic_.tobytes()
    assert ll1 != ll2
    assert ll1 > ll2                     # the real held-out words are predicted better than noise


def test_leakage_would_be_visible(corpus, split):
    """Positive control: a model that saw the held-out tokens (fitted on the full matrix)
    scores them clearly better, and the default check refuses to score it."""
    dtm = corpus[0]
    observed, heldout = split
    honest, ll_honest, _ = fit_heldout(observed, heldout, 4, seed=0, **FAST)
    ll_in_sample, _ = honest.heldout_loglik(observed, observed)
    assert ll_in_sample > ll_honest                          # sanity: own tokens are easier
    leaky = LdaTopicModel(4, seed=0, **FAST).fit(dtm)
    with pytest.raises(ValueError, match="not fitted on this observed matrix"):
        leaky.heldout_loglik(observed, heldout)
    ll_leaky, _ = leaky.heldout_loglik(observed, heldout, check_fit=False)
    print(f"\nheld-out log-lik/token: honest {ll_honest:.4f}, leaky {ll_leaky:.4f}, "
          f"in-sample {ll_in_sample:.4f}")
    assert ll_leaky > ll_honest + 0.02


def test_heldout_rejects_bad_input(split):
    observed, heldout = split
    model = LdaTopicModel(2, seed=0, passes=1, iterations=10).fit(observed)
    with pytest.raises(ValueError):
        model.heldout_loglik(observed, heldout * 0)
    with pytest.raises(ValueError):
        model.heldout_loglik(observed, heldout[:10])
    with pytest.raises(RuntimeError):
        LdaTopicModel(2, 0).transform(observed)


SCRIPT = """
import hashlib, sys
sys.path.insert(0, {src!r})
from scotext.topics.data import build_dtm
from scotext.topics.lda import LdaTopicModel
from scotext.topics.synthetic import synthetic_corpus, units_from_dtm
dtm, _, _, vocab = synthetic_corpus(n_docs=80, doc_len=30, seed=2)
units = units_from_dtm(dtm, [w + "_x" for w in vocab], seed=0)
m, v = build_dtm(units, min_df=2, max_df=0.9)
model = LdaTopicModel(3, seed=1, passes=3, iterations=30).fit(m)
print(hashlib.sha256("|".join(v).encode()).hexdigest(),
      hashlib.sha256(model.topic_word_.tobytes() + model.doc_topic_.tobytes()).hexdigest())
"""


def test_same_result_under_different_hash_seeds():
    code = SCRIPT.format(src=str(ROOT / "src"))
    outs = []
    for hash_seed in ("1", "2"):
        env = dict(os.environ, PYTHONHASHSEED=hash_seed, OMP_NUM_THREADS="1",
                   OPENBLAS_NUM_THREADS="1", MKL_NUM_THREADS="1")
        res = subprocess.run([sys.executable, "-c", code], env=env, capture_output=True,
                             text=True, timeout=120, check=True)
        outs.append(res.stdout.strip())
    assert outs[0] == outs[1] and len(outs[0].split()) == 2
