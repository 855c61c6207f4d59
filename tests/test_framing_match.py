"""Frame codebook: validation errors, pattern compilation and matching, segment scores."""

from pathlib import Path

import pandas as pd
import pytest

from scotext.corpus.tokens import Tokenizer
from scotext.framing.codebook import CodebookError, load_codebook, parse_codebook
from scotext.framing.match import compile_codebook, match_text, score_segments

ROOT = Path(__file__).resolve().parents[1]


@pytest.fixture(scope="module")
def tok():
    # a minimal Tokenizer: simplemma lemmas, one spelling pair, no lexicon files
    return Tokenizer(stopwords=frozenset(), spelling={"organisation": "organization",
                                                      "organisations": "organizations",
                                                      "digitalisation": "digitalization"})


def frame(fid="security", patterns=("terrorism",), exclude=None, **extra):
    raw = {"id": fid, "label": f"{fid} label", "pfc_dimensions": ["Security and defense"],
           "definition": "d", "coder_include": "i", "coder_exclude": "e",
           "patterns": list(patterns)}
    if exclude is not None:
        raw["exclude"] = list(exclude)
    raw.update(extra)
    return raw


def book(*frames, version="1.0.0", changelog=None):
    return {"version": version,
            "changelog": changelog or [{"version": version, "date": "2025-06-01",
                                        "changes": "first"}],
            "frames": list(frames) or [frame()]}


def compiled(tok, *frames):
    return compile_codebook(parse_codebook(book(*frames)), tok)


def hits(text, cc, frame_id=None):
    return [(m["frame"], m["term"], m["match"]) for m in match_text(text, cc)
            if frame_id is None or m["frame"] == frame_id]


# ---------------------------------------------------------------- codebook validation

def test_valid_codebook_parses_with_order_and_dimensions():
    cb = parse_codebook(book(frame("security"), frame("economy", ["trade"],
                                                      pfc_dimensions=["economic"])))
    assert cb.ids == ("security", "economy")
    assert cb.frame("economy").pfc_dimensions == ("Economic",)   # canonical spelling
    assert cb.version == "1.0.0"


@pytest.mark.parametrize("mutate, match", [
    (lambda b: b["frames"][0].pop("definition"), r"frame 'security': field 'definition': is missing"),
    (lambda b: b["frames"][0].update(patterns=[]), r"frame 'security': field 'patterns': must be a non-empty"),
    (lambda b: b["frames"][0].update(patterns=["terror,ism"]), r"frame 'security': field 'patterns': .*terror,ism"),
    (lambda b: b["frames"][0].update(patterns=["te*"]), r"field 'patterns': .*at least 3"),
    (lambda b: b["frames"][0].update(patterns=["terrorism", "Terrorism"]), r"listed twice"),
    (lambda b: b["frames"][0].update(pfc_dimensions=["Geopolitics"]), r"field 'pfc_dimensions': 'Geopolitics' is not"),
    (lambda b: b["frames"][0].update(exlude=["x"]), r"frame 'security': field 'exlude': unknown key"),
    (lambda b: b["frames"][0].update(id="Security"), r"field 'id': .*must match"),
    (lambda b: b["frames"][0].update(id="none"), r"reserved"),
    (lambda b: b["frames"].append(frame("security")), r"frame 'security': field 'id': duplicate"),
    (lambda b: b["frames"][0].update(exclude=["terrorism"]), r"both matched and excluded"),
    (lambda b: b.update(version=1.1), r"field 'version': write the version as a quoted string"),
    (lambda b: b.update(version="1.1.0"), r"field 'changelog': the first \(newest\) entry"),
    (lambda b: b.update(changelog=[{"version": "1.0.0"}]), r"field 'changelog': entry 1"),
    (lambda b: b.update(extra=1), r"unknown top-level key"),
])
def test_codebook_errors_name_frame_and_field(mutate, match):
    b = book(frame())
    mutate(b)
    with pytest.raises(CodebookError, match=match):
        parse_codebook(b, source="frames.yaml")


def test_load_codebook_reports_file_and_yaml_errors(tmp_path):
    p = tmp_path / "frames.yaml"
    p.write_text("version: '1.0.0'\nframes: [\n", encoding="utf-8")
    with pytest.raises(CodebookError, match=r"frames.yaml: not valid YAML"):
        load_codebook(p)
    with pytest.raises(CodebookError, match="cannot read"):
        load_codebook(tmp_path / "missing.yaml")


