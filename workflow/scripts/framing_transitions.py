"""Snakemake adapter: question -> answer frame transitions, adoption and shift rates."""

import sys
from pathlib import Path

# The analysis library of this very checkout (also works in a conda env without it installed).
sys.path.insert(0, str(Path(__file__).resolve().parents[2] / "src"))

from scotext.logutil import start_job  # noqa: E402

log = start_job(snakemake)  # noqa: F821 (snakemake is injected; sets BLAS threads)


def main(sm):
    import pandas as pd

    from scotext.framing.plots import plot_transitions
    from scotext.framing.transitions import adoption_rates, qa_pairs, transition_counts
    from scotext.tables import write_csv, write_table

    from scotext.framing.table import read_frame_scores

    fs = read_frame_scores(sm.input.frame_scores)
    frames = pd.read_csv(sm.input.codebook_table, keep_default_na=False)["frame"].tolist()
    pairs = qa_pairs(fs)
    counts = transition_counts(pairs, frames)
    rates = adoption_rates(pairs)
    write_csv(pairs, sm.output.pairs)
    write_table(counts, sm.output.transitions, sm.output.transitions_tex,
                caption="Frames of each question (rows) and of the answer that follows it in "
                        "the same interview; 'none': no frame. Within-interview, so free of "
                        "the speaker/year confound.", label="tab:frame-transitions",
                decimals=sm.params.decimals)
    write_table(rates, sm.output.rates, sm.output.rates_tex,
                caption="Frame adoption (share of question frames that recur in the answer) "
                        "and frame shift (share of answers introducing a frame the question "
                        "did not raise) per speaker.", label="tab:frame-transition-rates",
                decimals=sm.params.decimals)
    plot_transitions(counts, frames, sm.output.figure.removesuffix(".png"),
                     n_pairs=len(pairs))
    log.info("%d question-answer pairs", len(pairs))


main(snakemake)  # noqa: F821
