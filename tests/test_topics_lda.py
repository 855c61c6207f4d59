"""LDA engines (scotext.topics.lda: gensim; scotext.topics.tomotopy_lda: tomotopy), through
scotext.topics.engines: recovery of known topics, determinism, held-out evaluation by document
completion that never lets the fit see the held-out tokens. The engine-agnostic tests run for
both engines with the same thresholds; gensim- and tomotopy-specific tests follow them."""

import os
import subprocess
import sys
from pathlib import Path

import numpy as np
import pytest

from scotext.topics import engines
from scotext.topics.align import align
from scotext.topics.data import completion_split
from scotext.topics.lda import LdaTopicModel, fit_heldout
from scotext.topics.synthetic import synthetic_corpus

# settings per engine: FAST for most fits, TINY where only the plumbing matters
FAST = {"gensim": dict(passes=10, iterations=50),
        "tomotopy": dict(iterations=100, burn_in=50, infer_iterations=50)}
TINY = {"gensim": dict(passes=2, iterations=20),
        "tomotopy": dict(iterations=20, burn_in=10, infer_iterations=20)}
MINI = {"gensim": dict(passes=1, iterations=10),
        "tomotopy": dict(iterations=5, burn_in=2, infer_iterations=10)}
ROOT = Path(__file__).resolve().parents[1]


@pytest.fixture(scope="module", params=engines.ENGINES)
def engine(request):
    return request.param


@pytest.fixture(scope="module")
def corpus():
    # K=4 topics on 200 words (own block of 40 words each + background), theta ~ Dir(0.3),
    # 300 documents of 60 tokens, seed 0
    return synthetic_corpus(n_topics=4, n_words=200, n_docs=300, doc_len=60, seed=0)


@pytest.fixture(scope="module")
def split(corpus):
    return completion_split(corpus[0], seed=0, heldout_share=0.5)


@pytest.fixture(scope="module")
def fitted(corpus, engine):
    return engines.topic_model(engine, k=4, seed=0).fit(corpus[0])       # default settings


def prior_alpha(model):
    """The document-topic prior the fitted model used (length K)."""
    return model.alpha_ if hasattr(model, "alpha_") else model.model_.alpha


def test_recovers_known_topics(corpus, engine, fitted, record_property):
    dtm, beta, theta, _ = corpus
    perm, sims = align(beta, fitted.topic_word_)
    record_property(f"{engine}_recovery_cosines", sims.round(4).tolist())
    print(f"\n{engine} recovery, cosine per true topic: {np.round(sims, 4).tolist()}, "
          f"mean {sims.mean():.4f}")
    assert sims.mean() >= 0.8
    assert sims.min() >= 0.6
    # the document mixtures are recovered too (correlation per topic after alignment)
    est = fitted.doc_topic_[:, perm]
    corr = [np.corrcoef(est[:, k], theta[:, k])[0, 1] for k in range(4)]
    print(f"{engine} recovery, correlation of theta per topic: {np.round(corr, 4).tolist()}")
    assert min(corr) > 0.8


def test_learned_state_shapes_and_normalisation(corpus, fitted):
    dtm = corpus[0]
    assert fitted.topic_word_.shape == (4, dtm.shape[1])
    assert fitted.doc_topic_.shape == (dtm.shape[0], 4)
    assert fitted.topic_word_.dtype == np.float64
    assert fitted.doc_topic_.dtype == np.float64
    np.testing.assert_allclose(fitted.topic_word_.sum(axis=1), 1.0, rtol=0, atol=1e-12)
    np.testing.assert_allclose(fitted.doc_topic_.sum(axis=1), 1.0, rtol=0, atol=1e-12)
    assert np.all(fitted.topic_word_ > 0)
    assert np.all(fitted.doc_topic_ > 0)
    assert fitted.n_tokens_ == int(dtm.sum())
    assert fitted.n_words_ == dtm.shape[1]


