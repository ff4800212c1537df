"""Word order of each segment's articles, for phrases: where each term occurs, what is where.

Whoosh keeps word positions as a pickled list per posting, read block by block in Python: a
phrase search spent most of its time there ("and others" read the positions of "and" in
nearly every article). Title, body, source and author keep no positions in Whoosh; instead
each segment has a file (``<segment id>.fwd``, cleaned up by Whoosh with the segment's other
files) holding, for each of those fields, as arrays read in place:

- every term's occurrences (article, position), grouped by term: a phrase reads those of its
  rarest word in one slice;
- every article's terms in text order (as term numbers): the phrase's other words are then
  looked up at their places beside each occurrence;
- the terms' 64-bit hashes, sorted, with their numbers: how a query's words find theirs.
"""

from __future__ import annotations

import hashlib
import json
import struct
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from functools import lru_cache
from pathlib import Path
from typing import Any

import numpy as np
from whoosh.reading import SegmentReader

from index.errors import IndexUnreadable

FIELDS = frozenset({"title", "body", "source", "author"})
"""The fields whose word order is kept here (Whoosh keeps none): phrases are searched in them."""
EXTENSION = ".fwd"
MAGIC = b"BSFWD\x00\x01\x00"
_HEADER_LENGTH = struct.Struct("<I")
_ALIGN = 8
_ARRAYS = (
    ("hashes", "<u8"),
    ("numbers", "<u4"),
    ("starts", "<i8"),
    ("tokens", "<u4"),
    ("term_starts", "<i8"),
    ("occurrence_docs", "<u4"),
    ("occurrence_positions", "<u4"),
)
"""What a field's part of the file holds, in order, with each array's type."""


def term_hash(term: bytes) -> int:
    """A term's stable 64-bit number (collisions between two words: about 1 in 10^13)."""
    return int.from_bytes(hashlib.blake2b(term, digest_size=8).digest(), "little")


_HASHES: dict[str, int] = {}
_HASH_CACHE_LIMIT = 1_000_000
"""Terms recur from chunk to chunk: an indexing worker hashes each one once."""


def term_hashes(terms: Sequence[str]) -> np.ndarray:
    """``term_hash`` of each term (as UTF-8), as uint64."""
    if len(_HASHES) > _HASH_CACHE_LIMIT:
        _HASHES.clear()
    found = list(map(_HASHES.get, terms))
    for at, term in enumerate(terms):
        if found[at] is None:
            found[at] = _HASHES[term] = term_hash(term.encode())
    return np.array(found, dtype=np.uint64)


@dataclass(frozen=True, slots=True)
class FieldTokens:
    """One field's words in every article of a segment (see the module docstring)."""

    hashes: np.ndarray
    """Sorted uint64 hashes of the field's distinct terms."""
    numbers: np.ndarray
    """uint32: the number of the term whose hash is at the same place in ``hashes``."""
    starts: np.ndarray
    """int64, one more than the segment's articles: article ``n``'s terms are
    ``tokens[starts[n]:starts[n + 1]]``."""
    tokens: np.ndarray
    """uint32 term numbers, article after article, each in text order."""
    term_starts: np.ndarray
    """int64, one more than the terms: term ``t``'s occurrences are at
    ``[term_starts[t]:term_starts[t + 1]]`` of the two arrays below."""
    occurrence_docs: np.ndarray
    """uint32 article of each occurrence (ascending within a term)."""
    occurrence_positions: np.ndarray
    """uint32 position of each occurrence in its article's terms (ascending within one)."""

    def number(self, hashed: int) -> int | None:
        """The number of the term with this hash, None when the field never holds it."""
        at = int(np.searchsorted(self.hashes, np.uint64(hashed)))
        if at < len(self.hashes) and int(self.hashes[at]) == hashed:
            return int(self.numbers[at])
        return None

    def count(self, number: int) -> int:
        """How often a term occurs in the segment."""
        return int(self.term_starts[number + 1] - self.term_starts[number])

    def occurrences(self, number: int) -> tuple[np.ndarray, np.ndarray]:
        """Articles and positions of every occurrence of a term."""
        where = slice(int(self.term_starts[number]), int(self.term_starts[number + 1]))
        return self.occurrence_docs[where], self.occurrence_positions[where]

    def positions_in(self, number: int, doc: int) -> np.ndarray:
        """Where a term occurs in one article (ascending)."""
        docs, positions = self.occurrences(number)
        low, high = np.searchsorted(docs, (doc, doc + 1))
        return positions[low:high]

    @staticmethod
    def grouped(
        hashes_by_term: np.ndarray,
        term_of: np.ndarray,
        sizes: np.ndarray,
        order: np.ndarray,
        positions: np.ndarray,
    ) -> FieldTokens:
        """From the hashes of the field's distinct terms (a term's number is its index
        there), the term of each occurrence (articles one after another, each in text order),
        each article's number of terms, the occurrences ordered by term (stable: by article
        and position within a term) and each occurrence's position."""
        by_hash = np.argsort(hashes_by_term)
        starts = np.zeros(len(sizes) + 1, dtype=np.int64)
        np.cumsum(sizes, out=starts[1:])
        term_starts = np.zeros(len(hashes_by_term) + 1, dtype=np.int64)
        np.cumsum(np.bincount(term_of, minlength=len(hashes_by_term)), out=term_starts[1:])
        docs = np.repeat(np.arange(len(sizes), dtype=np.uint32), sizes)
        return FieldTokens(
            hashes_by_term[by_hash],
            by_hash.astype(np.uint32),
            starts,
            term_of.astype(np.uint32),
            term_starts,
            docs[order],
            positions[order].astype(np.uint32),
        )

    @staticmethod
    def of_tokens(
        hashes_by_term: np.ndarray, term_of: np.ndarray, sizes: np.ndarray
    ) -> FieldTokens:
        """``grouped`` for articles' terms in text order alone (the occurrences sorted here)."""
        starts = np.cumsum(sizes) - sizes
        positions = np.arange(len(term_of)) - np.repeat(starts, sizes)
        order = np.argsort(term_of, kind="stable")
        return FieldTokens.grouped(hashes_by_term, term_of, sizes, order, positions)

    @staticmethod
    def empty(doc_count: int) -> FieldTokens:
        """No terms in any of ``doc_count`` articles (a field none of them has)."""
        none = np.zeros(0, dtype=np.uint32)
        return FieldTokens(
            np.zeros(0, dtype=np.uint64),
            none,
            np.zeros(doc_count + 1, dtype=np.int64),
            none,
            np.zeros(1, dtype=np.int64),
            none,
            none,
        )

    @staticmethod
    def joined(parts: Iterable[tuple[FieldTokens, np.ndarray]]) -> FieldTokens:
        """The words of some articles (``(part, article numbers)``) of several segments, one
        after another, renumbered into one set of terms: what a merged segment holds."""
        chosen = [(part, np.asarray(docs, dtype=np.int64)) for part, docs in parts]
        hashes = np.unique(np.concatenate([part.hashes for part, _ in chosen]))
        sizes, tokens = [np.zeros(0, dtype=np.int64)], [np.zeros(0, dtype=np.int64)]
        for part, docs in chosen:
            lengths = part.starts[docs + 1] - part.starts[docs]
            where = np.repeat(part.starts[docs] - (np.cumsum(lengths) - lengths), lengths)
            old = part.tokens[where + np.arange(int(lengths.sum()))]
            renumber = np.zeros(len(part.numbers), dtype=np.int64)
            renumber[part.numbers] = np.searchsorted(hashes, part.hashes)
            sizes.append(lengths)
            tokens.append(renumber[old])
        return FieldTokens.of_tokens(hashes, np.concatenate(tokens), np.concatenate(sizes))