def test_patterns_equal_after_lemmatisation_are_rejected(tok):
    with pytest.raises(CodebookError, match=r"frame 'security': field 'patterns': patterns "
                                            r"'terrorist' and 'terrorists' are the same"):
        compiled(tok, frame(patterns=["terrorist", "terrorists"]))


# --------------------------------------------------------------------------- matching

def test_lemma_matching_plural_and_verb_forms_and_case(tok):
    cc = compiled(tok, frame("security", ["terrorists", "combat"]))
    assert hits("Terrorist groups", cc) == [("security", "terrorists", "Terrorist")]
    assert hits("TERRORISTS and terrorist", cc) == [("security", "terrorists", "TERRORISTS"),
                                                   ("security", "terrorists", "terrorist")]
    assert hits("they combated it; combating it", cc) == [
        ("security", "combat", "combated"), ("security", "combat", "combating")]
    assert hits("terror", cc) == []


def test_multiword_patterns_with_function_words_and_spelling(tok):
    cc = compiled(tok, frame("sovereignty", ["non-interference in internal affairs"]),
                  frame("partners", ["international organisation", "belt and road"]))
    text = "Non-interference in internal affairs of International Organizations on the Belt and Road."
    got = hits(text, cc)
    assert ("sovereignty", "non-interference in internal affairs",
            "Non-interference in internal affairs") in got
    assert ("partners", "international organisation", "International Organizations") in got
    assert ("partners", "belt and road", "Belt and Road") in got
    # words of a phrase must be adjacent: punctuation breaks the phrase
    assert hits("the belt, and road", cc) == []
    assert hits("the belt and the road", cc) == []


def test_phrase_does_not_cross_sentence_or_comma(tok):
    cc = compiled(tok, frame("partners", ["security council"]))
    assert hits("regional security. Council members met", cc) == []
    assert hits("the UN Security Council", cc) == [("partners", "security council", "Security Council")]
    assert hits('the "Security" Council', cc) == [("partners", "security council", 'Security" Council')]


def test_prefix_patterns(tok):
    cc = compiled(tok, frame("economy", ["digitali*", "e-comm*"]))
    got = hits("Digitalisation, digitalization, digitalize, digital, e-commerce", cc)
    assert [g[2] for g in got] == ["Digitalisation", "digitalization", "digitalize", "e-commerce"]
    assert all(g[1] in ("digitali*", "e-comm*") for g in got)


def test_acronyms_are_case_sensitive(tok):
    cc = compiled(tok, frame("health", ["WHO", "pandemic"]))
    assert hits("Those who fight the pandemic with the WHO.", cc) == [
        ("health", "pandemic", "pandemic"), ("health", "WHO", "WHO")]
    assert hits("who Who", cc) == []


def test_exclusions_veto_overlapping_matches_only(tok):
    cc = compiled(tok, frame("security", ["security", "counter-terrorism"],
                             exclude=["UN security council", "food security"]))
    text = ("The UN Security Council counter-terrorism committee; food security; "
            "regional security.")
    assert hits(text, cc) == [("security", "counter-terrorism", "counter-terrorism"),
                              ("security", "security", "security")]
    assert [m["start"] for m in match_text(text, cc)][-1] == text.rindex("security")


def test_health_is_not_healthy(tok):
    cc = compiled(tok, frame("health", ["health"]))
    assert hits("a healthy economy", cc) == []
    assert hits("health services", cc) == [("health", "health", "health")]


def test_no_double_counting_of_overlapping_patterns(tok):
    cc = compiled(tok, frame("security", ["terrorism", "counter-terrorism",
                                          "international terrorism", "terrorist"]))
    assert hits("counter-terrorism", cc) == [("security", "counter-terrorism", "counter-terrorism")]
    assert hits("counter terrorism", cc) == [("security", "counter-terrorism", "counter terrorism")]
    assert hits("international terrorism", cc) == [
        ("security", "international terrorism", "international terrorism")]
    # a hyphen compound contains its head word
    assert hits("anti-terrorist exercises", cc) == [("security", "terrorist", "terrorist")]
    assert hits("terrorism, terrorism", cc) == [("security", "terrorism", "terrorism")] * 2


def test_longest_match_wins_then_leftmost(tok):
    cc = compiled(tok, frame("f", ["regional security", "security council", "council",
                                   "regional security council meeting"]))
    # the 4-word match covers everything
    assert hits("regional security council meeting", cc) == [
        ("f", "regional security council meeting", "regional security council meeting")]
    # two 2-word candidates overlap: the leftmost wins; the loser's "council" is free
    assert hits("regional security council", cc) == [("f", "regional security", "regional security"),
                                                     ("f", "council", "council")]


