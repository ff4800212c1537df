"""File formats: pick the reader for a file (by extension, else by sniffing) and run it."""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path

from index.formats import delimited, html, jsonfile, mail, sgml, text
from index.formats.decoding import decode, sniff_text
from index.formats.record import ReadResult, Record, Unreadable

Reader = Callable[[Path, bytes], ReadResult]

READERS_BY_SUFFIX: dict[str, Reader] = {
    ".txt": text.read_plain,
    ".text": text.read_plain,
    ".md": text.read_markdown,
    ".markdown": text.read_markdown,
    ".html": html.read_html,
    ".htm": html.read_html,
    ".xhtml": html.read_html,
    ".jsonl": jsonfile.read_json_lines,
    ".ndjson": jsonfile.read_json_lines,
    ".json": jsonfile.read_json,
    ".csv": delimited.read_csv,
    ".tsv": delimited.read_tsv,
    ".tab": delimited.read_tsv,
    ".eml": mail.read_message,
    ".mbox": mail.read_mbox,
    ".mbx": mail.read_mbox,
    ".sgm": sgml.read_stories,
    ".sgml": sgml.read_stories,
}
# Suffixes that say little about the content (".xml" may be a story archive or a web page).
_SNIFFED_SUFFIXES = frozenset({"", ".xml"})


def reader_for(path: Path, head: bytes) -> Reader | None:
    """The reader for this file, from its extension or the first bytes; None if unsupported."""
    suffix = path.suffix.lower()
    if suffix in READERS_BY_SUFFIX:
        return READERS_BY_SUFFIX[suffix]
    if suffix not in _SNIFFED_SUFFIXES and not suffix[1:].isdigit():
        return None  # "msg.12345" is a spool file named by number, not by type.
    return _sniff(sniff_text(head))


def _sniff(head: str) -> Reader | None:
    if mail.looks_like_mbox(head):
        return mail.read_mbox
    if mail.looks_like_message(head):
        return mail.read_message
    if sgml.looks_like_stories(head):
        return sgml.read_stories
    start = head.lstrip("\ufeff \t\n")[:512].lower()
    if start.startswith("<!doctype html") or "<html" in start:
        return html.read_html
    return None


def read_file(path: Path, data: bytes) -> ReadResult:
    """All articles in one file; raises Unreadable with a one-line reason for a skipped file."""
    reader = reader_for(path, data[:4096])
    if reader is None:
        kind = path.suffix or "no extension"
        raise Unreadable(f"unsupported file type ({kind}; not mail, news, stories or HTML)")
    return reader(path, data)


__all__ = [
    "READERS_BY_SUFFIX",
    "ReadResult",
    "Record",
    "Unreadable",
    "decode",
    "read_file",
    "reader_for",
]
