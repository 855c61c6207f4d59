"""British/American spelling normalisation: the lexicon, the loader and the corpus."""

from __future__ import annotations

import re
from pathlib import Path

import pytest

from scotext.corpus.spelling import (
    SpellingLexiconError,
    load_spelling_map,
    normalise_spelling,
)
from scotext.errors import InputError

REPO = Path(__file__).parents[1]
LEXICON = REPO / "data" / "lexicons" / "spelling_variants.tsv"
# the project's copy of the five source texts (byte-identical to ../shared/seed-corpus)
SEED_CORPUS = Path(__file__).parents[1] / "data" / "raw"


@pytest.fixture(scope="module")
def to_american() -> dict[str, str]:
    return load_spelling_map(LEXICON, "american")


@pytest.fixture(scope="module")
def to_british() -> dict[str, str]:
    return load_spelling_map(LEXICON, "british")


# (British, American) pairs whose two spellings occur in the seed corpus, or whose one spelling
# occurs there (kilometres, neighbourliness, digitalization, regionalization).
CORPUS_PAIRS = [
    ("organisation", "organization"),
    ("organisations", "organizations"),
    ("programme", "program"),
    ("programmes", "programs"),
    ("favourable", "favorable"),
    ("favour", "favor"),
    ("honour", "honor"),
    ("defence", "defense"),
    ("kilometres", "kilometers"),
    ("neighbourliness", "neighborliness"),
    ("neighbouring", "neighboring"),
    ("civilisational", "civilizational"),
    ("civilisations", "civilizations"),
    ("specialised", "specialized"),
    ("prioritises", "prioritizes"),
    ("centre", "center"),
    ("tonnes", "tons"),
    ("travelling", "traveling"),
    ("digitalisation", "digitalization"),
    ("regionalisation", "regionalization"),
]


# --- the two directions on real corpus words ---------------------------------------------

@pytest.mark.parametrize("british, american", CORPUS_PAIRS)
def test_to_american(to_american, british, american):
    assert normalise_spelling(british, to_american) == american
    assert normalise_spelling(american, to_american) == american  # the target stays


@pytest.mark.parametrize("british, american", CORPUS_PAIRS)
def test_to_british(to_british, british, american):
    assert normalise_spelling(american, to_british) == british
    assert normalise_spelling(british, to_british) == british  # the target stays


def test_dialog_and_dialogue_left_to_the_lemma_overrides(to_american, to_british):
    # "dialog" is not the American spelling of "dialogue" in general prose (002, an American
    # text, writes "dialogue"); the two are unified by data/lexicons/lemma_overrides.tsv.
    for mapping in (to_american, to_british):
        assert normalise_spelling("dialogue", mapping) == "dialogue"
        assert normalise_spelling("dialog", mapping) == "dialog"


@pytest.mark.parametrize("word", ["Norov", "SCO", "cooperation", "the", "Shanghai", "ofdefence"])
def test_words_not_in_the_map_come_back_unchanged(to_american, to_british, word):
    assert normalise_spelling(word, to_american) == word
    assert normalise_spelling(word, to_british) == word


# Words that must never change, in either direction: they are not spelling variants of another
# word, or their "other spelling" is a different word in the other variety.
PROTECTED = [
    "four", "for", "our", "or", "tour", "your", "hour",
    "draft", "drafts", "practice", "practices", "connection", "connections",  # all in the corpus
    "check", "checks", "tire", "tires", "story", "curb", "licensed", "licensing",
    "buses", "gases", "analyses", "paralyses", "filter", "groin", "prize", "install",
    "gauge", "presidium", "wagon", "medieval", "biased", "epilogue", "prologue", "monologue",
]


@pytest.mark.parametrize("word", PROTECTED)
def test_false_pairs_are_not_mapped(to_american, to_british, word):
    assert word not in to_american and word not in to_british
    assert normalise_spelling(word, to_american) == word
    assert normalise_spelling(word, to_british) == word


# --- case -----------------------------------------------------------------------------------

@pytest.mark.parametrize(
    "word, expected",
    [
        ("organisation", "organization"),
        ("Organisation", "Organization"),
        ("ORGANISATION", "ORGANIZATION"),
        ("Programme", "Program"),
        ("PROGRAMMES", "PROGRAMS"),
        ("Neighbourliness", "Neighborliness"),
        ("OrganiSation", "OrganiZation"),  # mixed case: copied letter by letter
        ("Organization", "Organization"),  # already the target
    ],
)
def test_case_is_preserved_to_american(to_american, word, expected):
    assert normalise_spelling(word, to_american) == expected


