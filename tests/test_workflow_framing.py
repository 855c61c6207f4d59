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
    con = _t(project, "frame_contrasts")
    assert set(con["frame"]) == frames
    assert con["caveat"].str.contains("confounded").all()
    assert (con["p_doc"] >= con["min_p_doc"] - 1e-12).all()


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
    assert rules <= {r for r in rules if r.startswith(("framing_", "report_"))} | {"all"}, rules
