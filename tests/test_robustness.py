"""Bad input, faults and concurrency: the index completes, reports what it skips, loses nothing."""

from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from whoosh import formats
from whoosh import index as whoosh_index

from index import ingest, store, updating
from index.errors import IndexUnreadable, QueryError
from index.ingest import read_found
from index.library import Library
from tests.conftest import SEEDS, broadsheet

QUERY_PIECES = [
    *"abcxyz019 \"():*~^[]{}<>-+!?/\\'",
    "AND",
    "OR",
    "NOT",
    "TO",
    "date:",
    "title:",
    "é",
    "東",
]
ARTICLE = "A readable headline\n\nThe {word} story is told here in a plain sentence or two.\n"


def write_nasty_corpus(folder: Path) -> dict[str, str | None]:
    """Files that misbehave in every way we know; value: the word that must be findable."""
    folder.mkdir()
    expected: dict[str, str | None] = {}

    def put(name: str | bytes, data: bytes, word: str | None) -> None:
        path = os.path.join(os.fsencode(folder), os.fsencode(name))
        with open(path, "wb") as handle:
            handle.write(data)
        expected[os.fsencode(name).decode("utf-8", "backslashreplace")] = word

    put("plain.txt", ARTICLE.format(word="aardvark").encode(), "aardvark")
    put("empty.txt", b"", None)
    put("blank.txt", b"  \n\n \n", None)
    put("binary.txt", bytes(range(256)) * 64, None)
    put("huge.txt", b"Huge line " + b"lorem ipsum " * 900_000 + b" walrus end\n", "walrus")
    truncated = ARTICLE.format(word="bison").encode() + "café".encode()[:-1]
    put("truncated.txt", truncated, "bison")
    put("latin1.txt", ARTICLE.format(word="façade crocodile").encode("latin-1"), "crocodile")
    put("cp1252.txt", "Smart “quotes” — dingo story\n\nA dingo.\n".encode("cp1252"), "dingo")
    put("utf16.txt", ARTICLE.format(word="emu").encode("utf-16"), "emu")
    put("utf16le.txt", ARTICLE.format(word="ferret").encode("utf-16-le"), "ferret")
    put("bom.txt", b"\xef\xbb\xbf" + ARTICLE.format(word="gecko").encode(), "gecko")
    put("crlf.txt", ARTICLE.format(word="heron").replace("\n", "\r\n").encode(), "heron")
    put("nel.txt", ARTICLE.format(word="ibis").replace("\n", "\x85").encode(), "ibis")
    put(b"bad-\xff-name.txt", ARTICLE.format(word="jackal").encode(), "jackal")
    put("cjk.txt", "東京の記事\n\n記事の本文 koala と絵文字 🐨 と עברית.\n".encode(), "koala")
    put("escapes.txt", b"\x1b]0;title\x07Escapes\n\nThe \x1b[2J lemur text.\n", "lemur")
    deep = folder
    for level in range(60):
        deep = deep / f"d{level}"
    deep.mkdir(parents=True)
    (deep / "deep.txt").write_text(ARTICLE.format(word="mongoose"), encoding="utf-8")
    expected["deep.txt"] = "mongoose"
    (folder / "loop").symlink_to(folder, target_is_directory=True)
    (folder / "dangling.txt").symlink_to(folder / "nowhere.txt")
    expected["dangling.txt"] = None
    return expected


@pytest.fixture(scope="module")
def nasty(tmp_path_factory: pytest.TempPathFactory) -> tuple[Library, dict[str, str | None], dict]:
    root = tmp_path_factory.mktemp("nasty")
    expected = write_nasty_corpus(root / "corpus")
    library = Library.open(root / "library", create=True)
    report = library.index([root / "corpus"])
    return library, expected, {"report": report}


def test_every_readable_file_is_indexed(nasty) -> None:  # type: ignore[no-untyped-def]
    library, expected, _ = nasty
    for name, word in expected.items():
        if word is not None:
            found = {Path(hit.path).name for hit in library.search(word).hits}
            assert name in found, f"{name} lost"


def test_every_file_left_out_is_reported_with_a_reason(nasty) -> None:  # type: ignore[no-untyped-def]
    _, expected, run = nasty
    reasons = {Path(s.path).name: s.reason for s in run["report"].skipped}
    assert reasons["empty.txt"] == "empty file"
    assert reasons["blank.txt"] == "empty file"
    assert reasons["binary.txt"] == "binary file"
    assert reasons["dangling.txt"] == "broken symbolic link"
    assert reasons["loop"].startswith("symbolic link loop")
    left_out = {name for name, word in expected.items() if word is None}
    assert left_out <= set(reasons)
    readable = len([w for w in expected.values() if w])
    assert run["report"].added == readable


def test_invalid_utf8_names_are_shown_escaped(nasty) -> None:  # type: ignore[no-untyped-def]
    library, _, _ = nasty
    [hit] = library.search("jackal").hits
    assert hit.path.endswith("bad-\\xff-name.txt")
    assert library.article(hit.id).title == "A readable headline"


def test_legacy_text_is_decoded_right(nasty) -> None:  # type: ignore[no-untyped-def]
    library, _, _ = nasty
    [latin] = library.search("crocodile").hits
    assert "façade" in library.article(latin.id).text
    [smart] = library.search("dingo").hits
    assert smart.title.startswith("Smart “quotes” — dingo")
    [nel] = library.search("ibis").hits
    assert library.article(nel.id).text.count("\n") >= 2


