"""Time Broadsheet's duplicate grouping alone, on the articles of a built FTS5 database.

Usage: python bench/dupes_run.py FTS5_DB WORK_FOLDER  (prints {"seconds", "articles", "groups"})
"""

from __future__ import annotations

import json
import sys
import time
from collections.abc import Iterator
from pathlib import Path

from fts5 import all_rows


def _articles(database: Path, counter: list[int]) -> Iterator[tuple[str, str]]:
    for rowid, body in all_rows(database):
        counter[0] += 1
        yield str(rowid), body


def group(database: Path, folder: Path) -> dict[str, float]:
    """Rebuild the duplicate groups of every article (texts streamed from the database)."""
    from index.dupes import DuplicateIndex

    folder.mkdir(parents=True, exist_ok=True)
    duplicates = DuplicateIndex(folder)
    counter = [0]
    started = time.perf_counter()
    duplicates.rebuild(_articles(database, counter))
    seconds = time.perf_counter() - started
    groups = duplicates.group_count()
    duplicates.close()
    return {"seconds": seconds, "articles": counter[0], "groups": groups}


def main(argv: list[str]) -> int:
    """Command line of the helper process."""
    if len(argv) != 2:
        print(__doc__, file=sys.stderr)
        return 2
    print(json.dumps(group(Path(argv[0]), Path(argv[1]))))
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