@pytest.mark.parametrize(
    "word, expected",
    [
        ("catalog", "catalogue"),
        ("Catalog", "Catalogue"),
        ("CATALOG", "CATALOGUE"),
        ("CataLog", "CataLogue"),  # letters past the end take the case of the last one
        ("Program", "Programme"),
        ("SPECIALIZED", "SPECIALISED"),
        ("Kilometers", "Kilometres"),
    ],
)
def test_case_is_preserved_to_british(to_british, word, expected):
    assert normalise_spelling(word, to_british) == expected


def test_lookup_with_a_hand_made_map():
    mapping = {"colour": "color"}
    assert normalise_spelling("Colour", mapping) == "Color"
    assert normalise_spelling("colours", mapping) == "colours"
    assert normalise_spelling("", mapping) == ""


# --- the loader -----------------------------------------------------------------------------

def write(tmp_path: Path, text: str, name: str = "variants.tsv") -> Path:
    path = tmp_path / name
    path.write_text(text, encoding="utf-8")
    return path


def test_load_both_directions(tmp_path):
    path = write(tmp_path, "british\tamerican\ncolour\tcolor\ncentre\tcenter\n")
    assert load_spelling_map(path, "american") == {"colour": "color", "centre": "center"}
    assert load_spelling_map(str(path), "british") == {"color": "colour", "center": "centre"}


def test_blank_lines_crlf_and_bom_are_accepted(tmp_path):
    path = write(tmp_path, "\ufeffbritish\tamerican\r\ncolour\tcolor\r\n\r\ncentre\tcenter")
    assert load_spelling_map(path, "american") == {"colour": "color", "centre": "center"}


def test_header_only_gives_an_empty_map(tmp_path):
    assert load_spelling_map(write(tmp_path, "british\tamerican\n"), "british") == {}


@pytest.mark.parametrize("direction", ["American", "us", "", "uk"])
def test_unknown_direction(tmp_path, direction):
    path = write(tmp_path, "british\tamerican\ncolour\tcolor\n")
    with pytest.raises(ValueError, match="direction"):
        load_spelling_map(path, direction)


@pytest.mark.parametrize(
    "text, row, problem",
    [
        ("", 1, "header"),
        ("american\tbritish\ncolour\tcolor\n", 1, "header"),
        ("colour\tcolor\n", 1, "header"),
        ("british\tamerican\ncolour\tcolor\ncentre\tcenter\textra\n", 3, "found 3"),
        ("british\tamerican\ncolour color\n", 2, "found 1"),
        ("british\tamerican\ncolour\n", 2, "found 1"),
        ("british\tamerican\ncolour\t\n", 2, "field 'american': empty"),
        ("british\tamerican\n\tcolor\n", 2, "field 'british': empty"),
        ("british\tamerican\ncolour \tcolor\n", 2, "not one word"),
        ("british\tamerican\nColour\tcolor\n", 2, "not lower case"),
        ("british\tamerican\ncolour\tcolour\n", 2, "paired with itself"),
        ("british\tamerican\ncolour\tcolor\ncolour\tcolor\n", 3, "duplicate of the pair on line 2"),
        # one word mapped to two targets, in one direction or the other
        ("british\tamerican\ncolour\tcolor\ncentre\tcenter\ncolour\tcolur\n", 4,
         "'colour' is paired with 'colur' here and with 'color' on line 2"),
        ("british\tamerican\ncolour\tcolor\ncolur\tcolor\n", 3,
         "'color' is paired with 'colur' here and with 'colour' on line 2"),
        # chains a -> b -> c
        ("british\tamerican\nxa\txb\nxb\txc\n", 3, "'xb' is british here but american on line 2"),
        ("british\tamerican\nxb\txc\nxa\txb\n", 3, "'xb' is american here but british on line 2"),
    ],
)
def test_malformed_lexicon_names_file_and_line(tmp_path, text, row, problem):
    path = write(tmp_path, text, name="broken_variants.tsv")
    for direction in ("american", "british"):
        with pytest.raises(ValueError) as info:
            load_spelling_map(path, direction)
        error = info.value
        assert isinstance(error, SpellingLexiconError) and isinstance(error, InputError)
        message = str(error)
        assert message.startswith(str(path) + f": row {row}: "), message
        assert problem in message, message
        assert error.row == row and error.file == str(path)


def test_missing_lexicon_file(tmp_path):
    with pytest.raises(FileNotFoundError):
        load_spelling_map(tmp_path / "nope.tsv", "american")


