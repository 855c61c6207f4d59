"""Analysis tokens: lower-cased, spelling-normalised, lemmatised, multi-word, stopword-free.

Pipeline for one text (each step a documented research choice, configured in
``config/config.yaml`` and ``data/lexicons/``):

1. word tokens: letters and digits of any script (Unicode: "Türkiye", "Москва", "北京"),
   combining accents kept inside the word (a text in decomposed form, "Tu" + U+0308 +
   "rkiye", gives the same word as the composed "Türkiye"), with inner hyphens or
   apostrophes ("counter-terrorism", "people-to-people", "COVID-19", "Xi'an"; the
   typographic apostrophe U+2019 counts as "'"); a possessive "'s" is dropped; numbers
   are dropped unless ``keep_numbers``;
2. lower case and Unicode NFC (one code point per accented letter; "İ" lower-cases to
   "i"); diacritics are KEPT ("türkiye" and "turkiye" are two words) unless
   ``fold_diacritics`` (config ``tokens.fold_diacritics``, off by default) removes them
   ("türkiye" -> "turkiye", "müller" -> "muller"; letters without a decomposition such as
   "ß", "ø", "ł" stay). Folding merges a name spelt with and without its accents, at the
   cost of merging words that differ only by an accent in languages that have them;
   then British/American spelling is mapped to one form (:mod:`scotext.corpus.spelling`);
3. lemma from simplemma (a dictionary lemmatiser with shipped English data), corrected by
   ``lemma_overrides`` (e.g. "media" stays "media", "developed" -> "develop"), then the
   spelling map again (a lemma may reveal a variant);
4. multi-word expressions from the lexicon ("shanghai spirit", "belt and road",
   "counter-terrorism") are matched on the lemma sequence, longest first, before
   stopwords are removed, and become one token. **Spaces and hyphens are the same
   separator** in matching: a hyphenated text word is matched part by part, so the entry
   "counter-terrorism" joins "counter-terrorism", "counter terrorism" and "Counter
   Terrorism", and the entry "people to people" joins "people-to-people" too. A match
   covers whole text words (an entry never matches half of a hyphenated word). The
   token is the entry as written in the lexicon, lower case, each word spelling-
   normalised, spaces replaced by "_" and hyphens kept ("belt_and_road",
   "counter-terrorism", "regional_anti-terrorist_structure"), so the lexicon decides the
   one form of each expression. Two entries that are the same after lemmatisation are
   an error (:class:`ValueError` naming both);
5. stopwords and tokens shorter than ``min_chars`` are removed (a multi-word token is
   kept whatever its length and words, unless the joined token itself is a stopword). The standard list is a choice (``tokens.standard_stopwords``):
   ``project`` (default: ``data/lexicons/stopwords_standard.txt``, scikit-learn's English
   list without the negation, stance and content words it contains; the file lists each
   word taken out and why), ``sklearn`` (scikit-learn's list as it is) or ``none``; the
   domain list (``tokens.domain_stopwords``) is always added.

:func:`language_profile` measures, with the same word definition, what the validation of
the document sheet uses to tell an English text from another language.
"""

from __future__ import annotations

import re
import unicodedata
from dataclasses import dataclass, field
from pathlib import Path

STANDARD_STOPWORD_CHOICES = ("project", "sklearn", "none")
#: The project stop list of this checkout (the config names it; this is the fallback).
DEFAULT_PROJECT_STOPWORDS = (Path(__file__).resolve().parents[3] / "data" / "lexicons"
                             / "stopwords_standard.txt")


def _combining_class() -> str:
    """Regex character-class ranges of the combining marks (Unicode categories Mn, Mc,
    Me) of the Basic Multilingual Plane: the accents a decomposed text carries."""
    ranges, start = [], None
    for cp in range(0x300, 0x10000):
        mark = unicodedata.category(chr(cp))[0] == "M"
        if mark and start is None:
            start = cp
        elif not mark and start is not None:
            ranges.append((start, cp - 1))
            start = None
    return "".join(f"\\u{a:04x}" if a == b else f"\\u{a:04x}-\\u{b:04x}" for a, b in ranges)


_MARKS = _combining_class()
# one run of letters/digits of any script, combining marks allowed inside (unambiguous:
# letters, then (marks, letters)*), so the regex never backtracks badly
_RUN = rf"[^\W_]+(?:[{_MARKS}]+[^\W_]*)*"
_WORD = re.compile(rf"{_RUN}(?:['\u2019\-]{_RUN})*")
_LETTERS_WORD = re.compile(r"[^\W\d_]+(?:['\u2019\-][^\W\d_]+)*")


def fold_diacritics(word: str) -> str:
    """Remove combining accents (NFD, drop marks, NFC): "türkiye" -> "turkiye"."""
    decomposed = unicodedata.normalize("NFD", word)
    return unicodedata.normalize(
        "NFC", "".join(ch for ch in decomposed if not unicodedata.combining(ch)))


