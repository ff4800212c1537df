"""The catalog (SQLite): indexed folders, file states, and every article's metadata and text."""

from __future__ import annotations

import json
import sqlite3
import threading
from collections.abc import Iterable, Iterator, Sequence
from contextlib import contextmanager
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from index.errors import IndexUnreadable

SCHEMA_VERSION = "1"

_SCHEMA = """
CREATE TABLE IF NOT EXISTS meta(key TEXT PRIMARY KEY, value TEXT NOT NULL);
CREATE TABLE IF NOT EXISTS roots(raw BLOB PRIMARY KEY, display TEXT NOT NULL);
CREATE TABLE IF NOT EXISTS files(
    raw BLOB PRIMARY KEY, key TEXT NOT NULL UNIQUE, display TEXT NOT NULL,
    size INTEGER NOT NULL, mtime_ns INTEGER NOT NULL, digest TEXT NOT NULL);
CREATE TABLE IF NOT EXISTS articles(
    id TEXT PRIMARY KEY, file TEXT NOT NULL, path TEXT NOT NULL, title TEXT NOT NULL,
    source TEXT, author TEXT, date TEXT, url TEXT, text TEXT NOT NULL, extra TEXT);
CREATE INDEX IF NOT EXISTS articles_file ON articles(file);
CREATE INDEX IF NOT EXISTS articles_path ON articles(path);
"""
_ARTICLE_COLUMNS = "id, path, title, source, author, date, url, text, extra"


@dataclass(frozen=True, slots=True)
class FileState:
    """What the catalog knows of a file, to tell whether it changed since it was indexed."""

    raw: bytes
    key: str
    display: str
    size: int
    mtime_ns: int
    digest: str


@dataclass(frozen=True, slots=True)
class ArticleRow:
    """One article's stored columns."""

    id: str
    path: str
    title: str
    source: str | None
    author: str | None
    date: str | None
    url: str | None
    text: str
    extra: dict[str, str]


