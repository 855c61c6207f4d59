"""Deterministic JSON files between stages (sorted keys, UTF-8, atomic write)."""

from __future__ import annotations

import json

from scotext.tables import atomic_write_text


def write_json(obj, path) -> None:
    atomic_write_text(path, json.dumps(obj, ensure_ascii=False, sort_keys=True, indent=1) + "\n")


def read_json(path):
    with open(path, encoding="utf-8") as fh:
        return json.load(fh)
