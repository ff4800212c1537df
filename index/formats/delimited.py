"""CSV and TSV files: one article per row, columns named by the header or inferred from content."""

from __future__ import annotations

import csv
import io
import re
from collections import Counter
from pathlib import Path

from index.formats.decoding import decode
from index.formats.fields import known_field, record_from_fields
from index.formats.record import ReadResult, Unreadable

Row = tuple[int, list[str]]  # (first line of the row, its cells)

_SAMPLE_ROWS = 500
_NUMERIC = re.compile(r"\s*[-+]?\d[\d.,]*\s*")
# AG News-style cells encode line breaks as a bare backslash and "$" as "\$".
_ESCAPED_BREAK = re.compile(r"\\(\\?)(\$?)")


def read_csv(path: Path, data: bytes) -> ReadResult:
    """Comma-separated (or semicolon/pipe/tab, whichever the first line uses) rows."""
    text = decode(data)
    return _read(text, _delimiter(text.split("\n", 1)[0]))


def read_tsv(path: Path, data: bytes) -> ReadResult:
    """Tab-separated rows."""
    return _read(decode(data), "\t")


def _read(text: str, delimiter: str) -> ReadResult:
    rows = _parse(text, delimiter)
    if not rows:
        raise Unreadable("no rows")
    header = _header(rows)
    width = max(len(cells) for _, cells in rows[:_SAMPLE_ROWS])
    names = list(header[1]) if header else []
    names += [f"column {i + 1}" for i in range(len(names), width)]
    body = rows[1:] if header else rows
    if not any(known_field(name) == "text" for name in names):
        _name_by_content(names, body[:_SAMPLE_ROWS])
    result = ReadResult([])
    for line, cells in body:
        fields = dict(zip(_unique(names, len(cells)), cells, strict=False))
        text_name = next((n for n in fields if known_field(n) == "text"), None)
        if text_name:
            fields[text_name] = _unescape_breaks(fields[text_name])
        record = record_from_fields(fields, str(line))
        if record is None:
            result.problems.append(f"line {line}: no text or title")
        else:
            result.records.append(record)
    return result


def _delimiter(first_line: str) -> str:
    counts = {d: first_line.count(d) for d in (",", ";", "\t", "|")}
    best = max(counts, key=lambda d: counts[d])
    return best if counts[best] else ","


def _parse(text: str, delimiter: str) -> list[Row]:
    """Rows with standard quoting, unless stray quotes make literal quotes the better read."""
    # Quoted cells may span lines in CSV; TSV has no quoting standard, so there a quoted cell
    # spanning lines is more likely a stray quote (as in MSRP) swallowing the following rows.
    strict_lines = delimiter == "\t"
    try:
        quoted: list[Row] | None = _rows(text, delimiter, literal_quotes=False)
    except csv.Error:
        quoted = None
    if quoted is not None and not _oddities(quoted, strict_lines):
        return quoted
    try:
        literal = _rows(text, delimiter, literal_quotes=True)
    except csv.Error as error:
        raise Unreadable(f"not readable as delimited text: {error}") from None
    if quoted is not None and _oddities(quoted, strict_lines) <= _oddities(literal, strict_lines):
        return quoted
    return literal


def _rows(text: str, delimiter: str, literal_quotes: bool) -> list[Row]:
    source = io.StringIO(text)
    if literal_quotes:
        reader = csv.reader(source, delimiter=delimiter, quoting=csv.QUOTE_NONE, strict=False)
    else:
        reader = csv.reader(source, delimiter=delimiter, quoting=csv.QUOTE_MINIMAL, strict=False)
    rows: list[Row] = []
    start = 1
    for cells in reader:
        if any(cell.strip() for cell in cells):
            rows.append((start, cells))
        start = reader.line_num + 1
    return rows


def _oddities(rows: list[Row], strict_lines: bool) -> int:
    """Rows whose width differs from the most common width (and rows spanning lines if strict)."""
    widths = Counter(len(cells) for _, cells in rows)
    odd = len(rows) - widths.most_common(1)[0][1] if rows else 0
    if strict_lines:
        odd += sum(1 for _, cells in rows if any("\n" in cell for cell in cells))
    return odd


def _header(rows: list[Row]) -> Row | None:
    """The first row, if it names columns: a known field name, or a label over numbers."""
    first = rows[0][1]
    if any(known_field(cell) for cell in first):
        return rows[0]
    rest = [cells for _, cells in rows[1 : _SAMPLE_ROWS + 1]]
    for column, cell in enumerate(first):
        values = [cells[column] for cells in rest if column < len(cells)]
        if values and not _is_number(cell) and _numeric_share(values) > 0.9:
            return rows[0]
    return None


def _name_by_content(names: list[str], rows: list[Row]) -> None:
    """No text column named: the longest prose is the text, a clearly shorter one the title."""
    profiles: list[tuple[float, float, int]] = []  # (mean length, mean words, column)
    for column in range(len(names)):
        values = [cells[column] for _, cells in rows if column < len(cells)]
        if not values or _numeric_share(values) > 0.5 or known_field(names[column]):
            continue
        mean = sum(len(v) for v in values) / len(values)
        words = sum(len(v.split()) for v in values) / len(values)
        profiles.append((mean, words, column))
    if not profiles:
        return
    profiles.sort(reverse=True)
    text_mean, _, text_column = profiles[0]
    names[text_column] = "text"
    # A title is a few words, clearly shorter than the text (AG News: ~40 vs ~190 characters).
    if any(known_field(name) == "title" for name in names):
        return
    for mean, words, column in profiles[1:]:
        if words >= 2.5 and mean <= 150 and mean * 2 <= text_mean:
            names[column] = "title"
            break


def _unique(names: list[str], width: int) -> list[str]:
    """Column names for a row of ``width`` cells, extra cells named by position."""
    seen: set[str] = set()
    unique = []
    for i in range(width):
        name = names[i] if i < len(names) else f"column {i + 1}"
        if name in seen:
            name = f"{name} ({i + 1})"
        seen.add(name)
        unique.append(name)
    return unique


def _unescape_breaks(value: str) -> str:
    """``a\\\\b`` -> paragraph, ``a\\b`` -> line break, ``\\$`` -> ``$``, in one-line cells only."""
    if "\\" not in value or "\n" in value:
        return value
    return _ESCAPED_BREAK.sub(_break_for, value)


def _break_for(match: re.Match[str]) -> str:
    paragraph, dollar = match.group(1), match.group(2)
    if dollar and not paragraph:
        return dollar
    return ("\n\n" if paragraph else "\n") + dollar


def _is_number(value: str) -> bool:
    return _NUMERIC.fullmatch(value) is not None


def _numeric_share(values: list[str]) -> float:
    return sum(1 for v in values if _is_number(v)) / len(values)
