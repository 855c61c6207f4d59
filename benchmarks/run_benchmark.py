"""Benchmark the whole workflow on synthetic corpora of growing size (not a test).

    python benchmarks/run_benchmark.py --sizes 1000 10000 100000 --engines gensim tomotopy \\
        --cores 4 [--check-identity] [--scratch DIR] [--keep] [--profile PROFILE]

For each size a synthetic corpus is generated once (benchmarks/synth_corpus.py, into the
scratch directory); for each engine a project directory is made like
``tests/workflow_helpers.make_project`` does (``config/``, ``data/lexicons``,
``data/validation`` linked from this repository, ``data/raw`` = the synthetic corpus) and

    python -m snakemake --snakefile <repo>/Snakefile --directory <project> \\
        --configfile <repo>/config/config.yaml <override.yaml> --cores N

runs in it. Measured: wall time, peak RSS of the whole process tree (snakemake and all
its descendants, summed, polled every 0.2 s), jobs run, per-rule time and memory from
the workflow's benchmark files (results/benchmarks/**.tsv), analysis tokens, topic
recovery against the generating topics (Hungarian-matched cosine) and K chosen. With
``--check-identity`` every size/engine runs a second time with ``--cores 1`` and another
PYTHONHASHSEED, and the two results/ trees (logs/ and benchmarks/ excepted) are compared
file by file.

Output: a plain-text table on stdout, ``benchmarks/results/latest.md`` (Markdown) and
``benchmarks/results/latest.json`` (every figure). A failed workflow run stops the
benchmark with exit status 1 after showing the tail of Snakemake's stderr and its log.
"""

from __future__ import annotations

import argparse
import csv
import datetime as dt
import hashlib
import json
import os
import platform
import shutil
import signal
import subprocess
import sys
import tempfile
import time
from pathlib import Path

import numpy as np

HERE = Path(__file__).resolve().parent
ROOT = HERE.parent
sys.path.insert(0, str(HERE))

import synth_corpus  # noqa: E402

POLL_SECONDS = 0.2
IDENTITY_EXCLUDE = ("logs", "benchmarks")


# --------------------------------------------------------------------------- helpers


def load_yaml(path) -> dict:
    import yaml

    with open(path, encoding="utf-8") as fh:
        return yaml.safe_load(fh) or {}


def engine_in_schema() -> tuple[bool, list | None]:
    """Whether the config schema knows topics.engine (and its allowed values)."""
    schema = load_yaml(ROOT / "workflow" / "schemas" / "config.schema.yaml")
    props = schema.get("properties", {}).get("topics", {}).get("properties", {})
    if "engine" not in props:
        return False, None
    return True, props["engine"].get("enum")


def git_state() -> dict:
    def run(*args):
        try:
            return subprocess.run(["git", *args], cwd=ROOT, capture_output=True, text=True,
                                  timeout=30).stdout.strip()
        except (OSError, subprocess.SubprocessError):
            return ""

    return {"commit": run("rev-parse", "HEAD"),
            "dirty": bool(run("status", "--porcelain", "--untracked-files=no"))}


def snakemake_version() -> str:
    try:
        out = subprocess.run([sys.executable, "-m", "snakemake", "--version"],
                             capture_output=True, text=True, timeout=120)
        return out.stdout.strip()
    except (OSError, subprocess.SubprocessError):
        return ""


def tree_digest(folder: Path, exclude=IDENTITY_EXCLUDE) -> dict[str, str]:
    """SHA-256 of every file below ``folder`` (relative path -> digest), as
    tests/workflow_helpers.tree_digest."""
    out = {}
    for path in sorted(folder.rglob("*")):
        rel = path.relative_to(folder)
        if path.is_file() and rel.parts[0] not in exclude:
            h = hashlib.sha256()
            with open(path, "rb") as fh:
                for chunk in iter(lambda: fh.read(1 << 20), b""):
                    h.update(chunk)
            out[rel.as_posix()] = h.hexdigest()
    return out


