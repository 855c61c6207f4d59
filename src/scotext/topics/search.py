"""The topic stage end to end: units, the (K, seed) grid, the choice of K, the final model.

These functions are what the Snakemake adapters call; each step reads and writes plain
arrays and tables, so every step can run as its own job (on a cluster too).

1. :func:`topic_units` selects the units (answer paragraphs by default; or whole documents)
   from the corpus document-term matrix and trims the vocabulary (min_df, max_df).
2. :func:`fit_batch` fits, for one K and a batch of seeds, two models per seed: one on the
   *observed* half of every unit's tokens, scored on the *held-out* half (document
   completion, the fit never sees those tokens), and one on all tokens, which gives the
   topics, coherence (c_npmi, c_v), exclusivity and, across seeds, stability.
3. :func:`select_model` aligns the seeds of every K (Hungarian matching on topic-word
   cosine), fills the stability column, chooses K (the rule of
   :func:`scotext.topics.select.choose_k`, or the configured K) and picks the most
   representative seed (highest mean alignment to the other seeds).
4. :func:`final_from_fits` turns the fits of the chosen K into the final model: the seeds
   aligned to the most representative one.

Scale: on a large corpus the grid (steps 2-3) runs on the units of a seeded sample of
documents (:func:`search_rows`); the chosen K is then refitted on all units with a few
seeds (:func:`fit_final`) and step 4 uses those fits. On a small corpus the sample is the
whole corpus and the grid's fits of the chosen K are the final model.
"""

from __future__ import annotations

from collections.abc import Sequence

import numpy as np


def topic_units(segments, dtm, vocab, *, roles, include_duplicates: bool, unit: str,
                min_df: int, max_df: float):
    """Return (units DataFrame, counts CSR units × terms, terms, texts).

    ``units``: segment_id (or "" for document units), doc_id, year, speaker, text excerpt
    source; ``texts``: each unit's analysis tokens restricted to the kept terms, in order
    (the reference corpus of the coherence measures), a :class:`UnitTexts`.
    """
    import pandas as pd
    from scipy import sparse

    from scotext.keywords.frequencies import select_units

    mask = select_units(segments, roles, include_duplicates)
    seg = segments[mask].reset_index(drop=True)
    counts = dtm[np.flatnonzero(mask)].tocsr()
    if unit == "document":
        docs, idx = np.unique(seg["doc_id"].to_numpy(dtype=str), return_inverse=True)
        agg = sparse.csr_matrix((np.ones(len(idx)), (idx, np.arange(len(idx)))),
                                shape=(len(docs), len(idx)))
        counts = (agg @ counts).tocsr()
        first = seg.groupby("doc_id", sort=True).first().reset_index()
        tokens = seg.groupby("doc_id", sort=True)["tokens"].agg(" ".join).to_numpy()
        units = pd.DataFrame({"segment_id": first["doc_id"], "doc_id": first["doc_id"],
                              "year": first["year"], "speaker": first["speaker"],
                              "text": seg.groupby("doc_id", sort=True)["text"].agg(" ".join)
                              .to_numpy()})
    else:
        tokens = seg["tokens"].to_numpy()
        units = seg[["segment_id", "doc_id", "year", "speaker", "text"]].copy()
    n = counts.shape[0]
    if n == 0:
        raise ValueError("no units to model: no segment has the configured roles")
    df = np.asarray((counts > 0).sum(axis=0)).ravel()
    keep = (df >= min_df) & (df <= max_df * n)
    terms = [t for t, k in zip(vocab, keep) if k]
    counts = counts[:, np.flatnonzero(keep)].astype(np.int64).tocsr()
    return units.reset_index(drop=True), counts, terms, UnitTexts(tokens, terms)


class UnitTexts(Sequence):
    """Each unit's analysis tokens restricted to the kept terms, in order, made when asked
    for: ``texts[i]`` is a list of tokens. The topic search uses those of its sample only;
    all of them as lists would take about 1 GB at 10^5 documents."""

    def __init__(self, tokens, terms):
        self._tokens = tokens
        self._known = frozenset(terms)

    def __len__(self):
        return len(self._tokens)

    def __getitem__(self, i):
        if isinstance(i, slice):
            return [self[j] for j in range(*i.indices(len(self)))]
        return [t for t in self._tokens[i].split() if t in self._known]


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


def engine_settings(top: dict, final: bool = False) -> dict:
    """Settings of the configured engine (``topics.engine``) from the topics config;
    ``final``: for the refits on all units after a sampled search (gensim: final_passes)."""
    if top["engine"] == "gensim":
        g = top["gensim"]
        return {"passes": g["final_passes"] if final else g["passes"],
                "iterations": g["iterations"], "alpha": top["alpha"]}
    t = top["tomotopy"]
    if final:
        return {"iterations": t["final_iterations"], "burn_in": t["final_burn_in"],
                "alpha": top["alpha"]}
    return {"iterations": t["iterations"], "burn_in": t["burn_in"], "alpha": top["alpha"]}


