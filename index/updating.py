"""One indexing run: compare files with the catalog, read what changed, write index then catalog."""

from __future__ import annotations

import os
from collections.abc import Callable, Iterable, Iterator, Sequence
from concurrent.futures import ProcessPoolExecutor
from dataclasses import dataclass, field
from multiprocessing import get_context
from pathlib import Path

from index import catalog as catalog_rows
from index import store
from index.catalog import ArticleRow, Catalog, FileState
from index.dupes import DuplicateIndex
from index.errors import BroadsheetError
from index.ingest import (
    FileOutcome,
    FoundFile,
    article_id,
    display_path,
    raw_path,
    read_found,
    walk,
)
from index.models import IndexProgress, IndexReport, Skipped

BATCH_FILES = 2000
"""Files per commit: bounds memory, and an interrupted run keeps every finished batch."""
PARALLEL_FROM = 200
"""Below this many files to read, a process pool costs more than it saves."""


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
    """Catalog writes that follow one index commit."""

    saved_files: list[FileState] = field(default_factory=list)
    forgotten_files: list[FileState] = field(default_factory=list)
    articles: list[tuple[str, ArticleRow]] = field(default_factory=list)
    removed_ids: list[str] = field(default_factory=list)


class Updater:
    """Brings one generation of a library up to date with the files on disk."""

    def __init__(self, generation: Path, library_folder: Path, create: bool = False) -> None:
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
        on_disk = {f.raw: f for f in found.files}
        gone = [s for raw, s in known.items() if raw not in on_disk and _under(raw, present)]
        changed: list[FoundFile] = []
        for item in found.files:
            state = known.get(item.raw)
            if state is not None and (state.size, state.mtime_ns) == (item.size, item.mtime_ns):
                tally.unchanged += len(self._catalog.article_ids(state.key))
            else:
                changed.append(item)
        with self._catalog.transaction() as db:
            catalog_rows.add_roots(db, [(r, display_path(r)) for r in given])
        gone_ids = [i for state in gone for i in self._catalog.article_ids(state.key)]
        tally.removed += len(gone_ids)
        self._commit(_Batch(forgotten_files=gone, removed_ids=gone_ids))
        total = len(changed)
        done = 0
        for start in range(0, total, BATCH_FILES):
            batch = _Batch()
            for outcome in _read_all(changed[start : start + BATCH_FILES]):
                done += 1
                self._take(outcome, known.get(outcome.found.raw), batch, tally)
                if progress is not None:
                    progress(IndexProgress(done, total, outcome.found.display))
            self._commit(batch)
        return tally.report()

    def _take(
        self, outcome: FileOutcome, known: FileState | None, batch: _Batch, tally: _Tally
    ) -> None:
        """Turn one read file into catalog rows (the index is written at commit)."""
        found = outcome.found
        display = found.display
        tally.skipped.extend(Skipped(display, problem) for problem in outcome.problems)
        old_ids = set(self._catalog.article_ids(known.key)) if known else set()
        if outcome.error is not None:
            # A file that was readable before keeps its articles until it can be read again.
            tally.skipped.append(Skipped(display, outcome.error))
            tally.unchanged += len(old_ids)
            return
        state = FileState(found.raw, found.key, display, found.size, found.mtime_ns, outcome.digest)
        if known is not None and known.digest == outcome.digest:
            tally.unchanged += len(old_ids)
            batch.saved_files.append(state)
            return
        new_ids: set[str] = set()
        for record in outcome.records:
            identifier = article_id(found.raw, record.key)
            if identifier in new_ids:
                tally.skipped.append(Skipped(f"{display}#{record.key}", "repeated record key"))
                continue
            new_ids.add(identifier)
            path = f"{display}#{record.key}" if record.key else display
            row = ArticleRow(
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
            batch.articles.append((found.key, row))
        tally.added += len(new_ids - old_ids)
        tally.updated += len(new_ids & old_ids)
        tally.removed += len(old_ids - new_ids)
        batch.removed_ids.extend(old_ids - new_ids)
        if known is not None:
            batch.forgotten_files.append(known)
        batch.saved_files.append(state)

    def _commit(self, batch: _Batch) -> None:
        """Index first, catalog second: a run cut between the two is redone next time."""
        with store.writer(self._index) as writer:
            for state in batch.forgotten_files:
                writer.delete_by_term("file", state.key)
            for file_key, row in batch.articles:
                writer.add_document(
                    **store.document(row.id, file_key, row.path, _fields(row), row.text)
                )
        with self._catalog.transaction() as db:
            for state in batch.forgotten_files:
                catalog_rows.forget_file(db, state)
            for state in batch.saved_files:
                catalog_rows.save_file(db, state)
            for file_key, row in batch.articles:
                catalog_rows.save_article(db, file_key, row)
        self._duplicates.update(
            [(row.id, row.text) for _, row in batch.articles], batch.removed_ids
        )


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


def _read_all(files: list[FoundFile]) -> Iterator[FileOutcome]:
    """Read files in worker processes when there are many (never by forking a threaded process)."""
    workers = min(os.cpu_count() or 1, 4)
    if len(files) < PARALLEL_FROM or workers < 2:
        yield from map(read_found, files)
        return
    with ProcessPoolExecutor(workers, mp_context=get_context("forkserver")) as pool:
        yield from pool.map(read_found, files, chunksize=16)
