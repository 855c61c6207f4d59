"""Split a cleaned document into paragraph segments grouped into speaker turns.

Input is the text handed over by the cleaning stage: furniture removed, quotes and
dashes normalised to ASCII, one paragraph per non-empty line, blank lines separating
blocks. Output is one dict per kept paragraph, in document order::

    {"paragraph": int, "turn": int, "role": str, "speaker": str, "text": str,
     "format": str}

Roles and speakers come from the STRUCTURE of the text and the document's ``genre`` (a
column of the document sheet), never from file names. Roles: ``question`` (the asker),
``answer`` (the official answering), ``statement`` (the official's own words in a speech
or statement, no questions), ``reported`` (the official's words quoted or reported by an
outlet) and ``narration`` (the outlet's own text: titles, introductions, news prose).
:data:`OFFICIAL_ROLES` are the roles whose words are the official's.

General rules
-------------
* ``paragraph`` is the 0-based index of the line among the non-empty lines; lines that
  produce no segment (pure markers, blank labels) still use up their index.
* Pure marker lines ("QUESTION", "QUESTION 1", "Answer:", "Q:" alone) give no segment.
  A paragraph left without any letter or digit after stripping gives no segment, so
  ``text`` is never empty.
* Speakers: ``answer``, ``statement`` and ``reported`` -> ``official``; ``question`` ->
  the asker named in the question itself (below) if any, else ``interviewer`` if given,
  else ``outlet``; ``narration`` -> ``outlet``. Exception: in the labels format a
  speaker label that names neither the official nor the interviewer keeps its own label
  as speaker (see below), so a third person's words are never attributed to the official.
* Asker in brackets: a question that ends with its asker in round or square brackets
  after the question mark ("12. What about security in the area? (The Paper)",
  "...? [Jürgen Müller, Deutsche Welle]") ends with "?" for every rule below; the
  bracket is removed from the text and its content (at most ``ASKER_MAX_WORDS`` words,
  starting with a capital letter, no "?" or "!", not a stage direction such as
  "(Laughter)" or "(Applause)") becomes the speaker of the whole question turn. A line
  that holds nothing but such a bracket, right after a paragraph ending with "?", is
  joined to that paragraph (its line number is used up).
* Names in any script: names of the official, the interviewer and speaker labels are
  compared case-folded, with diacritics removed and a few letters without a
  decomposition written as their base letter (ı ł ø đ ð ħ), so "Jürgen Müller",
  "JÜRGEN MÜLLER" and "Jurgen Muller" are one person, "Sadıkova" is "Sadikova", and
  "Zhang Ming:" or "Türkiye" work like ASCII names. Speaker labels may start with any
  upper-case letter.
* ``turn`` starts at 1 and increases whenever the role or speaker changes or a new
  structural unit starts (a QUESTION/ANSWER marker, a dash paragraph, a speaker label,
  a numbered item, a plain question group). The narration before the first question is
  a turn too, so two answer-only numbered items are two turns.
* "Ends with ?" ignores trailing quotes, brackets and spaces (``...beyond?"``).
* The genre decides first (see *genres* below): ``speech`` and ``statement`` always use
  the statement layout (7); for any other genre the format is detected by
  :func:`detect_format` from the paragraphs alone (no names, no file names), the first
  rule that matches wins, in the order 1-6 below; an ``interview`` or
  ``press_conference`` in which no question structure is found (rule 6 would apply)
  uses the unmarked layout (8) instead.
* Every document gets warnings (:func:`segment_with_notes`) where the attribution is
  doubtful: the unmarked layout always, and any document in which the official is given
  no words (no segment of an official role). The cleaning job logs them and writes them
  to the cleaning audit table; nothing is silent.

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

Genres: layouts chosen by the sheet's ``genre``
------------------------------------------------
Both layouts below start with the same *introduction rule*: leading paragraphs are the
outlet's narration while each of them is

- a heading: no sentence punctuation at the end (. ! ? ...), not ending with "," or ";",
  at most ``HEADING_MAX_WORDS`` words (a title, "Beijing, 15 June 2023", a name line);
- a dateline: at most ``DATELINE_MAX_WORDS`` words holding a year (1800-2099);
- an introduction: it presents a transcript ("full text", "the text of his speech",
  "transcript"), or, in the third person (no I, me, my, we, us, our ...; "our
  correspondent", "our readers" and the like are the outlet and do not count), it names
  the official (a token of the official's name, or "Secretary-General"/"General
  Secretary") or announces what follows ("below is", "as follows", "following is");

and none of them opens with a salutation ("Dear ...", "Distinguished ...", "Excellencies",
"Ladies and gentlemen", "Mr. Chairman", "Colleagues", "Good morning", "Thank you" ...),
which is always the official speaking. The first paragraph that is none of these starts
the body; the introduction is never looked for again after it.

7. statement (genre ``speech`` or ``statement``)
   The body is the official's own words: every paragraph after the introduction is
   ``statement`` with the official as speaker, one turn. A question mark in the body
   changes nothing (rhetorical questions are part of a speech). Limit: a question-and-
   answer session appended to a speech is not split off; give such a document the genre
   ``press_conference`` or ``interview`` (its questions are then found by their layout).
8. unmarked (genre ``interview`` or ``press_conference`` without markers, dashes,
   labels, numbered questions or two plain questions)
   After the introduction, a paragraph is a question if rule 5 accepts it (ending with
   "?", not rhetorical-looking, followed by a non-question paragraph) or if it is a
   short line without punctuation: no sentence punctuation at the end and not ending
   with "," ";" ":", at most ``HEADING_MAX_WORDS`` words, not a salutation, not the last
   paragraph, and not a list item (a list: unpunctuated lines right after a paragraph
   ending with ":" or ";"). Such a line is the interviewer's question or the outlet's subheading before the
   next answer; the layout cannot tell which, and neither is the official's. Every other
   paragraph is the official's ``answer``. The document always gets the warning that
   questions and answers could not be told apart by the layout, with the number of
   question turns found. Limits (stated, not guessed around): a question written as a
   full sentence without a question mark ("Tell us about the pandemic.") is attributed
   to the official as part of an answer; a paragraph of the outlet's narration after
   the first answer is attributed to the official too. The warning names the document
   so that a reader can check it, add markers (QUESTION/ANSWER or "Q:"/"A:" lines) to a
   copy of the text, or set ``exclude`` in the sheet.

The genre ``article`` (and ``news_item``) uses structural detection like every other
genre: an article may be the official's own op-ed or a journalist's report about him,
and only its layout (quotations, attributions) can tell.
"""

