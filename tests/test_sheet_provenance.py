"""provenance.json records whether each raw file's SHA-256 was checked against the sheet or
computed because the sheet left it blank, and the documents the sheet excludes."""

import csv
import shutil

import pytest

from conftest import RAW, ROOT
from scotext.corpus.metadata import read_metadata, sha256_file
from scotext.provenance import SHA_CHECKED, SHA_COMPUTED, provenance

SCHEMA = ROOT / "workflow" / "schemas" / "metadata.schema.yaml"


@pytest.fixture
def corpus(tmp_path):
    shutil.copytree(RAW, tmp_path / "raw")
    sheet = tmp_path / "raw" / "metadata.csv"
    with open(sheet, newline="", encoding="utf-8") as fh:
        rows = list(csv.DictReader(fh))
    rows[0]["sha256"] = ""                                   # ermekbaev_2025_ria
    for r in rows:
        r["exclude"], r["exclude_reason"] = "", ""
    rows[4]["exclude"], rows[4]["exclude_reason"] = "true", "news item, not an interview"
    with open(sheet, "w", newline="", encoding="utf-8") as fh:
        w = csv.DictWriter(fh, fieldnames=list(rows[0]), lineterminator="\n")
        w.writeheader()
        w.writerows(rows)
    return tmp_path / "raw"


def test_computed_digests_and_excluded_documents_are_recorded(corpus):
    rows = read_metadata(corpus / "metadata.csv", SCHEMA)
    included = {r["doc_id"]: corpus / r["file"] for r in rows if not r["exclude"]}
    record = provenance(included, {}, corpus / "metadata.csv", {"corpus_dir": str(corpus)},
                        ROOT, sheet_rows=rows)
    checks = {d: e["sha256_check"] for d, e in record["raw_files"].items()}
    assert checks == {"ermekbaev_2025_ria": SHA_COMPUTED, "norov_2019_infoshos": SHA_CHECKED,
                      "norov_2019_press_conference": SHA_CHECKED,
                      "norov_2020_cgss": SHA_CHECKED}
    assert record["raw_files"]["ermekbaev_2025_ria"]["sha256"] == \
        sha256_file(corpus / "ermekbaev_2025_ria.txt")
    assert record["excluded_documents"] == {"norov_2020_tass": {
        "file": str(corpus / "norov_2020_tass.txt"), "reason": "news item, not an interview",
        "sha256": sha256_file(corpus / "norov_2020_tass.txt"), "sha256_check": SHA_CHECKED}}


def test_without_sheet_rows_the_record_keeps_its_former_shape(corpus):
    record = provenance({"a": corpus / "norov_2020_tass.txt"}, {}, corpus / "metadata.csv", {},
                        ROOT)
    assert set(record["raw_files"]["a"]) == {"file", "sha256"}
    assert "excluded_documents" not in record
