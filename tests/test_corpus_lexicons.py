"""Every lexicon is checked before any job runs (tokenizer_config.validate_lexicons): all
problems in one message, each naming the file and the line, frame or rule."""

import shutil

import pytest
import yaml

from conftest import LEX, ROOT
from scotext.corpus.tokenizer_config import validate_lexicons
from scotext.errors import InputError


@pytest.fixture
def config(tmp_path):
    shutil.copytree(LEX, tmp_path / "lexicons")
    cfg = yaml.safe_load((ROOT / "config" / "config.yaml").read_text())

    def local(path):
        return str(tmp_path / "lexicons" / path.rsplit("/", 1)[1])

    for section, key in (("cleaning", "furniture"), ("cleaning", "glue_prefixes"),
                         ("cleaning", "spelling_variants"), ("tokens", "domain_stopwords"),
                         ("tokens", "project_stopwords"), ("tokens", "multiword"),
                         ("tokens", "lemma_overrides"), ("language", "function_words"),
                         ("framing", "codebook")):
        cfg[section][key] = local(cfg[section][key])
    return cfg


def _edit(cfg, section, key, old, new):
    path = cfg[section][key]
    text = open(path, encoding="utf-8").read()
    assert old in text
    open(path, "w", encoding="utf-8").write(text.replace(old, new, 1))


def test_shipped_lexicons_pass(config):
    validate_lexicons(config)


def test_duplicated_frame_pattern_named(config):
    _edit(config, "framing", "codebook", "      - terrorist\n", "      - terrorist\n      - terrorists\n")
    with pytest.raises(InputError, match="frames.yaml: frame 'security': field 'patterns': "
                                         "patterns 'terrorist' and 'terrorists' are the same"):
        validate_lexicons(config)


def test_all_problems_at_once(config):
    _edit(config, "tokens", "multiword", "press club\n", "press club\npress-club\n")
    _edit(config, "tokens", "project_stopwords", "\nwhich\n", "\nwhich\nwhich\n")
    _edit(config, "cleaning", "furniture", "back_link: '«\\s*Back'", "back_link: '«\\s*(Back'")
    _edit(config, "language", "function_words", "\nthe\n", "\nthe\nthe\n")
    with pytest.raises(InputError) as err:
        validate_lexicons(config)
    lines = str(err.value).splitlines()
    assert lines[0] == "4 lexicon problems:" and len(lines) == 5
    text = str(err.value)
    assert "furniture.yaml: drop_lines rule 'back_link'" in text
    assert "stopwords_standard.txt: line" in text and "'which' is listed twice" in text
    assert "multiword.txt: multi-word expressions 'press club' and 'press-club' are the same " \
           "after lemmatisation" in text
    assert "function_words_en.txt: line" in text and "'the' is listed twice" in text


def test_a_broken_table_is_named(config):
    open(config["tokens"]["lemma_overrides"], "a", encoding="utf-8").write("broken line\n")
    with pytest.raises(InputError, match="lemma_overrides.tsv: line 18: expected two "
                                         "tab-separated columns"):
        validate_lexicons(config)


def test_missing_lexicon_named(config):
    config["tokens"]["multiword"] += ".gone"
    with pytest.raises(InputError, match="multiword.txt.gone: multi-word list not found"):
        validate_lexicons(config)
