"""End to end: the topic stage on the source corpus, and on a synthetic corpus whose K is known
(identified) and its token-shuffled twin (not identified), through the real workflow."""

import json
from pathlib import Path

import numpy as np
import pandas as pd
import pytest
import yaml

pytestmark = pytest.mark.workflow
ROOT = Path(__file__).resolve().parents[1]
MARK = "K not identified: descriptive only"


def _t(project, name):
    return pd.read_csv(project / "results" / "tables" / f"{name}.csv", keep_default_na=False)


def _model(project):
    return json.loads((project / "results" / "topics" / "model.json").read_text())


def test_grid_selection_and_verdict_on_the_source_corpus(source_run):
    project, _ = source_run
    top = yaml.safe_load((ROOT / "config" / "config.yaml").read_text())["topics"]
    sel = _t(project, "topic_model_selection")
    ks = sorted(set(top["k_grid"]) | {1})
    assert sorted(sel["k"].unique()) == ks                       # K = 1 always in the grid
    assert sel.groupby("k")["replicate"].nunique().eq(top["n_seeds"]).all()
    kt = _t(project, "topic_k_selection")
    for col in ("heldout", "heldout_se", "gain", "gain_se"):
        assert np.isfinite(kt[col].astype(float)).all(), col
    assert kt.loc[kt["k"] == 1, "gain"].astype(float).eq(0).all()
    model = _model(project)
    assert isinstance(model["identified"], bool) and model["verdict"]
    assert kt.loc[kt["chosen"].astype(str) == "True", "k"].tolist() == [model["k"]]
    grid = sorted((project / "results" / "topics" / "grid").glob("*.npz"))
    assert len(grid) == top["grid_jobs"]          # the grid dealt into grid_jobs jobs
    units = pd.read_csv(project / "results" / "topics" / "units.csv", keep_default_na=False)
    assert model["search"]["n_units"] == len(units) and model["search"]["sampled"] is False
    assert model["search"]["fold_mode"] == "document"
    assert len(model["seeds"]) == top["final_seeds"]
    ch = model["checks"]
    for text in (f"{ch['gain']:+.3f}", f"SE {ch['gain_se']:.3f}", f"{ch['null_gain']:+.3f}",
                 f"{ch['topwords']:.2f}", f"{ch['null_topwords_max']:.2f}", f"{ch['ari']:.2f}",
                 f"{ch['null_ari_max']:.2f}"):
        assert text in model["verdict"], text            # the verdict states its numbers
    if not model["identified"]:
        assert model["verdict"].startswith(MARK)


def test_every_topic_output_carries_the_verdict(source_run):
    project, _ = source_run
    model = _model(project)
    res = project / "results"
    status = "identified" if model["identified"] else MARK
    for name in ("topic_terms", "topic_documents", "topic_prevalence",
                 "topic_prevalence_differences", "topic_nmf_agreement"):
        assert (_t(project, name)["status"] == status).all(), name
    verdict_rst = (res / "topics" / "verdict.rst").read_text()
    assert model["verdict"] in verdict_rst
    for name in ("topic_terms", "topic_documents", "topic_prevalence",
                 "topic_prevalence_differences", "topic_nmf_agreement"):
        tex = (res / "tables" / f"{name}.tex").read_text()
        assert (MARK in tex) == (not model["identified"]), name
    summary = (res / "summary.md").read_text().split("## Topics")[1].split("\n## ")[0]
    methods = (res / "methods.md").read_text()
    topics_par = next(p for p in methods.split("\n\n") if p.startswith("**Topics.**"))
    if not model["identified"]:
        assert MARK in summary and MARK in topics_par
        assert "vs" not in summary and "Topic 1" not in summary    # no topic, no difference
    prev = _t(project, "topic_prevalence")
    single = prev[prev["n_docs"].astype(int) == 1]
    if model["identified"]:
        assert single["note"].str.contains("no inference to the").all()
    diff = _t(project, "topic_prevalence_differences")
    years = sorted(prev.loc[prev["group_var"] == "year", "group"].astype(str).unique())
    n_pairs = len(years) * (len(years) - 1) // 2
    assert diff[diff["group_var"] == "year"].groupby(["group_a", "group_b"]).ngroups == n_pairs
    assert diff["caveat"].str.len().gt(20).all()
    assert ((prev["ci_low"] <= prev["estimate"]) & (prev["estimate"] <= prev["ci_high"])).all()


# the last rules of the topic stage: as targets they run the corpus and topic stages only
TOPIC_TARGETS = ("topics_describe", "topics_prevalence", "topics_nmf")


