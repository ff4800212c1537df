"""What a format reader yields: the text and metadata of one article, before indexing."""

from __future__ import annotations

from dataclasses import dataclass, field


class Unreadable(Exception):
    """A whole file cannot become articles; the message is the one-line reason shown to users."""


@dataclass(slots=True)
class Record:
    """One article read from a file; unknown metadata stays None (never invented)."""

    text: str
    title: str | None = None
    source: str | None = None
    author: str | None = None
    date: str | None = None
    """ISO 8601 date or datetime, or None."""
    url: str | None = None
    key: str = ""
    """Place in a multi-article file ("3" gives ``path#3``); "" for one-article files."""
    extra: dict[str, str] = field(default_factory=dict)


@dataclass(slots=True)
class ReadResult:
    """Every article of one file, plus the records that had to be left out and why."""

    records: list[Record]
    problems: list[str] = field(default_factory=list)
    """One line per record left out, e.g. ``line 12: invalid JSON``."""
