"""Glued-word repair, checked on real cases and against the correctly spaced twin (001)."""

import re

import pytest

from conftest import raw_text


@pytest.mark.parametrize("glued, fixed", [
    ("ofthe", "of the"), ("inBishkek", "in Bishkek"), ("tocountering", "to countering"),
    ("aswell", "as well"), ("fora", "for a"), ("over600", "over 600"),
    ("in2019-2021", "in 2019-2021"), ("ofSCO", "of SCO"), ("betweenSCO", "between SCO"),
    ("ofKyrgyzstan's", "of Kyrgyzstan's"), ("withlaw-enforcement", "with law-enforcement"),
    ("Inthe", "In the"), ("withoutdisrupting", "without disrupting"), ("interms", "in terms"),
])
def test_glued_tokens_are_split(glue_splitter, glued, fixed):
    assert glue_splitter.split_text(glued)[0] == fixed


@pytest.mark.parametrize("word", [
    "international", "interests", "online", "upcoming", "indivisible", "total", "within",
    "into", "another", "cannot", "coronavirus", "digitalization", "geoeconomic", "ASEAN",
    "Indo", "Herat", "Greminger", "roadmap", "interregional", "20th", "G20", "COVID-19",
    "Ermekbaev", "Tsindao", "multipolar", "civilisational",
])
def test_real_words_are_not_split(glue_splitter, word):
    assert glue_splitter.split_text(word)[0] == word


def test_split_keeps_characters_and_counts_changes(glue_splitter):
    text, changes = glue_splitter.split_text("Heads ofState Council inBishkek,I think.")
    assert text == "Heads of State Council in Bishkek,I think."
    assert changes == [("ofState", "of State"), ("inBishkek", "in Bishkek")]


def _nbsp_groups(twin: str):
    """In the correctly typeset 001, words joined by U+00A0 are what 000 glued together."""
    groups, standalone = {}, set()
    for raw in re.split(r"[ \n\t]+", twin):
        parts = [re.sub(r"^\W+|\W+$", "", p) for p in raw.split("\u00a0")]
        parts = [p for p in parts if p]
        if len(parts) > 1:
            groups["".join(parts).lower()] = [p.lower() for p in parts]
        elif parts:
            standalone.add(parts[0].lower())
    return groups, standalone


def test_glue_repair_against_twin_document(glue_splitter):
    """Acceptance: >= 95% of 000's glued tokens split correctly, no real word split."""
    groups, standalone = _nbsp_groups(raw_text("norov_2019_press_conference"))
    correct = wrong = real_kept = real_split = 0
    for raw in raw_text("norov_2019_infoshos").split():
        tok = re.sub(r"^\W+|\W+$", "", raw)
        low = tok.lower()
        got = [p.lower() for p in glue_splitter.split_text(tok)[0].split()]
        if low in groups:
            correct += got == groups[low]
            wrong += got != groups[low]
        elif low in standalone:
            real_kept += len(got) == 1
            real_split += len(got) > 1
    assert correct + wrong > 200          # the alignment found the glued tokens
    assert correct / (correct + wrong) >= 0.95
    assert real_kept > 1000 and real_split == 0


@pytest.mark.parametrize("doc", ["norov_2019_press_conference", "norov_2020_cgss",
                                 "norov_2020_tass", "ermekbaev_2025_ria"])
def test_correctly_spaced_documents_are_left_alone(glue_splitter, doc):
    text = raw_text(doc).replace("\u00a0", " ")
    assert glue_splitter.split_text(text)[1] == []


@pytest.mark.parametrize("text", ["Mr Ağababa said", "Zürichfor", "Sadıkovasaid", "Łódźand"])
def test_words_of_other_scripts_are_never_split_inside(glue_splitter, text):
    # an ASCII run inside a word with non-ASCII letters is not a word of its own
    assert glue_splitter.split_text(text)[0] == text


def test_overview_counts_statements_as_the_officials_words():
    import pandas as pd

    from scotext.corpus.overview import overview_data

    seg = pd.DataFrame({"doc_id": ["s", "s"], "segment_id": ["s_s001", "s_s002"],
                        "role": ["narration", "statement"], "speaker": ["Host", "A. Official"],
                        "year": [2023, 2023], "n_tokens": [3, 40], "is_duplicate": [False, False]})
    data = overview_data(seg)
    speaker = data[data["view"] == "speaker"]
    assert set(speaker["group"]) == {"A. Official"}
    assert int(data[(data["view"] == "document") & (data["role"] == "statement")]["tokens"].sum()) == 40
