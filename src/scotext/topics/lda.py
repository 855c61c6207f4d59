"""Latent Dirichlet allocation (gensim ``LdaModel``) as a seeded, reproducible estimator.

``LdaTopicModel`` follows scikit-learn's estimator conventions: constructor arguments are the
settings, ``fit(dtm)`` learns and returns ``self``, learned state ends in ``_``:

- ``topic_word_`` (K x V, rows sum to 1): the posterior mean of the topic-word distributions
  (gensim's ``get_topics()``, lambda normalised), float64;
- ``doc_topic_`` (units x K, rows sum to 1): the posterior mean topic mixture of every unit the
  model was fitted on, from gensim's variational inference (``transform``);
- ``doc_posterior_`` (units x K): the variational Dirichlet parameters gamma of every
  training unit's mixture (``posterior``; ``doc_topic_`` is gamma normalised); ``alpha_``;
- ``model_``: the gensim model; ``n_tokens_``, ``train_digest_`` (SHA-256 of the training
  matrix, so ``heldout_loglik`` can check which matrix the model saw).

Speed: gensim's E-step (``LdaModel.inference``) loops over documents in Python, which costs
about 0.3 ms per document per pass and dominates both a search over many small fits and one fit
on 10^5-10^6 paragraphs. ``_vectorised_inference`` is the same algorithm (Hoffman's online VB
E-step with gensim's random start, per-document convergence test and sufficient statistics)
computed for all documents of a chunk at once with sparse matrix products; documents that
have converged are frozen exactly where gensim's loop would ``break``. It is plugged into
gensim by overriding ``inference`` (the M-step, learning rate and state are gensim's). Results
agree with gensim's loop to floating-point rounding (tested), not bit for bit: sums are taken
in another order.

Determinism (see GUIDE.md): single-threaded ``LdaModel`` (never ``LdaMulticore``) with
``random_state=seed`` and ``dtype=float64``: two fits of one matrix with one seed give
bit-identical ``topic_word_``. Inference (``transform``) re-seeds gensim's random state from
``seed`` on every call (the starting values of the variational parameters are random), so
``transform`` of one matrix always gives the same mixtures, whatever was called before.

Held-out evaluation: the workflow's search scores every engine with one computation,
``scotext.topics.foldin.completion_loglik`` (the mixture integrated over its posterior given
the fitted topics). ``heldout_loglik`` below is the older plug-in version, kept for direct
use: *document completion* (Wallach et al. 2009): ``data.completion_split``
splits every unit's token occurrences into an observed and a held-out part; the model is fitted
on the observed parts only (``fit_heldout`` does exactly that), the mixture theta_d of unit d is
inferred from its observed part, and the held-out part is scored:

    loglik = sum_d sum_w n_dw^heldout * log( sum_k theta_dk * beta_kw )

reported per held-out token; perplexity = exp(-loglik per token). beta is the posterior mean
of the topic-word distributions, which is positive for every word of the vocabulary (the
Dirichlet prior eta), so a held-out word that never occurs in the observed part has a finite
score. The vocabulary itself is built from the whole corpus (it is a list of types, not of
token occurrences); the counts the model learns from are those of the observed part only.
"""

from __future__ import annotations

import hashlib
import numbers

import numpy as np

from .data import as_counts


def matrix_digest(m) -> str:
    """SHA-256 of a canonical sparse count matrix (shape, structure and counts)."""
    c = as_counts(m)
    h = hashlib.sha256()
    h.update(np.asarray(c.shape, dtype=np.int64).tobytes())
    h.update(c.indptr.astype(np.int64).tobytes())
    h.update(c.indices.astype(np.int64).tobytes())
    h.update(c.data.astype(np.int64).tobytes())
    return h.hexdigest()


def to_bow(m) -> list[list[tuple[int, int]]]:
    """gensim bag-of-words corpus (one list of ``(word id, count)`` per row, ids ascending)."""
    c = as_counts(m)
    idx, data, ptr = c.indices, c.data, c.indptr
    return [list(zip(idx[ptr[i]:ptr[i + 1]].tolist(), data[ptr[i]:ptr[i + 1]].tolist()))
            for i in range(c.shape[0])]


