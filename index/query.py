"""Query text to a Whoosh query: the full syntax when it is valid, the plain words when not."""

from __future__ import annotations

import re
from dataclasses import dataclass

from whoosh import qparser, query
from whoosh.fields import Schema

from index.analysis import fold, stem
from index.errors import QueryError
from index.phrase import with_fast_phrases
from index.store import QUERY_FIELDS

DEFAULT_FIELDS = ("title", "body")
MAX_FUZZY_DISTANCE = 2
FUZZY_PREFIX = 1
_OPERATORS = frozenset({"AND", "OR", "NOT", "ANDNOT", "ANDMAYBE", "TO"})
_FIELD_PREFIX = re.compile(r"(?<![\w\"'])([A-Za-z_]+):(?=\S)")
_FIELD_VALUE = re.compile(r"(?<![\w\"'])[A-Za-z_]+:(?:\"[^\"]*\"?|\[[^\]]*\]?|\S+)")
_LEADING_MINUS = re.compile(r"(?:(?<=[\s(])|^)-(?=[\w\"(])")
_FUZZY_DISTANCE = re.compile(r"(?<!\")~(\d+)")
"""A fuzzy word's edit distance ("putn~2"); after a quote, "~3" is a phrase's slop instead."""
_DATE_VALUE = re.compile(r"(?i)\bdate:(\[[^\]]*\]?|\{[^}]*\}?|[<>]=?\S+|\S+)")
_WORDLESS_TERM = re.compile(r"(?:^|\s)([^\w\s\"()\[\]{}:~-]+)(?=\s|$)")


@dataclass(frozen=True, slots=True)
class ParsedQuery:
    """A usable query, the words it was made of, and a notice if it was not used as written."""

    query: query.Query
    words: tuple[str, ...]
    """Plain words of title and body (field values left out): what spelling may correct."""
    notice: str | None = None


def parse(text: str, schema: Schema) -> ParsedQuery:
    """Parse with AND between bare terms; on invalid syntax, fall back to the plain words."""
    text = text.strip()
    words = plain_words(_FIELD_VALUE.sub(" ", text))
    if not text:
        raise QueryError("empty query: type some words to search for")
    text = _minus_as_not(text)
    text, fuzzy_note = _clamp_fuzzy(text)
    problem = _syntax_problem(text, schema)
    if problem is None:
        try:
            parsed = _parser(schema).parse(text)
        except Exception as error:  # Whoosh raises plain Exception for bad ranges.
            problem = str(error) or type(error).__name__
        else:
            if not _is_null(parsed):
                return ParsedQuery(
                    with_fast_phrases(_tune_fuzzy(parsed), schema), words, fuzzy_note
                )
            problem = "nothing searchable in it"
    # Prefer the words outside field:value parts ("date:[x to y] riots" searches "riots"),
    # then any plain word, then even operator words typed alone ("AND" searches "and").
    fallback_words = (
        plain_words(_FIELD_VALUE.sub(" ", text))
        or plain_words(text)
        or tuple(word.lower() for word in re.findall(r"\w+", text))
    )
    if not fallback_words:
        raise QueryError(f"cannot search for {text!r}: {problem}, and it has no plain words")
    fallback = _parser(schema).parse(" ".join(fallback_words))
    searched = " ".join(fallback_words)
    notice = f"query not used as written ({problem}); searched for the words: {searched}"
    return ParsedQuery(fallback, fallback_words, notice)


def plain_words(text: str) -> tuple[str, ...]:
    """The words of a query without operators, field names or syntax."""
    without_fields = _FIELD_PREFIX.sub(" ", text)
    return tuple(
        word
        for word in re.findall(r"\w+", without_fields)
        if word not in _OPERATORS and not (word.isdigit() and f"~{word}" in text)
    )


def _parser(schema: Schema) -> qparser.QueryParser:
    parser = qparser.MultifieldParser(list(DEFAULT_FIELDS), schema, group=qparser.AndGroup)
    parser.add_plugin(qparser.FuzzyTermPlugin())
    parser.add_plugin(qparser.GtLtPlugin())
    return parser