def test_unreadable_and_vanishing_files_are_reported(tmp_path: Path, monkeypatch) -> None:  # type: ignore[no-untyped-def]
    corpus = tmp_path / "corpus"
    corpus.mkdir()
    for word in ("one", "two", "three"):
        (corpus / f"{word}.txt").write_text(ARTICLE.format(word=word), encoding="utf-8")

    def remove_then_read(found):  # type: ignore[no-untyped-def]
        if found.display.endswith("two.txt"):
            os.remove(found.display)  # removed between the walk and the read
        return read_found(found)

    def locked_open(path, *arguments):  # type: ignore[no-untyped-def]
        # Tests run as root, where chmod 000 does not stop reading: simulate the refusal.
        if os.fsdecode(path).endswith("three.txt"):
            raise PermissionError(13, "Permission denied")
        return open(path, *arguments)

    monkeypatch.setattr(updating, "read_found", remove_then_read)
    monkeypatch.setattr(ingest, "open", locked_open, raising=False)
    report = Library.open(tmp_path / "library", create=True).index([corpus])
    reasons = {Path(s.path).name: s.reason for s in report.skipped}
    assert reasons == {
        "two.txt": "file vanished while indexing",
        "three.txt": "cannot read file: Permission denied",
    }
    assert report.added == 1


def test_interrupted_run_keeps_the_previous_index(tmp_path: Path, monkeypatch) -> None:  # type: ignore[no-untyped-def]
    corpus = tmp_path / "corpus"
    corpus.mkdir()
    (corpus / "first.txt").write_text(ARTICLE.format(word="otter"), encoding="utf-8")
    library = Library.open(tmp_path / "library", create=True)
    library.index([corpus])
    for number in range(5):
        (corpus / f"new{number}.txt").write_text(ARTICLE.format(word="panda"), encoding="utf-8")

    def interrupted(*arguments):  # type: ignore[no-untyped-def]
        raise KeyboardInterrupt

    monkeypatch.setattr(updating.store, "commit", interrupted)
    with pytest.raises(KeyboardInterrupt):
        library.index([corpus])
    monkeypatch.undo()
    reader = Library.open(library.directory)
    assert reader.search("otter").total == 1
    assert reader.search("panda").total == 0
    report = reader.index([corpus])
    assert (report.added, report.unchanged) == (5, 1)
    assert reader.search("panda").total == 5


@pytest.mark.parametrize("damage", ["toc", "catalog", "pointer", "older format"])
def test_corrupt_index_is_explained_and_rebuilt(tmp_path: Path, damage: str) -> None:
    corpus = tmp_path / "seeds"
    corpus.symlink_to(SEEDS, target_is_directory=True)
    folder = tmp_path / "library"
    Library.open(folder, create=True).index([corpus])
    generation = next(folder.glob("gen-*"))
    if damage == "toc":
        next((generation / "whoosh").glob("*.toc")).write_bytes(b"garbage")
    elif damage == "catalog":
        (generation / "catalog.sqlite").write_bytes(b"not a database at all" * 100)
    elif damage == "older format":  # word positions kept in Whoosh, as before index.forward
        older = store.build_schema()
        older["body"].format = formats.Positions(field_boost=older["body"].format.field_boost)
        whoosh_index.create_in(str(generation / "whoosh"), older)
    else:
        (folder / "CURRENT").write_text("gen-9999\n")
    with pytest.raises(IndexUnreadable, match="--rebuild"):
        Library.open(folder)
    done = broadsheet("search", "putin", index=folder, check=False)
    assert done.returncode == 1 and "--rebuild" in done.stderr and "Traceback" not in done.stderr
    rebuilt = broadsheet("index", str(corpus), "--rebuild", "--json", index=folder)
    assert json.loads(rebuilt.stdout.splitlines()[-1])["added"] == 5
    assert Library.open(folder).search("putin").total == 3
    assert len(list(SEEDS.iterdir())) == 5  # the corpus is never touched


def test_missing_word_order_is_explained(tmp_path: Path) -> None:
    folder = tmp_path / "library"
    Library.open(folder, create=True).index([SEEDS])
    next(next(folder.glob("gen-*")).glob("whoosh/*.fwd")).unlink()
    assert Library.open(folder).search("putin").total == 3, "words need no word order"
    done = broadsheet("search", '"state of emergency"', index=folder, check=False)
    assert done.returncode == 1 and "--rebuild" in done.stderr and "Traceback" not in done.stderr


@settings(
    max_examples=300, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture]
)
@given(st.lists(st.sampled_from(QUERY_PIECES), max_size=14).map("".join) | st.text(max_size=30))
def test_any_query_is_answered_or_explained(seeds_library: Library, text: str) -> None:
    try:
        result = seeds_library.search(text)
    except QueryError as error:
        assert str(error) and "\n" not in str(error)
        return
    assert result.total >= len(result.hits)
    for hit in result.hits:
        for start, end in hit.highlights:
            assert 0 <= start < end <= len(hit.snippet)


def test_search_keeps_working_while_another_process_indexes(tmp_path: Path) -> None:
    corpus = tmp_path / "corpus"
    corpus.mkdir()
    for number in range(400):
        (corpus / f"{number}.txt").write_text(
            ARTICLE.format(word=f"quokka{number}") * 20, encoding="utf-8"
        )
    folder = tmp_path / "library"
    library = Library.open(folder, create=True)
    library.index([SEEDS])
    writer = subprocess.Popen(
        [sys.executable, "-m", "tui.cli", "index", str(corpus), "--index", str(folder)],
        stdout=subprocess.DEVNULL,
        stderr=subprocess.PIPE,
    )
    searches = 0
    while writer.poll() is None:
        assert library.search("putin").total == 3
        library.refresh()
        searches += 1
    assert writer.returncode == 0, writer.stderr.read() if writer.stderr else ""
    assert searches > 0
    library.refresh()
    assert library.search("quokka7").total == 1
