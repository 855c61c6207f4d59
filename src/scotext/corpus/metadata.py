"""The document sheet: read, validate against its JSON Schema and the files it names.

Every problem is reported as :class:`scotext.errors.InputError` naming the sheet, the row
(1-based data row, as a spreadsheet shows it below the header: row 1 is the first
document) and the field, with what to do. **All problems of a sheet are reported at once**
(one line each, :class:`SheetErrors`); a single problem is a plain ``InputError``. Checks:

1. the sheet exists and is a CSV in UTF-8 (with or without BOM) separated by commas, with
   a header holding the required columns. A sheet in another encoding (Windows-1252,
   UTF-16 "Unicode text") is named with the line and byte offset of the first byte that
   is not UTF-8 and the hint to save it as "CSV UTF-8"; a sheet separated by semicolons,
   tabs or "|" (a spreadsheet's regional CSV setting) is named with the separator found.
   Rows whose cells are all empty (left by a spreadsheet) are skipped (their row number
   is still counted);
2. each row against ``workflow/schemas/metadata.schema.yaml`` (types, patterns, enums);
   ``sha256`` is read in lower case, booleans as true/false/1/0/yes/no (empty = false);
3. ``date`` is YYYY-MM-DD, or YYYY-MM or YYYY where the day (or month) is unknown, and a
   real calendar date; ``year`` equals its year. The workflow uses ``year`` (periods,
   contrasts); ``date`` is kept as given, a string, and only orders documents;
4. across rows: ``doc_id`` and ``file`` unique;
5. ``file`` is a relative path inside the corpus directory (no ``..``, not absolute, no
   symlink leading out) and the file exists - also for an excluded document;
6. ``sha256``: if given, the file's SHA-256 must equal it (the message gives both digests
   and what to do); if blank, it is computed and marked ``sha256_computed`` (provenance
   records that it was computed, not checked);
7. (``verify_files``) the file decodes (:func:`scotext.corpus.decode.decode_raw`) and, if
   ``language`` settings are given, is English (:func:`check_language`). An excluded
   document (``exclude`` true) is not decoded and not language-checked.

``exclude`` (optional boolean column) with ``exclude_reason`` (optional text) keeps a
document in the sheet and out of every analysis: :func:`validate_corpus` returns all rows,
each with ``exclude`` set; the workflow analyses ``included(rows)`` and lists
``excluded(rows)`` in its log and in ``provenance.json``.
"""

from __future__ import annotations

import codecs
import csv
import datetime as dt
import hashlib
import io
import re
from pathlib import Path

from scotext.errors import InputError

BOOL_COLUMNS = ("machine_translated", "exclude")
INT_COLUMNS = ("year",)
_TRUE, _FALSE = ("true", "1", "yes"), ("false", "0", "no")
_DATE_RE = re.compile(r"^(?P<y>[0-9]{4})(?:-(?P<m>[0-9]{2})(?:-(?P<d>[0-9]{2}))?)?$")
_SEPARATORS = {";": "semicolons (';')", "\t": "tabs", "|": "vertical bars ('|')"}
SAVE_AS_UTF8 = ("save the sheet as UTF-8: in Excel 'Save As' > 'CSV UTF-8 (Comma "
                "delimited) (*.csv)'; in LibreOffice 'Save As' > Text CSV with character "
                "set 'Unicode (UTF-8)'")


class SheetErrors(InputError):
    """Several problems of the document sheet, one per line (``problems``)."""

    def __init__(self, problems: list[InputError], sheet: str):
        self.problems = list(problems)
        lines = "\n".join(f"  {p}" for p in self.problems)
        super().__init__(f"{len(self.problems)} problems in the document sheet {sheet} "
                         f"(all listed; fix them and rerun):\n{lines}")


def raise_problems(problems: list[InputError], sheet) -> None:
    """Raise nothing, the one problem, or all of them as :class:`SheetErrors`."""
    if len(problems) == 1:
        raise problems[0]
    if problems:
        raise SheetErrors(problems, str(sheet))


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
        elif key in BOOL_COLUMNS and value.lower() in _TRUE + _FALSE:
            out[key] = value.lower() in _TRUE
        elif key in BOOL_COLUMNS and value == "":
            out[key] = False
        elif key == "sha256":
            out[key] = value.lower()
        else:
            out[key] = value
    return out


