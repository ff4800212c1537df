"""JSON Lines and JSON: usual field names, extra fields kept, broken records reported."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from index.formats import Unreadable, read_file


def lines(*items: object) -> bytes:
    return "\n".join(i if isinstance(i, str) else json.dumps(i) for i in items).encode()


def test_json_lines_fields_by_their_usual_names() -> None:
    data = lines(
        {
            "headline": "Floods close the ring road",
            "body": "Water rose overnight.",
            "published": "2023-05-06T07:30:00+02:00",
            "byline": "A. Writer",
            "link": "https://news.example/floods",
            "publisher": "Daily Example",
            "section": "Local",
        },
        {"title": "Second", "content": "Text two.", "date": "6 May 2023", "tags": ["a", "b"]},
    )
    result = read_file(Path("feed.jsonl"), data)
    assert result.problems == []
    first, second = result.records
    assert (first.title, first.text) == ("Floods close the ring road", "Water rose overnight.")
    assert first.date == "2023-05-06T05:30:00"  # ISO 8601, in UTC
    assert (first.author, first.url, first.source) == (
        "A. Writer",
        "https://news.example/floods",
        "Daily Example",
    )
    assert first.extra == {"section": "Local"}
    assert (first.key, second.key) == ("1", "2")
    assert second.date == "2023-05-06"
    assert second.extra == {"tags": "a, b"}


def test_broken_line_is_reported_and_the_rest_kept() -> None:
    data = lines(
        {"title": "One", "text": "First."},
        '{"title": "Two", "text": "unterminated',
        "",
        "[1, 2]",
        {"id": 7, "lang": "en"},
        {"title": "Five", "text": "Last."},
    )
    result = read_file(Path("feed.jsonl"), data)
    assert [r.title for r in result.records] == ["One", "Five"]
    assert [r.key for r in result.records] == ["1", "6"]  # keys are line numbers
    assert len(result.problems) == 3
    assert result.problems[0].startswith("line 2: invalid JSON: Unterminated string")
    assert result.problems[1] == "line 4: not a JSON object (list)"
    assert result.problems[2] == "line 5: no text or title field"


def test_text_wins_over_description_which_is_kept_as_extra() -> None:
    data = lines({"description": "Summary.", "text": "Full text.", "Title": "T"})
    [record] = read_file(Path("a.jsonl"), data).records
    assert record.text == "Full text."
    assert record.extra == {"description": "Summary."}


def test_unparseable_date_is_kept_as_extra_never_guessed() -> None:
    [record] = read_file(Path("a.jsonl"), lines({"text": "x", "date": "sometime"})).records
    assert record.date is None
    assert record.extra == {"date": "sometime"}


def test_json_list_single_object_and_wrapped_list() -> None:
    listed = json.dumps([{"title": "A", "text": "a"}, {"title": "B", "text": "b"}]).encode()
    assert [r.key for r in read_file(Path("l.json"), listed).records] == ["1", "2"]
    single = json.dumps({"title": "Only", "text": "one"}).encode()
    [record] = read_file(Path("s.json"), single).records
    assert (record.title, record.key) == ("Only", "")
    wrapped = {
        "status": "ok",
        "articles": [
            {
                "title": "Wrapped",
                "description": "Desc.",
                "publishedAt": "2024-01-02T03:04:05Z",
                "source": {"id": "bbc-news", "name": "BBC News"},
                "author": ["Ann", "Bob"],
            }
        ],
    }
    [record] = read_file(Path("w.json"), json.dumps(wrapped).encode()).records
    assert record.text == "Desc."
    assert record.source == "BBC News"
    assert record.author == "Ann, Bob"
    assert record.date == "2024-01-02T03:04:05"


def test_json_lines_saved_as_json() -> None:
    data = lines({"title": "A", "text": "a"}, {"title": "B", "text": "b"})
    assert len(read_file(Path("dump.json"), data).records) == 2


def test_invalid_json_document_is_unreadable() -> None:
    with pytest.raises(Unreadable, match="invalid JSON"):
        read_file(Path("bad.json"), b'[{"title": "A", "text": ')
    with pytest.raises(Unreadable, match="no article objects"):
        read_file(Path("num.json"), b"42")


def test_utf16_json_lines_and_entities() -> None:
    data = json.dumps({"title": "Caf&eacute; &amp; bar", "text": "Ñandú"}, ensure_ascii=False)
    [record] = read_file(Path("u.jsonl"), data.encode("utf-16")).records
    assert record.title == "Café & bar"
    assert record.text == "Ñandú"


def test_entities_and_bare_character_references() -> None:
    data = lines({"title": "Issue #2004; of AT&amp;T", "text": "It #39;s up  #36;5  #151; again."})
    [record] = read_file(Path("e.jsonl"), data).records
    assert record.title == "Issue #2004; of AT&T"  # a number, not U+07D4
    assert record.text == "It's up $5 — again."
