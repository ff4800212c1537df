"""Bytes to text: BOMs, UTF-8, UTF-16, then a charset detector for legacy encodings."""

from __future__ import annotations

import codecs
import re

from index.formats.record import Unreadable

_BOMS = (
    (codecs.BOM_UTF8, "utf-8-sig"),
    (codecs.BOM_UTF32_LE, "utf-32"),
    (codecs.BOM_UTF32_BE, "utf-32"),
    (codecs.BOM_UTF16_LE, "utf-16"),
    (codecs.BOM_UTF16_BE, "utf-16"),
)
# CRLF, lone CR, NEL, and the Unicode line/paragraph separators all become "\n".
_LINE_ENDS = re.compile("\r\n|\r|\x85|\u2028|\u2029")
# Control bytes that never appear in text files (NUL aside, which also marks UTF-16).
_BINARY_BYTES = bytes(range(0, 9)) + bytes(range(14, 27)) + bytes(range(28, 32))
_SNIFF = 8192


def decode(data: bytes) -> str:
    """Decode a file's bytes to text with normalised line ends, or raise Unreadable."""
    if not data.strip():
        raise Unreadable("empty file")
    text = _decode(data)
    if "\x00" in text:
        raise Unreadable("binary file (contains NUL characters)")
    return _LINE_ENDS.sub("\n", text)


def _decode(data: bytes) -> str:
    for bom, encoding in _BOMS:
        if data.startswith(bom):
            try:
                return data.decode(encoding)
            except UnicodeDecodeError as error:
                raise Unreadable(f"invalid {encoding} text after its byte-order mark: {error.reason}")
    utf16 = _bomless_utf16(data[:_SNIFF])
    if utf16:
        try:
            return data.decode(utf16)
        except UnicodeDecodeError:
            pass
    if b"\x00" in data[:_SNIFF] or _looks_binary(data[:_SNIFF]):
        raise Unreadable("binary file")
    try:
        return data.decode("utf-8")
    except UnicodeDecodeError:
        pass
    return _detect(data)


def _bomless_utf16(head: bytes) -> str | None:
    """UTF-16 without a BOM shows up as NUL in every other byte of ASCII-heavy text."""
    if len(head) < 4:
        return None
    even, odd = head[0::2], head[1::2]
    if odd.count(0) > 0.4 * len(odd) and even.count(0) < 0.05 * len(even):
        return "utf-16-le"
    if even.count(0) > 0.4 * len(even) and odd.count(0) < 0.05 * len(odd):
        return "utf-16-be"
    return None


def _looks_binary(head: bytes) -> bool:
    if not head:
        return False
    controls = sum(head.count(bytes([b])) for b in _BINARY_BYTES)
    return controls > 0.1 * len(head)


def _detect(data: bytes) -> str:
    """Legacy encodings: ask charset-normalizer, and fall back to CP1252 (never to data loss)."""
    from charset_normalizer import from_bytes

    best = from_bytes(data).best()
    if best is not None and best.encoding:
        return str(best)
    # CP1252 maps almost every byte; the few it cannot map are replaced, not dropped silently.
    return data.decode("cp1252", errors="replace")
