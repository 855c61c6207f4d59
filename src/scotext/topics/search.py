"""The topic stage end to end: units, the cross-validated (K, replicate) grid with its null,
the choice of K and its verdict, the final model, its tables and prevalence.

These functions are what the Snakemake adapters call; each step reads and writes plain
arrays and tables, so every step can run as its own job (on a cluster too).

1. :func:`topic_units` selects the units (answer and statement paragraphs by default; or
   whole documents) from the corpus document-term matrix and trims the vocabulary.
   :func:`search_rows` draws the documents the grid runs on when the corpus is large;
   :func:`scotext.topics.data.cv_folds` deals them into folds;
   :func:`scotext.topics.data.permute_tokens` makes the null corpus.
2. :func:`grid_fits` fits one part of the grid. For every K of ``topics.k_grid`` (and
   K = 1, the smoothed unigram model) and replicate r = 0 .. n_seeds - 1 (seed
   ``seed + r``, held-out fold ``r mod F``): the model is fitted on the units of the other
   folds, the held-out fold's units are scored by document completion
   (:func:`scotext.topics.foldin.completion_loglik`: their observed half gives the
   posterior of theta, their held-out half is scored), and the fitted topics give semantic
   coherence, exclusivity, the top FREX words and every unit's most probable topic (fold-in
   on all units), the raw material of stability. Everything is done a second time, with the
   same seed, fold and settings, on the null corpus.
3. :func:`select_search` turns the grid into per-K summaries, the choice of K and the
   verdict (:mod:`scotext.topics.select`).
4. :func:`fit_final` fits the chosen K on all units (one job per final seed) and
   :func:`final_from_fits` aligns the seeds to the most representative one.

The number of jobs does not depend on the corpus: the grid (K values x replicates, each
with its null fit) is dealt into ``topics.grid_jobs`` jobs, the final fits into
``topics.final_seeds`` jobs.
"""

from __future__ import annotations

import numpy as np


def topic_units(segments, dtm, vocab, *, roles, include_duplicates: bool, unit: str,
                min_df: int, max_df: float):
    """Return (units DataFrame, counts CSR units x terms, terms).

    ``units``: segment_id (the doc_id for document units), doc_id, year, speaker, text.
    """
    import pandas as pd
    from scipy import sparse

    from scotext.stagedata import select_units

    mask = select_units(segments, roles, include_duplicates)
    seg = segments[mask].reset_index(drop=True)
    counts = dtm[np.flatnonzero(mask)].tocsr()
    if unit == "document":
        docs, idx = np.unique(seg["doc_id"].to_numpy(dtype=str), return_inverse=True)
        agg = sparse.csr_matrix((np.ones(len(idx)), (idx, np.arange(len(idx)))),
                                shape=(len(docs), len(idx)))
        counts = (agg @ counts).tocsr()
        first = seg.groupby("doc_id", sort=True).first().reset_index()
        units = pd.DataFrame({"segment_id": first["doc_id"], "doc_id": first["doc_id"],
                              "year": first["year"], "speaker": first["speaker"],
                              "text": seg.groupby("doc_id", sort=True)["text"].agg(" ".join)
                              .to_numpy()})
    else:
        units = seg[["segment_id", "doc_id", "year", "speaker", "text"]].copy()
    n = counts.shape[0]
    if n == 0:
        raise ValueError("no units to model: no segment has the configured roles")
    df = np.asarray((counts > 0).sum(axis=0)).ravel()
    keep = (df >= min_df) & (df <= max_df * n)
    terms = [t for t, k in zip(vocab, keep) if k]
    counts = counts[:, np.flatnonzero(keep)].astype(np.int64).tocsr()
    return units.reset_index(drop=True), counts, terms


def search_rows(doc_ids, max_docs: int, seed: int) -> np.ndarray:
    """Row numbers of the units the grid is fitted on: all units when they come from at most
    ``max_docs`` documents, else the units of ``max_docs`` documents drawn without
    replacement (numpy ``default_rng(seed)``, documents in sorted order), so that a
    document's paragraphs stay together."""
    doc_ids = np.asarray(doc_ids, dtype=str)
    docs = np.unique(doc_ids)
    if len(docs) <= max_docs:
        return np.arange(len(doc_ids))
    chosen = np.sort(np.random.default_rng(seed).choice(len(docs), size=max_docs,
                                                        replace=False))
    return np.flatnonzero(np.isin(doc_ids, docs[chosen]))


