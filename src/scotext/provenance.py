"""Provenance of a run: what went in (hashes), with what settings and software.

Nothing here depends on the clock, so the file is byte-identical across reruns of the same
inputs, config and code; run times live in the logs and benchmark files.
"""

from __future__ import annotations

import platform
import subprocess
from importlib import metadata
from pathlib import Path
from scotext.corpus.metadata import sha256_file as sha256

PACKAGES = ["snakemake", "pandas", "numpy", "scipy", "scikit-learn", "gensim", "tomotopy",
            "matplotlib", "pyyaml", "jsonschema", "symspellpy", "simplemma"]


def git_state(folder) -> dict:
    """Commit of the workflow checkout and whether tracked files differ from it."""
    def run(*args):
        return subprocess.run(["git", "-C", str(folder), *args], capture_output=True,
                              text=True, timeout=30)
    try:
        head = run("rev-parse", "HEAD")
        if head.returncode != 0:
            return {"commit": "unknown (not a git checkout)", "modified": None}
        dirty = run("status", "--porcelain", "--untracked-files=no")
        return {"commit": head.stdout.strip(), "modified": bool(dirty.stdout.strip())}
    except (OSError, subprocess.SubprocessError):
        return {"commit": "unknown (git not available)", "modified": None}


SHA_CHECKED = "checked: equals the sheet's sha256"
SHA_COMPUTED = "computed: the sheet's sha256 is blank, so the digest was not checked"


def sheet_records(sheet_rows: list[dict] | None) -> tuple[dict[str, bool], dict]:
    """From the validated sheet rows: doc_id -> whether its sha256 was computed (blank in
    the sheet), and the excluded documents (doc_id -> file and reason)."""
    computed, excluded = {}, {}
    for row in sheet_rows or []:
        computed[row["doc_id"]] = not row.get("sha256")
        if row.get("exclude"):
            excluded[row["doc_id"]] = {"file": row["file"],
                                       "reason": row.get("exclude_reason") or
                                       "(no reason given)"}
    return computed, dict(sorted(excluded.items()))


def provenance(raw: dict[str, str], lexicons: dict[str, str], metadata_sheet: str,
               config: dict, workflow_dir, sheet_rows: list[dict] | None = None) -> dict:
    """The provenance record (a JSON-ready dict).

    ``sheet_rows`` (the sheet as :func:`scotext.corpus.metadata.read_metadata` reads it,
    before digests are filled in) adds, per raw file, whether its SHA-256 was checked
    against the sheet or computed because the sheet left it blank, and the documents the
    sheet excludes (``exclude`` true) with their reason and digest; the file of an
    excluded document is resolved in ``config['corpus_dir']``.
    """
    versions = {}
    for name in PACKAGES:
        try:
            versions[name] = metadata.version(name)
        except metadata.PackageNotFoundError:
            versions[name] = "not installed"
    computed, excluded = sheet_records(sheet_rows)
    raw_files = {}
    for doc, path in sorted(raw.items()):
        entry = {"file": str(path), "sha256": sha256(path)}
        if sheet_rows is not None:
            entry["sha256_check"] = SHA_COMPUTED if computed.get(doc) else SHA_CHECKED
        raw_files[doc] = entry
    record: dict = {"raw_files": raw_files}
    if sheet_rows is not None:
        corpus_dir = Path(config.get("corpus_dir", "."))
        for doc, entry in excluded.items():
            path = corpus_dir / entry["file"]
            entry["file"] = str(path)
            entry["sha256"] = sha256(path)
            entry["sha256_check"] = SHA_COMPUTED if computed.get(doc) else SHA_CHECKED
        record["excluded_documents"] = excluded
    return {
        **record,
        "metadata_sheet": {"file": str(metadata_sheet), "sha256": sha256(metadata_sheet)},
        "lexicons": {name: {"file": str(path), "sha256": sha256(path)}
                     for name, path in sorted(lexicons.items())},
        "config": config,
        "python": platform.python_version(),
        "packages": versions,
        "workflow": {"name": "scotext", **git_state(workflow_dir)},
    }
