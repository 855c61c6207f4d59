"""End to end: the keyword stage on the source corpus, on a corpus with a new year, and
byte-identical reruns."""

import numpy as np
import pandas as pd
import pytest

from scotext.keywords.keyness import top_terms
from workflow_helpers import (ROOT, make_project, run_workflow, shipped_rows,
                              source_files_and_rows, tree_digest)

pytestmark = pytest.mark.workflow
RAW = ROOT / "data" / "raw"


def _keyness(project):
    from scotext.keywords.keyness import read_keyness

    return read_keyness(project / "results" / "tables" / "keyness.csv")


def test_every_pair_and_each_year_against_the_rest(source_run):
    project, _ = source_run
    k = _keyness(project)
    assert sorted(k["contrast"].unique()) == sorted([
        "2019_vs_2020", "2019_vs_2025", "2020_vs_2025", "2019_vs_rest", "2020_vs_rest",
        "2025_vs_rest"])
    # empty only where documented: no q / LRC for an unranked term, no DP for a one-document
    # side or an absent term; infinite only for an interval bound a zero count leaves open
    numeric = k.select_dtypes("number").drop(columns=["q_exact", "q_g2", "lrc", "dp_doc_a",
                                                      "dp_doc_b", "dp_seg_a", "dp_seg_b",
                                                      "lr_low", "lr_high"])
    assert np.isfinite(numeric.to_numpy(dtype=float)).all()
    ranked = k[k["ranked"]]
    assert ranked[["q_exact", "q_g2", "lrc"]].notna().all().all()
    assert k.loc[~k["ranked"], ["q_exact", "q_g2", "lrc"]].isna().all().all()
    assert (k["lr_low"] < k["lr_high"]).all()
    assert np.isinf(k.loc[k["count_a"] == 0, "lr_low"]).all()
    assert np.isfinite(k.loc[(k["count_a"] > 0) & (k["count_b"] > 0),
                             ["lr_low", "lr_high"]]).all().all()
    for contrast, g in k.groupby("contrast"):
        r = g[g["ranked"]]
        assert len(r) >= 50, contrast
        assert (r["q_exact"] >= r["p_exact"] - 1e-12).all()
        assert (g["family_size"] == len(r)).all() and (g["lrc_tests"] == len(r)).all()
        assert g["evidence"].nunique() == 1 and g["caveat"].nunique() == 1
        one_doc = g["n_docs_a"].iloc[0] == 1
        assert g["dp_doc_a"].isna().all() == one_doc


def test_g2_log_ratio_and_z_agree_in_direction(source_run):
    project, _ = source_run
    k = _keyness(project)
    ranked = k[k["ranked"] & (k["g2"] != 0)]
    signs = np.sign(ranked[["g2", "log_ratio", "z_log_odds"]].to_numpy())
    disagree = ranked[(signs != signs[:, [0]]).any(axis=1)]
    assert len(ranked) > 500
    assert disagree.empty, disagree[["contrast", "term", "count_a", "count_b", "g2",
                                     "log_ratio", "z_log_odds"]].to_string()


