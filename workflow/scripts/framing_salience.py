"""Snakemake adapter: frame salience by speaker, role and year; speaker differences."""

import sys
from pathlib import Path

# The analysis library of this very checkout (also works in a conda env without it installed).
sys.path.insert(0, str(Path(__file__).resolve().parents[2] / "src"))

from scotext.logutil import start_job  # noqa: E402

log = start_job(snakemake)  # noqa: F821 (snakemake is injected; sets BLAS threads)


def main(sm):
    import pandas as pd

    from scotext.framing.plots import plot_documents, plot_salience
    from scotext.framing.salience import salience, speaker_differences
    from scotext.tables import atomic_write_text, to_booktabs, write_csv

    fr = sm.params.fr
    from scotext.framing.table import read_frame_scores

    fs = read_frame_scores(sm.input.frame_scores)
    labels = dict(pd.read_csv(sm.input.codebook_table, keep_default_na=False)[["frame", "label"]]
                  .itertuples(index=False))
    opts = dict(n_boot=fr["n_boot"], seed=fr["seed"], level=fr["conf_level"],
                two_stage=fr["resample_segments"],
                two_stage_max_clusters=fr["resample_segments_max_docs"])
    parts = [salience(fs, "speaker", **opts),                 # interviewers/outlets too
             salience(fs, "role", **opts),
             salience(fs, "year", roles=fr["compare_roles"], **opts)]
    sal = pd.concat(parts, ignore_index=True)
    first = ["frame", "group_var", "group", "estimate", "ci_low", "ci_high", "n_segments"]
    sal = sal[first + [c for c in sal.columns if c not in first]]
    write_csv(sal, sm.output.salience)
    share = sal[sal["measure"] == "share_present"]
    atomic_write_text(sm.output.salience_tex, to_booktabs(
        share[first + ["n_docs"]], caption="Frame salience: share of segments in which the "
        "frame is present, by speaker (all roles), role and year (answers), with "
        f"{fr['conf_level']:.0%} intervals from a bootstrap over documents within groups"
        + (" and paragraphs within documents." if fr["resample_segments"] else "."),
        label="tab:frame-salience", decimals=sm.params.decimals))
    con = speaker_differences(fs, n_boot=fr["n_boot"], n_perm=fr["n_perm"], seed=fr["seed"],
                              max_perm_draws=fr["max_perm_draws"],
                              roles=fr["compare_roles"], level=fr["conf_level"],
                              two_stage=fr["resample_segments"],
                              two_stage_max_clusters=fr["resample_segments_max_docs"])
    write_csv(con, sm.output.contrasts)
    caveat = con["caveat"].iloc[0] if len(con) else ""
    cols = ["frame", "speaker_a", "speaker_b", "share_a", "share_b", "difference", "ci_low",
            "ci_high", "p_doc", "min_p_doc", "q_doc", "p_segment", "q_segment"]
    atomic_write_text(sm.output.contrasts_tex, to_booktabs(
        con[cols], caption="Frame differences between the Secretaries-General (share of "
        "answer paragraphs with the frame, a minus b) with bootstrap intervals; p_doc permutes "
        "speaker labels between documents (min_p_doc: the smallest attainable p), p_segment "
        "between paragraphs (secondary); q: Benjamini-Hochberg across frames. " + caveat,
        label="tab:frame-contrasts", decimals=sm.params.decimals))
    officials = set(fs.loc[fs["role"].isin(["answer", "reported"]), "speaker"])
    for var, out in (("speaker", sm.output.by_speaker), ("role", sm.output.by_role),
                     ("year", sm.output.by_year)):
        rows = share[share["group_var"] == var]
        if var == "speaker":   # the figure compares the officials; the table has everyone
            rows = rows[rows["group"].isin(officials)]
        plot_salience(rows, labels, out.removesuffix(".png"),
                      group_var=var, caveat=caveat if var in ("speaker", "year") else
                      "Questions vs answers within the same interviews: free of the "
                      "speaker/year confound.", level=fr["conf_level"])
    plot_documents(fs[fs["role"].isin(fr["compare_roles"])], labels,
                   sm.output.documents.removesuffix(".png"))
    log.info("%d salience rows, %d speaker contrasts", len(sal), len(con))


main(snakemake)  # noqa: F821
