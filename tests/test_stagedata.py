"""The typed data layer: ids stay strings, types are fixed, one rule each for units,
periods and segment ids."""

import numpy as np
import pandas as pd
import pytest

from scotext import stagedata as sd


def _segments():
    return pd.DataFrame({
        "doc_id": ["000", "000", "007"], "segment_id": ["000_s001", "000_s002", "007_s001"],
        "turn": [1, 2, 1], "role": ["question", "answer", "answer"],
        "speaker": ["NA", "A. Official", "B. Official"], "year": [2023, 2023, 2024],
        "date": ["2023", "2023", "2024-05"], "text": ["Q?", "null", "Yes."],
        "tokens": ["q", "", "yes"], "n_tokens": [1, 0, 1],
        "is_duplicate": [False, True, False], "duplicate_of": ["", "007_s001", ""]})


def test_segments_round_trip_keeps_ids_strings(tmp_path):
    path = tmp_path / "segments.csv"
    sd.write_segments(_segments(), path)
    back = sd.read_segments(path)
    assert back["doc_id"].tolist() == ["000", "000", "007"]
    assert back["speaker"].tolist()[0] == "NA" and back["text"].tolist()[1] == "null"
    assert back["date"].tolist() == ["2023", "2023", "2024-05"]
    assert back["is_duplicate"].dtype == bool and back["year"].dtype == np.int64
    pd.testing.assert_frame_equal(back, _segments().astype({"turn": np.int64, "year": np.int64,
                                                            "n_tokens": np.int64}),
                                  check_dtype=False)
    assert all(back[c].map(type).eq(str).all() for c, k in sd.SEGMENTS.items() if k == "str")
    sub = sd.read_segments(path, columns=["doc_id", "year"])
    assert list(sub.columns) == ["doc_id", "year"]


def test_missing_column_and_bad_value_are_named(tmp_path):
    path = tmp_path / "segments.csv"
    _segments().drop(columns="role").to_csv(path, index=False)
    with pytest.raises(sd.StageTableError, match="role.*corpus_deduplicate"):
        sd.read_segments(path, columns=["doc_id", "role"])
    bad = _segments()
    bad["year"] = ["2023", "x", "2024"]
    bad.to_csv(path, index=False)
    with pytest.raises(sd.StageTableError, match=r"row 2: column 'year'"):
        sd.read_segments(path)


def test_select_units_periods_and_ids():
    seg = _segments()
    assert sd.select_units(seg, ["answer"]).tolist() == [False, False, True]
    assert sd.select_units(seg, ["answer"], include_duplicates=True).tolist() == [False, True, True]
    assert sd.select_units(seg, None).tolist() == [True, False, True]
    assert sd.period_of(2019, {"Norov": [2019, 2020]}) == "Norov"
    assert sd.period_of(2025, {"Norov": [2019, 2020]}) == "2025"
    assert sd.unit_periods([2025, 2019, 2025], {"N": [2019]}).tolist() == ["2025", "N", "2025"]
    assert sd.segment_id("000", 7) == "000_s007"
    assert sd.parse_segment_id("my_doc_s2_s1234") == ("my_doc_s2", 1234)
    with pytest.raises(ValueError):
        sd.parse_segment_id("doc_s1")
    with pytest.raises(ValueError):
        sd.segment_id("d", 0)
