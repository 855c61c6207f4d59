"""The language check of the validation: the measure separates English from other
languages written in Latin script, and other scripts, with a margin on both sides.

The samples are short news-style sentences on the SCO written for this test; the English
side is the five shipped texts (one of them a web scrape with boilerplate and glued words,
one a machine translation)."""

import pytest
import yaml

from conftest import RAW, ROOT
from scotext.corpus.decode import decode_raw
from scotext.corpus.metadata import check_language, load_function_words
from scotext.corpus.tokens import language_profile

CONFIG = yaml.safe_load((ROOT / "config" / "config.yaml").read_text())["language"]
FUNCTION_WORDS = load_function_words(ROOT / CONFIG["function_words"])
SETTINGS = dict(max_non_latin_share=CONFIG["max_non_latin_share"],
                min_function_word_share=CONFIG["min_function_word_share"],
                min_words=CONFIG["min_words"])

OTHER_LANGUAGES = {
    "french": "La Organisation de coopération de Shanghai est une organisation "
              "intergouvernementale fondée en 2001. Le secrétaire général a déclaré que les "
              "États membres coopèrent dans les domaines de la sécurité, de l'économie et de la "
              "culture. Il a souligné que l'organisation n'est dirigée contre aucun pays et "
              "qu'elle reste ouverte à de nouveaux partenaires. Selon lui, le sommet de cette "
              "année sera consacré au développement durable et à la connectivité régionale.",
    "german": "Die Shanghaier Organisation für Zusammenarbeit ist eine internationale "
              "Organisation, die im Jahr 2001 gegründet wurde. Der Generalsekretär sagte, dass "
              "die Mitgliedstaaten in den Bereichen Sicherheit, Wirtschaft und Kultur "
              "zusammenarbeiten. Er betonte, dass sich die Organisation gegen kein Land richtet "
              "und für neue Partner offen bleibt. Das Gipfeltreffen in diesem Jahr wird sich mit "
              "nachhaltiger Entwicklung befassen, was auch für die Nachbarn wichtig ist.",
    "spanish": "La Organización de Cooperación de Shanghái es una organización "
               "intergubernamental fundada en 2001. El secretario general dijo que los Estados "
               "miembros cooperan en los ámbitos de la seguridad, la economía y la cultura. "
               "Subrayó que la organización no está dirigida contra ningún país y que sigue "
               "abierta a nuevos socios. La cumbre de este año estará dedicada al desarrollo "
               "sostenible y a la conectividad regional entre los países de la región.",
    "dutch": "De Shanghai Samenwerkingsorganisatie is een internationale organisatie die in "
             "2001 werd opgericht. De secretaris-generaal zei dat de lidstaten samenwerken op "
             "het gebied van veiligheid, economie en cultuur. Hij benadrukte dat de organisatie "
             "niet tegen een land gericht is en open blijft voor nieuwe partners. De top van "
             "dit jaar is gewijd aan duurzame ontwikkeling en regionale verbindingen.",
    "russian_transliterated": "Shankhayskaya organizatsiya sotrudnichestva yavlyaetsya "
             "mezhdunarodnoy organizatsiey, osnovannoy v 2001 godu. General'nyy sekretar' "
             "zayavil, chto gosudarstva-chleny sotrudnichayut v oblasti bezopasnosti, "
             "ekonomiki i kul'tury. On podcherknul, chto organizatsiya ne napravlena protiv "
             "kakoy-libo strany i ostayotsya otkrytoy dlya novykh partnyorov.",
    "russian": "Шанхайская организация сотрудничества является международной организацией, "
               "основанной в 2001 году. Генеральный секретарь заявил, что государства-члены "
               "сотрудничают в области безопасности, экономики и культуры.",
    "chinese": "上海合作组织秘书长表示，成员国在安全、经济和人文领域的合作不断深化。",
}


@pytest.mark.parametrize("name", sorted(OTHER_LANGUAGES))
def test_other_languages_are_refused(name):
    text = OTHER_LANGUAGES[name]
    settings = {**SETTINGS, "min_words": 20}   # the samples are 40-75 words long
    assert check_language(text, function_words=FUNCTION_WORDS, **settings) is not None
    prof = language_profile(text, FUNCTION_WORDS)
    # a margin: at most half the threshold for the Latin-script languages
    if prof.non_latin_share <= SETTINGS["max_non_latin_share"]:
        assert prof.function_word_share <= SETTINGS["min_function_word_share"] / 2


@pytest.mark.parametrize("path", sorted(RAW.glob("*.txt")), ids=lambda p: p.stem)
def test_the_english_source_texts_pass_with_a_margin(path):
    text = decode_raw(path.read_bytes(), str(path)).text
    assert check_language(text, function_words=FUNCTION_WORDS, **SETTINGS) is None
    prof = language_profile(text, FUNCTION_WORDS)
    assert prof.function_word_share >= 2 * SETTINGS["min_function_word_share"]
    assert prof.non_latin_share < 0.01


def test_english_with_a_few_foreign_words_passes():
    text = ("The Secretary-General spoke of the Shanghai Spirit (上海精神) and of the "
            "cooperation between Москва and Beijing, which has grown over the years. ") * 5
    assert check_language(text, function_words=FUNCTION_WORDS, **SETTINGS) is None


def test_short_texts_are_judged_by_script_only():
    short = "Le sommet de la région."            # under min_words: no function-word verdict
    assert check_language(short, function_words=FUNCTION_WORDS, **SETTINGS) is None
    assert check_language("Генеральный секретарь", function_words=FUNCTION_WORDS,
                          **SETTINGS) is not None
