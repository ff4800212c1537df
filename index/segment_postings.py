"""One field's postings for a new segment, gathered document by document, grouped by term.

Title, body and name fields arrive as plain lists of terms (see ``index.analysis``) and are
grouped for a whole chunk at once with numpy: one stable sort puts every term's occurrences in
document and position order, so no Python code runs per word. Other fields (dates, flags)
arrive as the items Whoosh's ``field.index`` yields.
"""

from __future__ import annotations

from array import array
from dataclasses import dataclass
from itertools import repeat
from typing import Any

import numpy as np
from whoosh import formats

from index.forward import FieldTokens, term_hashes
from index.positions import FIXED_HEAD, FIXED_TAIL


@dataclass(frozen=True, slots=True)
class Postings:
    """A field's postings by term (in byte order), each term's by document."""

    terms: list[Any]
    """Unique terms, str or bytes, sorted."""
    counts: np.ndarray[Any, Any]
    """How many postings each term has."""
    docs: np.ndarray[Any, Any]
    weights: np.ndarray[Any, Any]
    values: list[bytes]
    """Each posting's encoded value (``Format.word_values``), possibly empty."""


class ItemStream:
    """Postings as ``field.index`` yields them, in document order."""

    def __init__(self) -> None:
        self._terms: list[bytes] = []
        self._docs = array("I")
        self._weights = array("d")
        self._values: list[bytes] = []

    def add(self, docnum: int, items: list[tuple[bytes, int, float, bytes]]) -> None:
        """One document's (term, frequency, weight, value) items."""
        self._terms.extend([item[0] for item in items])
        self._docs.extend(repeat(docnum, len(items)))
        self._weights.extend([item[2] for item in items])
        self._values.extend([item[3] for item in items])

    def __bool__(self) -> bool:
        return bool(self._terms)

    def postings(self) -> Postings:
        """Grouped by term; each term's postings stay in document order."""
        terms, ranks = _ranked(self._terms)
        order = np.argsort(ranks, kind="stable")
        return Postings(
            terms,
            np.bincount(ranks, minlength=len(terms)),
            np.frombuffer(self._docs, dtype=np.uint32)[order],
            np.frombuffer(self._weights, dtype=np.float64)[order],
            _taken(self._values, order),
        )


class TokenStream:
    """Every term occurrence of a field, document after document."""

    def __init__(self) -> None:
        self._words: list[str] = []
        self._docs = array("I")
        self._sizes = array("I")
        self._ranks: tuple[list[Any], np.ndarray[Any, Any]] | None = None

    def add(self, docnum: int, words: list[str]) -> None:
        """One document's terms, in order."""
        self._words.extend(words)
        self._docs.append(docnum)
        self._sizes.append(len(words))
        self._ranks = None

    def __bool__(self) -> bool:
        return bool(self._words)

    def _ranked(self) -> tuple[list[Any], np.ndarray[Any, Any]]:
        """The distinct terms sorted, and each occurrence's rank among them (made once)."""
        if self._ranks is None:
            self._ranks = _ranked(self._words)
        return self._ranks

    def tokens(self, doc_count: int) -> FieldTokens:
        """Every document's terms in text order, as ``index.forward`` keeps them."""
        terms, ranks = self._ranked()
        sizes = np.zeros(doc_count, dtype=np.int64)
        sizes[np.frombuffer(self._docs, dtype=np.uint32)] = np.frombuffer(self._sizes, np.uint32)
        return FieldTokens.build(term_hashes(terms), ranks, sizes)

    def postings(self, format_: formats.Format) -> Postings:
        """What ``format_.word_values`` gives for each document, grouped by term.

        Positions are pickled as Positions.encode does (a count, then a pickled list of gaps),
        written straight into one buffer.
        """
        terms, ranks = self._ranked()
        sizes = np.frombuffer(self._sizes, dtype=np.uint32).astype(np.int64)
        docs = np.repeat(np.frombuffer(self._docs, dtype=np.uint32), sizes)
        positions = np.arange(len(ranks)) - np.repeat(np.cumsum(sizes) - sizes, sizes)
        order = np.argsort(ranks, kind="stable")
        ranks, docs, positions = ranks[order], docs[order], positions[order]
        # A posting is a run of one term in one document.
        starts = np.flatnonzero(
            np.concatenate(([True], (ranks[1:] != ranks[:-1]) | (docs[1:] != docs[:-1])))
        )
        frequencies = np.diff(np.append(starts, len(ranks)))
        counts = np.bincount(ranks[starts], minlength=len(terms))
        boost = format_.field_boost
        if type(format_) is formats.Existence:
            weights = np.full(len(starts), boost, dtype=np.float64)
            values = [b""] * len(starts)
        elif type(format_) is formats.Frequency:
            weights = frequencies * boost
            packed = frequencies.astype(">u4").tobytes()
            values = [packed[i : i + 4] for i in range(0, len(packed), 4)]
        else:
            weights = frequencies * boost
            values = _pickled_positions(positions, starts, frequencies)
        return Postings(terms, counts, docs[starts], weights, values)


