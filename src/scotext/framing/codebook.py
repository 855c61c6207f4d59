"""Load and validate the frame codebook (``data/lexicons/frames.yaml``).

The codebook is a research instrument: frames, their definitions for human coders and the
patterns the dictionary matches are all in the YAML file, so they can be changed without
code. This module only reads and checks it; matching is in :mod:`scotext.framing.match`.

File layout (every key is required unless marked optional)::

    version: "1.0.0"                  # version of the codebook (a string)
    changelog:                        # newest first; the first entry is the current version
      - version: "1.0.0"
        date: "2025-06-01"
        changes: "what changed"
    frames:
      - id: security                  # [a-z][a-z0-9_]*, unique, not "none" (reserved)
        label: Security and counter-terrorism
        pfc_dimensions: [Security and defense, Crime and punishment]
        definition: ...               # what the frame is
        coder_include: ...            # notes for a human coder: when to code it present
        coder_exclude: ...            # ... and when not
        patterns: [terrorism, counter-terrorism, "three evils", "digitali*"]
        exclude: ["security council"] # optional: patterns that veto an overlapping match
        examples: [...]               # optional: example passages for coders

``pfc_dimensions`` must name dimensions of the Policy Frames Codebook (Boydstun, Card,
Gross, Resnik & Smith 2014, "Tracking the development of media frames within and across
policy issues", APSA annual meeting): the 14 dimensions plus "Other", listed in
:data:`PFC_DIMENSIONS` (compared case-insensitively).

Pattern syntax (checked here, documented at the top of the YAML file): a pattern is one or
more words separated by spaces; a word is letters/digits with inner hyphens or apostrophes
(the Tokenizer's word definition) and may end with ``*`` (prefix match of that word or of
its last hyphen part). Punctuation other than hyphens, apostrophes and the trailing ``*`` is
an error, so a stray comma or quote is caught at load time. How patterns match (lemmas,
case, hyphens, overlaps) is described in :mod:`scotext.framing.match`.

Every problem raises :class:`CodebookError` (an :class:`scotext.errors.InputError`) whose
message names the file, the frame id and the field, e.g.
``frames.yaml: frame 'security': field 'patterns': pattern 'terror,ism' ...``.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from pathlib import Path

from scotext.errors import InputError

#: The dimensions of the Policy Frames Codebook (Boydstun et al. 2014), plus "Other".
PFC_DIMENSIONS = (
    "Economic",
    "Capacity and resources",
    "Morality",
    "Fairness and equality",
    "Legality, constitutionality and jurisprudence",
    "Policy prescription and evaluation",
    "Crime and punishment",
    "Security and defense",
    "Health and safety",
    "Quality of life",
    "Cultural identity",
    "Public opinion",
    "Political",
    "External regulation and reputation",
    "Other",
)

#: Frame id used for "no frame" in transition tables; not allowed as a frame id.
NONE_FRAME = "none"

_ID = re.compile(r"^[a-z][a-z0-9_]*$")
_PATTERN_WORD = re.compile(r"^[A-Za-z0-9]+(?:[-'][A-Za-z0-9]+)*\*?$")
_REQUIRED_TEXT = ("label", "definition", "coder_include", "coder_exclude")
_FRAME_KEYS = {"id", "label", "pfc_dimensions", "definition", "coder_include", "coder_exclude",
               "patterns", "exclude", "examples"}
_TOP_KEYS = {"version", "changelog", "frames"}


class CodebookError(InputError):
    """A problem in the codebook, naming the file, the frame id and the field."""

    def __init__(self, problem: str, *, file: str | None = None, frame: str | None = None,
                 field: str | None = None):
        where = file if frame is None else (f"{file}: frame '{frame}'" if file
                                            else f"frame '{frame}'")
        super().__init__(problem, file=where, field=field)
        self.frame = frame


@dataclass(frozen=True)
class Frame:
    """One frame of the codebook (patterns as written; see :mod:`.match` to compile)."""

    id: str
    label: str
    pfc_dimensions: tuple[str, ...]
    definition: str
    coder_include: str
    coder_exclude: str
    patterns: tuple[str, ...]
    exclude: tuple[str, ...] = ()
    examples: tuple[str, ...] = ()


@dataclass(frozen=True)
class Codebook:
    version: str
    changelog: tuple[dict, ...]
    frames: tuple[Frame, ...]
    source: str = "frames.yaml"
    ids: tuple[str, ...] = field(init=False)

    def __post_init__(self):
        object.__setattr__(self, "ids", tuple(f.id for f in self.frames))

    def frame(self, frame_id: str) -> Frame:
        for f in self.frames:
            if f.id == frame_id:
                return f
        raise KeyError(f"no frame {frame_id!r} in the codebook; frames are {list(self.ids)}")


def pattern_words(pattern: str) -> list[str]:
    """The words of a pattern (split on whitespace), checked against the pattern syntax.

    Raises ``ValueError`` with the offending word; :func:`parse_codebook` turns it into a
    :class:`CodebookError` naming the frame and field.
    """
    if not isinstance(pattern, str) or not pattern.strip():
        raise ValueError(f"pattern {pattern!r} is empty or not a string")
    words = pattern.split()
    for w in words:
        if not _PATTERN_WORD.match(w):
            raise ValueError(
                f"pattern {pattern!r}: word {w!r} is not letters/digits with inner hyphens or "
                f"apostrophes and an optional trailing '*'")
        if w.endswith("*") and len(w.rstrip("*").split("-")[-1]) < 3:
            raise ValueError(f"pattern {pattern!r}: prefix {w!r} needs at least 3 characters")
    return words


def _text(value, *, file, frame, name) -> str:
    if not isinstance(value, str) or not value.strip():
        raise CodebookError("must be a non-empty text", file=file, frame=frame, field=name)
    return " ".join(value.split())


def _pattern_list(value, *, file, frame, name, required: bool) -> tuple[str, ...]:
    if value is None and not required:
        return ()
    if not isinstance(value, list) or (required and not value):
        raise CodebookError("must be a non-empty list of patterns" if required
                            else "must be a list of patterns", file=file, frame=frame,
                            field=name)
    out = []
    seen: dict[str, str] = {}
    for p in value:
        try:
            words = pattern_words(p)
        except ValueError as exc:
            raise CodebookError(str(exc), file=file, frame=frame, field=name) from None
        key = " ".join(w.lower() for w in words)
        if key in seen:
            raise CodebookError(f"pattern {p!r} is listed twice", file=file, frame=frame,
                                field=name)
        seen[key] = p
        out.append(" ".join(words))
    return tuple(out)


def _frame(raw, i: int, file: str, known_ids: set) -> Frame:
    if not isinstance(raw, dict):
        raise CodebookError(f"frame number {i + 1} is not a mapping", file=file, field="frames")
    fid = raw.get("id")
    if not isinstance(fid, str) or not _ID.match(fid):
        raise CodebookError(f"frame number {i + 1}: id {fid!r} must match [a-z][a-z0-9_]*",
                            file=file, field="id")
    if fid == NONE_FRAME:
        raise CodebookError(f"id {NONE_FRAME!r} is reserved for 'no frame'", file=file,
                            frame=fid, field="id")
    if fid in known_ids:
        raise CodebookError("duplicate frame id", file=file, frame=fid, field="id")
    unknown = sorted(set(raw) - _FRAME_KEYS)
    if unknown:
        raise CodebookError(f"unknown key(s) {unknown}; allowed: {sorted(_FRAME_KEYS)}",
                            file=file, frame=fid, field=unknown[0])
    for name in (*_REQUIRED_TEXT, "pfc_dimensions", "patterns"):
        if name not in raw:
            raise CodebookError("is missing", file=file, frame=fid, field=name)
    texts = {name: _text(raw[name], file=file, frame=fid, name=name) for name in _REQUIRED_TEXT}
    dims = raw["pfc_dimensions"]
    if isinstance(dims, str):
        dims = [dims]
    if not isinstance(dims, list) or not dims:
        raise CodebookError("must be a non-empty list of Policy Frames Codebook dimensions",
                            file=file, frame=fid, field="pfc_dimensions")
    canon = {d.lower(): d for d in PFC_DIMENSIONS}
    dim_out = []
    for d in dims:
        if not isinstance(d, str) or d.strip().lower() not in canon:
            raise CodebookError(f"{d!r} is not a Policy Frames Codebook dimension; allowed: "
                                f"{list(PFC_DIMENSIONS)}", file=file, frame=fid,
                                field="pfc_dimensions")
        dim_out.append(canon[d.strip().lower()])
    patterns = _pattern_list(raw["patterns"], file=file, frame=fid, name="patterns",
                             required=True)
    exclude = _pattern_list(raw.get("exclude"), file=file, frame=fid, name="exclude",
                            required=False)
    both = sorted({p.lower() for p in patterns} & {p.lower() for p in exclude})
    if both:
        raise CodebookError(f"pattern(s) {both} are both matched and excluded", file=file,
                            frame=fid, field="exclude")
    examples = raw.get("examples") or []
    if not isinstance(examples, list) or not all(isinstance(e, str) for e in examples):
        raise CodebookError("must be a list of texts", file=file, frame=fid, field="examples")
    return Frame(id=fid, label=texts["label"], pfc_dimensions=tuple(dim_out),
                 definition=texts["definition"], coder_include=texts["coder_include"],
                 coder_exclude=texts["coder_exclude"], patterns=patterns, exclude=exclude,
                 examples=tuple(" ".join(e.split()) for e in examples))


def parse_codebook(data, source: str = "frames.yaml") -> Codebook:
    """Validate the parsed YAML mapping ``data`` and return a :class:`Codebook`."""
    file = str(source)
    if not isinstance(data, dict):
        raise CodebookError("the codebook must be a mapping with version, changelog, frames",
                            file=file)
    unknown = sorted(set(data) - _TOP_KEYS)
    if unknown:
        raise CodebookError(f"unknown top-level key(s) {unknown}; allowed: {sorted(_TOP_KEYS)}",
                            file=file, field=unknown[0])
    version = data.get("version")
    if isinstance(version, (int, float)) and not isinstance(version, bool):
        raise CodebookError(f"write the version as a quoted string (\"{version}\"), so that "
                            "YAML does not turn 1.10 into 1.1", file=file, field="version")
    if not isinstance(version, str) or not version.strip():
        raise CodebookError("is missing or not a non-empty string", file=file, field="version")
    changelog = data.get("changelog")
    if not isinstance(changelog, list) or not changelog:
        raise CodebookError("must be a non-empty list of {version, date, changes}", file=file,
                            field="changelog")
    log = []
    for j, entry in enumerate(changelog):
        if not isinstance(entry, dict) or not all(
                isinstance(entry.get(k), str) and entry.get(k).strip()
                for k in ("version", "date", "changes")):
            raise CodebookError(f"entry {j + 1} needs text fields version, date, changes "
                                "(quote dates and versions)", file=file, field="changelog")
        log.append(dict(entry))
    if log[0]["version"] != version:
        raise CodebookError(f"the first (newest) entry is version {log[0]['version']!r} but "
                            f"the codebook is version {version!r}", file=file,
                            field="changelog")
    raw_frames = data.get("frames")
    if not isinstance(raw_frames, list) or not raw_frames:
        raise CodebookError("must be a non-empty list of frames", file=file, field="frames")
    frames: list[Frame] = []
    ids: set[str] = set()
    for i, raw in enumerate(raw_frames):
        f = _frame(raw, i, file, ids)
        ids.add(f.id)
        frames.append(f)
    return Codebook(version=version, changelog=tuple(log), frames=tuple(frames), source=file)


def load_codebook(path) -> Codebook:
    """Read and validate a codebook YAML file (see the module docstring)."""
    import yaml

    path = Path(path)
    try:
        text = path.read_text(encoding="utf-8")
    except OSError as exc:
        raise CodebookError(f"cannot read the codebook: {exc.strerror}", file=str(path)) from None
    try:
        data = yaml.safe_load(text)
    except yaml.YAMLError as exc:
        raise CodebookError(f"not valid YAML: {exc}", file=str(path)) from None
    return parse_codebook(data, source=str(path))


def codebook_table(codebook: Codebook):
    """One row per frame (id, label, dimensions, definition, notes, patterns) for reports."""
    import pandas as pd

    return pd.DataFrame([{
        "frame": f.id, "label": f.label, "pfc_dimensions": "; ".join(f.pfc_dimensions),
        "definition": f.definition, "coder_include": f.coder_include,
        "coder_exclude": f.coder_exclude, "n_patterns": len(f.patterns),
        "patterns": " | ".join(f.patterns), "exclude": " | ".join(f.exclude),
    } for f in codebook.frames])