def make_project(project: Path, corpus_raw: Path) -> Path:
    """Project folder: config/, data/lexicons, data/validation linked from the repository,
    data/raw linked to the synthetic corpus (never copied: 100k files)."""
    if project.exists():
        shutil.rmtree(project)
    (project / "data").mkdir(parents=True)
    os.symlink(ROOT / "config", project / "config")
    for sub in ("lexicons", "validation"):
        os.symlink(ROOT / "data" / sub, project / "data" / sub)
    os.symlink(corpus_raw.resolve(), project / "data" / "raw")
    return project


# --------------------------------------------------------------------------- one run


def _tree_rss(proc) -> tuple[int, int]:
    """Summed RSS (bytes) and number of processes of ``proc`` and all its descendants."""
    import psutil

    try:
        procs = [proc] + proc.children(recursive=True)
    except psutil.Error:
        return 0, 0
    total = n = 0
    for p in procs:
        try:
            total += p.memory_info().rss
            n += 1
        except psutil.Error:
            pass
    return total, n


def run_snakemake(project: Path, configfiles: list[Path], cores: int, *, hashseed: str,
                  profile: str | None, extra_args: list[str], timeout: float | None,
                  label: str) -> dict:
    """Run the workflow in ``project``; returns wall time, peak tree RSS, output paths."""
    import psutil

    cmd = [sys.executable, "-m", "snakemake", "--snakefile", str(ROOT / "Snakefile"),
           "--directory", str(project), "--configfile", *map(str, configfiles),
           "--cores", str(cores)]
    if profile:   # in place of profiles/default (merged under it, --profile would lose
        # its default-resources, e.g. the SLURM account, to the workstation profile's)
        cmd += ["--workflow-profile", profile]
    cmd += extra_args
    env = {**os.environ, "PYTHONHASHSEED": hashseed}
    logdir = project / "benchmark_logs"
    logdir.mkdir(exist_ok=True)
    out_path, err_path = logdir / "snakemake.stdout", logdir / "snakemake.stderr"
    (logdir / "command.txt").write_text(" ".join(cmd) + "\n", encoding="utf-8")
    print(f"[{label}] {' '.join(cmd)}", flush=True)
    peak = peak_n = samples = 0
    t0 = time.perf_counter()
    with open(out_path, "w") as out, open(err_path, "w") as err:
        proc = psutil.Popen(cmd, cwd=project, stdout=out, stderr=err, env=env)
        timed_out = False
        try:
            while True:
                try:
                    rc = proc.wait(timeout=POLL_SECONDS)
                    break
                except psutil.TimeoutExpired:
                    pass
                rss, n = _tree_rss(proc)
                samples += 1
                if rss > peak:
                    peak = rss
                peak_n = max(peak_n, n)
                if timeout and time.perf_counter() - t0 > timeout:
                    timed_out = True
                    _kill_tree(proc)
                    rc = proc.wait()
                    break
        except BaseException:  # Ctrl-C or SIGTERM of the benchmark: stop the run it started
            _kill_tree(proc)
            raise
    wall = time.perf_counter() - t0
    return {"returncode": rc, "timed_out": timed_out, "wall_s": wall,
            "peak_rss_mb": peak / 2**20, "peak_processes": peak_n, "rss_samples": samples,
            "stdout": str(out_path), "stderr": str(err_path), "command": cmd,
            "hashseed": hashseed, "cores": cores}


def _kill_tree(proc) -> None:
    """Stop snakemake (the process we started) and its descendants."""
    import psutil

    try:
        children = proc.children(recursive=True)
    except psutil.Error:
        children = []
    for p in [proc] + children:
        try:
            p.terminate()
        except psutil.Error:
            pass
    _, alive = psutil.wait_procs([proc] + children, timeout=10)
    for p in alive:
        try:
            p.kill()
        except psutil.Error:
            pass


def snakemake_log(project: Path) -> str:
    logs = sorted((project / ".snakemake" / "log").glob("*.snakemake.log"),
                  key=lambda p: p.stat().st_mtime)
    return str(logs[-1]) if logs else ""


