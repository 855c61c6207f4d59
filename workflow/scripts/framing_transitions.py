"""Snakemake adapter: question -> answer frame transitions, adoption and shift rates against
the within-interview re-pairing null, adoption lift per frame."""

import sys
from pathlib import Path

# The analysis library of this very checkout (also works in a conda env without it installed).
sys.path.insert(0, str(Path(__file__).resolve().parents[2] / "src"))

from scotext.logutil import start_job  # noqa: E402

log = start_job(snakemake)  # noqa: F821 (snakemake is injected; sets BLAS threads)


def main(sm):
    import pandas as pd

    from scotext.framing.plots import plot_transitions
    from scotext.framing.table import read_frame_scores
    from scotext.framing.transitions import qa_pairs, transition_counts, transition_tables
    from scotext.tables import atomic_write_text, to_booktabs, write_csv, write_table

    fr = sm.params.fr
    fs = read_frame_scores(sm.input.frame_scores)
    frames = pd.read_csv(sm.input.codebook_table, keep_default_na=False)["frame"].tolist()
    pairs = qa_pairs(fs)
    counts = transition_counts(pairs, frames)
    rates, lift = transition_tables(pairs, frames, n_draws=fr["n_repair"], n_boot=fr["n_boot"],
                                    seed=fr["seed"], level=fr["conf_level"],
                                    two_stage=fr["resample_segments"],
                                    two_stage_max_clusters=fr["resample_segments_max_docs"],
                                    max_draws=fr["max_perm_draws"])
    write_csv(pairs, sm.output.pairs)
    write_table(counts, sm.output.transitions, sm.output.transitions_tex,
                caption="Frames of each question (rows) and of the answer that follows it in "
                        "the same interview; 'none': no frame. Within-interview, so free of "
                        "the speaker/year confound.", label="tab:frame-transitions",
                decimals=sm.params.decimals)
    cols = ["scope", "group", "n_pairs", "adoption_rate", "adoption_ci_low", "adoption_ci_high",
            "adoption_null_mean", "adoption_null_low", "adoption_null_high", "adoption_p",
            "shift_rate", "shift_ci_low", "shift_ci_high", "shift_null_mean", "shift_null_low",
            "shift_null_high", "shift_p"]
    write_csv(rates, sm.output.rates)
    caption = ("Frame adoption (share of question frames that recur in the answer) and frame "
               "shift (share of answers introducing a frame the question did not raise), over "
               "the whole answer and its first paragraph, with exact (Clopper-Pearson) "
               "intervals, beside the same statistics with the answers re-paired at random "
               "with the questions of their own interview "
               f"({int(rates['n_null_draws'].max()) if len(rates) else 0} draws: null "
               f"mean, {fr['conf_level']:.0%} range, p). " + rates["note"].iloc[0])
    atomic_write_text(sm.output.rates_tex, to_booktabs(
        rates[cols], caption=caption, label="tab:frame-transition-rates",
        decimals=sm.params.decimals))
    lcols = ["scope", "frame", "n_q", "n_a_given_q", "n_not_q", "n_a_given_not_q", "lift",
             "ci_low", "ci_high", "null_mean", "null_low", "null_high", "p", "q_bh"]
    atomic_write_text(sm.output.lift_tex, to_booktabs(
        lift[lcols], caption=lift["note"].iloc[0] if len(lift) else "",
        label="tab:frame-adoption-lift", decimals=sm.params.decimals))
    write_csv(lift, sm.output.lift)
    plot_transitions(counts, frames, sm.output.figure.removesuffix(".png"),
                     n_pairs=len(pairs), rates=rates,
                     note=rates["note"].iloc[0] if len(rates) else "")
    log.info("%d question-answer pairs", len(pairs))


main(snakemake)  # noqa: F821