def _bow_to_csr(chunk, n_words: int, dtype):
    from scipy import sparse

    indptr = np.zeros(len(chunk) + 1, dtype=np.int64)
    np.cumsum([len(doc) for doc in chunk], out=indptr[1:])
    ids = np.fromiter((int(i) for doc in chunk for i, _ in doc), dtype=np.int64,
                      count=int(indptr[-1]))
    cts = np.fromiter((c for doc in chunk for _, c in doc), dtype=dtype, count=int(indptr[-1]))
    return sparse.csr_matrix((cts, ids, indptr), shape=(len(chunk), n_words))


def _vectorised_inference(model, m, collect_sstats: bool = False):
    """gensim ``LdaModel.inference`` for every row of the CSR count matrix ``m`` at once.

    Same random start (one gamma draw of shape rows x K from ``model.random_state``), same
    updates, same per-document stopping rule (mean absolute change of gamma below
    ``gamma_threshold`` after an update, or ``iterations`` updates), same sufficient
    statistics; returns ``(gamma, sstats)`` like gensim.
    """
    from gensim.matutils import dirichlet_expectation
    from scipy import sparse

    dtype = model.dtype
    n = m.shape[0]
    k = model.num_topics
    gamma = model.random_state.gamma(100., 1. / 100., (n, k)).astype(dtype, copy=False)
    exp_elog_theta = np.exp(dirichlet_expectation(gamma)) if n else np.zeros((0, k), dtype)
    eps = np.finfo(dtype).eps
    exp_elog_beta = model.expElogbeta
    rows = np.repeat(np.arange(n), np.diff(m.indptr))
    cols = m.indices
    cts = m.data.astype(dtype, copy=False)
    beta_nz = exp_elog_beta[:, cols].T                                   # nnz x K
    alpha = np.asarray(model.alpha, dtype=dtype)

    def phinorm_of(theta_rows, beta_rows):
        return np.einsum("ik,ik->i", theta_rows, beta_rows) + eps

    phinorm = phinorm_of(exp_elog_theta[rows], beta_nz)

    # working set: the documents still iterating (compacted when it shrinks to a quarter)
    w_idx = np.arange(n)
    w_m = sparse.csr_matrix((cts / phinorm, cols, m.indptr), shape=m.shape)
    w_rows, w_nz = rows, np.arange(len(cols))
    w_active = np.ones(n, dtype=bool)
    for _ in range(model.iterations):
        n_active = int(w_active.sum())
        if n_active == 0:
            break
        if n_active * 4 <= len(w_idx):
            keep = np.flatnonzero(w_active)
            w_idx = w_idx[keep]
            w_m = m[w_idx]
            w_m.data = w_m.data.astype(dtype)
            w_nz = np.concatenate([np.arange(m.indptr[i], m.indptr[i + 1]) for i in w_idx]) \
                if len(w_idx) else np.zeros(0, dtype=np.int64)
            w_rows = np.repeat(np.arange(len(w_idx)), np.diff(w_m.indptr))
            w_active = np.ones(len(w_idx), dtype=bool)
        w_m.data = cts[w_nz] / phinorm[w_nz]
        theta_w = exp_elog_theta[w_idx]
        new_gamma = alpha + theta_w * (w_m @ exp_elog_beta.T)
        change = np.mean(np.abs(new_gamma - gamma[w_idx]), axis=1)
        upd = w_idx[w_active]
        gamma[upd] = new_gamma[w_active]
        exp_elog_theta[upd] = np.exp(dirichlet_expectation(new_gamma[w_active]))
        nz_upd = w_nz[w_active[w_rows]]
        phinorm[nz_upd] = phinorm_of(exp_elog_theta[rows[nz_upd]], beta_nz[nz_upd])
        w_active &= ~(change < model.gamma_threshold)
    sstats = None
    if collect_sstats:
        ratio = sparse.csr_matrix((cts / phinorm, cols, m.indptr), shape=m.shape)
        sstats = np.asarray((ratio.T @ exp_elog_theta).T, dtype=dtype)  # K x V
        sstats *= exp_elog_beta
    return gamma, sstats


