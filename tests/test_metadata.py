"""The document sheet: every problem names the sheet, the row and the field."""

import csv
import hashlib
import shutil

import pytest
import yaml

from conftest import RAW, ROOT
from scotext.corpus.metadata import SheetErrors, excluded, included, validate_corpus
from scotext.errors import InputError

SCHEMA = ROOT / "workflow" / "schemas" / "metadata.schema.yaml"
LANGUAGE = {**yaml.safe_load((ROOT / "config" / "config.yaml").read_text())["language"]}
LANGUAGE["function_words"] = ROOT / LANGUAGE["function_words"]


def shipped_sha(corpus, row: int) -> str:
    with open(corpus / "metadata.csv", newline="", encoding="utf-8") as fh:
        file = list(csv.DictReader(fh))[row - 1]["file"]
    return hashlib.sha256((corpus / file).read_bytes()).hexdigest()


@pytest.fixture
def corpus(tmp_path):
    """A copy of the shipped corpus that a test may break."""
    shutil.copytree(RAW, tmp_path / "raw")
    return tmp_path / "raw"


def _edit(sheet, row, **changes):
    with open(sheet, newline="", encoding="utf-8") as fh:
        rows = list(csv.DictReader(fh))
    rows[row - 1].update(changes)
    with open(sheet, "w", newline="", encoding="utf-8") as fh:
        w = csv.DictWriter(fh, fieldnames=list(rows[0]), lineterminator="\n")
        w.writeheader()
        w.writerows(rows)


def test_shipped_sheet_is_valid(corpus):
    rows = validate_corpus(corpus / "metadata.csv", SCHEMA, corpus)
    assert [r["doc_id"] for r in rows] == sorted(r["doc_id"] for r in rows)
    assert {r["year"] for r in rows} == {2019, 2020, 2025}
    assert sum(r["machine_translated"] for r in rows) == 1


@pytest.mark.parametrize("row, changes, field, message", [
    (5, {"doc_id": "norov_2020_cgss"}, "doc_id", "duplicate doc_id .norov_2020_cgss. \\(also in row 4\\)"),
    (2, {"year": "2020"}, "year", "year 2020 does not match date 2019-04-22"),
    (2, {"date": "2019-02-30"}, "date", "is not a calendar date"),
    (2, {"date": "22.04.2019"}, "date", "does not match"),
    (2, {"file": "missing.txt"}, "file", "file 'missing.txt' not found"),
    (2, {"file": "../outside.txt"}, "file", "must be relative and inside the corpus"),
    (2, {"file": "/etc/hostname"}, "file", "must be relative and inside the corpus"),
    (2, {"sha256": "0" * 64}, "sha256", "the file changed or the row is wrong"),
    (2, {"sha256": "12ab"}, "sha256", "does not match a SHA-256 digest"),
    (2, {"genre": "podcast"}, "genre", "is not one of"),
    (2, {"year": "twenty"}, "year", "is not of type 'integer'"),
    (3, {"speaker": ""}, "speaker", "should be non-empty"),
])
def test_bad_rows_named(corpus, row, changes, field, message):
    _edit(corpus / "metadata.csv", row, **changes)
    with pytest.raises(InputError, match=message) as err:
        validate_corpus(corpus / "metadata.csv", SCHEMA, corpus)
    assert err.value.row == row and err.value.field == field
    assert f"metadata.csv: row {row}: field '{field}': " in str(err.value)


def test_missing_column_named(corpus):
    sheet = corpus / "metadata.csv"
    lines = sheet.read_text().splitlines()
    sheet.write_text("\n".join(l.replace(",speaker,", ",who,", 1) for l in lines) + "\n")
    with pytest.raises(InputError, match="missing column"):
        validate_corpus(sheet, SCHEMA, corpus)


def test_symlink_leaving_corpus_refused(corpus, tmp_path):
    outside = tmp_path / "secret.txt"
    outside.write_text("text outside the corpus\n")
    (corpus / "link.txt").symlink_to(outside)
    _edit(corpus / "metadata.csv", 1, file="link.txt")
    with pytest.raises(InputError, match="leads outside the corpus directory"):
        validate_corpus(corpus / "metadata.csv", SCHEMA, corpus)


# -- dates where the day or month is unknown ------------------------------------------------

@pytest.mark.parametrize("date, year, problem", [
    ("2019", "2019", None), ("2019-04", "2019", None), ("2019-04-22", "2019", None),
    ("2019-13", "2019", "is not a calendar date"), ("2019-00", "2019", "is not a calendar date"),
    ("2019", "2018", "year 2018 does not match date 2019"),
    ("19-04", "2019", "does not match YYYY-MM-DD, YYYY-MM or YYYY"),
])
def test_partial_dates(corpus, date, year, problem):
    _edit(corpus / "metadata.csv", 2, date=date, year=year)
    if problem is None:
        rows = validate_corpus(corpus / "metadata.csv", SCHEMA, corpus)
        row = next(r for r in rows if r["_row"] == 2)
        assert row["date"] == date and row["year"] == int(year)   # kept as given
    else:
        with pytest.raises(InputError, match=problem):
            validate_corpus(corpus / "metadata.csv", SCHEMA, corpus)


