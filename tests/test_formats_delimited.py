"""CSV and TSV: header names, headerless column inference, quoting trouble, escapes."""

from __future__ import annotations

import codecs
from pathlib import Path

from index.formats import read_file


def test_header_names_map_to_fields_and_the_rest_is_extra() -> None:
    data = (
        b"Headline,Body,Published,Author,URL,Section\r\n"
        b'"Rates rise","The bank raised rates, again.",2024-02-01,Kim Lee,https://x.example/1,Money\r\n'
        b'"Snow","Heavy ""lake effect"" snow\r\nclosed schools.",2024-02-02,,,Weather\r\n'
    )
    result = read_file(Path("news.csv"), data)
    assert result.problems == []
    first, second = result.records
    assert first.title == "Rates rise"
    assert first.text == "The bank raised rates, again."
    assert (first.date, first.author, first.url) == ("2024-02-01", "Kim Lee", "https://x.example/1")
    assert first.extra == {"Section": "Money"}
    assert first.key == "2"  # the line the row starts on
    assert second.text == 'Heavy "lake effect" snow\nclosed schools.'
    assert second.author is None  # empty cell: unknown, not ""


def test_headerless_file_infers_title_and_text_columns_ag_news_style() -> None:
    data = (
        b'"3","Wall St. Bears Claw Back","Reuters - Short-sellers, Wall Street\'s dwindling\\band '
        b'of ultra-cynics, are seeing green again."\n'
        b'"4","Company #39;s Profits Up","AP - The company #39;s profit rose to \\$5 million.'
        b'\\\\New paragraph here, long enough."\n'
        b'"1","Talks Resume","Negotiators met again on Monday &lt;b&gt;in Geneva&lt;/b&gt; after '
        b'a break of two weeks."\n'
    )
    result = read_file(Path("test.csv"), data)
    assert result.problems == []
    first, second, third = result.records
    assert first.title == "Wall St. Bears Claw Back"
    assert first.text.startswith("Reuters - Short-sellers, Wall Street's dwindling\nband")
    assert first.extra == {"column 1": "3"}
    assert second.title == "Company's Profits Up"
    assert second.text == (
        "AP - The company's profit rose to $5 million.\n\nNew paragraph here, long enough."
    )
    assert "<b>in Geneva</b>" in third.text


def test_tsv_with_bom_and_stray_quotes_reads_every_line() -> None:
    rows = [
        "Quality\t#1 ID\t#1 String\t#2 String",
        '1\t11\t"The witness, he said, lied\tHe said the witness lied.',
        "0\t12\tShares rose 5 percent.\tShares fell.",
        '1\t13\tA "quoted" word.\tThe end"',
    ]
    data = codecs.BOM_UTF8 + "\n".join(rows).encode()
    result = read_file(Path("pairs.tsv"), data)
    assert result.problems == []
    assert len(result.records) == 3
    assert result.records[0].text == '"The witness, he said, lied'
    assert result.records[2].extra["#2 String"] == 'The end"'


def test_semicolon_csv_in_cp1252() -> None:
    data = "titel;text;datum\nÉté;Grève générale à Paris;1995-12-05\n".encode("cp1252")
    [record] = read_file(Path("fr.csv"), data).records
    assert record.text == "Grève générale à Paris"
    # Names in other languages are not guessed at: they stay as extra metadata.
    assert record.extra == {"titel": "Été", "datum": "1995-12-05"}
    assert record.title is None and record.date is None


def test_rows_without_text_or_title_are_reported() -> None:
    data = b"title,text,tag\nA,alpha,x\n,,y\nB,beta,z\n"
    result = read_file(Path("t.csv"), data)
    assert [r.title for r in result.records] == ["A", "B"]
    assert result.problems == ["line 3: no text or title"]


def test_ragged_rows_keep_their_extra_cells() -> None:
    data = b"title,text\nA,alpha,surplus\nB\n"
    first, second = read_file(Path("r.csv"), data).records
    assert first.extra == {"column 3": "surplus"}
    assert (second.title, second.text) == ("B", "")
