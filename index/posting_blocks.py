"""Write a field's postings as Whoosh 3 posting blocks and term infos (whoosh-reloaded 2.7.5).

What W3FieldWriter and W3PostingsWriter write, computed for all of a field's terms at once:
block statistics and term infos with numpy, one pickle per block, one write per field. Two
choices differ from Whoosh's writer, both read by any Whoosh: blocks are stored plain, never
deflated (each block records its compression level), and block data is pickled with protocol
3 instead of 2. Inflating blocks was a third of reading a word's postings in a search (and
deflating them a twentieth of indexing), for a postings file a third smaller.
"""

from __future__ import annotations

from pickle import dumps
from typing import Any

import numpy as np
from whoosh.codec.whoosh3 import WHOOSH3_HEADER_MAGIC
from whoosh.system import pack_int
from whoosh.util.numeric import length_to_byte

from index.segment_postings import Postings
from index.term_table import TermTable

BLOCK_POSTINGS = 128
"""Postings per block: W3Codec's block limit."""
PLAIN = 0
"""The compression level a block records: none."""
PLAIN_PICKLE = 3
"""Pickle protocol of a block's data. Whoosh writes protocol 2, which stores each bytes value
as a call to ``codecs.encode``: ten times slower to write and to read than protocol 3's plain
bytes, and twice the size."""
_TERM_INFO = np.dtype(
    [
        ("flags", "u1"),
        ("weight", ">f4"),
        ("df", ">u4"),
        ("min_length", "u1"),
        ("max_length", "u1"),
        ("max_weight", ">f4"),
        ("min_id", ">u4"),
        ("max_id", ">u4"),
        ("offset", ">i8"),
        ("length", ">i4"),
    ]
)
"""W3TermInfo.to_bytes of a term whose postings are in the postings file ("!BfIBBfII", then
the postings' offset and length)."""
_NO_LENGTH = np.iinfo(np.uint32).max


def write_field(
    table: TermTable,
    out: Any,
    prefix: bytes,
    postings: Postings,
    fixed_size: int | None,
    lengths: np.ndarray[Any, Any] | None,
) -> None:
    """Append a field's posting blocks to ``out`` and its term infos to ``table``.

    ``prefix`` is the field's number in the segment, ``fixed_size`` its format's value size,
    ``lengths`` each document's field length (as read back from its length byte), if scored.
    """
    docs, weights, values = postings.docs, postings.weights, postings.values
    term_starts = np.zeros(len(postings.terms) + 1, dtype=np.int64)
    np.cumsum(postings.counts, out=term_starts[1:])
    # Blocks of at most BLOCK_POSTINGS postings, each term starting a new block.
    place = np.arange(len(docs)) - np.repeat(term_starts[:-1], postings.counts)
    starts = np.flatnonzero(place % BLOCK_POSTINGS == 0)
    ends = np.append(starts[1:], len(docs))
    first_blocks = np.searchsorted(starts, term_starts[:-1])
    # Documents as gaps, each block starting from zero.
    gaps = np.diff(docs.astype(np.int64), prepend=0)
    gaps[starts] = docs[starts]
    stored = weights.astype(np.float32)  # What a block keeps (an array of C floats).
    low_weight = np.minimum.reduceat(stored, starts)
    high_weight = np.maximum.reduceat(stored, starts)
    heaviest = np.maximum.reduceat(weights, starts)
    if lengths is not None:
        doc_lengths = lengths[docs]
        shortest = np.minimum.reduceat(np.where(doc_lengths == 0, _NO_LENGTH, doc_lengths), starts)
        longest = np.maximum.reduceat(doc_lengths, starts)
    else:
        shortest = np.full(len(starts), _NO_LENGTH)
        longest = np.zeros(len(starts), dtype=np.uint32)
    # Length bytes rise with lengths, so the byte of a minimum is the minimum of the bytes.
    short_bytes = np.where(shortest == _NO_LENGTH, 0, _length_bytes(shortest))
    long_bytes = _length_bytes(longest)

    blocks = _Blocks(
        gaps.tolist(),
        docs.tolist(),
        stored.tolist(),
        values,
        fixed_size,
        fixed_size is None and not all(values),  # a list when the size is not fixed
    )
    written = blocks.terms(
        term_starts.tolist(),
        ends.tolist(),
        low_weight.tolist(),
        high_weight.tolist(),
        heaviest.tolist(),
        short_bytes.tolist(),
        long_bytes.tolist(),
    )
    sizes = np.fromiter(map(len, written), dtype=np.int64, count=len(written))
    offsets = out.tell() + np.cumsum(sizes) - sizes
    out.write(b"".join(written))

    # Term infos, all at once: the statistics of each term's blocks.
    infos = np.zeros(len(postings.terms), dtype=_TERM_INFO)
    infos["weight"] = np.add.reduceat(stored.astype(np.float64), term_starts[:-1])
    infos["df"] = postings.counts
    term_short = np.minimum.reduceat(
        np.where(shortest == _NO_LENGTH, 256, short_bytes), first_blocks
    )
    infos["min_length"] = np.where(term_short == 256, 0, term_short)
    infos["max_length"] = np.maximum.reduceat(long_bytes, first_blocks)
    infos["max_weight"] = np.maximum(np.maximum.reduceat(heaviest, first_blocks), 0)
    infos["min_id"] = docs[term_starts[:-1]]
    infos["max_id"] = docs[term_starts[1:] - 1]
    infos["offset"] = offsets
    infos["length"] = sizes
    packed = infos.tobytes()
    width = _TERM_INFO.itemsize
    table.add_sorted(
        [prefix + (term if isinstance(term, bytes) else term.encode()) for term in postings.terms],
        [packed[i : i + width] for i in range(0, len(packed), width)],
    )


