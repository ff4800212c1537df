"""\"Did you mean ...\": a corrected query when a search finds nothing or almost nothing."""

from __future__ import annotations

import re
from collections.abc import Callable, Sequence

from rapidfuzz.distance import Levenshtein
from whoosh import query
from whoosh.reading import IndexReader
from whoosh.searching import Searcher

from index.analysis import fold, stem, terms
from index.fuzzy import FuzzyExpander
from index.query import DEFAULT_FIELDS, FUZZY_PREFIX

_MAX_DISTANCE = 2


def suggest(
    searcher: Searcher,
    text: str,
    words: Sequence[str],
    total: int,
    text_of: Callable[[str], str | None],
    expander: FuzzyExpander,
) -> str | None:
    """The query with rare or unknown words replaced by close, more frequent words."""
    reader = searcher.reader()
    corrected = text
    for word in words:
        if word.isdigit() or len(word) < 3:
            continue
        term = stem(fold(word))
        frequency = _frequency(reader, term)
        if frequency > total:
            continue
        # A rare word is only "corrected" to one that is far more common.
        replacement = _closest(reader, expander, fold(word), term, max(total, 5 * frequency))
        if replacement is None:
            continue
        surface = _as_written(searcher, replacement, text_of) or replacement
        if Levenshtein.distance(fold(word), fold(surface)) > _MAX_DISTANCE:
            continue  # Close as stems but not as words ("notadate" -> "not"): no help.
        if word.islower():
            surface = surface.lower()
        corrected = re.sub(rf"(?<!\w){re.escape(word)}(?!\w)", surface, corrected, count=1)
    return corrected if corrected != text else None


def _frequency(reader: IndexReader, term: str) -> int:
    return sum(reader.doc_frequency(field, term) for field in DEFAULT_FIELDS)


def _closest(
    reader: IndexReader, expander: FuzzyExpander, word: str, term: str, floor: int
) -> str | None:
    """The most frequent term (found in more than ``floor`` articles) closest to the word."""
    for distance in range(1, _MAX_DISTANCE + 1):
        candidates = {
            found
            for field in DEFAULT_FIELDS
            for probe in {word, term}
            for found in expander.close_terms(reader, field, probe, distance, FUZZY_PREFIX)
        }
        candidates.discard(term)
        scored = [(c, _frequency(reader, c)) for c in candidates]
        better = [(c, f) for c, f in scored if f > floor]
        if better:
            return max(better, key=lambda item: (item[1], item[0]))[0]
    return None


def _as_written(searcher: Searcher, term: str, text_of: Callable[[str], str | None]) -> str | None:
    """How an article writes a stemmed term ("countri" -> "country")."""
    for hit in searcher.search(query.Term("body", term), limit=1):
        text = text_of(hit["id"])
        if text:
            for found, start, end in terms(text):
                if found == term:
                    return text[start:end]
    return None
