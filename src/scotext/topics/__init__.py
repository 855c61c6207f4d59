"""Topic models of the analysis units: document-term matrix, LDA, NMF, diagnostics,
alignment across seeds, choice of K and topic prevalence with intervals.

Modules (plain Python, no Snakemake; heavy libraries are imported inside functions):

- ``data``: ``build_dtm``, ``completion_split``, ``fold_split``;
- ``lda``: ``LdaTopicModel`` (gensim ``LdaModel``, single-threaded, seeded), ``fit_heldout``;
- ``diagnostics``: ``coherence``, ``exclusivity``, ``frex``, ``relevance``, ``top_words``;
- ``align``: ``cosine_matrix``, ``align``, ``stability``;
- ``select``: ``choose_k``, ``score_table``;
- ``prevalence``: ``prevalence_bootstrap``, ``prevalence_differences``;
- ``nmf``: ``nmf_topics``, ``agreement``;
- ``synthetic``: ``synthetic_corpus`` drawn from known topics (tests, method checks).
"""
