"""Write a batch of documents as one finished Whoosh segment, its postings sorted in memory.

Whoosh's SegmentWriter sends every posting through an external sorting pool, reads each field
length back from disk while writing, and encodes and writes postings one checked call at a
time. A worker's chunk fits in memory and its documents arrive in order, so here each field's
terms are kept in one list, grouped by term once for the chunk (``index.segment_postings``)
and written in the W3 codec's format (``index.posting_blocks``). The per-document files
(stored fields, lengths, sortable columns) are written by Whoosh's own per-document writer.
tests/test_indexing.py reads segments back and compares them with what Whoosh's writer makes.
"""

from __future__ import annotations

import zlib
from array import array
from collections.abc import Callable
from itertools import repeat
from typing import Any

import numpy as np
from whoosh import formats, index
from whoosh.analysis import IDTokenizer
from whoosh.codec.base import Segment
from whoosh.codec.whoosh3 import W3Codec
from whoosh.fields import FieldType
from whoosh.system import pack_ushort
from whoosh.util.numeric import byte_to_length, length_to_byte

from index import forward
from index.analysis import StemmedWords, name_analyzer, name_terms, term_list
from index.posting_blocks import write_field
from index.segment_postings import ItemStream, TokenStream
from index.term_table import TermTable

TermFunction = Callable[[str], list[str]]
_WINDOW_BITS = 12
"""A 4 KB window (and small hash tables) for a document's stored fields, a few dozen bytes:
zlib.compress sets up 256 KB of state per call, more than compressing them costs."""


class SegmentWriter:
    """Collects documents, then writes them as one new segment of ``ix``'s storage."""

    def __init__(self, ix: index.Index) -> None:
        self._schema = ix.schema
        self._storage = ix.storage
        self._segment = W3Codec().new_segment(ix.storage, ix.indexname)
        self._perdoc = W3Codec().per_document_writer(ix.storage, self._segment)
        # Each document's stored fields are deflated on their own: with the small set-up.
        self._perdoc._colwriters["_stored"]._child._compress = deflate
        self._fast = {
            name: function
            for name, field in ix.schema.items()
            if (function := _term_function(field)) is not None
        }
        self._tokens = {name: TokenStream() for name in self._fast}
        self._items = {name: ItemStream() for name in ix.schema.names() if name not in self._fast}
        self._known_items: dict[tuple[str, Any], tuple[list[Any], int]] = {}
        self._lengths: dict[str, array[int]] = {}
        self.count = 0

    def add_document(self, fields: dict[str, Any]) -> None:
        """Add one document (the same keyword fields as Whoosh's ``add_document``)."""
        docnum = self.count
        perdoc = self._perdoc
        perdoc.start_doc(docnum)
        for name in sorted(fields):
            value = fields[name]
            if value is None:
                continue
            field = self._schema[name]
            length = 0
            if field.indexed:
                if name in self._fast:
                    words = self._fast[name](value)
                    self._tokens[name].add(docnum, words)
                    exists = type(field.format) is formats.Existence
                    length = len(set(words)) if exists else len(words)
                else:
                    length = self._add_items(name, value, field)
                if not field.scorable:
                    length = 0
            perdoc.add_field(name, field, value if field.stored else None, length)
            if length:
                lengths = self._lengths.setdefault(name, array("I"))
                lengths.extend(repeat(0, docnum + 1 - len(lengths)))
                # What a reader gets back from the length byte is what blocks record.
                lengths[docnum] = byte_to_length(length_to_byte(length))
            if field.column_type:
                perdoc.add_column_value(name, field.column_type, field.to_column_value(value))
        perdoc.finish_doc()
        self.count += 1

    def _add_items(self, name: str, value: Any, field: FieldType) -> int:
        """Post what ``field.index`` yields; return the sum of frequencies.

        Dates and flags repeat across documents, so their items are made once per value.
        """
        known = self._known_items.get((name, value))
        if known is None:
            items = list(field.index(value))
            known = self._known_items[name, value] = (items, sum(item[1] for item in items))
        self._items[name].add(self.count, known[0])
        return known[1]

    def finish(self) -> Segment:
        """Write the postings and close the segment's files."""
        self._perdoc.close()
        terms_file = self._segment.create_file(self._storage, W3Codec.TERMS_EXT)
        postings_file = self._segment.create_file(self._storage, W3Codec.POSTS_EXT)
        table = TermTable(terms_file)
        field_ids: dict[str, int] = {}
        table.extras["fieldmap"] = field_ids
        for name in sorted(self._schema.names()):
            format_ = self._schema[name].format
            if self._tokens.get(name):
                postings = self._tokens[name].postings(format_)
            elif self._items.get(name):
                postings = self._items[name].postings()
            else:
                continue
            field_ids[name] = len(field_ids)
            lengths = self._lengths.get(name)
            if lengths is not None:
                lengths.extend(repeat(0, self.count - len(lengths)))
            write_field(
                table,
                postings_file,
                pack_ushort(field_ids[name]),
                postings,
                format_.fixed_value_size(),
                np.frombuffer(lengths, dtype=np.uint32) if lengths else None,
            )
        table.close()
        postings_file.close()
        forward.write(
            forward.path_of(self._storage.folder, self._segment.segment_id()),
            {
                name: tokens.tokens(self.count)
                for name, tokens in self._tokens.items()
                if tokens and name in forward.FIELDS
            },
        )
        self._segment.set_doc_count(self.count)
        return self._segment

    def cancel(self) -> None:
        """Close the files without making a segment."""
        self._perdoc.close()


def _term_function(field: FieldType) -> TermFunction | None:
    """The fast equivalent of a field's analyzer, for the analyzers and formats known here."""
    if (
        not field.indexed
        or type(field).index is not FieldType.index  # e.g. numbers and dates
        or field.vector
        or field.separate_spelling()
        or type(field.format) not in (formats.Frequency, formats.Existence)
    ):
        return None
    if isinstance(field.analyzer, StemmedWords):
        return term_list
    if field.analyzer == name_analyzer():
        return name_terms
    if type(field.analyzer) is IDTokenizer:
        return _whole
    return None


def _whole(value: str) -> list[str]:
    return [value]


def deflate(data: bytes, level: int) -> bytes:
    """``zlib.compress`` with a small window: the same format, a fraction of the set-up."""
    compressor = zlib.compressobj(level, zlib.DEFLATED, _WINDOW_BITS, 4)
    return compressor.compress(data) + compressor.flush()
