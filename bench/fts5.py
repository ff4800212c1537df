"""The SQLite FTS5 baseline: build, query, open-and-search and update, from the same files.

Run as a helper process by the benchmark:
    python bench/fts5.py build DB ROOT...     walk + read every file, insert into FTS5 (one
                                              transaction); prints a JSON summary
    python bench/fts5.py first DB QUERY       open the database, search, print the top 20
    python bench/fts5.py update DB FILE       re-read one file: delete and insert its rows
"""

from __future__ import annotations

import json
import sqlite3
import sys
import time
from collections.abc import Iterator, Sequence
from pathlib import Path

SCHEMA = (
    "CREATE VIRTUAL TABLE articles USING fts5(title, body, tokenize='porter unicode61')",
    "CREATE TABLE files(path BLOB NOT NULL, doc INTEGER NOT NULL)",
)
SEARCH = (
    "SELECT rowid, title, snippet(articles, 1, '[', ']', '…', 24) FROM articles "
    "WHERE articles MATCH ? ORDER BY rank LIMIT ?"
)


def build(database: Path, roots: Sequence[str]) -> dict[str, int]:
    """Index every article under ``roots`` with Broadsheet's own readers, in one transaction."""
    from index.ingest import raw_path, read_found, walk

    found = walk([raw_path(root) for root in roots])
    connection = sqlite3.connect(database, isolation_level=None)
    totals = {"files": 0, "articles": 0, "text_bytes": 0, "file_bytes": 0, "unreadable": 0}
    connection.execute("BEGIN")
    for statement in SCHEMA:
        connection.execute(statement)
    for item in found.files:
        outcome = read_found(item)
        if outcome.error is not None:
            totals["unreadable"] += 1
            continue
        totals["files"] += 1
        totals["file_bytes"] += item.size
        for record in outcome.records:
            _insert(connection, item.raw, record.title, record.text)
            totals["articles"] += 1
            totals["text_bytes"] += len(record.text.encode("utf-8", "surrogatepass"))
    connection.execute("CREATE INDEX files_path ON files(path)")
    connection.execute("COMMIT")
    connection.close()
    return totals


def _insert(connection: sqlite3.Connection, raw: bytes, title: str, text: str) -> None:
    cursor = connection.execute("INSERT INTO articles(title, body) VALUES (?, ?)", (title, text))
    connection.execute("INSERT INTO files(path, doc) VALUES (?, ?)", (raw, cursor.lastrowid))


def update(database: Path, path: str) -> dict[str, float]:
    """Re-read one file and replace its articles (delete then insert), in one transaction."""
    from index.ingest import FoundFile, raw_path, read_found

    raw = raw_path(path)
    started = time.perf_counter()
    outcome = read_found(FoundFile(raw, 0, 0))
    read = time.perf_counter()
    connection = sqlite3.connect(database, isolation_level=None)
    connection.execute("BEGIN")
    docs = [row[0] for row in connection.execute("SELECT doc FROM files WHERE path = ?", (raw,))]
    connection.executemany("DELETE FROM articles WHERE rowid = ?", [(doc,) for doc in docs])
    connection.execute("DELETE FROM files WHERE path = ?", (raw,))
    for record in outcome.records:
        _insert(connection, raw, record.title, record.text)
    connection.execute("COMMIT")
    connection.close()
    written = time.perf_counter()
    return {
        "removed": len(docs),
        "added": len(outcome.records),
        "read_seconds": read - started,
        "write_seconds": written - read,
    }


def search(connection: sqlite3.Connection, query: str, limit: int = 20) -> list[tuple]:
    """The top hits for an FTS5 query: rowid, title and a highlighted snippet of the body."""
    return connection.execute(SEARCH, (query, limit)).fetchall()


def rows(database: Path, docs: Sequence[int]) -> Iterator[tuple[int, str, str]]:
    """(rowid, title, body) of the given documents, in rowid order."""
    connection = sqlite3.connect(database)
    try:
        for start in range(0, len(docs), 500):
            chunk = sorted(docs[start : start + 500])
            marks = ",".join("?" * len(chunk))
            sql = f"SELECT rowid, title, body FROM articles WHERE rowid IN ({marks}) ORDER BY rowid"
            yield from connection.execute(sql, chunk)
    finally:
        connection.close()


def all_rows(database: Path) -> Iterator[tuple[int, str]]:
    """(rowid, body) of every document, streamed."""
    connection = sqlite3.connect(database)
    try:
        yield from connection.execute("SELECT rowid, body FROM articles ORDER BY rowid")
    finally:
        connection.close()


def files(database: Path) -> list[tuple[bytes, int]]:
    """Each indexed file with its number of articles."""
    connection = sqlite3.connect(database)
    try:
        sql = "SELECT path, count(*) FROM files GROUP BY path ORDER BY path"
        return [(bytes(path), count) for path, count in connection.execute(sql)]
    finally:
        connection.close()


def max_doc(database: Path) -> int:
    """The largest rowid (documents are numbered from 1 by the build)."""
    connection = sqlite3.connect(database)
    try:
        return int(connection.execute("SELECT max(rowid) FROM articles").fetchone()[0] or 0)
    finally:
        connection.close()


def first(database: Path, query: str) -> int:
    """Open the database and print the top 20 as JSON lines, like ``broadsheet search --json``."""
    connection = sqlite3.connect(database)
    found = search(connection, query)
    for rowid, title, snippet in found:
        print(json.dumps({"id": rowid, "title": title, "snippet": snippet}, ensure_ascii=False))
    connection.close()
    return len(found)


def main(argv: Sequence[str]) -> int:
    """Command line of the helper process (see the module docstring)."""
    if len(argv) < 3 or argv[0] not in {"build", "first", "update"}:
        print(__doc__, file=sys.stderr)
        return 2
    command, database = argv[0], Path(argv[1])
    if command == "build":
        print(json.dumps(build(database, argv[2:])))
    elif command == "first":
        first(database, argv[2])
    else:
        print(json.dumps(update(database, argv[2])))
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
