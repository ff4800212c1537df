"""The fast search paths give Whoosh's own results: the numpy path scores words as Whoosh does,
and matches and scores phrases as the phrase matcher does inside Whoosh's collector; phrases
find what reading the articles' words in order finds."""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest
from whoosh import collectors, query
from whoosh.searching import Searcher

from index.analysis import terms
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


def assert_same(library: Library, texts: list[str], limit: int = 10) -> int:
    """For each query, the numpy path ranks, scores and counts as Whoosh's collector does (with
    the phrase matcher for phrases). Returns how many queries matched anything."""
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
        found += total > 0
    return found


def assert_phrases_read(library: Library, phrases: list[str]) -> int:
    """Each phrase (in title or body) matches the articles whose title or body has its words
    in order, by both paths. Returns how many phrases matched anything."""
    searcher = library._searcher()
    vectors = VectorScorer(searcher)
    ids = {n: searcher.stored_fields(n)["id"] for n in searcher.document_numbers()}
    rows = library._catalog.articles(list(ids.values()))
    found = 0
    for phrase in phrases:
        words = [term for term, _, _ in terms(phrase)]
        holding = {n for n, i in ids.items() if _in_order(words, rows[i].title, rows[i].text)}
        wanted = parse(f'"{phrase}"', searcher.schema).query
        assert set(searcher.docs_for_query(wanted)) == holding, phrase
        fast = vectors.top(wanted, len(ids) + 1)
        assert fast is not None and set(fast[0]) == holding, phrase
        found += bool(holding)
    return found


def _in_order(words: list[str], *texts: str) -> bool:
    for text in texts:
        found = [term for term, _, _ in terms(text)]
        if any(found[i : i + len(words)] == words for i in range(len(found))):
            return True
    return False


def test_fast_paths_match_whoosh_on_the_seeds(seeds_library: Library) -> None:
    assert assert_same(seeds_library, WORD_QUERIES + PHRASE_QUERIES) >= 10


def test_phrases_find_the_words_in_order(seeds_library: Library) -> None:
    phrases = ["state of emergency", "in the", "the internal", "in the looting", "the president"]
    assert assert_phrases_read(seeds_library, [*phrases, "of of", "the the"]) == 4


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
    assert assert_phrases_read(bbc_library, ["the company", "said it", "mobile phone", *pairs])


def test_search_results_are_whoosh_collectors_on_real_articles(bbc_library: Library) -> None:
    searcher = bbc_library._searcher()
    for text in ("mobile phone", "economy -growth", '"interest rates"', "profit OR loss"):
        result = bbc_library.search(text, limit=20, suggest=False)
        numbers, _, total = whoosh_top(searcher, parse(text, searcher.schema).query, 20)
        assert result.total == total
        assert [hit.id for hit in result.hits] == [searcher.stored_fields(n)["id"] for n in numbers]


def test_fast_paths_read_segments_whoosh_merged(merged_library: Library) -> None:
    # Whoosh's own writer merges small segments: its blocks are deflated, its pickles its own.
    searcher = merged_library._searcher()
    assert searcher.doc_count_all() > 0
    assert assert_same(merged_library, WORD_QUERIES + PHRASE_QUERIES) >= 8
    assert assert_phrases_read(merged_library, ["state of emergency", "the president", "in the"])