def grid_entries(k_grid, n_seeds: int, seed: int) -> list[tuple[int, int, int]]:
    """Every fit of the grid as ``(k, replicate, seed)``: K = 1 (the smoothed unigram
    model, the baseline) and every K of ``k_grid``, each with ``n_seeds`` replicates,
    replicate r with seed ``seed + r``; its held-out fold is r mod (number of folds), set
    when the folds are known (:func:`grid_fits`). Largest K first, so that dealing the list
    round robin into jobs balances them. K = 1 needs no seed: its replicates of one fold
    are the same fit."""
    ks = sorted({1} | {int(k) for k in k_grid}, reverse=True)
    return [(k, r, int(seed) + r) for k in ks for r in range(int(n_seeds))]


def engine_settings(top: dict, final: bool = False) -> dict:
    """Settings of the configured engine (``topics.engine``) from the topics config, with
    the fixed priors ``topics.alpha`` (per topic) and ``topics.eta`` (per word), the same
    for every K; ``final``: the refits on all units after a sampled search."""
    priors = {"alpha": float(top["alpha"]), "eta": float(top["eta"])}
    if top["engine"] == "gensim":
        g = top["gensim"]
        return {"passes": g["final_passes"] if final else g["passes"],
                "iterations": g["iterations"], "start": g["start"],
                "start_min_df": g["start_min_df"], **priors}
    t = top["tomotopy"]
    iterations = t["final_iterations"] if final else t["iterations"]
    burn_in = t["final_burn_in"] if final else t["burn_in"]
    # the final fits choose among their starts within their burn-in (stuck chains are as
    # common on all units as on the search sample: measured on the speeches corpus, 3 of 4
    # single chains of 100 sweeps had two topics merged, 1 of 4 with the best of 3 starts)
    sweeps = min(t["restart_sweeps"], burn_in if final else iterations)
    restarts = ({"restarts": t["restarts"], "restart_sweeps": max(1, sweeps)}
                if t["restarts"] > 1 else {})
    return {"iterations": iterations, "burn_in": burn_in, **restarts, **priors}


def final_fit_settings(top: dict, search: dict) -> dict:
    """Settings of the final fits on all units: the engine's final (lighter) settings when
    the grid ran on a sample of the units (``search["sampled"]``, decided from the data by
    the choice of K: a corpus with more documents than ``search_max_docs`` may still have
    all its units in the search), else the search fits' own."""
    return engine_settings(top, final=bool(search["sampled"]))


def unigram_topic_word(counts, eta: float) -> np.ndarray:
    """The one-topic model (1 x V): the smoothed unigram distribution
    (n_w + eta) / (N + V eta) of the training counts."""
    c = np.asarray(counts.sum(axis=0), dtype=np.float64).ravel() + float(eta)
    return (c / c.sum())[None, :]


def fit_model(engine: str, counts, k: int, seed: int, settings: dict) -> dict:
    """Fit one model; returns ``topic_word`` (K x V), ``alpha`` (length K, the prior the fit
    used) and ``posterior`` (units x K Dirichlet parameters of each training unit's
    mixture: gensim's variational gamma, tomotopy's n_dk + alpha). K = 1 is the smoothed
    unigram model (no engine, no seed)."""
    from scotext.topics.engines import topic_model

    if int(k) == 1:           # theta is 1 for every unit: posterior Dirichlet(n_d + 1)
        lengths = np.asarray(counts.sum(axis=1), dtype=np.float64).ravel()
        return {"topic_word": unigram_topic_word(counts, settings["eta"]),
                "alpha": np.ones(1), "posterior": (lengths + 1.0)[:, None]}
    model = topic_model(engine, int(k), int(seed), **settings).fit(counts)
    alpha = np.asarray(getattr(model, "alpha_"), dtype=np.float64)
    return {"topic_word": model.topic_word_, "alpha": alpha, "posterior": model.doc_posterior_}