def test_outputs_of_every_contrast(source_run):
    project, _ = source_run
    res = project / "results"
    for contrast in _keyness(project)["contrast"].unique():
        kwic = pd.read_csv(res / "tables" / "kwic" / f"{contrast}.csv", keep_default_na=False)
        assert list(kwic.columns) == ["term", "doc_id", "segment_id", "left", "match", "right"]
        assert kwic["term"].nunique() >= 10
        for kind in ("keyness", "fightin"):
            for ext in ("png", "pdf", "csv"):
                assert (res / "figures" / f"keywords_{kind}_{contrast}.{ext}").stat().st_size
    perm = pd.read_csv(res / "tables" / "keyness_doc_permutation.csv", keep_default_na=False)
    assert (perm["p_perm"] >= perm["min_p_doc"] - 1e-12).all()
    assert set(perm.loc[perm["contrast"] == "2019_vs_2020", "min_p_doc"]) == {1 / 3}
    assert set(perm["evidence"]) == {"describes these documents"}
    freq = pd.read_csv(res / "tables" / "keyword_frequencies.csv", keep_default_na=False)
    assert list(freq.columns) == ["term", "period", "count", "total", "per_10k", "ci_low",
                                  "ci_high", "exact_low", "exact_high", "boot_low",
                                  "boot_high", "n_docs", "n_segments"]
    assert ((freq["ci_low"] <= freq["per_10k"] + 1e-9) & (freq["per_10k"] <= freq["ci_high"] + 1e-9)).all()
    assert (freq["ci_high"] > 0).all()                    # no "0.0 [0.0, 0.0]"
    tracked = pd.read_csv(res / "tables" / "tracked_keywords.csv", keep_default_na=False)
    assert (tracked["ci_high"] > 0).all() and tracked["caveat"].nunique() == 1
    summary = pd.read_csv(res / "tables" / "keyness_summary.csv", keep_default_na=False)
    assert set(summary["evidence"]) == {"describes these documents"}
    conf = pd.read_csv(res / "tables" / "keyword_confounds.csv", keep_default_na=False)
    assert len(conf) == 2 * len(summary) and set(conf["kind"]) == {"keywords"}
    within = conf[conf["comparison"] == "2019_vs_2020"]["caveat"].iloc[0]
    assert within.startswith("Same speaker (Vladimir Norov)")
    between = conf[conf["comparison"] == "2019_vs_2025"]["caveat"].iloc[0]
    assert "Nurlan Ermekbaev" in between and "machine translation" in between
    sens = pd.read_csv(res / "tables" / "keyness_sensitivity.csv", keep_default_na=False)
    assert set(sens["contrast"]) == set(summary["contrast"])
    assert (sens["overlap"] <= sens["n_main"]).all() and (sens["chance_overlap"] < 5).all()
    # the main analysis the variants are compared with is that of keyness.csv
    k = _keyness(project)
    for (contrast, side), g in sens.groupby(["contrast", "side"]):
        top = top_terms(k, contrast, 15)
        main = top[top["favours"] == side].sort_values("rank")["term"].tolist()
        assert set(g["top_main"]) == {" ".join(main)}, (contrast, side)
    # ... and the frame contrasts it starts from are those of the framing stage
    frames = pd.read_csv(res / "tables" / "keyness_sensitivity_frames.csv", keep_default_na=False)
    stage = pd.read_csv(res / "tables" / "frame_contrasts.csv", keep_default_na=False)
    stage = stage[["speaker_a", "speaker_b", "frame", "difference"]].rename(
        columns={"difference": "stage_difference"})
    both = frames.drop_duplicates(["speaker_a", "speaker_b", "frame"]).merge(
        stage, on=["speaker_a", "speaker_b", "frame"])
    assert len(both) == stage["frame"].nunique() > 5
    # ... each with the caveat of its speaker pair, computed from the sheet (one 2025 document)
    assert frames["caveat"].str.contains("Nurlan Ermekbaev is a single document").all()
    assert frames["caveat"].str.contains("year (Nurlan Ermekbaev: 2025;", regex=False).all()
    np.testing.assert_allclose(both["difference_main"], both["stage_difference"], rtol=1e-12)


def test_a_new_year_enters_every_table_and_figure(tmp_path):
    rows = list(shipped_rows().values())
    files = {r["file"]: (RAW / r["file"]).read_bytes() for r in rows}
    new = dict(shipped_rows()["norov_2020_cgss"])
    new.update(doc_id="copy_2023_cgss", file="copy_2023_cgss.txt", date="2023-06-01",
               year="2023", sha256="", event_id="")
    files["copy_2023_cgss.txt"] = (RAW / "norov_2020_cgss.txt").read_bytes()
    project = make_project(tmp_path, files, rows + [new])
    # the keyword stage (its figures and concordances as targets): the tables, figures and
    # texts of the whole run on more than the shipped years are tested in
    # test_workflow_caveats (three speakers in a new year)
    result = run_workflow(project, "keywords_figures", "keywords_kwic", fast=True)
    assert result.returncode == 0, result.stderr[-3000:]
    res = project / "results"
    freq = pd.read_csv(res / "tables" / "keyword_frequencies.csv", dtype={"period": str})
    tracked = pd.read_csv(res / "tables" / "tracked_keywords.csv", dtype={"period": str})
    assert set(freq["period"]) == set(tracked["period"]) == {"2019", "2020", "2023", "2025"}
    contrasts = set(_keyness(project)["contrast"])
    assert {"2020_vs_2023", "2023_vs_2025", "2023_vs_rest"} <= contrasts
    assert len(contrasts) == 6 + 4
    for c in contrasts:
        assert (res / "figures" / f"keywords_keyness_{c}.png").exists()
        assert (res / "tables" / "kwic" / f"{c}.csv").exists()
    plotted = pd.read_csv(res / "figures" / "keywords_tracked.csv", dtype={"period": str})
    assert "2023" in set(plotted["period"])


def test_results_byte_identical_across_clean_runs_and_cores(fast_source_run, tmp_path):
    """Acceptance (keywords, topics, framing, report): a second clean run, with --cores 1
    where the first had --cores 4 (and another PYTHONHASHSEED), gives byte-identical files under results/ (logs and
    benchmarks aside). The light test configuration keeps this fast; determinism does not
    depend on the size of the topic grid (every (K, seed) fit is its own seeded job)."""
    files, rows = source_files_and_rows()
    again = make_project(tmp_path / "again", files, rows)
    result = run_workflow(again, cores=1, fast=True, hashseed="4242")
    assert result.returncode == 0, result.stderr[-3000:]
    first, second = tree_digest(fast_source_run / "results"), tree_digest(again / "results")
    assert len(first) > 100 and first.keys() == second.keys()
    different = sorted(k for k in first if first[k] != second[k])
    assert different == []