def fail(run: dict, project: Path, label: str) -> None:
    err = Path(run["stderr"]).read_text(encoding="utf-8", errors="replace").splitlines()
    print(f"\n!!! workflow run FAILED: {label} (exit status {run['returncode']}"
          f"{', timed out' if run['timed_out'] else ''})", file=sys.stderr)
    print("--- last 40 lines of snakemake's stderr " + "-" * 30, file=sys.stderr)
    print("\n".join(err[-40:]), file=sys.stderr)
    print("-" * 70, file=sys.stderr)
    print(f"stderr: {run['stderr']}\nstdout: {run['stdout']}\n"
          f"snakemake log: {snakemake_log(project) or '(none)'}\nproject: {project}",
          file=sys.stderr)


# --------------------------------------------------------------------------- parsing


def parse_job_counts(text: str) -> dict:
    """Jobs from Snakemake's output: the first "Job stats" table (planned jobs per rule,
    with its total) and the last "N of M steps" line (jobs done)."""
    planned: dict[str, int] = {}
    total = None
    lines = text.splitlines()
    for pos, line in enumerate(lines):
        if line.startswith("Job stats"):
            for row in lines[pos + 1:]:
                parts = row.split()
                if len(parts) == 2 and parts[1].isdigit():
                    if parts[0] == "total":
                        total = int(parts[1])
                        break
                    if parts[0] != "job":
                        planned[parts[0]] = int(parts[1])
            break
    done = None
    for line in lines:
        if " steps (" in line and " of " in line:
            try:
                done = int(line.split(" of ")[0].split()[-1])
            except ValueError:
                pass
    finished = sum(1 for line in lines if line.startswith("Finished job")
                   or line.startswith("Finished jobid"))
    return {"planned": planned, "planned_total": total, "done": done,
            "finished_lines": finished}


def _float(value) -> float | None:
    try:
        v = float(value)
    except (TypeError, ValueError):
        return None
    return v if np.isfinite(v) else None


def rule_benchmarks(results: Path) -> dict[str, dict]:
    """Per rule from results/benchmarks/**.tsv: benchmarked jobs, total and max seconds,
    max of max_rss (MB), total cpu_time. The rule is the first directory below
    results/benchmarks/ or, for a file directly in it, the file stem."""
    base = results / "benchmarks"
    out: dict[str, dict] = {}
    for path in sorted(base.rglob("*.tsv")) if base.is_dir() else []:
        rel = path.relative_to(base)
        rule = rel.parts[0] if len(rel.parts) > 1 else path.stem
        with open(path, encoding="utf-8", newline="") as fh:
            rows = list(csv.DictReader(fh, delimiter="\t"))
        if not rows:
            continue
        row = rows[0]  # one row per job (Snakemake writes one per benchmark repeat)
        agg = out.setdefault(rule, {"jobs": 0, "total_s": 0.0, "max_s": 0.0,
                                    "max_rss_mb": None, "cpu_s": 0.0})
        agg["jobs"] += 1
        s = _float(row.get("s")) or 0.0
        agg["total_s"] += s
        agg["max_s"] = max(agg["max_s"], s)
        rss = _float(row.get("max_rss"))
        if rss is not None:
            agg["max_rss_mb"] = rss if agg["max_rss_mb"] is None else max(agg["max_rss_mb"], rss)
        agg["cpu_s"] += _float(row.get("cpu_time")) or 0.0
    return out


def corpus_tokens(results: Path) -> int | None:
    summary = results / "tables" / "corpus_summary.csv"
    if summary.is_file():
        with open(summary, encoding="utf-8", newline="") as fh:
            rows = list(csv.DictReader(fh))
        if rows and "n_tokens" in rows[0]:
            return int(sum(float(r["n_tokens"] or 0) for r in rows))
    dtm = results / "corpus" / "dtm.npz"
    if dtm.is_file():
        from scipy import sparse

        return int(sparse.load_npz(dtm).sum())
    return None


def flagged_duplicate_docs(results: Path) -> int | None:
    path = results / "tables" / "duplicates.csv"
    if not path.is_file():
        return None
    with open(path, encoding="utf-8", newline="") as fh:
        return len({r["doc_id"] for r in csv.DictReader(fh) if r.get("doc_id")})