# -- encodings and separators ------------------------------------------------------------

def test_sheet_in_cp1252_is_named_with_line_byte_and_what_to_do(corpus):
    sheet = corpus / "metadata.csv"
    text = sheet.read_text(encoding="utf-8").replace("TASS correspondent", "TASS Korrespondent Müller")
    sheet.write_bytes(text.encode("cp1252"))
    line = next(i for i, l in enumerate(text.splitlines(), start=1) if "Müller" in l)
    offset = text.encode("cp1252").index("ü".encode("cp1252"))
    with pytest.raises(InputError) as err:
        validate_corpus(sheet, SCHEMA, corpus)
    msg = str(err.value)
    assert f"metadata.csv: line {line}: not UTF-8: byte 0xfc at byte offset {offset}" in msg
    assert "save the sheet as UTF-8" in msg and "CSV UTF-8" in msg
    assert "Windows-1252" in msg


def test_sheet_in_utf16_is_named(corpus):
    sheet = corpus / "metadata.csv"
    sheet.write_bytes(sheet.read_text(encoding="utf-8").encode("utf-16"))
    with pytest.raises(InputError, match="saved as UTF-16 .* save the sheet as UTF-8"):
        validate_corpus(sheet, SCHEMA, corpus)


@pytest.mark.parametrize("sep, name", [(";", "semicolons (';')"), ("\t", "tabs")])
def test_sheet_with_another_separator_is_named(corpus, sep, name):
    sheet = corpus / "metadata.csv"
    with open(sheet, newline="", encoding="utf-8") as fh:
        rows = list(csv.reader(fh))
    with open(sheet, "w", newline="", encoding="utf-8") as fh:
        csv.writer(fh, delimiter=sep, lineterminator="\n").writerows(rows)
    with pytest.raises(InputError) as err:
        validate_corpus(sheet, SCHEMA, corpus)
    msg = str(err.value)
    assert f"the sheet is separated by {name}, not commas" in msg
    assert "Comma delimited" in msg and "missing column" not in msg


def test_unclosed_quote_is_named(corpus):
    sheet = corpus / "metadata.csv"
    sheet.write_text(sheet.read_text().replace("TASS correspondent,", '"TASS correspondent,', 1))
    with pytest.raises(InputError, match="row 5: a double quote .* is probably not closed"):
        validate_corpus(sheet, SCHEMA, corpus)


def test_empty_spreadsheet_rows_are_skipped_and_extra_cells_named(corpus):
    sheet = corpus / "metadata.csv"
    n_cols = len(sheet.read_text().splitlines()[0].split(","))
    sheet.write_text(sheet.read_text() + "," * (n_cols - 1) + "\n")
    assert len(validate_corpus(sheet, SCHEMA, corpus)) == 5
    lines = sheet.read_text().splitlines()
    lines[2] += ",surplus"
    sheet.write_text("\n".join(lines) + "\n")
    with pytest.raises(InputError, match="row 2: .* cells but the header has"):
        validate_corpus(sheet, SCHEMA, corpus)


# -- every problem at once ---------------------------------------------------------------------

def test_all_problems_of_the_sheet_are_reported_at_once(corpus):
    sheet = corpus / "metadata.csv"
    _edit(sheet, 1, year="2020", genre="podcast")
    _edit(sheet, 3, file="missing.txt")
    _edit(sheet, 4, sha256="0" * 64)
    _edit(sheet, 5, doc_id="norov_2019_infoshos")
    with pytest.raises(SheetErrors) as err:
        validate_corpus(sheet, SCHEMA, corpus)
    found = [(p.row, p.field) for p in err.value.problems]
    assert found == [(1, "genre"), (1, "year"), (3, "file"), (4, "sha256"), (5, "doc_id")]
    lines = str(err.value).splitlines()
    assert lines[0].startswith("5 problems in the document sheet")
    assert len(lines) == 6
    assert all(f"metadata.csv: row {r}: field '{f}': " in line
               for (r, f), line in zip(found, lines[1:]))


# -- sha256: optional, and what to do on a mismatch ---------------------------------------------

def test_blank_sha256_is_computed_and_marked(corpus):
    sheet = corpus / "metadata.csv"
    _edit(sheet, 2, sha256="")
    _edit(sheet, 3, sha256=shipped_sha(corpus, 3).upper())     # as PowerShell prints it
    rows = {r["_row"]: r for r in validate_corpus(sheet, SCHEMA, corpus)}
    assert rows[2]["sha256_computed"] and not rows[3]["sha256_computed"]
    assert rows[2]["sha256"] == hashlib.sha256(rows[2]["path"].read_bytes()).hexdigest()
    assert rows[3]["sha256"] == shipped_sha(corpus, 3)


