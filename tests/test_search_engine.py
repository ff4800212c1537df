"""The fast search paths (numpy scoring, the phrase matchers) give Whoosh's own results: its
scores for words, its matches for phrases (scored as phrases, by one formula on every path)."""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest
from whoosh import collectors, query
from whoosh.searching import Searcher

from index.library import Library
from index.query import parse
from index.vectorized import VectorScorer
from tests.conftest import SEEDS, extract_corpus

WORD_QUERIES = [
    "protest",
    "kazakhstan paratroopers",
    "protest OR riot",
    "protest -paratroopers",
    "(fuel OR gas) prices -russia",
    "title:kazakhstan",
    "source:reuters",
    "zzzunknownzzz",
    "protest^3 riot",
    "(protest riot)^2",
]
PHRASE_QUERIES = [
    '"state of emergency"',
    '"the president"',
    '"in the"',
    '"prime minister" OR "state of emergency"',
    'title:"state of emergency"',
    '"of the" -emergency',
]


def whoosh_top(searcher: Searcher, wanted: query.Query, limit: int) -> tuple[list, list, int]:
    """Whoosh's own answer: every match scored one at a time, nothing skipped."""
    collector = collectors.TopCollector(limit=limit, usequality=False, replace=0)
    searcher.search_with_collector(wanted, collector)
    results = collector.results()
    return [hit.docnum for hit in results], [hit.score for hit in results], collector.total


def as_whoosh_phrases(wanted: query.Query) -> query.Query:
    """The same query with Whoosh's own phrase matcher."""
    return wanted.accept(
        lambda node: (
            query.Phrase(node.fieldname, node.words, slop=node.slop, boost=node.boost)
            if isinstance(node, query.Phrase)
            else node
        )
    )


def assert_same(library: Library, texts: list[str], limit: int = 10) -> int:
    """For each query: the numpy path (phrases checked in forward tokens, or by positions
    where a segment has none) ranks and scores as Whoosh's collector does with the phrase
    matcher (one article at a time, from positions), and both match what Whoosh's own
    phrase matcher matches. Returns how many queries matched anything."""
    searcher = library._searcher()
    vectors = VectorScorer(searcher)
    found = 0
    for text in texts:
        wanted = parse(text, searcher.schema).query
        expected = whoosh_top(searcher, wanted, limit)
        fast = vectors.top(wanted, limit)
        assert fast is not None, text
        numbers, scores, total = fast
        assert total == expected[2], text
        assert numbers == expected[0], text
        assert scores == pytest.approx(expected[1], rel=1e-12), text
        whooshs = set(searcher.docs_for_query(as_whoosh_phrases(wanted)))
        assert set(searcher.docs_for_query(wanted)) == whooshs, text
        assert total == len(whooshs), text
        found += total > 0
    return found


def test_fast_paths_match_whoosh_on_the_seeds(seeds_library: Library) -> None:
    assert assert_same(seeds_library, WORD_QUERIES + PHRASE_QUERIES) >= 10


def test_word_and_phrase_queries_take_the_numpy_path(seeds_library: Library) -> None:
    searcher = seeds_library._searcher()
    vectors = VectorScorer(searcher)
    for text in WORD_QUERIES + PHRASE_QUERIES:
        assert vectors.top(parse(text, searcher.schema).query, 5) is not None, text
    for text in ("protest*", "date:2022", "protest~1"):
        assert vectors.top(parse(text, searcher.schema).query, 5) is None, text


def test_search_counts_every_match(seeds_library: Library) -> None:
    for text in WORD_QUERIES + PHRASE_QUERIES:
        result = seeds_library.search(text, limit=1, suggest=False)
        searcher = seeds_library._searcher()
        wanted = parse(text, searcher.schema).query
        assert result.total == len(list(searcher.docs_for_query(wanted))), text