def _interview(title: str, answers: list[str]) -> bytes:
    """A small interview with QUESTION/ANSWER markers, one question per answer."""
    parts = [title, ""]
    for i, a in enumerate(answers, start=1):
        parts += ["QUESTION", f"What is your view on topic {i}?", "", "ANSWER", a, ""]
    return "\n".join(parts).encode("utf-8")


SENTENCES = {
    "2019": ["Security cooperation against terrorism and drug trafficking grows in the region.",
             "The border agencies of the member states train together against terrorism.",
             "Our experts discussed security, terrorism and the border with great care.",
             "Drug trafficking remains a threat; the security services cooperate closely.",
             "Regional security is the first task, and terrorism must be fought together.",
             "The summit adopted a programme against terrorism, extremism and separatism."],
    "2020": ["The pandemic changed trade, and digital commerce grew across the region.",
             "Health cooperation during the pandemic brought vaccines and medical supplies.",
             "Digital trade and the pandemic response were discussed by the ministers.",
             "Trade corridors stayed open during the pandemic thanks to digital customs.",
             "The health ministers agreed on pandemic rules and digital certificates.",
             "Economic recovery after the pandemic needs trade and digital investment."],
}


def test_a_period_without_words_is_reported_and_its_contrasts_skipped(tmp_path):
    """Issue 14 item 1: a year whose only document gives the official no analysable words
    (answers of numbers only) is named with its document in keyword_periods.csv and the log,
    its contrasts are skipped with a figure that says why, and nothing crashes."""
    files = {"a2019.txt": _interview("Interview 2019", SENTENCES["2019"]),
             "b2020.txt": _interview("Interview 2020", SENTENCES["2020"]),
             "c2023.txt": _interview("Interview 2023", ["2023.", "15, 20 and 25.", "100."])}
    base = dict(original_file="", interviewer="Journalist", outlet="Outlet", genre="interview",
                machine_translated="false", language_note="", event_id="", sha256="")
    rows = [dict(base, doc_id="a2019", file="a2019.txt", date="2019-05-01", year="2019",
                 speaker="Vladimir Norov"),
            dict(base, doc_id="b2020", file="b2020.txt", date="2020-05-01", year="2020",
                 speaker="Vladimir Norov"),
            dict(base, doc_id="c2023", file="c2023.txt", date="2023-05-01", year="2023",
                 speaker="Zhang Ming")]
    project = make_project(tmp_path, files, rows)
    targets = ["results/tables/keyness.csv", "results/tables/keyword_frequencies.csv",
               "results/figures/keywords_tracked.png", "results/tables/keyness_sensitivity.csv",
               "results/tables/kwic/tracked.csv"]
    result = run_workflow(project, *targets, fast=True, cores=2)
    assert result.returncode == 0, result.stderr[-3000:]
    res = project / "results"
    periods = pd.read_csv(res / "tables" / "keyword_periods.csv", keep_default_na=False,
                          dtype=str).set_index("period")
    assert periods.loc["2023", "analysable"] == "False"
    assert periods.loc["2023", "n_tokens"] == "0" and periods.loc["2023", "documents"] == "c2023"
    assert "c2023 (2023)" in periods.loc["2023", "note"]
    assert periods.loc["2023", "skipped_contrasts"] == "2019_vs_2023 2020_vs_2023 2023_vs_rest"
    log = (res / "logs" / "keywords_keyness.log").read_text()
    assert "period 2023" in log and "c2023 (2023)" in log
    k = _keyness(project)
    assert sorted(k["contrast"].unique()) == ["2019_vs_2020", "2019_vs_rest", "2020_vs_rest"]
    assert "pandemic" in set(top_terms(k, "2019_vs_2020", 15)["term"])
    freq = pd.read_csv(res / "tables" / "keyword_frequencies.csv", dtype={"period": str})
    assert set(freq["period"]) == {"2019", "2020"}
    for name in ("keyness", "fightin"):           # the skipped contrasts say why
        skipped = pd.read_csv(res / "figures" / f"keywords_{name}_2019_vs_2023.csv")
        assert "c2023 (2023)" in skipped["skipped"].iloc[0]
    assert (res / "tables" / "kwic" / "2023_vs_rest.csv").exists()
    sens = pd.read_csv(res / "tables" / "keyness_sensitivity.csv", keep_default_na=False)
    assert set(sens["contrast"]) == {"2019_vs_2020", "2019_vs_rest", "2020_vs_rest"}