def test_fit_is_bit_for_bit_reproducible_and_seed_matters(corpus, engine):
    dtm = corpus[0]
    a = engines.topic_model(engine, 4, seed=3, **FAST[engine]).fit(dtm)
    b = engines.topic_model(engine, 4, seed=3, **FAST[engine]).fit(dtm)
    c = engines.topic_model(engine, 4, seed=4, **FAST[engine]).fit(dtm)
    assert a.topic_word_.tobytes() == b.topic_word_.tobytes()
    assert a.doc_topic_.tobytes() == b.doc_topic_.tobytes()
    assert not np.array_equal(a.topic_word_, c.topic_word_)


def test_transform_is_deterministic_whatever_ran_before(corpus, fitted):
    dtm = corpus[0]
    first = fitted.transform(dtm[:20])
    fitted.transform(dtm[20:40])                    # would advance an unseeded random state
    np.testing.assert_array_equal(first, fitted.transform(dtm[:20]))
    np.testing.assert_array_equal(first, fitted.transform(dtm)[:20])
    empty = fitted.transform(dtm[:1] * 0)
    alpha = prior_alpha(fitted)
    np.testing.assert_allclose(empty[0], alpha / alpha.sum())        # prior mean
    with pytest.raises(ValueError):
        fitted.transform(dtm[:, :10])


def test_bad_settings_are_rejected(corpus, engine):
    dtm = corpus[0][:60]
    bad_settings = [dict(alpha="flat"), dict(alpha=-1.0), dict(alpha=np.ones(2)),
                    dict(eta=0.0), dict(eta=np.ones(3)), dict(k=0), dict(k=2.5), dict(seed=-1),
                    dict(seed=1.5), dict(iterations=0)]
    if engine == "tomotopy":
        bad_settings += [dict(alpha="auto"), dict(alpha="asymmetric"), dict(eta="auto"),
                         dict(eta=np.ones(dtm.shape[1])), dict(burn_in=-1),
                         dict(burn_in=5, iterations=5), dict(infer_iterations=0),
                         dict(seed=2 ** 63)]
    for bad in bad_settings:
        settings = dict(k=3, seed=0) | MINI[engine] | bad
        with pytest.raises(ValueError):
            engines.topic_model(engine, **settings).fit(dtm)
    with pytest.raises(ValueError, match="no tokens"):
        engines.topic_model(engine, 3, 0, **MINI[engine]).fit(dtm * 0)


def test_unknown_engine_is_refused():
    with pytest.raises(ValueError, match="'mallet'.*gensim, tomotopy"):
        engines.topic_model("mallet", 3, 0)
    with pytest.raises(ValueError, match="unknown topic-model engine"):
        engines.fit_heldout("sklearn", None, None, 3, 0)
    with pytest.raises(TypeError):                  # a gensim setting given to tomotopy
        engines.topic_model("tomotopy", 3, 0, passes=3)


# --- held-out evaluation ----------------------------------------------------------------

def test_heldout_loglik_matches_the_formula(split, engine):
    observed, heldout = split
    model, ll, ppl = engines.fit_heldout(engine, observed, heldout, 4, seed=0, **FAST[engine])
    theta = model.transform(observed)
    p = theta @ model.topic_word_
    H = heldout.toarray()
    expected = (H * np.log(p)).sum() / H.sum()
    assert ll == pytest.approx(expected, rel=1e-12)
    assert ppl == pytest.approx(np.exp(-expected), rel=1e-12)


def test_gensim_engine_fit_heldout_is_lda_fit_heldout(split):
    observed, heldout = split
    m1, ll1, ppl1 = engines.fit_heldout("gensim", observed, heldout, 4, seed=0, **TINY["gensim"])
    m2, ll2, ppl2 = fit_heldout(observed, heldout, 4, seed=0, **TINY["gensim"])
    assert isinstance(m1, LdaTopicModel)
    assert m1.topic_word_.tobytes() == m2.topic_word_.tobytes()
    assert (ll1, ppl1) == (ll2, ppl2)