def test_a_phrase_in_a_field_without_positions_asks_for_its_words(seeds_library: Library) -> None:
    result = seeds_library.search('url:"color revolutions"', suggest=False)
    assert result.notice is None and result.total == 1
    assert result.hits[0].url and "color-revolutions" in result.hits[0].url


def test_an_empty_library_finds_nothing(tmp_path: Path) -> None:
    library = Library.open(tmp_path / "empty", create=True)
    for text in ("protest", '"state of emergency"', "protest -riot"):
        assert library.search(text, suggest=False).total == 0


def test_phrases_on_either_side_of_or_are_valid(seeds_library: Library) -> None:
    result = seeds_library.search('"state of emergency" OR "paratroopers"')
    assert result.notice is None and result.total > 0


@pytest.fixture(scope="module")
def bbc_library(tmp_path_factory: pytest.TempPathFactory) -> Library:
    """Two BBC topics in several segments, with deleted articles (files removed, re-indexed)."""
    folder = tmp_path_factory.mktemp("bbc")
    extract_corpus("bbc.tar.gz", folder)
    root = next(p for p in folder.rglob("business") if p.is_dir()).parent
    corpus = folder / "corpus"
    for topic in ("business", "tech"):
        shutil.copytree(root / topic, corpus / topic)
    shutil.copytree(SEEDS, corpus / "seeds")
    library = Library.open(folder / "library", create=True)
    library.index([corpus])
    for removed in sorted((corpus / "tech").iterdir())[::7]:
        removed.unlink()
    library.index([corpus])
    return library


def test_fast_paths_match_whoosh_on_real_articles(bbc_library: Library) -> None:
    searcher = bbc_library._searcher()
    assert any(sub.reader().has_deletions() for sub, _ in searcher.leaf_searchers())
    vocabulary = [
        term.decode()
        for term, _ in zip(searcher.reader().lexicon("body"), range(200_000), strict=False)
    ]
    words = [w for w in vocabulary[::97] if w.isalpha()][:60]
    pairs = [f"{a} {b}" for a, b in zip(words[::2], words[1::2], strict=False)]
    texts = (
        words
        + pairs
        + [f"{a} OR {b} -{c}" for a, b, c in zip(words, words[3:], words[7:], strict=False)]
    )
    texts += ['"the company"', '"said it"', '"of the" OR "mobile phone"', 'title:"bank"']
    assert assert_same(bbc_library, texts, limit=20) > 40


def test_search_results_are_whoosh_collectors_on_real_articles(bbc_library: Library) -> None:
    searcher = bbc_library._searcher()
    for text in ("mobile phone", "economy -growth", '"interest rates"', "profit OR loss"):
        result = bbc_library.search(text, limit=20, suggest=False)
        numbers, _, total = whoosh_top(searcher, parse(text, searcher.schema).query, 20)
        assert result.total == total
        assert [hit.id for hit in result.hits] == [searcher.stored_fields(n)["id"] for n in numbers]


def test_fast_paths_read_postings_that_whoosh_wrote_itself(tmp_path: Path) -> None:
    # Whoosh's own writer pickles positions its own way (memo opcodes, mixed widths): libraries
    # made before Broadsheet wrote its own segments hold such postings.
    library = Library.open(tmp_path / "library", create=True)
    library.index([SEEDS])
    writer = library._index.writer()
    for number, path in enumerate(sorted(SEEDS.iterdir())):
        text = path.read_text(encoding="utf-8")
        writer.add_document(id=f"whoosh-{number}", title="", body=text * (number + 1))
    writer.commit()
    library.refresh()
    library._drop_searcher()
    searcher = library._searcher()
    values = [
        sub.reader().postings("body", b"kazakhstan").value() for sub, _ in searcher.leaf_searchers()
    ]
    assert any(value[4:].startswith(b"\x80\x02]q") for value in values), "Whoosh's pickles"
    assert assert_same(library, WORD_QUERIES + PHRASE_QUERIES) >= 10