from __future__ import annotations

import re
import unicodedata
from dataclasses import dataclass
from typing import Callable

from scotext.errors import InputError
from scotext.stagedata import OFFICIAL_ROLES, ROLES  # noqa: F401  (the role vocabulary)

__all__ = ["ROLES", "OFFICIAL_ROLES", "FORMATS", "STATEMENT_GENRES", "INTERVIEW_GENRES",
           "Segmentation", "detect_format", "segment_document", "segment_with_notes"]

FORMATS = ("markers", "dash", "labels", "numbered", "plain", "news", "statement", "unmarked")
#: Genres whose body is the official's own words (layout 7, statement).
STATEMENT_GENRES = ("speech", "statement")
#: Genres with questions and answers (layout 8, unmarked, when no structure is found).
INTERVIEW_GENRES = ("interview", "press_conference")

PLAIN_MAX_QUESTION_WORDS = 120
PLAIN_MIN_QUESTION_WORDS = 8
NEWS_MIN_QUOTE_WORDS = 4
NUMBERED_MIN_ITEMS = 3
ASKER_MAX_WORDS = 8
HEADING_MAX_WORDS = 25
DATELINE_MAX_WORDS = 8

# --------------------------------------------------------------------------- patterns

_MARKER_RE = re.compile(
    r"^(?:(?P<word>question|answer)(?:\s*(?:no\.?|#)?\s*\d+)?\s*[:.]?"
    r"|(?P<letter>q|a)(?:\s*\d+)?\s*[:.])$",
    re.IGNORECASE,
)
# ASCII "-" per the input contract; the Unicode dashes are accepted for robustness.
_DASH_RE = re.compile(r"^[\-\u2012-\u2015\u2212]+\s*(?=[^\s\-\u2012-\u2015\u2212])")
# An item number: digits, optional space, "." ")" or ":", then a space, or (checked in
# _item_match) an upper-case letter or a quote right after it ("1.Regarding").
_ITEM_RE = re.compile(r"^(?P<num>\d{1,3})\s?[.):](?P<space>\s+)?")
# A name word in any script: a letter, then letters, ".", "'" or "-" (each word must also
# start with an upper-case letter, checked in _parse_label).
_NAME_WORD = r"[^\W\d_](?:[^\W\d_]|[.'\u2019-])*"
_LABEL_RE = re.compile(
    rf"^(?P<label>{_NAME_WORD}(?:\s+{_NAME_WORD}){{0,4}})"
    r"(?:\s*\([^()]{1,40}\))?(?:\s+\d{1,3})?\s*:(?:\s+|$)(?P<rest>.*)$"
)
# A question ending with its asker in brackets: "...in the area? (The Paper)".
_ASKER_RE = re.compile(
    r"^(?P<body>.*\?[\s\"'\u2019\u201d\u00bb]*)[(\[](?P<asker>[^()\[\]]{1,80})[)\]]"
    r"[\s.]*$", re.DOTALL)
