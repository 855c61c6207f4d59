"""Provenance of a run: what went in (hashes), with what settings and software.

Nothing here depends on the clock, so the file is byte-identical across reruns of the same
inputs, config and code; run times live in the logs and benchmark files.
"""

from __future__ import annotations

import platform
import subprocess
from importlib import metadata
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


def provenance(raw: dict[str, str], lexicons: dict[str, str], metadata_sheet: str,
               config: dict, workflow_dir) -> dict:
    """The provenance record (a JSON-ready dict)."""
    versions = {}
    for name in PACKAGES:
        try:
            versions[name] = metadata.version(name)
        except metadata.PackageNotFoundError:
            versions[name] = "not installed"
    return {
        "raw_files": {doc: {"file": str(path), "sha256": sha256(path)}
                      for doc, path in sorted(raw.items())},
        "metadata_sheet": {"file": str(metadata_sheet), "sha256": sha256(metadata_sheet)},
        "lexicons": {name: {"file": str(path), "sha256": sha256(path)}
                     for name, path in sorted(lexicons.items())},
        "config": config,
        "python": platform.python_version(),
        "packages": versions,
        "workflow": {"name": "scotext", **git_state(workflow_dir)},
    }
