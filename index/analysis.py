"""How text becomes index terms: one function shared by indexing, queries and highlighting."""

from __future__ import annotations

import re
from collections.abc import Iterator
from functools import lru_cache
from typing import Any

import Stemmer
from whoosh.analysis import (
    Analyzer,
    CharsetFilter,
    LowercaseFilter,
    RegexTokenizer,
    Token,
    Tokenizer,
)
from whoosh.support.charset import accent_map

WORD_TAIL = r"(?:[.'’]\w+)*"
WORD = re.compile(r"\w++(?:[.'’]\w++)*+")
"""A word: letters and digits, keeping "U.S." and "don't" whole (``\\w+`` then WORD_TAIL,
matched without backtracking, which cannot change what matches: a word part is always
followed by a separator or the end)."""

_ENGLISH = Stemmer.Stemmer("english")
# Accents folded, and the typographic apostrophe made plain so "Kazakhstan’s" stems like "'s".
_FOLD = {**accent_map, ord("’"): "'"}
_STEMS: dict[str, str] = {}
_STEM_CACHE_LIMIT = 500_000


def fold(word: str) -> str:
    """Lower case with accents removed, so "Café" and "cafe" are one word."""
    word = word.lower()
    return word if word.isascii() else word.translate(_FOLD)


def stem(word: str) -> str:
    """The Snowball English stem of a folded word (PyStemmer, in C, behind a dict cache).

    Abbreviations with dots ("u.s") are kept whole: stemming would cut them to nonsense.
    """
    found = _STEMS.get(word)
    if found is None:
        if len(_STEMS) > _STEM_CACHE_LIMIT:
            _STEMS.clear()
        found = _STEMS[word] = word if "." in word else _ENGLISH.stemWord(word)
    return found


class _TermsByWord(dict[str, str]):
    """Words as written ("Protesters") to their terms, filled on first use."""

    def __missing__(self, word: str) -> str:
        if len(self) > _STEM_CACHE_LIMIT:
            self.clear()
        term = self[word] = stem(fold(word))
        return term


_TERMS = _TermsByWord()


def terms(text: str) -> Iterator[tuple[str, int, int]]:
    """(term, start, end) for every word of ``text``: the one definition of an index term."""
    for match in WORD.finditer(text):
        yield stem(fold(match.group())), match.start(), match.end()


def term_list(text: str) -> list[str]:
    """The terms of :func:`terms`, in order, without offsets: the fast path for indexing.

    An ASCII text is lowered first (its words are then folded already, and "The" and "the"
    are one word to look up); lowering another text may change its words ("İ" gains a dot).
    """
    if text.isascii():
        return list(map(_TERMS.__getitem__, WORD.findall(text.lower())))
    return list(map(_TERMS.__getitem__, WORD.findall(text)))


class StemmedWords(Tokenizer):  # type: ignore[misc]
    """Whoosh tokenizer for title and body, built on :func:`terms`; keeps stop words."""

    def __eq__(self, other: object) -> bool:
        return type(other) is type(self)

    def __hash__(self) -> int:
        return hash(type(self))

    def __call__(
        self,
        value: str,
        positions: bool = False,
        chars: bool = False,
        keeporiginal: bool = False,
        removestops: bool = True,
        start_pos: int = 0,
        start_char: int = 0,
        tokenize: bool = True,
        mode: str = "",
        **kwargs: Any,
    ) -> Iterator[Token]:
        token = Token(positions, chars, removestops=removestops, mode=mode, **kwargs)
        if not tokenize:
            # Prefix and wildcard text: folded but not stemmed, so "protest*" still matches.
            token.text = fold(value)
            token.boost, token.stopped = 1.0, False
            if positions:
                token.pos = start_pos
            if chars:
                token.startchar, token.endchar = start_char, start_char + len(value)
            yield token
            return
        for position, (term, start, end) in enumerate(terms(value)):
            token.text = term
            token.boost, token.stopped = 1.0, False
            if keeporiginal:
                token.original = value[start:end]
            if positions:
                token.pos = start_pos + position
            if chars:
                token.startchar, token.endchar = start_char + start, start_char + end
            yield token


@lru_cache(maxsize=1)
def text_analyzer() -> Analyzer:
    """Title and body: words folded and stemmed."""
    return StemmedWords()


NAME_WORD = re.compile(r"\w+")
"""A word of a name (source, author, url, path): letters and digits only."""


@lru_cache(maxsize=1)
def name_analyzer() -> Analyzer:
    """Source, author, url and path: words, lower case, accents folded, not stemmed."""
    return RegexTokenizer(NAME_WORD.pattern) | LowercaseFilter() | CharsetFilter(accent_map)


def name_terms(text: str) -> list[str]:
    """The terms :func:`name_analyzer` makes of ``text``, without tokens: for indexing."""
    return [word.lower().translate(accent_map) for word in NAME_WORD.findall(text)]
