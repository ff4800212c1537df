"""Which words a query matched, as character offsets: in full texts, titles and snippets."""

from __future__ import annotations

import re
from collections.abc import Iterable, Iterator, Sequence
from functools import lru_cache

from whoosh import query
from whoosh.reading import IndexReader

from index.analysis import WORD_TAIL as _WORD_TAIL
from index.analysis import fold, stem
from index.models import Span

SNIPPET_LENGTH = 220
SNIPPET_SCAN = 20_000
"""Characters searched for the words of a snippet: hits include mail archives and FAQs of
100 KB and more, and finding every match in twenty such texts took most of a search. The
snippet is chosen from the matches in the first ones (from all, when there are none)."""
_LEAD = 50
_MAX_EXPANSION = 5000
_TEXT_FIELDS = frozenset({"title", "body"})
_SPACE = re.compile(r"\s+")


def matched_terms(parsed: query.Query, reader: IndexReader) -> frozenset[str]:
    """Title and body terms the query asks for (prefixes expanded, NOT parts left out)."""
    found: set[str] = set()
    for leaf in _positive_leaves(parsed):
        if getattr(leaf, "fieldname", None) not in _TEXT_FIELDS:
            continue
        if isinstance(leaf, query.Term):
            found.add(str(leaf.text))
        elif isinstance(leaf, query.Phrase):
            found.update(str(word) for word in leaf.words)
        elif isinstance(leaf, query.MultiTerm):
            for count, term in enumerate(leaf._btexts(reader)):
                if count >= _MAX_EXPANSION:
                    break
                found.add(term.decode("utf-8") if isinstance(term, bytes) else str(term))
    return frozenset(found)


def _positive_leaves(node: query.Query) -> Iterator[query.Query]:
    if isinstance(node, query.Not):
        return
    if isinstance(node, query.AndNot):
        yield from _positive_leaves(node.a)
        return
    if isinstance(node, query.Phrase) or node.is_leaf():
        yield node
        return
    for child in node.children():
        yield from _positive_leaves(child)


def spans(text: str, wanted: frozenset[str], end: int | None = None) -> list[Span]:
    """Character ranges of every word of ``text`` whose index term is wanted (stemmed forms too),
    or of those before ``end`` (a whitespace position, so that no word is cut in two).

    Stemming every word of every hit is the slow part of a search, so regular expressions
    (run in C) first pick the few words that could stem to a wanted term.
    """
    if not wanted:
        return []
    ascii_text = text.isascii()
    stop = end or len(text)
    # Lower case keeps an ASCII text's offsets: its words are found by case-sensitive
    # patterns, which skip through the text to their literal start much faster. Only the
    # part searched is lowered (a snippet searches the opening of a long mail).
    subject = text[:stop].lower() if ascii_text else text
    found: dict[int, int] = {}
    for pattern in _candidates(wanted, ascii_text):
        for match in pattern.finditer(subject, 0, stop):
            found.setdefault(match.start(), match.end())
    verdicts = _verdicts(wanted)
    matched = []
    for start, finish in sorted(found.items()):
        word = subject[start:finish]
        wanted_word = verdicts.get(word)
        if wanted_word is None:
            wanted_word = verdicts[word] = stem(fold(word)) in wanted
        if wanted_word:
            matched.append((start, finish))
    return matched


@lru_cache(maxsize=16)
def _verdicts(wanted: frozenset[str]) -> dict[str, bool]:
    """Whether each word met so far stems to a wanted term (each is stemmed once)."""
    return {}


def snippet_matches(text: str, wanted: frozenset[str]) -> list[Span]:
    """The matches a snippet is chosen from: those in the first SNIPPET_SCAN characters, or all
    of them when there are none there."""
    if len(text) <= SNIPPET_SCAN:
        return spans(text, wanted)
    cut = max(text.rfind(" ", 0, SNIPPET_SCAN), text.rfind("\n", 0, SNIPPET_SCAN))
    return (cut > 0 and spans(text, wanted, cut)) or spans(text, wanted)


def _stem_start(term: str) -> str:
    if len(term) == 3 and term.endswith("ie"):
        return term[:1]
    return term[:2] if len(term) <= 3 else term[:3]


@lru_cache(maxsize=128)
def _candidates(wanted: frozenset[str], ascii_text: bool) -> tuple[re.Pattern[str], ...]:
    """Patterns of the words starting like a wanted term: for ASCII texts in lower case, one
    pattern a prefix; for other texts one pattern, which also takes any word with a
    non-ASCII letter.

    A stem keeps the first three letters of its word, except short stems that end by
    changing a letter ("cry" -> "cri", "skies" -> "sky": two letters suffice) and stems of
    "-ying" words ("dying", "vying" -> "die", "vie": the first letter). Accents fold away,
    so words with non-ASCII letters are always checked (in texts that have any: looking for
    them costs as much as the rest of the search).
    """
    prefixes = sorted({_stem_start(term) for term in wanted})
    if ascii_text:
        # A pattern that starts with one literal skips to it at C speed; alternatives, or
        # IGNORECASE, make the engine try every position of the text.
        return tuple(re.compile(_word_from(re.escape(prefix), len(prefix))) for prefix in prefixes)
    by_length: dict[int, list[str]] = {}
    for prefix in prefixes:
        by_length.setdefault(len(prefix), []).append(re.escape(prefix))
    starts = "|".join(
        _word_start(f"(?:{'|'.join(group)})", size) for size, group in sorted(by_length.items())
    )
    # Words with a non-ASCII letter: their ASCII start taken possessively, so a long run of
    # letters (an encoded attachment in a mail) is scanned once, not backtracked over.
    accented = r"\b(?<!\w[.'’])[a-zA-Z0-9_]*+[^\W\x00-\x7f]"
    return (re.compile(rf"(?:{starts}|{accented})\w*{_WORD_TAIL}", re.IGNORECASE),)