def normalise_word(surface: str, fold: bool = False) -> str:
    """Lower case, NFC, "'" for the typographic apostrophe; diacritics folded if ``fold``."""
    w = surface.replace("\u2019", "'").lower().replace("i\u0307", "i")
    w = unicodedata.normalize("NFC", w)
    return fold_diacritics(w) if fold else w


def read_lines(path) -> list[str]:
    out = []
    with open(path, encoding="utf-8") as fh:
        for line in fh:
            line = line.split("#", 1)[0].strip()
            if line:
                out.append(line)
    return out


def load_stopwords(domain_path, use_standard="project", project_path=None) -> frozenset[str]:
    """The standard stop list chosen by ``use_standard`` plus the domain list.

    ``use_standard``: ``"project"`` (the file ``project_path``, default
    :data:`DEFAULT_PROJECT_STOPWORDS`), ``"sklearn"`` (scikit-learn's English list) or
    ``"none"``; ``True``/``False`` (the former boolean setting) mean ``"sklearn"`` /
    ``"none"``.
    """
    if use_standard is True:
        use_standard = "sklearn"
    elif use_standard is False or use_standard is None:
        use_standard = "none"
    if use_standard not in STANDARD_STOPWORD_CHOICES:
        raise ValueError(f"standard stopwords must be one of {STANDARD_STOPWORD_CHOICES}, "
                         f"got {use_standard!r}")
    words = set(normalise_word(w) for w in read_lines(domain_path))
    if use_standard == "sklearn":
        words |= sklearn_stop_words()
    elif use_standard == "project":
        words |= set(normalise_word(w) for w in
                     read_lines(project_path or DEFAULT_PROJECT_STOPWORDS))
    return frozenset(words)


def sklearn_stop_words() -> frozenset[str]:
    """``sklearn.feature_extraction.text.ENGLISH_STOP_WORDS``, read from the installed
    scikit-learn's ``_stop_words.py`` without importing scikit-learn (which takes ~1 s, in
    every job that tokenises). The same object as the import gives (tested)."""
    import importlib.util

    spec = importlib.util.find_spec("sklearn")      # locates the package, does not run it
    if spec is None or not spec.submodule_search_locations:
        raise ImportError("scikit-learn is not installed (needed for its stopword list)")
    path = Path(list(spec.submodule_search_locations)[0]) / "feature_extraction" / "_stop_words.py"
    namespace: dict = {}
    exec(compile(path.read_text(encoding="utf-8"), str(path), "exec"), namespace)
    return frozenset(namespace["ENGLISH_STOP_WORDS"])


def load_pairs(path) -> dict[str, str]:
    """Two tab-separated columns with a header row -> dict (used for lemma overrides).
    Comments (``#``) and blank lines are skipped; an error names the line of the file."""
    pairs = {}
    header = True
    with open(path, encoding="utf-8") as fh:
        for i, raw in enumerate(fh, start=1):
            line = raw.split("#", 1)[0].strip()
            if not line:
                continue
            if header:
                header = False
                continue
            cols = line.split("\t")
            if len(cols) != 2 or not all(c.strip() for c in cols):
                raise ValueError(f"{path}: line {i}: expected two tab-separated columns")
            pairs[normalise_word(cols[0].strip())] = normalise_word(cols[1].strip())
    return pairs


