"""Split a cleaned document into paragraph segments grouped into speaker turns.

Input is the text handed over by the cleaning stage: furniture removed, quotes and
dashes normalised to ASCII, one paragraph per non-empty line, blank lines separating
blocks. Output is one dict per kept paragraph, in document order::

    {"paragraph": int, "turn": int, "role": str, "speaker": str, "text": str,
     "format": str}

Roles and speakers come from the STRUCTURE of the text, never from file names.

General rules
-------------
* ``paragraph`` is the 0-based index of the line among the non-empty lines; lines that
  produce no segment (pure markers, blank labels) still use up their index.
* Pure marker lines ("QUESTION", "QUESTION 1", "Answer:", "Q:" alone) give no segment.
  A paragraph left without any letter or digit after stripping gives no segment, so
  ``text`` is never empty.
* Speakers: ``answer`` and ``reported`` -> ``official``; ``question`` ->
  ``interviewer`` if given, else ``outlet``; ``narration`` -> ``outlet``. Exception:
  in the labels format a speaker label that names neither the official nor the
  interviewer keeps its own label as speaker (see below), so a third person's words
  are never attributed to the official.
* ``turn`` starts at 1 and increases whenever the role or speaker changes or a new
  structural unit starts (a QUESTION/ANSWER marker, a dash paragraph, a speaker label,
  a numbered item, a plain question group). The narration before the first question is
  a turn too, so two answer-only numbered items are two turns.
* "Ends with ?" ignores trailing quotes, brackets and spaces (``...beyond?"``).
* The format is detected by :func:`detect_format` from the paragraphs alone (no names,
  no file names); the first rule that matches wins, in this order:

1. markers
   At least one line is exactly a QUESTION marker and one exactly an ANSWER marker
   (any case; optional number such as "QUESTION 4"; optional trailing ":" or ".";
   "Q:"/"A:" alone count as markers too). Paragraphs after a QUESTION marker up to
   the next marker are the question, those after an ANSWER marker the answer; a "?"
   inside an answer changes nothing ("How will global governance work?" stays
   answer). Text before the first marker is narration. A leading item number
   ("1. ", "5: ") is stripped from the first paragraph after a QUESTION marker.
2. dash
   At least two paragraphs start with "-" (with or without a space: "- Can", "-How")
   and at least one of them ends with "?" (so a bulleted list in a news item or an
   answer does not make a dash interview). Dash paragraphs alternate
   question/answer, starting with a question: after a question the next dash
   paragraph is the answer, after an answer the next one is a question. Inside an
   answer, a dash paragraph that follows a paragraph ending with ":" or ";", or that
   itself ends with ";", is a list item and continues the answer. Paragraphs without a
   dash continue the current turn; text before the first dash paragraph is
   narration. The leading dash is stripped.
3. labels
   A label is "Word(s):" at the start of a paragraph: a question label (Question,
   Question 1, Q, Interviewer, Journalist, Correspondent, Reporter, Host, Moderator),
   an answer label (Answer, A, Response, Reply), or a speaker name of up to five
   capitalised words, optionally followed by a bracketed note ("NOROV:", "Norov:",
   "Vladimir Norov:", "KHALID AKRAM:", "Lt Col Khalid Taimur Akram (Retd):").
   Common headings ("Note:", "Photo:", "Source:", "Overview:" ...) are not labels.
   A name label that comes before the first question-side label and whose text does
   not end with sentence punctuation is a headline ("Vladimir Norov: SCOs role ...
   will be growing"), not a label. Roles: an answer label, or a name sharing more
   name tokens with ``official`` than with ``interviewer`` (case-insensitive,
   titles such as Lt/Col/Retd ignored) -> answer; a question label or a name closer to
   ``interviewer`` -> question. Any other name (and, in detection, every name) takes
   a side at its FIRST appearance - question if that paragraph (for a label alone on
   its line, the next paragraph) ends with "?", else answer - and keeps it for the
   whole document; its speaker is the label itself.
   Chosen only with at least two labels and at least one on each side (detection
   knows no names, so there every name label takes its side from its first "?").
   A label with no text ("Q:" alone) gives no segment but sets the turn. Unlabelled
   paragraphs continue the current turn; text before the first label is narration.
4. numbered
   Item starts are paragraphs opening with "N." / "N)" / "N:" (1-3 digits, then a
   space or a capital letter: "1. Regarding", "5: Looking") whose numbers increase,
   taken greedily from the first one, and that are not list items (a numbered
   paragraph that ends with ";", follows one ending with ";", or follows one ending
   with ":" and starts in lower case: "1. the anti-narcotics strategy;"). Numbers
   out of sequence and list items are ordinary paragraphs and keep their number.
   Chosen with at least three item starts of which at least one holds a question
   (rule below), so a numbered list inside an answer does not trigger it.
   An item runs to the next item start. Its first
   paragraph - together with the following paragraphs of the same blank-line block
   that also end with "?" - is the question only if it ends with "?" AND the item has
   further paragraphs after that group; otherwise the whole item is the answer
   (001 items 1-3). Text before the first item is narration. Item numbers are
   stripped.
5. plain
   A paragraph is a question candidate when it ends with "?", has at most
   ``PLAIN_MAX_QUESTION_WORDS`` words and is not rhetorical-looking; rhetorical-looking
   means a single sentence of fewer than ``PLAIN_MIN_QUESTION_WORDS`` words with no
   second-person word (you/your) - e.g. "How will global governance work?" inside an
   answer. A run of consecutive candidates is one question turn, accepted only if a
   non-candidate paragraph (the start of the answer) follows it. Paragraphs after an
   accepted question up to the next one are the answer; paragraphs before the first
   question are narration (headline, "He answered the questions of ..."); a
   candidate run with no answer after it stays in the current turn. A question mark
   inside or at the end of a long answer paragraph therefore does not make a question.
   Known limits: a short impersonal follow-up ("And the economy?") is taken as
   rhetorical, and a question preamble in its own paragraph without "?" stays in the
   previous answer. Chosen only when at least two questions are accepted.
6. news
   Everything else. A paragraph is ``reported`` (speaker = official) if it holds a
   direct quotation of at least ``NEWS_MIN_QUOTE_WORDS`` words in double quotes
   (shorter quoted terms such as "Shanghai spirit" do not count) or an attribution:
   a speech verb (said, noted, stressed, complained, emphasised, added, told ...)
   within three words of "he"/"she", a token of the official's name or the title
   "Secretary(-)General"/"General Secretary" (either order: "Norov said", "he noted",
   "said Nurlan Ermekbaev"), or "according to ..." that title or name, or "in his/her
   words/opinion/view". A headline such as "..., the organization's Secretary General
   said" is therefore reported. "he"/"she" is assumed to be the official, and any long
   quotation is assumed to be his (news items about one official). Every other
   paragraph is narration by the outlet -
   including continuation paragraphs that paraphrase the official without an
   attribution: the outlet's unattributed text is never put into the official's
   mouth (conservative choice; such paragraphs may well summarise him).
   Consecutive paragraphs of the same role form one turn.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from typing import Callable

from scotext.errors import InputError

__all__ = ["ROLES", "FORMATS", "detect_format", "segment_document"]

ROLES = ("question", "answer", "narration", "reported")
FORMATS = ("markers", "dash", "labels", "numbered", "plain", "news")

PLAIN_MAX_QUESTION_WORDS = 120
PLAIN_MIN_QUESTION_WORDS = 8
NEWS_MIN_QUOTE_WORDS = 4
NUMBERED_MIN_ITEMS = 3

# --------------------------------------------------------------------------- patterns

_MARKER_RE = re.compile(
    r"^(?:(?P<word>question|answer)(?:\s*(?:no\.?|#)?\s*\d+)?\s*[:.]?"
    r"|(?P<letter>q|a)(?:\s*\d+)?\s*[:.])$",
    re.IGNORECASE,
)
# ASCII "-" per the input contract; the Unicode dashes are accepted for robustness.
_DASH_RE = re.compile(r"^[\-\u2012-\u2015\u2212]+\s*(?=[^\s\-\u2012-\u2015\u2212])")
_ITEM_RE = re.compile(r"^(?P<num>\d{1,3})\s?[.):](?:\s+|(?=[A-Z\"']))")
_LABEL_RE = re.compile(
    r"^(?P<label>[A-Z][A-Za-z.'-]*(?:\s+[A-Z][A-Za-z.'-]*){0,4})"
    r"(?:\s*\([^()]{1,40}\))?(?:\s+\d{1,3})?\s*:(?:\s+|$)(?P<rest>.*)$"
)
_SECOND_PERSON_RE = re.compile(r"\b(?:you|your|yours|yourself|yourselves)\b", re.I)
_QUOTE_RE = re.compile(r'"([^"]+)"')
_WORD_RE = re.compile(r"[^\W_]+(?:['-][^\W_]+)*")

_QUESTION_LABELS = frozenset({"question", "q", "interviewer", "journalist",
                              "correspondent", "reporter", "host", "moderator"})
_ANSWER_LABELS = frozenset({"answer", "a", "response", "reply"})
_NOT_SPEAKERS = frozenset({
    "note", "notes", "photo", "photos", "source", "sources", "date", "overview",
    "update", "updated", "summary", "tags", "tag", "topic", "read", "more", "see",
    "also", "editor", "translation", "video", "background", "comments", "member",
    "observer", "partner", "subject", "ps", "p.s.", "attention", "warning", "fact",
    "facts", "reference", "contents", "abstract", "keywords", "title", "caption",
})
_NAME_NOISE = frozenset({"lt", "col", "gen", "maj", "capt", "retd", "ret", "dr", "mr",
                         "mrs", "ms", "prof", "his", "her", "excellency", "he", "she",
                         "sir", "amb", "ambassador", "the", "of"})
_TERMINAL = (".", "!", "?", "\u2026")
_TRAILING_CLOSERS = " \t\"')]}\u00bb"

_SPEECH_VERBS = (
    r"said|says|say|noted|notes|stressed|stresses|complained|complains|"
    r"emphasi[sz]ed|emphasi[sz]es|underlined|underlines|underscored|added|adds|"
    r"stated|told|tells|explained|explains|pointed\s+out|points\s+out|recalled|"
    r"recalls|believes|believed|warned|warns|remarked|observed|assured|insisted|"
    r"announced|declared|admitted|concluded|replied|answered|commented|continued|"
    r"thinks|highlighted|highlights|urged|reiterated|affirmed|acknowledged"
)
_TITLE_REF = r"secretary[\s-]+general|general\s+secretary"


# --------------------------------------------------------------------------- data


@dataclass(frozen=True)
class _Para:
    """One non-empty line: its index among non-empty lines, its block, its text."""

    index: int
    block: int
    text: str


@dataclass(frozen=True)
class _Seg:
    """A segment before turn numbering; ``unit`` changes at every structural boundary."""

    index: int
    role: str
    speaker: str
    text: str
    unit: int


@dataclass(frozen=True)
class _Names:
    """The people of one document and the lowercase name tokens used to match labels."""

    official: str
    interviewer: str
    outlet: str

    @property
    def asker(self) -> str:
        """Speaker of questions: the interviewer if known, else the outlet."""
        return self.interviewer or self.outlet

    @property
    def official_tokens(self) -> frozenset[str]:
        return _name_tokens(self.official)

    @property
    def interviewer_tokens(self) -> frozenset[str]:
        return _name_tokens(self.interviewer)


# --------------------------------------------------------------------------- helpers


def _name_tokens(name: str) -> frozenset[str]:
    """Lowercase name words of two or more letters, without titles (Lt, Col, Retd ...)."""
    words = (w.lower().strip(".'-") for w in _WORD_RE.findall(name or ""))
    return frozenset(w for w in words if len(w) >= 2 and w not in _NAME_NOISE)


def _ends_with_question(text: str) -> bool:
    """True if the paragraph ends with "?" (trailing quotes/brackets ignored)."""
    return text.rstrip(_TRAILING_CLOSERS).endswith("?")


def _ends_sentence(text: str) -> bool:
    """True if the paragraph ends with sentence punctuation (. ! ? ...)."""
    return text.rstrip(_TRAILING_CLOSERS).endswith(_TERMINAL)


def _word_count(text: str) -> int:
    return len(_WORD_RE.findall(text))


def _has_content(text: str) -> bool:
    """A segment needs at least one letter or digit."""
    return any(ch.isalnum() for ch in text)


def _split_paragraphs(text: str) -> list[_Para]:
    """Non-empty lines with their 0-based index and the number of their blank-line block."""
    paras: list[_Para] = []
    block = 0
    previous_blank = False
    for line in text.replace("\r\n", "\n").replace("\r", "\n").split("\n"):
        stripped = line.strip()
        if not stripped:
            previous_blank = True
            continue
        if previous_blank and paras:
            block += 1
        previous_blank = False
        paras.append(_Para(len(paras), block, stripped))
    return paras


def _is_marker(text: str) -> str | None:
    """'question' or 'answer' if the line is a pure QUESTION/ANSWER marker, else None."""
    match = _MARKER_RE.match(text)
    if not match:
        return None
    kind = (match.group("word") or match.group("letter")).lower()
    return "question" if kind.startswith("q") else "answer"


def _strip_item_number(text: str) -> str:
    """Remove a leading item number such as "1. ", "5: " or "3) "."""
    return _ITEM_RE.sub("", text, count=1).strip()


def _is_list_item(text: str, previous: str | None) -> bool:
    """A dash paragraph that is a list item: after ':' or ';', or itself ending ';'."""
    after_colon = previous is not None and previous.rstrip().endswith((":", ";"))
    return after_colon or text.rstrip().endswith(";")


def _is_numbered_list_item(text: str, previous: str | None) -> bool:
    """A numbered list item: it or the paragraph before ends with ';', or it follows a
    paragraph ending with ':' and its text starts in lower case ("1. the strategy;").

    An intro ending with ':' ("The full text is below:") followed by a capitalised
    "1. Regarding ..." is therefore not a list.
    """
    if text.rstrip().endswith(";") or (previous or "").rstrip().endswith(";"):
        return True
    body = _strip_item_number(text)
    return (previous or "").rstrip().endswith(":") and body[:1].islower()


def _strip_dash(text: str) -> str:
    """Remove the leading dash(es) of a dash paragraph ("- Can", "-How")."""
    return _DASH_RE.sub("", text, count=1).strip()


# --------------------------------------------------------------------------- labels


@dataclass(frozen=True)
class _Label:
    """A parsed "Label: rest" paragraph."""

    label: str
    rest: str
    generic: str | None  # "question" / "answer" for Question:/Answer: style labels


def _parse_label(text: str) -> _Label | None:
    """Parse a leading speaker/question/answer label, or return None."""
    match = _LABEL_RE.match(text)
    if not match:
        return None
    label = match.group("label").strip()
    first = label.split()[0].lower()
    lowered = label.lower()
    if lowered in _QUESTION_LABELS:
        return _Label(label, match.group("rest").strip(), "question")
    if lowered in _ANSWER_LABELS:
        return _Label(label, match.group("rest").strip(), "answer")
    if first in _NOT_SPEAKERS or first in _QUESTION_LABELS | _ANSWER_LABELS:
        return None
    return _Label(label, match.group("rest").strip(), None)


def _match_person(label: str, names: _Names | None) -> str | None:
    """'answer' if the label names the official, 'question' if the interviewer, else None."""
    if names is None:
        return None
    tokens = _name_tokens(label)
    to_official = len(tokens & names.official_tokens)
    to_interviewer = len(tokens & names.interviewer_tokens)
    if to_official > to_interviewer:
        return "answer"
    if to_interviewer > to_official:
        return "question"
    return None


def _label_turns(texts: list[str], names: _Names | None) -> list[tuple[str, str, str] | None]:
    """For each paragraph: (role, speaker, text after label) if it carries a label, else None.

    ``names`` None means name-agnostic resolution (used by :func:`detect_format`).
    """
    sides: dict[str, str] = {}
    seen_question = False
    result: list[tuple[str, str, str] | None] = []
    for pos, text in enumerate(texts):
        parsed = _parse_label(text)
        if parsed is not None and parsed.generic is None and not seen_question \
                and parsed.rest and not _ends_sentence(parsed.rest):
            parsed = None  # a headline such as "Vladimir Norov: SCOs role ... growing"
        if parsed is None:
            result.append(None)
            continue
        # a label alone on its line ("SMITH:") is judged by the paragraph after it
        probe = parsed.rest or (texts[pos + 1] if pos + 1 < len(texts) else "")
        role, speaker = _resolve_label(parsed, probe, names, sides)
        seen_question = seen_question or role == "question"
        result.append((role, speaker, parsed.rest))
    return result


def _resolve_label(parsed: _Label, probe: str, names: _Names | None,
                   sides: dict[str, str]) -> tuple[str, str]:
    """Role and speaker of one label; unknown names keep the side of their first use.

    ``probe`` is the labelled text (or the next paragraph for a bare label); an
    unknown name is on the question side if it ends with "?".
    """
    official = names.official if names else ""
    asker = names.asker if names else ""
    role = parsed.generic or _match_person(parsed.label, names)
    if role is not None:
        return role, (official if role == "answer" else asker)
    key = " ".join(sorted(_name_tokens(parsed.label))) or parsed.label.lower()
    if key not in sides:
        sides[key] = "question" if _ends_with_question(probe) else "answer"
    return sides[key], parsed.label


# --------------------------------------------------------------------------- numbered


def _item_starts(texts: list[str]) -> list[int]:
    """Positions of numbered item starts whose numbers increase (greedy from the first).

    A numbered paragraph that is a list item (see :func:`_is_numbered_list_item`) is
    never an item start.
    """
    starts: list[int] = []
    last = 0
    for pos, text in enumerate(texts):
        match = _ITEM_RE.match(text)
        if match is None or _is_numbered_list_item(text, texts[pos - 1] if pos else None):
            continue
        if int(match.group("num")) > last:
            starts.append(pos)
            last = int(match.group("num"))
    return starts


def _question_group_size(paras: list[_Para]) -> int:
    """Number of leading paragraphs of an item that form its question (0 if none).

    The first paragraph must end with "?"; following paragraphs of the same blank-line
    block ending with "?" join it; the group is a question only if paragraphs remain.
    """
    if not paras or not _ends_with_question(paras[0].text):
        return 0
    size = 1
    while size < len(paras) and paras[size].block == paras[0].block \
            and _ends_with_question(paras[size].text):
        size += 1
    return size if size < len(paras) else 0


def _items(paras: list[_Para]) -> list[list[_Para]]:
    """The numbered items of the document (each a list of paragraphs)."""
    starts = _item_starts([p.text for p in paras])
    bounds = starts + [len(paras)]
    return [paras[bounds[i]:bounds[i + 1]] for i in range(len(starts))]


# --------------------------------------------------------------------------- plain


def _is_plain_candidate(text: str) -> bool:
    """A plain-interview question candidate: ends with "?", not too long, not rhetorical."""
    if not _ends_with_question(text):
        return False
    words = _word_count(text)
    if words > PLAIN_MAX_QUESTION_WORDS:
        return False
    sentences = [s for s in re.split(r"(?<=[.?!])\s+", text.strip()) if s]
    rhetorical = (len(sentences) == 1 and words < PLAIN_MIN_QUESTION_WORDS
                  and not _SECOND_PERSON_RE.search(text))
    return not rhetorical


def _plain_questions(texts: list[str]) -> list[bool]:
    """Per paragraph: True if it belongs to an accepted question group."""
    flags = [_is_plain_candidate(t) for t in texts]
    accepted = [False] * len(texts)
    pos = 0
    while pos < len(texts):
        if not flags[pos]:
            pos += 1
            continue
        end = pos
        while end < len(texts) and flags[end]:
            end += 1
        if end < len(texts):  # an answer paragraph follows the group
            accepted[pos:end] = [True] * (end - pos)
        pos = end
    return accepted


def _count_groups(flags: list[bool]) -> int:
    """Number of runs of True values."""
    return sum(1 for i, f in enumerate(flags) if f and (i == 0 or not flags[i - 1]))


# --------------------------------------------------------------------------- news


def _has_long_quote(text: str) -> bool:
    """A double-quoted span of at least NEWS_MIN_QUOTE_WORDS words."""
    return any(_word_count(q) >= NEWS_MIN_QUOTE_WORDS for q in _QUOTE_RE.findall(text))


def _attribution_re(names: _Names) -> re.Pattern[str]:
    """Regex for reported-speech attributions to the official."""
    tokens = sorted(names.official_tokens, key=len, reverse=True)
    person = "|".join([r"he", r"she", _TITLE_REF] + [re.escape(t) for t in tokens])
    ref = rf"\b(?:{person})\b"
    verb = rf"\b(?:{_SPEECH_VERBS})\b"
    gap = r"(?:\W+[\w'-]+){0,3}?\W+"
    return re.compile(
        rf"{ref}(?:'s)?{gap}{verb}|{verb}{gap}{ref}"
        rf"|\baccording\s+to{gap}{ref}|\bin\s+(?:his|her)\s+(?:words|opinion|view)\b",
        re.IGNORECASE,
    )


# --------------------------------------------------------------------------- detection


def _has_markers(texts: list[str]) -> bool:
    kinds = {_is_marker(t) for t in texts}
    return "question" in kinds and "answer" in kinds


def _has_dashes(texts: list[str]) -> bool:
    dashed = [t for t in texts if _DASH_RE.match(t)]
    return len(dashed) >= 2 and any(_ends_with_question(t) for t in dashed)


def _has_labels(texts: list[str]) -> bool:
    labels = [lab for lab in _label_turns(texts, None) if lab is not None]
    roles = {lab[0] for lab in labels}
    return len(labels) >= 2 and {"question", "answer"} <= roles


def _has_numbered(paras: list[_Para]) -> bool:
    items = _items(paras)
    return len(items) >= NUMBERED_MIN_ITEMS and any(_question_group_size(i) for i in items)


def _detect(paras: list[_Para]) -> str:
    texts = [p.text for p in paras]
    if _has_markers(texts):
        return "markers"
    if _has_dashes(texts):
        return "dash"
    if _has_labels(texts):
        return "labels"
    if _has_numbered(paras):
        return "numbered"
    if _count_groups(_plain_questions(texts)) >= 2:
        return "plain"
    return "news"


def detect_format(paragraphs: list[str]) -> str:
    """Return the document format: markers, dash, labels, numbered, plain or news.

    ``paragraphs`` are the non-empty lines of the cleaned text; every paragraph is
    taken as its own blank-line block (use :func:`segment_document` on the text to
    keep block information). Detection uses structure only - see the module docstring.
    """
    paras = [_Para(i, i, p.strip()) for i, p in enumerate(p for p in paragraphs if p.strip())]
    return _detect(paras)


# --------------------------------------------------------------------------- segmenters


def _segment_markers(paras: list[_Para], names: _Names) -> list[_Seg]:
    """QUESTION/ANSWER marker lines switch the role; text before the first is narration."""
    segs: list[_Seg] = []
    role, speaker, unit, first_of_question = "narration", names.outlet, 0, False
    for para in paras:
        kind = _is_marker(para.text)
        if kind is not None:
            role = kind
            speaker = names.asker if kind == "question" else names.official
            unit += 1
            first_of_question = kind == "question"
            continue
        text = _strip_item_number(para.text) if first_of_question else para.text
        first_of_question = False
        segs.append(_Seg(para.index, role, speaker, text, unit))
    return segs


def _segment_dash(paras: list[_Para], names: _Names) -> list[_Seg]:
    """Dash paragraphs alternate question/answer; others continue the current turn."""
    segs: list[_Seg] = []
    role, speaker, unit = "narration", names.outlet, 0
    previous: str | None = None
    for para in paras:
        text = para.text
        if _DASH_RE.match(text):
            text = _strip_dash(text)
            if not (role == "answer" and _is_list_item(para.text, previous)):
                role = "answer" if role == "question" else "question"
                speaker = names.official if role == "answer" else names.asker
                unit += 1
        segs.append(_Seg(para.index, role, speaker, text, unit))
        previous = para.text
    return segs


def _segment_labels(paras: list[_Para], names: _Names) -> list[_Seg]:
    """Each label starts a turn; unlabelled paragraphs continue it."""
    segs: list[_Seg] = []
    role, speaker, unit = "narration", names.outlet, 0
    labels = _label_turns([p.text for p in paras], names)
    for para, label in zip(paras, labels):
        text = para.text
        if label is not None:
            role, speaker, text = label
            unit += 1
        segs.append(_Seg(para.index, role, speaker, text, unit))
    return segs


def _segment_numbered(paras: list[_Para], names: _Names) -> list[_Seg]:
    """Numbered items: optional question group, then the answer; narration before item 1."""
    items = _items(paras)
    first = items[0][0].index if items else len(paras)
    segs = [_Seg(p.index, "narration", names.outlet, p.text, 0)
            for p in paras if p.index < first]
    unit = 0
    for item in items:
        size = _question_group_size(item)
        unit += 1
        for pos, para in enumerate(item):
            text = _strip_item_number(para.text) if pos == 0 else para.text
            if pos == size:
                unit += 1 if size else 0
            if pos < size:
                segs.append(_Seg(para.index, "question", names.asker, text, unit))
            else:
                segs.append(_Seg(para.index, "answer", names.official, text, unit))
    return segs


def _segment_plain(paras: list[_Para], names: _Names) -> list[_Seg]:
    """Accepted question groups open turns; answers run until the next question."""
    flags = _plain_questions([p.text for p in paras])
    segs: list[_Seg] = []
    role, speaker, unit = "narration", names.outlet, 0
    for para, is_question in zip(paras, flags):
        if is_question and role != "question":
            role, speaker, unit = "question", names.asker, unit + 1
        elif not is_question and role == "question":
            role, speaker, unit = "answer", names.official, unit + 1
        segs.append(_Seg(para.index, role, speaker, para.text, unit))
    return segs


def _segment_news(paras: list[_Para], names: _Names) -> list[_Seg]:
    """Narration by the outlet, except quoted or attributed words of the official."""
    attribution = _attribution_re(names)
    segs: list[_Seg] = []
    for para in paras:
        reported = _has_long_quote(para.text) or attribution.search(para.text) is not None
        if reported:
            segs.append(_Seg(para.index, "reported", names.official, para.text, 0))
        else:
            segs.append(_Seg(para.index, "narration", names.outlet, para.text, 0))
    return segs


_SEGMENTERS: dict[str, Callable[[list[_Para], _Names], list[_Seg]]] = {
    "markers": _segment_markers,
    "dash": _segment_dash,
    "labels": _segment_labels,
    "numbered": _segment_numbered,
    "plain": _segment_plain,
    "news": _segment_news,
}


# --------------------------------------------------------------------------- public


def _finalise(segs: list[_Seg], fmt: str) -> list[dict]:
    """Drop empty segments and number the turns (new turn when role, speaker or unit changes)."""
    rows: list[dict] = []
    turn = 0
    previous_key: tuple[str, str, int] | None = None
    for seg in segs:
        text = seg.text.strip()
        if not _has_content(text):
            continue
        key = (seg.role, seg.speaker, seg.unit)
        if key != previous_key:
            turn += 1
            previous_key = key
        rows.append({"paragraph": seg.index, "turn": turn, "role": seg.role,
                     "speaker": seg.speaker, "text": text, "format": fmt})
    return rows


def _check_names(official: str, interviewer: str, outlet: str) -> _Names:
    """Validate the people of a document (official and outlet are required)."""
    for field, value in (("official", official), ("interviewer", interviewer),
                         ("outlet", outlet)):
        if not isinstance(value, str):
            raise InputError(f"must be a string, got {type(value).__name__}", field=field)
    if not official.strip():
        raise InputError("the official's name is empty", field="official")
    if not outlet.strip():
        raise InputError("the outlet's name is empty", field="outlet")
    return _Names(official.strip(), interviewer.strip(), outlet.strip())


def segment_document(text: str, *, official: str, interviewer: str, outlet: str) -> list[dict]:
    """Split a cleaned document into paragraph segments with turn, role and speaker.

    Returns one dict per kept paragraph, in document order, with keys ``paragraph``,
    ``turn``, ``role``, ``speaker``, ``text`` and ``format``. Raises
    :class:`scotext.errors.InputError` if ``text`` is not a string or ``official`` /
    ``outlet`` is empty. See the module docstring for every rule.
    """
    if not isinstance(text, str):
        raise InputError(f"must be a string, got {type(text).__name__}", field="text")
    names = _check_names(official, interviewer, outlet)
    paras = _split_paragraphs(text)
    fmt = _detect(paras)
    return _finalise(_SEGMENTERS[fmt](paras, names), fmt)
