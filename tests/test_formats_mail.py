"""Mail and news: .eml, mbox and extensionless spool files; headers become metadata."""

from __future__ import annotations

from pathlib import Path

import pytest

from index.formats import Unreadable, read_file

SPOOL = b"""\
 wupost!uunet!olivea!sgigate!sgi!fido!solntze.wpd.sgi.com!livesey
From: livesey@solntze.wpd.sgi.com (Jon Livesey)
Subject: Re: Political Atheists?
Organization: sgi
	<93089.050046MVS104@psuvm.psu.edu> <1pa6ntINNs5d@gap.caltech.edu>
 <1993Mar30.205919.26390@blaze.cs.jhu.edu><1pcnp3INN
Article-I.D.: fido.1pi9jk
Lines: 3

In article <1pi8h5INNq40@gap.caltech.edu>, keith writes:
>quoted line
My reply, signed J\xf6rg.
"""

EML = b"""\
Return-Path: <desk@wire.example>
From: =?utf-8?q?Zo=C3=AB_Brown?= <zoe@wire.example>
To: editors@paper.example
Subject: =?iso-8859-1?q?Gr=E8ve_=E0_Paris?=
Date: Tue, 05 Dec 1995 14:30:00 +0100
Message-ID: <abc@wire.example>
MIME-Version: 1.0
Content-Type: multipart/alternative; boundary="b1"

--b1
Content-Type: text/plain; charset=iso-8859-1
Content-Transfer-Encoding: quoted-printable

Les gr=E9vistes ont d=E9fil=E9 =E0 Paris.
--b1
Content-Type: text/html; charset=utf-8

<p>HTML copy</p>
--b1--
"""

MBOX = b"""\
From desk@wire.example Mon Jan  1 00:00:00 2024
From: desk@wire.example
Subject: First
Date: Mon, 1 Jan 2024 09:00:00 +0000
Newsgroups: news.wire,news.local
Organization: Wire Desk

Body one.
>From the archive: an escaped line.

From desk@wire.example Tue Jan  2 00:00:00 2024
From: desk@wire.example
Subject: Second

Body two.

From nobody Wed Jan  3 00:00:00 2024
just some text without headers
"""


def test_usenet_spool_file_without_extension() -> None:
    result = read_file(Path("alt.atheism/51181"), SPOOL)
    [record] = result.records
    assert record.title == "Re: Political Atheists?"
    assert record.author == "livesey@solntze.wpd.sgi.com (Jon Livesey)"
    assert record.source == "sgi"  # not the folded ids a deleted References header left
    assert record.date is None  # no Date header: nothing invented
    assert record.text.startswith("In article <1pi8h5INNq40@gap.caltech.edu>")
    assert "Subject:" not in record.text and "Lines:" not in record.text
    assert "Jörg" in record.text  # Latin-1 byte
    assert record.key == ""


def test_eml_with_encoded_headers_and_quoted_printable_body() -> None:
    [record] = read_file(Path("note.eml"), EML).records
    assert record.title == "Grève à Paris"
    assert record.author == "Zoë Brown <zoe@wire.example>"
    assert record.date == "1995-12-05T13:30:00"  # UTC
    assert record.text == "Les grévistes ont défilé à Paris."
    assert record.extra["Message-ID"] == "<abc@wire.example>"
    assert record.extra["To"] == "editors@paper.example"


def test_folded_address_is_kept() -> None:
    data = b"From: Jane Doe\n <jane@example.org>\nSubject: Hello\n\nBody.\n"
    [record] = read_file(Path("m.eml"), data).records
    assert record.author == "Jane Doe <jane@example.org>"


def test_html_only_mail_body_is_read_as_text() -> None:
    data = (
        b"From: a@b.example\nSubject: Hi\nContent-Type: text/html; charset=utf-8\n\n"
        b"<html><body><p>Hello <b>there</b> &amp; welcome.</p></body></html>\n"
    )
    [record] = read_file(Path("m.eml"), data).records
    assert record.text == "Hello there & welcome."


def test_crlf_mail() -> None:
    [record] = read_file(Path("m.eml"), SPOOL.replace(b"\n", b"\r\n")).records
    assert record.title == "Re: Political Atheists?"
    assert "\r" not in record.text


def test_mbox_messages_are_keyed_by_position() -> None:
    result = read_file(Path("wire.mbox"), MBOX)
    first, second = result.records
    assert (first.key, second.key) == ("1", "2")
    assert first.source == "news.wire,news.local"
    assert first.extra["Organization"] == "Wire Desk"
    assert first.date == "2024-01-01T09:00:00"
    assert first.text == "Body one.\nFrom the archive: an escaped line."
    assert second.text == "Body two."
    assert result.problems == ["message 3: no headers after its From line"]


def test_extensionless_mbox_is_sniffed() -> None:
    assert len(read_file(Path("Inbox"), MBOX).records) == 2


def test_message_with_empty_body_keeps_its_subject() -> None:
    [record] = read_file(Path("1"), b"From: a@b.example\nSubject: Headline only\n\n\n").records
    assert (record.title, record.text) == ("Headline only", "")


def test_extensionless_file_that_is_not_mail_is_skipped() -> None:
    with pytest.raises(Unreadable, match="unsupported file type"):
        read_file(Path("README"), b"Just a plain note: nothing here.\nSecond line.\n")
    with pytest.raises(Unreadable, match="no mail or news headers"):
        read_file(Path("x.eml"), b"not a message at all\n")