def topic_recovery(results: Path, truth: dict) -> dict:
    """Mean cosine of Hungarian-matched (true, estimated) topic pairs over the terms both
    share (each topic renormalised on them); K chosen from results/topics/model.json."""
    from scipy.optimize import linear_sum_assignment

    out: dict = {"k": None, "recovery": None, "identified": None, "verdict": None}
    model = results / "topics" / "model.json"
    if model.is_file():
        m = json.loads(model.read_text(encoding="utf-8"))
        out.update(k=m.get("k"), identified=m.get("identified"), verdict=m.get("verdict"))
    tw = results / "topics" / "topic_word.csv"
    if not tw.is_file():
        return out
    est: dict[str, dict[str, float]] = {}
    with open(tw, encoding="utf-8", newline="") as fh:
        for r in csv.DictReader(fh):
            est.setdefault(r["topic"], {})[r["term"]] = float(r["probability"])
    topics = sorted(est, key=lambda t: (len(t), t))
    est_terms = {t for d in est.values() for t in d}
    terms = truth["terms"]
    common = [j for j, t in enumerate(terms) if t in est_terms]
    if not common or not topics:
        return out
    b_true = truth["beta"][:, common]
    true_mass = b_true.sum(axis=1)
    b_true = b_true / b_true.sum(axis=1, keepdims=True)
    b_est = np.array([[est[t].get(terms[j], 0.0) for j in common] for t in topics])
    est_mass = b_est.sum(axis=1)
    b_est = b_est / np.maximum(b_est.sum(axis=1, keepdims=True), 1e-300)
    unit = lambda m: m / np.maximum(np.linalg.norm(m, axis=1, keepdims=True), 1e-300)  # noqa: E731
    cos = unit(b_true) @ unit(b_est).T
    rows, cols = linear_sum_assignment(-cos)
    names = [str(n) for n in truth.get("topic_names", [])] or \
        [f"true{k}" for k in range(cos.shape[0])]
    out.update({
        "recovery": float(cos[rows, cols].mean()),
        "k_true": int(truth["k_true"]),
        "k_est": len(topics),
        "n_common_terms": len(common),
        "n_estimated_terms": len(est_terms),
        "true_mass_on_common": float(true_mass.mean()),
        "estimated_mass_on_truth_terms": float(est_mass.mean()),
        "pairs": [{"true": names[r], "estimated": topics[c], "cosine": float(cos[r, c])}
                  for r, c in zip(rows, cols)],
    })
    return out


# --------------------------------------------------------------------------- tables


def fmt(v, digits=1) -> str:
    if v is None:
        return "-"
    if isinstance(v, bool):
        return "yes" if v else "no"
    if isinstance(v, float):
        return f"{v:,.{digits}f}"
    if isinstance(v, int):
        return f"{v:,}"
    return str(v)


SUMMARY_COLS = ["N", "engine", "tokens", "jobs", "wall s", "peak RSS MB", "recovery", "K",
                "identified", "identical"]


def summary_rows(runs: list[dict]) -> list[list[str]]:
    rows = []
    for r in runs:
        ident = r.get("identity")
        rows.append([fmt(r["n_docs"]), r["engine"], fmt(r.get("tokens")),
                     fmt(r.get("jobs")), fmt(r.get("wall_s")), fmt(r.get("peak_rss_mb"), 0),
                     fmt(r.get("recovery"), 3), fmt(r.get("k")),
                     fmt(r.get("identified")),
                     "-" if ident is None else fmt(ident["identical"])])
    return rows


RULE_COLS = ["rule", "jobs", "benchmarked", "total s", "max s", "max RSS MB", "share"]


def rule_rows(run: dict) -> list[list[str]]:
    rules = run.get("rules", {})
    planned = run.get("job_counts", {}).get("planned", {})
    total = sum(v["total_s"] for v in rules.values()) or 1.0
    names = sorted(set(rules) | set(planned),
                   key=lambda n: (-rules.get(n, {}).get("total_s", -1), n))
    rows = []
    for name in names:
        b = rules.get(name)
        rows.append([name, fmt(planned.get(name)), fmt(b["jobs"] if b else None),
                     fmt(b["total_s"] if b else None), fmt(b["max_s"] if b else None),
                     fmt(b["max_rss_mb"] if b else None, 0),
                     f"{100 * b['total_s'] / total:.0f}%" if b else "-"])
    return rows