_BRACKET_LINE_RE = re.compile(r"^[(\[](?P<asker>[^()\[\]]{1,80})[)\]][\s.]*$")
_NOT_ASKERS = frozenset({
    "laughter", "laughs", "laughing", "applause", "inaudible", "crosstalk", "pause",
    "translation", "translated", "unclear", "sic", "continued", "cont", "smiles",
    "interrupts", "interrupting", "off", "mic", "microphone", "audio", "video", "break",
    "silence", "noise", "in", "english", "russian", "chinese", "recording",
})
_FIRST_PERSON_RE = re.compile(
    r"\b(?:I|[Mm]e|[Mm]y|[Mm]ine|[Mm]yself|[Ww]e|[Uu]s|[Oo]urs|[Oo]urselves)\b"
    r"|\bI['\u2019](?:m|ve|d|ll)\b"
    # "our" is first person, except the outlet speaking of its own staff or medium
    r"|\b[Oo]ur\b(?!\s+(?:own\s+)?(?:correspondents?|reporters?|journalists?|editors?"
    r"|newspaper|agency|portal|website|site|channel|magazine|readers|viewers|listeners"
    r"|audience|programme|program|publication|editorial\s+office)\b)")
_SALUTATION_RE = re.compile(
    r"^(?:dear|distinguished|esteemed|honou?rable|respected|excellenc\w*|your\s+excellenc"
    r"|ladies|gentlemen|colleagues|friends|mr\.?\s+(?:president|chairman|chair|speaker"
    r"|secretary)|madam|good\s+(?:morning|afternoon|evening|day)|thank\s+you)\b",
    re.IGNORECASE)
# Phrases of an outlet presenting a transcript: the strong ones mark an introduction even
# in the first person ("We publish the full text of the interview"), the weak ones only in
# the third person ("Our priorities are as follows:" is the official speaking).
_INTRO_STRONG_RE = re.compile(
    r"\b(?:full\s+text|(?:the\s+)?text\s+of\s+(?:the|his|her)\s+(?:speech|address|remarks"
    r"|statement|interview|message|press\s+conference)|transcript)\b", re.IGNORECASE)
_INTRO_WEAK_RE = re.compile(r"\b(?:below\s+is|as\s+follows|following\s+is)\b",
                            re.IGNORECASE)
_YEAR_RE = re.compile(r"\b(?:18|19|20)\d{2}\b")
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
_TRAILING_CLOSERS = " \t\"')]}\u00bb\u201d\u2019"

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


# Latin letters without a Unicode decomposition, written as their base letters in names
_BASE_LETTERS = str.maketrans({"ı": "i", "ł": "l", "Ł": "L", "ø": "o", "Ø": "O", "đ": "d",
                               "Đ": "D", "ð": "d", "Ð": "D", "ħ": "h", "Ħ": "H"})


def _fold(text: str) -> str:
    """Text for comparing names: NFKD, diacritics removed, a few letters without a
    decomposition replaced by their base letter, case-folded ("Müller" -> "muller",
    "TÜRKİYE" -> "turkiye", "Sadıkova" -> "sadikova")."""
    decomposed = unicodedata.normalize("NFKD", text.translate(_BASE_LETTERS))
    return "".join(ch for ch in decomposed if not unicodedata.combining(ch)).casefold()


def _name_tokens(name: str) -> frozenset[str]:
    """Folded name words of two or more letters, without titles (Lt, Col, Retd ...)."""
    words = (w.strip(".'-") for w in _WORD_RE.findall(_fold(name or "")))
    return frozenset(w for w in words if len(w) >= 2 and w not in _NAME_NOISE)