@dataclass
class Tokenizer:
    stopwords: frozenset[str]
    multiword: list[str] = field(default_factory=list)
    spelling: dict[str, str] = field(default_factory=dict)
    lemma_overrides: dict[str, str] = field(default_factory=dict)
    min_chars: int = 2
    keep_numbers: bool = False
    fold_diacritics: bool = False

    def __post_init__(self):
        self._lemma_cache: dict[str, str] = {}
        self._parts_cache: dict[str, tuple[str, ...]] = {}
        # multi-word lexicon entries as part-lemma sequences -> canonical token
        self._mwe: dict[tuple[str, ...], str] = {}
        entry_of: dict[tuple[str, ...], str] = {}
        for entry in self.multiword:
            words = [normalise_word(w, self.fold_diacritics) for w in _WORD.findall(entry)]
            key = tuple(p for w in words for p in self._part_lemmas(w))
            if len(key) < 2:
                raise ValueError(f"multi-word expression {entry!r} has fewer than two words")
            if key in entry_of:
                raise ValueError(f"multi-word expressions {entry_of[key]!r} and {entry!r} are "
                                 "the same after lemmatisation (spaces and hyphens match "
                                 "alike); keep one")
            entry_of[key] = entry
            self._mwe[key] = "_".join(
                "-".join(self.spelling.get(p, p) for p in w.split("-")) for w in words)
        self._mwe_max = max((len(k) for k in self._mwe), default=0)
        self._mwe_first = frozenset(k[0] for k in self._mwe)
        self._mwe_tokens = frozenset(self._mwe.values())

    def lemma(self, word: str) -> str:
        """Spelling-normalised lemma of one lower-case word."""
        hit = self._lemma_cache.get(word)
        if hit is None:
            import simplemma

            folded = fold_diacritics(word) if self.fold_diacritics else word
            form = self.spelling.get(folded, folded)
            lem = self.lemma_overrides.get(form)
            if lem is None:
                lem = simplemma.lemmatize(form, lang="en").lower()
            hit = self._lemma_cache[word] = self.spelling.get(lem, lem)
        return hit

    def _part_lemmas(self, word: str) -> tuple[str, ...]:
        """Lemmas of the hyphen parts of a word ("counter-terrorism" -> counter,
        terrorism); a word without hyphen is one part: its lemma."""
        hit = self._parts_cache.get(word)
        if hit is None:
            if "-" in word:
                hit = tuple(self.lemma(p) for p in word.split("-") if p)
            else:
                hit = (self.lemma(word),)
            self._parts_cache[word] = hit
        return hit

    def word_spans(self, text: str) -> list[tuple[str, int, int]]:
        """Lower-case word tokens with their character spans, possessives dropped."""
        out = []
        fold = self.fold_diacritics
        for m in _WORD.finditer(text):
            w = normalise_word(m.group(0), fold)
            if w.endswith("'s"):
                w = w[:-2]
            w = w.strip("'")
            if w:
                out.append((w, m.start(), m.end()))
        return out

    def words(self, text: str) -> list[str]:
        """Lower-case word tokens, possessives dropped."""
        return [w for w, _, _ in self.word_spans(text)]

    def token_spans(self, text: str) -> list[tuple[str, int, int]]:
        """The analysis tokens of ``text`` with the character span each comes from (a
        multi-word token spans all its words); the keyword-in-context lines use these."""
        spans = self.word_spans(text)
        joined: list[tuple[str, int, int]] = []
        i, n = 0, len(spans)
        while i < n:
            match = None
            if self._mwe:
                parts = self._part_lemmas(spans[i][0])
                if parts[0] in self._mwe_first:
                    key: tuple[str, ...] = ()
                    for j in range(i, n):
                        key += self._part_lemmas(spans[j][0]) if j > i else parts
                        if len(key) > self._mwe_max:
                            break
                        canon = self._mwe.get(key)
                        if canon is not None:
                            match = (j, canon)          # keep going: longest wins
            if match is not None:
                j, canon = match
                joined.append((canon, spans[i][1], spans[j][2]))
                i = j + 1
            else:
                joined.append((self.lemma(spans[i][0]), spans[i][1], spans[i][2]))
                i += 1
        return [t for t in joined if self._keep(t[0])]

    def tokens(self, text: str) -> list[str]:
        """The analysis tokens of ``text`` (see module docstring)."""
        return [t for t, _, _ in self.token_spans(text)]

    def _keep(self, tok: str) -> bool:
        if tok in self._mwe_tokens:                 # unless the token itself is listed
            return tok not in self.stopwords
        if tok in self.stopwords or len(tok) < self.min_chars:
            return False
        if not self.keep_numbers and not any(ch.isalpha() for ch in tok):
            return False
        return True


# --------------------------------------------------------------------------- language


@dataclass(frozen=True)
class LanguageProfile:
    """What the language check of the validation looks at, for one text."""

    letters: int                 # letters of any script
    non_latin_share: float       # share of the letters that are not Latin script
    main_other_script: str       # the most frequent non-Latin script ("" if none)
    words: int                   # words of letters (numbers not counted)
    function_word_share: float   # share of those words in the English function-word list


def _script(ch: str) -> str:
    """The script of a letter from its Unicode name ("LATIN", "CYRILLIC", "CJK" ...)."""
    name = unicodedata.name(ch, "")
    return name.split(" ", 1)[0] if name else "UNKNOWN"


def language_profile(text: str, function_words: frozenset[str]) -> LanguageProfile:
    """Letters by script and the share of English function words among the words."""
    letters = latin = 0
    other: dict[str, int] = {}
    for ch in text:
        if ch.isalpha():
            letters += 1
            if ch.isascii():
                latin += 1
                continue
            script = _script(ch)
            if script == "LATIN":
                latin += 1
            else:
                other[script] = other.get(script, 0) + 1
    words = [normalise_word(w) for w in _LETTERS_WORD.findall(text)]
    n_function = sum(1 for w in words if w in function_words)
    main = max(sorted(other), key=other.get) if other else ""
    return LanguageProfile(
        letters=letters, non_latin_share=(letters - latin) / letters if letters else 0.0,
        main_other_script=main.lower(), words=len(words),
        function_word_share=n_function / len(words) if words else 0.0)
