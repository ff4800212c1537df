"""One term's postings in one Whoosh segment, read a block at a time into numpy arrays.

This is the one place that knows the layout of Whoosh 3 posting blocks (whoosh-reloaded
2.7.5, pinned): a header per block (its last article number, whether it is the last block),
then a pickled tuple of article-number gaps, weights and values (positions, for fields
that keep them). tests/test_search_engine.py checks every result against Whoosh's own.
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np
from whoosh.codec.whoosh3 import W3LeafMatcher
from whoosh.matching import Matcher


@dataclass(frozen=True, slots=True)
class Postings:
    """Article numbers (segment-local, ascending), weights, and values when asked for."""

    numbers: np.ndarray
    weights: np.ndarray
    values: list[bytes]


def read(matcher: Matcher, among: np.ndarray | None = None, values: bool = False) -> Postings:
    """All postings of ``matcher``, or only those of the articles in ``among`` (sorted).

    With ``among``, blocks holding none of those articles are skipped unread.
    """
    if not isinstance(matcher, W3LeafMatcher):  # postings inlined in the term dictionary
        return _read_one_by_one(matcher, among, values)
    numbers, weights = [], []
    kept_values: list[bytes] = []
    first = 0
    while True:
        last = matcher._maxid
        if among is None or _any_between(among, first, last):
            matcher._read_data()
            gaps, block_weights, block_values = matcher._data
            # Numbers are stored as gaps from the previous one, starting again at each block.
            block = np.cumsum(np.array(gaps, dtype=np.int64))
            weight = _weights(block_weights, len(block))
            if among is not None:
                keep = np.flatnonzero(np.isin(block, among, assume_unique=True))
                block, weight = block[keep], weight[keep]
                if values:
                    kept_values.extend(block_values[i] for i in keep)
            elif values:
                kept_values.extend(block_values)
            numbers.append(block)
            weights.append(weight)
        if matcher._lastblock:
            break
        first = last + 1
        matcher._goto(matcher._nextoffset)
    if not numbers:
        return Postings(np.empty(0, dtype=np.int64), np.empty(0), [])
    return Postings(np.concatenate(numbers), np.concatenate(weights), kept_values)


def _weights(stored: object, count: int) -> np.ndarray:
    """A block's weights: stored as None (all 1), one float (all equal), or one per posting."""
    if stored is None:
        return np.ones(count)
    if isinstance(stored, float):
        return np.full(count, stored)
    return np.array(stored, dtype=np.float64)


def _any_between(among: np.ndarray, first: int, last: int) -> bool:
    return bool(np.searchsorted(among, first) < np.searchsorted(among, last, side="right"))


def _read_one_by_one(matcher: Matcher, among: np.ndarray | None, values: bool) -> Postings:
    numbers: list[int] = []
    weights: list[float] = []
    kept_values: list[bytes] = []
    wanted = None if among is None else set(among.tolist())
    while matcher.is_active():
        number = matcher.id()
        if wanted is None or number in wanted:
            numbers.append(number)
            weights.append(matcher.weight())
            if values:
                kept_values.append(matcher.value())
        matcher.next()
    return Postings(np.array(numbers, dtype=np.int64), np.array(weights), kept_values)
