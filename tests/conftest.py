"""Shared fixtures: paths of the repository, its raw corpus and lexicons."""

from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[1]
RAW = ROOT / "data" / "raw"
LEX = ROOT / "data" / "lexicons"


@pytest.fixture(scope="session")
def root():
    return ROOT


@pytest.fixture(scope="session")
def glue_splitter():
    from scotext.corpus.glue import GlueSplitter, load_word_list

    return GlueSplitter(load_word_list(LEX / "glue_prefixes.txt"))


def raw_text(doc_id: str) -> str:
    return (RAW / f"{doc_id}.txt").read_text(encoding="utf-8")
