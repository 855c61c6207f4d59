"""The keyword section of the summary and the keyword paragraph of the methods text."""

from __future__ import annotations

from scotext.texts.context import f as _f, pct as _pct

REFERENCES = [
    "Benjamini, Y. & Hochberg, Y. (1995). Controlling the false discovery rate. *Journal of the "
    "Royal Statistical Society B*, 57(1), 289-300.",
    "Dunning, T. (1993). Accurate methods for the statistics of surprise and coincidence. "
    "*Computational Linguistics*, 19(1), 61-74.",
    "Gries, S. Th. (2008). Dispersions and adjusted frequencies in corpora. *International "
    "Journal of Corpus Linguistics*, 13(4), 403-437.",
    "Hardie, A. (2014). Log Ratio: an informal introduction. ESRC Centre for Corpus Approaches "
    "to Social Science (CASS).",
    "Monroe, B. L., Colaresi, M. P. & Quinn, K. M. (2008). Fightin' words: lexical feature "
    "selection and evaluation for identifying the content of political conflict. *Political "
    "Analysis*, 16(4), 372-403.",
]


def summary(ctx) -> list[str]:
    kw = ctx.config["keywords"]
    k = ctx.csv("keyness")
    perm = ctx.csv("keyness_doc_permutation")
    out = ["## Keyword shifts between years", ""]
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
    tracked = ctx.csv("tracked_keywords")
    out += ["", "Tracked keyword groups, rate per 10,000 tokens with "
            f"{_pct(kw['conf_level'])} bootstrap interval (`tables/tracked_keywords.csv`, "
            "figure `keywords_tracked`):", ""]
    for term, g in tracked.groupby("term", sort=True):
        cells = "; ".join(f"{r.period}: {_f(r.per_10k, 1)} [{_f(r.ci_low, 1)}, "
                          f"{_f(r.ci_high, 1)}]" for r in g.itertuples())
        out.append(f"- {term.replace('_', ' ')}: {cells}")
    out += ["", ctx.legacy_caveat, ""]
    return out


def methods(ctx) -> list[str]:
    kw = ctx.config["keywords"]
    return ["**Keywords.** The Secretaries-General's "
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
            f"labels ({kw['n_perm']} permutations or exact enumeration).", ""]
