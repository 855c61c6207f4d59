"""End to end: provenance, generated texts, the results list, the report, and that results
are byte-identical across a cluster-style run and after an interrupted run."""

import json
import os
import re
import signal
import subprocess
import sys
import time
from pathlib import Path

import pandas as pd
import pytest
import yaml

from workflow_helpers import (ROOT, make_project, run_workflow, source_files_and_rows,
                              tree_digest)

pytestmark = pytest.mark.workflow


def test_provenance_has_hashes_config_versions_commit_and_no_time(source_run):
    project, _ = source_run
    prov = json.loads((project / "results" / "provenance.json").read_text())
    assert len(prov["raw_files"]) == 5
    for doc, entry in prov["raw_files"].items():
        assert re.fullmatch(r"[0-9a-f]{64}", entry["sha256"])
    assert {"frames", "furniture", "spelling_variants"} <= set(prov["lexicons"])
    shipped = yaml.safe_load((ROOT / "config" / "config.yaml").read_text())
    assert prov["config"]["topics"] == shipped["topics"]      # the configuration that ran
    assert prov["packages"]["gensim"] == "4.4.0" and prov["python"].startswith("3.11")
    assert prov["packages"]["tomotopy"] == "0.14.0"
    assert len(prov["workflow"]["commit"]) >= 7
    text = (project / "results" / "provenance.json").read_text()
    assert not re.search(r"\d{4}-\d{2}-\d{2}T\d{2}:\d{2}", text)


def test_results_readme_lists_every_output(source_run):
    project, _ = source_run
    res = project / "results"
    listed = set(re.findall(r"^\| `([^`]+)` \|", (res / "README.md").read_text(), flags=re.M))
    files = {str(p.relative_to(res)) for p in res.rglob("*") if p.is_file()
             and p.relative_to(res).parts[0] not in ("logs", "benchmarks")
             and p.name != "report.html"}
    assert files == listed


# names of standards that contain digits, and author-year citations (literature, not results)
STANDARD_NAMES = r"\b(?:SHA-256|UTF-8|UTF-16|Windows-1252|ISO 8601|COVID-19|NFC)\b"
AUTHOR_YEAR = (r"(?:[A-Z][\w'-]+(?:,? (?:&|and) [A-Z][\w'-]+| et al\.)?(?:'s)? "
               r"\(?\d{4}[a-z]?(?:, \d{4}[a-z]?)*\)?)|\(\d{4}[a-z]?\)")


def _numbers(text):
    # thousands separators inside a number; a comma after it is punctuation ("2019, 2020")
    return re.findall(r"(?<![\w.])-?\d(?:[\d,]*\d)?(?:\.\d+)?%?", text)


def test_summary_and_methods_are_generated_from_the_tables(source_run):
    """Every number in summary.md and methods.md was printed through the citation
    collector, reads back from the table, config or JSON it names (texts_sources.csv),
    is on a line that names that table (summary.md), and no other number is printed."""
    from scotext.texts.cite import Source, verify

    project, _ = source_run
    res = project / "results"
    config = json.loads((res / "provenance.json").read_text())["config"]
    sources = pd.read_csv(res / "texts_sources.csv", keep_default_na=False, dtype=str)
    assert len(sources) > 50
    records = [Source(r.text, r.table, r.column,
                      tuple(tuple(kv.split("=", 1)) for kv in r.where.split("; ") if kv),
                      r.agg, r.format, float(r.scale), r.document, int(r.line))
               for r in sources.itertuples()]
    assert verify(records, res, config) == []
    docs = pd.read_csv(res / "corpus" / "documents.csv", keep_default_na=False, dtype=str)
    labels = set(docs["year"]) | set(docs["doc_id"])
    for name in ("summary.md", "methods.md"):
        lines = (res / name).read_text().split("\n")
        body_end = next((i for i, l in enumerate(lines) if l.startswith("## References")),
                        len(lines))
        for n, line in enumerate(lines[:body_end], start=1):
            cited = [r for r in records if r.doc == name and r.line == n]
            # literature first (a cited seed 1993 must not take the 1993 of "Entman 1993")
            rest = re.sub(AUTHOR_YEAR, " ", re.sub(STANDARD_NAMES, " ", line))
            # each cited number is printed on its line; the longest first, so that a cited
            # "3" does not take the 3 of a cited grid "[2, 3, 4]"
            for r in sorted(cited, key=lambda r: -len(r.text)):
                at = re.compile(rf"(?<![\w.]){re.escape(r.text)}(?![\w])")
                assert at.search(rest) or at.search(line), (name, n, r.text, line)
                rest = at.sub(" ", rest, count=1)
                if name == "summary.md" and r.table not in ("config",):
                    assert (r.table in line or Path(r.table).name in line), (
                        f"{name}:{n}: {r.text} comes from {r.table}, not named: {line}")
            rest = re.sub(r"`[^`]*`", " ", rest)               # file, figure, rule names
            rest = re.sub(STANDARD_NAMES, " ", rest)          # SHA-256, UTF-8, ...
            rest = re.sub(AUTHOR_YEAR, " ", rest)             # literature: Dunning (1993)
            rest = re.sub(r"\b[0-9a-f]{40}\b", " ", rest)     # the commit hash
            rest = re.sub(r"[A-Za-z_]+\d+[A-Za-z_\d]*", " ", rest)   # identifiers: c_v, s001
            stray = [x for x in _numbers(rest) if x not in labels]
            assert not stray, f"{name}:{n}: numbers without a source {stray}: {line}"


