"""The topic section of the summary and the topic paragraph of the methods text.

Both say first whether K is identified (``topics/model.json``: ``identified``, ``verdict``
and the numbers behind it in ``checks`` and ``null``). When it is not, every line says
"K not identified: descriptive only" and the summary lists no topic and no difference as a
finding; when it is, the summary lists the topics and *every* pre-specified prevalence
contrast (each pair of years, each pair of speakers) with its evidence level, never a
selected maximum.
"""

from __future__ import annotations

from scotext.topics.select import NOT_IDENTIFIED_MARK

REFERENCES = [
    "Blei, D. M., Ng, A. Y. & Jordan, M. I. (2003). Latent Dirichlet allocation. *Journal of "
    "Machine Learning Research*, 3, 993-1022.",
    "Mimno, D., Wallach, H. M., Talley, E., Leenders, M. & McCallum, A. (2011). Optimizing "
    "semantic coherence in topic models. *EMNLP 2011*, 262-272.",
    "Roberts, M. E., Stewart, B. M., Tingley, D., Lucas, C., Leder-Luis, J., Gadarian, S. K., "
    "Albertson, B. & Rand, D. G. (2014). Structural topic models for open-ended survey "
    "responses. *American Journal of Political Science*, 58(4), 1064-1082.",
    "Wallach, H. M., Murray, I., Salakhutdinov, R. & Mimno, D. (2009). Evaluation methods for "
    "topic models. *ICML 2009*, 1105-1112.",
    "Hubert, L. & Arabie, P. (1985). Comparing partitions. *Journal of Classification*, 2, "
    "193-218.",
]

ARORA_2013 = ("Arora, S., Ge, R., Halpern, Y., Mimno, D., Moitra, A., Sontag, D., Wu, Y. & "
              "Zhu, M. (2013). A practical algorithm for topic modeling with provable "
              "guarantees. *ICML 2013*, 280-288.")


def config_references(config: dict) -> list[str]:
    """References of the configured methods only: the spectral start's with gensim."""
    top = config["topics"]
    if top["engine"] == "gensim" and top["gensim"].get("start") == "spectral":
        return [ARORA_2013]
    return []


MODEL = "`topics/model.json`"


def _verdict_numbers(ctx) -> str:
    """The verdict's numbers, each cited from model.json."""
    c = ctx.cite
    ch = ctx.json("model")["checks"]

    def n(key, fmt="{:.2f}"):
        return c.num(ch[key], "model", f"checks.{key}", fmt=fmt)

    return (f"held-out log-likelihood per token {n('gain', '{:+.3f}')} against the one-topic "
            f"(unigram) model (SE {n('gain_se', '{:.3f}')} over {n('n_folds', '{}')} folds, "
            f"{c.num(ch['level'], 'model', 'checks.level', fmt='{:.0%}')} interval "
            f"[{n('gain_low', '{:+.3f}')}, {n('gain_high', '{:+.3f}')}]; "
            f"{n('null_gain', '{:+.3f}')} on the same corpus with its tokens permuted across "
            f"units), top-word agreement across seeds {n('topwords')} (null at most "
            f"{n('null_topwords_max')}) and assignment ARI {n('ari')} (null at most "
            f"{n('null_ari_max')})")


def _why_not(ctx) -> str:
    c = ctx.cite
    model = ctx.json("model")
    ch = model["checks"]
    why = []
    if not ch["gain_ok"]:
        why.append("the interval of the held-out gain over the one-topic model does not "
                   "exclude zero")
    if not ch["stable_ok"]:
        why.append("the topics are not more stable across seeds than on the null")
    if ch["edge"] == "best":
        why.append(f"the best-predicting K of the coherence-exclusivity frontier, K = "
                   f"{c.num(ch['best_k'], 'model', 'checks.best_k', fmt='{}')}, is the largest "
                   "K of the grid")
    elif ch["edge"]:
        why.append(f"K lies at the {ch['edge']} edge of the grid")
    if not ch["by_rule"]:
        why.append(f"K = {c.num(model['k'], 'model', 'k', fmt='{}')} was set in the "
                   f"configuration, the rule chooses K = "
                   f"{c.num(ch['rule_k'], 'model', 'checks.rule_k', fmt='{}')}")
    text = "; ".join(why) if why else "see the verdict"
    return text[0].upper() + text[1:]