def test_fit_for_evaluation_receives_the_observed_counts_only(split, monkeypatch):
    """Spy on the E-step: every document the LDA fit learns from is a row of `observed`."""
    import scotext.topics.lda as lda

    seen = []
    real = lda._vectorised_inference

    def spy(model, m, collect_sstats=False):
        if collect_sstats:                                  # training (not transform)
            seen.append(m.toarray())
        return real(model, m, collect_sstats)

    monkeypatch.setattr(lda, "_vectorised_inference", spy)
    observed, heldout = split
    fit_heldout(observed, heldout, 4, seed=0, passes=2, iterations=20)
    assert len(seen) == 2                                   # one chunk per pass, two passes
    for block in seen:
        np.testing.assert_array_equal(block, observed.toarray())
        assert not np.array_equal(block, (observed + heldout).toarray())


def _word_lists(m):
    """Rows of a count matrix as tomotopy word lists (column index strings, ascending,
    repeated by count), empty rows left out."""
    m = m.tocsr()
    out = []
    for i in range(m.shape[0]):
        sl = slice(m.indptr[i], m.indptr[i + 1])
        words = [str(j) for j, c in zip(m.indices[sl].tolist(), m.data[sl].tolist()) for _ in range(c)]
        if words:
            out.append(words)
    return out


def test_tomotopy_fit_for_evaluation_receives_the_observed_counts_only(split, monkeypatch):
    """Spy on tomotopy: the documents added for training and those made for inference are
    exactly the rows of `observed` (the held-out part is only scored, in numpy)."""
    import tomotopy

    added, made = [], []

    class SpyLda(tomotopy.LDAModel):
        def add_doc(self, words, *args, **kwargs):
            added.append(list(words))
            return super().add_doc(words, *args, **kwargs)

        def make_doc(self, words, *args, **kwargs):
            made.append(list(words))
            return super().make_doc(words, *args, **kwargs)

    monkeypatch.setattr(tomotopy, "LDAModel", SpyLda)
    observed, heldout = split
    engines.fit_heldout("tomotopy", observed, heldout, 4, seed=0, **TINY["tomotopy"])
    expected = _word_lists(observed)
    assert added == expected
    assert made == expected                            # theta for scoring only
    assert added != _word_lists(observed + heldout)


def test_fitted_model_does_not_depend_on_the_heldout_tokens(split, engine):
    """Replacing every held-out token by another word leaves the fit bit-identical;
    only the score changes."""
    observed, heldout = split
    shuffled = heldout.copy()
    rng = np.random.default_rng(1)
    shuffled.indices = rng.integers(0, heldout.shape[1], size=heldout.nnz).astype(heldout.indices.dtype)
    shuffled.sum_duplicates()
    m1, ll1, _ = engines.fit_heldout(engine, observed, heldout, 4, seed=0, **FAST[engine])
    m2, ll2, _ = engines.fit_heldout(engine, observed, shuffled, 4, seed=0, **FAST[engine])
    assert m1.topic_word_.tobytes() == m2.topic_word_.tobytes()
    assert m1.doc_topic_.tobytes() == m2.doc_topic_.tobytes()
    assert ll1 != ll2
    assert ll1 > ll2                     # the real held-out words are predicted better than noise


def test_leakage_would_be_visible(corpus, split, engine):
    """Positive control: a model that saw the held-out tokens (fitted on the full matrix)
    scores them clearly better, and the default check refuses to score it."""
    dtm = corpus[0]
    observed, heldout = split
    honest, ll_honest, _ = engines.fit_heldout(engine, observed, heldout, 4, seed=0, **FAST[engine])
    ll_in_sample, _ = honest.heldout_loglik(observed, observed)
    assert ll_in_sample > ll_honest                          # sanity: own tokens are easier
    leaky = engines.topic_model(engine, 4, seed=0, **FAST[engine]).fit(dtm)
    with pytest.raises(ValueError, match="not fitted on this observed matrix"):
        leaky.heldout_loglik(observed, heldout)
    ll_leaky, _ = leaky.heldout_loglik(observed, heldout, check_fit=False)
    print(f"\n{engine} held-out log-lik/token: honest {ll_honest:.4f}, leaky {ll_leaky:.4f}, "
          f"in-sample {ll_in_sample:.4f}")
    assert ll_leaky > ll_honest + 0.02


