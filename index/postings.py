"""One term's postings in one Whoosh segment, read straight from the postings file into arrays.

This is the one place that knows the layout of Whoosh 3 postings (whoosh-reloaded 2.7.5,
pinned): a term's postings are one byte range of the segment's postings file, a header tag
and then blocks, each a signed length (negative for the last block), a pickled info tuple
(count, last article number, ...) and the pickled data: article-number gaps (the first one
from zero), weights, and values (word positions, for fields that keep them). (Whoosh can
also keep a short list in the term dictionary, but its code for writing one is broken in
2.7.5: no index has them.) Whoosh's own matcher reads a
block in about 45 microseconds of Python; here a term's bytes are read at once and each
block costs a couple of C calls. tests/test_search_engine.py checks every result against
Whoosh's own.
"""

from __future__ import annotations

import io
import pickle
import zlib
from dataclasses import dataclass
from struct import Struct
from typing import Any

import numpy as np
from whoosh.codec.whoosh3 import WHOOSH3_HEADER_MAGIC, W3TermInfo
from whoosh.reading import TermNotFound

_BLOCK_LENGTH = Struct("!i")


@dataclass(frozen=True, slots=True)
class Values:
    """Each posting's encoded value (positions), packed in one buffer."""

    data: np.ndarray
    """uint8: the values one after another."""
    starts: np.ndarray
    lengths: np.ndarray

    def __len__(self) -> int:
        return len(self.starts)

    def take(self, rows: np.ndarray) -> Values:
        """The values of the given postings (row numbers), sharing the buffer."""
        return Values(self.data, self.starts[rows], self.lengths[rows])

    @staticmethod
    def joined(parts: list[Values]) -> Values:
        """The values of several parts, one after another (their buffers end to end)."""
        bases = np.cumsum([0, *(len(part.data) for part in parts)])[:-1].tolist()
        return Values(
            np.concatenate([part.data for part in parts]),
            np.concatenate([part.starts + base for part, base in zip(parts, bases, strict=True)]),
            np.concatenate([part.lengths for part in parts]),
        )

    def raw(self, row: int) -> bytes:
        """One value as bytes."""
        start = int(self.starts[row])
        return self.data[start : start + int(self.lengths[row])].tobytes()


NO_VALUES = Values(np.zeros(0, np.uint8), np.zeros(0, np.int64), np.zeros(0, np.int64))


@dataclass(frozen=True, slots=True)
class Postings:
    """Article numbers (segment-local, ascending), weights, and values when asked for."""

    numbers: np.ndarray
    weights: np.ndarray
    values: Values = NO_VALUES

    def take(self, rows: np.ndarray) -> Postings:
        """The postings at the given row numbers."""
        values = self.values.take(rows) if len(self.values) else NO_VALUES
        return Postings(self.numbers[rows], self.weights[rows], values)


def term_info(terms: Any, field: str, text: bytes) -> W3TermInfo | None:
    """A term's statistics and whereabouts in a segment (its ``W3TermsReader``); None when
    the segment does not have the term."""
    try:
        info: W3TermInfo = terms.term_info(field, text)
    except TermNotFound:
        return None
    return info


def read(
    terms: Any, info: W3TermInfo, among: np.ndarray | None = None, values: bool = False
) -> Postings:
    """All postings of a term (found by :func:`term_info` in the same segment), or only those
    of the articles in ``among`` (sorted). With ``among``, blocks holding none of those
    articles are skipped unread."""
    offset, length = info.extent()
    # W3TermInfo.from_bytes keeps the length as struct.unpack's one-item tuple.
    size = length[0] if isinstance(length, tuple) else length
    return _read_blocks(terms._postfile.get(offset, size), among, values)


def _read_blocks(data: bytes, among: np.ndarray | None, values: bool) -> Postings:
    if data[: len(WHOOSH3_HEADER_MAGIC)] != WHOOSH3_HEADER_MAGIC:
        raise ValueError("not a Whoosh 3 postings list")
    stream = io.BytesIO(data)
    position = len(WHOOSH3_HEADER_MAGIC)
    gaps: list[int] = []
    block_firsts: list[int] = []
    block_lasts: list[int] = []
    weights: list[np.ndarray] = []
    kept_values: list[bytes] = []
    first = 0
    while True:
        (size,) = _BLOCK_LENGTH.unpack_from(data, position)
        end = position + _BLOCK_LENGTH.size + abs(size)
        stream.seek(position + _BLOCK_LENGTH.size)
        count, last, _, compression, _, _ = pickle.load(stream)
        if among is None or _any_between(among, first, last):
            block = data[stream.tell() : end]
            ids, block_weights, block_values = pickle.loads(
                zlib.decompress(block) if compression else block
            )
            block_firsts.append(len(gaps))
            block_lasts.append(last)
            gaps.extend(ids)
            weights.append(_weights(block_weights, count))
            if values:
                kept_values.extend(block_values)
        if size < 0:
            break
        first, position = last + 1, end
    if not gaps:
        return Postings(np.empty(0, dtype=np.int64), np.empty(0))
    # Each block's gaps start again from zero: made relative to the last number of the block
    # read before it, one cumulative sum gives every number.
    steps = np.array(gaps, dtype=np.int64)
    steps[block_firsts[1:]] -= np.array(block_lasts[:-1], dtype=np.int64)
    numbers = np.cumsum(steps)
    found = Postings(numbers, np.concatenate(weights), _pack(kept_values) if values else NO_VALUES)
    return found if among is None else found.take(_rows_among(numbers, among))


def _rows_among(numbers: np.ndarray, among: np.ndarray) -> np.ndarray:
    return np.flatnonzero(np.isin(numbers, among, assume_unique=True))


def _pack(values: list[bytes]) -> Values:
    lengths = np.fromiter(map(len, values), dtype=np.int64, count=len(values))
    return Values(
        np.frombuffer(b"".join(values), dtype=np.uint8), np.cumsum(lengths) - lengths, lengths
    )


def _weights(stored: object, count: int) -> np.ndarray:
    """A block's weights: stored as None (all 1), one float (all equal), or one per posting."""
    if stored is None:
        return np.ones(count)
    if isinstance(stored, float):
        return np.full(count, stored)
    return np.array(stored, dtype=np.float64)


def _any_between(among: np.ndarray, first: int, last: int) -> bool:
    return bool(np.searchsorted(among, first) < np.searchsorted(among, last, side="right"))
