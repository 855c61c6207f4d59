"""Analysis tokens: lemmas, spelling, multi-word expressions, stopwords."""

import pytest

from conftest import LEX
from scotext.corpus.tokens import (Tokenizer, language_profile, load_pairs, load_stopwords,
                                   read_lines, sklearn_stop_words)


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


# -- words in any script ------------------------------------------------------------------

def test_unicode_words_are_whole_and_nfc(tok):
    assert tok.tokens("Türkiye and Tu\u0308rkiye, TÜRKİYE") == ["türkiye"] * 3
    assert tok.words("Jürgen Müller’s view of Москва and 北京") == \
        ["jürgen", "müller", "view", "of", "москва", "and", "北京"]
    # every span points at the surface word, also for decomposed input
    text = "Tu\u0308rkiye joined"
    assert [text[a:b] for _, a, b in tok.word_spans(text)] == ["Tu\u0308rkiye", "joined"]


def test_fold_diacritics_switch():
    kwargs = dict(stopwords=frozenset(), multiword=["Türkiye Haber Ajansı"])
    kept = Tokenizer(**kwargs).tokens("Türkiye, Turkiye, Müller; Türkiye Haber Ajansı")
    folded = Tokenizer(**kwargs, fold_diacritics=True).tokens(
        "Türkiye, Turkiye, Müller; Turkiye Haber Ajansı")
    assert kept == ["türkiye", "turkiye", "müller", "türkiye_haber_ajansı"]
    # a letter without a decomposition (dotless ı) is not folded
    assert folded == ["turkiye", "turkiye", "muller", "turkiye_haber_ajansı"]


# -- multi-word expressions: spaces and hyphens alike ----------------------------------

def test_spaced_and_hyphenated_compounds_are_one_token(tok):
    forms = ["counter-terrorism", "counter terrorism", "Counter Terrorism",
             "countering terrorism"]
    assert [tok.tokens(f) for f in forms] == [["counter-terrorism"]] * 4
    assert tok.tokens("people to people ties and people-to-people ties") == \
        ["people-to-people", "tie", "people-to-people", "tie"]
    assert tok.tokens("anti terrorist and anti-terrorist work") == \
        ["anti-terrorist", "anti-terrorist", "work"]
    assert tok.tokens("the Secretary-General, the Secretary General") == \
        ["secretary_general", "secretary_general"]
    # the longest entry wins over the shorter inside it, whatever the separators
    assert tok.tokens("Regional Anti Terrorist Structure") == \
        ["regional_anti-terrorist_structure"]


def test_multiword_match_covers_whole_words_only():
    t = Tokenizer(stopwords=frozenset(), multiword=["terrorist structure"])
    # "terrorist structure" inside "anti-terrorist structure" is not matched
    assert t.tokens("anti-terrorist structure") == ["anti-terrorist", "structure"]
    assert t.tokens("terrorist structure") == ["terrorist_structure"]


def test_longest_multiword_entry_wins_and_joined_tokens_are_kept():
    t = Tokenizer(stopwords=frozenset({"of", "and", "member_state"}), min_chars=15,
                  multiword=["belt and road", "belt and road initiative", "heads of state",
                             "member state"])
    assert t.tokens("the Belt and Road Initiative, the belt and road") == \
        ["belt_and_road_initiative", "belt_and_road"]
    # a joined token is kept whatever its length and its words, unless it is listed itself
    assert t.tokens("heads of state of member states") == ["heads_of_state"]


def test_multiword_entries_equal_after_lemmatisation_are_an_error():
    with pytest.raises(ValueError, match="'people to people' and 'people-to-people' are the "
                                         "same after lemmatisation"):
        Tokenizer(stopwords=frozenset(), multiword=["people to people", "people-to-people"])


def test_no_multiword_entry_has_halves_that_would_survive_spaced(tok):
    """Every hyphenated entry of the lexicon also joins its spaced spelling."""
    for entry in read_lines(LEX / "multiword.txt"):
        spaced = entry.replace("-", " ")
        assert tok.tokens(spaced) == tok.tokens(entry), entry


# -- the standard stop lists ---------------------------------------------------------------

def _removed():
    out = {}
    for line in (LEX / "stopwords_standard.txt").read_text(encoding="utf-8").splitlines():
        if line.startswith("# removed: "):
            word, category, reason = line[len("# removed: "):].split(None, 2)
            out[word] = (category, reason)
    return out


def test_project_stop_list_is_sklearn_minus_the_documented_removals():
    removed = _removed()
    project = set(read_lines(LEX / "stopwords_standard.txt"))
    assert project == set(sklearn_stop_words()) - set(removed)
    assert len(removed) == len(sklearn_stop_words()) - len(project)
    assert {c for c, _ in removed.values()} == {"negation", "stance", "content"}
    for word in ("not", "no", "nor", "never", "cannot", "without", "against", "together",
                 "system", "serious", "cry", "un"):
        assert word in removed, word


def test_stop_list_choice():
    domain = LEX / "stopwords_domain.txt"
    text = "The SCO is not directed against any system; no state is alone."
    toks = {choice: Tokenizer(stopwords=load_stopwords(domain, choice)).tokens(text)
            for choice in ("project", "sklearn", "none")}
    assert toks["project"] == ["not", "direct", "against", "system", "no", "state", "alone"]
    assert toks["sklearn"] == ["direct", "state"]
    assert toks["none"] == ["the", "be", "not", "direct", "against", "any", "system", "no",
                            "state", "be", "alone"]
    assert load_stopwords(domain, True) == load_stopwords(domain, "sklearn")
    assert load_stopwords(domain, False) == load_stopwords(domain, "none")
    with pytest.raises(ValueError, match="must be one of"):
        load_stopwords(domain, "nltk")


def test_sklearn_list_read_without_import_is_the_same():
    from sklearn.feature_extraction.text import ENGLISH_STOP_WORDS

    assert sklearn_stop_words() == ENGLISH_STOP_WORDS


# -- the language measure -------------------------------------------------------------------

def test_language_profile_counts_scripts_and_function_words():
    fw = frozenset({"the", "of", "and"})
    prof = language_profile("The SCO and the UN of Москва", fw)
    assert prof.letters == 22 and prof.main_other_script == "cyrillic"
    assert prof.non_latin_share == pytest.approx(6 / 22)
    assert prof.words == 7 and prof.function_word_share == pytest.approx(4 / 7)
    assert language_profile("Türkiye Müller", fw).non_latin_share == 0.0
    assert language_profile("", fw).words == 0