def test_heldout_rejects_bad_input(split, engine):
    observed, heldout = split
    model = engines.topic_model(engine, 2, seed=0, **MINI[engine]).fit(observed)
    with pytest.raises(ValueError):
        model.heldout_loglik(observed, heldout * 0)
    with pytest.raises(ValueError):
        model.heldout_loglik(observed, heldout[:10])
    with pytest.raises(RuntimeError):
        engines.topic_model(engine, 2, 0).transform(observed)
    with pytest.raises(RuntimeError):
        engines.topic_model(engine, 2, 0).heldout_loglik(observed, heldout)


# --- gensim specifics -------------------------------------------------------------------

def test_priors_are_passed_and_validated(corpus):
    dtm = corpus[0][:60]
    m = LdaTopicModel(3, seed=0, passes=2, iterations=20, alpha=0.1, eta=0.05).fit(dtm)
    np.testing.assert_allclose(m.model_.alpha, 0.1)
    np.testing.assert_allclose(m.model_.eta, 0.05)
    for bad in (dict(alpha="flat"), dict(alpha=-1.0), dict(eta=np.ones(3)), dict(k=0)):
        settings = dict(k=3, seed=0, passes=1) | bad
        with pytest.raises(ValueError):
            LdaTopicModel(**settings).fit(dtm)


# --- tomotopy specifics -----------------------------------------------------------------

def test_tomotopy_priors_are_passed(corpus):
    dtm = corpus[0][:60]
    m = engines.topic_model("tomotopy", 3, seed=0, alpha=0.1, eta=0.05, **MINI["tomotopy"]).fit(dtm)
    np.testing.assert_allclose(m.model_.alpha, 0.1, rtol=1e-6)       # float32 inside tomotopy
    np.testing.assert_allclose(m.model_.eta, 0.05, rtol=1e-6)
    np.testing.assert_array_equal(m.alpha_, [0.1, 0.1, 0.1])
    assert m.eta_ == 0.05
    assert m.model_.optim_interval == 0                               # priors stay fixed
    d = engines.topic_model("tomotopy", 4, seed=0, **MINI["tomotopy"]).fit(dtm)  # like gensim's
    np.testing.assert_allclose(d.alpha_, 0.25)
    assert d.eta_ == 0.25
    a = engines.topic_model("tomotopy", 3, seed=0, alpha=[0.5, 0.2, 0.1], **MINI["tomotopy"]).fit(dtm)
    np.testing.assert_allclose(a.model_.alpha, [0.5, 0.2, 0.1], rtol=1e-6)
    empty = a.transform(dtm[:1] * 0)[0]
    np.testing.assert_allclose(empty, np.array([0.5, 0.2, 0.1]) / 0.8)


def test_tomotopy_topic_word_is_the_smoothed_count_of_the_last_sample(corpus):
    """With burn_in = iterations - 1 topic_word_ is (n_kw + eta) / (n_k + V eta) of the final
    Gibbs state, read back from the documents' own assignments: checks the mapping of
    tomotopy's word ids to columns and the recovery of the counts."""
    dtm = corpus[0]
    m = engines.topic_model("tomotopy", 4, seed=0, iterations=10, burn_in=9).fit(dtm)
    vocab = list(m.model_.used_vocabs)
    n = np.zeros((4, dtm.shape[1]))
    for doc in m.model_.docs:
        cols = np.array([int(vocab[w]) for w in doc.words])
        np.add.at(n, (np.asarray(doc.topics, dtype=np.int64), cols), 1)
    assert n.sum() == dtm.sum()
    expected = (n + m.eta_) / (n.sum(axis=1, keepdims=True) + dtm.shape[1] * m.eta_)
    np.testing.assert_allclose(m.topic_word_, expected, rtol=1e-12, atol=0)


