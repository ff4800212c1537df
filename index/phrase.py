"""Exact phrases ("prime minister") matched with set arithmetic on word positions."""

from __future__ import annotations

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
    """Whoosh's phrase query with a faster matcher for exact (slop 1) phrases.

    Whoosh checks each candidate article by building Span objects for every position of
    every word and pairing them up; most of a phrase search went there. Here a candidate
    is kept when shifting each word's positions back by its place in the phrase leaves a
    common start. Same matches, same scores (the sum of the words' scores).
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
        for word in self.words:
            try:
                encoded = field.to_bytes(word)
            except ValueError:
                return matching.NullMatcher()
            if (self.fieldname, encoded) not in reader:
                return matching.NullMatcher()
            words.append(query.Term(self.fieldname, encoded).matcher(searcher, context))
        found: Matcher = AdjacentWords(words)
        if self.boost != 1.0:
            found = matching.WrappingMatcher(found, boost=self.boost)
        return found


class AdjacentWords(SpanWrappingMatcher):  # type: ignore[misc]
    """Articles holding all the words, one right after the other, in order."""

    def __init__(self, words: list[Matcher]) -> None:
        self._words = words
        super().__init__(make_binary_tree(IntersectionMatcher, words))

    def copy(self) -> AdjacentWords:
        """An independent copy at the same place (Whoosh copies matchers when it rewrites)."""
        return AdjacentWords([word.copy() for word in self._words])

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


def phrase_rows(words: list[Values]) -> np.ndarray:
    """The candidates holding the phrase, all at once: row ``i`` of every word's values is
    the same article. A candidate is kept when shifting each word's positions back by its
    place in the phrase leaves a common start."""
    keys: np.ndarray | None = None
    for place, values in enumerate(words):
        rows, positions = decode(values)
        starts = positions - place
        fits = starts >= 0
        found = (rows[fits] << 32) | starts[fits]
        keys = found if keys is None else np.intersect1d(keys, found, assume_unique=True)
        if not len(keys):
            break
    return np.zeros(0, dtype=np.int64) if keys is None else np.unique(keys >> 32)


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
