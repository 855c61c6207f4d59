"""End to end: the keyword stage on the source corpus, on a corpus with a new year, and
byte-identical reruns."""

import numpy as np
import pandas as pd
import pytest

from workflow_helpers import (ROOT, make_project, run_workflow, shipped_rows,
                              source_files_and_rows, tree_digest)

pytestmark = pytest.mark.workflow
RAW = ROOT / "data" / "raw"


def _keyness(project):
    return pd.read_csv(project / "results" / "tables" / "keyness.csv", keep_default_na=False)


def test_every_pair_and_each_year_against_the_rest(source_run):
    project, _ = source_run
    k = _keyness(project)
    assert sorted(k["contrast"].unique()) == sorted([
        "2019_vs_2020", "2019_vs_2025", "2020_vs_2025", "2019_vs_rest", "2020_vs_rest",
        "2025_vs_rest"])
    numeric = k.select_dtypes("number")
    assert np.isfinite(numeric.to_numpy(dtype=float)).all()
    for contrast, g in k.groupby("contrast"):
        assert g["ranked"].sum() >= 50, contrast
        assert (g["q_bh"] >= g["p"] - 1e-12).all()


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
    assert (perm["p_perm"] >= perm["min_p"] - 1e-12).all()
    assert set(perm.loc[perm["contrast"] == "2019_vs_2020", "min_p"]) == {1 / 3}
    freq = pd.read_csv(res / "tables" / "keyword_frequencies.csv", keep_default_na=False)
    assert list(freq.columns) == ["term", "period", "count", "total", "per_10k", "ci_low",
                                  "ci_high", "n_docs", "n_segments"]
    assert ((freq["ci_low"] <= freq["per_10k"] + 1e-9) & (freq["per_10k"] <= freq["ci_high"] + 1e-9)).all()


def test_a_new_year_enters_every_table_and_figure(tmp_path):
    rows = list(shipped_rows().values())
    files = {r["file"]: (RAW / r["file"]).read_bytes() for r in rows}
    new = dict(shipped_rows()["norov_2020_cgss"])
    new.update(doc_id="copy_2023_cgss", file="copy_2023_cgss.txt", date="2023-06-01",
               year="2023", sha256="", event_id="")
    files["copy_2023_cgss.txt"] = (RAW / "norov_2020_cgss.txt").read_bytes()
    project = make_project(tmp_path, files, rows + [new])
    result = run_workflow(project, fast=True)
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
