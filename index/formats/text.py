"""Plain text and Markdown articles (Markdown front matter honoured)."""

from __future__ import annotations

import re
from pathlib import Path

from index.formats.decoding import decode
from index.formats.record import ReadResult, Record
from index.metadata import normalise_date, plain_text_metadata

_FRONT_MATTER = re.compile(r"\A---[ \t]*\n(.*?)\n(?:---|\.\.\.)[ \t]*(?:\n|\Z)", re.S)
_FRONT_KEY = re.compile(r"^([A-Za-z_][\w-]*)\s*:\s*(.*?)\s*$")
_FIELD_NAMES = {
    "title": "title",
    "headline": "title",
    "author": "author",
    "authors": "author",
    "byline": "author",
    "date": "date",
    "published": "date",
    "source": "source",
    "publisher": "source",
    "site": "source",
    "url": "url",
    "link": "url",
}


def read_plain(path: Path, data: bytes) -> ReadResult:
    """One article per file; metadata read from its header and footer lines."""
    body = decode(data)
    meta = plain_text_metadata(body)
    return ReadResult(
        [
            Record(
                text=body,
                title=meta.title,
                source=meta.source,
                author=meta.author,
                date=meta.date,
                url=meta.url,
            )
        ]
    )


def read_markdown(path: Path, data: bytes) -> ReadResult:
    """Like plain text, but YAML-style front matter (simple ``key: value`` lines) wins."""
    whole = decode(data)
    match = _FRONT_MATTER.match(whole)
    if not match:
        return read_plain(path, data)
    front = _parse_front_matter(match.group(1))
    body = whole[match.end() :]
    meta = plain_text_metadata(body)
    extra = {k: v for k, v in front.items() if k not in _FIELD_NAMES}
    known = {_FIELD_NAMES[k]: v for k, v in front.items() if k in _FIELD_NAMES and v}
    return ReadResult(
        [
            Record(
                text=body,
                title=known.get("title") or meta.title,
                source=known.get("source") or meta.source,
                author=known.get("author") or meta.author,
                date=normalise_date(known["date"]) if "date" in known else meta.date,
                url=known.get("url") or meta.url,
                extra=extra,
            )
        ]
    )


def _parse_front_matter(block: str) -> dict[str, str]:
    fields: dict[str, str] = {}
    for line in block.splitlines():
        match = _FRONT_KEY.match(line)
        if match:
            value = match.group(2).strip().strip("\"'")
            fields[match.group(1).lower()] = value
    return fields