class _Blocks:
    """Encodes posting blocks from a field's postings, held as Python lists.

    Python numbers from here on: indexing numpy arrays one item at a time is slow.
    """

    def __init__(
        self,
        gaps: list[int],
        docs: list[int],
        weights: list[float],
        values: list[bytes] | bytes,
        fixed_size: int | None,
        drop_empty: bool,
    ) -> None:
        self._gaps, self._docs, self._weights = gaps, docs, weights
        self._fixed_size, self._drop_empty = fixed_size, drop_empty
        self._values = values
        if fixed_size and not isinstance(values, bytes):
            self._values = b"".join(values)  # sliced block by block below

    def terms(
        self,
        term_starts: list[int],
        block_ends: list[int],
        lows: list[float],
        highs: list[float],
        tops: list[float],
        shorts: list[int],
        longs: list[int],
    ) -> list[bytes]:
        """Each term's postings as written: the header, then its blocks (the last one marked)."""
        written: list[bytes] = []
        block = 0
        for number in range(len(term_starts) - 1):
            start, last = term_starts[number], term_starts[number + 1]
            pieces = [WHOOSH3_HEADER_MAGIC]
            while start < last:
                end = block_ends[block]
                top = tops[block]
                info = (end - start, self._docs[end - 1], top if top > 0 else 0)
                data = self._data(start, end, lows[block], highs[block])
                head = dumps((*info, PLAIN, shorts[block], longs[block]), 2)
                size = len(head) + len(data)
                pieces.append(pack_int(-size if end == last else size))
                pieces.append(head)
                pieces.append(data)
                start = end
                block += 1
            written.append(b"".join(pieces))
        return written

    def _data(self, start: int, end: int, low: float, high: float) -> bytes:
        """A block's pickled (gaps, weights, values)."""
        if low == high == 1.0:
            weights: Any = None
        elif low == high:
            weights = self._weights[start]
        else:
            weights = tuple(self._weights[start:end])
        if self._fixed_size == 0:
            values: Any = None
        elif self._fixed_size is not None:
            values = self._values[start * self._fixed_size : end * self._fixed_size]
        elif self._drop_empty:  # W3PostingsWriter leaves empty values out.
            values = tuple(value for value in self._values[start:end] if value)
        else:
            values = tuple(self._values[start:end])
        return dumps((tuple(self._gaps[start:end]), weights, values), PLAIN_PICKLE)


def _length_bytes(lengths: np.ndarray[Any, Any]) -> np.ndarray[Any, Any]:
    """``length_to_byte`` of each length."""
    distinct, where = np.unique(lengths, return_inverse=True)
    return np.array([length_to_byte(int(n)) for n in distinct], dtype=np.int64)[where]
