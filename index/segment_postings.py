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


@dataclass(frozen=True, slots=True)
class Postings:
    """A field's postings by term (in byte order), each term's by document."""

    terms: list[Any]
    """Unique terms, str or bytes, sorted."""
    counts: np.ndarray[Any, Any]
    """How many postings each term has."""
    docs: np.ndarray[Any, Any]
    weights: np.ndarray[Any, Any]
    values: list[bytes] | bytes
    """Each posting's encoded value (``Format.word_values``), possibly empty; or, for a
    format whose values have one size, all of them packed one after another."""


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
        self._grouping: tuple[list[Any], np.ndarray[Any, Any], np.ndarray[Any, Any]] | None = None

    def add(self, docnum: int, words: list[str]) -> None:
        """One document's terms, in order."""
        self._words.extend(words)
        self._docs.append(docnum)
        self._sizes.append(len(words))
        self._grouping = None

    def __bool__(self) -> bool:
        return bool(self._words)

    def _grouped(self) -> tuple[list[Any], np.ndarray[Any, Any], np.ndarray[Any, Any]]:
        """The distinct terms sorted, each occurrence's rank among them (in text order), and
        the occurrences in rank order (stable: by document and position within a term)."""
        if self._grouping is None:
            terms, ranks = _ranked(self._words)
            self._grouping = terms, ranks, np.argsort(ranks, kind="stable")
        return self._grouping

    def postings(self, format_: formats.Format) -> Postings:
        """What ``format_.word_values`` gives for each document (Existence or Frequency: no
        field keeps positions in Whoosh, see ``index.forward``), grouped by term."""
        terms, ranks, order = self._grouped()
        sizes = np.frombuffer(self._sizes, dtype=np.uint32).astype(np.int64)
        docs = np.repeat(np.frombuffer(self._docs, dtype=np.uint32), sizes)[order]
        ranks = ranks[order]
        # A posting is a run of one term in one document.
        starts = np.flatnonzero(
            np.concatenate(([True], (ranks[1:] != ranks[:-1]) | (docs[1:] != docs[:-1])))
        )
        frequencies = np.diff(np.append(starts, len(ranks)))
        counts = np.bincount(ranks[starts], minlength=len(terms))
        boost = format_.field_boost
        if type(format_) is formats.Existence:
            weights = np.full(len(starts), boost, dtype=np.float64)
            values = b""
        elif type(format_) is formats.Frequency:
            weights = frequencies * boost
            values = frequencies.astype(">u4").tobytes()
        else:
            raise ValueError(f"no fast postings for {type(format_).__name__}")
        return Postings(terms, counts, docs[starts], weights, values)

    def tokens(self, doc_count: int) -> FieldTokens:
        """The field's word order (``index.forward``) in documents 0 to ``doc_count`` - 1."""
        terms, ranks, order = self._grouped()
        own_sizes = np.frombuffer(self._sizes, dtype=np.uint32).astype(np.int64)
        positions = np.arange(len(ranks)) - np.repeat(np.cumsum(own_sizes) - own_sizes, own_sizes)
        sizes = np.zeros(doc_count, dtype=np.int64)
        sizes[np.frombuffer(self._docs, dtype=np.uint32)] = own_sizes
        return FieldTokens.grouped(term_hashes(terms), ranks, sizes, order, positions)


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
