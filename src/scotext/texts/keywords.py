"""The keyword section of the summary and the keyword paragraph of the methods text.

Every number goes through ``ctx.cite`` and names its table. Each finding leads with its effect
size and exact interval (Log Ratio [interval]), then the exact p and the BH q with the size of
its family, the evidence level of the contrast, what chance gives, and the contrast's own
caveat (read from the tables, never a corpus-wide sentence). The descriptive ranking by z is
labelled as a description, not a finding.
"""

from __future__ import annotations

REFERENCES = [
    "Benjamini, Y. & Hochberg, Y. (1995). Controlling the false discovery rate. *Journal of the "
    "Royal Statistical Society B*, 57(1), 289-300.",
    "Clopper, C. J. & Pearson, E. S. (1934). The use of confidence or fiducial limits "
    "illustrated in the case of the binomial. *Biometrika*, 26(4), 404-413.",
    "Denny, M. J. & Spirling, A. (2018). Text preprocessing for unsupervised learning: why it "
    "matters, when it misleads, and what to do about it. *Political Analysis*, 26(2), 168-189.",
    "Dunning, T. (1993). Accurate methods for the statistics of surprise and coincidence. "
    "*Computational Linguistics*, 19(1), 61-74.",
    "Evert, S. *corpora*: statistics and data sets for corpus frequency data. R package "
    "(``keyness(measure = \"LRC\")``, the conservative Log Ratio also used by CQPweb).",
    "Garwood, F. (1936). Fiducial limits for the Poisson distribution. *Biometrika*, 28, "
    "437-442.",
    "Gries, S. Th. (2008). Dispersions and adjusted frequencies in corpora. *International "
    "Journal of Corpus Linguistics*, 13(4), 403-437.",
    "Hardie, A. (2014). Log Ratio: an informal introduction. ESRC Centre for Corpus Approaches "
    "to Social Science (CASS).",
    "Lijffijt, J. & Gries, S. Th. (2012). Correction to Stefan Th. Gries' \"Dispersions and "
    "adjusted frequencies in corpora\". *International Journal of Corpus Linguistics*, 17(1), "
    "147-149.",
    "Monroe, B. L., Colaresi, M. P. & Quinn, K. M. (2008). Fightin' words: lexical feature "
    "selection and evaluation for identifying the content of political conflict. *Political "
    "Analysis*, 16(4), 372-403.",
]

K, SUM, PERM, TRACK = "keyness", "keyness_summary", "keyness_doc_permutation", "tracked_keywords"
SENS, SENS_F, PERIODS = "keyness_sensitivity", "keyness_sensitivity_frames", "keyword_periods"
MAX_LISTED = 10          # significant terms listed per contrast (the table has them all)
N_DESCRIBED = 3          # most distinctive terms per side, described


def _empty(value) -> bool:
    if isinstance(value, float):
        return value != value
    return value is None or (isinstance(value, str) and value.strip() == "")


def _num(c, value, table, column, where, fmt="{:.2f}"):
    """A cited number, or "n/a" for an empty cell (nothing to cite)."""
    return "n/a" if _empty(value) else c.num(value, table, column, where, fmt=fmt)


def _term(t: str) -> str:
    """A term as the tables write it (multi-word tokens joined by "_"), in backticks."""
    return f"`{t}`"


def _label(c, value, table, column, where) -> str:
    """A period label cited as text (labels such as years hold digits: citing them keeps
    every number on a line traceable)."""
    return c.num(value, table, column, where, fmt="{}")


def _permutation(c, perm, contrast: str, term: str) -> str:
    """The document-level permutation p of a term, where the table has it."""
    if perm is None:
        return ""
    hit = perm[(perm["contrast"] == contrast) & (perm["term"] == term)]
    if len(hit) != 1:
        return ""
    r = hit.iloc[0]
    w = {"contrast": contrast, "term": term}
    return (f"; document-level permutation p = {_num(c, r['p_perm'], PERM, 'p_perm', w, '{:.2g}')}"
            f" (`tables/keyness_doc_permutation.csv`)")