def test_report_html_holds_every_figure_with_caption(source_run):
    project, _ = source_run
    out = project / "results" / "report.html"
    result = run_workflow(project, "--report", str(out))
    assert result.returncode == 0, result.stderr[-2000:]
    html = out.read_text(errors="replace")
    figures = sorted(p.name for p in (project / "results" / "figures").glob("*.png"))
    assert len(figures) >= 20
    for name in figures:
        assert name in html, name
    for caption in sorted((ROOT / "workflow" / "report").glob("*.rst")):
        first = caption.read_text().split()[:4]
        assert " ".join(first) in html, caption.name
    # offline: nothing is loaded from the network (URLs appear only inside bundled licences)
    loads = re.findall(r"""<(?:script|img|iframe|link)\b[^>]*\b(?:src|href)\s*=\s*["']?(?:https?:)?//""",
                       html, flags=re.I)
    assert loads == [], loads[:5]
    out.unlink()


# one output of each stage, each with its chain of jobs (corpus, keywords, the topic grid
# and verdict, framing): the cluster path is what is tested here; that every file of the
# whole run is identical across --cores is tested in test_workflow_keywords
CLUSTER_TARGETS = ("results/tables/keyness.csv", "results/topics/model.json",
                   "results/tables/frame_salience.csv", "results/provenance.json")


def test_cluster_generic_run_is_byte_identical(fast_source_run, tmp_path):
    """Every job as its own process (cluster-generic executor, local submit script): the
    files it makes are byte-identical to those of a local run."""
    files, rows = source_files_and_rows()
    project = make_project(tmp_path, files, rows)
    os.symlink(ROOT / "profiles", project / "profiles")
    cmd = ["timeout", "-k", "10", "900", sys.executable, "-m", "snakemake", "--snakefile",
           str(ROOT / "Snakefile"), "--directory", str(project), "--configfile",
           str(ROOT / "config" / "config.yaml"), str(ROOT / "tests" / "fixtures" / "fast.yaml"),
           "--profile", "profiles/local-cluster", *CLUSTER_TARGETS]
    result = subprocess.run(cmd, cwd=project, capture_output=True, text=True)
    assert result.returncode == 0, (result.stdout + result.stderr)[-3000:]
    jobs = list((project / ".snakemake" / "local-cluster").glob("*.exit"))
    assert len(jobs) >= 15      # every job went through the submit script as its own process
    assert all(p.read_text().strip() == "0" for p in jobs)
    made = tree_digest(project / "results")
    local = tree_digest(fast_source_run / "results")
    assert len(made) >= 30 and all(t[len("results/"):] in made for t in CLUSTER_TARGETS)
    assert {name: local.get(name) for name in made} == made


def test_interrupted_run_completes_correctly(fast_source_run, tmp_path):
    """Kill a run in the middle with SIGKILL (no clean-up at all, as after a crash or a
    power loss), unlock, rerun: the results are complete and byte-identical to an
    uninterrupted run (Snakemake reruns the jobs whose outputs are incomplete)."""
    files, rows = source_files_and_rows()
    project = make_project(tmp_path, files, rows)
    cmd = [sys.executable, "-m", "snakemake", "--snakefile", str(ROOT / "Snakefile"),
           "--directory", str(project), "--configfile", str(ROOT / "config" / "config.yaml"),
           str(ROOT / "tests" / "fixtures" / "fast.yaml"), "--cores", "2"]
    proc = subprocess.Popen(cmd, cwd=project, stdout=subprocess.DEVNULL,
                            stderr=subprocess.DEVNULL, start_new_session=True)
    marker = project / "results" / "topics" / "units.csv"
    deadline = time.time() + 300
    while not marker.exists() and time.time() < deadline and proc.poll() is None:
        time.sleep(0.2)
    assert proc.poll() is None, "the run ended before it could be interrupted"
    os.killpg(proc.pid, signal.SIGKILL)
    proc.wait()
    assert not (project / "results" / "README.md").exists()
    assert run_workflow(project, "--unlock", fast=True).returncode == 0
    result = run_workflow(project, fast=True)
    assert result.returncode == 0, result.stderr[-3000:]
    assert tree_digest(project / "results") == tree_digest(fast_source_run / "results")