def _word_start(literal: str, size: int) -> str:
    """The literal where a word starts (no letter before it), and not inside "47.3" or
    "BA's": the literal comes first, the look-behinds (of its fixed width) only then."""
    return rf"{literal}(?<!\w.{{{size}}})(?<!\w[.'’].{{{size}}})"


def _word_from(literal: str, size: int) -> str:
    """A whole word starting with the literal."""
    return rf"{_word_start(literal, size)}\w*{_WORD_TAIL}"


def snippet(
    text: str, matches: Sequence[Span], avoid: Iterable[Span] = (), length: int = SNIPPET_LENGTH
) -> tuple[str, tuple[Span, ...]]:
    """One line of text around the densest matches, and the match offsets inside that line."""
    avoided = list(avoid)
    usable = [m for m in matches if not any(a <= m[0] < b for a, b in avoided)]
    counted_end = 0
    if usable:
        first = _best_window(text, usable, length)
        # A little context before the first match, but never reaching into the line above.
        start = max(text.rfind("\n", 0, first) + 1, first - _LEAD)
        counted_end = first + length - _LEAD  # the matches the window was chosen for
    else:
        start = _first_prose(text, avoided)
    start = _word_boundary_back(text, start)
    end = min(len(text), start + length)
    if end < len(text):
        end = _word_boundary_back(text, end)
    if end < counted_end:  # moving back to whole words cut off a match the window counted
        end = _word_end(text, min(len(text), counted_end))
    inside = [(a, b) for a, b in usable if start <= a and b <= end]
    return _flatten(text, start, end, inside)


def snippet_region(text: str, matches: Sequence[Span], length: int = SNIPPET_LENGTH) -> Span:
    """The whole lines around where :func:`snippet` would look first.

    Finding boilerplate means examining lines; a snippet only needs to know about these.
    """
    first = _best_window(text, matches, length) if matches else _first_prose(text, [])
    start = text.rfind("\n", 0, max(0, first - _LEAD)) + 1
    end = text.find("\n", min(len(text), first + length))
    return start, len(text) if end < 0 else end


def _best_window(text: str, matches: Sequence[Span], length: int) -> int:
    """Start of the match whose following window holds the most distinct matched words (then
    the most matches): a phrase's words together beat its stop word ("of") many times over."""
    words = [text[start:end].lower() for start, end in matches]
    in_window: dict[str, int] = {}
    best_start, best = matches[0][0], (0, 0)
    right = 0
    for left, (start, _) in enumerate(matches):
        while right < len(matches) and matches[right][1] <= start + length - _LEAD:
            in_window[words[right]] = in_window.get(words[right], 0) + 1
            right += 1
        found = (len(in_window), right - left)
        if found > best:
            best_start, best = start, found
        if right > left:  # the window moves past this match
            in_window[words[left]] -= 1
            if not in_window[words[left]]:
                del in_window[words[left]]
    return best_start


def _first_prose(text: str, avoided: list[Span]) -> int:
    """Where the article's first real paragraph starts (skipping mastheads and short lines)."""
    offset = 0
    for line in text.split("\n"):
        if len(line.split()) >= 12 and not any(a <= offset < b for a, b in avoided):
            return offset
        offset += len(line) + 1
    return 0


def _word_end(text: str, position: int) -> int:
    while position < len(text) and not text[position].isspace():
        position += 1
    return position


def _word_boundary_back(text: str, position: int) -> int:
    while 0 < position < len(text) and not text[position - 1].isspace():
        position -= 1
    return position


def _flatten(
    text: str, start: int, end: int, matches: Sequence[Span]
) -> tuple[str, tuple[Span, ...]]:
    """Collapse whitespace to single spaces, keeping match offsets right, with … at cut ends."""
    pieces: list[str] = ["…"] if start > 0 else []
    length = len(pieces[0]) if pieces else 0
    shifted: list[Span] = []
    cursor = start
    for a, b in matches:
        gap = _SPACE.sub(" ", text[cursor:a])
        pieces.append(gap)
        length += len(gap)
        shifted.append((length, length + (b - a)))
        pieces.append(text[a:b])
        length += b - a
        cursor = b
    pieces.append(_SPACE.sub(" ", text[cursor:end]))
    line = "".join(pieces)
    stripped = line.lstrip(" ")
    lead = len(line) - len(stripped)
    if start > 0:
        lead = 0
    line = line[lead:].rstrip()
    if end < len(text):
        line += " …"
    return line, tuple((a - lead, b - lead) for a, b in shifted)
