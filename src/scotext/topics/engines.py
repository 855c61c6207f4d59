"""The two LDA engines behind one interface: pick one by name.

``ENGINES = ("gensim", "tomotopy")``:

- ``"gensim"``: :class:`scotext.topics.lda.LdaTopicModel`, online variational Bayes (gensim
  ``LdaModel``, single process). Settings: ``passes``, ``iterations`` (variational iterations
  per unit), ``alpha`` ("symmetric", "asymmetric", "auto", a number or a length-K array),
  ``eta`` (None, "symmetric", "auto", a number, a length-V or K x V array), ``chunksize``,
  ``decay``, ``offset``, ``gamma_threshold``, ``start`` ("random": gensim's; "spectral":
  word clusters of the co-occurrence matrix, :mod:`scotext.topics.spectral`, the workflow's
  default), ``start_min_df``, ``start_max_words``.
- ``"tomotopy"``: :class:`scotext.topics.tomotopy_lda.TomotopyLdaModel`, collapsed Gibbs
  sampling (tomotopy ``LDAModel``). Settings: ``iterations`` (Gibbs sweeps, default 1000),
  ``burn_in`` (sweeps before the topic-word counts are averaged, default 500),
  ``infer_iterations`` (sweeps per document in ``transform``, default 100), ``alpha``
  ("symmetric", a number or a length-K array), ``eta`` (None/"symmetric" or a number).
  The priors are fixed (no hyper-parameter optimisation), as with gensim's "symmetric".

Both engines give ``topic_word_`` (K x V, rows sum to 1, all > 0), ``doc_topic_`` (units x K,
``= transform`` of the training matrix), ``transform``, ``heldout_loglik`` (document
completion, same formula and the same ``check_fit`` digest protocol) and ``train_digest_``.

Determinism: both run in one worker with a fixed seed (gensim: single-threaded ``LdaModel``,
``random_state=seed``, inference re-seeded from ``seed`` on every call; tomotopy:
``workers=1``, ``ParallelScheme.NONE``, ``seed`` for the sampler, inference with a fresh
generator per document). One matrix and one seed give bit-identical results, in any process
and under any ``PYTHONHASHSEED`` (tested for both); a different seed gives different topics.

Priors. The workflow passes fixed numbers (``topics.alpha`` per topic, ``topics.eta`` per
word), the same for every K; the engines' string defaults ("symmetric" = 1/K) remain for
other callers (the dictionary-seeded LDA of the framing stage).

Measured (development machine, shared, so times are indicative): on the benchmark's
interview corpus (``benchmarks/synth_corpus.py``, 1,000 documents, search sample of 200
documents = 1,817 paragraphs, 30,000 tokens, K_true = 8), fits at K = 8 on the whole search
sample, 10 seeds, recovery = mean Hungarian-matched cosine to the true topics:

- tomotopy, one chain of 300 sweeps: recovery 0.92 on average, 4 of 10 chains stuck with two
  topics merged (0.82-0.91); 500 sweeps: 0.94, 2 of 10 stuck; the best of 3 starts after 100
  sweeps, continued to 300 (the default, ``restarts=3``): 0.96, 1 of 10 (0.91); ~1-2 s a fit;
- gensim, 20-50 passes, alpha 0.1-1, eta 0.01-0.5, 3 seeds each: recovery 0.63-0.89 (VB from
  a random start on 17-token paragraphs ends in poor local optima); on all 8,886 paragraphs
  of the 1,000 documents 0.96 (alpha 0.1, eta 0.01, 20 passes, ~10 s). Other starts tried
  on the search units of two folds (not adopted): each topic seeded from 10 random
  paragraphs lifts K = 4 from 0.63 to 0.94-0.96 but leaves K = 8 at 0.55-0.65; NMF (KL)
  topics as the start give K = 8 0.80 (nndsvda) or 0.83-0.96 (best of 5 random starts by
  KL); 100 batch passes, chunks of 100 units and alpha 0.02 do not help, and the ELBO of
  8 starts does not rank them by recovery (so a best-of-N restart rule would not either).
  Anchor words (Arora et al. 2013, greedy farthest rows of the row-normalised co-occurrence
  matrix, RecoverL2) picked two anchors of one topic on these short units (recovery
  0.39-0.61 at K = 8, also with a rank-K projection). What works is the spectral start
  (:mod:`scotext.topics.spectral`: k-means on a rank-K embedding of the words' PPMI, which
  averages over the words of a topic instead of resting on one extreme word): K = 4 0.945,
  K = 8 0.91, K = 12 0.85 on the search units, and it passes the acceptance on both
  generators (``benchmarks/results/acceptance.md``);
- topic-word prior: at K = 12 (K_true = 12, 400 documents) eta = 0.01 left 1 of 5 tomotopy
  fits with topics merged and held-out likelihood rising past K = 12; eta = 0.1: 5 of 5 at
  recovery 0.97 and held-out likelihood highest at K = 12.

Both engines pass the acceptance (``benchmarks/results/acceptance.md``). The workflow uses
tomotopy by default for its higher quality (benchmark corpus, 8 topics: recovery 0.989 /
0.997 at 10^3 / 10^4 documents against gensim's 0.982 / 0.968; K_true exactly in 5 of 6
acceptance corpora against 3 of 6); gensim's topic stage costs 0.86x / 0.69x the CPU time
(``benchmarks/results/2026-12-01_engines/``).
"""

from __future__ import annotations

ENGINES = ("gensim", "tomotopy")


def topic_model(engine: str, k: int, seed: int, **settings):
    """An unfitted topic model of ``engine`` with ``k`` topics, ``seed`` and its settings.

    Returns :class:`scotext.topics.lda.LdaTopicModel` ("gensim") or
    :class:`scotext.topics.tomotopy_lda.TomotopyLdaModel` ("tomotopy"); a setting the engine
    does not take raises ``TypeError``, a bad value ``ValueError`` at ``fit``.
    """
    if engine == "gensim":
        from .lda import LdaTopicModel

        return LdaTopicModel(k=k, seed=seed, **settings)
    if engine == "tomotopy":
        from .tomotopy_lda import TomotopyLdaModel

        return TomotopyLdaModel(k=k, seed=seed, **settings)
    raise ValueError(f"unknown topic-model engine {engine!r}; allowed: {', '.join(ENGINES)}")


def fit_heldout(engine: str, observed, heldout, k: int, seed: int, **settings):
    """Fit ``topic_model(engine, k, seed, **settings)`` on ``observed`` only, score ``heldout``.

    Returns ``(model, loglik_per_token, perplexity)`` (for "gensim" exactly what
    :func:`scotext.topics.lda.fit_heldout` returns). The held-out matrix is used for scoring
    only, after the fit.
    """
    model = topic_model(engine, k, seed, **settings).fit(observed)
    loglik, perplexity = model.heldout_loglik(observed, heldout)
    return model, loglik, perplexity