def _decode_sheet(data: bytes, path: Path) -> str:
    """The sheet's text; an encoding that is not UTF-8 is named with a hint."""
    if data.startswith((codecs.BOM_UTF16_LE, codecs.BOM_UTF16_BE)):
        raise InputError("the sheet is saved as UTF-16 ('Unicode text'), not UTF-8; "
                         + SAVE_AS_UTF8, file=str(path))
    try:
        return data.decode("utf-8-sig")
    except UnicodeDecodeError as exc:
        line = data.count(b"\n", 0, exc.start) + 1
        looks = ""
        try:
            sample = data[max(0, exc.start - 20):exc.start + 20].decode("cp1252")
            looks = (f" (it reads as Windows-1252 / Latin-1 there: "
                     f"'{' '.join(sample.split())}')")
        except UnicodeDecodeError:
            pass
        raise InputError(
            f"line {line}: not UTF-8: byte 0x{data[exc.start]:02x} at byte offset "
            f"{exc.start}{looks}; {SAVE_AS_UTF8}", file=str(path)) from None


def _separator_problem(header_line: str, required: list[str], path: Path) -> InputError | None:
    """A header separated by ; / tab / | instead of commas, named with what to do."""
    for sep, name in _SEPARATORS.items():
        cells = [c.strip().strip('"') for c in header_line.split(sep)]
        if len(cells) > 1 and header_line.count(sep) > header_line.count(","):
            found = [c for c in required if c in cells]
            return InputError(
                f"the sheet is separated by {name}, not commas (its header has "
                f"{len(cells)} columns split by {name}; {len(found)} of the "
                f"{len(required)} required columns are among them). Save it as CSV with "
                "commas: in Excel 'CSV UTF-8 (Comma delimited)'; in LibreOffice set the "
                "field delimiter to ','", file=str(path))
    return None


def _schema_message(err, field: str | None, value) -> str:
    """jsonschema's message, with what to write where that helps."""
    msg = err.message
    if field in BOOL_COLUMNS and err.validator == "type":
        return f"{value!r} is not true or false (write true, false, 1, 0, yes or no, or " \
               "leave it empty for false)"
    if field == "date" and err.validator == "pattern":
        return (f"{value!r} does not match YYYY-MM-DD, YYYY-MM or YYYY (ISO 8601: give "
                "only the parts you know, e.g. 2021-06 or 2021)")
    if field == "sha256" and err.validator == "pattern":
        return (f"{value!r} does not match a SHA-256 digest (64 hexadecimal characters, "
                "as `sha256sum FILE` prints); leave it empty to have it computed")
    if field == "year" and err.validator == "type":
        return f"{msg} (write the year as four digits, e.g. 2021)"
    return msg


def _check_date(row: dict, n: int, sheet: str) -> list[InputError]:
    """``date`` a real (partial) calendar date, ``year`` its year."""
    match = _DATE_RE.match(row.get("date", ""))
    if match is None:
        return []                                       # the schema already said so
    y, m, d = match.group("y"), match.group("m"), match.group("d")
    try:
        dt.date(int(y), int(m or 1), int(d or 1))
    except ValueError:
        return [InputError(f"'{row['date']}' is not a calendar date", file=sheet, row=n,
                           field="date")]
    if isinstance(row.get("year"), int) and int(y) != row["year"]:
        return [InputError(f"year {row['year']} does not match date {row['date']}",
                           file=sheet, row=n, field="year")]
    return []


