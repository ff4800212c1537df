"""The Whoosh index: schema, opening, and the single writer."""

from __future__ import annotations

from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import Any

from whoosh import fields, index
from whoosh.index import LockError
from whoosh.writing import IndexWriter

from index.analysis import name_analyzer, text_analyzer
from index.errors import IndexBusy, IndexUnreadable
from index.metadata import parse_iso

WRITER_MEMORY_MB = 256
"""Writer buffer: large enough that a 50k-article run flushes only a few segments."""


def build_schema() -> fields.Schema:
    """Field names are the ones users type in queries (``title:``, ``author:``, ``date:``...)."""
    return fields.Schema(
        id=fields.ID(stored=True, unique=True),
        file=fields.ID(),
        title=fields.TEXT(analyzer=text_analyzer(), field_boost=2.0),
        body=fields.TEXT(analyzer=text_analyzer()),
        source=fields.TEXT(analyzer=name_analyzer()),
        author=fields.TEXT(analyzer=name_analyzer()),
        url=fields.TEXT(analyzer=name_analyzer(), phrase=False),
        path=fields.TEXT(analyzer=name_analyzer(), phrase=False),
        date=fields.DATETIME(sortable=True),
        # Sorting by date puts undated articles last in both directions via this key.
        dated=fields.NUMERIC(sortable=True, bits=8),
    )


QUERY_FIELDS = ("title", "body", "source", "author", "date", "url", "path")
"""Fields a user may name in a query."""


def create(directory: Path) -> index.Index:
    """A new, empty index in ``directory``."""
    directory.mkdir(parents=True, exist_ok=True)
    return index.create_in(str(directory), build_schema())


def open_existing(directory: Path) -> index.Index:
    """Open the index, turning any failure into a one-line IndexUnreadable."""
    try:
        ix = index.open_dir(str(directory))
        ix.doc_count()
    except Exception as error:  # Whoosh raises many kinds (EmptyIndexError, pickle, struct...).
        raise IndexUnreadable(
            f"the search index in {directory} cannot be read ({type(error).__name__}: {error}); "
            "run `broadsheet index --rebuild` to build a new one (your articles are untouched)"
        ) from error
    if set(ix.schema.names()) != set(build_schema().names()):
        raise IndexUnreadable(
            f"the search index in {directory} was made by another version of Broadsheet; "
            "run `broadsheet index --rebuild`"
        )
    return ix


@contextmanager
def writer(ix: index.Index, wait: float = 0.0) -> Iterator[IndexWriter]:
    """The index's only writer; IndexBusy if another process holds it past ``wait`` seconds."""
    try:
        active = ix.writer(timeout=wait, delay=0.25, limitmb=WRITER_MEMORY_MB)
    except LockError as error:
        raise IndexBusy(
            "index busy: another broadsheet process is updating this library "
            "(try again when it finishes, or pass --wait SECONDS)"
        ) from error
    try:
        yield active
    except BaseException:
        active.cancel()
        raise
    active.commit()


def document(
    article_id: str, file_key: str, path: str, fields_: dict[str, Any], text: str
) -> dict[str, Any]:
    """What Whoosh indexes for one article (only ``id`` is stored: the catalog has the rest)."""
    date = fields_.get("date")
    doc: dict[str, Any] = {
        "id": article_id,
        "file": file_key,
        "title": fields_.get("title") or "",
        "body": text,
        "path": path,
        "dated": 1 if date else 0,
    }
    for name in ("source", "author", "url"):
        if fields_.get(name):
            doc[name] = fields_[name]
    if date:
        doc["date"] = parse_iso(date)
    return doc
