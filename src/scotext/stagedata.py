"""The typed data layer between stages: one reader and one writer per stage table.

Every stage exchanges plain CSV files (one record per line) so that any job, on any
machine, can read them. What a CSV does not carry is the *type* of a column: read naively,
a ``doc_id`` of ``000`` becomes the integer 0, a segment id ``2019_s001`` stays a string,
``is_duplicate`` may be the string "True" or a bool, and every reader decides for itself.
This module is the only place that decides:

- ids (``doc_id``, ``segment_id``, ``duplicate_of`` ...) and labels are ``str``, always;
- counts and years are ``int64``; flags are ``bool``; shares and scores ``float64``;
- missing text is the empty string (``keep_default_na=False``: a speaker called "NA" or a
  term "null" is not a missing value).

It also holds the three small rules that several stages used to write out for themselves:

- :func:`select_units`: which segments a stage analyses (roles, near-duplicates out);
- :func:`period_of` / :func:`unit_periods`: the period of a unit (its year, or the named
  group of years it belongs to, from ``keywords.periods``);
- :func:`segment_id` / :func:`parse_segment_id`: the segment-id format
  ``<doc_id>_s<NNN>`` (1-based paragraph number, at least three digits).

Readers take ``columns=`` to read a subset (the text and token columns are the large ones);
asking for a column the file does not have raises :class:`StageTableError` naming the file
and the stage that writes it.
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Mapping, Sequence

import numpy as np

from scotext.errors import InputError

STR, INT, BOOL, FLOAT = "str", "int64", "bool", "float64"

#: the roles a segment can have (scotext.corpus.segment assigns them)
ROLES = ("question", "answer", "narration", "reported", "statement")
#: the roles whose words are the official's own: answers, reported speech, statements
OFFICIAL_ROLES = ("answer", "reported", "statement")

#: segments.csv (corpus_deduplicate): one row per paragraph segment, corpus order.
SEGMENTS = {
    "doc_id": STR, "segment_id": STR, "turn": INT, "role": STR, "speaker": STR,
    "year": INT, "date": STR, "text": STR, "tokens": STR, "n_tokens": INT,
    "is_duplicate": BOOL, "duplicate_of": STR,
}
#: documents.csv (corpus_describe): one row per (included) document, sorted by doc_id.
DOCUMENTS = {
    "doc_id": STR, "file": STR, "sha256": STR, "date": STR, "year": INT, "speaker": STR,
    "outlet": STR, "genre": STR, "n_segments": INT, "n_tokens": INT,
    "n_question_turns": INT, "n_duplicate_segments": INT, "machine_translated": BOOL,
    "event_id": STR, "interviewer": STR,
}
#: topics/units.csv (topics_units): the modelled units in row order of the unit matrices.
UNITS = {"segment_id": STR, "doc_id": STR, "year": INT, "speaker": STR, "text": STR}

TABLES = {"segments": SEGMENTS, "documents": DOCUMENTS, "units": UNITS}
WRITERS = {"segments": "corpus_deduplicate", "documents": "corpus_describe",
           "units": "topics_units"}


class StageTableError(InputError, ValueError):
    """A stage table lacks a column or holds a value of the wrong type."""


def _bool(value) -> bool:
    if isinstance(value, (bool, np.bool_)):
        return bool(value)
    text = str(value).strip().lower()
    if text in ("true", "1", "yes"):
        return True
    if text in ("false", "0", "no", ""):
        return False
    raise ValueError(f"not a boolean: {value!r}")


_BOOL_TEXT = {"true": True, "1": True, "yes": True, "false": False, "0": False, "no": False,
              "": False}


def coerce(frame, schema: Mapping[str, str], *, source: str = "table"):
    """A copy of ``frame`` with the columns of ``schema`` it has cast to their types
    (vectorised); a value that cannot be cast raises :class:`StageTableError` naming the
    column and the first bad row (1-based data row)."""
    import pandas as pd

    out = frame.copy()
    for col, kind in schema.items():
        if col not in out.columns:
            continue
        values = out[col]
        try:
            if kind == STR:
                if values.dtype != object:        # numbers or another string dtype
                    values = values.astype(object).where(values.notna(), "").map(str)
                elif values.isna().any():
                    values = values.fillna("")
                out[col] = values.astype(object)
            elif kind == BOOL:
                if values.dtype != bool:
                    mapped = values.astype(str).str.strip().str.lower().map(_BOOL_TEXT)
                    if mapped.isna().any():
                        raise ValueError("not a boolean (true/false)")
                    values = mapped.astype(bool)
                out[col] = values
            elif kind == INT:
                if values.dtype.kind not in "iu":
                    values = pd.to_numeric(values.astype(str).str.strip(), errors="raise")
                    if values.dtype.kind == "f" and not (values == values.round()).all():
                        raise ValueError("not an integer")
                out[col] = values.astype(np.int64)
            elif kind == FLOAT:
                out[col] = pd.to_numeric(values, errors="raise").astype(np.float64)
        except (TypeError, ValueError) as exc:
            bad = _first_bad(values, kind)
            raise StageTableError(f"column '{col}' must be {kind}: {exc}", file=source,
                                  row=bad) from None
    return out


def _first_bad(values, kind):
    for i, v in enumerate(values.tolist(), start=1):
        try:
            if kind == BOOL:
                _bool(v)
            elif kind == INT:
                int(str(v).strip())
            elif kind == FLOAT:
                float(v)
        except (TypeError, ValueError):
            return i
    return None


def read_table(path, schema: Mapping[str, str], columns: Sequence[str] | None = None, *,
               table: str = "table"):
    """Read a stage CSV with the column types of ``schema`` (columns not in the schema:
    as strings). ``columns``: read only these (in file order)."""
    import pandas as pd

    header = pd.read_csv(path, nrows=0, keep_default_na=False).columns.tolist()
    if columns is not None:
        missing = [c for c in columns if c not in header]
        if missing:
            writer = WRITERS.get(table, "the stage that writes it")
            raise StageTableError(f"lacks column(s) {', '.join(missing)} of the {table} table; "
                                  f"rerun {writer}", file=str(path))
        wanted = set(columns)
        usecols = [c for c in header if c in wanted]
    else:
        usecols = header
    # everything is read as text first: nothing is guessed from the values
    frame = pd.read_csv(path, keep_default_na=False, dtype=str, usecols=usecols,
                        na_filter=False)
    return coerce(frame, schema, source=str(path))


def write_table(frame, path, schema: Mapping[str, str] | None = None) -> None:
    """Write a stage table atomically (full precision); with ``schema`` the known columns
    are cast first, so a writer cannot leak another type into the file."""
    from scotext.tables import write_csv

    write_csv(coerce(frame, schema) if schema else frame, path)


def read_segments(path, columns: Sequence[str] | None = None):
    """``results/corpus/segments.csv`` with fixed types (see :data:`SEGMENTS`)."""
    return read_table(path, SEGMENTS, columns, table="segments")


def write_segments(frame, path) -> None:
    missing = [c for c in SEGMENTS if c not in frame.columns]
    if missing:
        raise ValueError(f"segment table lacks column(s): {', '.join(missing)}")
    write_table(frame[list(SEGMENTS)], path, SEGMENTS)


def read_documents(path, columns: Sequence[str] | None = None):
    """``results/corpus/documents.csv`` with fixed types (see :data:`DOCUMENTS`)."""
    return read_table(path, DOCUMENTS, columns, table="documents")


def write_documents(frame, path) -> None:
    write_table(frame, path, DOCUMENTS)


def read_units(path, columns: Sequence[str] | None = None):
    """``results/topics/units.csv`` with fixed types (see :data:`UNITS`)."""
    return read_table(path, UNITS, columns, table="units")


def write_units(frame, path) -> None:
    write_table(frame, path, UNITS)


# ------------------------------------------------------------------------ shared rules

def select_units(segments, roles: Iterable[str] | str | None,
                 include_duplicates: bool = False) -> np.ndarray:
    """Boolean mask of the segments a stage analyses: role in ``roles`` (None: every
    role) and, unless ``include_duplicates``, not a flagged near-duplicate."""
    mask = np.ones(len(segments), dtype=bool)
    if roles is not None:
        roles = [roles] if isinstance(roles, str) else list(roles)
        mask &= segments["role"].astype(str).isin(roles).to_numpy()
    if not include_duplicates and "is_duplicate" in segments:
        col = segments["is_duplicate"]
        dup = col.to_numpy(dtype=bool) if col.dtype == bool else col.map(_bool).to_numpy(bool)
        mask &= ~dup
    return mask


def period_of(year, mapping: Mapping[str, Sequence[int]] | None) -> str:
    """The period label of a year: the name of the configured group of years it belongs to
    (``keywords.periods``; groups are tried in sorted name order), else the year itself."""
    y = int(year)
    for name, years in sorted((mapping or {}).items()):
        if y in {int(v) for v in years}:
            return str(name)
    return str(y)


def unit_periods(years, mapping) -> np.ndarray:
    """The period label of every unit (object array), one :func:`period_of` per distinct
    year."""
    years = np.asarray(years)
    if years.size == 0:
        return np.array([], dtype=object)
    distinct, inverse = np.unique(years.astype(np.int64), return_inverse=True)
    labels = np.array([period_of(y, mapping) for y in distinct], dtype=object)
    return labels[inverse]


_SEGMENT_ID = re.compile(r"^(?P<doc>.+)_s(?P<n>\d{3,})$")


def segment_id(doc_id: str, n: int) -> str:
    """The id of paragraph segment ``n`` (1-based) of ``doc_id``: ``<doc_id>_s<NNN>``."""
    if isinstance(n, bool) or int(n) < 1:
        raise ValueError(f"segment numbers start at 1, got {n!r}")
    return f"{doc_id}_s{int(n):03d}"


def parse_segment_id(sid: str) -> tuple[str, int]:
    """``(doc_id, n)`` of a segment id made by :func:`segment_id`; ValueError otherwise."""
    m = _SEGMENT_ID.match(str(sid))
    if not m:
        raise ValueError(f"not a segment id (<doc_id>_s<NNN>): {sid!r}")
    return m.group("doc"), int(m.group("n"))


def is_segment_id(sid) -> bool:
    return bool(_SEGMENT_ID.match(str(sid)))
