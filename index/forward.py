"""Each segment's words in text order, so that a phrase is checked beside its rarest word.

A phrase search used to read the positions of every word of the phrase: for "and others" that
is the positions of "and" in nearly every article, most of the search. With each article's
terms kept in order (as numbers), only the rarest word's positions are read; the other words
are then looked up at the places beside them, a few array reads per occurrence.

One file per segment (``<segment id>.fwd``, cleaned up by Whoosh with the segment's other
files) holds, for each field with positions: the field's distinct terms as sorted 64-bit
hashes (a term's number is its place there), where each article's terms start, and every
article's terms in order, as uint32 numbers. A segment without the file (a library made
before it existed) is searched the slower way (``index.phrase.phrase_rows``).
"""

from __future__ import annotations

import hashlib
import json
import struct
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import numpy as np

EXTENSION = ".fwd"
MAGIC = b"BSFWD\x00\x01\x00"
_HEADER_LENGTH = struct.Struct("<I")
_ALIGN = 8


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
    """One field's terms of every article of a segment, in text order."""

    lexicon: np.ndarray
    """Sorted unique uint64 term hashes: a term's number is its index here."""
    starts: np.ndarray
    """int64, one more than the segment's articles: article ``n``'s terms are
    ``tokens[starts[n]:starts[n + 1]]``."""
    tokens: np.ndarray
    """uint32 term numbers."""

    def number(self, hashed: int) -> int | None:
        """The number of the term with this hash, None when the field never holds it."""
        at = int(np.searchsorted(self.lexicon, np.uint64(hashed)))
        return at if at < len(self.lexicon) and int(self.lexicon[at]) == hashed else None

    @staticmethod
    def build(hashes: np.ndarray, ranks: np.ndarray, sizes: np.ndarray) -> FieldTokens:
        """From the hashes of a field's distinct terms, each occurrence's index among them
        (articles one after another) and each article's number of occurrences."""
        lexicon, numbers = np.unique(hashes, return_inverse=True)
        starts = np.zeros(len(sizes) + 1, dtype=np.int64)
        np.cumsum(sizes, out=starts[1:])
        return FieldTokens(lexicon, starts, numbers.astype(np.uint32)[ranks])

    @staticmethod
    def empty(doc_count: int) -> FieldTokens:
        """No terms in any of ``doc_count`` articles (a field none of them has)."""
        return FieldTokens(_NO_HASHES, np.zeros(doc_count + 1, dtype=np.int64), _NO_TOKENS)

    @staticmethod
    def joined(parts: Iterable[tuple[FieldTokens, np.ndarray]]) -> FieldTokens:
        """The tokens of some articles (``(part, article numbers)``) of several segments, one
        after another, renumbered into one lexicon: what a merged segment holds."""
        chosen = [(part, np.asarray(docs, dtype=np.int64)) for part, docs in parts]
        lexicon = np.unique(np.concatenate([part.lexicon for part, _ in chosen] or [_NO_HASHES]))
        sizes, tokens = [], []
        for part, docs in chosen:
            lengths = part.starts[docs + 1] - part.starts[docs]
            where = np.repeat(part.starts[docs] - (np.cumsum(lengths) - lengths), lengths)
            old = part.tokens[where + np.arange(int(lengths.sum()))]
            renumber = np.searchsorted(lexicon, part.lexicon).astype(np.uint32)
            sizes.append(lengths)
            tokens.append(renumber[old])
        starts = np.zeros(sum(len(s) for s in sizes) + 1, dtype=np.int64)
        np.cumsum(np.concatenate(sizes or [_NO_NUMBERS]), out=starts[1:])
        return FieldTokens(lexicon, starts, np.concatenate(tokens or [_NO_TOKENS]))


_NO_HASHES = np.zeros(0, dtype=np.uint64)
_NO_NUMBERS = np.zeros(0, dtype=np.int64)
_NO_TOKENS = np.zeros(0, dtype=np.uint32)


def path_of(folder: str | Path, segment_id: str) -> Path:
    """Where a segment's file is."""
    return Path(folder) / f"{segment_id}{EXTENSION}"


def write(path: Path, fields: dict[str, FieldTokens]) -> None:
    """Write the fields' tokens to ``path`` (a new file)."""
    header: dict[str, Any] = {}
    arrays: list[np.ndarray] = []
    at = 0
    for name, tokens in sorted(fields.items()):
        header[name] = {
            "terms": len(tokens.lexicon),
            "docs": len(tokens.starts) - 1,
            "tokens": len(tokens.tokens),
            "at": at,
        }
        for array in (tokens.lexicon, tokens.starts, tokens.tokens):
            data = np.ascontiguousarray(array.astype(array.dtype.newbyteorder("<")))
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


def write_merged(
    folder: str | Path, segment_id: str, sources: Sequence[tuple[str, int, np.ndarray]]
) -> None:
    """The file of a segment Whoosh made by merging others: the articles kept of each source
    (``(segment id, article count, kept article numbers)``), one source after another. None
    is written when a source has no file: the merged segment is then searched the slower way."""
    read_sources = []
    for source_id, count, kept in sources:
        fields = read(path_of(folder, source_id))
        if fields is None:
            return
        read_sources.append((fields, count, kept))
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


def read(path: Path) -> dict[str, FieldTokens] | None:
    """The fields of a segment's file (memory-mapped), None when there is no usable file."""
    try:
        data = np.memmap(path, dtype=np.uint8, mode="r")
    except (OSError, ValueError):  # missing, or empty
        return None
    prefix = len(MAGIC) + _HEADER_LENGTH.size
    if len(data) < prefix or bytes(data[: len(MAGIC)]) != MAGIC:
        return None
    (length,) = _HEADER_LENGTH.unpack(bytes(data[len(MAGIC) : prefix]))
    header = json.loads(bytes(data[prefix : prefix + length]))
    base = prefix + length
    fields = {}
    for name, layout in header.items():
        at = base + layout["at"]
        terms, docs, count = layout["terms"], layout["docs"], layout["tokens"]
        lexicon = np.frombuffer(data, dtype="<u8", count=terms, offset=at)
        at += lexicon.nbytes
        starts = np.frombuffer(data, dtype="<i8", count=docs + 1, offset=at)
        at += starts.nbytes
        tokens = np.frombuffer(data, dtype="<u4", count=count, offset=at)
        fields[name] = FieldTokens(lexicon, starts, tokens)
    return fields
