"""Exact phrases ("prime minister") matched with set arithmetic on word positions."""

from __future__ import annotations

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

from index.positions import decode, decode_one
from index.postings import Values


class Phrase(query.Phrase):
    """Whoosh's phrase query with a faster matcher for exact (slop 1) phrases, scored as a
    phrase.

    Whoosh checks each candidate article by building Span objects for every position of
    every word and pairing them up; most of a phrase search went there. Here a candidate
    is kept when shifting each word's positions back by its place in the phrase leaves a
    common start. The same matches as Whoosh's; the score is BM25 of how often the phrase
    occurs, with the sum of its words' IDFs (as Lucene scores phrases), not the sum of the
    words' own scores: an article that merely uses "and" often gains nothing on "and others",
    and a search need not count the common words of a phrase in every article holding it.
    """

    def matcher(self, searcher: Searcher, context: Any = None) -> Matcher:
        """Adjacent words; anything but an exact phrase goes to Whoosh's own matcher."""
        if self.slop != 1 or self.fieldname not in searcher.schema:
            return super().matcher(searcher, context)
        field = searcher.schema[self.fieldname]
        if not field.format.supports("positions"):
            return super().matcher(searcher, context)
        reader = searcher.reader()
        words = []
        encoded_words = []
        for word in self.words:
            try:
                encoded = field.to_bytes(word)
            except ValueError:
                return matching.NullMatcher()
            if (self.fieldname, encoded) not in reader:
                return matching.NullMatcher()
            encoded_words.append(encoded)
            words.append(query.Term(self.fieldname, encoded).matcher(searcher, context))
        fieldname = self.fieldname
        found: Matcher = AdjacentWords(
            words,
            PhraseScorer.of(searcher, fieldname, encoded_words),
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
        tf = frequencies * self.field_boost
        norm = (1 - self.b) + self.b * lengths / self.average_length
        scores: np.ndarray = self.idf * ((tf * (self.k1 + 1)) / (tf + self.k1 * norm))
        return scores


class AdjacentWords(SpanWrappingMatcher):  # type: ignore[misc]
    """Articles holding all the words, one right after the other, in order."""

    def __init__(
        self, words: list[Matcher], scorer: PhraseScorer, length_of: Callable[[int], float]
    ) -> None:
        self._words = words
        self._scorer = scorer
        self._length_of = length_of
        super().__init__(make_binary_tree(IntersectionMatcher, words))

    def copy(self) -> AdjacentWords:
        """An independent copy at the same place (Whoosh copies matchers when it rewrites)."""
        return AdjacentWords([word.copy() for word in self._words], self._scorer, self._length_of)

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

    def _get_spans(self) -> list[int]:
        """Start positions of the phrase in the current article (empty: no phrase here)."""
        return sorted(phrase_starts([word.value() for word in self._words]))


def phrase_starts(values: list[bytes]) -> set[int]:
    """Where the words start one after the other, from each word's positions posting value."""
    starts = set(decode_one(values[0]))
    for place, value in enumerate(values[1:], start=1):
        starts.intersection_update(p - place for p in decode_one(value))
        if not starts:
            break
    return starts


def phrase_rows(words: list[Values]) -> tuple[np.ndarray, np.ndarray]:
    """The candidates holding the phrase, all at once, and how often each holds it: row ``i``
    of every word's values is the same article. A candidate is kept when shifting each word's
    positions back by its place in the phrase leaves a common start."""
    keys: np.ndarray | None = None
    for place, values in enumerate(words):
        rows, positions = decode(values)
        starts = positions - place
        fits = starts >= 0
        found = (rows[fits] << 32) | starts[fits]
        keys = found if keys is None else np.intersect1d(keys, found, assume_unique=True)
        if not len(keys):
            break
    if keys is None:
        return np.zeros(0, dtype=np.int64), np.zeros(0, dtype=np.int64)
    rows, counts = np.unique(keys >> 32, return_counts=True)
    return rows, counts


def with_fast_phrases(parsed: query.Query, schema: Schema) -> query.Query:
    """The query with every Whoosh phrase replaced by :class:`Phrase`.

    In a field that keeps no positions (url, path) a phrase asks for all of its words.
    """
    if not any(type(leaf) is query.Phrase for leaf in parsed.leaves()):
        return parsed
    return parsed.accept(lambda node: _fast(node, schema))


def _fast(node: query.Query, schema: Schema) -> query.Query:
    if type(node) is not query.Phrase:
        return node
    if node.fieldname in schema and not schema[node.fieldname].format.supports("positions"):
        return query.And(
            [query.Term(node.fieldname, word) for word in node.words], boost=node.boost
        )
    return Phrase(node.fieldname, node.words, slop=node.slop, boost=node.boost)
