"""Topic models of the analysis units: document-term matrix, LDA, NMF, diagnostics,
alignment across seeds, the cross-validated choice of K with its null and verdict, and topic
prevalence with intervals.

Modules (plain Python, no Snakemake; heavy libraries are imported inside functions):

- ``data``: ``build_dtm``, ``completion_split``, ``cv_folds`` (folds of documents),
  ``permute_tokens`` (the null corpus), ``save_matrices``/``load_matrices``;
- ``lda``: ``LdaTopicModel`` (gensim ``LdaModel``, single-threaded, seeded, vectorised
  E-step);
- ``tomotopy_lda``: ``TomotopyLdaModel`` (collapsed Gibbs sampling, one worker, seeded,
  best of several starts);
- ``engines``: ``topic_model(engine, ...)``: either engine by name;
- ``foldin``: the posterior of a unit's mixture given fixed topics (collapsed Gibbs), and
  document completion with it, one implementation for every engine;
- ``search``: the stage end to end (units, grid, choice of K, null, final model, tables);
- ``select``: per-K summaries, the frontier + one-SE rule, the verdict;
- ``diagnostics``: ``semantic_coherence``, ``exclusivity`` (stm), ``frex``, ``relevance``;
- ``align``: ``cosine_matrix``, ``align``, ``stability``, top-word and assignment agreement;
- ``prevalence``: ``prevalence_composition`` (cluster bootstrap x posterior draws x seeds);
- ``nmf``: ``nmf_topics``, ``agreement``;
- ``plots``: the figures;
- ``synthetic``: corpora drawn from known topics (tests, method checks).
"""
