"""End to end: provenance, generated texts, the results list, the report, and that results
are byte-identical across a cluster-style run and after an interrupted run."""

import json
import os
import re
import signal
import subprocess
import sys
import time

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


def _numbers(text):
    return re.findall(r"(?<![\w.])-?\d+(?:\.\d+)?", text)


def test_summary_and_methods_are_generated_from_the_tables(source_run):
    """Regenerated from the run's tables and config, both texts are identical; and every
    number in them (references aside) is a value of a table, the model record or config."""
    from scotext.reporting import methods_md, summary_md

    project, _ = source_run
    res = project / "results"
    config = json.loads((res / "provenance.json").read_text())["config"]
    t = res / "tables"
    tables = {
        "documents": res / "corpus" / "documents.csv", "segments": res / "corpus" / "segments.csv",
        "cleaning_audit": t / "cleaning_audit.csv", "keyness": t / "keyness.csv",
        "keyness_doc_permutation": t / "keyness_doc_permutation.csv",
        "tracked_keywords": t / "tracked_keywords.csv", "model": res / "topics" / "model.json",
        "topic_units": res / "topics" / "units.csv",
        "topic_model_selection": t / "topic_model_selection.csv",
        "topic_nmf_agreement": t / "topic_nmf_agreement.csv",
        "topic_prevalence": t / "topic_prevalence.csv",
        "topic_prevalence_differences": t / "topic_prevalence_differences.csv",
        "frame_contrasts": t / "frame_contrasts.csv", "frame_salience": t / "frame_salience.csv",
        "frame_transition_rates": t / "frame_transition_rates.csv"}
    summary = summary_md(tables, config)
    methods = methods_md(tables, config, res / "provenance.json")
    assert summary == (res / "summary.md").read_text()
    assert methods == (res / "methods.md").read_text()

    sources = set()
    for path in tables.values():
        if path.suffix == ".csv":
            df = pd.read_csv(path, keep_default_na=False)
            for col in df.columns:
                vals = pd.to_numeric(df[col], errors="coerce").dropna()
                if len(vals):          # totals over a column are read from the table too
                    vals = pd.concat([vals, pd.Series([vals.sum(), len(df)])])
                for v in vals.unique():
                    sources |= {f"{v:.{d}f}" for d in range(4)} | {f"{v * 100:.0f}"}
                    sources.add(str(int(v)) if float(v).is_integer() else str(v))
            text_cols = df.select_dtypes(include=["object", "string"])
            sources |= set(_numbers(" ".join(text_cols.astype(str).to_numpy().ravel())))
    model_text = (res / "topics" / "model.json").read_text()
    sources |= set(_numbers(model_text)) | set(_numbers(json.dumps(config)))
    for v in json.loads(model_text)["stability"]:
        sources.add(f"{v:.2f}")
    prov = json.loads((res / "provenance.json").read_text())
    sources |= set(_numbers(json.dumps(prov["packages"]) + prov["python"] +
                            prov["workflow"]["commit"]))
    body = methods.split("## References")[0] + summary
    body = re.sub(r"\b[0-9a-f]{40}\b", " ", body)               # the commit hash
    body = re.sub(r"[A-Za-z_]+\d+[A-Za-z_\d]*", " ", body)   # identifiers like s001, c_v
    body = body.replace("Windows-1252", "")                   # an encoding's name
    unexplained = sorted({n for n in _numbers(body) if n not in sources
                          and n not in {"0", "1", "2"}})
    # author-year citations in the methods text are literature, not results
    cited = {"1993", "1995", "2003", "2008", "2014", "2015", "2021", "10", "000"}
    assert set(unexplained) <= cited, unexplained


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
    out.unlink()


def test_cluster_generic_run_is_byte_identical(fast_source_run, tmp_path):
    """Every job as its own process (cluster-generic executor, local submit script)."""
    files, rows = source_files_and_rows()
    project = make_project(tmp_path, files, rows)
    os.symlink(ROOT / "profiles", project / "profiles")
    cmd = ["timeout", "-k", "10", "900", sys.executable, "-m", "snakemake", "--snakefile",
           str(ROOT / "Snakefile"), "--directory", str(project), "--configfile",
           str(ROOT / "config" / "config.yaml"), str(ROOT / "tests" / "fixtures" / "fast.yaml"),
           "--profile", "profiles/local-cluster"]
    result = subprocess.run(cmd, cwd=project, capture_output=True, text=True)
    assert result.returncode == 0, (result.stdout + result.stderr)[-3000:]
    jobs = list((project / ".snakemake" / "local-cluster").glob("*.exit"))
    assert len(jobs) >= 15      # every job went through the submit script as its own process
    assert all(p.read_text().strip() == "0" for p in jobs)
    assert tree_digest(project / "results") == tree_digest(fast_source_run / "results")


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