def test_tomotopy_empty_rows_and_unseen_words(corpus):
    """Rows without tokens are kept (prior mean); a column without any token in the training
    matrix gets the smoothed value eta / (n_k + V eta) in every topic; unseen words are
    ignored by transform."""
    dtm = corpus[0].tolil()
    dtm[5, :] = 0                                  # an empty unit
    dtm[:, [7, 150]] = 0                           # two words nobody uses
    dtm = dtm.tocsr()
    dtm.eliminate_zeros()
    m = engines.topic_model("tomotopy", 4, seed=0, **FAST["tomotopy"]).fit(dtm)
    prior = m.alpha_ / m.alpha_.sum()
    assert m.doc_topic_.shape == (dtm.shape[0], 4)
    np.testing.assert_array_equal(m.doc_topic_[5], prior)
    tw = m.topic_word_
    assert np.all(tw > 0)
    np.testing.assert_array_equal(tw[:, 7], tw[:, 150])
    assert np.all(tw[:, 7] <= tw.min(axis=1))                   # the smallest value of a topic
    n_k = m.eta_ / tw[:, 7] - dtm.shape[1] * m.eta_             # implied tokens per topic
    assert n_k.sum() == pytest.approx(dtm.sum(), rel=1e-9)
    # transform: unseen words do not change a row's mixture; a row of unseen words = prior
    from scipy import sparse

    extra = sparse.csr_matrix(([3, 1], ([0, 0], [7, 150])), shape=(1, dtm.shape[1]), dtype=np.int64)
    np.testing.assert_array_equal(m.transform(dtm[:1] + extra), m.transform(dtm[:1]))
    np.testing.assert_array_equal(m.transform(extra)[0], prior)


def test_tomotopy_transform_does_not_depend_on_the_other_rows(corpus):
    """tomotopy infers every document with its own generator: a row's mixture does not
    depend on which rows come with it, nor on their order."""
    dtm = corpus[0]
    fitted = engines.topic_model("tomotopy", 4, seed=0, **FAST["tomotopy"]).fit(dtm)
    rows = [17, 3, 250, 3, 99]
    whole = fitted.transform(dtm)
    np.testing.assert_array_equal(fitted.transform(dtm[rows]), whole[rows])
    np.testing.assert_array_equal(fitted.transform(dtm[::-1]), whole[::-1])


# --- determinism across processes ---------------------------------------------------------

SCRIPT = """
import hashlib, sys
sys.path.insert(0, {src!r})
from scotext.topics.data import build_dtm
from scotext.topics.engines import topic_model
from scotext.topics.synthetic import synthetic_corpus, units_from_dtm
dtm, _, _, vocab = synthetic_corpus(n_docs=80, doc_len=30, seed=2)
units = units_from_dtm(dtm, [w + "_x" for w in vocab], seed=0)
m, v = build_dtm(units, min_df=2, max_df=0.9)
model = topic_model({engine!r}, 3, seed=1, **{settings!r}).fit(m)
print(hashlib.sha256("|".join(v).encode()).hexdigest(),
      hashlib.sha256(model.topic_word_.tobytes() + model.doc_topic_.tobytes()).hexdigest())
"""
SCRIPT_SETTINGS = {"gensim": dict(passes=3, iterations=30),
                   "tomotopy": dict(iterations=30, burn_in=15, infer_iterations=30)}