STARTS = ("random", "spectral")
TRANSFORM_BLOCK = 20000   # rows inferred at once by ``transform`` (memory ~ nnz x K floats)


class _Row:
    """A training document passed through gensim's ``update`` by its row number only (gensim
    only counts and chunks the corpus; the E-step slices the rows from the sparse matrix,
    with no bag-of-words lists in between)."""

    __slots__ = ("i",)

    def __init__(self, i: int):
        self.i = i


_MODEL_CLASS = None


def _lda_class():
    """gensim ``LdaModel`` with the vectorised E-step (class built on first use, so that
    importing this module does not import gensim)."""
    global _MODEL_CLASS
    if _MODEL_CLASS is None:
        from gensim.models import LdaModel

        class VectorisedLdaModel(LdaModel):
            def inference(self, chunk, collect_sstats=False):
                if hasattr(chunk, "indptr"):            # a CSR block (transform)
                    m = chunk
                else:
                    chunk = list(chunk)
                    if chunk and isinstance(chunk[0], _Row):   # row numbers of the training matrix
                        m = self.rows_csr_[np.fromiter((r.i for r in chunk), dtype=np.int64,
                                                       count=len(chunk))]
                    else:                                   # a gensim bag-of-words chunk
                        m = _bow_to_csr(chunk, self.num_terms, self.dtype)
                return _vectorised_inference(self, m, collect_sstats)

        _MODEL_CLASS = VectorisedLdaModel
    return _MODEL_CLASS


def _check_prior(name, value, size_ok):
    if value is None or isinstance(value, str):
        allowed = {"alpha": ("symmetric", "asymmetric", "auto"), "eta": ("symmetric", "auto")}[name]
        if value is not None and value not in allowed:
            raise ValueError(f"{name} must be one of {allowed}, a positive number or an array, got {value!r}")
        return value
    if isinstance(value, numbers.Real) and not isinstance(value, bool):
        if not value > 0:
            raise ValueError(f"{name} must be positive, got {value!r}")
        return float(value)
    arr = np.asarray(value, dtype=np.float64)
    if not size_ok(arr.shape) or not np.all(arr > 0):
        raise ValueError(f"{name}: array of shape {arr.shape} is not a valid positive prior")
    return arr


