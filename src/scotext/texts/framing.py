"""The framing section of the summary and the framing paragraph of the methods text.

Every number goes through ``ctx.cite`` and names its table; every finding leads with its
effect and interval, says what the null (re-paired questions) gives, and carries the
evidence level and the caveat of its own comparison, read from the tables.
"""

from __future__ import annotations

REFERENCES = [
    "Boydstun, A. E., Card, D., Gross, J. H., Resnik, P. & Smith, N. A. (2014). Tracking the "
    "development of media frames within and across policy issues. APSA Annual Meeting.",
    "Cameron, A. C. & Miller, D. L. (2015). A practitioner's guide to cluster-robust "
    "inference. *Journal of Human Resources*, 50(2), 317-372.",
    "Clopper, C. J. & Pearson, E. S. (1934). The use of confidence or fiducial limits "
    "illustrated in the case of the binomial. *Biometrika*, 26(4), 404-413.",
    "Davison, A. C. & Hinkley, D. V. (1997). *Bootstrap Methods and their Application*. "
    "Cambridge University Press.",
    "Phipson, B. & Smyth, G. K. (2010). Permutation p-values should never be zero. "
    "*Statistical Applications in Genetics and Molecular Biology*, 9(1), 39.",
]

ADJ = "frame_adjusted_contrasts"
CON = "frame_contrasts"
RATES = "frame_transition_rates"
LIFT = "frame_adoption_lift"
SCOPE_NAMES = {"answer": "whole answer", "first_paragraph": "first answer paragraph"}
OR_ADJ = ("odds_ratio_adjusted", "or_adj_ci_low", "or_adj_ci_high")
RR = ("rate_ratio", "rr_ci_low", "rr_ci_high")
ADOPTION = ("adoption_rate", "adoption_ci_low", "adoption_ci_high")
ADOPTION_NULL = ("adoption_null_mean", "adoption_null_low", "adoption_null_high")
SHIFT = ("shift_rate", "shift_ci_low", "shift_ci_high")
SHIFT_NULL = ("shift_null_mean", "shift_null_low", "shift_null_high")


def _empty(value) -> bool:
    if isinstance(value, float):
        return value != value
    return value is None or (isinstance(value, str) and value.strip() == "")


def _num(c, value, table, column, where, fmt="{:.2f}"):
    """A cited number, or "n/a" for an empty cell (not a number, nothing to cite)."""
    return "n/a" if _empty(value) else c.num(value, table, column, where, fmt=fmt)


def _pct(c, value, table, column, where):
    return "n/a" if _empty(value) else c.pct(value, table, column, where)


def _interval(c, row: dict, table, est, lo, hi, where, fmt="{:.2f}"):
    """"estimate [low, high]", each number cited (``row``: a table row as a dict)."""
    return (f"{_num(c, row[est], table, est, where, fmt)} "
            f"[{_num(c, row[lo], table, lo, where, fmt)}, "
            f"{_num(c, row[hi], table, hi, where, fmt)}]")


def _text(c, value, table, column, where) -> str:
    """A text cell printed as it is and recorded (so that its digits are cited)."""
    return "" if _empty(value) else c.num(value, table, column, where, fmt="{}")


def _adjusted_section(ctx) -> list[str]:
    c = ctx.cite
    adj = ctx.csv(ADJ)
    src = "`tables/frame_adjusted_contrasts.csv`"
    if not len(adj):
        return [f"- No speaker or year comparison: the compared roles hold one speaker and one "
                f"year ({src}).", ""]
    level = c.conf("framing.conf_level", "{:.0%}")
    out = [f"Frames between speakers and between years, adjusted for paragraph length ({src}, "
           "figure `framing_adjusted`). Per frame, side A against side B: the odds ratio of "
           "the frame's presence in a paragraph adjusted for log paragraph length with its "
           f"{level} interval, then the raw odds ratio (shares only) and the ratio of hits "
           "per word (a count model with offset log words) with its interval. A ratio above "
           "one favours side A; zero or ∞: the frame is absent on one side.", ""]
    for comp, g in adj.groupby("comparison", sort=False):
        r0 = g.iloc[0]
        w0 = {"comparison": comp, "frame": r0["frame"]}
        cells = []
        for r in g.to_dict("records"):
            w = {"comparison": comp, "frame": r["frame"]}
            cells.append(f"{r['frame']} {_interval(c, r, ADJ, *OR_ADJ, w)} (raw "
                         f"{_num(c, r['odds_ratio_raw'], ADJ, 'odds_ratio_raw', w)}; hits per "
                         f"word {_interval(c, r, ADJ, *RR, w)})")
        out += [f"- **{r0['label_a']} vs {r0['label_b']}** ({r0['kind']}; "
                f"{_num(c, r0['n_docs_a'], ADJ, 'n_docs_a', w0, '{:,.0f}')} vs "
                f"{_num(c, r0['n_docs_b'], ADJ, 'n_docs_b', w0, '{:,.0f}')} documents; "
                f"evidence: {r0['evidence']}, the smallest attainable document-level p is "
                f"{_num(c, r0['min_p_doc'], ADJ, 'min_p_doc', w0, '{:.3g}')}; intervals: "
                f"{r0['interval_method']}): " + "; ".join(cells) + f" ({src}).",
                f"  Caveat ({src}): {_text(c, r0['caveat'], ADJ, 'caveat', w0)}"]
    return out + [""]


