"""Match the codebook's patterns in segment texts and score every segment per frame.

What is matched
---------------
The cleaned ``text`` of each segment (original case, function words kept), not the
stopword-free analysis tokens, so phrases with function words ("non-interference in internal
affairs", "belt and road") match. The text is cut into words with the corpus Tokenizer
(``Tokenizer.word_spans``: letters/digits with inner hyphens or apostrophes, lower case,
possessive "'s" dropped), and every word is further split at its hyphens into *parts*
("counter-terrorism" -> counter | terrorism). Patterns are cut the same way. Matching is on
parts, so

- "counter-terrorism" matches "counter-terrorism" and "counter terrorism";
- "terrorist" also matches the part "terrorist" of "anti-terrorist" (a hyphen compound
  contains its head word); use ``exclude`` to stop this where it is wrong;
- "counterterrorism" (one word) is a different word: list it if wanted.

How a pattern word matches a text part (decided per pattern word at compile time):

1. a word ending in ``*`` is a *prefix*: it matches a part whose lower-case form, spelling-
   normalised form or lemma starts with the prefix ("digitali*" matches "digitalisation",
   "digitalization", "digitalize"); the prefix is compared in lower case;
2. a word written entirely in upper case with at least two letters ("WHO", "UN", "RATS") is
   an *acronym*: it matches only the identical upper-case surface form, so "WHO" (the World
   Health Organization) does not match the pronoun "who";
3. any other word is a *lemma*: it is lower-cased and run through ``Tokenizer.lemma`` (the
   corpus's spelling normalisation and lemmatiser with its overrides) and matches a part
   with the same lemma: "terrorists" matches "terrorist", "joined" matches "join",
   "civilisations" matches "civilizations". Matching is case-insensitive.

Consecutive words of a phrase must be adjacent in the text: between two matched parts only
whitespace, hyphens and quotation marks may stand (so "security. Council" is not "security
council", and a phrase never runs across a comma, full stop, colon, semicolon, bracket or
question mark).

Overlaps
--------
Within a frame, a text position counts once:

1. every pattern of the frame and every ``exclude`` pattern of the frame is located
   (all start positions, all patterns);
2. a pattern match that overlaps (shares at least one part with) an exclude match of the
   same frame is vetoed ("security" inside "UN Security Council");
3. the remaining matches are resolved longest first: sorted by the number of parts
   (descending), then by start (left to right), then by the pattern's position in the
   codebook; a match is kept if it does not overlap one already kept (the rule of spaCy's
   ``filter_spans``). So "international terrorism" counts once, not also as "terrorism",
   and "counter-terrorism" once, not also as "terrorism".

Across frames nothing is resolved: a word may count for two frames (e.g. "tourism" for
culture and, in "tourism industry", for the economy); it counts once in each.

Scores
------
Per segment and frame: ``n_hits`` (kept matches), ``n_words`` (the number of word tokens of
the segment text by ``Tokenizer.word_spans``: a hyphenated word is one word, numbers count,
punctuation does not; the same denominator for every frame), ``per_1000`` =
1000 * n_hits / n_words (0 for a text without words), ``present`` = n_hits >= ``min_hits``
(default 1), and ``terms``: the distinct matched patterns (as written in the codebook),
sorted, joined by " | ".
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from typing import NamedTuple

from .codebook import Codebook, CodebookError, pattern_words

_GAP_OK = re.compile(r"^[\s\-\"'\u2018\u2019\u201c\u201d\u00ab\u00bb\u2013\u2014]*$")
_PART = re.compile(r"[^-]+")

LEMMA, PREFIX, ACRONYM = "lemma", "prefix", "acronym"

FRAME_SEGMENT_COLUMNS = ["frame", "n_hits", "n_words", "per_1000", "present", "terms"]
MATCH_COLUMNS = ["segment_id", "frame", "term", "start", "end", "match"]
KEEP_COLUMNS = ("doc_id", "segment_id", "turn", "role", "speaker", "year", "date",
                "is_duplicate")             # segment columns the frame tables carry


@dataclass(frozen=True)
class PatternWord:
    kind: str      # "lemma", "prefix" or "acronym"
    value: str     # the lemma, the lower-case prefix, or the upper-case acronym


@dataclass(frozen=True)
class CompiledPattern:
    frame: str
    text: str                      # the pattern as written in the codebook
    words: tuple[PatternWord, ...]
    exclude: bool                  # an exclude (veto) pattern
    order: int                     # position in the codebook (tie-breaker)


@dataclass(frozen=True)
class CompiledCodebook:
    """Patterns of a codebook compiled with one Tokenizer (lemmas computed once)."""

    version: str
    frames: tuple[str, ...]
    patterns: tuple[CompiledPattern, ...]
    tokenizer: object

    def frame_patterns(self, frame: str, exclude: bool = False) -> list[CompiledPattern]:
        return [p for p in self.patterns if p.frame == frame and p.exclude == exclude]


class Part(NamedTuple):
    """One hyphen part of a word of the text (a named tuple: millions are made)."""

    surface: str    # the original characters
    lower: str
    norm: str       # spelling-normalised lower-case form
    lemma: str
    start: int
    end: int


def _compile_word(word: str, tokenizer) -> list[PatternWord]:
    """A pattern word (maybe hyphenated) -> one PatternWord per hyphen part."""
    star = word.endswith("*")
    core = word.rstrip("*")
    if core.lower().endswith("'s"):      # as Tokenizer.word_spans: possessive dropped
        core = core[:-2]
    core = core.strip("'")
    parts = core.split("-")
    out = []
    for j, part in enumerate(parts):
        letters = [c for c in part if c.isalpha()]
        if star and j == len(parts) - 1:
            out.append(PatternWord(PREFIX, part.lower()))
        elif len(letters) >= 2 and part.isupper():
            out.append(PatternWord(ACRONYM, part))
        else:
            out.append(PatternWord(LEMMA, tokenizer.lemma(part.lower())))
    return out


def compile_codebook(codebook: Codebook, tokenizer) -> CompiledCodebook:
    """Compile every pattern of ``codebook`` with ``tokenizer`` (the corpus Tokenizer).

    Raises :class:`CodebookError` when two patterns of one frame (or two exclude patterns)
    become identical after lemmatisation ("terrorist" and "terrorists"), naming both.
    """
    compiled = []
    order = 0
    for frame in codebook.frames:
        for exclude, plist, fieldname in ((False, frame.patterns, "patterns"),
                                          (True, frame.exclude, "exclude")):
            seen: dict[tuple, str] = {}
            for text in plist:
                words: list[PatternWord] = []
                for w in pattern_words(text):
                    words.extend(_compile_word(w, tokenizer))
                key = tuple(words)
                if key in seen:
                    raise CodebookError(
                        f"patterns {seen[key]!r} and {text!r} are the same after "
                        "lemmatisation; keep one", file=codebook.source, frame=frame.id,
                        field=fieldname)
                seen[key] = text
                compiled.append(CompiledPattern(frame.id, text, key, exclude, order))
                order += 1
    return CompiledCodebook(codebook.version, codebook.ids, tuple(compiled), tokenizer)


def text_parts(text: str, tokenizer) -> tuple[list[Part], int]:
    """The hyphen parts of the words of ``text`` and the number of words."""
    spans = tokenizer.word_spans(text)
    parts = []
    forms = _forms(tokenizer)
    append = parts.append
    for w, start, _ in spans:
        if "-" not in w:                  # most words: one part, the whole word
            e = start + len(w)
            append(Part(text[start:e], w, *forms(w), start, e))
            continue
        for m in _PART.finditer(w):
            low = m.group(0)
            s, e = start + m.start(), start + m.end()
            append(Part(text[s:e], low, *forms(low), s, e))
    return parts, len(spans)


_FORMS_CACHE: dict[int, tuple[object, dict]] = {}


def _forms(tokenizer):
    """``lower -> (spelling-normalised form, lemma)`` of ``tokenizer``, memoised: a corpus
    has far fewer distinct words than running words."""
    hit = _FORMS_CACHE.get(id(tokenizer))
    if hit is None or hit[0] is not tokenizer:
        spelling = getattr(tokenizer, "spelling", {}) or {}
        cache: dict[str, tuple[str, str]] = {}

        def forms(low):
            f = cache.get(low)
            if f is None:
                f = cache[low] = (spelling.get(low, low), tokenizer.lemma(low))
            return f

        hit = (tokenizer, forms)
        _FORMS_CACHE[id(tokenizer)] = hit
    return hit[1]


def _word_matches(pw: PatternWord, part: Part) -> bool:
    if pw.kind == LEMMA:
        return part.lemma == pw.value
    if pw.kind == PREFIX:
        return (part.lower.startswith(pw.value) or part.norm.startswith(pw.value)
                or part.lemma.startswith(pw.value))
    return part.surface == pw.value


class _Index:
    """Patterns indexed by their first word, so each text position tries few patterns."""

    def __init__(self, compiled: CompiledCodebook):
        self.by_lemma: dict[str, list[CompiledPattern]] = {}
        self.by_acronym: dict[str, list[CompiledPattern]] = {}
        self.prefixed: list[CompiledPattern] = []
        for p in compiled.patterns:
            first = p.words[0]
            if first.kind == LEMMA:
                self.by_lemma.setdefault(first.value, []).append(p)
            elif first.kind == ACRONYM:
                self.by_acronym.setdefault(first.value, []).append(p)
            else:
                self.prefixed.append(p)
        self._by_lower: dict[str, tuple[CompiledPattern, ...]] = {}

    def candidates(self, part: Part):
        """Patterns whose first word matches ``part``: lemma patterns, acronyms (by the
        surface form), prefix patterns; lemma and prefix candidates depend on the part's
        lower-case form alone and are memoised per form."""
        hit = self._by_lower.get(part.lower)
        if hit is None:
            hit = self._by_lower[part.lower] = (
                tuple(self.by_lemma.get(part.lemma, ())),
                tuple(p for p in self.prefixed if _word_matches(p.words[0], part)))
        acr = self.by_acronym.get(part.surface)
        return hit[0] + tuple(acr) + hit[1] if acr else hit[0] + hit[1]


_INDEX_CACHE: dict[int, tuple[CompiledCodebook, _Index]] = {}


def _index(compiled: CompiledCodebook) -> _Index:
    hit = _INDEX_CACHE.get(id(compiled))
    if hit is None or hit[0] is not compiled:
        hit = (compiled, _Index(compiled))
        _INDEX_CACHE[id(compiled)] = hit
    return hit[1]


def _locate(parts: list[Part], text: str, index: _Index):
    """Every (pattern, first part, end part exclusive) occurrence, all patterns."""
    found = []
    n = len(parts)
    for i, part in enumerate(parts):
        for p in index.candidates(part):
            k = len(p.words)
            if i + k > n:
                continue
            ok = True
            for j in range(1, k):
                prev, cur = parts[i + j - 1], parts[i + j]
                if not _word_matches(p.words[j], cur) or \
                        not _GAP_OK.match(text[prev.end:cur.start]):
                    ok = False
                    break
            if ok:
                found.append((p, i, i + k))
    return found


def _resolve(cands: list[tuple], vetoes: list[tuple]) -> list[tuple]:
    """Drop candidates overlapping a veto; keep non-overlapping ones, longest first."""
    kept_parts: set[int] = set()
    veto_parts = {j for _, s, e in vetoes for j in range(s, e)}
    out = []
    ranked = sorted(cands, key=lambda c: (-(c[2] - c[1]), c[1], c[0].order))
    for c in ranked:
        span = range(c[1], c[2])
        if any(j in veto_parts for j in span) or any(j in kept_parts for j in span):
            continue
        kept_parts.update(span)
        out.append(c)
    return sorted(out, key=lambda c: (c[1], c[0].order))


def match_text(text: str, compiled: CompiledCodebook) -> list[dict]:
    """Kept matches in ``text``: dicts with frame, term (pattern), start, end, match (surface
    text), in frame (codebook) order, then text order."""
    text = text if isinstance(text, str) else ""
    parts, _ = text_parts(text, compiled.tokenizer)
    return _match_parts(text, parts, compiled)


def _match_parts(text, parts, compiled) -> list[dict]:
    found = _locate(parts, text, _index(compiled))
    out = []
    for frame in compiled.frames:
        cands = [c for c in found if c[0].frame == frame and not c[0].exclude]
        if not cands:
            continue
        vetoes = [c for c in found if c[0].frame == frame and c[0].exclude]
        for p, s, e in _resolve(cands, vetoes):
            start, end = parts[s].start, parts[e - 1].end
            out.append({"frame": frame, "term": p.text, "start": start, "end": end,
                        "match": text[start:end]})
    return out


def score_segments(segments, compiled: CompiledCodebook, *, min_hits: int = 1,
                   keep=KEEP_COLUMNS, layout: str = "long"):
    """Frame scores of every segment: ``(frame_segments, matches)``.

    ``frame_segments`` (``layout="long"``) has one row per (segment, frame) in segment
    order, then codebook order, with the segment's ``keep`` columns (those present) followed
    by frame, n_hits, n_words, per_1000, present, terms (see module docstring).
    ``layout="wide"`` gives one row per segment instead (see :mod:`scotext.framing.table`);
    ``layout="both"`` gives ``(long, wide, matches)``. ``matches``: every kept match,
    DataFrame(segment_id, frame, term, start, end, match) in segment order, ``start``/``end``
    character offsets in ``text``.
    """
    if layout not in ("long", "wide", "both"):
        raise ValueError(f"layout must be long, wide or both, got {layout!r}")
    scores = _score(segments, compiled, min_hits, keep)
    tables = {"long": _long(scores), "wide": _wide(scores)} if layout == "both" else \
        {layout: _long(scores) if layout == "long" else _wide(scores)}
    return (*tables.values(), scores["matches"])


def _score(segments, compiled, min_hits, keep) -> dict:
    """The scores as arrays: segment columns, hits and terms (segments x frames), n_words."""
    import numpy as np
    import pandas as pd

    if isinstance(min_hits, bool) or not isinstance(min_hits, (int, np.integer)) or min_hits < 1:
        raise ValueError(f"min_hits must be a positive integer, got {min_hits!r}")
    if "segment_id" not in segments or "text" not in segments:
        raise ValueError("segments need the columns segment_id and text")
    if segments["segment_id"].duplicated().any():
        dup = segments["segment_id"][segments["segment_id"].duplicated()].iloc[0]
        raise ValueError(f"segment_id {dup!r} occurs twice")
    frames = list(compiled.frames)
    frame_pos = {f: i for i, f in enumerate(frames)}
    keep = [c for c in keep if c in segments.columns]
    n, n_frames = len(segments), len(frames)
    hits = np.zeros((n, n_frames), dtype=np.int64)
    n_words = np.zeros(n, dtype=np.int64)
    terms = np.full((n, n_frames), "", dtype=object)
    match_rows = []
    for i, (seg_id, text) in enumerate(zip(segments["segment_id"], segments["text"])):
        text = text if isinstance(text, str) else ""
        parts, n_words[i] = text_parts(text, compiled.tokenizer)
        by_frame: dict[str, list[str]] = {}
        for m in _match_parts(text, parts, compiled):
            by_frame.setdefault(m["frame"], []).append(m["term"])
            match_rows.append({"segment_id": seg_id, **m})
        for f, found in by_frame.items():
            j = frame_pos[f]
            hits[i, j] = len(found)
            terms[i, j] = " | ".join(sorted(set(found)))
    return {"columns": {c: segments[c].to_numpy() for c in keep}, "frames": frames,
            "hits": hits, "n_words": n_words, "terms": terms, "min_hits": min_hits,
            "matches": pd.DataFrame(match_rows, columns=MATCH_COLUMNS)}


def _long(scores):
    """One row per (segment, frame): segment columns repeated, frames cycled."""
    import numpy as np
    import pandas as pd

    frames, hits = scores["frames"], scores["hits"]
    n, n_frames = hits.shape
    cols = {c: np.repeat(v, n_frames) for c, v in scores["columns"].items()}
    words = np.repeat(scores["n_words"], n_frames)
    flat_hits = hits.ravel()
    cols.update({"frame": np.tile(np.array(frames, dtype=object), n), "n_hits": flat_hits,
                 "n_words": words,
                 "per_1000": np.divide(1000.0 * flat_hits, words,
                                       out=np.zeros(len(words)), where=words > 0),
                 "present": flat_hits >= scores["min_hits"],
                 "terms": scores["terms"].ravel()})
    return pd.DataFrame(cols, columns=list(scores["columns"]) + FRAME_SEGMENT_COLUMNS)


def _wide(scores):
    """One row per segment: segment columns, n_words, n_hits:<frame>..., present:<frame>..."""
    import pandas as pd

    from .table import HITS, PRESENT

    hits = scores["hits"]
    cols = dict(scores["columns"])
    cols["n_words"] = scores["n_words"]
    cols.update({HITS + f: hits[:, j] for j, f in enumerate(scores["frames"])})
    cols.update({PRESENT + f: hits[:, j] >= scores["min_hits"]
                 for j, f in enumerate(scores["frames"])})
    return pd.DataFrame(cols)