class LdaTopicModel:
    """LDA by online variational Bayes (gensim ``LdaModel``), seeded and single-threaded.

    Settings: ``k`` topics; ``seed`` (gensim ``random_state``); ``passes`` over the corpus;
    ``iterations`` (maximum variational iterations per unit, in training and inference);
    ``alpha`` (document-topic prior: "symmetric" = 1/K, "asymmetric", "auto", a positive number
    or a length-K array); ``eta`` (topic-word prior: None = symmetric 1/K, "auto", a positive
    number, a length-V or K x V array); ``chunksize`` (units per online update; the default
    covers the whole corpus, so every pass is one update), ``decay``, ``offset``,
    ``gamma_threshold`` (gensim's learning-rate and convergence settings); ``start``: where
    VB starts, "random" (gensim's random topic-word statistics) or "spectral" (word clusters
    of the co-occurrence matrix, :mod:`scotext.topics.spectral`, with ``start_min_df`` and
    ``start_max_words``).
    """

    def __init__(self, k: int, seed: int, passes: int = 50, iterations: int = 400,
                 alpha="symmetric", eta=None, chunksize: int = 2000, decay: float = 0.5,
                 offset: float = 1.0, gamma_threshold: float = 1e-3, start: str = "random",
                 start_min_df: int = 5, start_max_words: int = 5000):
        self.k = k
        self.seed = seed
        self.passes = passes
        self.iterations = iterations
        self.alpha = alpha
        self.eta = eta
        self.chunksize = chunksize
        self.decay = decay
        self.offset = offset
        self.gamma_threshold = gamma_threshold
        self.start = start
        self.start_min_df = start_min_df
        self.start_max_words = start_max_words

    def _validate(self, n_words: int):
        if isinstance(self.k, bool) or not isinstance(self.k, (int, np.integer)) or self.k < 1:
            raise ValueError(f"k must be a positive integer, got {self.k!r}")
        if isinstance(self.seed, bool) or not isinstance(self.seed, (int, np.integer)) or self.seed < 0:
            raise ValueError(f"seed must be a non-negative integer, got {self.seed!r}")
        if self.start not in STARTS:
            raise ValueError(f"start must be one of {STARTS}, got {self.start!r}")
        for name in ("passes", "iterations", "chunksize", "start_min_df", "start_max_words"):
            v = getattr(self, name)
            if isinstance(v, bool) or not isinstance(v, (int, np.integer)) or v < 1:
                raise ValueError(f"{name} must be a positive integer, got {v!r}")
        k = int(self.k)
        alpha = _check_prior("alpha", self.alpha, lambda s: s == (k,))
        eta = _check_prior("eta", self.eta, lambda s: s in ((n_words,), (k, n_words)))
        return alpha, eta

    def fit(self, dtm) -> "LdaTopicModel":
        """Fit on a units x V count matrix (use the *observed* part for held-out evaluation)."""
        m = as_counts(dtm)
        n_units, n_words = m.shape
        alpha, eta = self._validate(n_words)
        if n_words == 0 or m.sum() == 0:
            raise ValueError("cannot fit a topic model: the document-term matrix holds no tokens")
        # built without the corpus, then update(): exactly what LdaModel(corpus=...) does,
        # with a hook between the random start and the first pass (see _start)
        model = _lda_class()(
            corpus=None, num_topics=int(self.k), id2word={j: str(j) for j in range(n_words)},
            distributed=False, chunksize=int(self.chunksize), passes=int(self.passes),
            update_every=1, alpha=alpha, eta=eta, decay=float(self.decay),
            offset=float(self.offset), eval_every=None, iterations=int(self.iterations),
            gamma_threshold=float(self.gamma_threshold), minimum_probability=0.0,
            random_state=int(self.seed), per_word_topics=False, dtype=np.float64,
        )
        self._start(model, m)
        model.rows_csr_ = m
        model.update([_Row(i) for i in range(n_units)])
        del model.rows_csr_
        self.model_ = model
        self.n_words_ = n_words
        self.n_tokens_ = int(m.sum())
        self.train_digest_ = matrix_digest(m)
        lam = np.asarray(model.state.get_lambda(), dtype=np.float64)
        self.topic_word_ = lam / lam.sum(axis=1, keepdims=True)
        self.alpha_ = np.asarray(model.alpha, dtype=np.float64).copy()
        self.doc_posterior_ = self.posterior(m)
        self.doc_topic_ = self.doc_posterior_ / self.doc_posterior_.sum(axis=1, keepdims=True)
        return self

    def _start(self, model, m) -> None:
        """Before the first pass: gensim's random start ("random"), or the spectral word
        clusters of ``m`` as the topic-word statistics ("spectral"); the first E-step then
        uses exp(E[log beta]) of these statistics plus eta, as gensim does for its own."""
        if self.start == "random":
            return
        from gensim.matutils import dirichlet_expectation

        from .spectral import spectral_sstats

        stats = spectral_sstats(m, int(self.k), int(self.seed), min_df=int(self.start_min_df),
                                max_words=int(self.start_max_words))
        model.state.sstats = stats.astype(model.dtype, copy=False)
        model.expElogbeta = np.exp(dirichlet_expectation(model.state.get_lambda()))

    def _check_fitted(self):
        if not hasattr(self, "model_"):
            raise RuntimeError("LdaTopicModel is not fitted yet: call fit(dtm) first")

    def transform(self, dtm) -> np.ndarray:
        """Posterior mean topic mixture (rows sum to 1) of each row of ``dtm``.

        gensim's variational inference with the fitted topics, its random starting values
        drawn from ``seed`` afresh on every call (deterministic). An empty row gets the prior
        mean alpha / sum(alpha).
        """
        gamma = self.posterior(dtm)
        return gamma / gamma.sum(axis=1, keepdims=True)

    def posterior(self, dtm) -> np.ndarray:
        """The variational posterior of each row's mixture: q(theta_d) = Dirichlet(gamma_d);
        returns gamma (units x K, positive; ``transform`` is gamma normalised). Used to draw
        mixtures from their (approximate) posterior, as stm's ``thetaPosterior``."""
        self._check_fitted()
        m = as_counts(dtm)
        if m.shape[1] != self.n_words_:
            raise ValueError(f"the matrix has {m.shape[1]} columns, the model {self.n_words_} words")
        model = self.model_
        saved = model.random_state
        model.random_state = np.random.RandomState(int(self.seed))
        try:
            # in blocks of rows (memory); the random start is drawn block after block from
            # one stream, which is the same stream as one draw for all rows
            step = TRANSFORM_BLOCK
            blocks = [model.inference(m[i:i + step])[0] for i in range(0, m.shape[0], step)]
            gamma = np.vstack(blocks) if blocks else np.zeros((0, int(self.k)))
        finally:
            model.random_state = saved
        return np.asarray(gamma, dtype=np.float64)

    def heldout_loglik(self, observed, heldout, check_fit: bool = True) -> tuple[float, float]:
        """Document completion: ``(log-likelihood per held-out token, perplexity)``.

        theta_d is inferred from ``observed`` (``transform``), the held-out counts are scored
        under sum_k theta_dk beta_kw. With ``check_fit`` (default) the model must have been
        fitted on exactly ``observed`` (compared by digest), which is the protocol of the
        search: the fit saw the observed parts and never the held-out ones. Pass
        ``check_fit=False`` to score other units (e.g. held-out folds) or a deliberately
        leaky control.
        """
        return heldout_score(self, observed, heldout, check_fit)


