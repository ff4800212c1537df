"""Messages that widgets send up to their screen: small dataclasses named for what happened."""

from __future__ import annotations

from dataclasses import dataclass

from textual.message import Message

from index.models import LibraryStats


@dataclass
class QueryChanged(Message):
    """The search text changed and the user paused typing (debounced)."""

    text: str


@dataclass
class QuerySubmitted(Message):
    """The user pressed Enter in the search box."""

    text: str


@dataclass
class ArticleHighlighted(Message):
    """The cursor of the results list moved onto an article."""

    article_id: str


@dataclass
class ArticleChosen(Message):
    """The user pressed Enter on an article in the results list."""

    article_id: str


@dataclass
class SuggestionChosen(Message):
    """The user accepted a "did you mean" suggestion."""

    text: str


@dataclass
class LibraryChanged(Message):
    """Another process changed the library; these are its new counts."""

    stats: LibraryStats


@dataclass
class TextScrolled(Message):
    """A text pane scrolled to ``line``; ``offset`` is the body character on top (None: header)."""

    pane_id: str
    line: int
    offset: int | None