def read_metadata(path, schema_path, problems: list | None = None) -> list[dict]:
    """Read and validate the sheet; returns the rows that passed, sorted by doc_id.

    With ``problems`` given, every problem is appended there (one :class:`InputError`
    each) and the rows without problems are returned; without it, all problems are raised
    at once (:func:`raise_problems`). A problem of the sheet as a whole (not found, not
    UTF-8, wrong separator, missing columns, no rows) is raised at once either way.
    """
    import jsonschema

    own = problems is None
    problems = [] if own else problems
    path = Path(path)
    sheet = str(path)
    if not path.is_file():
        raise InputError("metadata sheet not found", file=sheet)
    text = _decode_sheet(path.read_bytes(), path)
    schema = _load_schema(schema_path)
    required = list(schema.get("required", []))
    try:
        reader = csv.reader(io.StringIO(text, newline=""))
        header = next(reader, None)
        if not header or not any(c.strip() for c in header):
            raise InputError("metadata sheet is empty (no header row)", file=sheet)
        header = [c.strip() for c in header]
        missing = [c for c in required if c not in header]
        if missing:
            first_line = text.split("\n", 1)[0]
            raise (_separator_problem(first_line, required, path)
                   or InputError(f"missing column(s): {', '.join(missing)} (the header row "
                                 f"must name them; it has: {', '.join(header)})", file=sheet))
        doubled = sorted({c for c in header if header.count(c) > 1 and c})
        if doubled:
            raise InputError(f"column(s) {', '.join(doubled)} appear twice in the header",
                             file=sheet)
        raw_rows = []
        for n, cells in enumerate(reader, start=1):
            raw_rows.append((n, cells))
    except csv.Error as exc:
        raise InputError(f"line {reader.line_num}: not a readable CSV ({exc}); "
                         + SAVE_AS_UTF8, file=sheet) from None
    raw_rows = [(n, cells) for n, cells in raw_rows if any(c.strip() for c in cells)]
    if not raw_rows:
        raise InputError("metadata sheet has no document rows", file=sheet)

    validator = jsonschema.Draft202012Validator(schema)
    rows, seen = [], {"doc_id": {}, "file": {}}
    for n, cells in raw_rows:
        runaway = next((c for c in cells if "\n" in c and "," in c), None)
        if runaway is not None:        # a cell over several lines, holding separators
            problems.append(InputError(
                "a double quote opened in this row is probably not closed: one cell runs "
                f"over {runaway.rstrip(chr(10)).count(chr(10)) + 1} line(s) of the file and "
                "holds commas (close the quote, or remove it)", file=sheet, row=n))
            continue
        if len(cells) > len(header) and any(c.strip() for c in cells[len(header):]):
            problems.append(InputError(
                f"{len(cells)} cells but the header has {len(header)} columns (a comma "
                "inside a cell needs the cell in double quotes)", file=sheet, row=n))
            continue
        row = _coerce(dict(zip(header, cells + [""] * (len(header) - len(cells)))))
        row_problems = []
        for err in sorted(validator.iter_errors(row), key=lambda e: list(e.path)):
            field = err.path[0] if err.path else (
                err.message.split("'")[1] if "'" in err.message else None)
            row_problems.append(InputError(_schema_message(err, field, row.get(field)),
                                           file=sheet, row=n, field=field))
        row_problems += _check_date(row, n, sheet)
        for key in ("doc_id", "file"):
            value = row.get(key)
            if not isinstance(value, str) or not value:
                continue
            if value in seen[key]:
                row_problems.append(InputError(
                    f"duplicate {key} '{value}' (also in row {seen[key][value]})",
                    file=sheet, row=n, field=key))
            else:
                seen[key][value] = n
        problems.extend(row_problems)
        if row_problems:
            continue
        row["_row"] = n
        row.setdefault("exclude", False)
        row.setdefault("exclude_reason", "")
        row.setdefault("sha256", "")
        rows.append(row)
    if own:
        raise_problems(problems, sheet)
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


def load_function_words(path) -> frozenset[str]:
    """The English function-word list of the language check (one word a line)."""
    from scotext.corpus.tokens import normalise_word, read_lines

    return frozenset(normalise_word(w) for w in read_lines(path))


