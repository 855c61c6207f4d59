"""End to end: the topic stage on the source corpus (acceptance of the topic issue)."""

import json
from pathlib import Path

import numpy as np
import pandas as pd
import pytest
import yaml

pytestmark = pytest.mark.workflow
ROOT = Path(__file__).resolve().parents[1]


def _t(project, name):
    return pd.read_csv(project / "results" / "tables" / f"{name}.csv", keep_default_na=False)


def test_grid_selection_and_chosen_model(source_run):
    project, _ = source_run
    top = yaml.safe_load((ROOT / "config" / "config.yaml").read_text())["topics"]
    n_k, n_seeds = len(top["k_grid"]), top["n_seeds"]
    sel = _t(project, "topic_model_selection")
    assert len(sel) == n_k * n_seeds and sel.groupby("k")["seed"].nunique().eq(n_seeds).all()
    for col in ("heldout_loglik", "perplexity", "c_npmi", "c_v", "exclusivity", "stability"):
        assert np.isfinite(sel[col].astype(float)).all(), col
    chosen = sel.loc[sel["chosen"] == True, "k"].unique()  # noqa: E712
    assert len(chosen) == 1
    assert sel["representative"].sum() == 1
    model = json.loads((project / "results" / "topics" / "model.json").read_text())
    assert model["k"] == chosen[0] and "chosen" in model["reason"]
    grid = sorted((project / "results" / "topics" / "grid").glob("*.npz"))
    assert len(grid) == top["grid_jobs"]          # the K x seed grid dealt into grid_jobs jobs
    units = pd.read_csv(project / "results" / "topics" / "units.csv", keep_default_na=False)
    assert model["search"] == {"n_docs": units["doc_id"].nunique(), "n_units": len(units),
                               "sampled": False}          # five documents: no sample
    assert not (project / "results" / "topics" / "final").exists()   # the grid is the model


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


def test_sampled_search_and_tomotopy_engine_are_byte_identical(tmp_path):
    """The large-corpus path on the source texts: the grid on a sample of 2 documents, the
    chosen K refitted on all units with 3 seeds, tomotopy as engine, seeded LDA on a sample;
    a --cores 1 rerun with another hash seed gives the same files."""
    from workflow_helpers import make_project, run_workflow, source_files_and_rows, tree_digest

    override = tmp_path / "scale.yaml"
    override.write_text("topics: {engine: tomotopy, search_max_docs: 2, final_seeds: 3}\n"
                        "framing: {seeded: {max_docs: 2}}\n")
    files, rows = source_files_and_rows()
    digests = []
    for cores, hashseed in ((4, "0"), (1, "123")):
        project = make_project(tmp_path / f"c{cores}", files, rows)
        result = run_workflow(project, cores=cores, fast=True, hashseed=hashseed,
                              extra_configs=[override])
        assert result.returncode == 0, result.stderr[-3000:]
        digests.append(tree_digest(project / "results"))
    assert digests[0] == digests[1]
    res = project / "results"
    model = json.loads((res / "topics" / "model.json").read_text())
    assert model["engine"] == "tomotopy" and model["search"]["sampled"] is True
    assert model["search"]["n_docs"] == 2 and len(model["seeds"]) == 3
    assert sorted(p.name for p in (res / "topics" / "final").glob("*.npz")) == [
        "seed1000.npz", "seed1001.npz", "seed1002.npz"]
    units = pd.read_csv(res / "topics" / "units.csv", keep_default_na=False)
    search_rows = np.loadtxt(res / "topics" / "search_rows.txt", dtype=int)
    assert units["doc_id"].iloc[search_rows].nunique() == 2 and len(search_rows) < len(units)
    with np.load(res / "topics" / "doc_topic_by_seed.npz") as z:
        assert z["doc_topic"].shape == (3, len(units), model["k"])   # all units, final fits
    methods = (res / "methods.md").read_text()
    assert "tomotopy" in methods and "refitted on all" in methods
