"""Shared fixtures: paths of the repository, its raw corpus and lexicons."""

from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[1]
RAW = ROOT / "data" / "raw"
LEX = ROOT / "data" / "lexicons"


@pytest.fixture(scope="session")
def root():
    return ROOT


@pytest.fixture(scope="session")
def glue_splitter():
    from scotext.corpus.glue import GlueSplitter, load_word_list

    return GlueSplitter(load_word_list(LEX / "glue_prefixes.txt"))


def raw_text(doc_id: str) -> str:
    return (RAW / f"{doc_id}.txt").read_text(encoding="utf-8")


@pytest.fixture(scope="session")
def source_run(tmp_path_factory):
    """The whole workflow on the five source texts, run once per test session in a
    temporary project; returns (project folder, digests of its raw files before the run)."""
    from workflow_helpers import make_project, run_workflow, shipped_rows, tree_digest

    tmp = tmp_path_factory.mktemp("source")
    rows = list(shipped_rows().values())
    files = {r["file"]: (RAW / r["file"]).read_bytes() for r in rows}
    project = make_project(tmp, files, rows)
    before = tree_digest(project / "data" / "raw")
    result = run_workflow(project)
    assert result.returncode == 0, result.stderr[-3000:]
    return project, before


@pytest.fixture(scope="session")
def fast_source_run(tmp_path_factory):
    """The source corpus with the light test configuration (tests/fixtures/fast.yaml),
    run once; the reference for the cluster, interruption and rerun tests."""
    from workflow_helpers import make_project, run_workflow, source_files_and_rows

    files, rows = source_files_and_rows()
    project = make_project(tmp_path_factory.mktemp("fast"), files, rows)
    result = run_workflow(project, fast=True)
    assert result.returncode == 0, result.stderr[-3000:]
    return project
