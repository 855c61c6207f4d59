"""Deterministic JSON files between stages (sorted keys, UTF-8, atomic write)."""

from __future__ import annotations

import json

from scotext.tables import atomic_write_text


def write_json(obj, path) -> None:
    atomic_write_text(path, json.dumps(obj, ensure_ascii=False, sort_keys=True, indent=1) + "\n")


def read_json(path):
    with open(path, encoding="utf-8") as fh:
        return json.load(fh)


def write_jsonl(records, path) -> None:
    """One JSON object per line (sorted keys), written atomically: a batch of documents."""
    atomic_write_text(path, "".join(json.dumps(r, ensure_ascii=False, sort_keys=True) + "\n"
                                    for r in records))


def iter_jsonl(path):
    """The objects of a JSON-lines file, one at a time (memory: one line)."""
    with open(path, encoding="utf-8") as fh:
        for line in fh:
            if line.strip():
                yield json.loads(line)
