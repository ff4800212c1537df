"""Multi-story SGML/XML archives (Reuters-21578 ``<REUTERS>``, TREC ``<DOC>``), read leniently."""

from __future__ import annotations

import html
import re
from contextlib import suppress
from datetime import datetime
from pathlib import Path

from index.formats.decoding import decode
from index.formats.record import ReadResult, Record, Unreadable
from index.metadata import TITLE_LENGTH, normalise_date

# Regular expressions, not an XML parser: these archives are SGML with stray "<" and control
# characters, and one bad story must not cost the others.
_STORY_OPEN = re.compile(r"<(REUTERS|DOC)\b([^>]*)>", re.I)
_ATTRIBUTE = re.compile(r"""(\w+)\s*=\s*(?:"([^"]*)"|'([^']*)'|(\S+))""")
_NEWID = re.compile(r"""NEWID\s*=\s*["']?(\d+)""", re.I)
_ANY_TAG = re.compile(r"<(/?)([A-Za-z][\w.-]*)\b[^<>]*>")
_TAG = re.compile(r"</?[A-Za-z][^<>]*>")
_LIST_ITEM = re.compile(r"<D>([^<]*)</D>", re.I)
# "&#3;" and friends: control characters (wire-service framing), never text.
_CONTROL_REF = re.compile(r"&#(?:[0-8]|1[1-9]|2\d|3[01]|127);")
_REUTERS_DATE = re.compile(r"(\d{1,2}-[A-Za-z]{3}-\d{4})\s+(\d{1,2}:\d{2}:\d{2})?")

_TITLE_TAGS = ("TITLE", "HEADLINE", "HEAD", "HL")
_TEXT_TAGS = ("BODY", "TEXT")
_AUTHOR_TAGS = ("AUTHOR", "BYLINE")
_DATE_TAGS = ("DATE", "DD")
_SOURCE_TAGS = ("SOURCE", "SO", "PUBLICATION")
_ID_TAGS = ("DOCNO", "DOCID")
# Routing codes and framing, not content.
_IGNORED_TAGS = frozenset({"UNKNOWN", "D"})


def looks_like_stories(head: str) -> bool:
    """The file opens (after any prolog) with a REUTERS or DOC story element."""
    return _STORY_OPEN.search(head) is not None


def read_stories(path: Path, data: bytes) -> ReadResult:
    """One article per story, keyed by its id (NEWID, DOCNO) or else its position."""
    text = decode(data)
    result = ReadResult([])
    seen: set[str] = set()
    opens = list(_STORY_OPEN.finditer(text))
    ends = [match.start() for match in opens[1:]] + [len(text)]
    for position, (match, end) in enumerate(zip(opens, ends, strict=False), start=1):
        # Each story runs to its closing tag, or to the next story if the tag is missing:
        # splitting at the openings keeps an unclosed story from swallowing the file.
        kind = match.group(1)
        content = text[match.end() : end]
        close = re.search(rf"</{kind}\s*>", content, re.I)
        if close:
            content = content[: close.start()]
        record = _story(kind.upper(), match.group(2), content)
        if record is None:
            newid = _NEWID.search(match.group(2))
            where = f"story {position}" + (f" (NEWID {newid.group(1)})" if newid else "")
            result.problems.append(f"{where}: no title or text")
            continue
        record.key = record.key or str(position)
        if record.key in seen:  # Ids must stay unique within the file.
            record.key = f"{record.key}-{position}"
        seen.add(record.key)
        result.records.append(record)
    if not result.records and not result.problems:
        raise Unreadable("no <REUTERS> or <DOC> stories found")
    return result


