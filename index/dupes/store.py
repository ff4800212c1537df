"""The SQLite file behind DuplicateIndex: articles, LSH bands, verified pairs, line counts."""

from __future__ import annotations

import json
import sqlite3
import threading
from collections.abc import Iterable, Iterator, Sequence
from contextlib import contextmanager
from pathlib import Path
from typing import Any

import numpy as np

SCHEMA_VERSION = "11"
"""Versions of this file; an older one is dropped and grouped anew.
11: fingerprints hold the companies their headline names by a ticker mark.
10: figures of millions read rounded as the wire rounds them; stock-quote links printed in plain
    text read as their ticker.
9: HTML markup left out; the wire's share, quarter and month abbreviations spelled out.
8: fingerprints hold the spelling of the text, for the sentence model that reads it.
7: fingerprints hold the names of the body, leave out quotes marked "}" or with the writer's
   initials, and tell replies by their attribution line.
6: the lead keys of each chunk's texts and of each flash; fingerprints tell whether a text
   quotes.
5: spelled figures, month abbreviations and "United States" spelled one way.
4: signatures of 100 MinHash values in 50 bands; dotted initials one word.
3: fingerprints hold each figure's place among the tokens.
2: figures with their context words.
1: figures alone."""
_SCHEMA = """
CREATE TABLE IF NOT EXISTS meta (key TEXT PRIMARY KEY, value TEXT NOT NULL);
CREATE TABLE IF NOT EXISTS articles (
    doc INTEGER PRIMARY KEY,
    id TEXT NOT NULL UNIQUE,
    digest BLOB NOT NULL,
    grp TEXT,
    fp BLOB NOT NULL,
    sig BLOB,
    lines BLOB NOT NULL,
    flash BLOB
);
CREATE INDEX IF NOT EXISTS articles_flash ON articles (doc) WHERE flash IS NOT NULL;
CREATE TABLE IF NOT EXISTS leads (
    batch INTEGER PRIMARY KEY, docs BLOB NOT NULL, keys BLOB NOT NULL
);
CREATE INDEX IF NOT EXISTS articles_grp ON articles (grp) WHERE grp IS NOT NULL;
CREATE INDEX IF NOT EXISTS articles_digest ON articles (digest);
CREATE TABLE IF NOT EXISTS bands (key INTEGER, doc INTEGER, PRIMARY KEY (key, doc))
    WITHOUT ROWID;
CREATE TABLE IF NOT EXISTS edges (a INTEGER, b INTEGER, sim REAL NOT NULL, PRIMARY KEY (a, b))
    WITHOUT ROWID;
CREATE INDEX IF NOT EXISTS edges_b ON edges (b);
CREATE TABLE IF NOT EXISTS lines (key INTEGER PRIMARY KEY, n INTEGER NOT NULL);
"""
_VAR_LIMIT = 900
"""Parameters per `IN (...)` query, under SQLite's historical limit of 999."""


def _chunks(values: Sequence[object], size: int = _VAR_LIMIT) -> Iterator[Sequence[object]]:
    for start in range(0, len(values), size):
        yield values[start : start + size]


