"""Analysis tokens: lower-cased, spelling-normalised, lemmatised, multi-word, stopword-free.

Pipeline for one text (each step a documented research choice, configured in
``config/config.yaml`` and ``data/lexicons/``):

1. word tokens: letters with inner hyphens or apostrophes ("counter-terrorism",
   "people-to-people", "COVID-19"); a possessive "'s" is dropped; numbers are dropped
   unless ``keep_numbers``;
2. lower case, then British/American spelling mapped to one form
   (:mod:`scotext.corpus.spelling`);
3. lemma from simplemma (a dictionary lemmatiser with shipped English data), corrected by
   ``lemma_overrides`` (e.g. "media" stays "media", "developed" -> "develop"), then the
   spelling map again (a lemma may reveal a variant);
4. multi-word expressions from the lexicon ("shanghai spirit", "belt and road") are matched
   on the lemma sequence, longest first, before stopwords are removed, and become one
   token joined by "_";
5. stopwords (scikit-learn's English list plus the domain list) and tokens shorter than
   ``min_chars`` are removed.
"""

from __future__ import annotations

from pathlib import Path

import re
from dataclasses import dataclass, field

_WORD = re.compile(r"[A-Za-z0-9]+(?:[-'][A-Za-z0-9]+)*")


def read_lines(path) -> list[str]:
    out = []
    with open(path, encoding="utf-8") as fh:
        for line in fh:
            line = line.split("#", 1)[0].strip()
            if line:
                out.append(line)
    return out


def load_stopwords(domain_path, use_standard: bool = True) -> frozenset[str]:
    """scikit-learn's English stopword list (if ``use_standard``) plus the domain list."""
    words = set(w.lower() for w in read_lines(domain_path))
    if use_standard:
        words |= sklearn_stop_words()
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
    """Two tab-separated columns with a header row -> dict (used for lemma overrides)."""
    pairs = {}
    for i, line in enumerate(read_lines(path)[1:], start=2):
        cols = line.split("\t")
        if len(cols) != 2 or not all(c.strip() for c in cols):
            raise ValueError(f"{path}: line {i}: expected two tab-separated columns")
        pairs[cols[0].strip().lower()] = cols[1].strip().lower()
    return pairs


@dataclass
class Tokenizer:
    stopwords: frozenset[str]
    multiword: list[str] = field(default_factory=list)
    spelling: dict[str, str] = field(default_factory=dict)
    lemma_overrides: dict[str, str] = field(default_factory=dict)
    min_chars: int = 2
    keep_numbers: bool = False

    def __post_init__(self):
        self._lemma_cache: dict[str, str] = {}
        # multi-word lexicon entries as lemma sequences -> canonical joined form
        self._mwe: dict[tuple[str, ...], str] = {}
        for entry in self.multiword:
            words = [w.lower() for w in _WORD.findall(entry)]
            if len(words) < 2:
                raise ValueError(f"multi-word expression {entry!r} has fewer than two words")
            key = tuple(self.lemma(w) for w in words)
            self._mwe[key] = "_".join(self.spelling.get(w, w) for w in words)
        self._mwe_max = max((len(k) for k in self._mwe), default=0)

    def lemma(self, word: str) -> str:
        """Spelling-normalised lemma of one lower-case word."""
        if word not in self._lemma_cache:
            import simplemma

            form = self.spelling.get(word, word)
            lem = self.lemma_overrides.get(form)
            if lem is None:
                lem = simplemma.lemmatize(form, lang="en").lower()
            self._lemma_cache[word] = self.spelling.get(lem, lem)
        return self._lemma_cache[word]

    def word_spans(self, text: str) -> list[tuple[str, int, int]]:
        """Lower-case word tokens with their character spans, possessives dropped."""
        out = []
        for m in _WORD.finditer(text):
            w = m.group(0).lower()
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
        lemmas = [self.lemma(w) for w, _, _ in spans]
        joined: list[tuple[str, int, int]] = []
        i = 0
        while i < len(lemmas):
            for n in range(min(self._mwe_max, len(lemmas) - i), 1, -1):
                canon = self._mwe.get(tuple(lemmas[i:i + n]))
                if canon:
                    joined.append((canon, spans[i][1], spans[i + n - 1][2]))
                    i += n
                    break
            else:
                joined.append((lemmas[i], spans[i][1], spans[i][2]))
                i += 1
        return [t for t in joined if self._keep(t[0])]

    def tokens(self, text: str) -> list[str]:
        """The analysis tokens of ``text`` (see module docstring)."""
        return [t for t, _, _ in self.token_spans(text)]

    def _keep(self, tok: str) -> bool:
        if "_" in tok:
            return True
        if tok in self.stopwords or len(tok) < self.min_chars:
            return False
        if not self.keep_numbers and not any(ch.isalpha() for ch in tok):
            return False
        return True
