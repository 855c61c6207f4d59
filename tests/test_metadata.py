"""The document sheet: every problem names the sheet, the row and the field."""

import csv
import shutil

import pytest

from conftest import RAW, ROOT
from scotext.corpus.metadata import validate_corpus
from scotext.errors import InputError

SCHEMA = ROOT / "workflow" / "schemas" / "metadata.schema.yaml"


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