class Catalog:
    """SQLite in WAL mode: many readers (one connection per thread) and one writing process."""

    def __init__(self, path: Path, create: bool = False) -> None:
        self.path = path
        self._local = threading.local()
        if create:
            # executescript commits on its own, so the tables are made outside the transaction.
            self._connection().executescript(_SCHEMA)
            with self.transaction() as db:
                db.execute("INSERT OR IGNORE INTO meta VALUES('schema', ?)", (SCHEMA_VERSION,))
                db.execute("INSERT OR IGNORE INTO meta VALUES('generation', '0')")
        self._check_version()

    def _connection(self) -> sqlite3.Connection:
        connection: sqlite3.Connection | None = getattr(self._local, "connection", None)
        if connection is None:
            connection = sqlite3.connect(self.path, timeout=30, isolation_level=None)
            connection.execute("PRAGMA journal_mode=WAL")
            connection.execute("PRAGMA synchronous=NORMAL")
            self._local.connection = connection
        return connection

    def _check_version(self) -> None:
        try:
            row = self._connection().execute("SELECT value FROM meta WHERE key='schema'").fetchone()
        except sqlite3.DatabaseError as error:
            raise IndexUnreadable(
                f"the catalog {self.path} cannot be read ({error}); "
                "run `broadsheet index --rebuild` (your articles are untouched)"
            ) from error
        if row is None or row[0] != SCHEMA_VERSION:
            raise IndexUnreadable(
                f"the catalog {self.path} was made by another version of Broadsheet; "
                "run `broadsheet index --rebuild`"
            )

    @contextmanager
    def transaction(self) -> Iterator[sqlite3.Connection]:
        """One atomic write; the generation number moves so readers notice the change."""
        db = self._connection()
        db.execute("BEGIN IMMEDIATE")
        try:
            yield db
            db.execute("UPDATE meta SET value = CAST(value AS INTEGER) + 1 WHERE key='generation'")
        except BaseException:
            db.execute("ROLLBACK")
            raise
        db.execute("COMMIT")

    def generation(self) -> int:
        """A number that changes whenever any process commits new content."""
        row = self._connection().execute("SELECT value FROM meta WHERE key='generation'").fetchone()
        return int(row[0]) if row else 0

    def roots(self) -> list[tuple[bytes, str]]:
        """The folders and files this library indexes, as (raw path, display path)."""
        return list(self._connection().execute("SELECT raw, display FROM roots ORDER BY display"))

    def files(self) -> dict[bytes, FileState]:
        """Every indexed file, by raw path."""
        rows = self._connection().execute(
            "SELECT raw, key, display, size, mtime_ns, digest FROM files"
        )
        return {row[0]: FileState(*row) for row in rows}

    def article_counts(self) -> dict[str, int]:
        """How many articles each file holds, by file key (one query for the whole library)."""
        rows = self._connection().execute("SELECT file, count(*) FROM articles GROUP BY file")
        return dict(rows.fetchall())

    def article_ids(self, file_key: str) -> list[str]:
        """The ids of the articles read from one file."""
        rows = self._connection().execute("SELECT id FROM articles WHERE file=?", (file_key,))
        return [row[0] for row in rows]

    def all_article_ids(self) -> list[str]:
        """The id of every article."""
        return [row[0] for row in self._connection().execute("SELECT id FROM articles")]

    def articles(self, ids: Sequence[str]) -> dict[str, ArticleRow]:
        """Articles by id (missing ids are simply absent)."""
        found: dict[str, ArticleRow] = {}
        db = self._connection()
        for start in range(0, len(ids), 500):
            chunk = list(ids[start : start + 500])
            marks = ",".join("?" * len(chunk))
            for row in db.execute(
                f"SELECT {_ARTICLE_COLUMNS} FROM articles WHERE id IN ({marks})", chunk
            ):
                found[row[0]] = _article(row)
        return found

    def article_by_path(self, path: str) -> ArticleRow | None:
        """The first article read from a file, by its displayed path."""
        row = (
            self._connection()
            .execute(
                f"SELECT {_ARTICLE_COLUMNS} FROM articles WHERE path=? ORDER BY rowid LIMIT 1",
                (path,),
            )
            .fetchone()
        )
        return _article(row) if row else None

    def all_texts(self) -> Iterator[tuple[str, str]]:
        """(id, text) of every article, streamed (for rebuilding duplicate groups)."""
        yield from self._connection().execute("SELECT id, text FROM articles")

    def count(self) -> int:
        """How many articles the library holds."""
        return int(self._connection().execute("SELECT count(*) FROM articles").fetchone()[0])

    def sources(self) -> list[str]:
        """Distinct publications, most common first."""
        rows = self._connection().execute(
            "SELECT source FROM articles WHERE source IS NOT NULL "
            "GROUP BY source ORDER BY count(*) DESC, source"
        )
        return [row[0] for row in rows]

    def close(self) -> None:
        """Close this thread's connection."""
        connection = getattr(self._local, "connection", None)
        if connection is not None:
            connection.close()
            self._local.connection = None


def add_roots(db: sqlite3.Connection, roots: Iterable[tuple[bytes, str]]) -> None:
    """Remember folders so that a later ``broadsheet index`` with no path refreshes them."""
    db.executemany("INSERT OR REPLACE INTO roots VALUES(?, ?)", roots)


def forget_file(db: sqlite3.Connection, state: FileState) -> None:
    """Drop a file and its articles."""
    db.execute("DELETE FROM articles WHERE file=?", (state.key,))
    db.execute("DELETE FROM files WHERE raw=?", (state.raw,))


def save_files(db: sqlite3.Connection, states: Iterable[FileState]) -> None:
    """Record files' states after their articles were (re)written."""
    db.executemany(
        "INSERT OR REPLACE INTO files VALUES(?, ?, ?, ?, ?, ?)",
        (
            (state.raw, state.key, state.display, state.size, state.mtime_ns, state.digest)
            for state in states
        ),
    )


def save_articles(db: sqlite3.Connection, rows: Iterable[tuple[str, ArticleRow]]) -> None:
    """Insert or replace articles, each with its file's key."""
    db.executemany(
        "INSERT OR REPLACE INTO articles VALUES(?, ?, ?, ?, ?, ?, ?, ?, ?, ?)",
        (
            (
                row.id,
                file_key,
                row.path,
                row.title,
                row.source,
                row.author,
                row.date,
                row.url,
                row.text,
                json.dumps(row.extra) if row.extra else None,
            )
            for file_key, row in rows
        ),
    )


def _article(row: tuple[Any, ...]) -> ArticleRow:
    article_id, path, title, source, author, date, url, text, extra = row
    return ArticleRow(
        article_id, path, title, source, author, date, url, text, json.loads(extra) if extra else {}
    )