def _synthetic_run(tmp_path, name, shuffle, targets=("results/topics/model.json",
                                                      "results/summary.md")):
    """A small interview corpus with 4 true topics from the benchmark's generator, through
    the workflow (light settings) up to ``targets``; ``shuffle``: its null twin."""
    import sys

    from workflow_helpers import make_project, run_workflow

    sys.path.insert(0, str(ROOT / "benchmarks"))
    import synth_corpus

    corpus = tmp_path / f"corpus_{name}"
    synth_corpus.generate_corpus(corpus, 150, seed=3, k=4, dup_share=0.0,
                                 shuffle_seed=5 if shuffle else None)
    raw = corpus / "raw"
    files = {p.name: p.read_bytes() for p in sorted(raw.glob("*.txt"))}
    import csv

    with open(raw / "metadata.csv", encoding="utf-8") as fh:
        rows = list(csv.DictReader(fh))
    project = make_project(tmp_path / name, files, rows)
    override = tmp_path / f"{name}.yaml"
    override.write_text("topics: {k_grid: [2, 3, 4, 5, 6], n_seeds: 4, cv_folds: 4, "
                        "final_seeds: 2, n_boot: 100, theta_draws: 4, search_max_docs: 150, "
                        "tomotopy: {iterations: 150, burn_in: 75, restarts: 2, "
                        "restart_sweeps: 40, final_iterations: 100, final_burn_in: 50}}\n")
    result = run_workflow(project, *targets, fast=True, extra_configs=[override],
                          timeout=1500)
    assert result.returncode == 0, result.stderr[-3000:]
    return project, synth_corpus.load_truth(corpus)


def test_known_k_is_identified_and_its_shuffled_twin_is_not(tmp_path):
    project, truth = _synthetic_run(tmp_path, "known", shuffle=False)
    model = _model(project)
    assert model["k"] == 4 and model["identified"], model["verdict"]
    assert model["verdict"].startswith("K = 4 identified")
    summary = (project / "results" / "summary.md").read_text()
    assert "K = 4 topics are identified" in summary and MARK not in summary.split("## Topics")[1]
    # the null twin through the topic stage only (what summary.md says of a verdict that is
    # not identified is tested in test_topics_texts); every topic table carries the status
    null_project, _ = _synthetic_run(tmp_path, "shuffled", shuffle=True, targets=TOPIC_TARGETS)
    null_model = _model(null_project)
    assert not null_model["identified"]
    assert null_model["verdict"].startswith(MARK)
    assert ("does not exclude zero" in null_model["verdict"]
            or "its whole interval lies below zero" in null_model["verdict"])
    tables = null_project / "results" / "tables"
    for name in ("topic_terms", "topic_prevalence", "topic_prevalence_differences"):
        status = pd.read_csv(tables / f"{name}.csv", keep_default_na=False)["status"]
        assert len(status) and (status == MARK).all(), name


def test_sampled_search_and_gensim_engine_are_byte_identical(tmp_path):
    """The large-corpus path on the source texts: the grid on a sample of 2 of the 3
    documents that have topic units (the other two have none: a duplicate and a text
    without answers), the chosen K refitted on all units with 3 seeds, gensim as engine;
    a --cores 1 rerun with another hash seed gives the same files."""
    from workflow_helpers import make_project, run_workflow, source_files_and_rows, tree_digest

    override = tmp_path / "scale.yaml"
    override.write_text("topics: {engine: gensim, search_max_docs: 2, final_seeds: 3, "
                        "gensim: {passes: 5, iterations: 30, final_passes: 2}}\n"
                        "framing: {seeded: {max_docs: 2}}\n")
    files, rows = source_files_and_rows()
    digests = []
    for cores, hashseed in ((4, "0"), (1, "123")):
        project = make_project(tmp_path / f"c{cores}", files, rows)
        # the topic stage only (its last rules as targets): the whole workflow's identity
        # across cores is tested in test_workflow_keywords, the methods sentence of a
        # sampled search in test_topics_texts
        result = run_workflow(project, *TOPIC_TARGETS, cores=cores, fast=True,
                              hashseed=hashseed, extra_configs=[override])
        assert result.returncode == 0, result.stderr[-3000:]
        digests.append(tree_digest(project / "results"))
    assert len(digests[0]) > 20 and digests[0] == digests[1]
    res = project / "results"
    model = _model(project)
    assert model["engine"] == "gensim" and model["search"]["sampled"] is True
    assert model["search"]["n_docs"] == 2 and len(model["seeds"]) == 3
    assert sorted(p.name for p in (res / "topics" / "final").glob("*.npz")) == [
        "seed1000.npz", "seed1001.npz", "seed1002.npz"]
    units = pd.read_csv(res / "topics" / "units.csv", keep_default_na=False)
    search_rows = np.loadtxt(res / "topics" / "search_rows.txt", dtype=int)
    assert units["doc_id"].nunique() == 3
    assert units["doc_id"].iloc[search_rows].nunique() == 2 and len(search_rows) < len(units)
    with np.load(res / "topics" / "doc_topic_by_seed.npz") as z:
        assert z["posterior"].shape == (3, len(units), model["k"])   # all units, final fits
    assert (res / "tables" / "topic_prevalence.csv").is_file()
    assert not (res / "summary.md").exists()          # nothing beyond the topic stage ran
