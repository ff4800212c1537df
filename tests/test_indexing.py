"""Indexing: incremental runs, remembered folders, rebuilds, and files that cannot be read."""

from __future__ import annotations

import os
from pathlib import Path

import pytest

from index.errors import IndexBusy, NotFound
from index.generations import LibraryLock
from index.library import Library


def open_library(tmp_path: Path) -> Library:
    return Library.open(tmp_path / "library", create=True)


def test_first_run_adds_every_seed(tmp_path: Path, seeds_copy: Path) -> None:
    report = open_library(tmp_path).index([seeds_copy])
    assert (report.added, report.updated, report.removed, report.unchanged) == (5, 0, 0, 0)
    assert report.skipped == ()


def test_second_run_reads_nothing_new(tmp_path: Path, seeds_copy: Path) -> None:
    library = open_library(tmp_path)
    library.index([seeds_copy])
    report = library.index([seeds_copy])
    assert (report.added, report.updated, report.removed, report.unchanged) == (0, 0, 0, 5)


def test_changed_new_and_deleted_files(tmp_path: Path, seeds_copy: Path) -> None:
    library = open_library(tmp_path)
    library.index([seeds_copy])
    first = sorted(seeds_copy.iterdir())
    first[0].write_text(
        first[0].read_text(encoding="utf-8") + "\nA zebra was seen.\n", encoding="utf-8"
    )
    first[1].unlink()
    (seeds_copy / "new.txt").write_text(
        "A new headline\n\nThe giraffe story goes here.\n", encoding="utf-8"
    )
    report = library.index()  # no path: the remembered folder
    assert (report.added, report.updated, report.removed, report.unchanged) == (1, 1, 1, 3)
    assert library.search("zebra").total == 1
    assert library.search("giraffe").total == 1
    assert library.stats().articles == 5


def test_touched_but_unchanged_file_is_unchanged(tmp_path: Path, seeds_copy: Path) -> None:
    library = open_library(tmp_path)
    library.index([seeds_copy])
    some = next(seeds_copy.iterdir())
    os.utime(some, ns=(1, 1))
    report = library.index([seeds_copy])
    assert (report.added, report.updated, report.unchanged) == (0, 0, 5)


def test_ids_are_stable_across_rebuilds(tmp_path: Path, seeds_copy: Path) -> None:
    library = open_library(tmp_path)
    library.index([seeds_copy])
    before = {hit.id for hit in library.search("kazakhstan").hits}
    report = library.index(rebuild=True)
    assert report.added == 5
    assert {hit.id for hit in library.search("kazakhstan").hits} == before


def test_skipped_files_are_reported_and_the_rest_indexed(tmp_path: Path, seeds_copy: Path) -> None:
    (seeds_copy / "empty.txt").write_bytes(b"")
    (seeds_copy / "image.txt").write_bytes(bytes(range(256)) * 4)
    (seeds_copy / "photo.jpg").write_bytes(b"\xff\xd8\xff\xe0" + bytes(100))
    report = open_library(tmp_path).index([seeds_copy])
    reasons = {Path(s.path).name: s.reason for s in report.skipped}
    assert reasons == {
        "empty.txt": "empty file",
        "image.txt": "binary file",
        "photo.jpg": "unsupported file type (.jpg; not mail, news, stories or HTML)",
    }
    assert report.added == 5


def test_legacy_encoding_is_decoded(tmp_path: Path) -> None:
    folder = tmp_path / "docs"
    folder.mkdir()
    (folder / "latin.txt").write_bytes(
        "Café crème\n\nLe café était très bon à Zürich.\n".encode("cp1252")
    )
    library = open_library(tmp_path)
    library.index([folder])
    [hit] = library.search("cafe").hits
    assert hit.title == "Café crème"


def test_a_missing_folder_keeps_its_articles(tmp_path: Path, seeds_copy: Path) -> None:
    library = open_library(tmp_path)
    library.index([seeds_copy])
    seeds_copy.rename(tmp_path / "moved")
    report = library.index()
    assert report.removed == 0
    assert [s.reason for s in report.skipped] == ["not found; articles indexed from it are kept"]
    assert library.stats().articles == 5


def test_second_writer_is_told_the_index_is_busy(tmp_path: Path, seeds_copy: Path) -> None:
    library = open_library(tmp_path)
    with LibraryLock(library.directory), pytest.raises(IndexBusy, match="index busy"):
        library.index([seeds_copy])


def test_opening_a_missing_library_says_how_to_create_one(tmp_path: Path) -> None:
    with pytest.raises(NotFound, match="broadsheet index PATH"):
        Library.open(tmp_path / "nothing")


def test_readers_see_a_writers_commit(tmp_path: Path, seeds_copy: Path) -> None:
    writer = open_library(tmp_path)
    reader = Library.open(writer.directory)
    assert reader.search("giraffe").total == 0
    (seeds_copy / "new.txt").write_text("Giraffes\n\nA giraffe escaped.\n", encoding="utf-8")
    writer.index([seeds_copy])
    assert reader.refresh() is True
    assert reader.search("giraffe").total == 1
    assert reader.refresh() is False
