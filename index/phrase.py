"""Phrases ("prime minister", "riot police"~3) matched on each segment's word order."""

from __future__ import annotations

from bisect import bisect_left
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from typing import Any

import numpy as np
from whoosh import matching, query
from whoosh.fields import Schema
from whoosh.matching import IntersectionMatcher, Matcher
from whoosh.query.spans import SpanWrappingMatcher
from whoosh.searching import Searcher
from whoosh.util import make_binary_tree

from index import forward
from index.forward import FieldTokens


class Phrase(query.Phrase):
    """Whoosh's phrase query, matched on the word order kept in ``index.forward`` (Whoosh
    keeps no positions), and scored as a phrase.

    The same matches as Whoosh's phrase query on positions: the words in order, each within
    ``slop`` places after the one before (next to it when ``slop`` is 1). The score is BM25
    of how often the phrase occurs, with the sum of its words' IDFs (as Lucene scores
    phrases), not the sum of the words' own scores: an article that merely uses "and" often
    gains nothing on "and others".
    """

    def matcher(self, searcher: Searcher, context: Any = None) -> Matcher:
        """The articles of one segment holding the phrase."""
        fieldname = self.fieldname
        if fieldname not in searcher.schema:
            return matching.NullMatcher()
        field = searcher.schema[fieldname]
        reader = searcher.reader()
        tokens = forward.of_reader(reader).get(fieldname)
        if tokens is None:  # no article of this segment has the field
            return matching.NullMatcher()
        matchers, terms, numbers = [], [], []
        for word in self.words:
            try:
                term = field.to_bytes(word)
            except ValueError:
                return matching.NullMatcher()
            number = tokens.number(forward.term_hash(term))
            if number is None or (fieldname, term) not in reader:
                return matching.NullMatcher()
            terms.append(term)
            numbers.append(number)
            matchers.append(query.Term(fieldname, term).matcher(searcher, context))
        found: Matcher = AdjacentWords(
            matchers,
            WordOrder(tokens, numbers, self.slop),
            PhraseScorer.of(searcher, fieldname, terms),
            lambda docnum: searcher.doc_field_length(docnum, fieldname, 1),
        )
        if self.boost != 1.0:
            found = matching.WrappingMatcher(found, boost=self.boost)
        return found


@dataclass(frozen=True, slots=True)
class PhraseScorer:
    """Whoosh's BM25F formula applied to a phrase: its frequency in an article stands for a
    word's, the sum of its words' IDFs for the word's IDF."""

    idf: float
    field_boost: float
    average_length: float
    b: float
    k1: float

    @staticmethod
    def of(searcher: Searcher, fieldname: str, terms: Sequence[bytes]) -> PhraseScorer:
        """The scorer of a phrase (its words as index terms) in one field, with the
        statistics of the whole index."""
        parent = searcher.get_parent()  # a leaf searcher's statistics are the whole index's
        weighting = searcher.weighting
        return PhraseScorer(
            sum(parent.idf(fieldname, term) for term in terms),
            searcher.schema[fieldname].format.field_boost,
            parent.avg_field_length(fieldname) or 1,
            getattr(weighting, "B", 0.75),
            getattr(weighting, "K1", 1.2),
        )

    def scores(self, frequencies: np.ndarray, lengths: np.ndarray) -> np.ndarray:
        """The score of each article, from the phrase's frequency and the field's length."""
        return bm25(
            self.idf, frequencies * self.field_boost, lengths, self.average_length, self.b, self.k1
        )


def bm25(
    idf: float, tf: np.ndarray, lengths: np.ndarray, average: float, b: float, k1: float
) -> np.ndarray:
    """Whoosh's BM25F score (whoosh.scoring.bm25) of each weight and field length."""
    scores: np.ndarray = idf * ((tf * (k1 + 1)) / (tf + k1 * ((1 - b) + b * lengths / average)))
    return scores


@dataclass(frozen=True, slots=True)
class WordOrder:
    """A phrase's words as numbers of one segment's field, and how far apart they may be."""

    tokens: FieldTokens
    numbers: list[int]
    slop: int

    def spans(self, doc: int) -> list[tuple[int, int]]:
        """Where the phrase occurs in an article: (first, last) position of each occurrence."""
        places = [self.tokens.positions_in(number, doc).tolist() for number in self.numbers]
        return phrase_spans(places, self.slop)


def phrase_spans(places: Sequence[Sequence[int]], slop: int) -> list[tuple[int, int]]:
    """(first, last) positions of the words occurring in order, each 1 to ``slop`` places
    after the one before, from each word's ascending positions: what Whoosh's SpanNear2
    (ordered, mindist 1) finds."""
    spans = sorted({(position, position) for position in places[0]})
    for following in places[1:]:
        found = set()
        for first, last in spans:
            for position in following[bisect_left(following, first) :]:
                if position > last + slop:
                    break
                if position > last:
                    found.add((first, position))
        spans = sorted(found)
        if not spans:
            break
    return spans


class AdjacentWords(SpanWrappingMatcher):  # type: ignore[misc]
    """Articles holding a phrase: the articles of all its words, kept where the word order
    has the words in place."""

    def __init__(
        self,
        words: list[Matcher],
        order: WordOrder,
        scorer: PhraseScorer,
        length_of: Callable[[int], float],
    ) -> None:
        self._words = words
        self._order = order
        self._scorer = scorer
        self._length_of = length_of
        super().__init__(make_binary_tree(IntersectionMatcher, words))

    def copy(self) -> AdjacentWords:
        """An independent copy at the same place (Whoosh copies matchers when it rewrites)."""
        return AdjacentWords(
            [word.copy() for word in self._words], self._order, self._scorer, self._length_of
        )

    def supports_block_quality(self) -> bool:
        """No: the words' block bounds do not bound the phrase's score."""
        return False

    def score(self) -> float:
        """BM25 of the phrase's frequency here (see ``PhraseScorer``)."""
        found = self._scorer.scores(
            np.array([len(self.spans())]), np.array([self._length_of(self.id())])
        )
        return float(found[0])

    def replace(self, minquality: float = 0) -> Matcher:
        """Keep this matcher (its words are fixed); an exhausted one becomes a null one."""
        return self if self.is_active() else matching.NullMatcher()

    def _get_spans(self) -> list[tuple[int, int]]:
        """The phrase's occurrences in the current article (empty: no phrase here)."""
        return self._order.spans(self.id())


def with_fast_phrases(parsed: query.Query, schema: Schema) -> query.Query:
    """The query with every Whoosh phrase replaced by :class:`Phrase`.

    In a field whose word order is not kept (url, path) a phrase asks for all of its words.
    """
    if not any(type(leaf) is query.Phrase for leaf in parsed.leaves()):
        return parsed
    return parsed.accept(lambda node: _fast(node, schema))


def _fast(node: query.Query, schema: Schema) -> query.Query:
    if type(node) is not query.Phrase:
        return node
    if node.fieldname in schema and node.fieldname not in forward.FIELDS:
        return query.And(
            [query.Term(node.fieldname, word) for word in node.words], boost=node.boost
        )
    return Phrase(node.fieldname, node.words, slop=node.slop, boost=node.boost)
