"""Saved web pages: main text without navigation, metadata from the page's markup."""

from __future__ import annotations

from pathlib import Path

import pytest

from index.formats import Unreadable, read_file

PARAGRAPH = (
    "The council voted on Tuesday to extend the tram line to the harbour, "
    "a project first proposed in 1998 and delayed by three changes of government. "
)

PAGE = f"""<!DOCTYPE html>
<html><head>
<meta charset="{{charset}}">
<title>Tram line reaches harbour | The Gazette</title>
<meta name="author" content="Jane Doe">
<meta property="og:site_name" content="The Gazette">
<meta property="article:published_time" content="2021-03-04T10:00:00Z">
<link rel="canonical" href="https://gazette.example/trams">
</head><body>
<nav><a href="/">Home</a> | <a href="/news">News</a> | <a href="/sport">Sport</a></nav>
<article><h1>Tram line reaches harbour</h1>
<p>{PARAGRAPH * 2}</p>
<p>Café owners on the quay welcomed the news &amp; said trade would grow — “at last”.</p>
</article>
<footer>Copyright 2021 The Gazette. All rights reserved. Cookie settings.</footer>
</body></html>
"""


def read(data: bytes, name: str = "page.html"):
    result = read_file(Path(name), data)
    assert result.problems == []
    [record] = result.records
    return record


def test_article_text_and_metadata() -> None:
    record = read(PAGE.format(charset="utf-8").encode())
    assert record.title == "Tram line reaches harbour"
    assert record.author == "Jane Doe"
    assert record.source == "The Gazette"
    assert record.date == "2021-03-04"
    assert record.url == "https://gazette.example/trams"
    assert record.key == ""
    assert "extend the tram line" in record.text
    assert "Café owners on the quay welcomed the news & said" in record.text  # entity decoded
    assert "Cookie settings" not in record.text and "Sport" not in record.text
    assert not record.text.startswith("Tram line reaches harbour")  # title not repeated


def test_declared_windows_1252_charset() -> None:
    record = read(PAGE.format(charset="windows-1252").encode("cp1252"), "page.htm")
    assert "Café owners" in record.text and "“at last”" in record.text


def test_latin1_label_is_read_as_cp1252_like_browsers_do() -> None:
    record = read(PAGE.format(charset="iso-8859-1").encode("cp1252"))
    assert "“at last”" in record.text


def test_utf16_page_with_bom() -> None:
    record = read(PAGE.format(charset="utf-16").encode("utf-16"))
    assert record.title == "Tram line reaches harbour"


def test_tiny_page_without_an_article_keeps_its_text() -> None:
    record = read(b"<html><body><p>Short note: meeting moved to Friday.</p></body></html>")
    assert "meeting moved to Friday" in record.text
    assert record.author is None and record.date is None  # nothing invented


def test_page_without_text_is_unreadable() -> None:
    with pytest.raises(Unreadable, match="no readable text"):
        read_file(
            Path("empty.html"), b"<html><head></head><body><script>x()</script></body></html>"
        )
