"""Word positions from Whoosh's Positions posting values, many values at a time with numpy.

A value is a 4-byte count, then the pickled list of position gaps (the first from zero).
The segment writer (``index.segment_postings``) pickles every gap of a value with one opcode
width: BININT1 (``K``, 1 byte), BININT2 (``M``, 2) or BININT (``J``, 4), after the fixed
head ``\\x80\\x02](``. Such values are decoded here without Python code per value; any other
pickle (a segment Whoosh merged itself) is decoded with ``pickle.loads``, one by one.
"""

from __future__ import annotations

from itertools import accumulate
from pickle import loads

import numpy as np
from whoosh.system import _INT_SIZE

from index.postings import Values

FIXED_HEAD = b"\x80\x02]("
"""PROTO 2, EMPTY_LIST, MARK: the start of every pickle the segment writer makes."""
FIXED_TAIL = b"e."
"""APPENDS, STOP."""
OPCODE_WIDTHS = {ord("K"): 2, ord("M"): 3, ord("J"): 5}
"""Pickle opcode, and the bytes an item takes with it."""
_HEAD = _INT_SIZE + len(FIXED_HEAD)
_FRAME = _HEAD + len(FIXED_TAIL)


def decode_one(value: bytes) -> accumulate[int]:
    """The positions of one value."""
    return accumulate(loads(value[_INT_SIZE:]))


def decode(values: Values) -> tuple[np.ndarray, np.ndarray]:
    """Every position of every value: (value row, position) pairs, rows ascending."""
    data = values.data
    starts, lengths = values.starts, values.lengths
    if not len(starts):
        empty = np.zeros(0, dtype=np.int64)
        return empty, empty
    last = len(data) - 1

    def byte(at: np.ndarray) -> np.ndarray:
        # Reads past the end (the unused bytes of a narrow item) are masked out by the caller.
        return data[np.minimum(at, last)].astype(np.int64)

    counts = (byte(starts) << 24) | (byte(starts + 1) << 16) | (byte(starts + 2) << 8)
    counts |= byte(starts + 3)
    body = lengths - _FRAME
    widths = np.where(counts > 0, body // np.maximum(counts, 1), 0)
    fixed = (counts > 0) & (body == widths * counts) & np.isin(widths, (2, 3, 5))
    for offset, code in enumerate(FIXED_HEAD):
        fixed &= byte(starts + _INT_SIZE + offset) == code
    for offset, code in enumerate(FIXED_TAIL):
        fixed &= byte(starts + lengths - len(FIXED_TAIL) + offset) == code

    rows = np.flatnonzero(fixed)
    row_counts = counts[rows]
    item_row = np.repeat(rows, row_counts)
    first_item = np.cumsum(row_counts) - row_counts
    item_number = np.arange(len(item_row)) - np.repeat(first_item, row_counts)
    width = widths[item_row]
    at = starts[item_row] + _HEAD + item_number * width
    opcode = byte(at)
    expected = np.select([width == 2, width == 3], [ord("K"), ord("M")], ord("J"))
    # A value whose widths only add up by chance (K, K, J read as M, M, M) is not fixed.
    wrong = np.unique(item_row[opcode != expected])
    gaps = byte(at + 1)
    gaps |= np.where(width >= 3, byte(at + 2) << 8, 0)
    # BININT is signed, but a gap never is negative: its high bit is never set.
    gaps |= np.where(width == 5, (byte(at + 3) << 16) | (byte(at + 4) << 24), 0)
    keep = ~np.isin(item_row, wrong)
    item_row = item_row[keep]
    positions = _running_sums(item_row, gaps[keep])

    others = np.concatenate((np.flatnonzero(~fixed), wrong))
    if not len(others):
        return item_row, positions
    slow_rows, slow_positions = _decode_slowly(values, np.sort(others))
    all_rows = np.concatenate((item_row, slow_rows))
    order = np.argsort(all_rows, kind="stable")
    return all_rows[order], np.concatenate((positions, slow_positions))[order]


def _running_sums(rows: np.ndarray, gaps: np.ndarray) -> np.ndarray:
    """Positions from gaps: a cumulative sum that starts again at each row."""
    if not len(gaps):
        return gaps
    total = np.cumsum(gaps)
    first = np.flatnonzero(np.concatenate(([True], rows[1:] != rows[:-1])))
    before = total[first] - gaps[first]
    return total - np.repeat(before, np.diff(np.append(first, len(rows))))


def _decode_slowly(values: Values, rows: np.ndarray) -> tuple[np.ndarray, np.ndarray]:
    found_rows: list[int] = []
    found: list[int] = []
    for row in rows.tolist():
        positions = list(decode_one(values.raw(row)))
        found.extend(positions)
        found_rows.extend([row] * len(positions))
    return np.array(found_rows, dtype=np.int64), np.array(found, dtype=np.int64)