def _finding(c, r: dict, contrast: str, perm=None) -> str:
    """One term: effect and exact interval first, then p, q (with its family) and G2's q,
    and the document-level permutation p where there is one."""
    w = {"contrast": contrast, "term": r["term"]}
    side = _label(c, r["favours"], K, "favours", w)
    return (f"{_term(r['term'])} (more in {side}): Log Ratio "
            f"{_num(c, r['log_ratio'], K, 'log_ratio', w)} "
            f"[{_num(c, r['lr_low'], K, 'lr_low', w)}, {_num(c, r['lr_high'], K, 'lr_high', w)}]"
            f" (exact {c.conf('keywords.conf_level', '{:.0%}')} interval), exact p = "
            f"{_num(c, r['p_exact'], K, 'p_exact', w, '{:.2g}')}"
            f", BH q = {_num(c, r['q_exact'], K, 'q_exact', w, '{:.2g}')} over the "
            f"{_num(c, r['family_size'], K, 'family_size', w, '{:,.0f}')} "
            f"ranked terms (G²: q = {_num(c, r['q_g2'], K, 'q_g2', w, '{:.2g}')}), LRC "
            f"{_num(c, r['lrc'], K, 'lrc', w)} (`tables/keyness.csv`)"
            + _permutation(c, perm, contrast, r["term"]))


