"""Remove web page furniture with the rules of ``data/lexicons/furniture.yaml``.

Order: cut the footer (from the first footer line in the last part of the document to
the end), strip line parts (bullets, trailing datelines), drop furniture lines, drop
repeated headlines. Returns the text and the number of characters removed per rule.
"""

from __future__ import annotations

import re
from collections import Counter
from dataclasses import dataclass


@dataclass(frozen=True)
class FurnitureRules:
    drop_lines: dict[str, re.Pattern]
    cut_from: tuple[re.Pattern, ...]
    footer_min_fraction: float
    strip: dict[str, re.Pattern]
    repeated_line_max_chars: int
    repeated_line_min_words: int

    @classmethod
    def from_dict(cls, spec: dict) -> "FurnitureRules":
        return cls(
            drop_lines={k: re.compile(v) for k, v in spec.get("drop_lines", {}).items()},
            cut_from=tuple(re.compile(p) for p in spec.get("cut_from", [])),
            footer_min_fraction=float(spec.get("footer_min_fraction", 0.5)),
            strip={k: re.compile(v) for k, v in spec.get("strip", {}).items()},
            repeated_line_max_chars=int(spec.get("repeated_line_max_chars", 300)),
            repeated_line_min_words=int(spec.get("repeated_line_min_words", 5)),
        )


def remove_furniture(text: str, rules: FurnitureRules) -> tuple[str, Counter]:
    """Return ``text`` without furniture and a Counter of characters removed per rule."""
    removed: Counter = Counter()
    lines = text.split("\n")
    total = max(1, len(text))
    offset = 0
    for i, line in enumerate(lines):
        if offset / total >= 1 - rules.footer_min_fraction and \
                any(p.fullmatch(line.strip()) for p in rules.cut_from):
            removed["footer"] += len("\n".join(lines[i:]))
            lines = lines[:i]
            break
        offset += len(line) + 1

    kept: list[str] = []
    seen: set[str] = set()
    for line in lines:
        for name, pattern in rules.strip.items():
            new = pattern.sub("", line)
            removed[name] += len(line) - len(new)
            line = new
        stripped = line.strip()
        name = next((n for n, p in rules.drop_lines.items() if p.fullmatch(stripped)), None)
        if stripped and name:
            removed[name] += len(line)
            continue
        if (stripped and len(stripped) <= rules.repeated_line_max_chars
                and len(stripped.split()) >= rules.repeated_line_min_words):
            if stripped in seen:
                removed["repeated_headline"] += len(line)
                continue
            seen.add(stripped)
        kept.append(line)
    out = re.sub(r"\n{3,}", "\n\n", "\n".join(kept)).strip("\n") + "\n"
    return out, Counter({k: v for k, v in removed.items() if v})
