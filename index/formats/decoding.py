"""Bytes to text: BOMs, UTF-8, UTF-16, then a charset detector for legacy encodings."""

from __future__ import annotations

import codecs
import re
from typing import TYPE_CHECKING

from index.formats.record import Unreadable

if TYPE_CHECKING:
    from charset_normalizer import CharsetMatch

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
_ASCII = bytes(range(128))
# Below this share of non-ASCII bytes a detector has too little evidence and guesses wildly
# (20 Newsgroups' Latin-1 "Käfer" came out as Big5); Western single-byte text is the safe bet.
_SPARSE_NON_ASCII = 0.03
# Without this much language coherence the detector's pick is a guess; CP1252 is the better one.
_SOME_LANGUAGE = 0.05


def decode(data: bytes, declared: str | None = None) -> str:
    """Decode a file's bytes to text with normalised line ends, or raise Unreadable.

    ``declared`` is the encoding the file names for itself (an HTML ``<meta charset>``): it is
    tried after BOMs and UTF-8, which files mislabel less often than they mislabel themselves.
    """
    if not data.strip():
        raise Unreadable("empty file")
    text = _decode(data, declared)
    if "\x00" in text:
        raise Unreadable("binary file (contains NUL characters)")
    return _LINE_ENDS.sub("\n", text)


def sniff_text(head: bytes) -> str:
    """The first bytes of a file as text, lossily, to recognise its format (never raises)."""
    for bom, encoding in _BOMS:
        if head.startswith(bom):
            return head.decode(encoding, errors="replace")
    utf16 = _bomless_utf16(head)
    if utf16:
        return head.decode(utf16, errors="replace")
    return head.decode("utf-8", errors="replace")


def _decode(data: bytes, declared: str | None) -> str:
    for bom, encoding in _BOMS:
        if data.startswith(bom):
            try:
                return data.decode(encoding)
            except UnicodeDecodeError as error:
                reason = f"invalid {encoding} text after its byte-order mark: {error.reason}"
                raise Unreadable(reason) from None
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
    if declared:
        try:
            return data.decode(declared)
        except (LookupError, UnicodeDecodeError):
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
    controls = len(head) - len(head.translate(None, _BINARY_BYTES))
    return controls > 0.1 * len(head)


def _detect(data: bytes) -> str:
    """Legacy encodings: ask charset-normalizer, and fall back to CP1252 (never to data loss)."""
    non_ascii = len(data.translate(None, _ASCII))  # deleting the ASCII bytes leaves the rest
    if non_ascii > _SPARSE_NON_ASCII * len(data):
        from charset_normalizer import from_bytes

        matches = list(from_bytes(data))
        best = matches[0] if matches else None
        if best is not None and len(str(best)) < len(data):
            return str(best)  # A multi-byte encoding (CJK): valid sequences are evidence enough.
        if best is not None and best.coherence >= _SOME_LANGUAGE:
            # Single-byte ties are common (French reads as well in CP1250 as in CP1252):
            # prefer the encoding most legacy Western news was written in.
            for match in matches:
                if match.encoding == "cp1252" and _ties(match, best):
                    return str(match)
            return str(best)
    # CP1252 maps almost every byte; the few it cannot map are replaced, not dropped silently.
    return data.decode("cp1252", errors="replace")


def _ties(match: CharsetMatch, best: CharsetMatch) -> bool:
    return match.chaos <= best.chaos + 0.01 and match.coherence >= best.coherence - 0.01