def _contrast(ctx, s: dict, k, alpha: float) -> list[str]:
    c = ctx.cite
    perm = ctx.csv(PERM) if ctx.has(PERM) else None
    name = s["contrast"]
    ws = {"contrast": name}
    head = (f"- **{_label(c, s['label_a'], SUM, 'label_a', ws)} vs "
            f"{_label(c, s['label_b'], SUM, 'label_b', ws)}** "
            f"({_num(c, s['n_docs_a'], SUM, 'n_docs_a', ws, '{:,.0f}')} vs "
            f"{_num(c, s['n_docs_b'], SUM, 'n_docs_b', ws, '{:,.0f}')} documents, "
            f"{_num(c, s['total_a'], SUM, 'total_a', ws, '{:,.0f}')} vs "
            f"{_num(c, s['total_b'], SUM, 'total_b', ws, '{:,.0f}')} tokens: "
            f"*{s['evidence']}*, the smallest attainable document-level p is "
            f"{_num(c, s['min_p_doc'], SUM, 'min_p_doc', ws, '{:.3g}')}; "
            f"`tables/keyness_summary.csv`, figure `keywords_keyness_{name}`)")
    out = [head]
    g = k[(k["contrast"] == name) & (k["ranked"].astype(str) == "True")]
    import pandas as pd

    q = pd.to_numeric(g["q_exact"], errors="coerce")      # empty for unranked terms
    sig = g[q < alpha]
    sig = sig.reindex(q[q < alpha].sort_values(kind="stable").index)
    for r in sig.head(MAX_LISTED).to_dict("records"):
        out.append("  - " + _finding(c, r, name, perm) + ".")
    if len(sig) > MAX_LISTED:
        out.append(f"  - ... and more with q < {c.conf('keywords.significance')}: "
                   f"{_num(c, s['q_exact_below'], SUM, 'q_exact_below', ws, '{:,.0f}')} in "
                   "all (`tables/keyness.csv`, `tables/keyness_summary.csv`).")
    out.append(f"  - q < {c.conf('keywords.significance')} by the exact test: "
               f"{_num(c, s['q_exact_below'], SUM, 'q_exact_below', ws, '{:,.0f}')} of "
               f"{_num(c, s['family_size'], SUM, 'family_size', ws, '{:,.0f}')} "
               "ranked terms (G²: "
               f"{_num(c, s['q_g2_below'], SUM, 'q_g2_below', ws, '{:,.0f}')}); exact p < "
               f"{c.conf('keywords.significance')}: "
               f"{_num(c, s['p_exact_below'], SUM, 'p_exact_below', ws, '{:,.0f}')} (G²: "
               f"{_num(c, s['p_g2_below'], SUM, 'p_g2_below', ws, '{:,.0f}')}), where chance "
               "alone gives about "
               f"{_num(c, s['chance_p_below'], SUM, 'chance_p_below', ws, '{:.1f}')}; key terms "
               "under the conservative Log Ratio (Bonferroni over "
               f"{_num(c, s['lrc_tests'], SUM, 'lrc_tests', ws, '{:,.0f}')} terms): "
               f"{_num(c, s['lrc_key_terms'], SUM, 'lrc_key_terms', ws, '{:,.0f}')} "
               "(`tables/keyness_summary.csv`).")
    parts = []
    for side in (s["label_a"], s["label_b"]):
        top = g[(g["favours"].astype(str) == str(side)) & (g["rank"].astype(int) > 0)]
        top = top.reindex(top["rank"].astype(int).sort_values(kind="stable").index)
        terms, label = [], ""
        for r in top.head(N_DESCRIBED).to_dict("records"):
            w = {"contrast": name, "term": r["term"]}
            label = label or _label(c, r["favours"], K, "favours", w)
            terms.append(f"{_term(r['term'])} (Log Ratio {_num(c, r['log_ratio'], K, 'log_ratio', w)} "
                         f"[{_num(c, r['lr_low'], K, 'lr_low', w)}, "
                         f"{_num(c, r['lr_high'], K, 'lr_high', w)}], p = "
                         f"{_num(c, r['p_exact'], K, 'p_exact', w, '{:.2g}')}, q = "
                         f"{_num(c, r['q_exact'], K, 'q_exact', w, '{:.2g}')})")
        if terms:
            parts.append(f"more in {label}: " + ", ".join(terms))
    if parts:
        out.append("  - Most distinctive by the z of the log-odds (a description of these "
                   "documents, not a test): " + "; ".join(parts) + " (`tables/keyness.csv`).")
    if ctx.has(SENS):
        sens = ctx.csv(SENS)
        sg = sens[sens["contrast"] == name]
        if len(sg):
            n_var = sg["variant"].nunique()
            ov = sg["overlap"].astype(float)

            def sens(value, column, agg, fmt):
                return c.num(value, SENS, column, ws, agg=agg, fmt=fmt)

            import pandas as pd

            # a variant that leaves a side no ranked term has no chance overlap (empty)
            chance = pd.to_numeric(sg["chance_overlap"], errors="coerce")
            line = ("  - Variants of the preprocessing and selection choices "
                    f"({sens(n_var, 'variant', 'nunique', '{:,.0f}')}): "
                    f"{sens(ov.min(), 'overlap', 'min', '{:.0f}')} to "
                    f"{sens(ov.max(), 'overlap', 'max', '{:.0f}')}"
                    f" of the top {c.conf('keywords.top_n')} terms of a side are those of the "
                    "main analysis (")
            line += ("a random draw from the ranked terms gives about "
                     f"{sens(float(chance.mean()), 'chance_overlap', 'mean', '{:.1f}')}; "
                     if chance.notna().any() else "no variant left a ranked term to draw from; ")
            out.append(line + "`tables/keyness_sensitivity.csv`, figure `keywords_sensitivity`).")
    out.append(f"  - Caveat: {c.num(s['caveat'], SUM, 'caveat', ws, fmt='{}')} "
               "(`tables/keyness_summary.csv`, `tables/keyword_confounds.csv`)")
    return out