def path_of(folder: str | Path, segment_id: str) -> Path:
    """Where a segment's file is."""
    return Path(folder) / f"{segment_id}{EXTENSION}"


def write(path: Path, fields: dict[str, FieldTokens]) -> None:
    """Write the fields' words to ``path`` (a new file)."""
    header: dict[str, Any] = {}
    arrays: list[np.ndarray] = []
    at = 0
    for name, tokens in sorted(fields.items()):
        header[name] = {"at": at}
        for array_name, dtype in _ARRAYS:
            data = np.ascontiguousarray(getattr(tokens, array_name), dtype=dtype)
            header[name][array_name] = len(data)
            arrays.append(data)
            at += data.nbytes
            padding = -at % _ALIGN
            if padding:
                arrays.append(np.zeros(padding, dtype=np.uint8))
                at += padding
    encoded = json.dumps(header).encode()
    encoded += b" " * (-(len(MAGIC) + _HEADER_LENGTH.size + len(encoded)) % _ALIGN)
    with open(path, "wb") as out:
        out.write(MAGIC + _HEADER_LENGTH.pack(len(encoded)) + encoded)
        for array in arrays:
            out.write(array.tobytes())


def of_reader(reader: Any) -> dict[str, FieldTokens]:
    """The word order of a Whoosh segment reader's segment ({} for an empty index's reader)."""
    if not isinstance(reader, SegmentReader):
        return {}
    return read(path_of(reader.storage().folder, reader.segment().segment_id()))


def write_merged(
    folder: str | Path, segment_id: str, sources: Sequence[tuple[str, int, np.ndarray]]
) -> None:
    """The file of a segment Whoosh made by merging others: the articles kept of each source
    (``(segment id, article count, kept article numbers)``), one source after another."""
    read_sources = [
        (read(path_of(folder, source_id)), count, kept) for source_id, count, kept in sources
    ]
    names = sorted({name for fields, _, _ in read_sources for name in fields})
    write(
        path_of(folder, segment_id),
        {
            name: FieldTokens.joined(
                (fields.get(name) or FieldTokens.empty(count), kept)
                for fields, count, kept in read_sources
            )
            for name in names
        },
    )


@lru_cache(maxsize=256)
def read(path: Path) -> dict[str, FieldTokens]:
    """The fields of a segment's file, memory-mapped (a segment's files never change)."""
    try:
        data = np.memmap(path, dtype=np.uint8, mode="r")
    except (OSError, ValueError) as error:  # missing, or empty
        raise _unreadable(path, error) from error
    prefix = len(MAGIC) + _HEADER_LENGTH.size
    if len(data) < prefix or bytes(data[: len(MAGIC)]) != MAGIC:
        raise _unreadable(path, "not a word-order file")
    (length,) = _HEADER_LENGTH.unpack(bytes(data[len(MAGIC) : prefix]))
    header = json.loads(bytes(data[prefix : prefix + length]))
    base = prefix + length
    fields = {}
    for name, layout in header.items():
        at = base + layout["at"]
        arrays = {}
        for array_name, dtype in _ARRAYS:
            array = np.frombuffer(data, dtype=dtype, count=layout[array_name], offset=at)
            arrays[array_name] = array
            at += array.nbytes + (-array.nbytes % _ALIGN)
        fields[name] = FieldTokens(**arrays)
    return fields


def _unreadable(path: Path, problem: object) -> IndexUnreadable:
    return IndexUnreadable(
        f"the word order of the search index cannot be read ({path.name}: {problem}); "
        "run `broadsheet index --rebuild` to build a new index (your articles are untouched)"
    )
