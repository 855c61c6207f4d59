"""A document removed from the sheet leaves no trace in results/README.md; its stale files
are listed by `snakemake results_stale` and removed by `snakemake results_prune`."""

import re
import shutil

import pytest

from workflow_helpers import run_workflow

pytestmark = pytest.mark.workflow


def listed(results):
    return set(re.findall(r"^\| `([^`]+)` \|", (results / "README.md").read_text(), flags=re.M))


def test_removed_document_is_listed_stale_and_pruned(fast_source_run, tmp_path):
    project = tmp_path / "proj"
    shutil.copytree(fast_source_run, project, symlinks=True)
    results = project / "results"
    before = listed(results)
    assert "tables/kwic/2019_vs_2025.csv" in before
    # drop the only 2025 document: its year and every contrast with it go
    sheet = project / "data" / "raw" / "metadata.csv"
    lines = sheet.read_text().splitlines(keepends=True)
    sheet.write_text("".join(l for l in lines if not l.startswith("ermekbaev_2025_ria,")))
    result = run_workflow(project, fast=True)
    assert result.returncode == 0, result.stderr[-3000:]
    after = listed(results)
    gone = {f for f in before if "2025" in f}
    assert gone and not (after & gone)                      # README: current outputs only
    assert all((results / f).is_file() for f in after)
    stale = run_workflow(project, "results_stale", fast=True, cores=1)
    assert stale.returncode == 0, stale.stderr[-2000:]
    named = set(re.findall(r"stale \(not produced for this corpus and config\): (\S+)",
                           stale.stdout))
    assert {f"results/{f}" for f in gone} <= named
    assert (results / "tables" / "kwic" / "2019_vs_2025.csv").is_file()   # listing keeps them
    prune = run_workflow(project, "results_prune", fast=True, cores=1)
    assert prune.returncode == 0, prune.stderr[-2000:]
    assert not (results / "tables" / "kwic" / "2019_vs_2025.csv").exists()
    again = run_workflow(project, "results_stale", fast=True, cores=1)
    assert "0 file(s) stale" in again.stdout
    # nothing current was removed: the next run has nothing to do
    rerun = run_workflow(project, "-n", fast=True)
    assert "Nothing to be done" in rerun.stdout + rerun.stderr
