"""Title, source, byline, date and url read from the header and footer lines of plain text."""

from __future__ import annotations

import re
from dataclasses import dataclass
from datetime import UTC, datetime

from dateutil import parser as date_parser

TITLE_LENGTH = 90
"""Longest title made from a first sentence, in characters (cut at a word boundary)."""

_DEFAULT_A = datetime(2000, 1, 1)
_DEFAULT_B = datetime(2001, 2, 2)
_HEADER_LINES = 8
_FOOTER_LINES = 8
_MONTHS = (
    r"(?:jan(?:uary)?|feb(?:ruary)?|mar(?:ch)?|apr(?:il)?|may|june?|july?|aug(?:ust)?"
    r"|sep(?:t(?:ember)?)?|oct(?:ober)?|nov(?:ember)?|dec(?:ember)?)"
)
_WEEKDAY = r"(?:mon|tues?|wed(?:nes)?|thu(?:rs)?|fri|sat(?:ur)?|sun)(?:day)?\.?,?\s*"
# Dates as people write them in mastheads: "Monday, January 10, 2022", "10 Jan 2022", ISO.
_DATE_IN_WORDS = re.compile(
    rf"(?:{_WEEKDAY})?(?:{_MONTHS}\.?\s+\d{{1,2}}(?:st|nd|rd|th)?,?\s+\d{{4}}"
    rf"|\d{{1,2}}(?:st|nd|rd|th)?\s+{_MONTHS}\.?,?\s+\d{{4}}"
    rf"|\d{{4}}-\d{{2}}-\d{{2}}(?:[T ]\d{{2}}:\d{{2}}(?::\d{{2}})?)?)",
    re.I,
)
_ISO_DATE = re.compile(
    r"\d{4}-\d{2}-\d{2}(?:[T ]\d{2}:\d{2}(?::\d{2}(?:\.\d+)?)?(?:Z|[+-]\d{2}:?\d{2})?)?"
)
_YEAR = re.compile(r"\b(1[89]\d\d|2\d\d\d)\b")
_BYLINE = re.compile(r"^[-–—•*\s]*by\s+(?P<name>[^\d].{1,120}?)\s*$", re.I)
_BYLINE_TAIL = re.compile(
    r"\s*(?:,|\band\b|\bwith\b)?\s*(?:wires?|agencies|wire services|staff writers?)\s*$",
    re.I,
)
_URL = re.compile(r"https?://\S+(?:[ \t]+[^\s:]+)*", re.I)
_URL_LABEL = re.compile(
    r"^\s*(?:original\s+url|source\s+url|url|link|source)\s*:\s*(?P<rest>.*)$", re.I
)
_MASTHEAD_SEPARATORS = re.compile(r"\s+[-–—|•]\s+|^\s*[-–—|•]\s*|\s*[-–—|•]\s*$")
# A sentence ends at . ! or ? (maybe followed by a closing quote) before a capital letter.
_SENTENCE_END = re.compile(r"[.!?][\"'”’)\]]?(?=\s+[A-Z\"'“‘(]|$)")
_PUBLICATION_WORDS = frozenset(
    """times post chronicle herald journal news tribune gazette guardian telegraph daily weekly
    observer reuters press independent globe star sun mail express mirror review magazine
    inquirer examiner register courier bulletin standard record dispatch today monitor
    wire
    agency bbc cnn npr afp ap tass xinhua bloomberg economist atlantic republic sentinel
    enquirer leader mercury advertiser argus pioneer plain dealer statesman""".split()
)
_SMALL_WORDS = frozenset("of the and a an in on for at to de la le".split())


@dataclass(frozen=True, slots=True)
class TextMetadata:
    """Metadata found in a plain-text article; None where the text does not say."""

    title: str
    source: str | None
    author: str | None
    date: str | None
    url: str | None
    subtitle: str | None = None


def plain_text_metadata(text: str) -> TextMetadata:
    """Read the header (masthead, publication, headline, subtitle, byline) and footer (url)."""
    lines = [line.strip() for line in text.split("\n")]
    header = _header_lines(lines)
    source = date = author = None
    headlines: list[str] = []
    for position, line in enumerate(header):
        # Mastheads, bylines and dates are never titles, even when repeated.
        masthead = _masthead(line)
        if masthead:
            source = source or masthead[0]
            date = date or masthead[1]
            continue
        name = _byline(line)
        if name:
            author = author or name
            continue
        if _is_bare_date(line):
            date = date or normalise_date(line)
            continue
        if position == 0 and source is None and _looks_like_publication(line, header):
            source = line
            continue
        headlines.append(line)
    url = _footer_url(lines)
    if source is None and url:
        source = _host(url)
    title = headlines[0] if headlines else first_sentence_title(_body_start(lines))
    subtitle = headlines[1] if len(headlines) > 1 else None
    return TextMetadata(title, source, author, date, url, subtitle)


