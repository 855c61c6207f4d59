"""results/summary.md and results/methods.md, generated from the result tables and config.

Every number in these texts is read from a table of ``results/`` or from the configuration
(the references' years aside); nothing is typed in. ``tests/test_workflow_report.py``
regenerates both files from the tables and checks every number against its sources.
"""

from __future__ import annotations

import json
from pathlib import Path

REFERENCES = [
    "Benjamini, Y. & Hochberg, Y. (1995). Controlling the false discovery rate. *Journal of the "
    "Royal Statistical Society B*, 57(1), 289-300.",
    "Blei, D. M., Ng, A. Y. & Jordan, M. I. (2003). Latent Dirichlet allocation. *Journal of "
    "Machine Learning Research*, 3, 993-1022.",
    "Boydstun, A. E., Card, D., Gross, J. H., Resnik, P. & Smith, N. A. (2014). Tracking the "
    "development of media frames within and across policy issues. APSA Annual Meeting.",
    "Dunning, T. (1993). Accurate methods for the statistics of surprise and coincidence. "
    "*Computational Linguistics*, 19(1), 61-74.",
    "Gries, S. Th. (2008). Dispersions and adjusted frequencies in corpora. *International "
    "Journal of Corpus Linguistics*, 13(4), 403-437.",
    "Hardie, A. (2014). Log Ratio: an informal introduction. ESRC Centre for Corpus Approaches "
    "to Social Science (CASS).",
    "Mölder, F., Jablonski, K. P., Letcher, B., et al. (2021). Sustainable data analysis with "
    "Snakemake. *F1000Research*, 10, 33.",
    "Monroe, B. L., Colaresi, M. P. & Quinn, K. M. (2008). Fightin' words: lexical feature "
    "selection and evaluation for identifying the content of political conflict. *Political "
    "Analysis*, 16(4), 372-403.",
    "Röder, M., Both, A. & Hinneburg, A. (2015). Exploring the space of topic coherence "
    "measures. *WSDM '15*, 399-408.",
]


def _csv(path):
    import pandas as pd

    return pd.read_csv(path, keep_default_na=False)


def _num(x):
    """A table cell as a float, or None when empty or not a number."""
    try:
        v = float(x)
    except (TypeError, ValueError):
        return None
    return None if v != v else v


def _f(x, d=2) -> str:
    v = _num(x)
    return "n/a" if v is None else f"{v:.{d}f}"


def _pct(x) -> str:
    v = _num(x)
    return "n/a" if v is None else f"{v * 100:.0f}%"


def _caveat(tables: dict) -> str:
    prev = _csv(tables["topic_prevalence"])
    notes = [c for c in prev["caveat"].unique() if c]
    return notes[0] if notes else ""


