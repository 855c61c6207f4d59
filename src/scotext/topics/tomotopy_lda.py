"""Latent Dirichlet allocation by collapsed Gibbs sampling (tomotopy ``LDAModel``), seeded.

``TomotopyLdaModel`` has the interface of :class:`scotext.topics.lda.LdaTopicModel` (the gensim
engine): constructor arguments are the settings, ``fit(dtm)`` learns and returns ``self``,
``transform(dtm)`` gives topic mixtures, ``heldout_loglik(observed, heldout)`` scores by
document completion with the same formula and the same ``check_fit`` digest protocol. Learned
state:

- ``topic_word_`` (K x V over *all* columns of the matrix, in column order, float64, rows sum
  to 1, all > 0): the smoothed topic-word distributions
  ``(n_kw + eta) / (n_k + V * eta)``, where ``n_kw`` is the number of tokens of word w
  assigned to topic k, averaged over the Gibbs sweeps after ``burn_in`` (see below). A column
  that never occurs in the training matrix has ``n_kw = 0`` and gets ``eta / (n_k + V eta)``,
  consistent with the rest (tomotopy itself does not know such words: its own
  ``get_topic_word_dist`` covers only the words it has seen and smooths over that smaller
  vocabulary, so it is not used as is);
- ``doc_topic_`` (units x K, rows sum to 1): the training chain's mixture of every unit,
  ``(n_dk + alpha_k) / (n_d + sum(alpha))`` from the topic assignments of the last sweep (an
  empty unit gets the prior mean). Not ``transform`` of the training matrix, unlike the gensim
  engine: tomotopy's inference copies the K x V topic counts for every document, which costs
  ~0.6 ms per document (minutes for 10^5 paragraphs), while the chain already holds a
  posterior sample of every training unit's assignments;
- ``doc_posterior_`` (units x K): ``n_dk + alpha_k`` of the last sweep, the parameters of
  the conditional posterior Dirichlet of each unit's mixture given the chain's assignments
  (``doc_topic_`` is it normalised); the workflow draws mixtures from it for the method of
  composition;
- ``alpha_`` (length-K float64) and ``eta_`` (float): the priors used;
- ``restart_ll_`` (with ``restarts > 1``): every start's log-likelihood per word after
  ``restart_sweeps`` sweeps;
- ``model_`` (the tomotopy model), ``n_words_``, ``n_tokens_``, ``train_digest_``.

Settings and defaults (chosen by measurement; the numbers are in ``engines``):

- ``iterations`` (default 1000): Gibbs sweeps over all tokens in training. On the project's
  own matrix (332 units, 6,272 tokens) the log-likelihood of the chain still creeps up until
  several hundred sweeps, and the agreement of the topics across seeds grows with the number
  of sweeps (K = 6, six seeds: 0.72 with 100 sweeps, 0.82 with 500, 0.83 with 1000, 0.85
  with 2000) while the held-out log-likelihood levels off at about 1000. A sweep costs about
  0.03 s per million tokens at K = 8 (one core), so 1000 sweeps take ~0.2 s on that matrix. On a
  large, clean synthetic corpus (1.7 M tokens) 100 sweeps are enough (``iterations=100,
  burn_in=50`` recovers the true topics as well as 1000);
- ``burn_in`` (default 500): sweeps discarded before averaging. ``n_kw`` is averaged over
  the sweeps ``burn_in + 1 .. iterations`` (one sample per sweep). This matters: on the
  project's matrix with 1000 sweeps, the last sample alone (``burn_in = iterations - 1``)
  gives a held-out log-likelihood per token lower by 0.12-0.17 and a cross-seed agreement
  of 0.69 instead of 0.83 (K = 6) or 0.68 instead of 0.85 (K = 10). Label switching does not
  happen within one chain after burn-in at these sizes (the known-topic recovery test would
  catch it);
- ``infer_iterations`` (default 100, tomotopy's own default): Gibbs sweeps per document in
  ``transform``; 50 and 200 give the same held-out scores on the project's matrix;
- ``alpha``: "symmetric" (default) = 1/K for every topic, as gensim's "symmetric"; a positive
  number; or a length-K array of positive numbers. Fixed during training (tomotopy's own
  hyper-parameter optimisation is switched off, ``optim_interval = 0``);
- ``eta``: None or "symmetric" (default) = 1/K, as gensim's default; or a positive number
  (tomotopy's LDA takes one scalar topic-word prior: no per-word array, no "auto");
- ``restarts`` (default 1) and ``restart_sweeps`` (default 100): start that many chains
  (the first with ``seed``, the others with seeds derived from it by numpy's
  ``SeedSequence``), run each ``restart_sweeps`` sweeps, continue only the one with the
  highest log-likelihood per word (ties: the first). The result is exactly that chain's
  single run of ``iterations`` sweeps (tested). A collapsed Gibbs chain that has merged two
  true topics (and split another) in its first sweeps rarely leaves that state; its
  likelihood is lower early on, so the best of a few starts is stuck less often (numbers in
  ``scotext.topics.engines``).

Determinism: one worker, ``ParallelScheme.NONE`` and ``seed`` given to tomotopy's Mersenne
twister, documents added in row order with their words in ascending column order (each
repeated by its count), so two fits of one matrix with one seed give bit-identical results
(independent of ``PYTHONHASHSEED``; tested). tomotopy's ``infer`` samples every document with
its own freshly constructed random generator (fixed default seed, whatever the model seed),
against a private copy of the topic counts, so ``transform`` of a row does not depend on what
was called before, on the other rows of the matrix nor on the number of workers (tested).
tomotopy loads a SIMD build at import (``tomotopy.isa``: avx512, avx2, sse2, none; the
environment variable ``TOMOTOPY_ISA`` chooses one); on the development machine the avx512,
avx2 and sse2 builds gave bit-identical fits of the test corpus, but identity across builds
and machines is not guaranteed by tomotopy (pin ``TOMOTOPY_ISA`` if it matters).

Special cases handled here:

- rows without tokens: tomotopy silently skips an empty document in ``add_doc`` and aborts
  the whole process (uncaught C++ exception) on ``make_doc([])``; such rows are therefore never
  passed to tomotopy. In training they contribute nothing (as in gensim); in ``transform``
  they get the prior mean ``alpha / sum(alpha)``;
- words unknown to the model (columns with no token in the training matrix) are dropped from
  a row before inference (tomotopy would drop them too); a row left without tokens gets the
  prior mean;
- tomotopy keeps its vocabulary in its own order (by frequency); the word strings are the
  column indices, so its counts are mapped back to columns explicitly;
- the mixtures are computed in float64 from the final topic assignments of the inferred
  documents, ``(n_dk + alpha_k) / (n_d + sum(alpha))`` (tomotopy returns the same in float32).

Inference caveat: tomotopy infers a document by Gibbs sampling with the fitted topic counts
plus the document's own current assignments (a standard collapsed-Gibbs fold-in), so a
training document's tokens count once more during its own inference; with thousands of
documents the effect on theta is negligible.
"""

