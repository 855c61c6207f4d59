"""Character normalisation and page-furniture removal on real cases from the corpus."""

import re

import pytest
import yaml

from conftest import LEX, raw_text
from scotext.corpus.furniture import FurnitureRules, remove_furniture
from scotext.corpus.normalize import normalize_text


@pytest.fixture(scope="module")
def rules():
    return FurnitureRules.from_dict(yaml.safe_load((LEX / "furniture.yaml").read_text()))


def test_nbsp_quotes_dashes_markdown():
    text, counts = normalize_text(
        "Vladimir Norov\u2019s news conference at\u00a0the SCO \u201cShanghai spirit\u201d "
        "\u2014 the **rules of the game**\n")
    assert text == ('Vladimir Norov\'s news conference at the SCO "Shanghai spirit" - '
                    "the rules of the game\n")
    assert counts["nbsp_replaced"] == 1 and counts["quotes_normalised"] == 3
    assert counts["dashes_normalised"] == 1 and counts["markdown_removed"] == 2


def test_space_after_punctuation_restored_but_numbers_kept():
    text, counts = normalize_text("Meeting in Bishkek,I would like 1,092 sites in "
                                  "St.Petersburg.The end\n")
    assert text == "Meeting in Bishkek, I would like 1,092 sites in St.Petersburg. The end\n"
    assert counts["spaces_after_punctuation"] == 2


def test_line_broken_after_comma_is_joined():
    text, counts = normalize_text("including the UN, OSCE, ASEAN,\n\nCIS, CSTO, heads\n\nNext.\n")
    assert text == "including the UN, OSCE, ASEAN, CIS, CSTO, heads\n\nNext.\n"
    assert counts["lines_joined"] == 1


def _clean(doc, rules):
    text, _ = normalize_text(raw_text(doc))
    return remove_furniture(text, rules)


FURNITURE = [r"^\d{1,2}:\d{2}", r"Add Comment", r"Leave a comment", r"^More$",
             r"Comments", r"Read on the topic", r"^A source$", r"«\s*Back", r"^X$", r"^0$",
             r"homepage", r"Favorites", r"Observer States:", r"financial assistance",
             r"^\d{2}\.\d{2}\.\d{4}", r"\d{2}\.\d{2}\.\d{4} \d{2}:\d{2}$", r"•", r"^\*$",
             r"Date of publication", r"telephone conversation with the Foreign Minister"]


@pytest.mark.parametrize("doc", ["norov_2019_infoshos", "norov_2019_press_conference",
                                 "norov_2020_cgss", "norov_2020_tass", "ermekbaev_2025_ria"])
def test_no_furniture_left(rules, doc):
    text, removed = _clean(doc, rules)
    for line in text.split("\n"):
        for pattern in FURNITURE:
            assert not re.search(pattern, line.strip()), (doc, pattern, line)


def test_infoshos_furniture_counted_and_content_kept(rules):
    text, removed = _clean("norov_2019_infoshos", rules)
    assert removed["clock"] > 0 and removed["footer"] > 1000 and removed["menu"] > 0
    assert text.startswith("Vladimir Norov: SCOs role in creating")
    assert text.rstrip().endswith("should be considered ina thorough, even-handed and "
                                  "consistent manner.")


def test_repeated_headline_kept_once(rules):
    text, removed = _clean("norov_2020_tass", rules)
    assert text.count("The SCO is a factor in ensuring regional peace and stability") == 1
    assert removed["repeated_headline"] > 0 and removed["trailing_dateline"] > 0


def test_ria_furniture_start_and_end(rules):
    text, removed = _clean("ermekbaev_2025_ria", rules)
    assert text.startswith("Interview of SCO General Secretary Nurlan Ermekbaev")
    assert text.rstrip().endswith("the education of the United Nations.")
    assert removed["footer"] > 0 and removed["close_button"] == 1


def test_footer_rule_ignores_early_lines():
    rules = FurnitureRules.from_dict({"cut_from": ["More"], "footer_min_fraction": 0.5})
    text = "More\n" + "A long paragraph of the answer. " * 20 + "\nMore\nOther headline\n"
    out, removed = remove_furniture(text, rules)
    assert out.startswith("More\nA long") and "Other headline" not in out