class Store:
    """Thread-safe access to dupes.sqlite: one connection per thread, WAL so reads never block."""

    def __init__(self, path: Path) -> None:
        self.path = path
        self._local = threading.local()
        self._connections: list[sqlite3.Connection] = []
        self._lock = threading.Lock()
        path.parent.mkdir(parents=True, exist_ok=True)
        # Readers must not write: an open during another process's indexing would wait for
        # its lock. The schema is created only when it is missing or outdated.
        version = self._schema_version()
        # An older format is dropped (everything here is derived from the articles); the
        # library must then pass every article again.
        self.outdated = version is not None and version != SCHEMA_VERSION
        if version != SCHEMA_VERSION:
            with self.write() as db:
                for (table,) in db.execute(
                    "SELECT name FROM sqlite_master WHERE type = 'table'"
                ).fetchall():
                    db.execute(f"DROP TABLE {table}")
                for statement in _SCHEMA.split(";"):
                    if statement.strip():
                        db.execute(statement)
                db.execute("INSERT INTO meta VALUES ('schema', ?)", (SCHEMA_VERSION,))

    def _schema_version(self) -> str | None:
        try:
            row = self.db.execute("SELECT value FROM meta WHERE key='schema'").fetchone()
        except sqlite3.OperationalError:  # no such table: a new file
            return None
        return None if row is None else str(row[0])

    @property
    def db(self) -> sqlite3.Connection:
        """This thread's connection."""
        conn: sqlite3.Connection | None = getattr(self._local, "conn", None)
        if conn is None:
            conn = sqlite3.connect(
                self.path, timeout=30, isolation_level=None, check_same_thread=False
            )
            conn.execute("PRAGMA journal_mode=WAL")
            conn.execute("PRAGMA synchronous=NORMAL")
            conn.execute("PRAGMA temp_store=MEMORY")
            # 16 MB of pages: at 64 MB the grouping of a large import held 50 MB more, no faster.
            conn.execute("PRAGMA cache_size=-16384")
            self._local.conn = conn
            with self._lock:
                self._connections.append(conn)
        return conn

    @contextmanager
    def write(self) -> Iterator[sqlite3.Connection]:
        """A write transaction on this thread's connection (committed unless an error escapes)."""
        db = self.db
        db.execute("BEGIN IMMEDIATE")
        try:
            yield db
        except BaseException:
            db.execute("ROLLBACK")
            raise
        db.execute("COMMIT")

    def close(self) -> None:
        """Close every thread's connection."""
        with self._lock:
            for conn in self._connections:
                conn.close()
            self._connections.clear()
        self._local = threading.local()

    # --- reads -----------------------------------------------------------------------------

    def docs_of(self, ids: Sequence[str]) -> dict[str, int]:
        """Internal doc numbers of the ids that are stored."""
        found: dict[str, int] = {}
        for part in _chunks(ids):
            marks = ",".join("?" * len(part))
            sql = f"SELECT id, doc FROM articles WHERE id IN ({marks})"
            found.update(self.db.execute(sql, part).fetchall())
        return found

    def column(self, name: str, docs: Iterable[int]) -> dict[int, Any]:
        """One column (id, digest, grp, fp, sig, lines, flash) of the given docs."""
        assert name in {"id", "digest", "grp", "fp", "sig", "lines", "flash"}
        values = sorted(set(docs))
        found: dict[int, Any] = {}
        for part in _chunks(values):
            marks = ",".join("?" * len(part))
            sql = f"SELECT doc, {name} FROM articles WHERE doc IN ({marks})"
            found.update(self.db.execute(sql, part).fetchall())
        return found

    def flashes(self) -> dict[int, bytes]:
        """doc -> lead keys of every stored flash."""
        return dict(self.db.execute("SELECT doc, flash FROM articles WHERE flash IS NOT NULL"))

    def leads(self, since: int = 0) -> Iterator[tuple[np.ndarray, np.ndarray]]:
        """The stored leads from row `since` of `insert_leads` on, one (docs, keys) pair of
        parallel arrays per row (one entry per lead key), read a row at a time. Removed
        articles stay in them: the caller skips docs no longer stored."""
        rows = [
            row for (row,) in self.db.execute("SELECT batch FROM leads WHERE batch >= ?", (since,))
        ]
        for row in rows:
            sql = "SELECT docs, keys FROM leads WHERE batch = ?"
            docs, keys = self.db.execute(sql, (row,)).fetchone()
            yield np.frombuffer(docs, "<i4").astype(np.int64), np.frombuffer(keys, "<u4")

    def flash_marks(self) -> tuple[int, int]:
        """The first doc and the first row of leads whose flashes are not matched yet."""
        sql = "SELECT key, value FROM meta WHERE key IN ('flash_doc', 'flash_row')"
        marks = dict(self.db.execute(sql).fetchall())
        return int(marks.get("flash_doc", 0)), int(marks.get("flash_row", 0))

    def next_numbers(self) -> tuple[int, int]:
        """The doc number and the row of leads the next ones stored will get."""
        doc = self.db.execute("SELECT COALESCE(MAX(doc), 0) + 1 FROM articles").fetchone()[0]
        row = self.db.execute("SELECT COALESCE(MAX(batch), 0) + 1 FROM leads").fetchone()[0]
        return int(doc), int(row)

    def members(self, groups: Iterable[str]) -> dict[int, str]:
        """doc -> group id for every member of the named groups."""
        found: dict[int, str] = {}
        for part in _chunks(sorted(set(groups))):
            marks = ",".join("?" * len(part))
            sql = f"SELECT doc, grp FROM articles WHERE grp IN ({marks})"
            found.update(self.db.execute(sql, part).fetchall())
        return found

    def edges_of(self, docs: Iterable[int]) -> dict[tuple[int, int], float]:
        """Every stored verified pair (a < b) touching the given docs."""
        found: dict[tuple[int, int], float] = {}
        values = sorted(set(docs))
        for part in _chunks(values, _VAR_LIMIT // 2):
            marks = ",".join("?" * len(part))
            sql = f"SELECT a, b, sim FROM edges WHERE a IN ({marks}) OR b IN ({marks})"
            for a, b, sim in self.db.execute(sql, [*part, *part]):
                found[(a, b)] = sim
        return found

    def same_digest(self, digests: Iterable[bytes]) -> dict[bytes, int]:
        """For each digest already stored, the lowest doc holding it."""
        found: dict[bytes, int] = {}
        for part in _chunks(sorted(set(digests))):
            marks = ",".join("?" * len(part))
            sql = f"SELECT digest, MIN(doc) FROM articles WHERE digest IN ({marks}) GROUP BY digest"
            found.update(self.db.execute(sql, part).fetchall())
        return found

    def band_matches(self, keys: np.ndarray, docs: np.ndarray) -> np.ndarray:
        """(new doc, stored doc) pairs sharing a band key; keys/docs are parallel 1-d arrays."""
        # The keys go in as one JSON array that SQLite walks itself: binding them row by row
        # into a probe table cost four times as much, all of it in Python.
        rows = self.db.execute(
            "SELECT p.key, b.doc FROM json_each(?) p CROSS JOIN bands b ON b.key = p.value",
            (json.dumps(keys.tolist()),),
        ).fetchall()
        found = np.array(rows, dtype=np.int64).reshape(-1, 2)
        found[:, 0] = docs[found[:, 0]]
        return found[found[:, 0] != found[:, 1]]

    def repeated_lines(self, keys: Iterable[int], minimum: int) -> set[int]:
        """The line keys counted in at least `minimum` articles."""
        sql = "SELECT key FROM lines WHERE key IN (SELECT value FROM json_each(?)) AND n >= ?"
        return {k for (k,) in self.db.execute(sql, (json.dumps(list(set(keys))), minimum))}

    # --- writes (inside `write()`) ---------------------------------------------------------

    @staticmethod
    def count_lines(db: sqlite3.Connection, keys: Iterable[int], delta: int) -> None:
        """Add `delta` to the article count of each line key (each key once per article)."""
        # One JSON array, as in band_matches: SQLite walks it faster than Python binds rows.
        db.execute(
            "INSERT INTO lines SELECT value, ? FROM json_each(?) WHERE true"
            " ON CONFLICT (key) DO UPDATE SET n = n + excluded.n",
            (delta, json.dumps(list(keys))),
        )
        if delta < 0:
            db.execute("DELETE FROM lines WHERE n <= 0")

    @staticmethod
    def insert_articles(
        db: sqlite3.Connection,
        rows: Iterable[tuple[str, bytes, bytes, bytes | None, bytes, bytes | None]],
    ) -> list[int]:
        """Add (id, digest, fingerprint, signature, line keys, lead keys of a flash) rows;
        returns their doc numbers."""
        rows = list(rows)
        first = (db.execute("SELECT COALESCE(MAX(doc), 0) FROM articles").fetchone()[0]) + 1
        docs = list(range(first, first + len(rows)))
        db.executemany(
            "INSERT INTO articles (doc, id, digest, fp, sig, lines, flash)"
            " VALUES (?, ?, ?, ?, ?, ?, ?)",
            ((doc, *row) for doc, row in zip(docs, rows, strict=True)),
        )
        return docs

    @staticmethod
    def delete_articles(db: sqlite3.Connection, docs: Sequence[int]) -> None:
        """Forget articles with their bands and verified pairs (line counts handled by caller)."""
        db.executemany("DELETE FROM edges WHERE a = ? OR b = ?", ((d, d) for d in docs))
        db.executemany("DELETE FROM articles WHERE doc = ?", ((d,) for d in docs))

    @staticmethod
    def delete_bands(db: sqlite3.Connection, keys: np.ndarray, docs: np.ndarray) -> None:
        """Remove band entries (parallel arrays of keys and docs)."""
        db.executemany(
            "DELETE FROM bands WHERE key = ? AND doc = ?",
            zip(keys.tolist(), docs.tolist(), strict=True),
        )

    @staticmethod
    def insert_bands(db: sqlite3.Connection, keys: np.ndarray, docs: np.ndarray) -> None:
        """Add band entries in key order (appends to the B-tree are far faster than scatter)."""
        order = np.lexsort((docs, keys))
        db.executemany(
            "INSERT OR IGNORE INTO bands VALUES (?, ?)",
            zip(keys[order].tolist(), docs[order].tolist(), strict=True),
        )

    @staticmethod
    def set_flash_marks(db: sqlite3.Connection, doc: int, row: int) -> None:
        """Record that flashes are matched up to (not including) this doc and row of leads."""
        db.executemany(
            "INSERT OR REPLACE INTO meta VALUES (?, ?)",
            [("flash_doc", str(doc)), ("flash_row", str(row))],
        )

    @staticmethod
    def insert_leads(db: sqlite3.Connection, docs: np.ndarray, keys: np.ndarray) -> None:
        """Store the leads of a chunk of articles (parallel arrays, see `leads`) as one row, read
        back whole by a later update that brings a flash: a few blobs, not a row per text."""
        db.execute(
            "INSERT INTO leads (docs, keys) VALUES (?, ?)",
            (docs.astype("<i4").tobytes(), keys.astype("<u4").tobytes()),
        )

    @staticmethod
    def insert_edges(db: sqlite3.Connection, edges: dict[tuple[int, int], float]) -> None:
        """Store verified pairs (a < b)."""
        db.executemany(
            "INSERT OR REPLACE INTO edges VALUES (?, ?, ?)",
            ((a, b, s) for (a, b), s in edges.items()),
        )

    @staticmethod
    def set_groups(db: sqlite3.Connection, groups: dict[int, str | None]) -> None:
        """Set (or clear, with None) the group id of each doc."""
        db.executemany(
            "UPDATE articles SET grp = ? WHERE doc = ?", ((g, d) for d, g in groups.items())
        )
