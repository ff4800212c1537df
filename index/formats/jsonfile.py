"""JSON Lines and JSON files: one article per object, a list of them, or a list under one key."""

from __future__ import annotations

import json
from collections.abc import Mapping
from pathlib import Path

from index.formats.decoding import decode
from index.formats.fields import record_from_fields
from index.formats.record import ReadResult, Record, Unreadable


def read_json_lines(path: Path, data: bytes) -> ReadResult:
    """One JSON object per line; a broken line is reported and the other lines still read."""
    return _read_lines(decode(data))


def read_json(path: Path, data: bytes) -> ReadResult:
    """A JSON document (an object or a list of objects), or JSON Lines saved as ``.json``."""
    text = decode(data)
    try:
        document = json.loads(text)
    except json.JSONDecodeError as error:
        # Many exports are JSON Lines under a .json name: "Extra data" after the first object.
        if error.msg == "Extra data" or _looks_like_lines(text):
            return _read_lines(text)
        raise Unreadable(f"invalid JSON: {error.msg} (line {error.lineno})") from None
    items = _articles_in(document)
    if items is None:
        raise Unreadable("JSON holds no article objects (expected an object or a list of them)")
    result = ReadResult([])
    for position, item in enumerate(items, start=1):
        key = str(position) if len(items) > 1 else ""
        _add(result, item, key, f"item {position}")
    return result


def _read_lines(text: str) -> ReadResult:
    result = ReadResult([])
    for number, line in enumerate(text.split("\n"), start=1):
        if not line.strip():
            continue
        try:
            item = json.loads(line)
        except json.JSONDecodeError as error:
            reason = f"invalid JSON: {error.msg} (column {error.colno})"
            result.problems.append(f"line {number}: {reason}")
            continue
        _add(result, item, str(number), f"line {number}")
    return result


def _add(result: ReadResult, item: object, key: str, where: str) -> None:
    if not isinstance(item, Mapping):
        result.problems.append(f"{where}: not a JSON object ({type(item).__name__})")
        return
    record: Record | None = record_from_fields(item, key)
    if record is None:
        result.problems.append(f"{where}: no text or title field")
    else:
        result.records.append(record)


def _articles_in(document: object) -> list[object] | None:
    """The article objects of a document: the list itself, the object, or its one list field."""
    if isinstance(document, list):
        return document
    if not isinstance(document, Mapping):
        return None
    lists = [
        value
        for value in document.values()
        if isinstance(value, list) and value and isinstance(value[0], Mapping)
    ]
    # {"status": "ok", "articles": [...]} (news API exports) wraps the list in one object.
    if len(lists) == 1 and record_from_fields(document, "") is None:
        return list(lists[0])
    return [document]


def _looks_like_lines(text: str) -> bool:
    """Some of the first lines are whole objects (the broken one may be the very first)."""
    lines = [line for line in text.split("\n", 20)[:20] if line.strip()][:5]
    if len(lines) < 2:
        return False
    for line in lines:
        try:
            if isinstance(json.loads(line), Mapping):
                return True
        except json.JSONDecodeError:
            continue
    return False
