"""The framing section of the summary and the framing paragraph of the methods text."""

from __future__ import annotations

from scotext.texts.context import f as _f, pct as _pct

REFERENCES = [
    "Boydstun, A. E., Card, D., Gross, J. H., Resnik, P. & Smith, N. A. (2014). Tracking the "
    "development of media frames within and across policy issues. APSA Annual Meeting.",
]


def summary(ctx) -> list[str]:
    if not ctx.has("frame_contrasts"):
        return []
    con = ctx.csv("frame_contrasts")
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
    if ctx.has("frame_transition_rates"):
        rates = ctx.csv("frame_transition_rates")
        for r in rates[rates["group_var"] == "speaker"].itertuples():
            out.append(f"- {r.group}: of the frames a question raised, {_pct(r.adoption_rate)} "
                       f"reappear in the answer; {_pct(r.shift_rate)} of answers introduce a "
                       "frame the question did not raise (within-interview, free of the "
                       "speaker/year confound; `tables/frame_transitions.csv`, figure "
                       "`framing_transitions`).")
    out += ["", ctx.legacy_caveat, ""]
    return out


def methods(ctx) -> list[str]:
    if not ctx.has("frame_salience"):
        return []
    fr = ctx.config.get("framing", {})
    return ["**Framing.** A frame codebook derived from the Policy Frames Codebook "
            "(Boydstun et al. 2014) was matched on lemmas; frame salience by speaker, role "
            "and year carries intervals from a bootstrap clustered by document"
            + (f" ({fr['n_boot']} replicates)" if "n_boot" in fr else "") + ".", ""]