def summary_md(tables: dict, config: dict) -> str:
    """Key findings, each pointing to its table or figure, with its caveat."""
    docs = _csv(tables["documents"])
    seg = _csv(tables["segments"])
    kw = config["keywords"]
    caveat = _caveat(tables)
    out = ["# Key findings", "",
           "Generated from the result tables by the workflow; every number below is read "
           "from the table named beside it.", ""]

    # -- corpus
    years = sorted(docs["year"].astype(int).unique())
    speakers = sorted(docs["speaker"].unique())
    n_dup = int(seg["is_duplicate"].astype(str).eq("True").sum())
    out += ["## Corpus", "",
            f"- {len(docs)} documents ({', '.join(str(y) for y in years)}), "
            f"{len(seg)} paragraph segments, {int(seg['n_tokens'].sum())} analysis tokens; "
            f"officials: {', '.join(speakers)} (`corpus/documents.csv`, "
            f"`tables/corpus_summary.csv`, figure `corpus_overview`).",
            f"- {n_dup} segments are near-duplicates of a fuller version of the same event and "
            "are left out of the analyses (`tables/duplicates.csv`).",
            "- Question turns per document: " + ", ".join(
                f"{d} {int(q)}" for d, q in zip(docs["doc_id"], docs["n_question_turns"]))
            + " (`corpus/documents.csv`).", ""]

    # -- topics
    model = json.loads(Path(tables["model"]).read_text())
    nmf = _csv(tables["topic_nmf_agreement"])
    stab = model["stability"]
    out += ["## Topics", "",
            f"- The chosen model has K = {model['k']} topics (seed {model['seed']}), among K in "
            f"{{{', '.join(str(k) for k in sorted(_csv(tables['topic_model_selection'])['k'].unique()))}}} "
            "by the mean z-score of held-out likelihood, coherence, exclusivity and stability "
            "(`tables/topic_model_selection.csv`, figure `topics_model_selection`)."]
    for t, label in enumerate(model["labels"], start=1):
        cos = float(nmf.loc[nmf["topic"] == t, "cosine"].iloc[0])
        flag = " (unstable across seeds)" if model["unstable"][t - 1] else ""
        out.append(f"  - Topic {t}: *{label}*; stability {_f(stab[t - 1])}{flag}; agreement "
                   f"with NMF {_f(cos)} (`tables/topic_terms.csv`, "
                   "`tables/topic_nmf_agreement.csv`).")
    diff = _csv(tables["topic_prevalence_differences"])
    year_diff = diff[diff["group_var"] == "year"]
    if len(year_diff):
        big = year_diff.reindex(year_diff["estimate"].abs().sort_values(
            ascending=False, kind="stable").index).iloc[0]
        out.append(f"- Largest change in topic prevalence between years: topic {int(big['topic'])} "
                   f"from {big['group_a']} to {big['group_b']}: {_f(big['estimate'])} "
                   f"[{_f(big['ci_low'])}, {_f(big['ci_high'])}] ({big['contrast_type']}; "
                   "`tables/topic_prevalence_differences.csv`, figure `topics_by_year`).")
    out += ["", caveat, ""]

    # -- keywords
    k = _csv(tables["keyness"])
    perm = _csv(tables["keyness_doc_permutation"])
    out += ["## Keyword shifts between years", ""]
    for contrast in [c for c in k["contrast"].unique() if not c.endswith("_vs_rest")]:
        g = k[(k["contrast"] == contrast) & (k["ranked"].astype(str) == "True")]
        a, b = contrast.split("_vs_")
        parts = []
        for side, label in ((g[g["z_log_odds"] > 0], a), (g[g["z_log_odds"] < 0], b)):
            top = side.reindex(side["z_log_odds"].abs().sort_values(
                ascending=False, kind="stable").index).head(3)
            terms = ", ".join(f"*{r.term.replace('_', ' ')}* (LR {_f(r.log_ratio)}, "
                              f"z {_f(r.z_log_odds)}, q {_f(r.q_bh, 3)})"
                              for r in top.itertuples())
            parts.append(f"more in {label}: {terms}")
        n_sig = int((g["q_bh"].astype(float) < kw["significance"]).sum())
        min_p = perm.loc[perm["contrast"] == contrast, "min_p"]
        min_p_txt = (f"; at the document level the smallest attainable p is {_f(min_p.iloc[0], 3)}"
                     if len(min_p) else "")
        out.append(f"- {a} vs {b}: " + "; ".join(parts) + f". {n_sig} of {len(g)} ranked "
                   f"terms have q < {kw['significance']}{min_p_txt} (`tables/keyness.csv`, "
                   f"`tables/keyness_doc_permutation.csv`, figure `keywords_keyness_{contrast}`).")
    tracked = _csv(tables["tracked_keywords"])
    out += ["", "Tracked keyword groups, rate per 10,000 tokens with "
            f"{_pct(kw['conf_level'])} bootstrap interval (`tables/tracked_keywords.csv`, "
            "figure `keywords_tracked`):", ""]
    for term, g in tracked.groupby("term", sort=True):
        cells = "; ".join(f"{r.period}: {_f(r.per_10k, 1)} [{_f(r.ci_low, 1)}, "
                          f"{_f(r.ci_high, 1)}]" for r in g.itertuples())
        out.append(f"- {term.replace('_', ' ')}: {cells}")
    out += ["", caveat, ""]

    # -- framing (when the stage has run)
    if "frame_contrasts" in tables:
        out += framing_summary(tables, caveat)
    return "\n".join(line for line in out) .replace("\n\n\n", "\n\n") + "\n"


def framing_summary(tables: dict, caveat: str) -> list[str]:
    """Frame differences between speakers and between questions and answers."""
    con = _csv(tables["frame_contrasts"])
    out = ["## Frames", ""]
    if len(con):
        est = con["difference"].astype(float)
        top = con.reindex(est.abs().sort_values(ascending=False, kind="stable").index).head(3)
        for r in top.itertuples():
            out.append(f"- {r.frame}: share of answer paragraphs with the frame, "
                       f"{r.speaker_a} {_f(r.share_a)} vs {r.speaker_b} {_f(r.share_b)}, "
                       f"difference {_f(r.difference)} [{_f(r.ci_low)}, {_f(r.ci_high)}]; "
                       f"document-level permutation p {_f(r.p_doc)} (smallest attainable "
                       f"{_f(r.min_p_doc)}), segment-level q {_f(r.q_segment, 3)} "
                       "(`tables/frame_contrasts.csv`, figure `framing_by_speaker`).")
    if "frame_transition_rates" in tables:
        rates = _csv(tables["frame_transition_rates"])
        for r in rates[rates["group_var"] == "speaker"].itertuples():
            out.append(f"- {r.group}: of the frames a question raised, {_pct(r.adoption_rate)} "
                       f"reappear in the answer; {_pct(r.shift_rate)} of answers introduce a "
                       "frame the question did not raise (within-interview, free of the "
                       "speaker/year confound; `tables/frame_transitions.csv`, figure "
                       "`framing_transitions`).")
    out += ["", caveat, ""]
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