def summary(ctx) -> list[str]:
    c = ctx.cite
    model = ctx.json("model")
    k = c.num(model["k"], "model", "k", fmt="{}")
    if not model["identified"]:
        return ["## Topics", "",
                f"- **{NOT_IDENTIFIED_MARK}.** {_why_not(ctx)} ({MODEL}, figure "
                "`topics_model_selection`).",
                f"- The numbers: {_verdict_numbers(ctx)} ({MODEL}).",
                f"- The topic tables and figures are written at K = {k} ({MODEL}) and describe "
                "that fitted model only; no topic and no difference in topic prevalence is "
                "reported here as a finding.", ""]
    nmf = ctx.csv("topic_nmf_agreement")
    out = ["## Topics", "",
           f"- K = {k} topics are identified ({MODEL}, `tables/topic_k_selection.csv`, figure "
           f"`topics_model_selection`): {_verdict_numbers(ctx)}."]
    for t, label in enumerate(model["labels"], start=1):
        row = nmf[nmf["topic"].astype(int) == t]
        cos = c.num(float(row["cosine"].iloc[0]), "topic_nmf_agreement", "cosine", {"topic": t})
        flag = " (unstable across seeds)" if model["unstable"][t - 1] else ""
        out.append(f"  - Topic {c.num(t, 'topic_nmf_agreement', 'topic', {'topic': t}, fmt='{}')}"
                   f": *{c.text(label, 'model', f'labels.{t - 1}')}*; stability "
                   f"{c.num(model['stability'][t - 1], 'model', f'stability.{t - 1}')}{flag}; "
                   f"agreement with NMF {cos} ({MODEL}, `tables/topic_nmf_agreement.csv`).")
    diff = ctx.csv("topic_prevalence_differences")
    if len(diff):
        out += ["", "Every pre-specified contrast of topic prevalence (share of the modelled "
                "paragraphs, group b minus group a, with its interval; evidence: what the "
                "documents on each side allow; the caveat of each comparison is in the table):",
                ""]
    for (var, a, b), g in diff.groupby(["group_var", "group_a", "group_b"], sort=True):
        cells = []
        for r in g.sort_values("topic", key=lambda s: s.astype(int)).itertuples():
            where = {"group_var": var, "group_a": a, "group_b": b, "topic": int(r.topic)}

            def n(col, value):
                return c.num(float(value), "topic_prevalence_differences", col, where,
                             fmt="{:+.3f}" if col == "estimate" else "{:.3f}")

            cells.append(f"topic {c.num(int(r.topic), 'topic_prevalence_differences', 'topic', where, fmt='{}')} "
                         f"{n('estimate', r.estimate)} [{n('ci_low', r.ci_low)}, "
                         f"{n('ci_high', r.ci_high)}]")
        out.append(f"- {var} {a} vs {b} ({g['evidence'].iloc[0]}): " + "; ".join(cells)
                   + " (`tables/topic_prevalence_differences.csv`).")
    out.append("")
    return out


def _engine_text(ctx) -> str:
    c = ctx.cite
    tp = ctx.config["topics"]
    packages = ctx.provenance["packages"]
    if tp["engine"] == "tomotopy":
        t = "topics.tomotopy."
        return (f"tomotopy {c.text(packages.get('tomotopy', ''), 'provenance', 'packages.tomotopy')}, "
                f"collapsed Gibbs sampling in one worker with fixed seeds, "
                f"{c.conf(t + 'iterations')} sweeps, the best of "
                f"{c.conf(t + 'restarts')} chains by log-likelihood after "
                f"{c.conf(t + 'restart_sweeps')} sweeps continued, topic-word counts averaged "
                f"after {c.conf(t + 'burn_in')}")
    return (f"gensim {c.text(packages['gensim'], 'provenance', 'packages.gensim')} LdaModel, "
            f"variational Bayes, single-threaded with fixed seeds, "
            f"{c.conf('topics.gensim.passes')} passes, {c.conf('topics.gensim.iterations')} "
            "iterations per unit, started " + _gensim_start_text(ctx))


def _gensim_start_text(ctx) -> str:
    c = ctx.cite
    if ctx.config["topics"]["gensim"].get("start", "random") == "random":
        return f"from gensim's random topic-word statistics (start: {c.conf('topics.gensim.start')})"
    return ("from spectral word clusters (start: " + c.conf("topics.gensim.start") + "; the "
            "words of at least " + c.conf("topics.gensim.start_min_df") + " units, clustered "
            "by k-means on a rank-K SVD of the positive pointwise mutual information of their "
            "within-unit co-occurrence, estimated as in Arora et al. 2013; from a random start, "
            "variational Bayes on short units ends in poor local optima)")


