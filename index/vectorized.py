"""Word queries scored a whole posting list at a time with numpy, instead of one article at a time.

Whoosh walks postings one article at a time in Python: a word found in a few thousand
articles cost 10-25 ms. Here each posting list is read block by block into arrays and scored
with the same BM25F formula and statistics Whoosh uses, so results and scores are Whoosh's
own. Queries made only of words, exact phrases, OR, AND and NOT take this path; anything
else (prefixes, ranges, dates, sloppy phrases) returns None and goes to Whoosh's collector.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

import numpy as np
from whoosh import query
from whoosh.reading import SegmentReader
from whoosh.scoring import BM25F
from whoosh.searching import Searcher
from whoosh.util.numeric import byte_to_length

from index import forward, postings
from index.forward import FieldTokens, term_hash
from index.phrase import PhraseScorer, bm25

Matches = tuple[np.ndarray, np.ndarray]
"""Matching global article numbers (sorted, unique) and their scores."""

_BYTE_TO_LENGTH = np.array([byte_to_length(b) for b in range(256)], dtype=np.float64)
_NONE: Matches = (np.empty(0, dtype=np.int64), np.empty(0, dtype=np.float64))


@dataclass
class _Segment:
    """One segment's reader, where its numbers start, and its cached per-article arrays."""

    reader: Any
    offset: int
    deleted: np.ndarray | None
    """Its deleted articles (sorted), or None when there are none."""
    lengths: dict[str, np.ndarray] = field(default_factory=dict)

    def tokens(self, name: str) -> FieldTokens | None:
        """A field's word order here (``index.forward``); None when no article here has it."""
        return forward.of_reader(self.reader).get(name)

    def term_info(self, name: str, text: bytes) -> Any:
        """The term's statistics and whereabouts here; None when this segment lacks it."""
        return postings.term_info(self.reader._terms, name, text)

    def read(self, info: Any) -> postings.Postings:
        """The postings of a term, of articles not deleted."""
        read = postings.read(self.reader._terms, info)
        if self.deleted is None:
            return read
        return read.take(np.flatnonzero(~np.isin(read.numbers, self.deleted, assume_unique=True)))


class VectorScorer:
    """Scores word queries against one searcher; build a new one when the searcher changes."""

    def __init__(self, searcher: Searcher) -> None:
        self.searcher = searcher
        weighting = searcher.weighting
        self._usable = type(weighting) is BM25F and not weighting._field_B
        self._b, self._k1 = getattr(weighting, "B", 0.75), getattr(weighting, "K1", 1.2)
        self._segments = [
            _Segment(sub.reader(), offset, _deleted(sub.reader()))
            for sub, offset in searcher.leaf_searchers()
            if isinstance(sub.reader(), SegmentReader)  # an empty index has an EmptyReader
        ]

    def top(
        self,
        wanted: query.Query,
        limit: int,
        among: np.ndarray | None = None,
        excluded: np.ndarray | None = None,
    ) -> tuple[list[int], list[float], int] | None:
        """Article numbers and scores of the best ``limit`` matches, and how many match (of
        the articles ``among`` when given, less those ``excluded``: sorted global numbers).

        None when the query has parts this path does not score.
        """
        if not self._usable:
            return None
        found = self._evaluate(wanted)
        if found is None:
            return None
        numbers, scores = found
        if among is not None or excluded is not None:
            kept = np.ones(len(numbers), dtype=bool)
            if among is not None:
                kept &= np.isin(numbers, among, assume_unique=True)
            if excluded is not None:
                kept &= ~np.isin(numbers, excluded, assume_unique=True)
            numbers, scores = numbers[kept], scores[kept]
        total = len(numbers)
        if len(numbers) > limit:
            # Everything scoring at least the limit-th best: ties at the cut are kept whole,
            # so the article order below decides between them, as in Whoosh's collector.
            cut = np.partition(scores, len(scores) - limit)[len(scores) - limit]
            contenders = scores >= cut
            numbers, scores = numbers[contenders], scores[contenders]
        # Highest score first; equal scores in article order.
        order = np.lexsort((numbers, -scores))[:limit]
        return numbers[order].tolist(), scores[order].tolist(), total

    def _evaluate(self, node: query.Query) -> Matches | None:
        if type(node) is query.Term:
            return self._term(node)
        if isinstance(node, query.Phrase):
            return self._phrase(node)
        if type(node) is query.Or:
            either = _combine([self._evaluate(child) for child in node.subqueries], union=True)
            return _boosted(either, node.boost)
        if type(node) is query.And:
            positive = [c for c in node.subqueries if not isinstance(c, query.Not)]
            negative = [c.query for c in node.subqueries if isinstance(c, query.Not)]
            if not positive:
                return None
            kept = self._without(
                _combine([self._evaluate(child) for child in positive], union=False), negative
            )
            if kept is not None and negative:
                # Whoosh scores each NOT part as a match of weight 1 (an inverse matcher).
                kept = kept[0], kept[1] + len(negative)
            return _boosted(kept, node.boost)
        if type(node) is query.AndNot:
            return self._without(self._evaluate(node.a), [node.b])
        if node is query.NullQuery or type(node) is type(query.NullQuery):
            return _NONE
        return None

    def _without(self, kept: Matches | None, excluded: list[query.Query]) -> Matches | None:
        """``kept`` minus the articles any excluded query matches (their scores don't count)."""
        if kept is None:
            return None
        for node in excluded:
            dropped = self._evaluate(node)
            if dropped is None:
                return None
            keep = ~np.isin(kept[0], dropped[0], assume_unique=True)
            kept = kept[0][keep], kept[1][keep]
        return kept

    def _term(self, node: query.Term) -> Matches | None:
        """BM25F scores of one word in one field, over every segment."""
        found = self._field_terms(node.fieldname, [node.text])
        if found is None:
            return None
        if not found:
            return _NONE
        name, text = node.fieldname, found[0]
        numbers, scores = [], []
        for segment in self._segments:
            info = segment.term_info(name, text)
            if info is None:
                continue
            read = segment.read(info)
            numbers.append(read.numbers + segment.offset)
            scores.append(self._bm25(segment, name, text, read))
        if not numbers:
            return _NONE
        return np.concatenate(numbers), np.concatenate(scores) * node.boost

    def _phrase(self, node: query.Phrase) -> Matches | None:
        """Articles holding the words one after the other, scored as a phrase (see
        ``index.phrase.Phrase``): the rarest word's occurrences are read from each segment's
        word order, and the other words looked up beside them there."""
        schema = self.searcher.schema
        if node.slop != 1 or node.fieldname not in schema:
            return None
        texts = self._field_terms(node.fieldname, node.words)
        if texts is None:
            return None
        name = node.fieldname
        if len(texts) < len(node.words) or not texts:
            return _NONE  # a word the field never holds
        hashes = [term_hash(text) for text in texts]
        found = []
        for segment in self._segments:
            tokens = segment.tokens(name)
            if tokens is None:
                continue  # no article of this segment has the field
            numbers = [tokens.number(h) for h in hashes]
            known = [number for number in numbers if number is not None]
            if len(known) == len(numbers):
                found.append((segment, *_phrase_counts(segment, tokens, known)))
        if not found:
            return _NONE
        scorer = PhraseScorer.of(self.searcher, name, texts)
        numbers_found = [docs + segment.offset for segment, docs, _ in found]
        scores = [
            scorer.scores(frequencies, self._lengths(segment, name)[docs])
            for segment, docs, frequencies in found
        ]
        return np.concatenate(numbers_found), np.concatenate(scores) * node.boost

    def _field_terms(self, name: str, words: list[str]) -> list[bytes] | None:
        """The words as index terms of a scored field (fewer if one cannot be a term);
        None for a field this path does not score."""
        schema = self.searcher.schema
        if name not in schema or not schema[name].scorable:
            return None
        found = []
        for word in words:
            try:
                found.append(schema[name].to_bytes(word))
            except ValueError:
                continue
        return found

    def _bm25(
        self, segment: _Segment, name: str, text: bytes, read: postings.Postings
    ) -> np.ndarray:
        """Whoosh's BM25F formula, with its own statistics, for each posting read."""
        return bm25(
            self.searcher.idf(name, text),
            read.weights,
            self._lengths(segment, name)[read.numbers],
            self.searcher.avg_field_length(name) or 1,
            self._b,
            self._k1,
        )

    def _lengths(self, segment: _Segment, name: str) -> np.ndarray:
        """Every article's length in a field, as Whoosh's scorer sees it (1 where unknown)."""
        if name not in segment.lengths:
            column = segment.reader._perdoc._cached_reader(f"_{name}_len", _lengths_column())
            count = segment.reader.doc_count_all()
            codes = np.zeros(count, dtype=np.uint8)
            if column is not None:
                # One read of the column's bytes (one per article) instead of 50k lookups.
                stored = column._dbfile.get(column._basepos, min(count, column._count))
                codes[: len(stored)] = np.frombuffer(stored, dtype=np.uint8)
            lengths = _BYTE_TO_LENGTH[codes]
            lengths[codes == 0] = 1
            segment.lengths[name] = lengths
        return segment.lengths[name]