from __future__ import annotations

import numpy as np

from .data import as_counts
from .lda import _check_prior, heldout_score, matrix_digest


def _positive_int(name, v, minimum=1):
    if isinstance(v, bool) or not isinstance(v, (int, np.integer)) or v < minimum:
        kind = "a positive" if minimum == 1 else "a non-negative"
        raise ValueError(f"{name} must be {kind} integer, got {v!r}")
    return int(v)


class TomotopyLdaModel:
    """LDA by collapsed Gibbs sampling (tomotopy ``LDAModel``), seeded and single-threaded.

    Settings: ``k`` topics; ``seed`` (tomotopy's random seed); ``iterations`` (Gibbs sweeps in
    training); ``burn_in`` (sweeps before the topic-word counts are averaged; 0 <= burn_in <
    iterations); ``infer_iterations`` (Gibbs sweeps per document in ``transform``); ``alpha``
    ("symmetric" = 1/K, a positive number or a length-K array); ``eta`` (None or "symmetric"
    = 1/K, or a positive number). See the module docstring.
    """

    def __init__(self, k: int, seed: int, iterations: int = 1000, alpha="symmetric", eta=None,
                 burn_in: int = 500, infer_iterations: int = 100, restarts: int = 1,
                 restart_sweeps: int = 100):
        self.k = k
        self.seed = seed
        self.iterations = iterations
        self.alpha = alpha
        self.eta = eta
        self.burn_in = burn_in
        self.infer_iterations = infer_iterations
        self.restarts = restarts
        self.restart_sweeps = restart_sweeps

    def _validate(self):
        k = _positive_int("k", self.k)
        if k > 32767:
            raise ValueError(f"k must be at most 32767 for tomotopy, got {k}")
        if isinstance(self.seed, bool) or not isinstance(self.seed, (int, np.integer)) or self.seed < 0:
            raise ValueError(f"seed must be a non-negative integer, got {self.seed!r}")
        if self.seed >= 2 ** 63:
            raise ValueError(f"seed must be below 2**63 for tomotopy, got {self.seed!r}")
        iterations = _positive_int("iterations", self.iterations)
        _positive_int("infer_iterations", self.infer_iterations)
        restarts = _positive_int("restarts", self.restarts)
        if restarts > 1 and not 1 <= _positive_int("restart_sweeps", self.restart_sweeps) <= iterations:
            raise ValueError(f"restart_sweeps must lie between 1 and iterations ({iterations})")
        burn_in = _positive_int("burn_in", self.burn_in, minimum=0)
        if burn_in >= iterations:
            raise ValueError(f"burn_in must be smaller than iterations ({iterations}), got {burn_in}")
        alpha = _check_prior("alpha", self.alpha, lambda s: s == (k,))
        if isinstance(alpha, str):
            if alpha != "symmetric":
                raise ValueError(f"alpha={alpha!r} is not available with the tomotopy engine "
                                 "(use 'symmetric', a positive number or a length-K array)")
            alpha = np.full(k, 1.0 / k)
        elif isinstance(alpha, float):
            alpha = np.full(k, alpha)
        if not (self.eta is None or isinstance(self.eta, str) or np.ndim(self.eta) == 0):
            raise ValueError("eta must be None, 'symmetric' or a positive number with the "
                             f"tomotopy engine (one scalar topic-word prior), got {self.eta!r}")
        eta = _check_prior("eta", self.eta, lambda s: False)
        if eta is None or eta == "symmetric":
            eta = 1.0 / k
        elif isinstance(eta, str):
            raise ValueError(f"eta={eta!r} is not available with the tomotopy engine "
                             "(use None/'symmetric' or a positive number)")
        return k, np.asarray(alpha, dtype=np.float64), float(eta)

    def fit(self, dtm) -> "TomotopyLdaModel":
        """Fit on a units x V count matrix (use the *observed* part for held-out evaluation)."""
        import tomotopy as tp

        m = as_counts(dtm)
        n_units, n_words = m.shape
        k, alpha, eta = self._validate()
        if n_words == 0 or m.sum() == 0:
            raise ValueError("cannot fit a topic model: the document-term matrix holds no tokens")
        one = dict(workers=1, parallel=tp.ParallelScheme.NONE)
        words = [w for w in _row_words(m) if w]      # empty rows are never given to tomotopy

        def chain(seed):
            model = tp.LDAModel(tw=tp.TermWeight.ONE, k=k, alpha=alpha.tolist(), eta=eta,
                                seed=int(seed))
            model.optim_interval = 0                   # fixed priors
            for w in words:
                model.add_doc(w)
            model.train(0, **one)                      # initial assignments, vocabulary
            return model

        model, done = chain(self.seed), 0
        if int(self.restarts) > 1:                     # best of several starts (see class doc)
            chains = [model] + [chain(_restart_seed(self.seed, i))
                                for i in range(1, int(self.restarts))]
            for c in chains:
                c.train(int(self.restart_sweeps), **one)
            lls = [c.ll_per_word for c in chains]
            model = chains[int(np.argmax(lls))]        # ties: the first
            done = int(self.restart_sweeps)
            self.restart_ll_ = [float(x) for x in lls]
        # tomotopy's word ids -> matrix columns (its vocabulary is ordered by frequency)
        cols = np.fromiter((int(w) for w in model.used_vocabs), dtype=np.int64)
        n_tokens = int(m.sum())
        if int(self.burn_in) > done:
            model.train(int(self.burn_in) - done, **one)
        n_kept = int(self.iterations) - max(int(self.burn_in), done)
        acc = np.zeros((k, cols.size), dtype=np.float64)
        for _ in range(n_kept):                        # one sample of the counts per sweep
            model.train(1, **one)
            acc += _topic_word_counts(model, k, eta, n_tokens)
        counts = np.zeros((k, n_words), dtype=np.float64)
        counts[:, cols] = acc / n_kept
        beta = counts + eta
        self.model_ = model
        self.alpha_ = alpha
        self.eta_ = eta
        self.n_words_ = n_words
        self.n_tokens_ = n_tokens
        self.train_digest_ = matrix_digest(m)
        self.vocab_cols_ = cols
        self.topic_word_ = beta / beta.sum(axis=1, keepdims=True)
        self.doc_posterior_ = self._training_posterior(m)
        self.doc_topic_ = self.doc_posterior_ / self.doc_posterior_.sum(axis=1, keepdims=True)
        return self

    def _training_posterior(self, m) -> np.ndarray:
        """n_dk + alpha of the last sweep's assignments, per row: the parameters of the
        conditional posterior Dirichlet(n_d + alpha) of each unit's mixture given the
        chain's assignments (normalised: ``doc_topic_``)."""
        alpha = self.alpha_
        k = len(alpha)
        theta = np.tile(alpha, (m.shape[0], 1))
        nonempty = np.flatnonzero(np.diff(m.indptr) > 0)   # the rows given to tomotopy, in order
        docs = self.model_.docs
        if len(docs) != len(nonempty):
            raise RuntimeError("tomotopy holds another number of documents than was added")
        topics = [np.asarray(doc.topics, dtype=np.int64) for doc in docs]
        lengths = np.fromiter((t.size for t in topics), dtype=np.int64, count=len(topics))
        if topics:
            which = np.repeat(np.arange(len(topics)), lengths)
            n_dk = np.bincount(which * k + np.concatenate(topics),
                               minlength=len(topics) * k).reshape(len(topics), k)
            theta[nonempty] = n_dk + alpha
        return theta

    def _check_fitted(self):
        if not hasattr(self, "model_"):
            raise RuntimeError("TomotopyLdaModel is not fitted yet: call fit(dtm) first")

    def transform(self, dtm) -> np.ndarray:
        """Topic mixture (rows sum to 1) of each row of ``dtm``, by tomotopy's Gibbs inference.

        ``infer_iterations`` sweeps per document with the fitted topics; the mixture is
        ``(n_dk + alpha_k) / (n_d + sum(alpha))`` of the final assignments. Deterministic and
        independent of the other rows (see the module docstring). Words unknown to the model
        are dropped; a row left without tokens gets the prior mean alpha / sum(alpha).
        """
        import tomotopy as tp

        self._check_fitted()
        m = as_counts(dtm)
        if m.shape[1] != self.n_words_:
            raise ValueError(f"the matrix has {m.shape[1]} columns, the model {self.n_words_} words")
        known = np.zeros(self.n_words_, dtype=bool)
        known[self.vocab_cols_] = True
        if not known[m.indices].all():                 # words the model never saw: dropped
            m.data[~known[m.indices]] = 0
            m.eliminate_zeros()
        alpha = self.alpha_
        theta = np.tile(alpha / alpha.sum(), (m.shape[0], 1))
        rows, docs = [], []
        model = self.model_
        for i, words in enumerate(_row_words(m)):
            if words:
                rows.append(i)
                docs.append(model.make_doc(words))
        if docs:
            model.infer(docs, iterations=int(self.infer_iterations), workers=1,
                        parallel=tp.ParallelScheme.NONE, together=False)
            k = len(alpha)
            for i, doc in zip(rows, docs):
                n_dk = np.bincount(np.asarray(doc.topics, dtype=np.int64), minlength=k)
                theta[i] = (n_dk + alpha) / (n_dk.sum() + alpha.sum())
        return theta

    def heldout_loglik(self, observed, heldout, check_fit: bool = True) -> tuple[float, float]:
        """Document completion: ``(log-likelihood per held-out token, perplexity)``.

        Identical in meaning to :meth:`scotext.topics.lda.LdaTopicModel.heldout_loglik`:
        theta_d from ``observed`` (``transform``), held-out counts scored under
        sum_k theta_dk beta_kw; with ``check_fit`` the model must have been fitted on exactly
        ``observed`` (digest).
        """
        return heldout_score(self, observed, heldout, check_fit)