def _valid_asker(asker: str) -> str | None:
    """The asker named in a bracket, or None if the bracket is not an asker."""
    asker = " ".join(asker.split()).strip(" ,;:-")
    words = _WORD_RE.findall(asker)
    letters = [ch for ch in asker if ch.isalpha()]
    if not words or len(words) > ASKER_MAX_WORDS or not letters or not letters[0].isupper():
        return None
    if "?" in asker or "!" in asker or all(_fold(w) in _NOT_ASKERS for w in words):
        return None
    return asker


def _split_asker(text: str) -> tuple[str, str | None]:
    """``(question text, asker)`` of a question ending with its asker in brackets after
    the question mark ("What about security? (The Paper)"); ``(text, None)`` otherwise."""
    match = _ASKER_RE.match(text)
    if match is None:
        return text, None
    asker = _valid_asker(match.group("asker"))
    if asker is None:
        return text, None
    return match.group("body").rstrip(), asker


def _ends_with_question(text: str) -> bool:
    """True if the paragraph ends with "?" (trailing quotes/brackets and an asker in
    brackets ignored)."""
    return _split_asker(text)[0].rstrip(_TRAILING_CLOSERS).endswith("?")


def _ends_sentence(text: str) -> bool:
    """True if the paragraph ends with sentence punctuation (. ! ? ...)."""
    return text.rstrip(_TRAILING_CLOSERS).endswith(_TERMINAL)


def _word_count(text: str) -> int:
    return len(_WORD_RE.findall(text))


def _has_content(text: str) -> bool:
    """A segment needs at least one letter or digit."""
    return any(ch.isalnum() for ch in text)


def _split_paragraphs(text: str) -> list[_Para]:
    """Non-empty lines with their 0-based index and the number of their blank-line block.

    A line that is only an asker in brackets ("(The Paper)") right after a paragraph
    ending with "?" is joined to that paragraph; its index is used up.
    """
    paras: list[_Para] = []
    block = 0
    index = 0
    previous_blank = False
    for line in text.replace("\r\n", "\n").replace("\r", "\n").split("\n"):
        stripped = line.strip()
        if not stripped:
            previous_blank = True
            continue
        bracket = _BRACKET_LINE_RE.match(stripped)
        if bracket and paras and _valid_asker(bracket.group("asker")) \
                and paras[-1].text.rstrip(_TRAILING_CLOSERS).endswith("?"):
            last = paras[-1]
            paras[-1] = _Para(last.index, last.block, f"{last.text} {stripped}")
            index += 1
            previous_blank = False
            continue
        if previous_blank and paras:
            block += 1
        previous_blank = False
        paras.append(_Para(index, block, stripped))
        index += 1
    return paras


def _is_marker(text: str) -> str | None:
    """'question' or 'answer' if the line is a pure QUESTION/ANSWER marker, else None."""
    match = _MARKER_RE.match(text)
    if not match:
        return None
    kind = (match.group("word") or match.group("letter")).lower()
    return "question" if kind.startswith("q") else "answer"


def _item_match(text: str) -> re.Match | None:
    """The leading item number of a paragraph ("1. ", "5: ", "3) ", "1.Regarding"), or
    None (a number directly followed by anything but an upper-case letter or a quote is
    not an item number: "1.5 million")."""
    match = _ITEM_RE.match(text)
    if match is None:
        return None
    if match.group("space") is None:
        following = text[match.end():match.end() + 1]
        if not following or not (following.isupper() or following in "\"'"):
            return None
    return match


def _strip_item_number(text: str) -> str:
    """Remove a leading item number such as "1. ", "5: " or "3) "."""
    match = _item_match(text)
    return (text[match.end():] if match else text).strip()


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
    if not all(word[0].isupper() for word in label.split()):
        return None
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
        match = _item_match(text)
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
    """Regex for reported-speech attributions to the official (apply it to the folded
    text, :func:`_fold`: the name tokens are folded)."""
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


def _choose_format(paras: list[_Para], genre: str | None) -> str:
    """The layout of a document: the genre first (speech, statement), then structure."""
    genre = (genre or "").strip().lower()
    if genre in STATEMENT_GENRES:
        return "statement"
    fmt = _detect(paras)
    if fmt == "news" and genre in INTERVIEW_GENRES:
        return "unmarked"
    return fmt