def fit_batch(counts, observed, heldout, terms, texts, *, k: int, seeds, settings: dict,
              topn: int, engine: str = "gensim"):
    """Fit one K for a batch of seeds; returns (metrics rows, topic_word S×K×V,
    doc_topic S×N×K)."""
    from scotext.topics.diagnostics import coherence, exclusivity
    from scotext.topics.engines import fit_heldout, topic_model

    rows, tw, dt = [], [], []
    for seed in seeds:
        _, loglik, perplexity = fit_heldout(engine, observed, heldout, k, int(seed), **settings)
        model = topic_model(engine, k, int(seed), **settings).fit(counts)
        rows.append({
            "k": k, "seed": int(seed), "heldout_loglik": float(loglik),
            "perplexity": float(perplexity),
            "c_npmi": float(np.nanmean(coherence(model.topic_word_, terms, texts, "c_npmi",
                                                 topn=topn))),
            "c_v": float(np.nanmean(coherence(model.topic_word_, terms, texts, "c_v",
                                              topn=topn))),
            "exclusivity": float(np.mean(exclusivity(model.topic_word_, topn=topn))),
        })
        tw.append(model.topic_word_)
        dt.append(model.doc_topic_)
    return rows, np.stack(tw), np.stack(dt)


def select_model(batches, *, k_setting, threshold: float):
    """Combine the grid.

    ``batches``: list of (metrics rows, topic_word S×K×V, doc_topic S×N×K), any order.
    Returns dict with ``selection`` (DataFrame, one row per (k, seed), with stability,
    chosen, representative), ``stability`` (DataFrame per (k, topic)), ``k``, ``reason``,
    ``seed``, ``topic_word`` (reference run), ``doc_topic_by_seed`` (list, aligned to the
    reference topics), ``seeds``.
    """
    import pandas as pd

    from scotext.topics.align import stability
    from scotext.topics.select import choose_k

    by_k: dict[int, list] = {}
    for rows, tw, dt in batches:
        for i, row in enumerate(rows):
            by_k.setdefault(int(row["k"]), []).append((int(row["seed"]), row, tw[i], dt[i]))
    sel_rows, stab_rows, runs = [], [], {}
    for k in sorted(by_k):
        entries = sorted(by_k[k], key=lambda e: e[0])
        st = stability([e[2] for e in entries], threshold=threshold)
        runs[k] = (entries, st)
        for (seed, row, _, _), per_run in zip(entries, st["per_run"]):
            sel_rows.append({**row, "stability": float(per_run)})
        for t in range(k):
            stab_rows.append({"k": k, "topic": t + 1,
                              "stability": float(st["per_topic"][t]),
                              "unstable": bool(st["unstable"][t]),
                              "k_mean_stability": float(st["mean"]),
                              "k_sd_stability": float(st["sd"]),
                              "reference_seed": entries[st["reference"]][0]})
    selection = pd.DataFrame(sel_rows).sort_values(["k", "seed"]).reset_index(drop=True)
    if k_setting == "auto":
        k, reason = choose_k(selection)
    else:
        k = int(k_setting)
        if k not in runs:
            raise ValueError(f"config topics.k = {k} is not in topics.k_grid {sorted(runs)}")
        reason = f"K={k} set in the configuration (topics.k)."
    entries, st = runs[k]
    final = _final(entries, st)
    selection["chosen"] = selection["k"] == k
    selection["representative"] = selection["chosen"] & (selection["seed"] == final["seed"])
    stab = pd.DataFrame(stab_rows)
    stab["chosen"] = stab["k"] == k
    return {"selection": selection, "stability": stab, "k": k, "reason": reason, **final}


def _final(entries, st) -> dict:
    ref = st["reference"]
    return {"seed": entries[ref][0], "topic_word": entries[ref][2],
            "doc_topic_by_seed": [e[3][:, st["perms"][r]] for r, e in enumerate(entries)],
            "reference": ref, "seeds": [e[0] for e in entries],
            "per_topic_stability": st["per_topic"], "unstable": st["unstable"]}


def final_from_fits(seeds, topic_words, doc_topics, *, threshold: float) -> dict:
    """The final model from fits of one K with several seeds: stability across the seeds,
    the most representative seed as reference, every seed's unit-topic matrix aligned to
    it. Returns the keys ``seed``, ``topic_word``, ``doc_topic_by_seed``, ``reference``,
    ``seeds``, ``per_topic_stability``, ``unstable`` (as :func:`select_model`)."""
    from scotext.topics.align import stability

    entries = sorted(zip((int(s) for s in seeds), [None] * len(seeds), topic_words, doc_topics),
                     key=lambda e: e[0])
    st = stability([e[2] for e in entries], threshold=threshold)
    return _final(entries, st)


def fit_final(counts, *, k: int, seed: int, settings: dict, engine: str = "gensim"):
    """One final fit of the chosen K on all units: (topic_word K×V, doc_topic N×K)."""
    from scotext.topics.engines import topic_model

    model = topic_model(engine, k, int(seed), **settings).fit(counts)
    return model.topic_word_, model.doc_topic_


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


