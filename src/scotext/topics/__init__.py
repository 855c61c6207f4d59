"""Topic models of the analysis units: document-term matrix, LDA, NMF, diagnostics,
alignment across seeds, choice of K and topic prevalence with intervals.

Modules (plain Python, no Snakemake; heavy libraries are imported inside functions):

- ``data``: ``build_dtm``, ``completion_split``, ``fold_split``;
- ``lda``: ``LdaTopicModel`` (gensim ``LdaModel``, single-threaded, seeded, vectorised
  E-step), ``fit_heldout``;
- ``tomotopy_lda``: ``TomotopyLdaModel`` (collapsed Gibbs sampling, one worker, seeded);
- ``engines``: ``topic_model(engine, ...)``, ``fit_heldout(engine, ...)``: either engine by name;
- ``search``: the stage end to end (units, grid, choice of K, sampled search, final model);
- ``diagnostics``: ``coherence``, ``exclusivity``, ``frex``, ``relevance``, ``top_words``;
- ``align``: ``cosine_matrix``, ``align``, ``stability``;
- ``select``: ``choose_k``, ``score_table``;
- ``prevalence``: ``prevalence_bootstrap``, ``prevalence_differences``;
- ``nmf``: ``nmf_topics``, ``agreement``;
- ``synthetic``: ``synthetic_corpus`` drawn from known topics (tests, method checks).
"""
