"""One term's postings in one Whoosh segment, read straight from the postings file into arrays.

This is the one place that knows the layout of Whoosh 3 postings (whoosh-reloaded 2.7.5,
pinned): a term's postings are one byte range of the segment's postings file, a header tag
and then blocks, each a signed length (negative for the last block), a pickled info tuple
(count, last article number, ...) and the pickled data: article-number gaps (the first one
from zero), weights, and values (not read here: no field keeps positions in Whoosh). (Whoosh can
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
class Postings:
    """Article numbers (segment-local, ascending) and weights."""

    numbers: np.ndarray
    weights: np.ndarray

    def take(self, rows: np.ndarray) -> Postings:
        """The postings at the given row numbers."""
        return Postings(self.numbers[rows], self.weights[rows])


def term_info(terms: Any, field: str, text: bytes) -> W3TermInfo | None:
    """A term's statistics and whereabouts in a segment (its ``W3TermsReader``); None when
    the segment does not have the term."""
    try:
        info: W3TermInfo = terms.term_info(field, text)
    except TermNotFound:
        return None
    return info


def read(terms: Any, info: W3TermInfo) -> Postings:
    """All postings of a term (found by :func:`term_info` in the same segment)."""
    offset, length = info.extent()
    # W3TermInfo.from_bytes keeps the length as struct.unpack's one-item tuple.
    size = length[0] if isinstance(length, tuple) else length
    return _read_blocks(terms._postfile.get(offset, size))


def _read_blocks(data: bytes) -> Postings:
    if data[: len(WHOOSH3_HEADER_MAGIC)] != WHOOSH3_HEADER_MAGIC:
        raise ValueError("not a Whoosh 3 postings list")
    stream = io.BytesIO(data)
    position = len(WHOOSH3_HEADER_MAGIC)
    gaps: list[int] = []
    block_firsts: list[int] = []
    block_lasts: list[int] = []
    weights: list[np.ndarray] = []
    while True:
        (size,) = _BLOCK_LENGTH.unpack_from(data, position)
        end = position + _BLOCK_LENGTH.size + abs(size)
        stream.seek(position + _BLOCK_LENGTH.size)
        count, last, _, compression, _, _ = pickle.load(stream)
        block = data[stream.tell() : end]
        ids, block_weights, _ = pickle.loads(zlib.decompress(block) if compression else block)
        block_firsts.append(len(gaps))
        block_lasts.append(last)
        gaps.extend(ids)
        weights.append(_weights(block_weights, count))
        if size < 0:
            break
        position = end
    if not gaps:
        return Postings(np.empty(0, dtype=np.int64), np.empty(0))
    # Each block's gaps start again from zero: made relative to the last number of the block
    # read before it, one cumulative sum gives every number.
    steps = np.array(gaps, dtype=np.int64)
    steps[block_firsts[1:]] -= np.array(block_lasts[:-1], dtype=np.int64)
    numbers = np.cumsum(steps)
    return Postings(numbers, np.concatenate(weights))


def _weights(stored: object, count: int) -> np.ndarray:
    """A block's weights: stored as None (all 1), one float (all equal), or one per posting."""
    if stored is None:
        return np.ones(count)
    if isinstance(stored, float):
        return np.full(count, stored)
    return np.array(stored, dtype=np.float64)