def methods_md(tables: dict, config: dict, provenance_path) -> str:
    """A paragraph per stage with the actual parameters, counts and versions; references."""
    prov = json.loads(Path(provenance_path).read_text())
    docs = _csv(tables["documents"])
    seg = _csv(tables["segments"])
    model = json.loads(Path(tables["model"]).read_text())
    audit = _csv(tables["cleaning_audit"])
    c, kw, tp, dd = config["cleaning"], config["keywords"], config["topics"], config["dedup"]
    v = prov["packages"]
    n_units = len(_csv(tables["topic_units"]))
    search = model["search"]
    out = ["# Methods", "",
           "Generated by the workflow from its configuration and result tables; adapt freely.",
           "",
           "**Corpus.** The corpus holds "
           f"{len(docs)} documents ({int(docs['n_segments'].sum())} paragraph segments). Raw "
           "texts were verified against their recorded SHA-256 and decoded (UTF-8 with or "
           "without byte-order mark, CRLF, Windows-1252 and HTML are read to the same text). "
           f"Web page furniture was removed by the rules of `{c['furniture']}` "
           f"({int(audit['furniture_chars_removed'].sum())} characters); words glued where a "
           "scrape lost a space were split with SymSpell's probabilistic word segmentation "
           f"(symspellpy {prov['packages']['symspellpy']}) and its English frequency lexicon, "
           "only after a function word "
           f"({int(audit['glued_tokens_split'].sum())} tokens split). Paragraphs were grouped "
           "into speaker turns from the documents' structure (question/answer markers, dash-led "
           "dialogue, speaker labels, numbered items, plain-paragraph questions, reported "
           "speech in news items). Near-duplicate segments across documents were flagged when "
           f"their word {dd['shingle_size']}-shingle containment reached {dd['threshold']} "
           f"between documents sharing at least {dd['min_doc_share']} of their segments "
           f"({int(seg['is_duplicate'].astype(str).eq('True').sum())} segments), keeping the "
           "fuller document's copy. Analysis tokens are lower-cased, mapped to "
           f"{c['spelling_direction']} spelling, lemmatised (simplemma {v['simplemma']}), with "
           "multi-word expressions joined and English and domain stopwords removed.", "",
           "**Keywords.** The Secretaries-General's "
           f"{' and '.join(kw['roles'])} segments were compared between every pair of years and "
           "each year against the rest. For every term we report the signed log-likelihood G2 "
           "(Dunning 1993; no continuity correction) with Benjamini-Hochberg q values (Benjamini "
           "& Hochberg 1995), Log Ratio (Hardie 2014) and Evert's conservative Log Ratio at "
           f"{kw['conf_level']}, the log-odds ratio with an informative Dirichlet prior "
           f"(Monroe, Colaresi & Quinn 2008; alpha0 = {kw['alpha0']}, prior from the contrast's "
           "pooled text, variance 1/(y_a + alpha_w) + 1/(y_b + alpha_w)), and Gries' (2008) DP, "
           f"normalised. Terms are ranked only with at least {kw['min_count']} occurrences in "
           f"at least {kw['min_segments']} segments. Rates carry percentile intervals from "
           f"{kw['n_boot']} bootstrap replicates resampling segments within documents (seed "
           f"{kw['seed']}); the reported key terms were also tested by permuting document "
           f"labels ({kw['n_perm']} permutations or exact enumeration).", "",
           "**Topics.** Latent Dirichlet allocation (Blei, Ng & Jordan 2003; "
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
    if "frame_salience" in tables:
        fr = config.get("framing", {})
        out += ["**Framing.** A frame codebook derived from the Policy Frames Codebook "
                "(Boydstun et al. 2014) was matched on lemmas; frame salience by speaker, role "
                "and year carries intervals from a bootstrap clustered by document"
                + (f" ({fr['n_boot']} replicates)" if "n_boot" in fr else "") + ".", ""]
    out += [f"**Software.** Python {prov['python']}, Snakemake {v['snakemake']} (Mölder et al. "
            f"2021), pandas {v['pandas']}, NumPy {v['numpy']}, SciPy {v['scipy']}, scikit-learn "
            f"{v['scikit-learn']}, gensim {v['gensim']}, matplotlib {v['matplotlib']}; workflow "
            f"commit {prov['workflow']['commit']}.", "", "## References", ""]
    out += [f"- {r}" for r in REFERENCES]
    return "\n".join(out) + "\n"