def _phrase_counts(
    segment: _Segment, tokens: FieldTokens, numbers: list[int]
) -> tuple[np.ndarray, np.ndarray]:
    """A segment's live articles holding the phrase (its words as term numbers there), and
    how often each does: each occurrence of the rarest word where every other word stands at
    its place beside it."""
    rarest = min(range(len(numbers)), key=lambda place: tokens.count(numbers[place]))
    docs, positions = tokens.occurrences(numbers[rarest])
    docs = docs.astype(np.int64)
    if segment.deleted is not None:
        live = ~np.isin(docs, segment.deleted)
        docs, positions = docs[live], positions[live]
    start = tokens.starts[docs] + positions - rarest
    fits = (positions >= rarest) & (start + len(numbers) <= tokens.starts[docs + 1])
    for place, number in enumerate(numbers):
        if place != rarest and fits.any():
            fits &= tokens.tokens[np.where(fits, start + place, 0)] == number
    found: tuple[np.ndarray, np.ndarray] = np.unique(docs[fits], return_counts=True)
    return found


def _lengths_column() -> Any:
    from whoosh.codec.whoosh3 import LENGTHS_COLUMN

    return LENGTHS_COLUMN


def _deleted(reader: Any) -> np.ndarray | None:
    deleted = reader.deleted_docs_set if reader.has_deletions() else None
    return np.array(sorted(deleted), dtype=np.int64) if deleted else None


def _boosted(found: Matches | None, boost: float) -> Matches | None:
    return found if found is None or boost == 1.0 else (found[0], found[1] * boost)


def _combine(parts: list[Matches | None], union: bool) -> Matches | None:
    """OR (scores added where both match) or AND (only articles in every part) of matches."""
    if any(part is None for part in parts):
        return None
    present = [part for part in parts if part is not None]
    if not present:
        return _NONE
    numbers = np.concatenate([p[0] for p in present])
    scores = np.concatenate([p[1] for p in present])
    unique, where, counts = np.unique(numbers, return_inverse=True, return_counts=True)
    totals = np.bincount(where, weights=scores, minlength=len(unique))
    if union:
        return unique, totals
    everywhere = counts == len(present)
    return unique[everywhere], totals[everywhere]
