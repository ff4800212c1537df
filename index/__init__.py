"""Broadsheet's library: ingest, metadata, full-text index, search and near-duplicates.

The public API is :class:`Library` and the plain dataclasses of :mod:`index.models`; no Whoosh
object ever crosses this boundary, so the engine stays replaceable. Nothing here imports Textual.
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

from index.errors import BroadsheetError, IndexBusy, IndexUnreadable, NotFound, QueryError
from index.models import (
    AlignedSegment,
    Article,
    DuplicateGroup,
    DuplicateMatch,
    GroupMember,
    Hit,
    IndexProgress,
    IndexReport,
    LibraryStats,
    SearchResult,
    Skipped,
)

if TYPE_CHECKING:
    from index.library import Library


def __getattr__(name: str) -> Any:
    # Loading Whoosh takes a while: only pay for it when the Library is actually used.
    if name == "Library":
        from index.library import Library

        return Library
    raise AttributeError(name)


__all__ = [
    "AlignedSegment",
    "Article",
    "BroadsheetError",
    "DuplicateGroup",
    "DuplicateMatch",
    "GroupMember",
    "Hit",
    "IndexBusy",
    "IndexProgress",
    "IndexReport",
    "IndexUnreadable",
    "Library",
    "LibraryStats",
    "NotFound",
    "QueryError",
    "SearchResult",
    "Skipped",
]
