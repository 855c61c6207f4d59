"""Numbers in generated texts that carry their source, so a test can read each one back.

Every number that ``summary.md`` or ``methods.md`` prints is produced by :meth:`Cite.num`
(or :meth:`Cite.pct`, :meth:`Cite.count`), which formats the value *and* records where it
came from: the table (a path relative to ``results/``, e.g. ``tables/keyness.csv``, or
``config`` for a configuration key, or a JSON file), the column (or JSON/config key path),
the row (a ``where`` mapping of column -> value that selects exactly the rows meant) and how
the rows are combined (``agg``: ``first`` - exactly one row -, ``sum``, ``count``, ``max``,
``min``, ``mean``, ``nunique``). :func:`verify` re-reads every record from the files and
checks that formatting the value found there gives the printed text; the workflow writes
the records beside the texts (``texts_sources.csv``) so a reader can trace any number.

Formats: ``fmt`` is a ``str.format`` spec applied to the value (after ``scale``: 100 for a
percentage). Values that are missing (empty cell, NaN) print as ``n/a``.
"""

from __future__ import annotations

import json
import math
import re
from collections.abc import Mapping
from dataclasses import dataclass, field
from pathlib import Path

AGGREGATES = ("first", "sum", "count", "max", "min", "mean", "nunique", "abs_first")


@dataclass
class Source:
    text: str
    table: str
    column: str
    where: tuple = ()
    agg: str = "first"
    fmt: str = "{:.2f}"
    scale: float = 1.0
    doc: str = ""        # set by Cite.finalize: the file and line the number is printed on
    line: int = 0


_MARK = re.compile("\x02(\\d+)\x03(.*?)\x04")


def _fmt(value, fmt: str, scale: float) -> str:
    if fmt == "{}":
        return str(value)
    try:
        v = float(value)
    except (TypeError, ValueError):
        return str(value)
    if math.isnan(v):
        return "n/a"
    if math.isinf(v):
        return "∞" if v > 0 else "-∞"
    out = fmt.format(v * scale)
    return "0" + out[2:] if out.startswith("-0") and float(out) == 0 else out


@dataclass
class Cite:
    """Collects the sources of the numbers of one text. ``tables`` maps a short name
    (``keyness``) to its path relative to the results directory (``tables/keyness.csv``),
    which is how the records name it; frames already read can be passed in ``frames`` (by
    short name) to avoid reading a file twice."""

    tables: Mapping[str, str]
    frames: dict = field(default_factory=dict)
    records: list = field(default_factory=list)
    config: Mapping | None = None

    def _rel(self, name: str) -> str:
        return self.tables.get(name, name)

    def _mark(self, text: str) -> str:
        """The text wrapped in invisible markers naming its record, so that
        :meth:`finalize` can tell on which line it was printed."""
        return f"\x02{len(self.records) - 1}\x03{text}\x04"

    def num(self, value, table: str, column: str, where: Mapping | None = None, *,
            agg: str = "first", fmt: str = "{:.2f}", scale: float = 1.0) -> str:
        if agg not in AGGREGATES:
            raise ValueError(f"agg must be one of {AGGREGATES}")
        text = _fmt(value, fmt, scale)
        self.records.append(Source(text, self._rel(table), column,
                                   tuple(sorted((where or {}).items())), agg, fmt, scale))
        return self._mark(text)

    def finalize(self, text: str, doc: str) -> str:
        """``text`` without the markers; every record printed in it gets ``doc`` and its
        1-based line number."""
        out = []
        for n, line in enumerate(text.split("\n"), start=1):
            for m in _MARK.finditer(line):
                rec = self.records[int(m.group(1))]
                rec.doc, rec.line = doc, n
            out.append(_MARK.sub(lambda m: m.group(2), line))
        return "\n".join(out)

    def pct(self, value, table: str, column: str, where: Mapping | None = None, *,
            agg: str = "first", digits: int = 0) -> str:
        return self.num(value, table, column, where, agg=agg, fmt=f"{{:.{digits}f}}",
                        scale=100.0) + "%"

    def count(self, value, table: str, column: str, where: Mapping | None = None, *,
              agg: str = "first") -> str:
        return self.num(value, table, column, where, agg=agg, fmt="{:,.0f}")

    def text(self, value, table: str, key: str, where: Mapping | None = None) -> str:
        """A value printed as it is (a version, a name with digits, a warning), from a JSON
        file or a table row (``where``): e.g.
        ``cite.text(prov["packages"]["gensim"], "provenance", "packages.gensim")``."""
        return self.num(value, table, key, where, fmt="{}")

    def conf(self, key: str, fmt: str = "{}") -> str:
        """A configuration value (dotted key path), e.g. ``cite.conf("keywords.n_boot")``."""
        value = self.config
        for part in key.split("."):
            value = value[part]
        text = fmt.format(value)
        self.records.append(Source(text, "config", key, (), "first", fmt, 1.0))
        return self._mark(text)


