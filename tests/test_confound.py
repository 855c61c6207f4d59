"""Caveats computed for the comparison they sit on, from the metadata."""

import pandas as pd

from scotext import confound as cf


def _docs():
    return pd.DataFrame({
        "doc_id": ["a1", "a2", "b1", "c1", "c2"],
        "year": [2019, 2019, 2020, 2023, 2023],
        "speaker": ["Norov", "Norov", "Norov", "Zhang", "Norov"],
        "genre": ["interview", "interview", "news_item", "speech", "interview"],
        "outlet": ["TASS", "TASS", "TASS", "Xinhua", "TASS"],
        "machine_translated": [False, False, False, True, False],
        "n_tokens": [1000, 1000, 900, 3000, 1000]})


def test_within_speaker_contrast_names_the_other_differences_only():
    d = _docs()
    pa, pb = cf.side_profile(d, ["a1", "a2"]), cf.side_profile(d, ["b1"])
    text = cf.contrast_caveat(pa, pb, "2019", "2020", compared="year")
    assert text.startswith("Same speaker (Norov)")
    assert "genre" in text and "differ in speaker" not in text and "outlet" not in text
    assert "2020 is a single document: the comparison describes these documents only" in text
    assert cf.differing_dimensions(pa, pb) == ["year", "genre"]


def test_year_with_two_speakers_is_not_called_confounded_with_one():
    d = _docs()
    pb, pc = cf.side_profile(d, ["b1"]), cf.side_profile(d, ["c1", "c2"])
    text = cf.contrast_caveat(pb, pc, "2020", "2023", compared="year")
    assert "mix of speakers (2020: Norov; 2023: Norov 1, Zhang 1)" in text
    assert "machine translation (2020: 0 of 1 documents; 2023: 1 of 2)" in text
    assert "document length" in text          # 900 against 2000 per document
    same = cf.contrast_caveat(pb, pb, "x", "y")
    assert same.startswith("Same speaker") is False and "No other difference" in same


def test_groups_caveat_and_rows():
    d = _docs()
    profiles = {"2019": cf.side_profile(d, ["a1", "a2"]), "2023": cf.side_profile(d, ["c1", "c2"])}
    text = cf.groups_caveat(profiles, compared="year")
    assert text.startswith("Groups also differ in speaker, genre, outlet, machine translation")
    rows = cf.confound_rows("2019_vs_2023", "keywords", "2019", profiles["2019"], "2023",
                            profiles["2023"], compared="year")
    assert [r["side"] for r in rows] == ["A", "B"]
    assert rows[1]["speakers"] == "Norov 1, Zhang 1" and rows[0]["differs"] == rows[1]["differs"]
    tokens = cf.side_profile(d, ["a1"], tokens={"a1": 17})
    assert tokens["n_tokens"] == 17


def test_evidence_level_follows_the_smallest_attainable_p():
    from scotext.evidence import DESCRIBES, DOCUMENT_TEST, comparison_level

    assert comparison_level(1, 1) == (DESCRIBES, 1.0)
    assert comparison_level(2, 1)[0] == DESCRIBES
    level, min_p = comparison_level(4, 4)        # 2 / 70 < 0.05
    assert level == DOCUMENT_TEST and abs(min_p - 2 / 70) < 1e-12
    assert comparison_level(3, 3)[0] == DESCRIBES   # 2 / 20 = 0.1
    assert comparison_level(3, 3, alpha=0.1)[0] == DOCUMENT_TEST


def test_pairwise_rows_cover_every_pair_of_each_group_variable():
    d = _docs()
    units = pd.DataFrame({"doc_id": ["a1", "a1", "b1", "c1", "c2"],
                          "year": ["2019", "2019", "2020", "2023", "2023"],
                          "speaker": ["Norov", "Norov", "Norov", "Zhang", "Norov"]})
    tokens = {"a1": 40, "b1": 30, "c1": 20, "c2": 10}
    rows = pd.DataFrame(cf.pairwise_confound_rows(units, d, tokens, kind="topics"))
    years = rows[rows["kind"] == "year"]
    # 3 years: 3 pairs, two sides each; a2 has no unit, so 2019 is one document of 40 tokens
    assert sorted(years["comparison"].unique()) == ["year: 2019 vs 2020", "year: 2019 vs 2023",
                                                    "year: 2020 vs 2023"]
    a = years[(years["comparison"] == "year: 2019 vs 2023") & (years["side"] == "A")].iloc[0]
    assert (a["n_docs"], a["n_tokens"]) == (1, 40)
    b = years[(years["comparison"] == "year: 2019 vs 2023") & (years["side"] == "B")].iloc[0]
    assert (b["n_docs"], b["n_tokens"], b["machine_translated_docs"]) == (2, 30, 1)
    assert "speaker" in b["differs"].split(";") and "year" not in b["differs"].split(";")
    spk = rows[rows["kind"] == "speaker"]
    assert list(spk["comparison"].unique()) == ["speaker: Norov vs Zhang"]
    assert "speaker" not in spk["differs"].iloc[0].split(";")     # the compared dimension


def test_merged_table_keeps_every_stage_and_refuses_missing_columns():
    d = _docs()
    pa, pb = cf.side_profile(d, ["a1"]), cf.side_profile(d, ["b1"])
    one = pd.DataFrame(cf.confound_rows("x", "year", "2019", pa, "2020", pb, compared="year"))
    merged = cf.merge_confound_tables({"keywords": one, "framing": one})
    assert list(merged.columns) == ["stage"] + cf.CONFOUND_COLUMNS
    assert list(merged["stage"]) == ["keywords", "keywords", "framing", "framing"]
    import pytest

    with pytest.raises(ValueError, match="topics confound rows lack the columns caveat"):
        cf.merge_confound_tables({"topics": one.drop(columns=["caveat"])})
