"""Bytes to text: byte-order marks, UTF-16, legacy single-byte encodings and line ends."""

from __future__ import annotations

import codecs

import pytest

from index.formats import Unreadable, decode
from index.formats.decoding import sniff_text

TEXT = "Café crème — naïve “quotes”\nSecond line"


@pytest.mark.parametrize(
    "data",
    [
        TEXT.encode("utf-8"),
        codecs.BOM_UTF8 + TEXT.encode("utf-8"),
        TEXT.encode("utf-16"),  # with BOM
        TEXT.encode("utf-16-le"),
        TEXT.encode("utf-16-be"),
        TEXT.encode("utf-32"),
        TEXT.encode("cp1252"),
    ],
    ids=["utf8", "utf8-bom", "utf16-bom", "utf16le", "utf16be", "utf32", "cp1252"],
)
def test_decodes_every_supported_encoding(data: bytes) -> None:
    assert decode(data) == TEXT


def test_sparse_latin1_is_not_mistaken_for_an_asian_encoding() -> None:
    # 20 Newsgroups comp.windows.x/66871: one Latin-1 byte in 2.7 kB came out as Big5.
    data = ("It looks like a VW Käfer, ONLY because of the shape. " * 40).encode("latin-1")
    assert "Käfer" in decode(data)


@pytest.mark.parametrize(
    ("encoding", "text"),
    [
        ("cp1251", "Съешь же ещё этих мягких французских булок, да выпей чаю. "),
        ("cp1250", "Zażółć gęślą jaźń. Pchnąć w tę łódź jeża lub ośm skrzyń fig. "),
        ("cp1252", "Le café crème était délicieux, mais la naïveté du garçon m'a surpris. "),
        ("gb2312", "今天北京的天气很好。明天可能会下雨。根据经济新闻，股票价格上涨了。"),
        ("euc_kr", "오늘 서울의 날씨는 맑습니다. 내일은 비가 올 것입니다. "),
    ],
)
def test_dense_legacy_encodings_go_to_the_detector(encoding: str, text: str) -> None:
    assert decode((text * 3).encode(encoding)) == text * 3


@pytest.mark.parametrize("newline", ["\r\n", "\r", "\x85", "\u2028"])
def test_line_ends_become_newlines(newline: str) -> None:
    assert decode(f"one{newline}two{newline}".encode()) == "one\ntwo\n"


def test_declared_encoding_is_used_when_utf8_fails() -> None:
    data = "Zürich – €5".encode("cp1252")
    assert decode(data, "cp1252") == "Zürich – €5"
    # UTF-8 bytes win over a wrong declaration.
    assert decode("Zürich".encode(), "cp1252") == "Zürich"


@pytest.mark.parametrize(
    ("data", "reason"),
    [(b"", "empty"), (b"  \n\t", "empty"), (bytes(range(256)) * 4, "binary")],
)
def test_empty_and_binary_files_are_unreadable(data: bytes, reason: str) -> None:
    with pytest.raises(Unreadable, match=reason):
        decode(data)


def test_sniff_text_never_raises() -> None:
    assert sniff_text("From: a\n".encode("utf-16")) == "From: a\n"
    assert sniff_text(b"caf\xc3") == "caf\ufffd"  # A character cut at the head's end.