def _tune_fuzzy(parsed: query.Query) -> query.Query:
    """Fuzzy terms compare stems with stems, and keep their first letter.

    The index holds stems ("govern"), so "goverment~" must be stemmed ("goverment" ->
    "gover") to be one edit away. Typos rarely start a word, and without a fixed first
    letter Whoosh walks the whole vocabulary (a second per fuzzy term on a large library).
    """
    for leaf in parsed.leaves():
        if isinstance(leaf, query.FuzzyTerm):
            if leaf.fieldname in DEFAULT_FIELDS:
                leaf.text = stem(fold(leaf.text))
            leaf.prefixlength = max(leaf.prefixlength, FUZZY_PREFIX)
    return parsed


def _minus_as_not(text: str) -> str:
    """``-word`` (as people type it into web search engines) means ``NOT word``.

    Only at the start of a word and outside quotes: "anti-government" stays one word.
    """
    pieces = text.split('"')
    pieces[::2] = [_LEADING_MINUS.sub("NOT ", piece) for piece in pieces[::2]]
    return '"'.join(pieces)


def _clamp_fuzzy(text: str) -> tuple[str, str | None]:
    """``term~5`` would scan the whole vocabulary: cap the edit distance."""
    if not any(int(d) > MAX_FUZZY_DISTANCE for d in _FUZZY_DISTANCE.findall(text)):
        return text, None
    clamped = _FUZZY_DISTANCE.sub(lambda m: f"~{min(int(m.group(1)), MAX_FUZZY_DISTANCE)}", text)
    return clamped, f"fuzzy distance capped at {MAX_FUZZY_DISTANCE}"


def _syntax_problem(text: str, schema: Schema) -> str | None:
    """The first reason the text is not a valid query, or None (Whoosh itself rarely says)."""
    if text.count('"') % 2:
        return "unbalanced quote"
    if _unbalanced(text):
        return "unbalanced parenthesis"
    for name in _FIELD_PREFIX.findall(_outside_quotes(text)):
        if name not in QUERY_FIELDS:
            return f"unknown field {name!r}; fields are {', '.join(QUERY_FIELDS)}"
    # A quoted phrase counts as a word: '"a b" OR "c d"' has words on both sides of OR.
    tokens = re.sub(r'"[^"]*"', " phrase ", text).replace("(", " ").replace(")", " ").split()
    if tokens and (tokens[0] in {"AND", "OR"} or tokens[-1] in {"AND", "OR", "NOT"}):
        return "an operator is missing a word"
    for value in _DATE_VALUE.findall(text):
        if not _valid_date(value, schema):
            return f"date:{value} is not a date (use date:YYYYMMDD or date:[YYYYMMDD TO YYYYMMDD])"
    wordless = _WORDLESS_TERM.search(_outside_quotes(text))
    if wordless:
        return f"{wordless.group(1)!r} has no letters or digits to search for"
    return None


def _is_null(parsed: query.Query) -> bool:
    # Whoosh makes new _NullQuery instances, so compare types rather than identity.
    return isinstance(parsed, type(query.NullQuery))


def _outside_quotes(text: str) -> str:
    return re.sub(r'"[^"]*"', " ", text)


def _unbalanced(text: str) -> bool:
    depth = 0
    for char in _outside_quotes(text):
        depth += {"(": 1, ")": -1}.get(char, 0)
        if depth < 0:
            return True
    return depth != 0


def _valid_date(value: str, schema: Schema) -> bool:
    parser = qparser.QueryParser("date", schema)
    parser.add_plugin(qparser.GtLtPlugin())
    try:
        parsed = parser.parse(f"date:{value}")
        # A quoted value ('date:"x"') parses as a term whose date Whoosh reads only when it
        # searches, and then fails with a bare Exception: read it now.
        for field, text in parsed.iter_all_terms():
            schema[field].to_bytes(text)
    except Exception:
        return False
    return not _is_null(parsed) and not isinstance(parsed, query.Or | query.And)
