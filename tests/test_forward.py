"""Word order: every segment's articles' terms in text order and where each term occurs,
merged segments included; phrases with slop as Whoosh's own span matcher finds them."""

from __future__ import annotations

import random
from pathlib import Path

import numpy as np
import pytest
from whoosh import fields, query
from whoosh.filedb.filestore import RamStorage

from index import forward
from index.analysis import name_terms, term_list
from index.errors import IndexUnreadable
from index.library import Library
from index.phrase import phrase_spans


def _word_order(reader) -> dict[str, forward.FieldTokens]:
    return forward.read(forward.path_of(reader.storage().folder, reader.segment().segment_id()))


def test_every_segment_holds_its_articles_words_in_order(merged_library: Library) -> None:
    readers = [sub.reader() for sub, _ in merged_library._searcher().leaf_searchers()]
    assert len(readers) < 8, "some segments were merged"
    assert any(reader.has_deletions() for reader in readers)
    for reader in readers:
        fields_ = _word_order(reader)
        for docnum in reader.all_doc_ids():
            article = merged_library.article(reader.stored_fields(docnum)["id"])
            for name, words in (
                ("body", term_list(article.text)),
                ("title", term_list(article.title)),
                ("source", name_terms(article.source or "")),
            ):
                tokens = fields_.get(name) or forward.FieldTokens.empty(reader.doc_count_all())
                assert len(tokens.starts) == reader.doc_count_all() + 1
                numbers = tokens.tokens[tokens.starts[docnum] : tokens.starts[docnum + 1]]
                expected = [tokens.number(h) for h in forward.term_hashes(words).tolist()]
                assert numbers.tolist() == expected
                for place, number in enumerate(expected):
                    assert place in tokens.positions_in(number, docnum).tolist()


def test_occurrences_are_grouped_by_term_then_article_and_position() -> None:
    rng = random.Random(4)
    sizes = np.array([rng.randint(0, 30) for _ in range(40)])
    terms = np.array([rng.randrange(12) for _ in range(int(sizes.sum()))])
    tokens = forward.FieldTokens.of_tokens(
        forward.term_hashes([str(t) for t in range(12)]), terms, sizes
    )
    starts = np.cumsum(sizes) - sizes
    for number in range(12):
        docs, positions = tokens.occurrences(number)
        expected = [
            (doc, position)
            for doc in range(len(sizes))
            for position in range(sizes[doc])
            if terms[starts[doc] + position] == number
        ]
        assert list(zip(docs.tolist(), positions.tolist(), strict=True)) == expected
        assert tokens.count(number) == len(expected)


def test_the_file_reads_back_and_a_missing_one_says_how_to_recover(tmp_path: Path) -> None:
    tokens = forward.FieldTokens.of_tokens(
        forward.term_hashes(["a", "b"]), np.array([0, 1, 1, 0]), np.array([2, 0, 2])
    )
    path = tmp_path / "x.fwd"
    forward.write(path, {"body": tokens})
    body = forward.read(path)["body"]
    assert body.number(forward.term_hash(b"c")) is None
    b = body.number(forward.term_hash(b"b"))
    assert b is not None and body.positions_in(b, 2).tolist() == [0]
    assert body.starts.tolist() == [0, 2, 2, 4]
    with pytest.raises(IndexUnreadable, match="--rebuild"):
        forward.read(tmp_path / "missing.fwd")


def test_phrases_with_slop_match_whooshs_span_matcher() -> None:
    # Whoosh's own phrase query on a field with positions, against phrase_spans.
    rng = random.Random(5)
    schema = fields.Schema(body=fields.TEXT(phrase=True))
    index = RamStorage().create_index(schema)
    writer = index.writer()
    vocabulary = {"a": "red", "b": "blue", "c": "green", "d": "gray"}  # not stop words
    documents = [[rng.choice("abcd") for _ in range(rng.randint(1, 12))] for _ in range(300)]
    for words in documents:
        writer.add_document(body=" ".join(vocabulary[w] for w in words))
    writer.commit()
    with index.searcher() as searcher:
        for words, slop in [("ab", 1), ("ab", 2), ("abc", 2), ("aba", 3), ("dd", 1), ("cab", 4)]:
            phrase = query.Phrase("body", [vocabulary[w] for w in words], slop=slop)
            whooshs = set(searcher.docs_for_query(phrase))
            ours = {
                n
                for n, text in enumerate(documents)
                if phrase_spans(
                    [[p for p, w in enumerate(text) if w == word] for word in words], slop
                )
            }
            assert ours == whooshs, (words, slop)