def _restart_seed(seed: int, i: int) -> int:
    """Seed of the i-th extra start of a fit with ``seed`` (numpy ``SeedSequence``: distinct
    from the seeds of other fits, the same in every process)."""
    state = np.random.SeedSequence([int(seed), int(i)]).generate_state(1, dtype=np.uint64)[0]
    return int(state >> np.uint64(1))


def _row_words(m):
    """Words of each row of a canonical csr count matrix: the column indices as strings, in
    ascending column order, each repeated by its count (a generator of lists)."""
    names = np.array([str(j) for j in range(m.shape[1])], dtype=object)
    tokens = names[np.repeat(m.indices, m.data)].tolist()
    ends = np.cumsum(np.asarray(m.sum(axis=1), dtype=np.int64).ravel())
    start = 0
    for end in ends.tolist():
        yield tokens[start:end]
        start = end


def _topic_word_counts(model, k, eta, n_tokens):
    """Integer topic-word counts n_kw of the current Gibbs state (tomotopy's word order).

    ``get_topic_word_dist(normalize=False)`` returns n_kw + eta in float32; the counts are
    recovered exactly by rounding (checked against the number of tokens).
    """
    raw = np.array([model.get_topic_word_dist(t, normalize=False) for t in range(k)],
                   dtype=np.float64)
    counts = np.rint(raw - eta)
    if counts.min() < 0 or int(counts.sum()) != n_tokens:
        raise RuntimeError("could not recover tomotopy's topic-word counts")
    return counts