def test_a_word_counts_once_in_each_frame(tok):
    cc = compiled(tok, frame("culture", ["tourism"]), frame("economy", ["tourism industry"]))
    assert hits("the tourism industry", cc) == [("culture", "tourism", "tourism"),
                                                ("economy", "tourism industry", "tourism industry")]


def test_score_segments_counts_rates_presence_terms(tok):
    cc = compiled(tok, frame("security", ["terrorism", "international terrorism", "extremism"]),
                  frame("health", ["pandemic"]))
    seg = pd.DataFrame({"doc_id": ["d", "d"], "segment_id": ["s1", "s2"], "role": ["answer"] * 2,
                        "text": ["International terrorism and extremism, and terrorism again.",
                                 ""]})
    fs, m = score_segments(seg, cc)
    assert list(fs["frame"]) == ["security", "health", "security", "health"]
    s1 = fs.iloc[0]
    assert s1["n_hits"] == 3 and s1["n_words"] == 7 and s1["present"]
    assert s1["per_1000"] == pytest.approx(3000 / 7)
    assert s1["terms"] == "extremism | international terrorism | terrorism"
    assert not fs.iloc[1]["present"] and fs.iloc[1]["n_hits"] == 0
    assert fs.iloc[2]["n_words"] == 0 and fs.iloc[2]["per_1000"] == 0.0
    assert list(m["term"]) == ["international terrorism", "extremism", "terrorism"]
    fs2, _ = score_segments(seg, cc, min_hits=2)
    assert bool(fs2.iloc[0]["present"]) and not bool(fs2.iloc[1]["present"])
    with pytest.raises(ValueError, match="segment_id 's1' occurs twice"):
        score_segments(pd.concat([seg, seg]), cc)


# ------------------------------------------------------------- the shipped codebook

@pytest.fixture(scope="module")
def corpus_tok():
    import yaml

    from scotext.corpus.tokenizer_config import tokenizer_from_files

    cfg = yaml.safe_load((ROOT / "config" / "config.yaml").read_text(encoding="utf-8"))
    t, c = cfg["tokens"], cfg["cleaning"]
    return tokenizer_from_files(
        spelling_variants=ROOT / c["spelling_variants"], spelling_direction=c["spelling_direction"],
        domain_stopwords=ROOT / t["domain_stopwords"], standard_stopwords=t["standard_stopwords"],
        multiword=ROOT / t["multiword"], lemma_overrides=ROOT / t["lemma_overrides"],
        min_chars=t["min_chars"], keep_numbers=t["keep_numbers"])


@pytest.fixture(scope="module")
def shipped(corpus_tok):
    cb = load_codebook(ROOT / "data" / "lexicons" / "frames.yaml")
    return cb, compile_codebook(cb, corpus_tok)


def test_shipped_codebook_is_complete(shipped):
    cb, _ = shipped
    assert len(cb.frames) >= 10
    assert {"security", "economy", "world_order", "shanghai_spirit", "sovereignty", "non_bloc",
            "partnerships", "expansion", "culture", "health", "memory"} <= set(cb.ids)
    assert cb.changelog[0]["version"] == cb.version


@pytest.mark.parametrize("text, present, absent", [
    ("The SCO is not a military-political bloc.", {"non_bloc"}, {"security"}),
    ("permanent members of the UN Security Council", {"partnerships"}, {"security", "expansion"}),
    ("the fight against international terrorism, separatism and extremism", {"security"}, set()),
    ("respect for sovereignty, territorial integrity and non-interference in the internal "
     "Affairs of States", {"sovereignty"}, set()),
    ("engagement with WHO in the fight against coronavirus infection", {"health", "partnerships"}, set()),
    ("Those who know", set(), {"health", "partnerships"}),
    ("the 80th anniversary of the Victory in the Second World War", {"memory"}, set()),
    ("a healthy economy", {"economy"}, {"health"}),
    ("the authorities confiscated explosives", {"security"}, {"expansion"}),
])
def test_shipped_codebook_on_corpus_sentences(shipped, text, present, absent):
    _, cc = shipped
    found = {m["frame"] for m in match_text(text, cc)}
    assert present <= found
    assert not (absent & found)


def test_shipped_codebook_no_double_count(shipped):
    _, cc = shipped
    ms = [m for m in match_text("countering international terrorism and counter-terrorism", cc)
          if m["frame"] == "security"]
    assert [m["term"] for m in ms] == ["international terrorism", "counter-terrorism"]
