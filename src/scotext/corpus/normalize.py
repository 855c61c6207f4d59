"""Character-level normalisation of decoded text; every change is counted.

- Unicode NFC; no-break and other fixed-width spaces -> " "; zero-width characters and a
  stray BOM removed;
- curly single/double quotes and primes -> ' and "; guillemets are left alone (page
  furniture such as "« Back" is matched with them);
- every dash (figure, en, em, horizontal bar, minus) -> "-";
- Markdown emphasis (``**bold**``, ``__bold__``) -> its text;
- spaces collapsed, lines stripped, runs of blank lines -> one blank line;
- a space lost after a comma or full stop restored ("Bishkek,I" -> "Bishkek, I");
- a line broken after a comma is joined to the next line (002: "... ASEAN," / "CIS, ...").
"""

from __future__ import annotations

import re
import unicodedata
from collections import Counter

_SPACES = dict.fromkeys(map(ord, "\u00a0\u2007\u202f\u2000\u2001\u2002\u2003\u2004\u2005"
                                  "\u2006\u2008\u2009\u200a\u205f\u3000"), " ")
_ZERO_WIDTH = dict.fromkeys(map(ord, "\u200b\u200c\u200d\u2060\ufeff\u00ad"), None)
_QUOTES = {**dict.fromkeys(map(ord, "\u2018\u2019\u201a\u201b\u2032\u02bc"), "'"),
           **dict.fromkeys(map(ord, "\u201c\u201d\u201e\u201f\u2033"), '"')}
_DASHES = dict.fromkeys(map(ord, "\u2012\u2013\u2014\u2015\u2212\u2010\u2011"), "-")
# "Bishkek,I would", "summit.The": a space lost after punctuation (not "1,092", "St.Petersburg")
_MISSING_SPACE = re.compile(r"(?<=[a-z])([,;])(?=[A-Za-z])|(?<=[a-z]{2})(\.)(?=[A-Z][a-z])")
_MARKDOWN = re.compile(r"\*\*|__(?=\S)|(?<=\S)__")


def _translate(text: str, table: dict, counts: Counter, key: str) -> str:
    out = text.translate(table)
    counts[key] += sum(1 for a, b in zip(text, out) if a != b) if len(out) == len(text) \
        else len(text) - len(out)
    return out


def normalize_text(text: str) -> tuple[str, Counter]:
    """Return normalised text and a Counter of what was changed."""
    counts: Counter = Counter()
    text = unicodedata.normalize("NFC", text)
    text = _translate(text, _SPACES, counts, "nbsp_replaced")
    text = _translate(text, _ZERO_WIDTH, counts, "zero_width_removed")
    text = _translate(text, _QUOTES, counts, "quotes_normalised")
    text = _translate(text, _DASHES, counts, "dashes_normalised")
    counts["markdown_removed"] += len(_MARKDOWN.findall(text))
    text = _MARKDOWN.sub("", text)
    text = text.replace("\u2026", "...")
    text, n = _MISSING_SPACE.subn(lambda m: m.group(0) + " ", text)
    counts["spaces_after_punctuation"] += n
    lines = [re.sub(r"[ \t]+", " ", line).strip() for line in text.split("\n")]
    joined: list[str] = []
    for line in lines:
        last = len(joined) - 1
        while last >= 0 and not joined[last]:
            last -= 1
        if line and line[0].isalnum() and last >= 0 and joined[last].endswith(","):
            del joined[last + 1:]
            joined[last] = f"{joined[last]} {line}"
            counts["lines_joined"] += 1
        else:
            joined.append(line)
    text = re.sub(r"\n{3,}", "\n\n", "\n".join(joined)).strip("\n") + "\n"
    return text, counts
