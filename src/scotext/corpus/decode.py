"""Turn the bytes of a raw file into text, or refuse it with a message naming the file.

Readable inputs are decoded to the same text whatever their encoding: UTF-8 with or
without a byte-order mark, UTF-16 with a BOM, CRLF or CR line ends, and legacy
single-byte files (Windows-1252, which is a superset of Latin-1's printable range).
An HTML page is converted to text (block elements become paragraphs; script and style
are dropped). The audit records what was done.

Refused, with :class:`scotext.errors.InputError`: empty or whitespace-only files,
binary files (NUL bytes or many control characters), bytes that decode in no supported
encoding, and files whose decoded text is not mostly letters.
"""

from __future__ import annotations

import codecs
import re
from dataclasses import dataclass
from html.parser import HTMLParser

from scotext.errors import InputError

_CONTROL = set(range(0, 32)) - {9, 10, 12, 13}
_HTML_HINT = re.compile(r"<!doctype\s+html|<html[\s>]|<body[\s>]|<(p|div|br|span|a)\b[^>]*>",
                        re.IGNORECASE)
_BLOCK_TAGS = {"p", "div", "br", "li", "h1", "h2", "h3", "h4", "h5", "h6", "tr",
               "blockquote", "section", "article", "header", "footer", "ul", "ol", "table"}
_SKIP_TAGS = {"script", "style", "head", "noscript", "template"}


@dataclass(frozen=True)
class Decoded:
    text: str
    encoding: str          # "utf-8", "utf-8-sig", "utf-16", "cp1252"
    crlf_lines: int        # line ends converted from CRLF/CR
    html: bool             # converted from HTML


class _TextExtractor(HTMLParser):
    def __init__(self):
        super().__init__(convert_charrefs=True)
        self.parts: list[str] = []
        self._skip = 0

    def handle_starttag(self, tag, attrs):
        if tag in _SKIP_TAGS:
            self._skip += 1
        elif tag in _BLOCK_TAGS:
            self.parts.append("\n\n")

    def handle_endtag(self, tag):
        if tag in _SKIP_TAGS:
            self._skip = max(0, self._skip - 1)
        elif tag in _BLOCK_TAGS:
            self.parts.append("\n\n")

    def handle_data(self, data):
        if not self._skip:
            self.parts.append(re.sub(r"\s+", " ", data))


def html_to_text(html: str) -> str:
    """Visible text of an HTML page, one paragraph per block element."""
    parser = _TextExtractor()
    parser.feed(html)
    parser.close()
    text = "".join(parser.parts)
    lines = [line.strip() for line in text.split("\n")]
    return re.sub(r"\n{3,}", "\n\n", "\n".join(lines)).strip() + "\n"


def _decode_bytes(data: bytes, name: str) -> tuple[str, str]:
    if data.startswith(codecs.BOM_UTF8):
        return data[len(codecs.BOM_UTF8):].decode("utf-8", errors="strict"), "utf-8-sig"
    if data.startswith((codecs.BOM_UTF16_LE, codecs.BOM_UTF16_BE)):
        return data.decode("utf-16"), "utf-16"
    if b"\x00" in data:
        raise InputError("binary file (contains NUL bytes), expected plain text", file=name)
    try:
        return data.decode("utf-8", errors="strict"), "utf-8"
    except UnicodeDecodeError:
        pass
    try:
        return data.decode("cp1252", errors="strict"), "cp1252"
    except UnicodeDecodeError as exc:
        raise InputError(
            f"cannot be decoded as UTF-8 or Windows-1252 (byte 0x{data[exc.start]:02x} "
            f"at offset {exc.start}); save it as UTF-8", file=name) from None


def decode_raw(data: bytes, name: str) -> Decoded:
    """Decode the raw bytes of ``name``; raise :class:`InputError` for unusable input."""
    if not data.strip():
        raise InputError("file is empty or contains only whitespace", file=name)
    utf16 = data.startswith((codecs.BOM_UTF16_LE, codecs.BOM_UTF16_BE))
    controls = 0 if utf16 else sum(1 for b in data[:65536] if b in _CONTROL)
    if controls > 0.01 * min(len(data), 65536):
        raise InputError(f"binary file ({controls} control bytes), expected plain text",
                         file=name)
    text, encoding = _decode_bytes(data, name)
    crlf = text.count("\r\n") + len(re.findall(r"\r(?!\n)", text))
    text = text.replace("\r\n", "\n").replace("\r", "\n")
    is_html = bool(_HTML_HINT.search(text[:20000])) and text.count("<") >= 3
    if is_html:
        text = html_to_text(text)
    if not text.strip():
        raise InputError("file has no text content" + (" (HTML page without text)"
                                                       if is_html else ""), file=name)
    letters = sum(ch.isalpha() for ch in text)
    visible = sum(not ch.isspace() for ch in text)
    if visible and letters / visible < 0.5:
        raise InputError(f"does not look like prose: only {letters / visible:.0%} of its "
                         "characters are letters", file=name)
    return Decoded(text=text, encoding=encoding, crlf_lines=crlf, html=is_html)
