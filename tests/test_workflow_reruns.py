"""Reruns that are exactly right: editing a library module plans the jobs whose scripts
import it (directly or through other modules) and what depends on their outputs, nothing
else; a presentation key (topics.labels) plans no model fit.

The edits are made in a copy of the checkout (Snakefile, workflow/, src/, config/ and the
lexicons), never in the repository itself.
"""

import shutil
import subprocess
import sys

import pytest

from workflow_helpers import ROOT, make_project, planned_rules, source_files_and_rows

pytestmark = pytest.mark.workflow

FAST = ROOT / "tests" / "fixtures" / "fast.yaml"
CORPUS = {"corpus_clean", "corpus_tokenise", "corpus_deduplicate", "corpus_describe",
          "corpus_dtm"}
FITS = {"topics_units", "topics_fit", "topics_select", "topics_final_fit"}


@pytest.fixture(scope="module")
def checkout(tmp_path_factory):
    """A copy of the workflow code and a project that has run to the end with it."""
    base = tmp_path_factory.mktemp("reruns")
    code = base / "code"
    code.mkdir()
    for part in ("Snakefile", "workflow", "src", "config"):
        src = ROOT / part
        (shutil.copytree(src, code / part, ignore=shutil.ignore_patterns("__pycache__"))
         if src.is_dir() else shutil.copy2(src, code / part))
    files, rows = source_files_and_rows()
    project = make_project(base / "proj", files, rows)
    result = _snakemake(code, project)
    assert result.returncode == 0, result.stderr[-3000:]
    return code, project


def _snakemake(code, project, *args):
    cmd = [sys.executable, "-m", "snakemake", "--snakefile", str(code / "Snakefile"),
           "--directory", str(project), "--configfile", str(code / "config" / "config.yaml"),
           str(FAST), "--cores", "2", *args]
    return subprocess.run(cmd, cwd=project, capture_output=True, text=True, timeout=1500)


def _plan_after_edit(code, project, module):
    path = code / "src" / "scotext" / module
    original = path.read_bytes()
    path.write_bytes(original + b"\n# an edit that changes nothing\n")
    try:
        return planned_rules(_snakemake(code, project, "-n"))
    finally:
        path.write_bytes(original)


def test_nothing_planned_after_a_complete_run(checkout):
    code, project = checkout
    assert planned_rules(_snakemake(code, project, "-n")) == set()


@pytest.mark.parametrize("module, must, must_not", [
    # a plot module: only the jobs that draw with it (and the list of outputs)
    ("keywords/plots.py", {"keywords_figures"},
     CORPUS | FITS | {"keywords_keyness", "keywords_frequencies", "framing_score",
                      "framing_salience", "topics_prevalence"}),
    # the LDA engine: the topic grid and the dictionary-seeded LDA built on it
    ("topics/lda.py", {"topics_fit", "framing_seeded"},
     CORPUS | {"keywords_keyness", "keywords_frequencies", "framing_score",
               "framing_salience", "framing_transitions"}),
    # the keyword statistics: also the Fightin' Words of the framing stage
    ("keywords/stats.py", {"keywords_keyness", "framing_distinctive"},
     CORPUS | FITS | {"framing_score", "framing_transitions"}),
    # a text module: only the generated texts
    ("texts/topics.py", {"report_texts"},
     CORPUS | FITS | {"keywords_keyness", "framing_score", "topics_prevalence",
                      "topics_describe"}),
])
def test_editing_a_module_plans_exactly_its_dependants(checkout, module, must, must_not):
    code, project = checkout
    planned = _plan_after_edit(code, project, module)
    assert must <= planned, (module, planned)
    assert not (planned & must_not), (module, planned & must_not)


def test_topic_labels_plan_no_fit(checkout):
    code, project = checkout
    planned = planned_rules(_snakemake(code, project, "-n", "--config",
                                       "topics={labels: {'1': 'a label'}}"))
    assert planned, "a new label must redraw and rewrite the topic tables"
    assert not (planned & (FITS | CORPUS)), planned & (FITS | CORPUS)