def _story(kind: str, attributes: str, content: str) -> Record | None:
    attrs = {
        m.group(1).upper(): m.group(2) or m.group(3) or m.group(4) or ""
        for m in _ATTRIBUTE.finditer(attributes)
    }
    elements = _elements(content)
    title = _clean_line(_first(elements, _TITLE_TAGS))
    body = _body(elements)
    if not title and body and kind == "REUTERS":
        # Unprocessed Reuters stories open with their slug line ("FEDERAL RESERVE REPORT").
        first_line = body.lstrip().split("\n", 1)[0].strip()
        title = first_line if len(first_line) <= TITLE_LENGTH else None
    if not title and not body:
        return None
    used = {*_TITLE_TAGS, *_TEXT_TAGS, *_AUTHOR_TAGS, *_SOURCE_TAGS, *_ID_TAGS}
    date_tag = next((tag for tag in _DATE_TAGS if tag in elements), None)
    date = _date(elements[date_tag]) if date_tag else None
    if date_tag and date:
        used.add(date_tag)  # An unparseable date stays visible among the extras.
    # Attributes that share a name with an element (TOPICS="YES" beside <TOPICS>) are flags.
    extra = {
        name.lower(): value
        for name, value in attrs.items()
        if name != "NEWID" and name not in elements
    }
    for tag, value in elements.items():
        if tag not in used and tag not in _IGNORED_TAGS:
            cleaned = _list_or_text(value)
            if cleaned:
                extra[tag.lower()] = cleaned
    author = _clean_line(_first(elements, _AUTHOR_TAGS))
    # A <REUTERS> story is a Reuters wire story by definition of the format.
    source = _clean_line(_first(elements, _SOURCE_TAGS))
    source = source or ("Reuters" if kind == "REUTERS" else None)
    return Record(
        text=body,
        title=title,
        source=source,
        author=_byline(author),
        date=date,
        key=attrs.get("NEWID") or _clean_line(_first(elements, _ID_TAGS)) or "",
        extra=extra,
    )


def _elements(content: str) -> dict[str, str]:
    """Every element's raw content by tag name (the first of each), nested ones included."""
    # One pass over the tags, pairing each closing tag with the latest opening one of its
    # name: linear even when many tags are never closed (a regex per element is not).
    opened: dict[str, list[re.Match[str]]] = {}
    spans: list[tuple[int, str, str]] = []
    for tag in _ANY_TAG.finditer(content):
        name = tag.group(2).upper()
        if not tag.group(1):
            opened.setdefault(name, []).append(tag)
        elif opened.get(name):
            start = opened[name].pop()
            spans.append((start.start(), name, content[start.end() : tag.start()]))
    found: dict[str, str] = {}
    for _, name, inner in sorted(spans):
        found.setdefault(name, inner)
    for name in _TEXT_TAGS:
        # An unclosed BODY or TEXT still holds the story: it runs to the end of the story.
        if name not in found and opened.get(name):
            found[name] = content[opened[name][0].end() :]
    return found


def _body(elements: dict[str, str]) -> str:
    if "BODY" in elements:
        return _clean_text(elements["BODY"])
    raw = elements.get("TEXT", "")
    # Without a BODY the story's TEXT is the body, less the elements already read as metadata.
    for tag in (*_TITLE_TAGS, *_AUTHOR_TAGS, *_DATE_TAGS):
        if tag in elements:
            raw = raw.replace(elements[tag], "")
    body = _clean_text(raw).strip("*\n ")
    # Reuters' one-line notes (TYPE="BRIEF") carry only a headline and this placeholder.
    return "" if body == "Blah blah blah." else body


def _first(elements: dict[str, str], tags: tuple[str, ...]) -> str:
    return next((elements[tag] for tag in tags if tag in elements), "")


def _clean_text(raw: str) -> str:
    text = html.unescape(_TAG.sub("", _CONTROL_REF.sub("", raw)))
    lines = [line.rstrip() for line in text.split("\n")]
    return "\n".join(lines).strip("\n")


def _clean_line(raw: str) -> str | None:
    return " ".join(_clean_text(raw).split()) or None


def _list_or_text(raw: str) -> str | None:
    items = _LIST_ITEM.findall(raw)
    if items:
        return ", ".join(item for item in (_clean_line(i) for i in items) if item) or None
    return _clean_line(raw)


def _byline(author: str | None) -> str | None:
    """``by Janie Gabbett, Reuters`` -> ``Janie Gabbett``."""
    if not author:
        return None
    name = re.sub(r"^by\s+", "", author, flags=re.I)
    return re.sub(r",\s*Reuters?\.?$", "", name, flags=re.I).strip() or None


def _date(raw: str) -> str | None:
    value = _clean_line(raw) or ""
    match = _REUTERS_DATE.match(value)
    if match:  # "26-FEB-1987 15:01:01.79": strptime is exact and much faster than guessing.
        day, time = match.group(1), match.group(2)
        with suppress(ValueError, TypeError):
            return datetime.strptime(f"{day} {time}", "%d-%b-%Y %H:%M:%S").isoformat()
        with suppress(ValueError):
            return datetime.strptime(day, "%d-%b-%Y").date().isoformat()
    return normalise_date(value)