def detect_format(paragraphs: list[str], genre: str | None = None) -> str:
    """Return the document format: markers, dash, labels, numbered, plain or news, or for
    a ``genre`` given, statement (speech, statement) or unmarked (an interview or press
    conference with no question structure).

    ``paragraphs`` are the non-empty lines of the cleaned text; every paragraph is
    taken as its own blank-line block (use :func:`segment_document` on the text to
    keep block information). Detection uses structure only - see the module docstring.
    """
    paras = [_Para(i, i, p.strip()) for i, p in enumerate(p for p in paragraphs if p.strip())]
    return _choose_format(paras, genre)


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
        reported = (_has_long_quote(para.text)
                    or attribution.search(_fold(para.text)) is not None)
        if reported:
            segs.append(_Seg(para.index, "reported", names.official, para.text, 0))
        else:
            segs.append(_Seg(para.index, "narration", names.outlet, para.text, 0))
    return segs


def _mentions_official(text: str, names: _Names) -> bool:
    """The paragraph names the official (a token of the name) or the title."""
    folded = _fold(text)
    if re.search(rf"\b(?:{_TITLE_REF})\b", folded):
        return True
    words = {w.strip(".'-") for w in _WORD_RE.findall(folded)}
    return bool(words & names.official_tokens)


def _is_introduction(text: str, names: _Names) -> bool:
    """A leading paragraph of the outlet: heading, dateline or third-person introduction
    (see *Genres* in the module docstring)."""
    if _SALUTATION_RE.match(text):
        return False
    words = _word_count(text)
    stripped = text.rstrip(_TRAILING_CLOSERS)
    if not _ends_sentence(text) and not stripped.endswith((",", ";")) \
            and words <= HEADING_MAX_WORDS:
        return True
    if _INTRO_STRONG_RE.search(text):
        return True
    if _FIRST_PERSON_RE.search(text):
        return False
    if words <= DATELINE_MAX_WORDS and _YEAR_RE.search(text):
        return True
    return _mentions_official(text, names) or bool(_INTRO_WEAK_RE.search(text))


def _introduction_length(paras: list[_Para], names: _Names) -> int:
    """Number of leading paragraphs that are the outlet's title, dateline, introduction."""
    n = 0
    while n < len(paras) and _is_introduction(paras[n].text, names):
        n += 1
    return n


def _segment_statement(paras: list[_Para], names: _Names) -> list[_Seg]:
    """Speech or statement: the introduction is narration, the body the official's."""
    n = _introduction_length(paras, names)
    return ([_Seg(p.index, "narration", names.outlet, p.text, 0) for p in paras[:n]]
            + [_Seg(p.index, "statement", names.official, p.text, 1) for p in paras[n:]])


def _is_unpunctuated_line(text: str) -> bool:
    """A short line without any final punctuation (no . ! ? ... , ; :), not a salutation."""
    if _ends_sentence(text) or text.rstrip(_TRAILING_CLOSERS).endswith((",", ";", ":")):
        return False
    return _word_count(text) <= HEADING_MAX_WORDS and not _SALUTATION_RE.match(text)


def _unmarked_questions(texts: list[str]) -> tuple[list[bool], int, int]:
    """Per body paragraph: a question? Plus the numbers of question groups found by
    their question marks (rule 5) and of unpunctuated lines taken as questions.

    Unpunctuated lines right after a paragraph ending with ":" or ";" (and the lines that
    follow them without punctuation) are list items of the answer, not questions."""
    plain = _plain_questions(texts)
    lines = [False] * len(texts)
    in_list = False
    for i, text in enumerate(texts):
        previous = texts[i - 1].rstrip() if i else ""
        unpunctuated = _is_unpunctuated_line(text)
        in_list = unpunctuated and (previous.endswith((":", ";")) or in_list)
        lines[i] = (unpunctuated and not in_list and not plain[i] and i + 1 < len(texts))
    flags = [a or b for a, b in zip(plain, lines)]
    return flags, _count_groups(plain), sum(lines)


def _segment_unmarked(paras: list[_Para], names: _Names) -> list[_Seg]:
    """Interview without question structure: after the introduction, plain questions
    (rule 5) and short unpunctuated lines are questions, every other paragraph is the
    official's answer."""
    n = _introduction_length(paras, names)
    segs = [_Seg(p.index, "narration", names.outlet, p.text, 0) for p in paras[:n]]
    body = paras[n:]
    flags, _, _ = _unmarked_questions([p.text for p in body])
    role, speaker, unit = "answer", names.official, 1
    for para, is_question in zip(body, flags):
        if is_question and role != "question":
            role, speaker, unit = "question", names.asker, unit + 1
        elif not is_question and role == "question":
            role, speaker, unit = "answer", names.official, unit + 1
        segs.append(_Seg(para.index, role, speaker, para.text, unit))
    return segs


