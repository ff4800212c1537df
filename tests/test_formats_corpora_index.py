"""Real corpora indexed end to end into a temporary library: counts and skipped records.

Indexing whole corpora takes minutes, so each test indexes a slice of one; the readers'
exact whole-corpus counts are checked in ``test_formats_corpora.py``.
"""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import pytest

from index.library import Library
from tests.conftest import extract_corpus


@pytest.fixture
def library(tmp_path: Path) -> Iterator[Library]:
    opened = Library.open(tmp_path / "library", create=True)
    yield opened
    opened.close()


def corpus(tmp_path: Path, archive: str, folder: str) -> Path:
    return extract_corpus(archive, tmp_path / "corpus") / folder


def test_bbc_topic_folder(library: Library, tmp_path: Path) -> None:
    root = corpus(tmp_path, "bbc.tar.gz", "bbc")
    report = library.index([root / "entertainment"])
    assert (report.added, report.skipped) == (386, ())
    assert library.stats().articles == 386


def test_ag_news_rows(library: Library, tmp_path: Path) -> None:
    root = corpus(tmp_path, "ag_news_test.tar.gz", "ag_news_test")
    head = tmp_path / "ag_head.csv"  # the first 1,000 rows, still headerless
    lines = (root / "test.csv").read_bytes().splitlines(keepends=True)
    head.write_bytes(b"".join(lines[:1000]))
    report = library.index([head])
    assert (report.added, report.skipped) == (1000, ())
    [hit] = library.search('"Fears for T N pension after talks"', limit=1).hits
    assert hit.title == "Fears for T N pension after talks"


def test_reuters_file_reports_its_empty_story(library: Library, tmp_path: Path) -> None:
    root = corpus(tmp_path, "reuters21578.tar.gz", "reuters21578")
    report = library.index([root / "reut2-012.sgm"])
    assert report.added == 999
    [skipped] = report.skipped
    assert skipped.path.endswith("reut2-012.sgm")
    assert skipped.reason == "story 793 (NEWID 12793): no title or text"


def test_newsgroups_one_group(library: Library, tmp_path: Path) -> None:
    root = corpus(tmp_path, "20news-bydate.tar.gz", "20news-bydate")
    group = root / "20news-bydate-test" / "sci.space"
    expected = sum(1 for path in group.iterdir() if path.is_file())
    report = library.index([group])
    assert (report.added, report.skipped) == (expected, ())
    assert library.stats().articles == expected == 394