def heldout_score(model, observed, heldout, check_fit: bool = True) -> tuple[float, float]:
    """Document completion for any fitted engine (``transform``, ``topic_word_``,
    ``train_digest_``): ``(log-likelihood per held-out token, perplexity)``; see
    :meth:`LdaTopicModel.heldout_loglik`."""
    model._check_fitted()
    obs = as_counts(observed)
    held = as_counts(heldout)
    if obs.shape != held.shape:
        raise ValueError(f"observed {obs.shape} and heldout {held.shape} differ in shape")
    if check_fit and matrix_digest(obs) != model.train_digest_:
        raise ValueError("the model was not fitted on this observed matrix; fit on the observed "
                         "part only (or pass check_fit=False deliberately)")
    n_held = int(held.sum())
    if n_held == 0:
        raise ValueError("the held-out part holds no tokens")
    theta = model.transform(obs)
    rows = np.repeat(np.arange(held.shape[0]), np.diff(held.indptr))
    cols = held.indices
    p = np.einsum("ik,ki->i", theta[rows], model.topic_word_[:, cols])
    loglik = float(np.dot(held.data.astype(np.float64), np.log(p))) / n_held
    return loglik, float(np.exp(-loglik))


def fit_heldout(observed, heldout, k: int, seed: int, **settings):
    """Fit ``LdaTopicModel(k, seed, **settings)`` on ``observed`` only and score ``heldout``.

    Returns ``(model, loglik_per_token, perplexity)``. The held-out matrix is used for
    scoring only, after the fit: the fitted model does not depend on it (tested).
    """
    model = LdaTopicModel(k=k, seed=seed, **settings).fit(observed)
    loglik, perplexity = model.heldout_loglik(observed, heldout)
    return model, loglik, perplexity