def first_sentence_title(text: str, limit: int = TITLE_LENGTH) -> str:
    """The first sentence of ``text``, cut at a word boundary to ``limit`` characters."""
    flat = " ".join(text.split())
    match = _SENTENCE_END.search(flat)
    sentence = flat[: match.end()].strip() if match else flat
    if len(sentence) <= limit:
        return sentence
    cut = sentence[: limit - 1].rsplit(" ", 1)[0].rstrip(",;:—–- ")
    return cut + "…"


def normalise_date(value: str) -> str | None:
    """A date or datetime in ISO 8601, or None if ``value`` is not clearly a date with a year."""
    value = value.strip()
    if not value or not _YEAR.search(value) or len(value) > 60:
        return None
    if _ISO_DATE.fullmatch(value):  # The common case in exports, without dateutil's cost.
        try:
            return _iso(datetime.fromisoformat(value), value)
        except ValueError:
            pass
    try:
        # Parsing against two different defaults shows which parts the text left out:
        # a date without its day or month is not a date we may store (never invent).
        parsed = date_parser.parse(value, default=_DEFAULT_A)
        if parsed.date() != date_parser.parse(value, default=_DEFAULT_B).date():
            return None
    except (ValueError, OverflowError, TypeError):
        return None
    return _iso(parsed, value)


def _iso(parsed: datetime, written: str) -> str:
    if parsed.tzinfo is not None:
        parsed = parsed.astimezone(UTC).replace(tzinfo=None)
    if _has_time(written):
        return parsed.replace(microsecond=0).isoformat()
    return parsed.date().isoformat()


def parse_iso(value: str) -> datetime:
    """The datetime of an ISO 8601 string produced by :func:`normalise_date`."""
    return datetime.fromisoformat(value)


def _has_time(value: str) -> bool:
    return bool(re.search(r"\d{1,2}:\d{2}", value))


def _header_lines(lines: list[str]) -> list[str]:
    """Non-empty lines before the first paragraph of prose, at most a handful."""
    header: list[str] = []
    for line in lines:
        if not line:
            continue
        if _is_prose(line) or len(header) >= _HEADER_LINES:
            break
        header.append(line)
    return header


def _body_start(lines: list[str]) -> str:
    """The first paragraph of prose (or, failing that, the first non-empty line)."""
    for line in lines:
        if line and _is_prose(line):
            return line
    return next((line for line in lines if line), "")


def _is_prose(line: str) -> bool:
    words = line.split()
    return len(words) >= 25 or (
        len(words) >= 12 and line.rstrip("\"'”’)").endswith((".", "?", "!"))
    )


def _masthead(line: str) -> tuple[str | None, str] | None:
    """``- The Washington Times - Monday, January 10, 2022`` -> (publication, ISO date)."""
    found = _DATE_IN_WORDS.search(line)
    if not found:
        return None
    date = normalise_date(found.group(0))
    if date is None:
        return None
    rest = (line[: found.start()] + " - " + line[found.end() :]).strip()
    parts = [p.strip() for p in _MASTHEAD_SEPARATORS.split(rest) if p and p.strip(" ,")]
    if not parts:
        return (None, date) if _is_bare_date(line) else None
    name = parts[0].strip(" ,")
    if len(parts) == 1 and 0 < len(name.split()) <= 6 and _capitalised(name):
        return name, date
    return None


def _is_bare_date(line: str) -> bool:
    found = _DATE_IN_WORDS.fullmatch(line.strip(" -–—,."))
    return found is not None and normalise_date(found.group(0)) is not None


def _byline(line: str) -> str | None:
    match = _BYLINE.match(line)
    if not match:
        return None
    name = _BYLINE_TAIL.sub("", match.group("name")).strip(" ,.-")
    words = name.split()
    if not words or len(words) > 16 or not words[0][:1].isupper():
        return None
    return name.title() if name.isupper() else name


def _looks_like_publication(line: str, header: list[str]) -> bool:
    """A short capitalised name alone on the first line, above a headline ("New York Post")."""
    words = line.split()
    if not 1 <= len(words) <= 5 or not _capitalised(line) or line.endswith((".", "?", "!", ":")):
        return False
    named = any(word.lower().strip(".,'’") in _PUBLICATION_WORDS for word in words)
    more_header = len(header) > 1
    return named or (more_header and len(words) <= 3)


def _capitalised(text: str) -> bool:
    words = [w for w in re.findall(r"[^\W\d_][\w'’.&-]*", text) if w.lower() not in _SMALL_WORDS]
    return bool(words) and all(w[0].isupper() for w in words)


def _footer_url(lines: list[str]) -> str | None:
    """A url given in the last lines, e.g. ``Original url:`` followed by the address."""
    tail = [line for line in lines if line][-_FOOTER_LINES:]
    for index, line in enumerate(tail):
        label = _URL_LABEL.match(line)
        if not label:
            continue
        candidates = [label.group("rest"), *tail[index + 1 : index + 2]]
        for candidate in candidates:
            found = _URL.match(candidate.strip())
            if found:
                # Addresses cannot contain spaces: a space inside one is a wrapping artefact.
                return re.sub(r"\s+", "", found.group(0))
    return None


def _host(url: str) -> str | None:
    match = re.match(r"https?://(?:www\.)?([^/:?#]+)", url, re.I)
    return match.group(1).lower() if match else None