def text_table(cols, rows) -> str:
    widths = [max(len(c), *(len(r[i]) for r in rows)) if rows else len(c)
              for i, c in enumerate(cols)]
    line = lambda cells: "  ".join(  # noqa: E731
        c.ljust(w) if i < 2 else c.rjust(w) for i, (c, w) in enumerate(zip(cells, widths)))
    return "\n".join([line(cols), line(["-" * w for w in widths])] + [line(r) for r in rows])


def md_table(cols, rows) -> str:
    out = ["| " + " | ".join(cols) + " |",
           "|" + "|".join(":--" if i < 2 else "--:" for i in range(len(cols))) + "|"]
    out += ["| " + " | ".join(r) + " |" for r in rows]
    return "\n".join(out)


def run_label(r: dict) -> str:
    return f"N={r['n_docs']:,} engine={r['engine']} cores={r['cores']}"


def portable(text: str, scratch=None) -> str:
    """The written results name no directory of this machine (they are committed): the
    scratch directory becomes ``<scratch>``, the repository ``<repo>``, any other absolute
    path under /tmp, /home, /root, /work or /farm ``<path>``."""
    import re

    if scratch is not None:
        text = text.replace(str(scratch), "<scratch>")
    text = re.sub(re.escape(str(ROOT)) + r"(?![\w.-])", "<repo>", text)   # not /repo-other
    return re.sub(r"/(?:tmp|home|root|work|farm)/[^\s\"',)]*", "<path>", text)


def render(meta: dict, runs: list[dict], markdown: bool) -> str:
    table = md_table if markdown else text_table
    runs = sorted(runs, key=lambda r: (r["n_docs"], r["engine"]))
    parts = []
    if markdown:
        parts.append("# Workflow benchmark\n")
        parts.append(
            f"{meta['date']} - commit `{meta['git']['commit'][:12] or '?'}`"
            f"{' (uncommitted changes)' if meta['git']['dirty'] else ''} - "
            f"snakemake {meta['snakemake']} - Python {meta['python']} - "
            f"{meta['cpus']} CPUs, {meta['memory_gb']:.0f} GB - `{meta['command']}`\n")
        parts.append("Synthetic corpora from `benchmarks/synth_corpus.py` (seed "
                     f"{meta['seed']}, K_true = {synth_corpus.K_TRUE}). "
                     + "".join(f"Earlier runs kept (`--append`): {m.get('date')}, commit "
                               f"`{m.get('git', {}).get('commit', '')[:12]}`, "
                               f"`{m.get('command')}`. " for m in meta.get("earlier", []))
                     + "Wall time and peak RSS "
                     "(summed over snakemake and all its descendants) of the whole run; "
                     "recovery = mean Hungarian-matched cosine between true and estimated "
                     "topics on their common terms; identical = results/ byte-identical to a "
                     "`--cores 1` run with another PYTHONHASHSEED (logs/ and benchmarks/ "
                     "excepted).\n")
    parts.append(table(SUMMARY_COLS, summary_rows(runs)))
    for r in runs:
        head = f"Per rule - {run_label(r)} (wall {fmt(r.get('wall_s'))} s)"
        parts.append(("\n## " if markdown else "\n") + head + ("\n" if markdown else ""))
        parts.append(table(RULE_COLS, rule_rows(r)))
        notes = []
        if r.get("generation"):
            g = r["generation"]
            notes.append(f"corpus generation {fmt(g.get('generate_seconds'))} s "
                         f"({fmt(g.get('mean_tokens_per_doc'))} tokens/doc, "
                         f"{fmt(g.get('n_duplicates'))} abridged copies)")
        if r.get("tokens") is not None and r.get("truth_tokens") is not None:
            notes.append(f"analysis tokens: {fmt(r['tokens'])} in results, "
                         f"{fmt(r['truth_tokens'])} generated"
                         + (" (equal)" if r["tokens"] == r["truth_tokens"] else " (DIFFERENT)"))
        if r.get("duplicates_flagged_docs") is not None:
            notes.append(f"documents with flagged duplicate segments: "
                         f"{fmt(r['duplicates_flagged_docs'])} (abridged copies generated: "
                         f"{fmt(r.get('truth_duplicate_docs'))})")
        if r.get("recovery_detail", {}).get("pairs"):
            pairs = ", ".join(f"{p['true']}~{p['estimated']} {p['cosine']:.2f}"
                              for p in r["recovery_detail"]["pairs"])
            notes.append(f"matched topics: {pairs}")
        if r.get("recovery_detail", {}).get("verdict"):
            notes.append(f"verdict: {r['recovery_detail']['verdict']}")
        ident = r.get("identity")
        if ident:
            notes.append(f"identity run (--cores 1, PYTHONHASHSEED={ident['hashseed']}): "
                         f"wall {fmt(ident['wall_s'])} s, "
                         + ("did not complete" if ident["identical"] is None else
                            "identical" if ident["identical"] else
                            f"{len(ident['differing'])} differing file(s): "
                            + ", ".join(ident["differing"][:20])))
        if r.get("engine_note"):
            notes.append(r["engine_note"])
        if r.get("note"):
            notes.append(r["note"])
        if notes:
            parts.append("\n" + "\n".join(("- " if markdown else "  ") + n for n in notes))
    return "\n".join(parts) + "\n"


