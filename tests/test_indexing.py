"""Indexing: incremental runs, remembered folders, rebuilds, and files that cannot be read."""

from __future__ import annotations

import os
import sqlite3
from pathlib import Path
from typing import Any

import pytest
from whoosh.index import open_dir
from whoosh.reading import SegmentReader
from whoosh.writing import SegmentWriter

from index import store
from index.analysis import name_analyzer, name_terms, term_list, terms
from index.errors import IndexBusy, NotFound
from index.generations import LibraryLock
from index.ingest import FoundFile, raw_path
from index.library import Library
from index.updating import index_chunk


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


def test_near_duplicates_in_an_older_format_are_grouped_again_by_the_next_run(
    tmp_path: Path, seeds_copy: Path
) -> None:
    library = open_library(tmp_path)
    library.index([seeds_copy])
    assert len(library.groups()) == 1
    library.close()
    (store,) = (tmp_path / "library").glob("gen-*/dupes.sqlite")
    with sqlite3.connect(store) as db:
        db.execute("UPDATE meta SET value = '1' WHERE key = 'schema'")
    db.close()
    reopened = Library.open(tmp_path / "library")
    assert reopened.groups() == [], "an older store is emptied, never misread"
    assert reopened.stats().ungrouped == 5, "and the header can say so"
    report = reopened.index([seeds_copy])
    assert (report.added, report.unchanged) == (0, 5), "no file is read again"
    assert len(reopened.groups()) == 1 and reopened.stats().duplicate_groups == 1
    assert reopened.stats().ungrouped == 0
    reopened.close()


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


TRICKY_TEXTS = [
    "THE U.S. TROOPS Don't GO; O'NEILL's call, said Mr. o'neill: 3.5 .5 5. Snake_CASE.",
    "The U.S. troops don't go; it’s Kazakhstan’s call, said O'Neill.",
    "Café CRÈME à Zürich, İstanbul, straße, ﬁnance, Ǆemal, ΣΊΣΥΦΟΣ and Ⅻ.",
    "a\u0301b e\u0301te\u0301 — combining marks; snake_case __init__ x_1 3.5 .5 5.",
    "東京 and 北京; emoji 🙂 between words; tabs\tand\nnewlines\r\n...a.. 'quoted'",
    "",
]


@pytest.mark.parametrize("text", TRICKY_TEXTS)
def test_the_indexing_fast_paths_give_the_analyzers_terms(text: str) -> None:
    assert term_list(text) == [term for term, _, _ in terms(text)]
    assert name_terms(text) == [token.text for token in name_analyzer()(text)]


def _documents() -> list[dict[str, Any]]:
    """Articles that touch every kind of field and posting the segment writer handles."""
    documents = []
    for number in range(300):
        # "common" is in every article (several blocks), "rare" in one, "tens" in some.
        body = f"Common words for article {number}. " + ("tens of them " if number % 10 else "")
        if number == 7:
            body += "A rare word, and the common one again: common common. " * 3
        if number == 8:
            # Position gaps of every size the positions pickle has (1, 2 and 4 bytes).
            body = "far " + "filler " * 70_000 + "far " + "filler " * 300 + "far"
        fields: dict[str, Any] = {
            "title": ["", "Common", "Café İstanbul’s U.S. story"][number % 3],
            "source": "The Times" if number % 2 else None,
            "author": "Zoë Ölmez" if number % 5 == 0 else None,
            "url": f"https://example.com/{number}/news" if number % 4 else None,
            "date": "2022-01-10T09:30:00" if number % 3 else None,
        }
        documents.append(
            store.document(f"id{number}", f"file{number // 7}", f"/p/{number}", fields, body)
        )
    return documents


def _whoosh_segment(folder: Path, documents: list[dict[str, Any]]) -> Any:
    writer = SegmentWriter(store.create(folder), _lk=False, compound=False)
    for fields in documents:
        writer.add_document(**fields)
    segment = writer._finalize_segment()
    writer._finish()
    return segment


def _read_back(folder: Path, segment: Any) -> dict[Any, Any]:
    """Everything a searcher can ask of a segment, positions decoded."""
    ix = open_dir(str(folder))
    reader = SegmentReader(ix.storage, ix.schema, segment)
    names = ix.schema.names()
    seen: dict[Any, Any] = {
        "count": reader.doc_count_all(),
        "stored": [reader.stored_fields(doc) for doc in range(reader.doc_count_all())],
        "lengths": [
            [reader.doc_field_length(doc, name) for name in names]
            for doc in range(reader.doc_count_all())
        ],
        "totals": [reader.field_length(name) for name in names],
        "columns": [
            list(reader.column_reader(name, translate=False))
            for name in names
            if ix.schema[name].column_type and reader.has_column(name)
        ],
    }
    for field, text in reader.all_terms():
        info = reader.term_info(field, text)
        decode = "positions" if ix.schema[field].format.supports("positions") else None
        matcher = reader.postings(field, text)
        postings, blocks = [], []
        while matcher.is_active():
            blocks.append((matcher.block_max_weight(), matcher.block_min_length()))
            blocks.append((matcher.block_max_length(), matcher.block_max_id()))
            value = matcher.value_as(decode) if decode else matcher.value()
            postings.append((matcher.id(), matcher.weight(), value))
            matcher.next()
        seen[field, text] = (
            (info.weight(), info.doc_frequency(), info.min_length(), info.max_length()),
            (info.max_weight(), info.min_id(), info.max_id()),
            postings,
            blocks,
        )
    reader.close()
    return seen


def test_segments_read_back_as_whooshs_own_writer_makes_them(tmp_path: Path) -> None:
    documents = _documents()
    ours = _read_back(tmp_path / "ours", store.build_segment(tmp_path / "ours", documents))
    theirs = _read_back(tmp_path / "whoosh", _whoosh_segment(tmp_path / "whoosh", documents))
    assert ours.keys() == theirs.keys()
    assert ("title", b"cafe") in ours and ("author", b"zoe") in ours
    assert len(ours["body", b"common"][2]) == 299  # three blocks (article 8 lacks it)
    for key in theirs:
        assert ours[key] == theirs[key], key


def test_a_chunk_of_real_articles_reads_back_as_whoosh_writes_it(
    tmp_path: Path, seeds_copy: Path
) -> None:
    chunk = [(FoundFile(raw_path(path), 0, 0), None) for path in sorted(seeds_copy.iterdir())]
    result = index_chunk(str(tmp_path), chunk)
    assert result.segment is not None
    documents = [
        store.document(row.id, file.found.key, row.path, _fields_of(row), row.text)
        for file in result.files
        for row in file.rows
    ]
    theirs = _read_back(tmp_path / "whoosh", _whoosh_segment(tmp_path / "whoosh", documents))
    assert _read_back(result.staging, result.segment) == theirs


def _fields_of(row: Any) -> dict[str, Any]:
    return {name: getattr(row, name) for name in ("title", "source", "author", "url", "date")}