def _contrast_section(ctx) -> list[str]:
    if not ctx.has(CON):
        return []
    c = ctx.cite
    con = ctx.csv(CON)
    out = []
    for (a, b), g in con.groupby(["speaker_a", "speaker_b"], sort=False):
        r = g.iloc[0]
        w = {"speaker_a": a, "speaker_b": b, "frame": r["frame"]}
        out.append(f"- Share differences between {a} and {b} (`tables/frame_contrasts.csv`, "
                   "figure `framing_by_speaker`): the document-level permutation test over "
                   f"{_num(c, r['n_docs_a'], CON, 'n_docs_a', w, '{:,.0f}')} vs "
                   f"{_num(c, r['n_docs_b'], CON, 'n_docs_b', w, '{:,.0f}')} documents can "
                   f"reach p = {_num(c, r['min_p_doc'], CON, 'min_p_doc', w, '{:.3g}')} at "
                   f"best ({r['evidence']}); the paragraph-level p beside it treats "
                   "paragraphs as independent and describes these texts only.")
    return out + [""]


def _transition_section(ctx) -> list[str]:
    if not ctx.has(RATES):
        return []
    c = ctx.cite
    rates = ctx.csv(RATES)
    alpha = float(ctx.config["framing"]["alpha"])
    head = rates[(rates["scope"] == "answer") & (rates["group"] == "all")]
    draws = (_num(c, head.iloc[0]["n_null_draws"], RATES, "n_null_draws",
                  {"scope": "answer", "group": "all"}, "{:,.0f}") if len(head) else "n/a")
    out = ["Questions and answers: each answer against its own question and against the "
           "questions of the same interview re-paired at random "
           f"({draws} draws; null mean and {c.conf('framing.conf_level', '{:.0%}')} range of "
           "the draws; `tables/frame_transition_rates.csv`, figure `framing_transitions`). "
           "Within-interview, so the speaker/year confound between documents does not enter; "
           "the exact intervals treat question frames and pairs as independent, so they "
           "describe these interviews.", ""]
    for scope in ("answer", "first_paragraph"):
        sub = rates[(rates["scope"] == scope) & (rates["group"] == "all")]
        if not len(sub):
            continue
        r = sub.iloc[0].to_dict()
        rr = r
        w = {"scope": scope, "group": "all"}
        shift_p = float(r["shift_p"]) if not _empty(r["shift_p"]) else float("nan")
        verdict = ("no different from re-paired questions: by itself it carries no "
                   "information" if shift_p >= alpha else
                   ("below" if float(r["shift_rate"]) < float(r["shift_null_mean"]) else
                    "above") + " the re-paired null")
        out.append(
            f"- {SCOPE_NAMES[scope].capitalize()}, "
            f"{_num(c, r['n_pairs'], RATES, 'n_pairs', w, '{:,.0f}')} pairs in "
            f"{_num(c, r['n_interviews'], RATES, 'n_interviews', w, '{:,.0f}')} interviews. "
            f"Adoption: {_interval(c, rr, RATES, *ADOPTION, w)}"
            " of the frames a question raised reappear in its answer, against "
            f"{_interval(c, rr, RATES, *ADOPTION_NULL, w)}"
            f" with re-paired questions (one-sided p = "
            f"{_num(c, r['adoption_p'], RATES, 'adoption_p', w, '{:.2g}')}). Shift: "
            f"{_interval(c, rr, RATES, *SHIFT, w)} of "
            "answers introduce a frame the question did not raise, against "
            f"{_interval(c, rr, RATES, *SHIFT_NULL, w)}"
            f" (two-sided p = {_num(c, r['shift_p'], RATES, 'shift_p', w, '{:.2g}')}): "
            f"{verdict} (`tables/frame_transition_rates.csv`).")
    per = rates[(rates["group_var"] == "speaker") & (rates["scope"] == "answer")]
    if len(per):
        bits = []
        for r in per.to_dict("records"):
            w = {"scope": "answer", "group": r["group"]}
            null = _num(c, r["adoption_null_mean"], RATES, "adoption_null_mean", w)
            bits.append(f"{r['group']} "
                        f"{_num(c, r['adoption_rate'], RATES, 'adoption_rate', w)} "
                        f"(null {null}, "
                        f"p = {_num(c, r['adoption_p'], RATES, 'adoption_p', w, '{:.2g}')}; "
                        f"{_num(c, r['n_pairs'], RATES, 'n_pairs', w, '{:,.0f}')} pairs)")
        out.append("- Adoption by official (whole answer; comparing officials compares their "
                   "documents again): " + "; ".join(bits)
                   + " (`tables/frame_transition_rates.csv`).")
    out.append("")
    if ctx.has(LIFT):
        out += _lift_section(ctx)
    return out