# --------------------------------------------------------------------------- main


def ensure_corpus(scratch: Path, n: int, seed: int) -> tuple[Path, dict]:
    """The synthetic corpus of ``n`` documents (generated once per size and seed)."""
    folder = scratch / f"corpus_n{n}_seed{seed}"
    info = folder / "truth.json"
    if info.is_file() and (folder / "raw" / "metadata.csv").is_file():
        summary = json.loads(info.read_text(encoding="utf-8"))
        if summary.get("n_docs") == n and summary.get("seed") == seed:
            print(f"corpus N={n:,}: reusing {folder}", flush=True)
            return folder, summary
    if folder.exists():
        shutil.rmtree(folder)
    print(f"corpus N={n:,}: generating into {folder}", flush=True)
    summary = synth_corpus.generate_corpus(folder, n, seed, progress=n >= 20000)
    print(f"corpus N={n:,}: {summary['generate_seconds']:.1f} s, "
          f"{summary['mean_tokens_per_doc']:.0f} tokens/doc", flush=True)
    return folder, summary


def main(argv=None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0],
                                 formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--sizes", type=int, nargs="+", default=[1000, 10000, 100000])
    ap.add_argument("--engines", nargs="+", default=["gensim"])
    ap.add_argument("--cores", type=int, default=os.cpu_count() or 1)
    ap.add_argument("--seed", type=int, default=1, help="seed of the synthetic corpora")
    ap.add_argument("--check-identity", action="store_true",
                    help="rerun each size/engine with --cores 1 and another PYTHONHASHSEED "
                         "and compare results/ byte for byte")
    ap.add_argument("--scratch", type=Path, default=None,
                    help="where corpora and project directories go (default: a new "
                         "temporary directory under /tmp, removed at the end unless --keep)")
    ap.add_argument("--keep", action="store_true",
                    help="keep the project directories (results/) after the runs")
    ap.add_argument("--profile", default=None,
                    help="passed to snakemake as --workflow-profile, in place of "
                         "profiles/default (e.g. profiles/slurm; give an absolute path or one "
                         "relative to the repository)")
    ap.add_argument("--engine-override", choices=["auto", "yes", "no"], default="auto",
                    help="write topics.engine into the override config: auto = only if the "
                         "config schema has topics.engine (runs of engines other than the "
                         "default are skipped when it has not)")
    ap.add_argument("--configfile", type=Path, action="append", default=[],
                    help="extra config file merged after the override (e.g. "
                         "tests/fixtures/fast.yaml for a quick run); repeatable")
    ap.add_argument("--snakemake-args", default="",
                    help="further snakemake arguments, one string (e.g. '--keep-going')")
    ap.add_argument("--timeout", type=float, default=None, help="seconds per workflow run")
    ap.add_argument("--out", type=Path, default=HERE / "results",
                    help="where latest.md and latest.json go (benchmarks/results)")
    ap.add_argument("--append", action="store_true",
                    help="keep the runs already in OUT/latest.json (a run of the same size "
                         "and engine is replaced), e.g. to add a size or resume")
    ap.add_argument("--render", type=Path, default=None, metavar="JSON",
                    help="only print the tables of an earlier run's JSON (and rewrite its "
                         "Markdown next to it)")
    args = ap.parse_args(argv)
    if args.render:
        data = json.loads(portable(args.render.read_text(encoding="utf-8")))
        args.render.write_text(json.dumps(data, indent=2, default=str) + "\n", encoding="utf-8")
        args.render.with_suffix(".md").write_text(
            portable(render(data["meta"], data["runs"], markdown=True)), encoding="utf-8")
        print(render(data["meta"], data["runs"], markdown=False))
        return 0

    import shlex

    import psutil

    has_engine, engine_enum = engine_in_schema()
    override_engine = args.engine_override == "yes" or (
        args.engine_override == "auto" and has_engine)
    profile = args.profile
    if profile and not Path(profile).is_absolute() and (ROOT / profile).exists():
        profile = str(ROOT / profile)
    own_scratch = args.scratch is None
    scratch = Path(tempfile.mkdtemp(prefix="scotext-bench-")) if own_scratch \
        else args.scratch.resolve()
    scratch.mkdir(parents=True, exist_ok=True)
    meta = {
        "date": dt.datetime.now().isoformat(timespec="seconds"),
        "command": "python benchmarks/run_benchmark.py " + " ".join(
            shlex.quote(a) for a in (sys.argv[1:] if argv is None else argv)),
        "git": git_state(), "snakemake": snakemake_version(),
        "python": platform.python_version(), "cpus": os.cpu_count(),
        "memory_gb": psutil.virtual_memory().total / 2**30, "host": platform.node(),
        "seed": args.seed, "cores": args.cores, "profile": profile, "scratch": str(scratch),
        "engine_override": override_engine, "engine_enum": engine_enum,
        "configfiles": [str(p) for p in args.configfile],
    }
    runs: list[dict] = []
    status = 0
    args.out.mkdir(parents=True, exist_ok=True)
    if args.append and (args.out / "latest.json").is_file():
        earlier = json.loads((args.out / "latest.json").read_text(encoding="utf-8"))
        planned = {(n, e) for n in args.sizes for e in args.engines}
        runs = [r for r in earlier.get("runs", []) if (r["n_docs"], r["engine"]) not in planned]
        meta["earlier"] = [earlier.get("meta", {})] + earlier.get("meta", {}).get("earlier", [])
        for m in meta["earlier"]:
            m.pop("earlier", None)

    def on_sigterm(signum, frame):
        raise SystemExit(128 + signum)

    signal.signal(signal.SIGTERM, on_sigterm)

    def write_outputs():
        (args.out / "latest.json").write_text(
            portable(json.dumps({"meta": meta, "runs": runs}, indent=2, default=str) + "\n",
                     scratch), encoding="utf-8")
        (args.out / "latest.md").write_text(portable(render(meta, runs, markdown=True), scratch),
                                            encoding="utf-8")

    try:
        for n in args.sizes:
            corpus, gen_summary = ensure_corpus(scratch, n, args.seed)
            truth = synth_corpus.load_truth(corpus)
            for engine in args.engines:
                record = {"n_docs": n, "engine": engine, "cores": args.cores,
                          "generation": {k: v for k, v in gen_summary.items()
                                         if k != "topics"}}
                override = {}
                if override_engine:
                    override = {"topics": {"engine": engine}}
                elif engine != "gensim":
                    record["engine_note"] = (f"skipped: the config schema has no "
                                             f"topics.engine yet, {engine} cannot be chosen")
                    print(f"[N={n:,} {engine}] {record['engine_note']}", flush=True)
                    runs.append(record)
                    continue
                else:
                    record["engine_note"] = ("no topics.engine override (not in the config "
                                             "schema): the default engine ran")
                project = make_project(scratch / "runs" / f"n{n}_{engine}", corpus / "raw")
                override_file = project / "benchmark_override.yaml"
                import yaml

                override_file.write_text(yaml.safe_dump(override or {}), encoding="utf-8")
                configs = [ROOT / "config" / "config.yaml", override_file] + [
                    p.resolve() for p in args.configfile]
                results = project / load_results_dir(configs)
                label = f"N={n:,} {engine}"
                run = run_snakemake(project, configs, args.cores, hashseed="0",
                                    profile=profile, extra_args=shlex.split(args.snakemake_args),
                                    timeout=args.timeout, label=label)
                record.update(run)
                record["project"] = str(project)
                record["snakemake_log"] = snakemake_log(project)
                if run["returncode"] != 0:
                    record["failed"] = True
                    runs.append(record)
                    fail(run, project, label)
                    status = 1
                    return status
                text = Path(run["stderr"]).read_text(errors="replace") + "\n" + \
                    Path(run["stdout"]).read_text(errors="replace")
                record["job_counts"] = parse_job_counts(text)
                jc = record["job_counts"]
                record["jobs"] = jc["done"] if jc["done"] is not None else jc["planned_total"]
                record["rules"] = rule_benchmarks(results)
                record["tokens"] = corpus_tokens(results)
                record["truth_tokens"] = int(truth["n_tokens"].sum())
                record["duplicates_flagged_docs"] = flagged_duplicate_docs(results)
                record["truth_duplicate_docs"] = int((truth["dup_of"] >= 0).sum())
                rec = topic_recovery(results, truth)
                record["recovery"], record["k"] = rec.get("recovery"), rec.get("k")
                record["identified"] = rec.get("identified")
                record["recovery_detail"] = rec
                runs.append(record)  # the identity rerun below completes it in place
                write_outputs()
                print(f"[{label}] done: {record['wall_s']:.1f} s, peak RSS "
                      f"{record['peak_rss_mb']:.0f} MB, {record['jobs']} jobs, recovery "
                      f"{fmt(record['recovery'], 3)}, K={record['k']}", flush=True)

                if args.check_identity:
                    project2 = make_project(scratch / "runs" / f"n{n}_{engine}_identity",
                                            corpus / "raw")
                    override2 = project2 / "benchmark_override.yaml"
                    override2.write_text(override_file.read_text(), encoding="utf-8")
                    configs2 = [ROOT / "config" / "config.yaml", override2] + [
                        p.resolve() for p in args.configfile]
                    label2 = f"{label} identity (--cores 1)"
                    run2 = run_snakemake(project2, configs2, 1, hashseed="4242",
                                         profile=profile,
                                         extra_args=shlex.split(args.snakemake_args),
                                         timeout=args.timeout, label=label2)
                    if run2["returncode"] != 0:
                        record["identity"] = {**run2, "identical": None, "differing": []}
                        fail(run2, project2, label2)
                        status = 1
                        return status
                    a = tree_digest(results)
                    b = tree_digest(project2 / load_results_dir(configs2))
                    differing = sorted(k for k in set(a) | set(b) if a.get(k) != b.get(k))
                    record["identity"] = {"wall_s": run2["wall_s"],
                                          "peak_rss_mb": run2["peak_rss_mb"],
                                          "hashseed": run2["hashseed"], "project": str(project2),
                                          "n_files": len(a), "identical": not differing,
                                          "differing": differing}
                    print(f"[{label2}] done: {run2['wall_s']:.1f} s, results "
                          + ("identical" if not differing else
                             f"DIFFER in {len(differing)} file(s): {', '.join(differing[:10])}"),
                          flush=True)
                    if not args.keep:
                        shutil.rmtree(project2, ignore_errors=True)
                write_outputs()
                if not args.keep:
                    shutil.rmtree(project, ignore_errors=True)
        return status
    except BaseException:
        status = 1
        raise
    finally:
        write_outputs()
        print("\n" + render(meta, runs, markdown=False))
        print(f"written: {args.out / 'latest.md'}, {args.out / 'latest.json'}")
        if own_scratch and not args.keep and status == 0:
            shutil.rmtree(scratch, ignore_errors=True)
        elif status != 0 or args.keep or not own_scratch:
            print(f"scratch kept: {scratch}")


def load_results_dir(configs: list[Path]) -> str:
    """results_dir of the merged configuration (later files win)."""
    value = "results"
    for path in configs:
        cfg = load_yaml(path)
        if isinstance(cfg, dict) and cfg.get("results_dir"):
            value = cfg["results_dir"]
    return value


if __name__ == "__main__":
    sys.exit(main())
