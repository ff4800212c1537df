"""Real corpora read into articles: exact counts and metadata on items checked by hand."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import pytest

from index.formats import Record, read_file
from index.formats.delimited import read_tsv
from tests.conftest import extract_corpus

Articles = dict[str, Record]  # "relative/path" or "relative/path#key" -> record


def read_tree(root: Path, pattern: str = "*") -> tuple[Articles, list[str]]:
    """Every article under ``root`` by id, and every problem line prefixed by its file."""
    articles: Articles = {}
    problems: list[str] = []
    for path in sorted(p for p in root.rglob(pattern) if p.is_file()):
        result = read_file(path, path.read_bytes())
        name = path.relative_to(root).as_posix()
        for record in result.records:
            article_id = f"{name}#{record.key}" if record.key else name
            assert article_id not in articles, f"duplicate id {article_id}"
            articles[article_id] = record
        problems += [f"{name}: {problem}" for problem in result.problems]
    return articles, problems


def corpus(tmp: pytest.TempPathFactory, archive: str, folder: str) -> Path:
    return extract_corpus(archive, tmp.mktemp(folder)) / folder


@pytest.fixture(scope="module")
def bbc(tmp_path_factory: pytest.TempPathFactory) -> Iterator[tuple[Articles, list[str]]]:
    root = corpus(tmp_path_factory, "bbc.tar.gz", "bbc")
    yield read_tree(root, "*/*.txt")  # the topic folders (the README is not an article)


@pytest.fixture(scope="module")
def newsgroups(tmp_path_factory: pytest.TempPathFactory) -> Iterator[tuple[Articles, list[str]]]:
    yield read_tree(corpus(tmp_path_factory, "20news-bydate.tar.gz", "20news-bydate"))


@pytest.fixture(scope="module")
def reuters(tmp_path_factory: pytest.TempPathFactory) -> Iterator[tuple[Articles, list[str]]]:
    yield read_tree(corpus(tmp_path_factory, "reuters21578.tar.gz", "reuters21578"), "*.sgm")


def test_bbc_one_article_per_file_titled_by_its_first_line(bbc) -> None:
    articles, problems = bbc
    assert len(articles) == 2225 and problems == []
    assert articles["business/001.txt"].title == "Ad sales boost Time Warner profit"
    mutu = articles["sport/199.txt"]  # the one Latin-1 file
    assert mutu.title == "Chelsea sack Mutu"
    assert "a £15.8m signing from Parma" in mutu.text


def test_20_newsgroups_every_message(newsgroups) -> None:
    articles, problems = newsgroups
    assert len(articles) == 18846 and problems == []
    assert all(a.title for a in articles.values())
    assert all(a.author for a in articles.values())
    # Bodies may quote other messages' headers, but never start with their own.
    assert not any(
        a.text.startswith(("Lines:", "Nntp-Posting-Host:", f"From: {a.author}\n"))
        for a in articles.values()
    )
    message = articles["20news-bydate-train/talk.religion.misc/83498"]
    assert message.title == "Christians above the Law, was Clarification of personal position"
    assert message.author == "pharvey@quack.kfu.com (Paul Harvey)"
    assert message.source == "The Duck Pond public unix: +1 408 249 9630, log in as 'guest'."
    assert message.text.startswith("In article <sandvik-170493104641@sandvik-kent.apple.com>")
    assert message.date is None  # the bydate split strips Date headers


def test_20_newsgroups_odd_headers_and_latin1(newsgroups) -> None:
    articles, _ = newsgroups
    # Starts with a stray folded line (the tail of a Path header).
    folded = articles["20news-bydate-train/talk.politics.mideast/75902"]
    assert folded.title == "Re: How many israeli soldiers does it take to kill a 5 yr old child?"
    assert folded.author == "jhsegal@wiscon.weizmann.ac.il (Livian Segal)"
    assert folded.text.startswith("Well,I tried not to get involved")
    latin1 = articles["20news-bydate-train/comp.windows.x/66871"]
    assert 'like a VW Käfer" ONLY' in latin1.text
    swede = articles["20news-bydate-train/comp.sys.mac.hardware/51916"]
    assert swede.author is not None and "Wätte" in swede.author


def test_reuters_one_article_per_story_keyed_by_newid(reuters) -> None:
    articles, problems = reuters
    # 21,578 stories; NEWID 12793 is empty (no title, no text) and is reported, not indexed.
    assert len(articles) == 21577
    assert problems == ["reut2-012.sgm: story 793 (NEWID 12793): no title or text"]
    newids = sorted(int(article_id.split("#")[1]) for article_id in articles)
    assert newids == [n for n in range(1, 21579) if n != 12793]
    assert all(a.title and a.date for a in articles.values())
    # Stories with a BODY, plus the unprocessed ones (less the empty one): BRIEF ones are titles.
    assert sum(1 for a in articles.values() if a.text) == 19043 + 737 - 1
    cocoa = articles["reut2-000.sgm#1"]
    assert cocoa.title == "BAHIA COCOA REVIEW"
    assert cocoa.date == "1987-02-26T15:01:01"
    assert cocoa.source == "Reuters"
    assert cocoa.text.startswith("Showers continued throughout the week in\nthe Bahia cocoa zone")
    assert cocoa.extra["places"] == "el-salvador, usa, uruguay"


def test_reuters_text_is_clean(reuters) -> None:
    articles, _ = reuters
    assert not any("&#" in a.text or "&lt;" in a.text for a in articles.values())
    assert not any(ch in a.text for a in articles.values() for ch in "\x02\x03\x7f")


def test_ag_news_rows(tmp_path_factory: pytest.TempPathFactory) -> None:
    root = corpus(tmp_path_factory, "ag_news_test.tar.gz", "ag_news_test")
    articles, problems = read_tree(root, "*.csv")
    assert len(articles) == 7600 and problems == []
    assert all(a.title and a.text for a in articles.values())
    assert not any("#39;" in a.text or "\\" in a.text for a in articles.values())
    first = articles["test.csv#1"]
    assert first.title == "Fears for T N pension after talks"
    assert first.text.startswith("Unions representing workers at Turner")
    assert first.extra == {"column 1": "3"}
    spaceflight = articles["test.csv#2"]
    assert "competing for the $10 million Ansari X Prize" in spaceflight.text


def test_msrp_tsv_reads_despite_stray_quotes(tmp_path_factory: pytest.TempPathFactory) -> None:
    root = corpus(tmp_path_factory, "msrp.tar.gz", "msrp")
    for path in sorted(root.glob("*.txt")):
        data = path.read_bytes()
        rows = sum(1 for line in data.splitlines() if line.strip()) - 1  # less the header
        result = read_tsv(path, data)
        assert (len(result.records), result.problems) == (rows, []), path.name
    sentences = root / "msr_paraphrase_data.txt"
    first = read_tsv(sentences, sentences.read_bytes()).records[0]
    assert first.text.startswith('Amrozi accused his brother, whom he called "the witness"')
    assert (first.author, first.url, first.date) == (
        "Darren Goodsir",
        "www.theage.com.au",
        "2003-06-05",
    )
