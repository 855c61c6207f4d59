"""Analysis tokens: lemmas, spelling, multi-word expressions, stopwords."""

import pytest

from conftest import LEX
from scotext.corpus.tokens import Tokenizer, load_pairs, load_stopwords, read_lines


@pytest.fixture(scope="module")
def tok():
    return Tokenizer(
        stopwords=load_stopwords(LEX / "stopwords_domain.txt"),
        multiword=read_lines(LEX / "multiword.txt"),
        spelling={"organisation": "organization", "programme": "program",
                  "favourable": "favorable", "dialog": "dialogue"},
        lemma_overrides=load_pairs(LEX / "lemma_overrides.tsv"),
    )


def test_lemmas_and_lower_case(tok):
    assert tok.tokens("Member States were developing Programmes") == \
        ["member_state", "develop", "program"]


def test_spelling_variants_become_one_type(tok):
    assert tok.tokens("organisations organizations") == ["organization", "organization"]
    assert tok.tokens("favourable favorable") == ["favorable", "favorable"]


def test_multiword_expressions_joined_before_stopwords(tok):
    assert tok.tokens("the Belt and Road initiative") == ["belt_and_road", "initiative"]
    assert tok.tokens('the "Shanghai spirit" of the United Nations') == \
        ["shanghai_spirit", "united_nations"]
    assert tok.tokens("illegal drug trafficking") == ["illegal", "drug_trafficking"]


def test_possessives_numbers_stopwords_removed(tok):
    assert tok.tokens("The SCO's 18 years of development, 2019") == ["development"]


def test_hyphenated_words_kept(tok):
    assert tok.tokens("counter-terrorism and people-to-people ties") == \
        ["counter-terrorism", "people-to-people", "tie"]


def test_lemma_overrides_apply(tok):
    assert tok.tokens("mass media and arms") == ["mass", "media", "arms"]


def test_malformed_pairs_file(tmp_path):
    bad = tmp_path / "p.tsv"
    bad.write_text("form\tlemma\nmedia media\n")
    with pytest.raises(ValueError, match="line 2: expected two tab-separated columns"):
        load_pairs(bad)


def test_token_spans_point_at_the_surface_words(tok):
    text = 'The "Shanghai spirit" guides Member States.'
    spans = tok.token_spans(text)
    assert [t for t, _, _ in spans] == tok.tokens(text) == ["shanghai_spirit", "guide",
                                                            "member_state"]
    assert [text[a:b] for _, a, b in spans] == ["Shanghai spirit", "guides", "Member States"]