def summary(ctx) -> list[str]:
    c = ctx.cite
    kw = ctx.config["keywords"]
    alpha = float(kw["significance"])
    out = ["## Keywords: what distinguishes the periods", "",
           "Per contrast of periods, for the terms ranked by the minimums of count and spread: "
           "the exact conditional binomial test of equal rates (primary p), Benjamini-Hochberg "
           "q over the ranked terms of the contrast, Log Ratio with its exact interval and the "
           "conservative Log Ratio (`tables/keyness.csv`). Token-level tests describe how "
           "clearly these texts differ; whether a contrast supports a claim about the periods "
           "is its evidence level.", ""]
    if ctx.has(PERIODS):
        per = ctx.csv(PERIODS)
        for r in per[per["analysable"].astype(str) != "True"].to_dict("records"):
            wp = {"period": r["period"]}
            line = (f"- Period {_label(c, r['period'], PERIODS, 'period', wp)}: "
                    f"{c.num(r['note'], PERIODS, 'note', wp, fmt='{}')}; skipped: ")
            line += (c.num(r["skipped_contrasts"], PERIODS, "skipped_contrasts", wp, fmt="{}")
                     if r["skipped_contrasts"] else "no contrast")
            out.append(line + " (`tables/keyword_periods.csv`).")
    summ = ctx.csv(SUM)
    k = ctx.csv(K)
    if not len(summ):
        out.append("- No contrast: the corpus has fewer than two periods with analysis tokens.")
    for s in summ.to_dict("records"):
        out += _contrast(ctx, s, k, alpha)
    if ctx.has(SENS_F):
        fr = ctx.csv(SENS_F)
        if len(fr):
            same = int(fr["same_sign"].astype(str).eq("True").sum())
            out.append(
                "- Frame contrasts between the speakers keep their sign in "
                f"{c.num(same, SENS_F, 'same_sign', {'same_sign': 'True'}, agg='count', fmt='{:,.0f}')}"
                f" of {c.num(len(fr), SENS_F, 'frame', agg='count', fmt='{:,.0f}')} cases under "
                "the variants that change the analysed text (the other version of duplicated "
                "segments, other roles; `tables/keyness_sensitivity_frames.csv`).")
    tracked = ctx.csv(TRACK)
    out += ["", "Tracked keyword groups, rate per ten thousand tokens with its "
            f"{c.conf('keywords.conf_level', '{:.0%}')} interval "
            "(the wider at each end of the exact Poisson interval and the cluster bootstrap "
            "over documents and paragraphs; `tables/tracked_keywords.csv`, figure "
            "`keywords_tracked`):", ""]
    for term, g in tracked.groupby("term", sort=True):
        cells = []
        for r in g.to_dict("records"):
            w = {"term": term, "period": r["period"]}
            cells.append(f"{_label(c, r['period'], TRACK, 'period', w)}: "
                         f"{_num(c, r['per_10k'], TRACK, 'per_10k', w, '{:.1f}')} "
                         f"[{_num(c, r['ci_low'], TRACK, 'ci_low', w, '{:.1f}')}, "
                         f"{_num(c, r['ci_high'], TRACK, 'ci_high', w, '{:.1f}')}]")
        out.append(f"- `{term}`: " + "; ".join(cells)
                   + " (`tables/tracked_keywords.csv`)")
    if len(tracked) and tracked["caveat"].iloc[0]:
        r0 = tracked.iloc[0]
        cav = c.num(r0["caveat"], TRACK, "caveat", {"term": r0["term"], "period": r0["period"]},
                    fmt="{}")
        out += ["", f"Caveat: {cav} (`tables/tracked_keywords.csv`)"]
    return out + [""]


