"""End to end: the topic stage on the source corpus (acceptance of the topic issue)."""

import json

import numpy as np
import pandas as pd
import pytest

pytestmark = pytest.mark.workflow


def _t(project, name):
    return pd.read_csv(project / "results" / "tables" / f"{name}.csv", keep_default_na=False)


def test_grid_selection_and_chosen_model(source_run):
    project, _ = source_run
    sel = _t(project, "topic_model_selection")
    assert len(sel) == 6 * 20 and sel.groupby("k")["seed"].nunique().eq(20).all()
    for col in ("heldout_loglik", "perplexity", "c_npmi", "c_v", "exclusivity", "stability"):
        assert np.isfinite(sel[col].astype(float)).all(), col
    chosen = sel.loc[sel["chosen"] == True, "k"].unique()  # noqa: E712
    assert len(chosen) == 1
    assert sel["representative"].sum() == 1
    model = json.loads((project / "results" / "topics" / "model.json").read_text())
    assert model["k"] == chosen[0] and "chosen" in model["reason"]
    grid = sorted((project / "results" / "topics" / "grid").glob("*.npz"))
    assert len(grid) == 4         # the 6 K x 20 seeds dealt into topics.grid_jobs = 4 jobs


def test_topic_tables_flag_stability_and_state_the_confound(source_run):
    project, _ = source_run
    model = json.loads((project / "results" / "topics" / "model.json").read_text())
    k = model["k"]
    terms = _t(project, "topic_terms")
    assert set(terms["measure"]) == {"probability", "frex", "relevance"}
    assert terms.groupby(["topic", "measure"]).size().eq(10).all()
    docs = _t(project, "topic_documents")
    assert docs.groupby("topic").size().eq(5).all() and docs["topic"].nunique() == k
    for name in ("topic_terms", "topic_documents", "topic_prevalence", "topic_nmf_agreement",
                 "topic_stability"):
        assert "unstable" in _t(project, name).columns, name
    prev = _t(project, "topic_prevalence")
    assert list(prev.columns[:8]) == ["topic", "label", "group_var", "group", "estimate",
                                      "ci_low", "ci_high", "n_segments"]
    assert set(prev["group_var"]) == {"year", "speaker"}
    assert ((prev["ci_low"] <= prev["estimate"]) & (prev["estimate"] <= prev["ci_high"])).all()
    assert (prev["ci_high"] > prev["ci_low"]).all()
    assert prev["caveat"].str.contains("confounded").all()
    diff = _t(project, "topic_prevalence_differences")
    kinds = diff.drop_duplicates(["group_a", "group_b"]).set_index(["group_a", "group_b"])
    assert kinds.loc[("2019", "2020"), "contrast_type"] == "within-speaker"
    assert kinds.loc[("2019", "2025"), "contrast_type"].startswith("between speakers")
    assert diff["caveat"].str.contains("confounded").all()
    for fig in ("topics_by_year", "topics_by_speaker"):
        assert "confounded" in (project / "results" / "tables" /
                                "topic_prevalence.tex").read_text()
        assert (project / "results" / "figures" / f"{fig}.png").stat().st_size > 0
    seg = pd.read_csv(project / "results" / "topics" / "segment_topics.csv")
    theta = seg[[f"topic_{t + 1}" for t in range(k)]].to_numpy()
    assert np.allclose(theta.sum(axis=1), 1.0)
    nmf = _t(project, "topic_nmf_agreement")
    assert len(nmf) == k and nmf["cosine"].between(0, 1).all()