# --- the shipped lexicon --------------------------------------------------------------------

def test_shipped_lexicon_layout():
    lines = LEXICON.read_text(encoding="utf-8").split("\n")
    assert lines[0] == "british\tamerican"
    assert lines[-1] == "", "the file ends with a newline"
    body = lines[1:-1]
    assert len(body) > 1000
    assert body == sorted(body), "sorted"
    assert len(set(body)) == len(body), "no duplicate lines"
    for line in body:
        british, american = line.split("\t")
        assert re.fullmatch(r"[a-z]+", british) and re.fullmatch(r"[a-z]+", american), line


def test_shipped_lexicon_has_no_chain_and_one_role_per_word(to_american, to_british):
    for mapping in (to_american, to_british):
        sources, targets = set(mapping), set(mapping.values())
        assert not sources & targets, sorted(sources & targets)[:10]  # no chain a -> b -> c
        assert len(targets) == len(mapping)  # a target has one source: the map is reversible
    assert to_british == {american: british for british, american in to_american.items()}


@pytest.mark.parametrize(
    "british, american",
    [
        ("organiser", "organizer"), ("organisational", "organizational"),
        ("analyse", "analyze"), ("analysed", "analyzed"), ("colour", "color"),
        ("theatre", "theater"), ("catalogue", "catalog"), ("offence", "offense"),
        ("licence", "license"), ("travelled", "traveled"), ("labelled", "labeled"),
        ("counselling", "counseling"), ("modelling", "modeling"), ("paediatric", "pediatric"),
        ("manoeuvre", "maneuver"), ("grey", "gray"), ("plough", "plow"),
        ("aluminium", "aluminum"), ("ageing", "aging"), ("judgement", "judgment"),
        ("enrol", "enroll"), ("enrolment", "enrollment"), ("fulfil", "fulfill"),
        ("instalment", "installment"), ("mould", "mold"), ("practised", "practiced"),
        ("philtre", "philter"), ("oedema", "edema"),
    ],
)
def test_shipped_lexicon_covers_the_variant_classes(to_american, british, american):
    assert to_american.get(british) == american


# --- the seed corpus ------------------------------------------------------------------------

# Simple spelling rules, independent of the lexicon, that find candidate variant pairs
# (British part, American part). The lexicon must have merged every candidate the corpus has,
# except these pairs of different words.
RULES = [("is", "iz"), ("ys", "yz"), ("our", "or"), ("tre", "ter"), ("ogue", "og"),
         ("ence", "ense"), ("mme", "m"), ("ll", "l"), ("l", "ll"), ("ae", "e"), ("oe", "e"),
         ("grey", "gray"), ("tonne", "ton")]
NOT_VARIANTS = {frozenset(pair) for pair in [("dialog", "dialogue"),  # lemma_overrides.tsv
                                              ("four", "for"), ("our", "or"), ("your", "yor"),
                                              ("hour", "hor"), ("tour", "tor")]}


def rule_variants(word: str) -> set[str]:
    out = set()
    for british, american in RULES:
        for old, new in ((british, american), (american, british)):
            start = word.find(old)
            while start >= 0:
                out.add(word[:start] + new + word[start + len(old):])
                start = word.find(old, start + 1)
    out.discard(word)
    return out


def corpus_types() -> set[str]:
    texts = sorted(SEED_CORPUS.glob("*.txt"))
    assert len(texts) == 5, texts
    words: set[str] = set()
    for path in texts:
        words.update(re.findall(r"[^\W\d_]+", path.read_text(encoding="utf-8")))
    return words


@pytest.mark.skipif(not SEED_CORPUS.is_dir(),
                    reason=f"seed corpus folder {SEED_CORPUS} not present on this machine")
@pytest.mark.parametrize("direction", ["american", "british"])
def test_corpus_keeps_one_spelling_per_word(direction):
    mapping = load_spelling_map(LEXICON, direction)
    original = {word.lower() for word in corpus_types()}
    # the corpus does have both spellings of these words, so the test has something to do
    assert {"organisation", "organization", "dialog", "dialogue", "tons", "tonnes"} <= original
    mapped = {normalise_spelling(word, mapping).lower() for word in corpus_types()}

    pairs = load_spelling_map(LEXICON, "american").items()
    both_left = sorted((b, a) for b, a in pairs if b in mapped and a in mapped)
    assert both_left == [], both_left

    candidates = sorted(
        (word, other) for word in mapped for other in rule_variants(word)
        if other in mapped and word < other and frozenset((word, other)) not in NOT_VARIANTS
    )
    assert candidates == [], candidates
