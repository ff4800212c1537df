"""Plain dataclasses returned by the public API: no Whoosh object ever leaves index/."""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any, Literal

Span = tuple[int, int]
"""A half-open range of character offsets ``[start, end)`` into some string."""

METADATA_FIELDS = ("id", "path", "title", "source", "author", "date", "url")
"""The fields every view of an article carries (stored row, Article, Hit, JSON output)."""


def metadata(item: Any) -> dict[str, Any]:
    """The :data:`METADATA_FIELDS` of any article-like object, by name."""
    return {name: getattr(item, name) for name in METADATA_FIELDS}


SortOrder = Literal["relevance", "newest", "oldest"]
SORT_ORDERS: tuple[SortOrder, ...] = ("relevance", "newest", "oldest")


@dataclass(frozen=True, slots=True)
class Article:
    """One article as stored: metadata, the full text, and where its boilerplate lines are."""

    id: str
    path: str
    title: str
    source: str | None
    author: str | None
    date: str | None
    """ISO 8601 (``2022-01-10`` or ``2022-01-10T09:30:00``), or None when unknown."""
    url: str | None
    text: str
    boilerplate: tuple[Span, ...] = ()
    """Character ranges of ``text`` that are furniture (footers, mastheads) for dimming."""
    extra: dict[str, str] = field(default_factory=dict)


@dataclass(frozen=True, slots=True)
class Hit:
    """One search result with a snippet and the offsets of the matched words inside it."""

    id: str
    path: str
    title: str
    source: str | None
    author: str | None
    date: str | None
    url: str | None
    score: float
    snippet: str
    highlights: tuple[Span, ...]
    title_highlights: tuple[Span, ...] = ()
    duplicates: tuple[str, ...] = ()


@dataclass(frozen=True, slots=True)
class SearchResult:
    """The hits of one query, plus what the user should be told about it."""

    query: str
    hits: tuple[Hit, ...]
    total: int
    notice: str | None = None
    """Set when the query could not be used as written (e.g. fell back to plain words)."""
    suggestion: str | None = None
    """A corrected query to offer ("did you mean ...") when little or nothing was found."""


@dataclass(frozen=True, slots=True)
class Skipped:
    """A file or record left out of the index, and why."""

    path: str
    reason: str


@dataclass(frozen=True, slots=True)
class IndexReport:
    """What one indexing run changed."""

    added: int = 0
    updated: int = 0
    removed: int = 0
    unchanged: int = 0
    skipped: tuple[Skipped, ...] = ()


@dataclass(frozen=True, slots=True)
class IndexProgress:
    """Progress of an indexing run, reported to a callback after each file."""

    done: int
    total: int
    path: str


@dataclass(frozen=True, slots=True)
class DuplicateMatch:
    """A near-duplicate of some article, with how similar it is (0..1)."""

    id: str
    similarity: float


@dataclass(frozen=True, slots=True)
class GroupMember:
    """One article of a near-duplicate group."""

    id: str
    path: str
    title: str
    similarity: float


@dataclass(frozen=True, slots=True)
class Within:
    """The articles a search is kept to (None: all of them) and those it leaves out, by id."""

    only: frozenset[str] | None = None
    excluding: frozenset[str] = frozenset()


EVERYWHERE = Within()
"""A search of the whole library."""


@dataclass(frozen=True, slots=True)
class DuplicateGroup:
    """Articles a reader would call the same article."""

    group: str
    articles: tuple[GroupMember, ...]


@dataclass(frozen=True, slots=True)
class AlignedSegment:
    """A run of words in a word-by-word alignment of two texts."""

    kind: Literal["equal", "changed", "inserted", "deleted"]
    left: Span
    """Character range in the left text (empty for ``inserted``)."""
    right: Span
    """Character range in the right text (empty for ``deleted``)."""


@dataclass(frozen=True, slots=True)
class LibraryStats:
    """Counts shown in the app's header."""

    articles: int
    duplicate_groups: int
    sources: tuple[str, ...]
    ungrouped: int = 0
    """Articles not yet compared for near-duplicates: a new version of Broadsheet stores
    them differently, and the next ``broadsheet index`` groups them again."""
