"""Fuzzy terms (``putn~``) expanded with RapidFuzz over a cached slice of the vocabulary."""

from __future__ import annotations

from rapidfuzz import process
from rapidfuzz.distance import DamerauLevenshtein
from whoosh import query
from whoosh.reading import IndexReader

MAX_EXPANSION = 200
"""Closest terms kept per fuzzy term: enough for any typo, bounded for huge vocabularies."""


class FuzzyExpander:
    """Replaces FuzzyTerm leaves by the index terms within their edit distance.

    Whoosh walks its term dictionary with a pure-Python automaton (about a second per fuzzy
    term on 50k articles); here each field's terms sharing a first letter are listed once per
    reader and compared in C. One expander per thread, like the searcher it serves.
    """

    def __init__(self) -> None:
        self._reader: IndexReader | None = None
        self._slices: dict[tuple[str, str], list[str]] = {}

    def expand(self, parsed: query.Query, reader: IndexReader) -> query.Query:
        """The query with every fuzzy term replaced by an OR of the terms it matches."""
        if not any(isinstance(leaf, query.FuzzyTerm) for leaf in parsed.leaves()):
            return parsed
        return parsed.accept(lambda node: self._replace(node, reader))

    def _replace(self, node: query.Query, reader: IndexReader) -> query.Query:
        if not isinstance(node, query.FuzzyTerm):
            return node
        close = self.close_terms(
            reader, node.fieldname, node.text, node.maxdist, max(1, node.prefixlength)
        )
        if not close:
            return query.NullQuery
        return query.Or([query.Term(node.fieldname, term, boost=node.boost) for term in close])

    def close_terms(
        self, reader: IndexReader, field: str, text: str, distance: int, prefix_length: int = 1
    ) -> list[str]:
        """Terms of ``field`` within ``distance`` edits of ``text`` sharing its first letters."""
        if reader is not self._reader:
            self._reader, self._slices = reader, {}
        prefix = text[:prefix_length]
        key = (field, prefix)
        if key not in self._slices:
            self._slices[key] = [
                term.decode("utf-8") for term in reader.expand_prefix(field, prefix)
            ]
        close = process.extract(
            text,
            self._slices[key],
            scorer=DamerauLevenshtein.distance,
            score_cutoff=distance,
            limit=MAX_EXPANSION,
        )
        return [term for term, _, _ in close]
