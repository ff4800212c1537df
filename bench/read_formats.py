"""Print how fast each real corpus is read into articles (articles per second); not a test."""

from __future__ import annotations

import sys
import tarfile
import tempfile
import time
from collections import Counter
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

from index.formats import Unreadable, read_file  # noqa: E402

CORPORA = ROOT.parent / "shared" / "corpora"
# MSRP is left out: its sentence pairs are not articles (its TSV is checked in the tests).
ARCHIVES = ("bbc", "20news-bydate", "reuters21578", "ag_news_test")


def read_tree(folder: Path) -> tuple[int, int, Counter[str], float]:
    """Articles, problems and skip reasons for every file under ``folder``, and seconds taken."""
    files = sorted(p for p in folder.rglob("*") if p.is_file())
    articles = problems = 0
    skipped: Counter[str] = Counter()
    started = time.perf_counter()
    for path in files:
        try:
            result = read_file(path, path.read_bytes())
        except Unreadable as error:
            skipped[str(error)] += 1
            continue
        articles += len(result.records)
        problems += len(result.problems)
    return articles, problems, skipped, time.perf_counter() - started


def main() -> None:
    if not CORPORA.is_dir():
        sys.exit(f"no corpora at {CORPORA}")
    print(f"{'corpus':<16}{'articles':>10}{'problems':>10}{'skipped':>9}{'seconds':>9}{'art/s':>9}")
    for name in ARCHIVES:
        with tempfile.TemporaryDirectory() as tmp:
            with tarfile.open(CORPORA / f"{name}.tar.gz") as archive:
                archive.extractall(tmp, filter="data")
            articles, problems, skipped, seconds = read_tree(Path(tmp))
        rate = articles / seconds if seconds else 0.0
        print(
            f"{name:<16}{articles:>10,}{problems:>10,}{sum(skipped.values()):>9}"
            f"{seconds:>9.2f}{rate:>9,.0f}"
        )
        for reason, count in skipped.most_common():
            print(f"{'':<16}skipped {count} x {reason}")


if __name__ == "__main__":
    main()
