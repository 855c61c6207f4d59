"""The document sheet: read, validate against its JSON Schema and the files it names.

Every problem is reported as :class:`scotext.errors.InputError` naming the sheet, the row
(1-based data row, as a spreadsheet shows it below the header: row 1 is the first
document) and the field. Checks, in order:

1. the sheet exists, is a CSV with a header, has the required columns;
2. each row against ``workflow/schemas/metadata.schema.yaml`` (types, patterns, enums);
3. across rows: ``doc_id`` and ``file`` unique; ``year`` equals the year of ``date`` and
   ``date`` is a real calendar date;
4. ``file`` is a relative path inside the corpus directory (no ``..``, not absolute, no
   symlink leading out) and the file exists;
5. (``verify_files``) the file's SHA-256 equals the recorded one, and it decodes
   (:func:`scotext.corpus.decode.decode_raw`).
"""

from __future__ import annotations

import csv
import datetime as dt
import hashlib
from pathlib import Path

from scotext.errors import InputError

BOOL_COLUMNS = ("machine_translated",)
INT_COLUMNS = ("year",)


def _load_schema(path) -> dict:
    import yaml

    with open(path, encoding="utf-8") as fh:
        return yaml.safe_load(fh)


def _coerce(row: dict) -> dict:
    """CSV cells are strings: turn integer and boolean columns into their types."""
    out = {}
    for key, value in row.items():
        value = "" if value is None else value.strip()
        if key in INT_COLUMNS and value.lstrip("-").isdigit():
            out[key] = int(value)
        elif key in BOOL_COLUMNS and value.lower() in ("true", "false", "1", "0", "yes", "no"):
            out[key] = value.lower() in ("true", "1", "yes")
        elif key in BOOL_COLUMNS and value == "":
            out[key] = False
        else:
            out[key] = value
    return out


def read_metadata(path, schema_path) -> list[dict]:
    """Read and validate the sheet; returns rows sorted by doc_id."""
    import jsonschema

    path = Path(path)
    if not path.is_file():
        raise InputError("metadata sheet not found", file=str(path))
    with open(path, encoding="utf-8-sig", newline="") as fh:
        reader = csv.DictReader(fh)
        if not reader.fieldnames:
            raise InputError("metadata sheet is empty (no header row)", file=str(path))
        raw_rows = list(reader)
    schema = _load_schema(schema_path)
    missing = [c for c in schema.get("required", []) if c not in reader.fieldnames]
    if missing:
        raise InputError(f"missing column(s): {', '.join(missing)}", file=str(path))
    if not raw_rows:
        raise InputError("metadata sheet has no document rows", file=str(path))

    validator = jsonschema.Draft202012Validator(schema)
    rows, seen_ids, seen_files = [], {}, {}
    for n, raw in enumerate(raw_rows, start=1):
        if None in raw:
            raise InputError("more cells than header columns", file=str(path), row=n)
        row = _coerce(raw)
        for err in sorted(validator.iter_errors(row), key=lambda e: list(e.path)):
            field = err.path[0] if err.path else (
                err.message.split("'")[1] if "'" in err.message else None)
            raise InputError(f"{err.message}", file=str(path), row=n, field=field)
        try:
            date = dt.date.fromisoformat(row["date"])
        except ValueError:
            raise InputError(f"'{row['date']}' is not a calendar date", file=str(path),
                             row=n, field="date") from None
        if date.year != row["year"]:
            raise InputError(f"year {row['year']} does not match date {row['date']}",
                             file=str(path), row=n, field="year")
        for key, seen in (("doc_id", seen_ids), ("file", seen_files)):
            if row[key] in seen:
                raise InputError(f"duplicate {key} '{row[key]}' (also in row {seen[row[key]]})",
                                 file=str(path), row=n, field=key)
            seen[row[key]] = n
        row["_row"] = n
        rows.append(row)
    return sorted(rows, key=lambda r: r["doc_id"])


def resolve_file(row: dict, corpus_dir, sheet) -> Path:
    """Absolute path of the row's file, refusing paths that leave the corpus directory."""
    corpus_dir = Path(corpus_dir).resolve()
    rel = Path(row["file"])
    if rel.is_absolute() or ".." in rel.parts:
        raise InputError(f"path '{row['file']}' must be relative and inside the corpus "
                         f"directory", file=str(sheet), row=row["_row"], field="file")
    full = (corpus_dir / rel).resolve()
    if corpus_dir not in full.parents:
        raise InputError(f"path '{row['file']}' leads outside the corpus directory",
                         file=str(sheet), row=row["_row"], field="file")
    if not full.is_file():
        raise InputError(f"file '{row['file']}' not found in the corpus directory",
                         file=str(sheet), row=row["_row"], field="file")
    return full


def sha256_file(path) -> str:
    h = hashlib.sha256()
    with open(path, "rb") as fh:
        for chunk in iter(lambda: fh.read(1 << 20), b""):
            h.update(chunk)
    return h.hexdigest()


def validate_corpus(sheet, schema_path, corpus_dir, *, verify_files: bool = True) -> list[dict]:
    """All checks of the module docstring; returns the rows with ``path`` set."""
    from scotext.corpus.decode import decode_raw

    rows = read_metadata(sheet, schema_path)
    for row in rows:
        row["path"] = resolve_file(row, corpus_dir, sheet)
    if verify_files:
        for row in rows:
            data = row["path"].read_bytes()
            digest = hashlib.sha256(data).hexdigest()
            if digest != row["sha256"]:
                raise InputError(f"SHA-256 of '{row['file']}' is {digest}, the sheet records "
                                 f"{row['sha256']}: the file changed or the row is wrong",
                                 file=str(sheet), row=row["_row"], field="sha256")
            decode_raw(data, str(Path(corpus_dir) / row["file"]))
    return rows