_SEGMENTERS: dict[str, Callable[[list[_Para], _Names], list[_Seg]]] = {
    "markers": _segment_markers,
    "dash": _segment_dash,
    "labels": _segment_labels,
    "numbered": _segment_numbered,
    "plain": _segment_plain,
    "news": _segment_news,
    "statement": _segment_statement,
    "unmarked": _segment_unmarked,
}


# --------------------------------------------------------------------------- public


def _with_askers(segs: list[_Seg]) -> list[_Seg]:
    """Questions ending with their asker in brackets: bracket removed from the text, the
    asker the speaker of every paragraph of that question (same unit)."""
    askers: dict[int, str] = {}
    out: list[_Seg] = []
    for seg in segs:
        if seg.role != "question":
            out.append(seg)
            continue
        body, asker = _split_asker(seg.text)
        if asker is not None:
            askers.setdefault(seg.unit, asker)
        out.append(_Seg(seg.index, seg.role, seg.speaker, body, seg.unit))
    return [_Seg(s.index, s.role, askers.get(s.unit, s.speaker), s.text, s.unit)
            if s.role == "question" else s for s in out]


def _finalise(segs: list[_Seg], fmt: str) -> list[dict]:
    """Drop empty segments and number the turns (new turn when role, speaker or unit changes)."""
    rows: list[dict] = []
    turn = 0
    previous_key: tuple[str, str, int] | None = None
    for seg in _with_askers(segs):
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
    return _Names(*(unicodedata.normalize("NFC", v.strip())
                    for v in (official, interviewer, outlet)))


@dataclass(frozen=True)
class Segmentation:
    """The segments of one document, its layout and what a reader should check."""

    segments: list[dict]
    format: str
    warnings: tuple[str, ...]
    official_words: int     # words of the official's segments (roles OFFICIAL_ROLES)


def _warnings(rows: list[dict], fmt: str, names: _Names, official_words: int) -> list[str]:
    out = []
    if fmt == "unmarked":
        n_questions = len({r["turn"] for r in rows if r["role"] == "question"})
        out.append(
            "no question/answer layout found (no QUESTION/ANSWER markers, dashes, speaker "
            f"labels or numbered questions; {n_questions} question turn(s) found by a "
            "question mark or as a short line without punctuation): every other paragraph "
            f"after the introduction is attributed to {names.official} as an answer, so a "
            "question written as a full sentence without a question mark could not be "
            "told apart from an answer")
    if official_words == 0:
        out.append(
            f"the official ({names.official}) is given no words: all {len(rows)} "
            f"segment(s) are questions or narration (layout '{fmt}'); check the text's "
            "layout and the sheet's genre, or set exclude")
    return out


def segment_with_notes(text: str, *, official: str, interviewer: str, outlet: str,
                       genre: str | None = None) -> Segmentation:
    """Segment a cleaned document (see :func:`segment_document`) and return the segments
    with the layout used, the warnings for this document and the official's word count."""
    if not isinstance(text, str):
        raise InputError(f"must be a string, got {type(text).__name__}", field="text")
    if genre is not None and not isinstance(genre, str):
        raise InputError(f"must be a string, got {type(genre).__name__}", field="genre")
    names = _check_names(official, interviewer, outlet)
    paras = _split_paragraphs(unicodedata.normalize("NFC", text))
    fmt = _choose_format(paras, genre)
    rows = _finalise(_SEGMENTERS[fmt](paras, names), fmt)
    official_words = sum(_word_count(r["text"]) for r in rows if r["role"] in OFFICIAL_ROLES)
    return Segmentation(rows, fmt, tuple(_warnings(rows, fmt, names, official_words)),
                        official_words)


def segment_document(text: str, *, official: str, interviewer: str, outlet: str,
                     genre: str | None = None) -> list[dict]:
    """Split a cleaned document into paragraph segments with turn, role and speaker.

    Returns one dict per kept paragraph, in document order, with keys ``paragraph``,
    ``turn``, ``role``, ``speaker``, ``text`` and ``format``. ``genre`` is the sheet's
    genre (``None``: structure only). Raises :class:`scotext.errors.InputError` if
    ``text`` is not a string or ``official`` / ``outlet`` is empty. See the module
    docstring for every rule.
    """
    return segment_with_notes(text, official=official, interviewer=interviewer,
                              outlet=outlet, genre=genre).segments