def check_language(text: str, *, function_words: frozenset[str], max_non_latin_share: float,
                   min_function_word_share: float, min_words: int) -> str | None:
    """Why ``text`` is not English by the documented measure, or None if it passes.

    Two measures (config ``language``): the share of letters that are not Latin script
    (Cyrillic, Arabic, CJK ...) must not exceed ``max_non_latin_share``; in a text of at
    least ``min_words`` words, the share of words in the English function-word list must
    reach ``min_function_word_share`` (another language in Latin script scores near 0).
    """
    from scotext.corpus.tokens import language_profile

    prof = language_profile(text, function_words)
    if prof.letters and prof.non_latin_share > max_non_latin_share:
        return (f"{prof.non_latin_share:.0%} of its {prof.letters:,} letters are not Latin "
                f"script (mostly {prof.main_other_script}; at most "
                f"{max_non_latin_share:.0%} allowed, config language.max_non_latin_share)")
    if prof.words >= min_words and prof.function_word_share < min_function_word_share:
        return (f"only {prof.function_word_share:.1%} of its {prof.words:,} words are English "
                f"function words such as 'the', 'of', 'and', 'which' (at least "
                f"{min_function_word_share:.0%} expected in English text, config "
                "language.min_function_word_share): it looks like another language")
    return None


def validate_corpus(sheet, schema_path, corpus_dir, *, verify_files: bool = True,
                    language: dict | None = None) -> list[dict]:
    """All checks of the module docstring; returns every valid row (included and
    excluded, sorted by doc_id) with ``path`` set, ``sha256`` filled in and
    ``sha256_computed`` telling whether it was computed (blank in the sheet). All problems
    are raised together. ``language``: the config's ``language`` section (checked when
    ``verify_files`` and ``language['check']``)."""
    from scotext.corpus.decode import decode_raw

    problems: list[InputError] = []
    rows = read_metadata(sheet, schema_path, problems)
    function_words = None
    if verify_files and language and language.get("check"):
        function_words = load_function_words(language["function_words"])
    good = []
    for row in rows:
        try:
            row["path"] = resolve_file(row, corpus_dir, sheet)
        except InputError as exc:
            problems.append(exc)
            continue
        recorded = row.get("sha256", "")
        row["sha256_computed"] = not recorded
        if not recorded or verify_files:
            data = row["path"].read_bytes()
            digest = hashlib.sha256(data).hexdigest()
            if not recorded:
                row["sha256"] = digest
            elif digest != recorded:
                problems.append(InputError(
                    f"SHA-256 of '{row['file']}' is {digest}, the sheet records {recorded}: "
                    "the file changed or the row is wrong. If you changed the file on "
                    f"purpose, put {digest} in this cell (or empty the cell to have it "
                    "computed); otherwise restore the original file",
                    file=str(sheet), row=row["_row"], field="sha256"))
                continue
            if verify_files and not row["exclude"]:
                try:
                    decoded = decode_raw(data, str(Path(corpus_dir) / row["file"]))
                except InputError as exc:
                    exc.sheet_row = row["_row"]          # listed with its row's problems
                    problems.append(exc)
                    continue
                if function_words is not None:
                    why = check_language(
                        decoded.text, function_words=function_words,
                        max_non_latin_share=language["max_non_latin_share"],
                        min_function_word_share=language["min_function_word_share"],
                        min_words=language["min_words"])
                    if why:
                        problems.append(InputError(
                            f"'{row['file']}' does not look like English: {why}. The "
                            "workflow analyses English text: translate the document into "
                            "English (and set machine_translated to true if a machine did "
                            "it), or set exclude to true (and an exclude_reason) in this row "
                            "to keep it out of the analyses",
                            file=str(sheet), row=row["_row"], field="file"))
                        continue
        good.append(row)
    if not problems and rows and all(r["exclude"] for r in rows):
        problems.append(InputError("every document is excluded (column exclude): nothing "
                                   "to analyse; set exclude to false for at least one row",
                                   file=str(sheet), field="exclude"))
    raise_problems(sorted(problems, key=lambda e: getattr(e, "sheet_row", None) or e.row or 0),
                   sheet)
    return good


def included(rows: list[dict]) -> list[dict]:
    """The rows the analyses use (``exclude`` false)."""
    return [r for r in rows if not r.get("exclude")]


def excluded(rows: list[dict]) -> list[dict]:
    """The rows kept out of the analyses (``exclude`` true)."""
    return [r for r in rows if r.get("exclude")]
