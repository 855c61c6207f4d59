"""Snakemake adapter: dictionary against the hand-coded sample; coder reliability."""

import sys
from pathlib import Path

# The analysis library of this very checkout (also works in a conda env without it installed).
sys.path.insert(0, str(Path(__file__).resolve().parents[2] / "src"))

from scotext.logutil import start_job  # noqa: E402

log = start_job(snakemake)  # noqa: F821 (snakemake is injected; sets BLAS threads)


def main(sm):
    import pandas as pd

    from scotext.framing.validation import coder_reliability, gold_metrics, read_gold
    from scotext.tables import write_table

    from scotext.stagedata import read_segments

    segments = read_segments(sm.input.segments)
    from scotext.framing.table import read_frame_scores

    fs = read_frame_scores(sm.input.frame_scores)
    frames = pd.read_csv(sm.input.codebook_table, keep_default_na=False)["frame"].tolist()
    gold_rows = pd.read_csv(sm.input.gold[0], keep_default_na=False) if sm.input.gold else None
    if gold_rows is not None:
        keys = gold_rows["segment_key"].astype(str)
        # a key shaped like a segment id must be one of this corpus (text-opening keys are
        # checked by read_gold)
        known = keys.isin(set(segments["segment_id"])) | ~keys.str.fullmatch(r"\S+_s\d+")
        if not known.all():   # a sample coded on another corpus, or a partial match
            log.warning("%d of %d gold rows name segments that are not in this corpus and are "
                        "left out", int((~known).sum()), len(gold_rows))
        gold_rows = gold_rows[known] if known.any() else None
    if gold_rows is not None:
        gold = read_gold(gold_rows, segments, frames, source=sm.input.gold[0])
        coders = sorted(gold["coder"].unique())
        parts = [gold_metrics(gold, fs, coder=c).assign(gold=c) for c in coders]
        if len(coders) > 1:   # agreed labels; pairs where the coders disagree are left out
            parts.append(gold_metrics(gold, fs).assign(gold="agreed"))
        metrics = pd.concat(parts, ignore_index=True)
        metrics = metrics[["gold"] + [c for c in metrics.columns if c != "gold"]]
        reliability = coder_reliability(gold)
        log.info("gold standard: %d codes by %d coders", len(gold), gold["coder"].nunique())
    else:
        log.warning("no gold-standard file: validation tables are empty")
        metrics = pd.DataFrame(columns=["gold", "frame", "n", "tp", "fp", "fn", "tn", "precision",
                                        "recall", "f1", "n_ties"])
        reliability = pd.DataFrame(columns=["frame", "n_units", "n_coders",
                                            "n_pairable_values", "observed_agreement",
                                            "alpha"])
    write_table(metrics, sm.output.validation, sm.output.validation_tex,
                caption="The frame dictionary against the hand-coded sample: per-frame "
                        "precision, recall and F1 against each coder and against the labels "
                        "the coders agree on (disagreements left out), with micro and macro "
                        "averages.",
                label="tab:frame-validation", decimals=sm.params.decimals)
    write_table(reliability, sm.output.reliability, sm.output.reliability_tex,
                caption="Agreement between coders of the hand-coded sample: Krippendorff's "
                        "alpha (nominal) per frame.", label="tab:frame-reliability",
                decimals=sm.params.decimals)


main(snakemake)  # noqa: F821
