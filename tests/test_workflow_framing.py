"""End to end: the framing stage on the source corpus (acceptance of the framing issue)."""

import shutil

import pandas as pd
import pytest

from workflow_helpers import planned_rules, run_workflow

pytestmark = pytest.mark.workflow


def _t(project, name):
    return pd.read_csv(project / "results" / "tables" / f"{name}.csv", keep_default_na=False)


def test_salience_with_intervals_for_each_official_and_role(source_run):
    project, _ = source_run
    sal = _t(project, "frame_salience")
    share = sal[sal["measure"] == "share_present"]
    frames = set(_t(project, "frame_segments")["frame"])
    assert len(frames) >= 10
    for group_var, groups in (("speaker", {"Vladimir Norov", "Nurlan Ermekbaev"}),
                              ("role", {"question", "answer"})):
        sub = share[share["group_var"] == group_var]
        for g in groups:
            rows = sub[sub["group"] == g]
            assert set(rows["frame"]) == frames, (group_var, g)
            assert ((rows["ci_low"] <= rows["estimate"]) &
                    (rows["estimate"] <= rows["ci_high"])).all()
    rate = sal[(sal["measure"] == "hits_per_1000") & (sal["group_var"] == "speaker")]
    assert set(rate["group"]) == set(share[share["group_var"] == "speaker"]["group"])
    con = _t(project, "frame_contrasts")
    assert set(con["frame"]) == frames
    # the caveat of this pair, from the documents table (not a corpus-wide sentence)
    assert con["caveat"].str.contains(
        "year (Nurlan Ermekbaev: 2025; Vladimir Norov: 2019 1, 2020 1)", regex=False).all()
    assert con["caveat"].str.contains("machine translation").all()
    assert (con["evidence"] == "describes these documents").all()
    assert (con["p_doc"] >= con["min_p_doc"] - 1e-12).all()
    # a one-document side varies under the two-stage bootstrap, and the note says so
    assert con["note"].str.contains("resamples its paragraphs").all()
    assert not con["note"].str.contains("does not vary").any()
    assert {"rate_a", "rate_b", "rate_ratio", "rr_ci_low", "rr_ci_high"} <= set(con.columns)


def test_length_adjusted_contrasts_and_their_caveats(source_run):
    project, _ = source_run
    adj = _t(project, "frame_adjusted_contrasts")
    comps = list(dict.fromkeys(adj["comparison"]))
    assert comps == ["speaker: Nurlan Ermekbaev vs Vladimir Norov", "year: 2019 vs 2020",
                     "year: 2019 vs 2025", "year: 2020 vs 2025"]
    exp = adj[(adj["frame"] == "expansion") & (adj["kind"] == "speaker")].iloc[0]
    # the measurement: 0.26 vs 0.10, odds ratio 3.2 raw, about 2 adjusted for length
    assert float(exp["odds_ratio_raw"]) == pytest.approx(3.2, abs=0.3)
    assert float(exp["odds_ratio_adjusted"]) < float(exp["odds_ratio_raw"])
    assert float(exp["or_adj_ci_low"]) < 1 < float(exp["or_adj_ci_high"])
    assert (adj["evidence"] == "describes these documents").all()
    cav = adj.drop_duplicates("comparison").set_index("comparison")["caveat"]
    within = cav["year: 2019 vs 2020"]
    assert within.startswith("Same speaker (Vladimir Norov)")
    assert "between speakers" not in within and "mix of speakers" not in within
    assert "also one between speakers" in cav["year: 2019 vs 2025"]
    conf = _t(project, "framing_confounds")
    assert len(conf) == 2 * len(comps) and set(conf["comparison"]) == set(comps)


def test_transitions_cover_every_question_answer_pair(source_run):
    project, _ = source_run
    seg = pd.read_csv(project / "results" / "corpus" / "segments.csv", keep_default_na=False)
    seg = seg[~seg["is_duplicate"]]
    expected = 0
    for _, d in seg.groupby("doc_id"):
        turns = d.drop_duplicates("turn")[["turn", "role"]].to_numpy().tolist()
        expected += sum(1 for (t, r), (_, r2) in zip(turns, turns[1:])
                        if r == "question" and r2 == "answer")
    pairs = pd.read_csv(project / "results" / "framing" / "qa_pairs.csv")
    assert len(pairs) == expected >= 20
    counts = _t(project, "frame_transitions")
    assert counts["n_pairs"].max() == expected
    rates = _t(project, "frame_transition_rates")
    assert rates["note"].str.contains("free of the speaker/year con").all()
    allr = rates[rates["group"] == "all"].set_index("scope")
    assert (allr["n_null_draws"] >= 1000).all()
    for scope in ("answer", "first_paragraph"):
        r = allr.loc[scope]
        # answers take up their own question's frames more than re-paired questions
        assert float(r["adoption_rate"]) > float(r["adoption_null_high"])
        assert float(r["adoption_p"]) < 0.01
        assert float(r["adoption_ci_low"]) <= float(r["adoption_rate"]) <= float(r["adoption_ci_high"])
    # ... while the shift rate of whole answers is what re-paired questions give too
    assert float(allr.loc["answer", "shift_null_low"]) <= float(allr.loc["answer", "shift_rate"])
    assert float(allr.loc["answer", "shift_p"]) > 0.05
    lift = _t(project, "frame_adoption_lift")
    assert set(lift["scope"]) == {"answer", "first_paragraph"}
    assert set(lift["frame"]) == set(_t(project, "frame_segments")["frame"])


def test_validation_against_shipped_gold_sample(source_run):
    project, _ = source_run
    val = _t(project, "frame_validation")
    assert {"coder_A", "coder_B", "agreed"} <= set(val["gold"])
    per_frame = val[~val["frame"].isin(["micro", "macro"])]
    assert per_frame.groupby("gold")["frame"].nunique().min() >= 10
    assert per_frame["n"].min() >= 60
    for col in ("precision", "recall", "f1"):
        assert per_frame[col].astype(float).between(0, 1).all()
    rel = _t(project, "frame_reliability")
    assert len(rel) >= 10 and (rel["n_coders"] == 2).all()
    cov = _t(project, "frame_coverage")
    assert cov.loc[cov["group"] == "all", "share_no_frame"].between(0, 1).all()


def test_changing_a_pattern_reruns_only_framing(fast_source_run, tmp_path):
    project = tmp_path / "p"
    shutil.copytree(fast_source_run, project, symlinks=False)
    frames = project / "data" / "lexicons" / "frames.yaml"
    text = frames.read_text()
    assert "      - terrorism\n" in text
    frames.write_text(text.replace("      - terrorism\n", "      - terrorism\n      - insurgency\n",
                                   1))
    result = run_workflow(project, "--dry-run", fast=True)
    assert result.returncode == 0, result.stderr[-2000:]
    rules = planned_rules(result)
    assert "framing_score" in rules
    # keywords_sensitivity reads the codebook too (signs of frame contrasts under text
    # variants); nothing else outside framing and the report may rerun
    allowed = {r for r in rules if r.startswith(("framing_", "report_"))} | {
        "all", "keywords_sensitivity"}
    assert rules <= allowed, rules - allowed
