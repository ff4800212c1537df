"""Reading state of one library (read, seen and bookmarked articles), kept in SQLite beside it."""

from __future__ import annotations

import sqlite3
import time
from collections.abc import Iterable
from pathlib import Path
from typing import Literal

ReadStatus = Literal["unread", "seen", "read"]
"""``seen`` means a near-duplicate of the article was read, so it need not be read again."""

STATE_FILE = "reading.sqlite"

_SCHEMA = """
CREATE TABLE IF NOT EXISTS status(
    id TEXT PRIMARY KEY,
    status TEXT NOT NULL CHECK(status IN ('read', 'seen')),
    at REAL NOT NULL);
CREATE TABLE IF NOT EXISTS bookmarks(id TEXT PRIMARY KEY, at REAL NOT NULL);
"""


class ReadingState:
    """Which articles of a library were read, seen or bookmarked; every change is saved at once.

    Used from the UI thread only: each call is one small indexed query, far below a frame.
    """

    def __init__(self, path: Path) -> None:
        self.path = path
        self._db = sqlite3.connect(path, timeout=5, isolation_level=None)
        # WAL lets two copies of the app on one library read and write without blocking.
        self._db.execute("PRAGMA journal_mode=WAL")
        self._db.executescript(_SCHEMA)

    @classmethod
    def for_library(cls, directory: Path) -> ReadingState:
        """The reading state stored in a library's folder."""
        return cls(Path(directory) / STATE_FILE)

    def statuses(self, ids: Iterable[str]) -> dict[str, ReadStatus]:
        """The status of each id (unread when nothing is recorded)."""
        wanted = list(dict.fromkeys(ids))
        found: dict[str, ReadStatus] = dict.fromkeys(wanted, "unread")
        for chunk in _chunks(wanted):
            marks = ",".join("?" * len(chunk))
            rows = self._db.execute(f"SELECT id, status FROM status WHERE id IN ({marks})", chunk)
            found.update(rows.fetchall())
        return found

    def status(self, article_id: str) -> ReadStatus:
        """The status of one article."""
        return self.statuses([article_id])[article_id]

    def bookmarked(self, ids: Iterable[str]) -> set[str]:
        """Those of ``ids`` that are bookmarked."""
        result: set[str] = set()
        for chunk in _chunks(list(dict.fromkeys(ids))):
            marks = ",".join("?" * len(chunk))
            rows = self._db.execute(f"SELECT id FROM bookmarks WHERE id IN ({marks})", chunk)
            result.update(row[0] for row in rows)
        return result

    def marked(self) -> list[str]:
        """Every id read or seen (what the unread filter leaves out)."""
        return [row[0] for row in self._db.execute("SELECT id FROM status")]

    def bookmarks(self) -> list[str]:
        """Every bookmarked id, the most recent first."""
        rows = self._db.execute("SELECT id FROM bookmarks ORDER BY at DESC, id")
        return [row[0] for row in rows]

    def mark_read(self, article_id: str, siblings: Iterable[str] = ()) -> tuple[str, ...]:
        """Mark an article read and its unread near-duplicates seen; return the ids newly seen."""
        now = time.time()
        unread_siblings = [
            sibling
            for sibling, status in self.statuses(s for s in siblings if s != article_id).items()
            if status == "unread"
        ]
        with self._db:
            self._db.execute("BEGIN")
            self._db.execute(
                "INSERT OR REPLACE INTO status VALUES(?, 'read', ?)", (article_id, now)
            )
            self._db.executemany(
                "INSERT OR IGNORE INTO status VALUES(?, 'seen', ?)",
                [(sibling, now) for sibling in unread_siblings],
            )
        return tuple(unread_siblings)

    def mark_unread(self, article_id: str) -> None:
        """Forget that an article was read or seen."""
        self._db.execute("DELETE FROM status WHERE id = ?", (article_id,))

    def undo_seen(self, ids: Iterable[str]) -> int:
        """Make articles marked seen unread again (those read since are left alone)."""
        wanted = list(ids)
        with self._db:
            self._db.execute("BEGIN")
            undone = sum(
                self._db.execute(
                    "DELETE FROM status WHERE id = ? AND status = 'seen'", (article_id,)
                ).rowcount
                for article_id in wanted
            )
        return undone

    def toggle_bookmark(self, article_id: str) -> bool:
        """Bookmark an article, or remove its bookmark; True when it is now bookmarked."""
        removed = self._db.execute("DELETE FROM bookmarks WHERE id = ?", (article_id,)).rowcount
        if removed:
            return False
        self._db.execute("INSERT INTO bookmarks VALUES(?, ?)", (article_id, time.time()))
        return True

    def close(self) -> None:
        """Close the database."""
        self._db.close()


def _chunks(ids: list[str], size: int = 500) -> Iterable[list[str]]:
    """Slices small enough for SQLite's limit on query parameters."""
    for start in range(0, len(ids), size):
        yield ids[start : start + size]
