"""The Whoosh index: schema, opening, and the single writer."""

from __future__ import annotations

import os
from collections.abc import Iterable
from pathlib import Path
from typing import Any

import numpy as np
from whoosh import fields, index
from whoosh.codec.base import Segment
from whoosh.index import LockError

from index import forward, segment_writer
from index.analysis import name_analyzer, text_analyzer
from index.errors import IndexBusy, IndexUnreadable
from index.metadata import parse_iso

WRITER_MEMORY_MB = 256
"""Writer buffer: large enough that a 50k-article run flushes only a few segments."""
COMPOUND_SEGMENTS = False
"""Whoosh reads a compound segment by copying each part out of its memory map into a BytesIO
(whoosh.filedb.compound): a 50k-article library then cost 360 MB per searcher. Separate
files are read in place."""


def build_schema() -> fields.Schema:
    """Field names are the ones users type in queries (``title:``, ``author:``, ``date:``...)."""
    return fields.Schema(
        id=fields.ID(stored=True, unique=True),
        file=fields.ID(),
        # No positions in Whoosh: the word order of these four is kept in index.forward.
        title=fields.TEXT(analyzer=text_analyzer(), field_boost=2.0, phrase=False),
        body=fields.TEXT(analyzer=text_analyzer(), phrase=False),
        source=fields.TEXT(analyzer=name_analyzer(), phrase=False),
        author=fields.TEXT(analyzer=name_analyzer(), phrase=False),
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
    if not _same_fields(ix.schema, build_schema()):
        raise IndexUnreadable(
            f"the search index in {directory} was made by another version of Broadsheet; "
            "run `broadsheet index --rebuild`"
        )
    return ix


def _same_fields(found: fields.Schema, expected: fields.Schema) -> bool:
    """The same fields, each keeping what Broadsheet's keeps (a library made before word order
    moved out of Whoosh keeps positions)."""
    return set(found.names()) == set(expected.names()) and all(
        type(found[name].format) is type(expected[name].format) for name in expected.names()
    )


def build_segment(staging: Path, documents: Iterable[dict[str, Any]]) -> Segment | None:
    """Write documents as one finished segment in a private folder (run in a worker process).

    The segment is not part of any index until :func:`commit` moves it in, so workers never
    race the live index's clean-up of unknown files.
    """
    writer = segment_writer.SegmentWriter(create(staging))
    for fields_ in documents:
        writer.add_document(fields_)
    if not writer.count:
        writer.cancel()
        return None
    return writer.finish()


def commit(
    ix: index.Index,
    deleted_files: Iterable[str],
    staged: Iterable[tuple[Path, Segment]],
    merge: bool,
) -> None:
    """Delete the articles of some files and add finished segments, in one atomic commit.

    ``merge=False`` during bulk runs: merging would redo the workers' work in this process.
    """
    try:
        active = ix.writer(limitmb=WRITER_MEMORY_MB, compound=COMPOUND_SEGMENTS)
    except LockError as error:  # The library lock makes this rare: a foreign writer.
        raise IndexBusy("index busy: another process is writing this index") from error
    try:
        for file_key in deleted_files:
            active.delete_by_term("file", file_key)
        segments = []
        for folder, segment in staged:
            prefix = segment.segment_id()
            for name in os.listdir(folder):
                if name.startswith(prefix):
                    os.replace(folder / name, Path(ix.storage.folder) / name)
            segments.append(segment)
        # The same steps as Whoosh's own multi-process writer (whoosh.multiproc.MpWriter).
        merged = _recording_merges(active)
        final = active._merge_segments(None, False, merge)
        final.extend(segments)
        if active._added:
            segment = active._finalize_segment()
            forward.write_merged(ix.storage.folder, segment.segment_id(), merged)
            final.append(segment)
        else:
            active._close_segment()
        active._commit_toc(final)
        active._finish()
    except BaseException:
        if not active.is_closed:
            active.cancel()
        raise


def _recording_merges(writer: Any) -> list[tuple[str, int, np.ndarray]]:
    """Make ``writer`` note each segment its merge policy merges into its new segment, with
    the articles kept (in order): what the new segment's forward tokens are made of."""
    merged: list[tuple[str, int, np.ndarray]] = []
    add_reader = writer.add_reader

    def recording(reader: Any) -> None:
        kept = np.fromiter(reader.all_doc_ids(), dtype=np.int64)
        merged.append((reader.segment().segment_id(), reader.doc_count_all(), kept))
        add_reader(reader)

    writer.add_reader = recording
    return merged


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
