"""Snakemake adapter: frame salience by speaker, role and year; speaker differences."""

import sys
from pathlib import Path

# The analysis library of this very checkout (also works in a conda env without it installed).
sys.path.insert(0, str(Path(__file__).resolve().parents[2] / "src"))

from scotext.logutil import start_job  # noqa: E402

log = start_job(snakemake)  # noqa: F821 (snakemake is injected; sets BLAS threads)


def salience_wide(sal):
    """Share and hits per 1,000 words side by side, one row per frame and group."""
    key = ["frame", "group_var", "group"]
    share = sal[sal["measure"] == "share_present"].set_index(key)
    rate = sal[sal["measure"] == "hits_per_1000"].set_index(key)
    out = share[["estimate", "ci_low", "ci_high"]].rename(
        columns={"estimate": "share", "ci_low": "share_low", "ci_high": "share_high"})
    out = out.join(rate[["estimate", "ci_low", "ci_high"]].rename(
        columns={"estimate": "per_1000", "ci_low": "per_1000_low", "ci_high": "per_1000_high"}))
    out = out.join(share[["n_segments", "n_docs"]])
    return out.reset_index()


def main(sm):
    import pandas as pd

    from scotext.framing.plots import plot_documents, plot_salience
    from scotext.framing.salience import groups_caveat_of, salience, speaker_differences
    from scotext.stagedata import OFFICIAL_ROLES
    from scotext.framing.table import read_frame_scores
    from scotext.stagedata import read_documents
    from scotext.tables import atomic_write_text, to_booktabs, write_csv

    fr = sm.params.fr
    fs = read_frame_scores(sm.input.frame_scores)
    documents = read_documents(sm.input.documents)
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
    stages = ("documents within groups and paragraphs within documents"
              if fr["resample_segments"] else "documents within groups")
    atomic_write_text(sm.output.salience_tex, to_booktabs(
        salience_wide(sal), caption="Frame salience: share of segments in which the frame is "
        "present and the frame's hits per 1,000 words, by speaker (all roles), role and year "
        f"(compared roles), with {fr['conf_level']:.0%} intervals from a bootstrap over "
        f"{stages}.", label="tab:frame-salience", decimals=sm.params.decimals))
    con = speaker_differences(fs, documents, n_boot=fr["n_boot"], n_perm=fr["n_perm"],
                              seed=fr["seed"], max_perm_draws=fr["max_perm_draws"],
                              roles=fr["compare_roles"], level=fr["conf_level"],
                              alpha=fr["alpha"], two_stage=fr["resample_segments"],
                              two_stage_max_clusters=fr["resample_segments_max_docs"])
    write_csv(con, sm.output.contrasts)
    caveats = " ".join(f"{a} vs {b}: {c}" for (a, b, c) in
                       con[["speaker_a", "speaker_b", "caveat"]].drop_duplicates()
                       .itertuples(index=False))
    evidence = "; ".join(sorted(set(con["evidence"])))
    cols = ["frame", "speaker_a", "speaker_b", "share_a", "share_b", "difference", "ci_low",
            "ci_high", "rate_a", "rate_b", "rate_ratio", "rr_ci_low", "rr_ci_high", "p_doc",
            "min_p_doc", "q_doc", "p_segment", "q_segment"]
    atomic_write_text(sm.output.contrasts_tex, to_booktabs(
        con[cols], caption="Frame differences between the officials (share of compared "
        "paragraphs with the frame, a minus b, and hits per 1,000 words, a over b) with "
        "bootstrap intervals; p_doc permutes speaker labels between documents (min_p_doc: "
        "the smallest attainable p), p_segment between paragraphs (secondary); q: "
        f"Benjamini-Hochberg across the frames of a pair. Evidence: {evidence}. {caveats}",
        label="tab:frame-contrasts", decimals=sm.params.decimals))
    share_rate = sal[sal["measure"].isin(["share_present", "hits_per_1000"])]
    officials = sorted(set(fs.loc[fs["role"].isin(list(OFFICIAL_ROLES)),
                                  "speaker"].astype(str)))
    for var, out, roles, groups in (("speaker", sm.output.by_speaker, None, officials),
                                    ("role", sm.output.by_role, None, None),
                                    ("year", sm.output.by_year, fr["compare_roles"], None)):
        rows = share_rate[share_rate["group_var"] == var]
        if groups is not None:  # the figure compares the officials; the table has everyone
            rows = rows[rows["group"].astype(str).isin(groups)]
        caveat = groups_caveat_of(fs, documents, var, roles=roles, groups=groups)
        plot_salience(rows, labels, out.removesuffix(".png"), group_var=var, caveat=caveat,
                      level=fr["conf_level"])
        log.info("%s figure caveat: %s", var, caveat)
    plot_documents(fs[fs["role"].isin(fr["compare_roles"])], labels,
                   sm.output.documents.removesuffix(".png"), documents=documents)
    log.info("%d salience rows, %d speaker contrasts", len(sal), len(con))


main(snakemake)  # noqa: F821
