"""The citation collector: every printed number reads back from the table it names."""

import pandas as pd

from scotext.texts.cite import Cite, verify


def _table(tmp_path):
    (tmp_path / "tables").mkdir()
    pd.DataFrame({"contrast": ["a", "a", "b"], "term": ["x", "y", "x"],
                  "p": [0.0123, 0.5, 0.25], "n": [3, 4, 5]}).to_csv(
        tmp_path / "tables" / "t.csv", index=False)
    return Cite({"t": "tables/t.csv"})


def test_numbers_read_back_through_the_index(tmp_path):
    c = _table(tmp_path)
    c.num(0.0123, "t", "p", {"contrast": "a", "term": "x"}, fmt="{:.3f}")
    c.count(2, "t", "term", {"contrast": "a"}, agg="count")
    c.count(12, "t", "n", agg="sum")
    c.num(0.25, "t", "p", {"term": "x", "contrast": "b"}, fmt="{:.2f}")
    assert verify(c.records, tmp_path) == []


def test_a_wrong_number_or_an_ambiguous_row_is_reported(tmp_path):
    c = _table(tmp_path)
    c.num(0.013, "t", "p", {"contrast": "a", "term": "x"}, fmt="{:.3f}")   # typed, not read
    c.num(0.5, "t", "p", {"contrast": "a"}, fmt="{:.1f}")                   # two rows
    c.num(0.5, "t", "p", {"contrast": "zzz"}, fmt="{:.1f}")                 # no row
    problems = verify(c.records, tmp_path)
    assert len(problems) == 3
    assert "the table gives '0.012'" in problems[0]
    assert "selects 2 rows" in problems[1] and "selects 0 rows" in problems[2]


def test_a_text_value_from_a_table_row(tmp_path):
    (tmp_path / "tables").mkdir()
    pd.DataFrame({"doc_id": ["002", "003"], "segment_warnings": ["no question found in 2 of 9", ""]}
                 ).to_csv(tmp_path / "tables" / "audit.csv", index=False)
    c = Cite({"audit": "tables/audit.csv"})
    c.text("no question found in 2 of 9", "audit", "segment_warnings", {"doc_id": "002"})
    assert verify(c.records, tmp_path) == []
    c.text("another warning", "audit", "segment_warnings", {"doc_id": "002"})
    assert len(verify(c.records, tmp_path)) == 1
