"""A new segment's term table: Whoosh's ordered hash file, written a field at a time.

The same file as Whoosh's OrderedHashWriter makes (records, 256 open-addressing hash tables,
their directory, the extras and the key index), read by any Whoosh. Two choices differ: keys
are hashed with CRC-32 (the header says so) rather than an MD5 digest of every term written
and every term looked up; and the records and tables are laid out with numpy, not written
one pack at a time (620,000 terms at 50k articles).
"""

from __future__ import annotations

import itertools
import zlib
from typing import Any

import numpy as np
from whoosh.filedb.filetables import HashWriter, OrderedHashWriter
from whoosh.util.numlists import GrowableArray

CRC32 = 1
"""The place of CRC-32 in Whoosh's table of hash functions (whoosh.filedb.filetables)."""
_LENGTHS = np.dtype([("key", ">i4"), ("value", ">i4")])
"""What HashWriter writes before each key and value."""
_SLOT = np.dtype([("hash", ">u4"), ("position", ">i8")])
"""A hash table slot (whoosh.filedb.filetables._pointer): an empty one is all zeros."""


class TermTable(OrderedHashWriter):  # type: ignore[misc]
    """Whoosh's ordered hash file of a new segment's terms."""

    def __init__(self, dbfile: Any) -> None:
        HashWriter.__init__(self, dbfile, hashtype=CRC32)
        self.index = GrowableArray("H")
        self.lastkey = b""
        self._hashes: list[np.ndarray] = []
        self._positions: list[np.ndarray] = []

    def add_sorted(self, keys: list[bytes], values: list[bytes]) -> None:
        """``add(key, value)`` for each pair, keys ascending and after any added before."""
        if keys[0] <= self.lastkey:
            raise ValueError(f"keys must increase: {self.lastkey!r}..{keys[0]!r}")
        lengths = np.zeros(len(keys), dtype=_LENGTHS)
        lengths["key"] = np.fromiter(map(len, keys), dtype=np.int64, count=len(keys))
        lengths["value"] = np.fromiter(map(len, values), dtype=np.int64, count=len(values))
        sizes = lengths["key"].astype(np.int64) + lengths["value"] + _LENGTHS.itemsize
        positions = self.dbfile.tell() + np.cumsum(sizes) - sizes
        packed = lengths.tobytes()
        width = _LENGTHS.itemsize
        heads = [packed[i : i + width] for i in range(0, len(packed), width)]
        self.dbfile.write(
            b"".join(itertools.chain.from_iterable(zip(heads, keys, values, strict=True)))
        )
        self._hashes.append(np.fromiter(map(zlib.crc32, keys), dtype=np.uint32, count=len(keys)))
        self._positions.append(positions)
        self.index._retype(int(positions[-1]))
        self.index.array.extend(positions.tolist())
        self.lastkey = keys[-1]

    def _write_hashes(self) -> None:
        """The 256 tables, as HashWriter lays them out: twice as many slots as entries, an
        entry at the slot its hash names or, taken, the next free one (wrapping around)."""
        hashes = np.concatenate([np.zeros(0, np.uint32), *self._hashes])
        positions = np.concatenate([np.zeros(0, np.int64), *self._positions])
        buckets = hashes & 255
        order = np.argsort(buckets, kind="stable")
        counts = np.bincount(buckets, minlength=256)
        for start, count in zip(
            (np.cumsum(counts) - counts).tolist(), counts.tolist(), strict=True
        ):
            mine = order[start : start + count]
            table = _table(hashes[mine], positions[mine])
            self.directory.append((self.dbfile.tell(), len(table)))
            self.dbfile.write(table.tobytes())


def _table(hashes: np.ndarray, positions: np.ndarray) -> np.ndarray:
    """One open-addressing table of ``2 * len(hashes)`` slots holding the entries."""
    slots = 2 * len(hashes)
    table = np.zeros(slots, dtype=_SLOT)
    if not slots:
        return table
    home = (hashes >> 8).astype(np.int64) % slots
    order = np.argsort(home, kind="stable")
    # In home order each entry takes its home slot or the one after the entry before it.
    steps = np.arange(len(order))
    placed = np.maximum.accumulate(home[order] - steps) + steps
    overflow = placed >= slots
    if overflow.any():  # the last ones run past the end: the first free slots from the start
        free = np.setdiff1d(np.arange(slots), placed[~overflow])
        placed[overflow] = free[: int(overflow.sum())]
    table["hash"][placed] = hashes[order]
    table["position"][placed] = positions[order]
    return table
