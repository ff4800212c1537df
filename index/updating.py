"""One indexing run: compare files with the catalog, index what changed, write index then catalog.

Worker processes read, parse and index chunks of files into finished Whoosh segments; this
process only moves the segments in, records the catalog, and updates near-duplicate groups.
"""

from __future__ import annotations

import os
import shutil
import tempfile
from collections import deque
from collections.abc import Callable, Iterable, Iterator, Sequence
from concurrent.futures import Future
from concurrent.futures.process import BrokenProcessPool
from dataclasses import dataclass, field
from pathlib import Path

from whoosh.codec.base import Segment

from index import catalog as catalog_rows
from index import store
from index.catalog import ArticleRow, Catalog, FileState
from index.dupes import DuplicateIndex, Prepared, compared_text, prepare
from index.errors import BroadsheetError
from index.ingest import FoundFile, article_id, display_path, raw_path, read_found, walk
from index.models import IndexProgress, IndexReport, Skipped
from index.workers import WORKERS, worker_pool

MAX_CHUNK_BYTES = 12 * 1024 * 1024
"""Text per worker chunk at most: each chunk becomes one index segment, so chunks are large."""
MIN_CHUNK_BYTES = 1024 * 1024
RAMP_CHUNK_BYTES = (1024 * 1024, 1024 * 1024, 2 * 1024 * 1024, 4 * 1024 * 1024)
"""The first chunks of a parallel run, small to large: this process starts recording (and
grouping near-duplicates) within a second or two instead of waiting for two large chunks,
and the workers keep ahead of it from then on."""
CHUNK_FILES = 12000
"""Files per chunk at most (small mails and posts: their chunks are bounded by count before
size). At 4,000, 20 Newsgroups alone made five segments: each costs every search a lookup
per word, and each chunk some fixed work here (50k articles: 12 segments -> 9, ~1 s less)."""
PARALLEL_FROM_BYTES = 4 * 1024 * 1024
"""Below this much to read, starting worker processes costs more than it saves."""
IN_FLIGHT = 2 * WORKERS + 2
"""Chunks handed to the workers and not yet recorded here. With one more than the workers,
they waited for this process whenever it recorded a large chunk (a core idle); with a few
more they read on (50k articles: 32 s -> 29.5 s), each finished chunk costing memory here
until it is recorded."""
REGROUPED_PER_STEP = 5000
"""Articles read back from the catalog at a time to be grouped again (bounded memory)."""


@dataclass(slots=True)
class _FileResult:
    """What a worker made of one file."""

    found: FoundFile
    digest: str = ""
    rows: list[ArticleRow] = field(default_factory=list)
    prepared: list[Prepared] = field(default_factory=list)
    """The rows' near-duplicate preparation (see ``index.dupes.prepare``), when made."""
    problems: list[str] = field(default_factory=list)
    error: str | None = None
    unchanged: bool = False


@dataclass(slots=True)
class _ChunkResult:
    """A chunk's files and the segment (in its staging folder) holding their new articles."""

    staging: Path
    segment: Segment | None
    files: list[_FileResult]


@dataclass(slots=True)
class _Tally:
    added: int = 0
    updated: int = 0
    removed: int = 0
    unchanged: int = 0
    skipped: list[Skipped] = field(default_factory=list)

    def report(self) -> IndexReport:
        return IndexReport(
            self.added, self.updated, self.removed, self.unchanged, tuple(self.skipped)
        )


@dataclass(slots=True)
class _Batch:
    """Catalog writes that go with one index commit."""

    saved_files: list[FileState] = field(default_factory=list)
    forgotten_files: list[FileState] = field(default_factory=list)
    articles: list[tuple[str, ArticleRow]] = field(default_factory=list)
    prepared: dict[str, Prepared] = field(default_factory=dict)
    removed_ids: list[str] = field(default_factory=list)


