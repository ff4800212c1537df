"""Named fields (JSON keys, CSV headers) to a Record: the usual names for title, text, date…"""

from __future__ import annotations

import html
import json
import re
import unicodedata
from collections.abc import Mapping

from index.formats.record import Record
from index.metadata import normalise_date

# Normalised name (lower case, letters and digits only) -> Record attribute. Within one
# attribute the earlier name wins when a record has several ("text" over "description").
_NAMES: dict[str, tuple[str, ...]] = {
    "title": ("title", "headline", "heading", "subject"),
    "text": (
        "text",
        "body",
        "content",
        "maintext",
        "articlebody",
        "article",
        "story",
        "description",
    ),
    "date": (
        "date",
        "published",
        "publishedat",
        "publishdate",
        "datepublished",
        "datepublish",
        "pubdate",
        "publicationdate",
        "created",
        "createdat",
    ),
    "author": ("author", "authors", "byline", "creator", "writer"),
    "url": ("url", "link", "href", "permalink", "uri"),
    "source": ("source", "publisher", "site", "sitename", "publication", "sourcedomain", "domain"),
}
_FIELD_OF: dict[str, str] = {name: attr for attr, names in _NAMES.items() for name in names}
_RANK: dict[str, int] = {name: i for names in _NAMES.values() for i, name in enumerate(names)}
_NOT_ALNUM = re.compile(r"[^0-9a-z]+")
# "&#39;" that lost its ampersand to a space, as in AG News ("company #39;s").
_BARE_CHARREF = re.compile(r"(?<!&) ?#(\d{2,5});")


def normalise_name(name: str) -> str:
    """``Published_At`` and ``publishedAt`` both become ``publishedat``."""
    return _NOT_ALNUM.sub("", name.lower())


def known_field(name: str) -> str | None:
    """The Record attribute a column or key name stands for, or None."""
    return _FIELD_OF.get(normalise_name(name))


def _unescape(value: str) -> str:
    """HTML entities, including the bare ``#39;`` remnants common in scraped datasets."""
    if "#" in value:
        value = _BARE_CHARREF.sub(_bare_charref, value)
    return html.unescape(value) if "&" in value else value


def _bare_charref(match: re.Match[str]) -> str:
    """Punctuation and symbols only: "issue #2004;" is a number, not the character U+07D4."""
    character = html.unescape(f"&#{match.group(1)};")
    wanted = character != "\ufffd" and unicodedata.category(character)[0] in "PS"
    return character if wanted else match.group(0)


def _as_text(value: object) -> str:
    """A field value as display text: lists joined, a {"name": ...} object by its name."""
    if value is None:
        return ""
    if isinstance(value, str):
        return value
    if isinstance(value, list):
        return ", ".join(part for part in (_as_text(item) for item in value) if part)
    if isinstance(value, Mapping):
        named = value.get("name") or value.get("title")
        return _as_text(named) if named else json.dumps(value, ensure_ascii=False)
    return str(value)


def record_from_fields(fields: Mapping[str, object], key: str) -> Record | None:
    """A Record from named values; None when there is neither text nor title to show."""
    chosen: dict[str, tuple[int, str, str]] = {}  # attribute -> (rank, field name, value)
    extra: dict[str, str] = {}
    for name, raw in fields.items():
        value = _as_text(raw).strip()
        if not value:
            continue
        normal = normalise_name(name)
        attr = _FIELD_OF.get(normal)
        if attr is None:
            extra[name] = value
            continue
        candidate = (_RANK[normal], name, value)
        previous = chosen.setdefault(attr, candidate)
        if candidate[0] < previous[0]:
            chosen[attr], candidate = candidate, previous
        if candidate is not chosen[attr]:
            extra[candidate[1]] = candidate[2]  # A second candidate ("description") is kept too.
    values = {attr: _unescape(value) for attr, (_, _, value) in chosen.items()}
    text, title = values.get("text", ""), values.get("title")
    if not text and not title:
        return None
    date = None
    if "date" in chosen:
        date = normalise_date(values["date"])
        if date is None:
            extra[chosen["date"][1]] = values["date"]  # Unparseable: kept visible, never guessed.
    return Record(
        text=text,
        title=title,
        source=values.get("source"),
        author=values.get("author"),
        date=date,
        url=values.get("url"),
        key=key,
        extra=extra,
    )