def _seen_only(m, seen):
    """``m`` without the columns of words that never occur in the training units."""
    from scipy import sparse

    c = sparse.csr_matrix(m, copy=True)
    c.data[~seen[c.indices]] = 0
    c.eliminate_zeros()
    return c


def _score_fit(fit, counts, observed, heldout, test, seen, *, foldin: dict, seed: int,
               topn: int, frex_weight: float, excl_weight: float):
    """Held-out score of the test units, coherence, exclusivity, top FREX words and the
    unit assignments of one fit.

    Only held-out tokens of words that occur in the training units (``seen``) are scored,
    for every K alike: an unseen word's probability is pure smoothing (eta / (n_k + V eta)
    in each topic), which is larger when the training tokens are spread over more topics,
    so scoring unseen words would reward large K for smoothing more, not for structure
    (measured on the source corpus: a token-permuted null then gained 0.11 per token over
    K = 1 at K = 16)."""
    from scotext.topics.diagnostics import exclusivity, semantic_coherence, top_frex_ids
    from scotext.topics.foldin import completion_loglik, foldin_theta

    beta, alpha = fit["topic_word"], fit["alpha"]
    ll, n_held = completion_loglik(beta, alpha, observed[test], _seen_only(heldout[test], seen),
                                   sweeps=foldin["sweeps"], burn_in=foldin["burn_in"],
                                   seed=seed)
    row = {"heldout_sum": float(ll.sum()), "heldout_tokens": int(n_held.sum())}
    k = beta.shape[0]
    if k == 1:
        row.update(coherence=np.nan, exclusivity=np.nan)
        return row, np.zeros((1, topn), dtype=np.int64), np.zeros(counts.shape[0], np.int64)
    row["coherence"] = float(np.nanmean(semantic_coherence(beta, counts, topn=topn)))
    row["exclusivity"] = float(np.mean(exclusivity(beta, topn=topn, frexw=excl_weight)))
    # each unit's most probable topic (only the argmax matters: half the sweeps)
    theta = foldin_theta(beta, alpha, counts, sweeps=max(1, foldin["sweeps"] // 2),
                         burn_in=foldin["burn_in"] // 2, seed=seed)
    assign = np.argmax(theta, axis=1).astype(np.int64)
    return row, top_frex_ids(beta, topn, w=frex_weight), assign


def grid_fits(data: dict, pairs, *, settings: dict, engine: str, foldin: dict, topn: int,
              frex_weight: float, excl_weight: float, log=None, label: str = "corpus"):
    """Fit the grid entries ``pairs`` (``(k, replicate, seed)``, :func:`grid_entries`). ``data``:
    ``counts``, ``observed``, ``heldout`` (the document-completion halves), all units x V
    over the search units, and ``folds`` (fold of every search unit); the null corpus is
    fitted by passing its matrices under the same keys.

    Returns ``(rows, arrays)``: one metrics row per entry (the columns of
    :data:`scotext.topics.select.SELECTION_COLUMNS`), and per entry the top FREX words and
    the unit assignments (keys ``k{k}_r{r}_topwords``, ``k{k}_r{r}_assign``).
    Entry ``(k, r, seed)`` holds out fold r mod F (F: the number of folds).
    """
    folds = np.asarray(data["folds"])
    n_folds = int(folds.max()) + 1
    c, o, h = data["counts"], data["observed"], data["heldout"]
    rows, arrays = [], {}
    for k, r, seed in pairs:
        fold = int(r) % n_folds
        train, test = np.flatnonzero(folds != fold), np.flatnonzero(folds == fold)
        row = {"k": int(k), "replicate": int(r), "seed": int(seed), "fold": int(fold)}
        fit = fit_model(engine, c[train], k, seed, settings)
        seen = np.asarray(c[train].sum(axis=0)).ravel() > 0
        scores, topwords, assign = _score_fit(
            fit, c, o, h, test, seen, foldin=foldin, seed=seed, topn=topn,
            frex_weight=frex_weight, excl_weight=excl_weight)
        row.update(scores)
        arrays[f"k{k}_r{r}_topwords"] = topwords
        arrays[f"k{k}_r{r}_assign"] = assign.astype(np.int16 if k < 32000 else np.int64)
        rows.append(row)
        if log is not None:
            log.info("%s K=%d replicate %d (seed %d, fold %d): held-out %.4f per token",
                     label, k, r, seed, fold, row["heldout_sum"] / max(row["heldout_tokens"], 1))
    return rows, arrays


def selection_table(selection, k: int):
    """The grid's fits as a table (one row per K and replicate): held-out log-likelihood per
    token of the fit's fold and its gain over K = 1 on the same fold, coherence,
    exclusivity, and whether the K is the one used."""
    sel = selection.copy()
    sel["k"] = sel["k"].astype(int)
    sel["heldout_loglik"] = sel["heldout_sum"] / sel["heldout_tokens"]
    base = (sel[sel["k"] == 1].groupby("fold")[["heldout_sum", "heldout_tokens"]].sum())
    base = base["heldout_sum"] / base["heldout_tokens"]
    sel["gain_vs_k1"] = sel["heldout_loglik"] - base.reindex(sel["fold"]).to_numpy()
    sel["chosen"] = sel["k"] == int(k)
    cols = ["k", "replicate", "seed", "fold", "heldout_loglik", "gain_vs_k1", "heldout_sum",
            "heldout_tokens", "coherence", "exclusivity", "chosen"]
    return sel[cols].sort_values(["k", "replicate"], ignore_index=True)


STABILITY_COLUMNS = ["k", "n_pairs", "topwords", "topwords_min", "topwords_max", "ari",
                     "ari_min", "ari_max"]


MIN_PARTITION_SHARE = 0.01   # config topics.min_partition_share; see align.partitions_units


def stability_table(selection, arrays, min_share: float = MIN_PARTITION_SHARE):
    """Per K > 1: top-word agreement and assignment ARI over the pairs of replicates (mean,
    min, max); see :mod:`scotext.topics.align` (``min_share``: an assignment with fewer
    than two topics holding that share of the units agrees on nothing, ARI 0)."""
    import pandas as pd

    from scotext.topics.align import pairwise_agreement

    rows = []
    for k, g in selection[selection["k"].astype(int) > 1].groupby("k", sort=True):
        reps = sorted(int(r) for r in g["replicate"])
        if len(reps) < 2:
            continue
        res = pairwise_agreement([arrays[f"k{k}_r{r}_topwords"] for r in reps],
                                 [arrays[f"k{k}_r{r}_assign"] for r in reps],
                                 min_share=min_share)
        rows.append({"k": int(k), "n_pairs": int(res["ari"].size),
                     "topwords": float(res["topwords"].mean()),
                     "topwords_min": float(res["topwords"].min()),
                     "topwords_max": float(res["topwords"].max()),
                     "ari": float(res["ari"].mean()), "ari_min": float(res["ari"].min()),
                     "ari_max": float(res["ari"].max())})
    return pd.DataFrame(rows, columns=STABILITY_COLUMNS)


def select_k(selection, arrays, *, k_setting, min_share: float = MIN_PARTITION_SHARE) -> dict:
    """The per-K table (:func:`scotext.topics.select.k_table` with stability and the
    ``frontier``, ``chosen``, ``rule_choice`` flags and the one-SE numbers), the rule's
    choice ``rule_k``, the K used ``k`` (the configured one if set) and ``reason`` (the rule
    with its numbers)."""
    from scotext.topics.select import choose_k, frontier, k_table

    table = k_table(selection, stability_table(selection, arrays, min_share))
    rule_k, details = choose_k(table, selection)
    configured = None if k_setting == "auto" else int(k_setting)
    if configured is not None and configured not in set(table["k"].astype(int)):
        raise ValueError(f"config topics.k = {configured} is not in topics.k_grid")
    k = configured if configured is not None else rule_k
    table["frontier"] = frontier(table)
    table["chosen"] = table["k"].astype(int) == k
    table["rule_choice"] = table["k"].astype(int) == rule_k
    one_se = details["one_se"]
    table["one_se_diff"] = [one_se.get(int(x), (np.nan, np.nan))[0] for x in table["k"]]
    table["one_se_se"] = [one_se.get(int(x), (np.nan, np.nan))[1] for x in table["k"]]
    front = ", ".join(str(x) for x in details["frontier"])
    d, se = one_se[rule_k]
    reason = (f"Among the K not dominated in semantic coherence and exclusivity "
              f"({{{front}}}), K = {details['best']} predicts the held-out text best; the "
              f"smallest of them within one standard error of it is K = {rule_k} "
              f"(difference {d:.4f}, SE {se:.4f}).")
    if configured is not None:
        reason += f" K = {configured} is set in the configuration (topics.k)."
    return {"table": table, "rule_k": int(rule_k), "k": int(k), "reason": reason,
            "rule": {"frontier": details["frontier"], "best": details["best"],
                     "eligible": details["eligible"]}}


def null_verdict(table, null_selection, null_arrays, *, k: int, rule_k: int,
                 level: float = 0.95, best_k: int | None = None,
                 min_share: float = MIN_PARTITION_SHARE) -> dict:
    """The null at ``k`` (gain over the null's K = 1, stability of its replicates) and the
    verdict on ``k`` (:func:`scotext.topics.select.verdict`). Returns ``identified``,
    ``verdict``, ``checks`` and ``null`` (the null's numbers)."""
    from scotext.topics.select import null_summary, verdict

    null = null_summary(null_selection, k)
    st = stability_table(null_selection, null_arrays, min_share)
    st = st.set_index(st["k"].astype(int))
    if int(k) in st.index:
        r = st.loc[int(k)]
        null.update(null_topwords=float(r["topwords"]), null_topwords_max=float(r["topwords_max"]),
                    null_ari=float(r["ari"]), null_ari_max=float(r["ari_max"]))
    identified, sentence, checks = verdict(table, k, null, level=level,
                                           rule_k=rule_k, best_k=best_k)
    return {"identified": identified, "verdict": sentence, "checks": checks, "null": null}


def fit_loglik(counts, topic_word, posterior) -> float:
    """Log-likelihood per token of the units a model was fitted on, under the model:
    sum_d sum_w n_dw log(sum_k theta_dk beta_kw) / N, theta = the posterior mean mixture.
    The same for every engine: it ranks fits of one K on the same units (a Gibbs chain or a
    variational start stuck with two topics merged scores lower)."""
    from scotext.topics.data import as_counts

    m = as_counts(counts)
    theta = np.asarray(posterior, dtype=np.float64)
    theta = theta / theta.sum(axis=1, keepdims=True)
    rows = np.repeat(np.arange(m.shape[0]), np.diff(m.indptr))
    p = np.einsum("ik,ki->i", theta[rows], np.asarray(topic_word)[:, m.indices])
    return float(np.dot(m.data.astype(np.float64), np.log(p)) / max(int(m.sum()), 1))


def final_from_fits(seeds, topic_words, doc_topics, *, threshold: float, loglik=None) -> dict:
    """The final model from fits of one K with several seeds on the same units.

    The reference is the seed whose fit has the highest ``loglik`` (:func:`fit_loglik`;
    ties: the smaller seed) or, without ``loglik``, the most representative seed (highest
    mean matched cosine to the others, :func:`scotext.topics.align.stability`). Every seed's
    topics and unit matrix (mixtures or posterior parameters) are aligned to it (Hungarian
    matching on topic-word cosine); a topic's stability is its mean matched cosine in the
    other seeds, ``unstable`` below ``threshold``. Returns ``seed``, ``topic_word``,
    ``doc_topic_by_seed``, ``reference``, ``seeds``, ``per_topic_stability``, ``unstable``,
    ``loglik`` (per seed, or None)."""
    from scotext.topics.align import align, stability

    order = np.argsort(np.asarray([int(s) for s in seeds]), kind="stable")
    seeds = [int(seeds[i]) for i in order]
    topic_words = [np.asarray(topic_words[i]) for i in order]
    doc_topics = [np.asarray(doc_topics[i]) for i in order]
    if loglik is None:
        ref = stability(topic_words, threshold=threshold)["reference"]
        ll = None
    else:
        ll = [float(loglik[i]) for i in order]
        ref = int(np.argmax(ll))                       # ties: the first, the smaller seed
    perms, sims = [], []
    for r, tw in enumerate(topic_words):
        perm, sim = align(topic_words[ref], tw)
        perms.append(perm)
        if r != ref:
            sims.append(sim)
    k = topic_words[ref].shape[0]
    per_topic = np.mean(sims, axis=0) if sims else np.full(k, np.nan)
    return {"seed": seeds[ref], "topic_word": topic_words[ref],
            "doc_topic_by_seed": [d[:, p] for d, p in zip(doc_topics, perms)],
            "reference": ref, "seeds": seeds, "per_topic_stability": per_topic,
            "unstable": per_topic < threshold, "loglik": ll}


def fit_final(counts, *, k: int, seed: int, settings: dict, engine: str = "gensim"):
    """One final fit of the chosen K on all units: ``(topic_word K x V, posterior N x K)``
    (posterior: the Dirichlet parameters of every unit's mixture)."""
    fit = fit_model(engine, counts, k, seed, settings)
    return fit["topic_word"], fit["posterior"]


def topic_labels(topic_word, terms, frex_weight: float, configured: dict, n: int = 3):
    """Label per topic (1-based keys in config): the configured one, else the top ``n``
    FREX terms joined by " / "."""
    from scotext.topics.diagnostics import frex

    fx = frex(topic_word, w=frex_weight)
    labels = []
    for t in range(topic_word.shape[0]):
        top = [terms[j] for j in np.argsort(-fx[t], kind="stable")[:n]]
        labels.append(str(configured.get(str(t + 1), configured.get(t + 1, " / ".join(top)))))
    return labels


def status_word(identified: bool) -> str:
    """The ``status`` cell of every topic table row."""
    from scotext.topics.select import NOT_IDENTIFIED_MARK

    return "identified" if identified else NOT_IDENTIFIED_MARK


def topic_terms_table(topic_word, terms, term_freq, labels, stab, unstable, *, topn: int,
                      frex_weight: float, lam: float, identified: bool = True):
    """Long table: topic, label, stability, unstable, status, measure, rank, term, value."""
    import pandas as pd

    from scotext.topics.diagnostics import frex, relevance

    measures = {"probability": topic_word, "frex": frex(topic_word, w=frex_weight),
                "relevance": relevance(topic_word, term_freq, lam=lam)}
    rows = []
    status = status_word(identified)
    for t in range(topic_word.shape[0]):
        for name, m in measures.items():
            for rank, j in enumerate(np.argsort(-m[t], kind="stable")[:topn], start=1):
                rows.append({"topic": t + 1, "label": labels[t], "stability": float(stab[t]),
                             "unstable": bool(unstable[t]), "status": status,
                             "measure": name, "rank": rank,
                             "term": terms[j], "value": float(m[t, j]),
                             "probability": float(topic_word[t, j])})
    return pd.DataFrame(rows)


def representative_units(doc_topic, units, labels, stab, unstable, *, n: int,
                         excerpt_chars: int = 240, identified: bool = True):
    """stm's findThoughts: the ``n`` units with the highest share of each topic."""
    import pandas as pd

    rows = []
    status = status_word(identified)
    for t in range(doc_topic.shape[1]):
        for rank, i in enumerate(np.argsort(-doc_topic[:, t], kind="stable")[:n], start=1):
            text = str(units.loc[i, "text"])
            rows.append({"topic": t + 1, "label": labels[t], "unstable": bool(unstable[t]),
                         "stability": float(stab[t]), "status": status, "rank": rank,
                         "segment_id": units.loc[i, "segment_id"],
                         "doc_id": units.loc[i, "doc_id"], "year": int(units.loc[i, "year"]),
                         "theta": float(doc_topic[i, t]),
                         "excerpt": text if len(text) <= excerpt_chars
                         else text[:excerpt_chars].rsplit(" ", 1)[0] + " ..."})
    return pd.DataFrame(rows)


PREVALENCE_COLUMNS = ["topic", "label", "group_var", "group", "estimate", "ci_low", "ci_high",
                      "n_segments", "n_docs", "n_seeds", "n_draws", "unstable", "status",
                      "evidence", "note", "caveat"]
DIFFERENCE_COLUMNS = ["topic", "label", "group_var", "group_a", "group_b", "estimate",
                      "ci_low", "ci_high", "excludes_zero", "n_docs_a", "n_docs_b",
                      "n_segments_a", "n_segments_b", "min_p_doc", "unstable", "status",
                      "evidence", "caveat"]


def prevalence_tables(posteriors, units, documents, model: dict, *, unit_tokens, n_boot: int,
                      n_draws: int, seed: int, level: float, alpha: float = 0.05):
    """Prevalence by year and by speaker and every pairwise difference within each, with
    intervals that combine the cluster bootstrap over documents, the posterior of every
    unit's mixture (method of composition) and the seeds
    (:func:`scotext.topics.prevalence.prevalence_composition`).

    ``posteriors``: per final seed the units x K Dirichlet parameters, aligned to the
    reference topics; ``units``: units table (doc_id, year, speaker); ``documents``: the
    corpus documents table (for the caveats: :mod:`scotext.confound`); ``unit_tokens``:
    analysed tokens per unit. Every difference row carries the caveat of its own
    comparison and its evidence level (:func:`scotext.evidence.comparison_level`; "not
    identified" when K is not); a group of one document says that no inference to the
    year or speaker is possible.

    Returns ``(prevalence, differences, figure_caveats)`` (``figure_caveats``: group_var ->
    the caveat of the figure of all its groups).
    """
    import pandas as pd

    from scotext.confound import contrast_caveat, groups_caveat, side_profile
    from scotext.evidence import DESCRIBES, NOT_IDENTIFIED, comparison_level
    from scotext.topics.prevalence import prevalence_composition

    identified = bool(model["identified"])
    status = status_word(identified)
    labels, unstable = model["labels"], model["unstable"]
    clusters = units["doc_id"].astype(str).to_numpy()
    tok = pd.Series(np.asarray(unit_tokens, dtype=np.int64)).groupby(clusters).sum()
    tokens = {str(d): int(v) for d, v in tok.items()}
    prev_frames, diff_frames, captions = [], [], {}
    for var in ("year", "speaker"):
        groups = units[var].astype(str).to_numpy()
        res = prevalence_composition(posteriors, groups, clusters, n_boot=n_boot,
                                     n_draws=n_draws, seed=seed, level=level)
        glabels = res["labels"]
        docs_of = {g: sorted(set(clusters[groups == g])) for g in glabels}
        profiles = {g: side_profile(documents, docs_of[g], tokens) for g in glabels}
        captions[var] = groups_caveat(profiles, compared=var)
        K = res["estimate"].shape[1]
        for gi, g in enumerate(glabels):
            n_docs = int(res["n_clusters"][gi])
            if not identified:
                evidence, note = NOT_IDENTIFIED, "K not identified: descriptive only"
            elif n_docs == 1:
                evidence = DESCRIBES
                note = (f"one document: no inference to the {var} is possible "
                        f"({DESCRIBES})")
            else:
                evidence = "documents resampled"
                note = f"interval from {n_docs} documents resampled"
            for t in range(K):
                prev_frames.append({
                    "topic": t + 1, "label": labels[t], "group_var": var, "group": g,
                    "estimate": float(res["estimate"][gi, t]),
                    "ci_low": float(res["ci_low"][gi, t]), "ci_high": float(res["ci_high"][gi, t]),
                    "n_segments": int(res["n_units"][gi]), "n_docs": n_docs,
                    "n_seeds": int(res["n_seeds"]), "n_draws": int(res["n_draws"]),
                    "unstable": bool(unstable[t]), "status": status, "evidence": evidence,
                    "note": note, "caveat": captions[var]})
        for ia in range(len(glabels)):
            for ib in range(ia + 1, len(glabels)):
                a, b = glabels[ia], glabels[ib]
                diff = res["replicates"][ib] - res["replicates"][ia]          # n_boot x K
                lo, hi = _interval(diff, level)
                est = res["estimate"][ib] - res["estimate"][ia]
                n_a, n_b = int(res["n_clusters"][ia]), int(res["n_clusters"][ib])
                level_word, min_p = comparison_level(n_a, n_b, alpha)
                caveat = contrast_caveat(profiles[a], profiles[b], a, b, compared=var)
                for t in range(K):
                    diff_frames.append({
                        "topic": t + 1, "label": labels[t], "group_var": var, "group_a": a,
                        "group_b": b, "estimate": float(est[t]), "ci_low": float(lo[t]),
                        "ci_high": float(hi[t]),
                        "excludes_zero": bool(lo[t] > 0 or hi[t] < 0),
                        "n_docs_a": n_a, "n_docs_b": n_b,
                        "n_segments_a": int(res["n_units"][ia]),
                        "n_segments_b": int(res["n_units"][ib]), "min_p_doc": float(min_p),
                        "unstable": bool(unstable[t]), "status": status,
                        "evidence": level_word if identified else NOT_IDENTIFIED,
                        "caveat": caveat})
    prev = pd.DataFrame(prev_frames, columns=PREVALENCE_COLUMNS)
    diff = pd.DataFrame(diff_frames, columns=DIFFERENCE_COLUMNS)
    return prev, diff, captions


def _interval(reps, level):
    from scotext.inference.bootstrap import percentile_interval

    return percentile_interval(reps, level, axis=0)


def run_search(counts, doc_ids, *, k_grid, n_seeds: int, seed: int, engine: str,
               settings: dict, cv_folds: int = 5, cv_by: str = "document",
               split_seed: int = 7, heldout_share: float = 0.5, null_seed: int = 97,
               foldin: dict | None = None, topn: int = 10, frex_weight: float = 0.5,
               excl_weight: float = 0.7, identify_level: float = 0.95, k_setting="auto",
               min_share: float = MIN_PARTITION_SHARE, log=None) -> dict:
    """The whole search in one process, as the workflow's jobs do it (topics_units,
    topics_fit, topics_select, topics_verdict): folds, completion halves, null corpus, the
    grid, the choice of K and the verdict. Returns :func:`select_k`'s dict with
    ``selection`` (the grid's rows) and :func:`null_verdict`'s keys."""
    import pandas as pd

    from scotext.topics.data import completion_split, cv_folds as make_folds, permute_tokens

    foldin = foldin or {"sweeps": 30, "burn_in": 10}
    folds, mode = make_folds(doc_ids, cv_folds, split_seed, cv_by)
    observed, heldout = completion_split(counts, seed=split_seed, heldout_share=heldout_share)
    null = permute_tokens(counts, seed=null_seed)
    null_obs, null_held = completion_split(null, seed=split_seed, heldout_share=heldout_share)
    common = dict(settings=settings, engine=engine, foldin=foldin, topn=topn,
                  frex_weight=frex_weight, excl_weight=excl_weight, log=log)
    rows, arrays = grid_fits({"counts": counts, "observed": observed, "heldout": heldout,
                              "folds": folds}, grid_entries(k_grid, n_seeds, seed), **common)
    selection = pd.DataFrame(rows).sort_values(["k", "replicate"], ignore_index=True)
    res = select_k(selection, arrays, k_setting=k_setting, min_share=min_share)
    pairs = [e for e in grid_entries([res["k"]], n_seeds, seed) if e[0] in (1, res["k"])]
    nrows, narrays = grid_fits({"counts": null, "observed": null_obs, "heldout": null_held,
                                "folds": folds}, pairs, label="null", **common)
    null_sel = pd.DataFrame(nrows).sort_values(["k", "replicate"], ignore_index=True)
    res.update(null_verdict(res["table"], null_sel, narrays, k=res["k"], rule_k=res["rule_k"],
                            level=identify_level, best_k=res["rule"]["best"],
                            min_share=min_share))
    res.update(selection=selection, null_selection=null_sel, fold_mode=mode,
               n_folds=int(folds.max()) + 1)
    return res
