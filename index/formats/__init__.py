"""File formats: pick the reader for a file (by extension, else by sniffing) and run it."""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path

from index.formats import text
from index.formats.decoding import decode
from index.formats.record import ReadResult, Record, Unreadable

Reader = Callable[[Path, bytes], ReadResult]

READERS_BY_SUFFIX: dict[str, Reader] = {
    ".txt": text.read_plain,
    ".text": text.read_plain,
    ".md": text.read_markdown,
    ".markdown": text.read_markdown,
}


def reader_for(path: Path, head: bytes) -> Reader | None:
    """The reader for this file, from its extension or the first bytes; None if unsupported."""
    return READERS_BY_SUFFIX.get(path.suffix.lower())


def read_file(path: Path, data: bytes) -> ReadResult:
    """All articles in one file; raises Unreadable with a one-line reason for a skipped file."""
    reader = reader_for(path, data[:4096])
    if reader is None:
        raise Unreadable(f"unsupported file type ({path.suffix or 'no extension'})")
    return reader(path, data)


__all__ = ["READERS_BY_SUFFIX", "ReadResult", "Record", "Unreadable", "decode", "read_file"]