def test_same_result_under_different_hash_seeds(engine):
    code = SCRIPT.format(src=str(ROOT / "src"), engine=engine, settings=SCRIPT_SETTINGS[engine])
    outs = []
    for hash_seed in ("1", "2"):
        env = dict(os.environ, PYTHONHASHSEED=hash_seed, OMP_NUM_THREADS="1",
                   OPENBLAS_NUM_THREADS="1", MKL_NUM_THREADS="1")
        res = subprocess.run([sys.executable, "-c", code], env=env, capture_output=True,
                             text=True, timeout=120, check=True)
        outs.append(res.stdout.strip())
    assert outs[0] == outs[1] and len(outs[0].split()) == 2


def test_engine_modules_import_lightly():
    """Importing the engines does not import gensim or tomotopy (they load inside fit)."""
    code = ("import sys; sys.path.insert(0, {src!r}); "
            "import scotext.topics.engines, scotext.topics.tomotopy_lda, scotext.topics.lda; "
            "print(sorted(m for m in ('gensim', 'tomotopy') if m in sys.modules))")
    res = subprocess.run([sys.executable, "-c", code.format(src=str(ROOT / "src"))],
                         capture_output=True, text=True, timeout=60, check=True)
    assert res.stdout.strip() == "[]"


# --- posteriors of the mixtures, restarts ---------------------------------------------------

def test_doc_posterior_is_the_dirichlet_of_the_mixtures(corpus, engine, fitted):
    post = fitted.doc_posterior_
    assert post.shape == fitted.doc_topic_.shape and np.all(post > 0)
    np.testing.assert_allclose(post / post.sum(axis=1, keepdims=True), fitted.doc_topic_,
                               rtol=1e-12)
    if engine == "tomotopy":
        # n_dk + alpha of the last sweep: the counts add up to the unit lengths
        lengths = np.asarray(corpus[0].sum(axis=1)).ravel()
        np.testing.assert_allclose(post.sum(axis=1), lengths + fitted.alpha_.sum())
    else:
        np.testing.assert_array_equal(fitted.posterior(corpus[0][:7]), post[:7])


def test_tomotopy_restarts_continue_the_best_chain(corpus):
    dtm = corpus[0]
    one = engines.topic_model("tomotopy", 4, seed=3, **FAST["tomotopy"]).fit(dtm)
    same = engines.topic_model("tomotopy", 4, seed=3, restarts=1, **FAST["tomotopy"]).fit(dtm)
    assert one.topic_word_.tobytes() == same.topic_word_.tobytes()      # restarts=1: as before
    many = engines.topic_model("tomotopy", 4, seed=3, restarts=3, restart_sweeps=20,
                               **FAST["tomotopy"]).fit(dtm)
    again = engines.topic_model("tomotopy", 4, seed=3, restarts=3, restart_sweeps=20,
                                **FAST["tomotopy"]).fit(dtm)
    assert len(many.restart_ll_) == 3 and len(set(many.restart_ll_)) == 3
    assert many.topic_word_.tobytes() == again.topic_word_.tobytes()
    with pytest.raises(ValueError, match="restart_sweeps"):
        engines.topic_model("tomotopy", 4, seed=3, restarts=2, restart_sweeps=0,
                            **FAST["tomotopy"]).fit(dtm)


def test_tomotopy_restarts_keep_the_chain_with_the_highest_likelihood(corpus):
    """The fit with restarts is exactly the single chain (same total sweeps) of the start
    whose log-likelihood was highest after restart_sweeps."""
    from scotext.topics.tomotopy_lda import _restart_seed

    dtm = corpus[0]
    settings = dict(iterations=60, burn_in=30, alpha=0.1, eta=0.01)
    many = engines.topic_model("tomotopy", 4, seed=5, restarts=3, restart_sweeps=20,
                               **settings).fit(dtm)
    best = int(np.argmax(many.restart_ll_))
    seed = 5 if best == 0 else _restart_seed(5, best)
    single = engines.topic_model("tomotopy", 4, seed=seed, **settings).fit(dtm)
    assert many.topic_word_.tobytes() == single.topic_word_.tobytes()
    assert _restart_seed(5, 1) != _restart_seed(5, 2) != _restart_seed(6, 1)