def methods(ctx) -> list[str]:
    c = ctx.cite
    kw = ctx.config["keywords"]
    tok = ctx.config.get("tokens", {})
    lrc = ("Bonferroni-corrected over the ranked terms of the contrast, as CQPweb and the R "
           "package corpora apply it" if kw["lrc_bonferroni"] else
           "not corrected for the number of terms (keywords.lrc_bonferroni: false)")
    def boot():      # called where it is printed: the records follow the text
        if not kw["resample_segments"]:
            return "documents resampled within each period"
        return ("documents resampled within each period and, in periods of at most "
                f"{c.conf('keywords.resample_segments_max_docs')} documents, the paragraphs of "
                "every drawn document resampled too (two-stage)")
    stop = {"project": "the project's standard stop list (scikit-learn's English list without "
                       "its negation, stance and content words)",
            "sklearn": "scikit-learn's English stop list",
            "none": "no standard stop list"}.get(str(tok.get("standard_stopwords")),
                                                  str(tok.get("standard_stopwords")))
    variants = [str(v["name"]) for v in kw.get("sensitivity", {}).get("variants", [])]
    def sens():
        if not variants:
            return ""
        return (" The key terms were recomputed with the same code under variants of the "
                "preprocessing and selection choices (Denny & Spirling 2018): "
                + ", ".join(variants) + " (`config/config.yaml` keywords.sensitivity lists "
                "what each changes); for each contrast and side the overlap of the top "
                f"{c.conf('keywords.top_n')} terms with the main analysis is reported beside "
                "the overlap of a random draw from the ranked terms (hypergeometric), and, for "
                "the variants that change the analysed text, the signs of the speakers' frame "
                "differences.")
    return ["**Keywords.** The Secretaries-General's "
            f"{', '.join(kw['roles'])} segments (near-duplicates "
            f"{'included' if kw['include_duplicates'] else 'excluded'}; analysis tokens with "
            f"{stop} and the domain stop list removed) were compared between every pair of "
            "periods and each period against the rest. A term is ranked only with at least "
            f"{c.conf('keywords.min_count')} occurrences in at least "
            f"{c.conf('keywords.min_segments')} segments of the two sides; the ranked terms of a "
            "contrast are its family of tests. The primary test is the exact conditional "
            "binomial test of equal rates (given a term's occurrences on both sides, its count "
            "in A is binomial with the share of A's tokens), with "
            "Benjamini-Hochberg q values over the family (Benjamini & Hochberg 1995); Dunning's "
            "(1993) signed log-likelihood G² (no continuity correction) and its q over the same "
            "family are reported beside it. Effect sizes: Hardie's (2014) Log Ratio with its "
            f"exact two-sided {c.conf('keywords.conf_level', '{:.0%}')} interval (the "
            "conditional Clopper-Pearson (1934) interval of the rate ratio; unbounded on the "
            f"side of a zero count) and Evert's conservative Log Ratio, {lrc}; the log-odds "
            "ratio with an informative Dirichlet prior (Monroe, Colaresi & Quinn 2008; alpha0 = "
            f"{c.conf('keywords.alpha0')}, prior from the contrast's pooled text) ranks the "
            "terms of each side. Dispersion: Gries' (2008) DP, normalised (Lijffijt & Gries "
            "2012), and range over the documents and over the paragraphs of each side; the "
            "document DP is undefined (empty) for a one-document side. Rates per ten thousand "
            "tokens "
            f"carry the exact Poisson interval (Garwood 1936) and a cluster bootstrap ({boot()}; "
            f"{c.conf('keywords.n_boot', '{:,}')} replicates, seed {c.conf('keywords.seed')}); "
            "the interval reported is the wider of the two at each end, because the exact "
            "interval ignores that occurrences cluster in paragraphs and the bootstrap "
            "collapses for small and zero counts. The reported key terms were also tested by "
            f"permuting document labels ({c.conf('keywords.n_perm', '{:,}')} permutations or "
            "exact enumeration); a contrast whose smallest attainable document-level p exceeds "
            f"{c.conf('keywords.significance')} describes these documents only. Each contrast's "
            "confounds (speakers, genres, outlets, machine translation, length, documents) are "
            "computed from the documents table (`tables/keyword_confounds.csv`). A period "
            "without analysis tokens is reported in `tables/keyword_periods.csv` and its "
            "contrasts are skipped." + sens(), ""]
