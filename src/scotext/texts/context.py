"""What every stage's text functions get: tables, config, provenance, the number collector."""

from __future__ import annotations

import json
from dataclasses import dataclass, field
from pathlib import Path

from scotext.texts.cite import Cite


def _num(x):
    """A table cell as a float, or None when empty or not a number."""
    try:
        v = float(x)
    except (TypeError, ValueError):
        return None
    return None if v != v else v


def f(x, d=2) -> str:
    v = _num(x)
    return "n/a" if v is None else f"{v:.{d}f}"


def pct(x) -> str:
    v = _num(x)
    return "n/a" if v is None else f"{v * 100:.0f}%"


@dataclass
class TextContext:
    """``tables``: short name -> path of a result file (absolute or relative to the working
    directory); ``results``: the results directory (the records name files relative to it);
    ``config``: the resolved configuration; ``provenance``: the provenance record (dict) or
    None (the summary does not need it)."""

    tables: dict
    config: dict
    results: Path | None = None
    provenance: dict | None = None
    cite: Cite = field(init=False)
    _frames: dict = field(default_factory=dict, init=False)

    def __post_init__(self):
        self.tables = {k: Path(v) for k, v in self.tables.items()}
        if self.results is None:
            self.results = _common_results_dir(self.tables)
        rel = {}
        for name, path in self.tables.items():
            try:
                rel[name] = path.resolve().relative_to(Path(self.results).resolve()).as_posix()
            except ValueError:
                rel[name] = path.as_posix()
        self.cite = Cite(rel, config=self.config)

    def has(self, name: str) -> bool:
        return name in self.tables

    def csv(self, name: str):
        """A table as strings (``keep_default_na=False``), read once."""
        if name not in self._frames:
            import pandas as pd

            self._frames[name] = pd.read_csv(self.tables[name], keep_default_na=False)
        return self._frames[name]

    def json(self, name: str):
        if name not in self._frames:
            self._frames[name] = json.loads(self.tables[name].read_text(encoding="utf-8"))
        return self._frames[name]


def _common_results_dir(tables: dict) -> Path:
    """The results directory: the parent of ``corpus/`` of the documents table, else the
    common parent of every table."""
    docs = tables.get("documents")
    if docs is not None and Path(docs).parent.name == "corpus":
        return Path(docs).parent.parent
    import os

    return Path(os.path.commonpath([str(Path(p).resolve()) for p in tables.values()]))