def _lift_section(ctx) -> list[str]:
    c = ctx.cite
    lift = ctx.csv(LIFT)
    if not len(lift):
        return []
    src = "`tables/frame_adoption_lift.csv`"
    r0 = lift.iloc[0]
    w0 = {"scope": r0["scope"], "frame": r0["frame"]}
    out = ["- Adoption lift per frame, P(frame in answer | in question) / P(frame in answer | "
           "not in question), with a two-stage bootstrap interval (interviews, then pairs), "
           "beside its mean under the re-paired null (an interview that keeps to one subject "
           "lifts it above one even when answers ignore their questions) and the one-sided "
           "p against that null with Benjamini-Hochberg q over the "
           f"{_num(c, r0['family_size'], LIFT, 'family_size', w0, '{:,.0f}')} frames with a "
           f"defined lift per scope ({src}):"]
    for scope, g in lift.groupby("scope", sort=False):
        cells = []
        for r in g.to_dict("records"):
            if _empty(r["lift"]):
                continue
            w = {"scope": r["scope"], "frame": r["frame"]}
            cells.append(f"{r['frame']} {_interval(c, r, LIFT, 'lift', 'ci_low', 'ci_high', w)} "
                         f"(null {_num(c, r['null_mean'], LIFT, 'null_mean', w)}, p = "
                         f"{_num(c, r['p'], LIFT, 'p', w, '{:.2g}')}, q = "
                         f"{_num(c, r['q_bh'], LIFT, 'q_bh', w, '{:.2g}')})")
        undefined = [r["frame"] for r in g.to_dict("records") if _empty(r["lift"])]
        tail = (f"; no lift for {', '.join(undefined)} (no question, or every question, "
                "raised it)" if undefined else "")
        out.append(f"  - {SCOPE_NAMES.get(scope, scope).capitalize()}: " + "; ".join(cells)
                   + tail + f" ({src}).")
    return out + [""]


def summary(ctx) -> list[str]:
    if not ctx.has(ADJ) and not ctx.has(RATES):
        return []
    out = ["## Frames", ""]
    if ctx.has(ADJ):
        out += _adjusted_section(ctx)
    out += _contrast_section(ctx)
    out += _transition_section(ctx)
    return out


