"""Boilerplate lines: known web furniture, and lines a corpus repeats across many articles."""

from __future__ import annotations

import re
import zlib
from collections.abc import Container, Iterable

from index.models import Span

# Whole lines (after trimming) that are page furniture rather than article text. Each pattern
# is anchored to the full line so a sentence that merely mentions "source" is never caught.
FURNITURE_PATTERNS: tuple[str, ...] = (
    r"source link",
    r"leave a reply",
    r"leave a comment",
    r"your email address will not be published\b.*",
    r"required fields are marked \*?",
    r"newspapers in english",
    r"newspapers from [\w .]+",
    r"please read our comment policy before commenting\.?",
    r"click to read more and view comments",
    r"click to hide",
    r"original url:?",
    r"copyright ©.*",
    r"©.*all rights reserved\.?",
    r"all rights reserved\.?",
    r"share this( article| story)?:?",
    r"advertisement",
    r"related (article|articles|content|stories):.*",
    r"(read more|continue reading)\.?",
    r"https?://\S+.*",
    r"reuters?",
    r"\?\? .* \?\?.*",
    r"in article <\S+>.*",
)
SCANNING_PATTERNS: dict[str, str] = {
    r".*click here for reprint permission\.?": "reprint permission",
    r"•? ?[\w .'-]+ can be reached at \S+@\S+": " reached at ",
    r"[\w .@()<>\"'-]+ writes:": "writes:",
}
"""More furniture, by patterns that scan the whole line before they fail, each tried only on
lines holding its words (the value, in lower case): tried on every line, they took most of
the time of `is_furniture`, which every line of every article goes through."""
_FURNITURE = re.compile("|".join(f"(?:{p})" for p in FURNITURE_PATTERNS), re.IGNORECASE)
_SCANNING = re.compile("|".join(f"(?:{p})" for p in SCANNING_PATTERNS), re.IGNORECASE)
_SCANNING_WORDS = re.compile("|".join(re.escape(words) for words in SCANNING_PATTERNS.values()))
_FURNITURE_MAX = 160
"""Furniture lines are short; longer lines skip the pattern match (most lines of a corpus)."""
_LINE = re.compile(r"[^\n]+")
_DIGIT = re.compile(r"\d")
_FIGURE_WORD = re.compile(r"(?<!\S)[^\s\d]*+\d")
"""A word holding a digit, matched from its start to its first digit (one match a word,
without backtracking over it: twice as fast as matching the whole word)."""
_QUOTE_MARKS = frozenset(">|:#}")
_INITIALS_QUOTE = re.compile(r"[A-Za-z]{1,4}>")
"""A quote marked with the quoted writer's initials ("ED> The following are..."), as some
newsreaders mark them: a reply quoting a whole post so was grouped with it."""
_ATTRIBUTIONS = ("In article <", " writes:", " wrote:")
_SIGNATURE_MARKS = frozenset(("--", "---"))
SIGNATURE_MAX_LINES = 10
"""A mail or news signature: the last "--" line and at most this many lines after it. Two
posts by one person share it, and with one-line bodies it was most of their text."""

REPEAT_MIN_WORDS = 3
"""Shorter lines ("said.", "Year") repeat by accident in hard-wrapped wire copy: not counted."""
FIGURE_LINE_SHARE = 0.25
"""Lines with at least this share of words holding digits are table rows, never counted."""
REPEAT_MIN_ARTICLES = 6
"""A line is corpus boilerplate once this many articles contain it."""
MAX_REPEATED_SHARE = 0.8
"""When repeated lines would make up more than this share of an article's characters they are
its text, not furniture (a story syndicated many times, a templated bulletin): kept."""


HEADLINE = re.compile(r"[ \t]*[^\n]+\n[ \t]*\n")
"""A text's headline: its first line, when a blank line follows (a title prepended to its body,
a heading)."""
# A wire story's furniture within its lines: the agency named at the end of the headline
# ("World's tallest bridge opens (AP)") and the dateline opening the body ("WASHINGTON
# (Reuters) - ", "NAJAF, Iraq -- ", "AFP - "). Copies of one story keep or drop them
# independently, and every story of a wire shares them.
_SOURCE = r"\((?P<{group}>[A-Za-z][^()\n\d]{{0,30}})\)"
_PLACE = r"[A-Z][A-Z.'&/-]+(?: [A-Z][A-Z.'&/-]+){0,3}"
_NAME = r"[A-Z][\w.'-]*(?: [A-Z][\w.'-]*){0,2}"
_DAY = r"[A-Z][A-Za-z]{2,8}\.? \d{1,2}"
_DATELINE = re.compile(
    r"\s*(?P<dateline>(?:By [^\n]{1,40}?\s{2,})?(?:"
    # a place in capitals, its region, its date, its agency: "KABUL, Afghanistan Aug. 23, 2004"
    rf"(?:{_PLACE}(?:, {_NAME})?(?:,? {_DAY}(?:, \d{{4}})?)?"
    # a place in other case only with the agency: "Athens, Greece (Sports Network)"
    rf"|{_NAME}(?:, {_NAME})?(?= \()"
    # a date alone: "SEPTEMBER 06, 2004 (COMPUTERWORLD)"
    rf"|{_DAY}, \d{{4}})?(?: ?{_SOURCE.format(group='source')})?"
    # any short name, only when the headline's agency tag names it: "Reuters", "SPACE.com"
    r"|(?P<bare>[\w.]+(?: [\w.]+){0,2})"
    r") -{1,2} )"
)
_HEADLINE_SOURCE = re.compile(rf"[ \t](?P<tag>{_SOURCE.format(group='source')})[ \t]*\n")
DATELINES = 2
"""A dateline may follow another ("OCTOBER 14, 2004 (REUTERS) - SAN FRANCISCO -- ")."""