class Updater:
    """Brings one generation of a library up to date with the files on disk."""

    def __init__(self, generation: Path, library_folder: Path, create: bool = False) -> None:
        self._generation = generation
        self._catalog = Catalog(generation / "catalog.sqlite", create=create)
        self._index = store.open_existing(generation / "whoosh")
        self._duplicates = DuplicateIndex(generation)
        self._exclude = raw_path(library_folder)

    def run(
        self,
        paths: Sequence[str | os.PathLike[str]],
        progress: Callable[[IndexProgress], None] | None = None,
    ) -> IndexReport:
        """Index new and changed files, drop deleted ones; the roots given are remembered."""
        given = [raw_path(p) for p in paths]
        roots = given or [raw for raw, _ in self._catalog.roots()]
        if not roots:
            raise BroadsheetError(
                "nothing to index: give a folder or file, e.g. `broadsheet index ~/news`"
            )
        found = walk(roots, exclude=self._exclude)
        tally = _Tally(skipped=list(found.skipped))
        for missing in found.missing_roots:
            tally.skipped.append(
                Skipped(display_path(missing), "not found; articles indexed from it are kept")
            )
        present = [r for r in roots if r not in found.missing_roots]
        known = self._catalog.files()
        on_disk = {f.raw for f in found.files}
        gone = [s for raw, s in known.items() if raw not in on_disk and _under(raw, present)]
        changed: list[tuple[FoundFile, str | None]] = []
        counts = self._catalog.article_counts()
        for item in found.files:
            state = known.get(item.raw)
            if state is not None and (state.size, state.mtime_ns) == (item.size, item.mtime_ns):
                tally.unchanged += counts.get(state.key, 0)
            else:
                changed.append((item, state.digest if state else None))
        with self._catalog.transaction() as db:
            catalog_rows.add_roots(db, [(r, display_path(r)) for r in given])
        gone_ids = [i for state in gone for i in self._catalog.article_ids(state.key)]
        tally.removed += len(gone_ids)
        self._commit(_Batch(forgotten_files=gone, removed_ids=gone_ids), [], merge=True)
        done = 0
        bulk = sum(f.size for f, _ in changed) >= PARALLEL_FROM_BYTES
        # Largest files first: archives of many articles (wire stories, CSV, mail boxes) keep
        # this process busy while the workers read on, and the last chunk, whose articles this
        # process records alone after the workers are done, holds small files.
        changed.sort(key=lambda item: -item[0].size)
        for chunk in self._index_chunks(changed, parallel=bulk):
            batch = _Batch()
            for result in chunk.files:
                done += 1
                self._take(result, known.get(result.found.raw), batch, tally)
                if progress is not None:
                    progress(IndexProgress(done, len(changed), result.found.display))
            staged = [(chunk.staging, chunk.segment)] if chunk.segment else []
            try:
                self._commit(batch, staged, merge=not bulk)
            finally:
                shutil.rmtree(chunk.staging, ignore_errors=True)
        self._duplicates.match_flashes()
        self._complete_duplicates()
        return tally.report()

    def _complete_duplicates(self) -> None:
        """Group the articles the near-duplicate store lacks: a new version of Broadsheet
        stores fingerprints differently (the store is then emptied), or a run was stopped
        between the catalog and it."""
        missing = sorted(set(self._catalog.all_article_ids()) - self._duplicates.article_ids())
        for start in range(0, len(missing), REGROUPED_PER_STEP):
            rows = self._catalog.articles(missing[start : start + REGROUPED_PER_STEP])
            self._duplicates.update(
                [(row.id, compared_text(row.title, row.text)) for row in rows.values()], []
            )

    def _index_chunks(
        self, changed: list[tuple[FoundFile, str | None]], parallel: bool
    ) -> Iterator[_ChunkResult]:
        """Chunks indexed into staged segments: by worker processes for bulk runs."""
        staging = str(self._generation)
        total = sum(found.size for found, _ in changed)
        # Every worker gets work even on a small bulk run, within the segment size bounds.
        size = min(MAX_CHUNK_BYTES, max(MIN_CHUNK_BYTES, total // WORKERS + 1))
        first = [min(size, ramp) for ramp in RAMP_CHUNK_BYTES] if parallel else []
        chunks = list(_chunks(changed, first, size))
        if not parallel or len(chunks) < 2:
            for chunk in chunks:
                yield index_chunk(staging, chunk)
            return
        with worker_pool() as pool:
            # A few chunks in flight, not all: finished chunks (texts included) wait in memory.
            pending: deque[tuple[list[tuple[FoundFile, str | None]], Future[_ChunkResult]]]
            pending = deque()
            for chunk in chunks:
                pending.append((chunk, pool.submit(index_chunk, staging, chunk)))
                if len(pending) >= IN_FLIGHT:
                    yield _result(staging, *pending.popleft())
            while pending:
                yield _result(staging, *pending.popleft())

    def _take(
        self, result: _FileResult, known: FileState | None, batch: _Batch, tally: _Tally
    ) -> None:
        """Turn one file's result into catalog rows and counts."""
        found = result.found
        tally.skipped.extend(Skipped(found.display, problem) for problem in result.problems)
        old_ids = set(self._catalog.article_ids(known.key)) if known else set()
        if result.error is not None:
            # A file that was readable before keeps its articles until it can be read again.
            tally.skipped.append(Skipped(found.display, result.error))
            tally.unchanged += len(old_ids)
            return
        state = FileState(
            found.raw, found.key, found.display, found.size, found.mtime_ns, result.digest
        )
        batch.saved_files.append(state)
        if result.unchanged:
            tally.unchanged += len(old_ids)
            return
        new_ids = {row.id for row in result.rows}
        batch.articles.extend((found.key, row) for row in result.rows)
        batch.prepared.update(
            (row.id, ready) for row, ready in zip(result.rows, result.prepared, strict=True)
        )
        tally.added += len(new_ids - old_ids)
        tally.updated += len(new_ids & old_ids)
        tally.removed += len(old_ids - new_ids)
        batch.removed_ids.extend(old_ids - new_ids)
        if known is not None:
            batch.forgotten_files.append(known)

    def _commit(self, batch: _Batch, staged: list[tuple[Path, Segment]], merge: bool) -> None:
        """Index first, catalog second: a run cut between the two is redone next time."""
        store.commit(self._index, [s.key for s in batch.forgotten_files], staged, merge)
        with self._catalog.transaction() as db:
            for state in batch.forgotten_files:
                catalog_rows.forget_file(db, state)
            catalog_rows.save_files(db, batch.saved_files)
            catalog_rows.save_articles(db, batch.articles)
        self._duplicates.update(
            [(row.id, compared_text(row.title, row.text)) for _, row in batch.articles],
            batch.removed_ids,
            batch.prepared,
            match_flashes=False,  # once at the end of the run: see DuplicateIndex.update
        )


def _result(
    staging: str, chunk: list[tuple[FoundFile, str | None]], future: Future[_ChunkResult]
) -> _ChunkResult:
    try:
        return future.result()
    except BrokenProcessPool:
        # Workers could not start (e.g. a host whose __main__ cannot be re-imported):
        # slower, but the run still completes in this process.
        return index_chunk(staging, chunk)


def index_chunk(generation: str, chunk: list[tuple[FoundFile, str | None]]) -> _ChunkResult:
    """Read, parse and index a chunk of files into a staged segment, and prepare their
    articles for near-duplicate detection (runs in a worker)."""
    results = [_read(found, known_digest) for found, known_digest in chunk]
    fresh = [result for result in results if result.error is None and not result.unchanged]
    staging = Path(tempfile.mkdtemp(prefix="staging-", dir=generation))
    documents = (
        store.document(row.id, result.found.key, row.path, _fields(row), row.text)
        for result in fresh
        for row in result.rows
    )
    segment = store.build_segment(staging, documents)
    prepared = iter(
        prepare([compared_text(row.title, row.text) for result in fresh for row in result.rows])
    )
    for result in fresh:
        result.prepared = [next(prepared) for _ in result.rows]
    return _ChunkResult(staging, segment, results)


def _read(found: FoundFile, known_digest: str | None) -> _FileResult:
    outcome = read_found(found)
    result = _FileResult(found, outcome.digest, problems=outcome.problems, error=outcome.error)
    if outcome.error is not None:
        return result
    result.unchanged = outcome.digest == known_digest
    seen: set[str] = set()
    for record in outcome.records:
        identifier = article_id(found.raw, record.key)
        path = f"{found.display}#{record.key}" if record.key else found.display
        if identifier in seen:
            result.problems.append(f"record {record.key!r} repeated; the first one was kept")
            continue
        seen.add(identifier)
        result.rows.append(
            ArticleRow(
                identifier,
                path,
                record.title or "(untitled)",
                record.source,
                record.author,
                record.date,
                record.url,
                record.text,
                record.extra,
            )
        )
    return result


def _chunks(
    files: list[tuple[FoundFile, str | None]], first: list[int], chunk_bytes: int
) -> Iterator[list[tuple[FoundFile, str | None]]]:
    """Files in chunks of ``first`` bytes, then of ``chunk_bytes`` each."""
    limits = iter(first)
    limit = next(limits, chunk_bytes)
    chunk: list[tuple[FoundFile, str | None]] = []
    size = 0
    for item in files:
        chunk.append(item)
        size += item[0].size
        if size >= limit or len(chunk) >= CHUNK_FILES:
            yield chunk
            chunk, size = [], 0
            limit = next(limits, chunk_bytes)
    if chunk:
        yield chunk


def _fields(row: ArticleRow) -> dict[str, str | None]:
    return {
        "title": row.title,
        "source": row.source,
        "author": row.author,
        "url": row.url,
        "date": row.date,
    }


def _under(raw: bytes, roots: Iterable[bytes]) -> bool:
    return any(raw == root or raw.startswith(root.rstrip(b"/") + b"/") for root in roots)
