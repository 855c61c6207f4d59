"""British/American spelling variants, mapped to one form for analysis.

The corpus mixes British spelling (organisation, programme, defence, centre) and American
spelling (organization, program, defense, center). For analysis tokens every word must exist
in one spelling only, so each variant is mapped to the spelling named by the ``direction``
config key: ``"american"`` or ``"british"``.

The variant pairs come from a tab-separated lexicon (``data/lexicons/spelling_variants.tsv``)::

    british<TAB>american
    centre<TAB>center
    organisation<TAB>organization

Rules for the lexicon, checked by :func:`load_spelling_map`:

* the first line is exactly the header ``british<TAB>american``;
* every other line holds two tab-separated, non-empty, lower-case words with no spaces,
  different from each other (lines that are empty or only whitespace are skipped);
* every word appears in one pair only: a British form paired with two American forms (or the
  reverse) would map one word to two targets in one of the two directions;
* no word is British in one pair and American in another: that would make a chain
  ``a -> b -> c`` in one direction or the other.

The lexicon is checked as a whole whichever direction is asked for, so a lexicon that loads in
one direction always loads in the other. Errors are :class:`SpellingLexiconError`, which is both
the project's :class:`~scotext.errors.InputError` and a :class:`ValueError`; the message names
the file and the row, which is the line number in the file (the header is row 1).
"""

from __future__ import annotations

import os
from pathlib import Path

from scotext.errors import InputError

DIRECTIONS = ("american", "british")
HEADER = ("british", "american")


class SpellingLexiconError(InputError, ValueError):
    """A malformed spelling lexicon; the message names the file and the row (= line)."""


def load_spelling_map(path: str | os.PathLike[str], direction: str) -> dict[str, str]:
    """Read the variant lexicon at ``path`` and return ``{non-target form: target form}``.

    ``direction`` is ``"american"`` (British forms map to American ones) or ``"british"``
    (American forms map to British ones). Keys and values are lower case.

    Raises :class:`ValueError` for an unknown direction and :class:`SpellingLexiconError`
    (a :class:`ValueError`) naming the file and line for a malformed lexicon: a missing or
    wrong header, a line without exactly two tab-separated fields, an empty field, a field that
    is not one lower-case word, a pair of identical words, a duplicate pair, a word paired with
    two different words, or a chain (a word that is British in one pair and American in another).
    """
    if direction not in DIRECTIONS:
        raise ValueError(
            f"spelling direction must be one of {', '.join(map(repr, DIRECTIONS))}, "
            f"got {direction!r}"
        )
    path = Path(path)
    file = str(path)
    text = path.read_text(encoding="utf-8")
    if text.startswith("\ufeff"):  # a byte-order mark left by a spreadsheet program
        text = text[1:]
    lines = text.split("\n")
    if lines and lines[-1] == "":
        lines.pop()  # the final newline does not start another line

    def fail(lineno: int, problem: str, field: str | None = None) -> SpellingLexiconError:
        return SpellingLexiconError(problem, file=file, row=lineno, field=field)

    if not lines:
        raise fail(1, "empty file: expected the header 'british<TAB>american'")
    header = tuple(lines[0].rstrip("\r").split("\t"))
    if header != HEADER:
        raise fail(1, f"expected the header 'british<TAB>american', got {lines[0]!r}")

    # column name -> {word: line where it was first seen in that column}
    seen: dict[str, dict[str, int]] = {"british": {}, "american": {}}
    pair_at: dict[int, tuple[str, str]] = {}  # line -> (british, american)
    for lineno, line in enumerate(lines[1:], start=2):
        line = line.rstrip("\r")
        if not line.strip():
            continue
        fields = line.split("\t")
        if len(fields) != 2:
            raise fail(
                lineno,
                f"expected 2 tab-separated fields (british, american), found {len(fields)}: "
                f"{line!r}",
            )
        for column, word in zip(HEADER, fields):
            if not word:
                raise fail(lineno, "empty field", column)
            if word != word.strip() or any(ch.isspace() for ch in word):
                raise fail(lineno, f"{word!r} is not one word (whitespace inside or around it)",
                           column)
            if word != word.lower():
                raise fail(lineno, f"{word!r} is not lower case", column)
        british, american = fields
        if british == american:
            raise fail(lineno, f"{british!r} is paired with itself")
        for column, word, other in (("british", british, american),
                                    ("american", american, british)):
            first = seen[column].get(word)
            if first is not None:
                earlier = pair_at[first]
                if earlier == (british, american):
                    raise fail(lineno, f"duplicate of the pair on line {first}", column)
                partner = earlier[1] if column == "british" else earlier[0]
                raise fail(
                    lineno,
                    f"{word!r} is paired with {other!r} here and with {partner!r} on line "
                    f"{first}: a word must map to one target in both directions",
                    column,
                )
            opposite = "american" if column == "british" else "british"
            first = seen[opposite].get(word)
            if first is not None:
                raise fail(
                    lineno,
                    f"{word!r} is {column} here but {opposite} on line {first}: "
                    f"that makes a chain",
                    column,
                )
        seen["british"][british] = lineno
        seen["american"][american] = lineno
        pair_at[lineno] = (british, american)

    if direction == "american":
        return {british: american for british, american in pair_at.values()}
    return {american: british for british, american in pair_at.values()}


def normalise_spelling(word: str, mapping: dict[str, str]) -> str:
    """Return ``word`` in its target spelling, keeping the case pattern of ``word``.

    The lookup is on ``word.lower()``. ``organisation`` -> ``organization``,
    ``Organisation`` -> ``Organization``, ``ORGANISATION`` -> ``ORGANIZATION`` (with the
    American map). Any other mix of cases is copied letter by letter, and letters beyond the
    end of ``word`` take the case of its last letter (``DiaLog`` -> ``DiaLogue``). A word that
    is not in ``mapping`` comes back unchanged.
    """
    target = mapping.get(word.lower())
    if target is None:
        return word
    return _with_case_of(word, target)


def _with_case_of(model: str, target: str) -> str:
    """``target`` (lower case) written with the case pattern of ``model``."""
    if model.islower():
        return target
    if model.isupper():
        return target.upper()
    if model[:1].isupper() and model[1:].islower():
        return target[:1].upper() + target[1:]
    letters = []
    for i, ch in enumerate(target):
        source = model[min(i, len(model) - 1)]
        letters.append(ch.upper() if source.isupper() else ch)
    return "".join(letters)