def wire_tags(text: str) -> tuple[Span, ...]:
    """Character ranges of a wire story's dateline at the start of its body, and of the agency
    tag ending its headline when the dateline names that agency too."""
    headline = HEADLINE.match(text)
    if headline is None:
        return ()
    tag = _HEADLINE_SOURCE.search(text, 0, headline.end())
    found: list[Span] = []
    start = headline.end()
    for _ in range(DATELINES):
        dateline = _DATELINE.match(text, start)
        if dateline is None or not dateline.group("dateline").strip(" -"):
            break
        named = dateline.group("source") or dateline.group("dateline").rstrip(" -")
        if tag is not None and named == tag.group("source"):
            found.append(tag.span("tag"))
            tag = None
        elif dateline.group("bare") is not None:
            break
        found.append(dateline.span("dateline"))
        start = dateline.end()
    return tuple(sorted(found))


Line = tuple[int, int, int | None, bool]
"""(start, end, repeat key or None, is furniture) of one non-blank line; offsets are trimmed.
Quoted lines (mail and news replies) get neither a key nor the furniture flag: see `quoted`."""


def scan(text: str) -> list[Line]:
    """Every non-blank line of the text with its repeat key and whether it is furniture."""
    found: list[Line] = []
    signature = None
    for match in _LINE.finditer(text):
        raw = match.group()
        line = raw.strip()
        if not line:
            continue
        start = match.start() + (len(raw) - len(raw.lstrip()))
        if line in _SIGNATURE_MARKS:
            signature = len(found)
        furniture = is_furniture(line)
        key = None if furniture or _is_quote(line) else line_key(line)
        found.append((start, start + len(line), key, furniture))
    if signature is not None and len(found) - signature <= SIGNATURE_MAX_LINES + 1:
        found[signature:] = [(start, end, None, True) for start, end, _, _ in found[signature:]]
    return found


def is_furniture(line: str) -> bool:
    """True for a known web-furniture line (footer, share button, comment form...), trimmed
    (as `scan` gives it)."""
    if len(line) >= _FURNITURE_MAX:
        return False
    if _FURNITURE.fullmatch(line) is not None:
        return True
    return (
        _SCANNING_WORDS.search(line.lower()) is not None and _SCANNING.fullmatch(line) is not None
    )


def quoted(text: str, lines: Iterable[Line]) -> tuple[Span, ...]:
    """Lines quoting another message ("> ..."): a reply that quotes a whole post is a new
    message, not a copy of the post, so these stay out of fingerprints (but are not dimmed)."""
    return tuple((start, end) for start, end, _, _ in lines if _is_quote(text[start:end]))


def replies(text: str) -> bool:
    """True when the text answers a message ("Re:" before its subject, "In article <...> X
    writes:"): a reply, which quotes that message whether or not its lines are marked."""
    return text.startswith("Re:") or any(mark in text for mark in _ATTRIBUTIONS)


def _is_quote(line: str) -> bool:
    """True for a (trimmed) line quoting another message."""
    # Most lines hold no ">" near their start: the pattern is tried on the few that do.
    return line[0] in _QUOTE_MARKS or (">" in line[1:6] and bool(_INITIALS_QUOTE.match(line)))


def line_key(line: str) -> int | None:
    """Stable signed 64-bit key of a line for counting repeats; None when too short to count
    or when it is mostly figures: "Qtly div 10 cts vs 10 cts prior" recurs across a wire's
    dividend notices, but it is their news, not furniture."""
    words = line.lower().split()
    if len(words) < REPEAT_MIN_WORDS:
        return None
    if _DIGIT.search(line) and len(_FIGURE_WORD.findall(line)) >= FIGURE_LINE_SHARE * len(words):
        return None
    data = " ".join(words).encode()
    # Two fast stable checksums make a 64-bit key; collisions only merge counts of two lines.
    return (zlib.crc32(data) << 31) ^ zlib.adler32(data)


def line_keys(lines: Iterable[Line]) -> set[int]:
    """Keys of the countable lines (each counted once per article)."""
    return {key for _, _, key, _ in lines if key is not None}


def spans(text: str, repeated: Container[int] = frozenset()) -> tuple[Span, ...]:
    """Character ranges of furniture lines, and of lines whose key is in `repeated` (unless
    those would be most of the article)."""
    return spans_of(scan(text), repeated)


def spans_of(lines: Iterable[Line], repeated: Container[int] = frozenset()) -> tuple[Span, ...]:
    """`spans` for lines already scanned."""
    furniture: list[Span] = []
    common: list[Span] = []
    body = 0
    for start, end, key, is_furn in lines:
        if is_furn:
            furniture.append((start, end))
            continue
        body += end - start
        if key is not None and key in repeated:
            common.append((start, end))
    if sum(end - start for start, end in common) > MAX_REPEATED_SHARE * body:
        common = []
    return tuple(sorted(furniture + common))
