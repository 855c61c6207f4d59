"""Repair words glued together where a web scrape lost a space.

The 2019 InfoSHOS page (doc 000) lost every no-break space of its source; Russian-style
typesetting puts those after short prepositions and conjunctions, so the page reads
"ofthe", "inBishkek", "tocountering", "aswell", "fora", "over600", "in2019-2021".

How a token is repaired (every rule is needed by a case in the corpus; see tests):

1. Only alphanumeric runs are looked at (apostrophes and hyphens separate runs, so
   "ofKyrgyzstan's" and "withlaw-enforcement" are handled run by run). Runs written in
   capitals ("ASEAN", "SCO") are never split.
2. Letters glued to digits ("over600", "in2019") are split when the letters are a glue
   prefix (a function word from ``data/lexicons/glue_prefixes.txt``); "20th", "G20" stay.
3. A lower-case prefix glued to a capitalised word ("inBishkek", "ofSCO") is split when
   the prefix is a glue prefix; the rest is repaired again from rule 4 on.
4. Other runs get a probabilistic segmentation from SymSpell's ``word_segmentation``
   (symspellpy, with its shipped 82,765-word English frequency lexicon, no spelling
   correction). The split is accepted only when

   - every part is a word of the lexicon (or a number),
   - every boundary follows a glue prefix (so "geo|economic", "corona|virus",
     "inter|regional", "can|not" are never proposed),
   - the run is not itself a lexicon word, or the split is ``margin`` orders of magnitude
     more probable than the run (so "fora" -> "for a", but "within", "into", "online",
     "upcoming", "indivisible", "total" stay whole),
   - in a capitalised run (a likely proper noun) every later part has at least three
     letters or is an article ("Indo" is not "In do"; "Inthe" is "In the").

The result keeps the original characters and case; only spaces are inserted.
"""

from __future__ import annotations

import importlib.resources
import math
import re
from collections.abc import Iterable
from dataclasses import dataclass, field
from functools import lru_cache

# an ASCII run that is a whole word: not inside a word of another script ("Ağababa" is
# never split as "Ağa baba")
_RUN = re.compile(r"(?<![^\W\d_])[A-Za-z0-9]+(?![^\W\d_])")
_LETTERS_DIGITS = re.compile(r"^([A-Za-z]+)(\d.*)$")
_CAMEL = re.compile(r"^([a-z]+)([A-Z].*)$")
_ARTICLES = frozenset({"a", "an"})


def load_word_list(path) -> frozenset[str]:
    """Read a one-word-per-line lexicon (``#`` starts a comment), lower-cased."""
    words = set()
    with open(path, encoding="utf-8") as fh:
        for line in fh:
            word = line.split("#", 1)[0].strip().lower()
            if word:
                words.add(word)
    return frozenset(words)


@lru_cache(maxsize=1)
def _symspell():
    """The SymSpell segmenter with its shipped English lexicon (loaded once per process)."""
    from symspellpy import SymSpell

    sym = SymSpell(max_dictionary_edit_distance=0, prefix_length=7)
    lexicon = importlib.resources.files("symspellpy") / "frequency_dictionary_en_82_765.txt"
    sym.load_dictionary(str(lexicon), term_index=0, count_index=1, encoding="utf-8")
    return sym


@dataclass
class GlueSplitter:
    """Split glued tokens; ``prefixes`` are the function words after which spaces get lost.

    ``margin`` is in log10 units: a run that is itself a lexicon word is split only if the
    split is at least ``10**margin`` times more probable under the unigram model.
    """

    prefixes: frozenset[str]
    margin: float = 1.0
    _cache: dict[str, str] = field(default_factory=dict, init=False, repr=False)

    def __post_init__(self):
        sym = _symspell()
        self._words = sym.words
        self._total = float(sum(sym.words.values()))

    # -- public -------------------------------------------------------------------------
    def split_text(self, text: str) -> tuple[str, list[tuple[str, str]]]:
        """Return the repaired text and the list of (glued, repaired) runs, in order."""
        changes: list[tuple[str, str]] = []

        def repl(match: re.Match) -> str:
            run = match.group(0)
            fixed = self.split_run(run)
            if fixed != run:
                changes.append((run, fixed))
            return fixed

        return _RUN.sub(repl, text), changes

    def split_run(self, run: str) -> str:
        """Repair one alphanumeric run; returns it unchanged when no rule applies."""
        if run not in self._cache:
            self._cache[run] = " ".join(self._parts(run))
        return self._cache[run]

    # -- rules --------------------------------------------------------------------------
    def _parts(self, run: str) -> list[str]:
        if len(run) < 3 or (run.isupper() and len(run) > 1):
            return [run]
        m = _LETTERS_DIGITS.match(run)
        if m:
            head, digits = m.groups()
            if head.lower() in self.prefixes:
                return [head, digits]
            return [run]
        if any(ch.isdigit() for ch in run):
            return [run]
        m = _CAMEL.match(run)
        if m:
            head, rest = m.groups()
            if head in self.prefixes:
                return [head, *self._parts(rest)]
            return [run]
        if not (run.islower() or (run[0].isupper() and run[1:].islower())):
            return [run]
        return self._segment(run)

    def _segment(self, run: str) -> list[str]:
        low = run.lower()
        proposal = _symspell().word_segmentation(low, max_edit_distance=0)
        parts = proposal.segmented_string.split()
        if len(parts) < 2 or "".join(parts) != low:
            return [run]
        if not all(p in self._words for p in parts):
            return [run]
        if not all(p in self.prefixes for p in parts[:-1]):
            return [run]
        if run[0].isupper() and any(len(p) < 3 and p not in _ARTICLES for p in parts[1:]):
            return [run]
        if low in self._words and self._log10p(parts) < self._log10p([low]) + self.margin:
            return [run]
        out, i = [], 0
        for p in parts:
            out.append(run[i:i + len(p)])
            i += len(p)
        return out

    def _log10p(self, parts: Iterable[str]) -> float:
        return sum(math.log10(self._words[p] / self._total) for p in parts)
