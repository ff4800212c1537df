"""Choosing a reader by extension or by content, and never crashing on arbitrary bytes."""

from __future__ import annotations

from pathlib import Path

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from index.formats import (
    READERS_BY_SUFFIX,
    ReadResult,
    Unreadable,
    delimited,
    html,
    jsonfile,
    mail,
    read_file,
    reader_for,
    sgml,
)


@pytest.mark.parametrize(
    ("name", "head", "reader"),
    [
        ("a.HTML", b"", html.read_html),
        ("a.jsonl", b"", jsonfile.read_json_lines),
        ("a.json", b"", jsonfile.read_json),
        ("a.csv", b"", delimited.read_csv),
        ("a.tsv", b"", delimited.read_tsv),
        ("a.eml", b"", mail.read_message),
        ("a.mbox", b"", mail.read_mbox),
        ("reut2-000.sgm", b"", sgml.read_stories),
        ("53361", b"From: a@b\nSubject: s\n\nbody", mail.read_message),
        ("msg.12345", b"Newsgroups: sci.space\nSubject: s\n\nbody", mail.read_message),
        ("Inbox", b"From a@b Mon Jan  1 00:00:00 2024\nFrom: a@b\nSubject: s\n", mail.read_mbox),
        ("feed.xml", b'<?xml version="1.0"?>\n<DOC><DOCNO>1</DOCNO>', sgml.read_stories),
        ("page.xml", b"<?xml version='1.0'?><!DOCTYPE html><html>", html.read_html),
        ("saved", b"<!DOCTYPE html>\n<html><body>", html.read_html),
        ("utf16", "From: a@b\nSubject: s\n\nbody".encode("utf-16"), mail.read_message),
    ],
)
def test_reader_by_suffix_or_content(name: str, head: bytes, reader: object) -> None:
    assert reader_for(Path(name), head) is reader


@pytest.mark.parametrize(
    ("name", "head"),
    [
        ("README", b"Plain words, no headers.\n"),
        ("notes.bin", b"From: a@b\nSubject: s\n\n"),  # unknown extensions are not sniffed
        ("settings.xml", b"<?xml version='1.0'?><settings/>"),
        ("Title: Only one header", b"Title: x\n\nbody"),
    ],
)
def test_unsupported_files(name: str, head: bytes) -> None:
    assert reader_for(Path(name), head) is None


@settings(max_examples=60, deadline=None)
@given(
    suffix=st.sampled_from(sorted({*READERS_BY_SUFFIX, "", ".xml"})),
    data=st.one_of(
        st.binary(max_size=400),
        st.text(max_size=400).map(lambda t: t.encode("utf-8")),
        st.text(alphabet='<>/"&#;,\t\n{}[]:FromSubject REUTERSBODY', max_size=400).map(
            lambda t: t.encode("utf-8")
        ),
    ),
)
def test_any_bytes_give_articles_or_a_reason(suffix: str, data: bytes) -> None:
    try:
        result = read_file(Path(f"file{suffix}"), data)
    except Unreadable as error:
        assert str(error) and "\n" not in str(error)
        return
    assert isinstance(result, ReadResult)
    for record in result.records:
        assert isinstance(record.text, str)