def topic_terms_table(topic_word, terms, term_freq, labels, stab, unstable, *, topn: int,
                      frex_weight: float, lam: float):
    """Long table: topic, label, stability, unstable, measure, rank, term, value."""
    import pandas as pd

    from scotext.topics.diagnostics import frex, relevance

    measures = {"probability": topic_word, "frex": frex(topic_word, w=frex_weight),
                "relevance": relevance(topic_word, term_freq, lam=lam)}
    rows = []
    for t in range(topic_word.shape[0]):
        for name, m in measures.items():
            for rank, j in enumerate(np.argsort(-m[t], kind="stable")[:topn], start=1):
                rows.append({"topic": t + 1, "label": labels[t], "stability": float(stab[t]),
                             "unstable": bool(unstable[t]), "measure": name, "rank": rank,
                             "term": terms[j], "value": float(m[t, j]),
                             "probability": float(topic_word[t, j])})
    return pd.DataFrame(rows)


def representative_units(doc_topic, units, labels, stab, unstable, *, n: int,
                         excerpt_chars: int = 240):
    """stm's findThoughts: the ``n`` units with the highest share of each topic."""
    import pandas as pd

    rows = []
    for t in range(doc_topic.shape[1]):
        for rank, i in enumerate(np.argsort(-doc_topic[:, t], kind="stable")[:n], start=1):
            text = str(units.loc[i, "text"])
            rows.append({"topic": t + 1, "label": labels[t], "unstable": bool(unstable[t]),
                         "stability": float(stab[t]), "rank": rank,
                         "segment_id": units.loc[i, "segment_id"],
                         "doc_id": units.loc[i, "doc_id"], "year": int(units.loc[i, "year"]),
                         "theta": float(doc_topic[i, t]),
                         "excerpt": text if len(text) <= excerpt_chars
                         else text[:excerpt_chars].rsplit(" ", 1)[0] + " ..."})
    return pd.DataFrame(rows)


def prevalence_tables(aligned, units, model: dict, *, n_boot: int, seed: int, level: float):
    """Prevalence by year and by speaker, and differences between groups, with the
    speaker/year confound detected from the units and stated in a ``caveat`` column.

    Returns (prevalence, differences, caveat). Differences between years with the same
    single speaker are marked ``within-speaker``; the others, when period and speaker are
    confounded, ``between speakers (confounded with year)``.
    """
    import pandas as pd

    from scotext.confound import confound_note, period_speakers
    from scotext.topics.prevalence import prevalence_bootstrap, prevalence_differences

    years = units["year"].astype(str).to_numpy()
    speakers = units["speaker"].astype(str).to_numpy()
    clusters = units["doc_id"].astype(str).to_numpy()
    caveat = confound_note(years, speakers)
    by_year = period_speakers(years, speakers)
    ref = model["reference_index"]
    labels, unstable = model["labels"], model["unstable"]
    prev_frames, diff_frames = [], []
    for var, groups in (("year", years), ("speaker", speakers)):
        p = prevalence_bootstrap(aligned, groups, clusters, n_boot=n_boot, seed=seed,
                                 level=level, reference=ref, point="mean")
        p.insert(1, "group_var", var)
        prev_frames.append(p)
        d = prevalence_differences(aligned, groups, clusters, n_boot=n_boot, seed=seed,
                                   level=level, reference=ref, point="mean")
        if d.empty:
            continue
        d.insert(1, "group_var", var)
        if var == "year":
            kind = ["within-speaker" if len(by_year[a]) == 1 and by_year[a] == by_year[b]
                    else ("between speakers (confounded with year)" if caveat else
                          "between years") for a, b in zip(d["group_a"], d["group_b"])]
        else:
            kind = ["between speakers (confounded with year)" if caveat else
                    "between speakers"] * len(d)
        d["contrast_type"] = kind
        diff_frames.append(d)
    prev = pd.concat(prev_frames, ignore_index=True)
    prev["topic"] = prev["topic"] + 1
    prev.insert(1, "label", [labels[t - 1] for t in prev["topic"]])
    prev = prev.rename(columns={"n_clusters": "n_docs"})
    prev["unstable"] = [unstable[t - 1] for t in prev["topic"]]
    prev["caveat"] = caveat
    cols = ["topic", "label", "group_var", "group", "estimate", "ci_low", "ci_high",
            "n_segments", "n_docs", "n_seeds", "unstable", "caveat"]
    prev = prev[cols]
    diff = pd.concat(diff_frames, ignore_index=True) if diff_frames else pd.DataFrame(
        columns=["topic", "group_var", "group_a", "group_b", "estimate", "ci_low", "ci_high",
                 "excludes_zero", "contrast_type"])
    diff["topic"] = diff["topic"] + 1
    diff.insert(1, "label", [labels[t - 1] for t in diff["topic"]])
    diff["unstable"] = [unstable[t - 1] for t in diff["topic"]]
    diff["caveat"] = caveat
    return prev, diff, caveat
