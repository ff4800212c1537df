"""Forward tokens: every segment's articles' terms in text order, merged segments included."""

from __future__ import annotations

from pathlib import Path

import numpy as np
import pytest

from index import forward
from index.analysis import term_list
from index.library import Library
from index.query import parse
from index.vectorized import VectorScorer
from tests.conftest import SEEDS

PHRASES = [
    '"state of emergency"',
    '"the president"',
    '"in the"',
    '"prime minister" OR "state of emergency"',
    'title:"state of emergency"',
    '"of the" -emergency',
    '"the the"',
]


@pytest.fixture
def merged_library(tmp_path: Path) -> Library:
    """Seeds and edited copies indexed one file per run: Whoosh merges the small segments."""
    corpus = tmp_path / "corpus"
    corpus.mkdir()
    library = Library.open(tmp_path / "library", create=True)
    seeds = sorted(SEEDS.iterdir())
    for number in range(8):
        text = seeds[number % len(seeds)].read_text(encoding="utf-8")
        (corpus / f"{number}.txt").write_text(f"Copy {number}\n\n{text}", encoding="utf-8")
        library.index([corpus])
    (corpus / "5.txt").unlink()  # a deleted article inside a segment
    library.index([corpus])
    return library


def _segments(library: Library) -> list:
    return [sub.reader() for sub, _ in library._searcher().leaf_searchers()]


def _tokens(reader) -> dict[str, forward.FieldTokens] | None:
    return forward.read(forward.path_of(reader.storage().folder, reader.segment().segment_id()))


def test_every_segment_holds_its_articles_terms_in_order(merged_library: Library) -> None:
    readers = _segments(merged_library)
    assert len(readers) < 8, "some segments were merged"
    assert any(reader.has_deletions() for reader in readers)
    for reader in readers:
        fields = _tokens(reader)
        assert fields is not None
        body = fields["body"]
        assert len(body.starts) == reader.doc_count_all() + 1
        for docnum in reader.all_doc_ids():
            article = merged_library.article(reader.stored_fields(docnum)["id"])
            found = body.lexicon[body.tokens[body.starts[docnum] : body.starts[docnum + 1]]]
            expected = forward.term_hashes(term_list(article.text))
            assert np.array_equal(found, expected)


def test_segments_without_forward_tokens_find_the_same_phrases(merged_library: Library) -> None:
    searcher = merged_library._searcher()
    before = VectorScorer(searcher)
    answers = [before.top(parse(text, searcher.schema).query, 10) for text in PHRASES]
    assert sum(answer is not None and answer[2] > 0 for answer in answers) >= 4
    for reader in _segments(merged_library):
        forward.path_of(reader.storage().folder, reader.segment().segment_id()).unlink()
    after = VectorScorer(merged_library._searcher())
    assert all(after._segments[0].tokens(name) is None for name in ("title", "body"))
    for text, answer in zip(PHRASES, answers, strict=True):
        numbers, scores, total = after.top(parse(text, searcher.schema).query, 10) or ([], [], 0)
        assert answer is not None and total == answer[2], text
        assert numbers == answer[0], text
        assert scores == pytest.approx(answer[1], rel=1e-12), text


def test_a_phrase_word_a_segment_lacks_matches_nothing_there(tmp_path: Path) -> None:
    tokens = forward.FieldTokens.build(
        forward.term_hashes(["a", "b"]), np.array([0, 1, 1, 0]), np.array([2, 2])
    )
    path = tmp_path / "x.fwd"
    forward.write(path, {"body": tokens})
    read = forward.read(path)
    assert read is not None
    body = read["body"]
    assert body.number(forward.term_hash(b"b")) is not None
    assert body.number(forward.term_hash(b"c")) is None
    assert body.lexicon[body.tokens].tolist() == forward.term_hashes(["a", "b", "b", "a"]).tolist()
    assert forward.read(tmp_path / "missing.fwd") is None