def methods(ctx) -> list[str]:
    c = ctx.cite
    tp = ctx.config["topics"]
    model = ctx.json("model")
    search = model["search"]
    n_units = len(ctx.csv("topic_units"))
    sampled = ""
    if search["sampled"]:
        sampled = (f"The search ran on the "
                   f"{c.num(search['n_units'], 'model', 'search.n_units', fmt='{:,.0f}')} units of "
                   f"{c.num(search['n_docs'], 'model', 'search.n_docs', fmt='{:,.0f}')} documents "
                   f"drawn at random (seed {c.conf('topics.search_seed')}). ")
    folds = (f"{c.num(search['n_folds'], 'model', 'search.n_folds', fmt='{}')} folds of "
             + ("documents (a document's units share a fold)" if search["fold_mode"] == "document"
                else "units"))
    head = ("" if model["identified"] else f"{NOT_IDENTIFIED_MARK}: ")
    if model["identified"]:
        verdict = f"K = {c.num(model['k'], 'model', 'k', fmt='{}')} is identified"
    else:
        why = _why_not(ctx)
        why = why if why.startswith("K") else why[0].lower() + why[1:]
        verdict = (f"K is not identified ({why}), so the topic tables at "
                   f"K = {c.num(model['k'], 'model', 'k', fmt='{}')} are descriptive only")
    return [f"**Topics.** {head}Latent Dirichlet allocation (Blei, Ng & Jordan 2003; "
            f"{_engine_text(ctx)}) was fitted to the {tp['unit']} units of the roles "
            f"{', '.join(tp['roles'])} "
            f"({c.count(n_units, 'topic_units', 'segment_id', agg='count')} units) with "
            f"fixed priors that do not change with K (alpha = {c.conf('topics.alpha')} per "
            f"topic, eta = {c.conf('topics.eta')} per word). {sampled}For the one-topic "
            f"model (smoothed unigram) and every K in {c.conf('topics.k_grid')}, "
            f"{c.conf('topics.n_seeds')} replicates were fitted, replicate r with its own seed "
            f"on all but one of {folds}; the held-out fold's units were scored by document "
            f"completion (Wallach et al. 2009): {c.conf('topics.heldout_share')} of each "
            "unit's tokens were predicted from the others, with the posterior mean of the "
            "unit's topic mixture given the fitted topics from collapsed Gibbs sampling "
            f"({c.conf('topics.foldin_sweeps')} sweeps after {c.conf('topics.foldin_burn_in')}"
            "), the same computation for every engine and K. Per K: the held-out "
            "log-likelihood per token (mean over folds, standard error over folds) and its "
            "gain over the one-topic model on the same folds, semantic coherence (Mimno et "
            f"al. 2011) and exclusivity (stm; FREX weight {c.conf('topics.exclusivity_weight')}"
            f") of the top {c.conf('topics.coherence_topn')} words, and stability across the "
            "replicates: agreement of their top FREX words (Jaccard, Hungarian-matched) and of "
            "their unit assignments (adjusted Rand index, Hubert & Arabie 1985; chance level for a fit "
            "in which fewer than two topics hold "
            + c.conf("topics.min_partition_share", "{:.0%}") + " of the units each, since "
            "it divides nothing). Among the K "
            "not dominated in coherence and exclusivity (Roberts et al. 2014) the smallest "
            "K whose held-out log-likelihood is within one standard error (paired over "
            "folds) of the best was chosen. The same fits at that K on the corpus with its "
            "tokens permuted across units (same unit lengths and word frequencies; seed "
            f"{c.conf('topics.null_seed')}) give what structureless text yields. K counts as "
            f"identified when the {c.conf('topics.identify_level')} t interval of the gain (over "
            "folds) excludes zero, both stabilities exceed every pair of the null's fits, and K is "
            f"inside the grid: {verdict} ({_verdict_numbers(ctx)}). The final model was fitted "
            f"on all units with {c.conf('topics.final_seeds')} seeds aligned to the most "
            f"representative one. Prevalence by year and speaker: group means of the units' "
            f"mixtures with {c.conf('topics.conf_level')} intervals from "
            f"{c.conf('topics.n_boot')} replicates, each resampling documents within groups "
            "(cluster bootstrap) and drawing every unit's mixture from its posterior (method "
            f"of composition, {c.conf('topics.theta_draws')} draws per seed) and a seed; every "
            "pair of years and of speakers is reported, with the evidence level its documents "
            "allow and the caveat of its own comparison. NMF on TF-IDF at the same K served "
            "as a robustness check.", ""]
