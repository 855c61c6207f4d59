"""Encodings decode to the same text; unusable files are refused with the file named."""

import codecs

import pytest

from scotext.corpus.decode import decode_raw
from scotext.errors import InputError

TEXT = "The SCO\u2019s \u201cShanghai spirit\u201d \u2014 mutual trust, caf\u00e9.\nSecond line.\n"


@pytest.mark.parametrize("data, encoding", [
    (TEXT.encode("utf-8"), "utf-8"),
    (codecs.BOM_UTF8 + TEXT.encode("utf-8"), "utf-8-sig"),
    (TEXT.replace("\n", "\r\n").encode("utf-8"), "utf-8"),
    (TEXT.replace("\n", "\r\n").encode("cp1252"), "cp1252"),
    (TEXT.encode("utf-16"), "utf-16"),
])
def test_encodings_decode_to_same_text(data, encoding):
    decoded = decode_raw(data, "doc.txt")
    assert decoded.text == TEXT
    assert decoded.encoding == encoding


def test_crlf_counted():
    assert decode_raw(b"a line\r\nanother line\r\n", "d.txt").crlf_lines == 2


def test_html_page_read_as_text():
    html = (b"<!DOCTYPE html><html><head><title>t</title><style>p{}</style>"
            b"<script>var x=1;</script></head><body><p>First &amp; answer.</p>"
            b"<div>Second <b>paragraph</b>.</div></body></html>")
    decoded = decode_raw(html, "page.txt")
    assert decoded.html
    assert decoded.text == "First & answer.\n\nSecond paragraph.\n"  # <head> dropped


@pytest.mark.parametrize("data, message", [
    (b"", "empty or contains only whitespace"),
    (b"  \n\t \r\n", "empty or contains only whitespace"),
    (b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR", "binary file"),
    (bytes(range(1, 9)) * 50, "binary file"),
    (b"caf\xe9 ok \x81\x8d\x90 text", "cannot be decoded"),
    (b"<html><body><script>x</script></body></html>", "no text content"),
])
def test_unusable_files_refused(data, message):
    with pytest.raises(InputError, match=message) as err:
        decode_raw(data, "data/raw/bad.txt")
    assert str(err.value).startswith("data/raw/bad.txt: ")
