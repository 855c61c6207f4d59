"""Run the workflow on a corpus of a test's making, in a temporary directory.

The temporary directory looks like a user's project: ``config/`` and ``data/lexicons/``
are links to the repository's, ``data/raw/`` holds the test's texts and metadata sheet.
"""

from __future__ import annotations

import csv
import hashlib
import os
import subprocess
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
COLUMNS = ["doc_id", "file", "sha256", "original_file", "date", "year", "speaker",
           "interviewer", "outlet", "genre", "machine_translated", "language_note", "event_id"]


def shipped_rows() -> dict[str, dict]:
    with open(ROOT / "data" / "raw" / "metadata.csv", newline="", encoding="utf-8") as fh:
        return {r["doc_id"]: r for r in csv.DictReader(fh)}


def make_project(tmp: Path, files: dict[str, bytes], rows: list[dict], *,
                 copy_lexicons: bool = False) -> Path:
    """Create a project folder with the given raw files and sheet rows (sha256 filled in
    from the file when a row's ``sha256`` is missing); lexicons and validation data are
    links to the repository's, or copies a test may edit."""
    import shutil

    (tmp / "data" / "raw").mkdir(parents=True)
    os.symlink(ROOT / "config", tmp / "config")
    for sub in ("lexicons", "validation"):
        if copy_lexicons:
            shutil.copytree(ROOT / "data" / sub, tmp / "data" / sub)
        else:
            os.symlink(ROOT / "data" / sub, tmp / "data" / sub)
    for name, data in files.items():
        (tmp / "data" / "raw" / name).write_bytes(data)
    with open(tmp / "data" / "raw" / "metadata.csv", "w", newline="", encoding="utf-8") as fh:
        w = csv.DictWriter(fh, fieldnames=COLUMNS, lineterminator="\n")
        w.writeheader()
        for row in rows:
            row = {k: row.get(k, "") for k in COLUMNS}
            path = tmp / "data" / "raw" / row["file"]
            if not row["sha256"] and path.is_file():
                row["sha256"] = hashlib.sha256(path.read_bytes()).hexdigest()
            w.writerow(row)
    return tmp


FAST = ROOT / "tests" / "fixtures" / "fast.yaml"


def run_workflow(project: Path, *args: str, cores: int = 4, fast: bool = False,
                 timeout: int = 900, hashseed: str = "0",
                 extra_configs=()) -> subprocess.CompletedProcess:
    """``snakemake`` on ROOT's Snakefile with ``project`` as working directory; ``fast``
    merges tests/fixtures/fast.yaml over the configuration, then ``extra_configs``."""
    configs = ([str(ROOT / "config" / "config.yaml")] + ([str(FAST)] if fast else [])
               + [str(c) for c in extra_configs])
    cmd = [sys.executable, "-m", "snakemake", "--snakefile", str(ROOT / "Snakefile"),
           "--directory", str(project), "--configfile", *configs, "--cores", str(cores),
           *args]
    env = {**os.environ, "PYTHONHASHSEED": hashseed}
    return subprocess.run(cmd, cwd=project, capture_output=True, text=True, timeout=timeout,
                          env=env)


def tree_digest(folder: Path, exclude=("logs", "benchmarks")) -> dict[str, str]:
    """SHA-256 of every file below ``folder`` (relative path -> digest)."""
    out = {}
    for path in sorted(folder.rglob("*")):
        rel = path.relative_to(folder)
        if path.is_file() and rel.parts[0] not in exclude:
            out[str(rel)] = hashlib.sha256(path.read_bytes()).hexdigest()
    return out


def source_files_and_rows():
    """The shipped corpus: raw file bytes by name, and the sheet rows."""
    rows = list(shipped_rows().values())
    raw = ROOT / "data" / "raw"
    return {r["file"]: (raw / r["file"]).read_bytes() for r in rows}, rows


def planned_rules(result) -> set[str]:
    """Rule names of the jobs a ``--dry-run`` would run (from its "Job stats" table)."""
    out, in_table = set(), False
    for line in (result.stdout + result.stderr).splitlines():
        if line.startswith("Job stats"):
            in_table = True
            continue
        if in_table:
            parts = line.split()
            if len(parts) == 2 and parts[1].isdigit() and parts[0] not in ("total", "job"):
                out.add(parts[0])
            elif parts and parts[0] == "total":
                break
    return out