def test_sha256_column_may_be_absent(corpus):
    sheet = corpus / "metadata.csv"
    with open(sheet, newline="", encoding="utf-8") as fh:
        rows = list(csv.DictReader(fh))
    _write(sheet, [{k: v for k, v in r.items() if k != "sha256"} for r in rows])
    assert all(r["sha256_computed"] for r in validate_corpus(sheet, SCHEMA, corpus))


def test_sha256_mismatch_says_both_digests_and_what_to_do(corpus):
    sheet = corpus / "metadata.csv"
    _edit(sheet, 2, sha256="a" * 64)
    with pytest.raises(InputError) as err:
        validate_corpus(sheet, SCHEMA, corpus)
    actual = shipped_sha(corpus, 2)
    msg = str(err.value)
    assert f"is {actual}, the sheet records {'a' * 64}" in msg
    assert f"put {actual} in this cell" in msg and "restore the original file" in msg


# -- exclude --------------------------------------------------------------------------------

def _write(sheet, rows):
    cols = list(dict.fromkeys(k for r in rows for k in r))
    with open(sheet, "w", newline="", encoding="utf-8") as fh:
        w = csv.DictWriter(fh, fieldnames=cols, lineterminator="\n", restval="")
        w.writeheader()
        w.writerows(rows)


def _with_columns(sheet, changes: dict[int, dict]):
    with open(sheet, newline="", encoding="utf-8") as fh:
        rows = list(csv.DictReader(fh))
    for n, change in changes.items():
        rows[n - 1].update(change)
    _write(sheet, rows)


def test_exclude_keeps_a_document_out_without_deleting_it(corpus):
    sheet = corpus / "metadata.csv"
    (corpus / "norov_2020_tass.txt").write_text("Это текст на русском языке. " * 20,
                                                encoding="utf-8")
    _with_columns(sheet, {5: {"exclude": "TRUE", "exclude_reason": "in Russian",
                              "sha256": ""}, 1: {"exclude": "no"}})
    rows = validate_corpus(sheet, SCHEMA, corpus, language=LANGUAGE)
    assert [r["doc_id"] for r in excluded(rows)] == ["norov_2020_tass"]
    assert excluded(rows)[0]["exclude_reason"] == "in Russian"
    assert len(included(rows)) == 4 and not any(r["exclude"] for r in included(rows))
    # an excluded document's file must still exist
    _with_columns(sheet, {5: {"file": "gone.txt"}})
    with pytest.raises(InputError, match="row 5: field 'file': file 'gone.txt' not found"):
        validate_corpus(sheet, SCHEMA, corpus, language=LANGUAGE)


@pytest.mark.parametrize("value, ok", [("true", True), ("1", True), ("", True),
                                       ("maybe", False)])
def test_exclude_values(corpus, value, ok):
    _with_columns(corpus / "metadata.csv", {2: {"exclude": value}})
    if ok:
        validate_corpus(corpus / "metadata.csv", SCHEMA, corpus)
    else:
        with pytest.raises(InputError, match="row 2: field 'exclude': 'maybe' is not true or false"):
            validate_corpus(corpus / "metadata.csv", SCHEMA, corpus)


def test_every_document_excluded_is_an_error(corpus):
    _with_columns(corpus / "metadata.csv", {n: {"exclude": "true"} for n in range(1, 6)})
    with pytest.raises(InputError, match="every document is excluded"):
        validate_corpus(corpus / "metadata.csv", SCHEMA, corpus)


# -- language ---------------------------------------------------------------------------

RUSSIAN = ("Генеральный секретарь ШОС заявил, что государства-члены организации продолжат "
           "сотрудничество в области безопасности, экономики и культуры. ") * 5
FRENCH = ("Le secrétaire général a déclaré que les États membres coopèrent dans les domaines "
          "de la sécurité, de l'économie et de la culture, et que l'organisation reste ouverte "
          "à de nouveaux partenaires. ") * 3


@pytest.mark.parametrize("text, detected", [(RUSSIAN, "are not Latin script (mostly cyrillic"),
                                            (FRENCH, "are English function words")])
def test_a_document_not_in_english_stops_the_run(corpus, text, detected):
    (corpus / "norov_2020_tass.txt").write_text(text, encoding="utf-8")
    _edit(corpus / "metadata.csv", 5, sha256="")
    with pytest.raises(InputError) as err:
        validate_corpus(corpus / "metadata.csv", SCHEMA, corpus, language=LANGUAGE)
    msg = str(err.value)
    assert "metadata.csv: row 5: field 'file': 'norov_2020_tass.txt' does not look like English" in msg
    assert detected in msg and "translate the document into English" in msg
    assert "set exclude to true" in msg
    # the check is a setting
    validate_corpus(corpus / "metadata.csv", SCHEMA, corpus, language={**LANGUAGE, "check": False})


def test_the_shipped_english_texts_pass_the_language_check(corpus):
    assert len(validate_corpus(corpus / "metadata.csv", SCHEMA, corpus, language=LANGUAGE)) == 5
