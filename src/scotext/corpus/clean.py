"""Clean one raw document: decode, normalise, remove furniture, repair glued words.

The raw bytes are only read. The result is the cleaned text (line structure kept: one
paragraph per line, blank lines between blocks) and an audit record counting every change.
"""

from __future__ import annotations

from dataclasses import dataclass

from scotext.corpus.decode import decode_raw
from scotext.corpus.furniture import FurnitureRules, remove_furniture
from scotext.corpus.glue import GlueSplitter
from scotext.corpus.normalize import normalize_text


@dataclass(frozen=True)
class Cleaned:
    text: str
    audit: dict
    glue_changes: list[tuple[str, str]]


def clean_document(data: bytes, name: str, rules: FurnitureRules,
                   splitter: GlueSplitter) -> Cleaned:
    """Clean the raw bytes of file ``name`` (see module docstring)."""
    decoded = decode_raw(data, name)
    text, norm_counts = normalize_text(decoded.text)
    text, furniture = remove_furniture(text, rules)
    text, glue_changes = splitter.split_text(text)
    audit = {
        "encoding": decoded.encoding,
        "bom": decoded.encoding in ("utf-8-sig", "utf-16"),
        "crlf_converted": decoded.crlf_lines,
        "html_converted": decoded.html,
        "chars_raw": len(decoded.text),
        "chars_clean": len(text),
        "furniture_chars_removed": sum(furniture.values()),
        "furniture_by_rule": "; ".join(f"{k}={v}" for k, v in sorted(furniture.items())),
        "nbsp_replaced": norm_counts["nbsp_replaced"],
        "quotes_normalised": norm_counts["quotes_normalised"],
        "dashes_normalised": norm_counts["dashes_normalised"],
        "markdown_removed": norm_counts["markdown_removed"],
        "zero_width_removed": norm_counts["zero_width_removed"],
        "spaces_after_punctuation": norm_counts["spaces_after_punctuation"],
        "broken_lines_joined": norm_counts["lines_joined"],
        "glued_tokens_split": len(glue_changes),
    }
    return Cleaned(text=text, audit=audit, glue_changes=glue_changes)
