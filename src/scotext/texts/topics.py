"""The topic section of the summary and the topic paragraph of the methods text."""

from __future__ import annotations

from scotext.texts.context import f as _f

REFERENCES = [
    "Blei, D. M., Ng, A. Y. & Jordan, M. I. (2003). Latent Dirichlet allocation. *Journal of "
    "Machine Learning Research*, 3, 993-1022.",
    "Röder, M., Both, A. & Hinneburg, A. (2015). Exploring the space of topic coherence "
    "measures. *WSDM '15*, 399-408.",
]


def summary(ctx) -> list[str]:
    model = ctx.json("model")
    nmf = ctx.csv("topic_nmf_agreement")
    stab = model["stability"]
    ks = sorted(ctx.csv("topic_model_selection")["k"].astype(int).unique())
    out = ["## Topics", "",
           f"- The chosen model has K = {model['k']} topics (seed {model['seed']}), among K in "
           f"{{{', '.join(str(k) for k in ks)}}} "
           "by the mean z-score of held-out likelihood, coherence, exclusivity and stability "
           "(`tables/topic_model_selection.csv`, figure `topics_model_selection`)."]
    for t, label in enumerate(model["labels"], start=1):
        cos = float(nmf.loc[nmf["topic"].astype(int) == t, "cosine"].iloc[0])
        flag = " (unstable across seeds)" if model["unstable"][t - 1] else ""
        out.append(f"  - Topic {t}: *{label}*; stability {_f(stab[t - 1])}{flag}; agreement "
                   f"with NMF {_f(cos)} (`tables/topic_terms.csv`, "
                   "`tables/topic_nmf_agreement.csv`).")
    diff = ctx.csv("topic_prevalence_differences")
    year_diff = diff[diff["group_var"] == "year"]
    if len(year_diff):
        big = year_diff.reindex(year_diff["estimate"].astype(float).abs().sort_values(
            ascending=False, kind="stable").index).iloc[0]
        out.append(f"- Largest change in topic prevalence between years: topic {int(big['topic'])} "
                   f"from {big['group_a']} to {big['group_b']}: {_f(big['estimate'])} "
                   f"[{_f(big['ci_low'])}, {_f(big['ci_high'])}] ({big['contrast_type']}; "
                   "`tables/topic_prevalence_differences.csv`, figure `topics_by_year`).")
    out += ["", ctx.legacy_caveat, ""]
    return out


def _engine_text(tp: dict, v: dict) -> str:
    if tp["engine"] == "tomotopy":
        return (f"tomotopy {v.get('tomotopy', '')}, collapsed Gibbs sampling, one worker, fixed "
                f"seeds, {tp['tomotopy']['iterations']} sweeps, topic-word counts averaged after "
                f"{tp['tomotopy']['burn_in']}")
    return (f"gensim {v['gensim']} LdaModel, online variational Bayes, single-threaded, fixed "
            f"seeds, {tp['gensim']['passes']} passes, {tp['gensim']['iterations']} iterations")


def _search_text(search: dict, n_units: int, tp: dict) -> str:
    if not search["sampled"]:
        return ""
    passes = (f", {tp['gensim']['final_passes']} passes" if tp["engine"] == "gensim" else
              f", {tp['tomotopy']['final_iterations']} sweeps")
    return (f"The search ran on the units of {search['n_docs']} documents drawn at random "
            f"(seed {tp['search_seed']}); the chosen K was then refitted on all {n_units} "
            f"units with {tp['final_seeds']} seeds{passes}. ")


def methods(ctx) -> list[str]:
    tp = ctx.config["topics"]
    v = ctx.provenance["packages"]
    model = ctx.json("model")
    search = model["search"]
    n_units = len(ctx.csv("topic_units"))
    return ["**Topics.** Latent Dirichlet allocation (Blei, Ng & Jordan 2003; "
            f"{_engine_text(tp, v)}) was fitted to {search['n_units']} "
            f"{tp['unit']} units (roles: {', '.join(tp['roles'])}) for K in "
            f"{{{', '.join(str(x) for x in tp['k_grid'])}}} with {tp['n_seeds']} seeds each. "
            f"{_search_text(search, n_units, tp)}Held-out log-likelihood "
            f"was computed by document completion ({tp['heldout_share']} of each unit's tokens "
            "held out), coherence as c_npmi and c_v (Röder, Both & Hinneburg 2015), exclusivity "
            "FREX-style, stability as the mean cosine of Hungarian-matched topics across seeds. "
            f"{model['reason'].split(' K=')[0]} The final model is "
            f"the most representative seed ({model['seed']}). Prevalence intervals come from "
            f"{tp['n_boot']} replicates of a bootstrap over documents within groups crossed with "
            "a random seed per replicate. NMF on TF-IDF (scikit-learn "
            f"{v['scikit-learn']}) at the same K served as a robustness check.", ""]