def _read(results: Path, table: str, cache: dict, config):
    if table == "config":
        return config
    if table not in cache:
        path = results / table
        if path.suffix == ".json":
            cache[table] = json.loads(path.read_text(encoding="utf-8"))
        else:
            import pandas as pd

            cache[table] = pd.read_csv(path, keep_default_na=False, dtype=str)
    return cache[table]


def _json_value(obj, key: str):
    for part in key.split("."):
        obj = obj[int(part)] if isinstance(obj, list) else obj[part]
    return obj


def _positions(data, table: str, where, cache: dict):
    """Row positions of ``data`` whose ``where`` columns hold the given values (as strings),
    through an index of those columns built once per table and set of columns (``cache``):
    a thousand records on a table of 10^5 rows cost one grouping, not a thousand scans."""
    import numpy as np

    if not where:
        return np.arange(len(data))
    cols = tuple(col for col, _ in where)
    key = ("__index__", table, cols)
    if key not in cache:
        cache[key] = data.groupby(list(cols), sort=False).indices
    want = tuple(str(v) for _, v in where)
    return cache[key].get(want if len(cols) > 1 else want[0], np.array([], dtype=np.int64))


def lookup(src: Source, results, config=None, cache: dict | None = None):
    """The value a record points to, read from the files below ``results``."""
    import numpy as np
    import pandas as pd

    cache = {} if cache is None else cache
    data = _read(Path(results), src.table, cache, config)
    if src.table == "config" or not isinstance(data, pd.DataFrame):
        return _json_value(data, src.column)
    pos = _positions(data, src.table, src.where, cache)
    if src.agg == "count":
        return len(pos)
    column = data[src.column].iloc[pos]         # the one column, not the whole frame
    values = pd.to_numeric(column, errors="coerce") if src.agg != "nunique" else column
    if src.agg in ("first", "abs_first"):
        if len(pos) != 1:
            raise LookupError(f"{src.table}: {dict(src.where)} selects {len(pos)} rows, "
                              "not one")
        v = values.iloc[0]
        if pd.isna(v):
            return column.iloc[0]
        return abs(v) if src.agg == "abs_first" else v
    if src.agg == "nunique":
        return values.nunique()
    return float(getattr(np, "nan" + src.agg if src.agg != "mean" else "nanmean")(values))


def verify(records, results, config=None) -> list[str]:
    """Problems found re-reading every record: a list of messages (empty when all hold)."""
    cache: dict = {}
    problems = []
    for src in records:
        try:
            value = lookup(src, results, config, cache)
        except (KeyError, LookupError, IndexError) as exc:
            problems.append(f"{src.text!r} ({src.table}, {src.column}, {dict(src.where)}): "
                            f"cannot be read back: {exc}")
            continue
        if src.table == "config":
            again = src.fmt.format(value)
        else:
            again = _fmt(value, src.fmt, src.scale)
        if again != src.text:
            problems.append(f"{src.text!r} ({src.table}, {src.column}, {dict(src.where)}, "
                            f"{src.agg}): the table gives {again!r}")
    return problems


def records_table(records):
    """The records as a DataFrame (one row per printed number), for ``texts_sources.csv``."""
    import pandas as pd

    return pd.DataFrame([{"document": r.doc, "line": r.line, "text": r.text, "table": r.table,
                          "column": r.column,
                          "where": "; ".join(f"{k}={v}" for k, v in r.where), "agg": r.agg,
                          "format": r.fmt, "scale": r.scale} for r in records],
                        columns=["document", "line", "text", "table", "column", "where", "agg",
                                 "format", "scale"])
