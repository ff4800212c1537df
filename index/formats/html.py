"""Saved web pages: the main article text and its metadata, extracted with trafilatura."""

from __future__ import annotations

import codecs
import re
from pathlib import Path

from index.formats.decoding import decode
from index.formats.record import ReadResult, Record, Unreadable
from index.metadata import normalise_date

_DECLARED_CHARSET = re.compile(rb"""<meta[^>]+charset\s*=\s*["']?([A-Za-z0-9._:-]+)""", re.I)
# Browsers read pages labelled Latin-1 as CP1252 (WHATWG encoding standard); so do we.
_BROWSER_ALIASES = {"iso8859-1": "cp1252", "ascii": "cp1252"}
# Only dates the page states in its markup; a date guessed from free text would be invented.
_DATE_PARAMS = {"extensive_search": False, "original_date": True}


def read_html(path: Path, data: bytes) -> ReadResult:
    """One article per page; falls back to all of the page's text when no article is found."""
    import trafilatura  # Over a second to import: only folders holding web pages pay for it.
    from trafilatura.settings import Document

    markup = _decode_html(data)
    document = trafilatura.bare_extraction(
        markup,
        with_metadata=True,
        include_comments=False,
        date_extraction_params=_DATE_PARAMS,
    )
    found = document.as_dict() if isinstance(document, Document) else document or {}
    text = (found.get("text") or "").strip()
    title = _clean(found.get("title"))
    if not text:
        # A page too short or too unusual for article extraction still has readable text.
        text = trafilatura.html2txt(markup).strip()
    if not text and not title:
        raise Unreadable("no readable text in the HTML page")
    if title and text.split("\n", 1)[0].strip() == title:
        text = text.split("\n", 1)[1].lstrip("\n") if "\n" in text else text
    date = found.get("date")
    return ReadResult(
        [
            Record(
                text=text,
                title=title,
                source=_clean(found.get("sitename")) or _clean(found.get("hostname")),
                author=_clean(found.get("author")),
                date=normalise_date(date) if date else None,
                url=_clean(found.get("url")),
            )
        ]
    )


def html_text(markup: str) -> str:
    """The readable text of an HTML fragment (an HTML-only mail body, say)."""
    import trafilatura

    extracted = trafilatura.extract(markup, include_comments=False)
    return (extracted or trafilatura.html2txt(markup)).strip()


def _decode_html(data: bytes) -> str:
    declared = _DECLARED_CHARSET.search(data[:4096])
    if not declared:
        return decode(data)
    name = declared.group(1).decode("ascii").lower()
    try:
        name = codecs.lookup(name).name
    except LookupError:
        return decode(data)
    return decode(data, _BROWSER_ALIASES.get(name, name))


def _clean(value: object) -> str | None:
    text = " ".join(str(value).split()) if value else ""
    return text or None