def methods(ctx) -> list[str]:
    if not ctx.has("frame_salience"):
        return []
    c = ctx.cite
    fr = ctx.config["framing"]
    two = bool(fr.get("resample_segments"))
    draws = c.conf("framing.n_repair", "{:,}")
    if ctx.has(RATES):
        rates = ctx.csv(RATES)
        head = rates[(rates["scope"] == "answer") & (rates["group"] == "all")]
        if len(head):
            draws = _num(c, head.iloc[0]["n_null_draws"], RATES, "n_null_draws",
                         {"scope": "answer", "group": "all"}, "{:,.0f}")
    boot = (f"a two-stage cluster bootstrap ({c.conf('framing.n_boot', '{:,}')} replicates, "
            f"seed {c.conf('framing.seed')}): documents resampled with replacement within "
            "each group, then paragraphs with replacement within each drawn document, the "
            "second stage in groups of at most "
            f"{c.conf('framing.resample_segments_max_docs')} documents (larger groups: "
            "documents only); a group with one document thus gets an interval from the "
            "variation between its paragraphs, which describes that document"
            if two else
            f"a cluster bootstrap over documents within groups "
            f"({c.conf('framing.n_boot', '{:,}')} replicates, seed {c.conf('framing.seed')}); "
            "a group with one document gets no interval width")
    parts = [
        "**Framing.** A codebook of frames derived from the Policy Frames Codebook "
        f"(Boydstun et al. 2014; `{c.conf('framing.codebook')}`) was matched on the lemmas of "
        "the cleaned text; a frame is present in a paragraph with at least "
        f"{c.conf('framing.min_hits')} match(es). Salience by speaker, role and year is the "
        "share of paragraphs with the frame and its hits per thousand words (a ratio of sums), "
        f"each with a percentile interval (level {c.conf('framing.conf_level')}) from {boot} "
        "(Davison & Hinkley 1997).",
        "Between the two officials, share differences carry a document-level permutation p "
        "(speaker labels permuted among the documents, exact enumeration when there are at "
        f"most {c.conf('framing.n_perm', '{:,}')} assignments) with its smallest attainable "
        "value, and a secondary paragraph-level p; Benjamini-Hochberg q values are computed "
        "over the frames of a speaker pair (one family per pair and level). "
        "Because a longer paragraph has more room for a frame, every pair of speakers and "
        "every pair of years is also compared with two length-aware effects: the ratio of "
        "hits per word (the maximum-likelihood estimate of a Poisson model of hits with "
        "offset log words) and the odds ratio of presence from a logistic model with log "
        "paragraph length as covariate (Newton-Raphson), beside the raw odds ratio. With at "
        f"least {c.conf('framing.robust_min_docs')} documents on both sides their intervals "
        "are Wald intervals with cluster-robust (CR1) standard errors over documents (Cameron "
        "& Miller 2015); with fewer, percentile intervals from the same "
        f"{'two-stage ' if two else ''}cluster bootstrap, refitting the models on every "
        "replicate. Each comparison states its evidence level: a document-level test is "
        "possible only when the smallest p a document-label permutation can reach is at most "
        f"{c.conf('framing.alpha')}; otherwise the comparison describes these documents. Its "
        "caveat (speakers, years, genres, outlets, machine translation and length of the two "
        "sides) is computed from the documents table (`tables/framing_confounds.csv`).",
        "Each question turn was paired with the answer that follows it in the same interview. "
        "Adoption (question frames that recur in the answer) and shift (answers introducing "
        "a frame the question did not raise), over the whole answer and over its first "
        "paragraph, carry exact Clopper-Pearson intervals (Clopper & Pearson 1934) and are "
        "compared with a null in which the answers are re-paired at random with the "
        f"questions of their own interview ({draws} uniform "
        "permutations within every interview, seed "
        f"{c.conf('framing.seed')}); the p-value counts the observed pairing among the draws "
        "(Phipson & Smyth 2010), one-sided for adoption, two-sided for shift. The adoption lift per frame "
        "(P(frame in answer | in question) / P(frame in answer | not in question)) has a "
        "two-stage bootstrap interval over interviews and pairs and the same null; its "
        "Benjamini-Hochberg q values are computed over the frames with a defined lift, one "
        "family per scope (whole answer, first paragraph).",
        "The dictionary was validated against a sample of answer paragraphs coded for every "
        "frame by two coders that are independent instances of an AI language-model "
        "assistant, not humans, given the frames' definitions but not the patterns "
        "(`data/validation/README.md`); their agreement says little about human agreement, "
        "and precision and recall measure the dictionary against a machine reading of the "
        "codebook. A dictionary-seeded topic model (gensim LDA with one topic per frame seeded "
        "through its prior) is a robustness check."]
    # one paragraph per part: salience; comparisons; questions and answers; validation
    out = []
    for part in parts:
        out += [part, ""]
    return out