def _ranked(terms: list[Any]) -> tuple[list[Any], np.ndarray[Any, Any]]:
    """The distinct terms sorted, and each term's rank among them."""
    # Code point order is UTF-8 byte order, so str terms sort as their bytes will.
    rank_of: dict[Any, int] = dict.fromkeys(terms, 0)
    distinct = sorted(rank_of)
    rank_of.update(zip(distinct, range(len(distinct)), strict=True))
    ranks = np.fromiter(map(rank_of.__getitem__, terms), dtype=np.int64, count=len(terms))
    return distinct, ranks


def _taken(values: list[bytes], order: np.ndarray[Any, Any]) -> list[bytes]:
    """``[values[i] for i in order]``."""
    return [values[i] for i in order.tolist()]


def _pickled_positions(
    positions: np.ndarray[Any, Any], starts: np.ndarray[Any, Any], frequencies: np.ndarray[Any, Any]
) -> list[bytes]:
    """Each posting's positions as ``formats.Positions.encode`` encodes them."""
    gaps = np.diff(positions, prepend=0)
    gaps[starts] = positions[starts]
    # Pickle's small-integer opcodes: BININT1 (1 byte), BININT2 (2), BININT (4, signed). All
    # the gaps of a posting take the width its largest gap needs, so that searching can
    # decode many postings at once (index.positions).
    posting_of = np.repeat(np.arange(len(starts)), frequencies)
    needed = np.where(gaps < 256, 2, np.where(gaps < 65536, 3, 5))
    widths = np.maximum.reduceat(needed, starts)[posting_of]
    item_bytes = np.add.reduceat(widths, starts)
    head = 4 + len(FIXED_HEAD)
    sizes = head + item_bytes + len(FIXED_TAIL)
    ends = np.cumsum(sizes)
    begins = ends - sizes
    buffer = np.zeros(int(ends[-1]), dtype=np.uint8)
    _put(buffer, begins, np.frombuffer(frequencies.astype(">u4").tobytes(), np.uint8), 4)
    prefix = np.frombuffer(FIXED_HEAD, dtype=np.uint8)
    _put(buffer, begins + 4, np.tile(prefix, len(starts)), len(prefix))
    suffix = np.frombuffer(FIXED_TAIL, dtype=np.uint8)
    _put(buffer, ends - len(suffix), np.tile(suffix, len(starts)), len(suffix))
    # Where each gap's opcode goes: after its posting's head and the gaps before it.
    before = np.cumsum(widths) - widths
    spot = begins[posting_of] + head + before - before[starts][posting_of]
    small, medium, large = widths == 2, widths == 3, widths == 5
    buffer[spot[small]] = ord("K")
    buffer[spot[small] + 1] = gaps[small]
    buffer[spot[medium]] = ord("M")
    _put(buffer, spot[medium] + 1, np.frombuffer(gaps[medium].astype("<u2").tobytes(), np.uint8), 2)
    buffer[spot[large]] = ord("J")
    _put(buffer, spot[large] + 1, np.frombuffer(gaps[large].astype("<i4").tobytes(), np.uint8), 4)
    data = buffer.tobytes()
    return [data[a:b] for a, b in zip(begins.tolist(), ends.tolist(), strict=True)]


def _put(
    buffer: np.ndarray[Any, Any], at: np.ndarray[Any, Any], data: np.ndarray[Any, Any], width: int
) -> None:
    """Write ``width`` bytes of ``data`` at each offset in ``at``."""
    if len(at):
        buffer[(at[:, None] + np.arange(width)).ravel()] = data
