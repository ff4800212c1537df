"""Mail and news messages: .eml files, mbox files and Usenet spools (headers to metadata)."""

from __future__ import annotations

import re
from contextlib import suppress
from datetime import UTC
from email import policy
from email.header import decode_header, make_header
from email.message import Message
from email.parser import Parser
from email.utils import parsedate_to_datetime
from pathlib import Path

from index.formats.decoding import decode
from index.formats.html import html_text
from index.formats.record import ReadResult, Record, Unreadable
from index.metadata import normalise_date

# compat32 is the fast policy; headers are decoded by hand (RFC 2047) below.
_PARSER = Parser(policy=policy.compat32)
_HEADER_LINE = re.compile(r"[!-9;-~]+:")  # A field name is printable ASCII up to the colon.
_TELLING_HEADERS = frozenset(
    {"from", "subject", "newsgroups", "date", "message-id", "path", "received", "return-path"}
)
_SNIFF_LINES = 60
_ID_HEADERS = frozenset({"references", "in-reply-to", "message-id", "supersedes"})
_ADDRESS_HEADERS = frozenset({"from", "to", "cc", "bcc", "reply-to", "sender"})
# mbox: every message starts with a "From " line at the start of the file or after a blank line.
_MBOX_SEPARATOR = re.compile(r"(?:\A|(?<=\n\n))From [^\n]*\n")
_ESCAPED_FROM = re.compile(r"^>(>*From )", re.M)
# Headers worth keeping beside the mapped ones; the rest (Path, X-Mailer, Lines…) is routing.
_EXTRA_HEADERS = (
    "Keywords",
    "Summary",
    "Message-ID",
    "To",
    "Cc",
    "Newsgroups",
    "Organization",
    "Distribution",
)


def looks_like_message(head: str) -> bool:
    """The text opens with a block of mail or news headers naming a sender, subject or group."""
    names: list[str] = []
    for line in head.split("\n")[:_SNIFF_LINES]:
        if not line.strip():
            break
        if line[0] in " \t":
            continue  # A folded header (or a stray fold before the first one, as in 20 Newsgroups).
        match = _HEADER_LINE.match(line)
        if not match:
            return False
        names.append(match.group(0)[:-1].lower())
    return len(names) >= 2 and not _TELLING_HEADERS.isdisjoint(names)


def looks_like_mbox(head: str) -> bool:
    """An mbox file: a ``From `` envelope line followed by message headers."""
    first, _, rest = head.partition("\n")
    return first.startswith("From ") and looks_like_message(rest)


def read_message(path: Path, data: bytes) -> ReadResult:
    """One message per file (.eml, a news spool article)."""
    text = decode(data)
    if not looks_like_message(text[:8192]):
        raise Unreadable("no mail or news headers at the start of the file")
    return ReadResult([_record(text, "")])


def read_mbox(path: Path, data: bytes) -> ReadResult:
    """Every message of an mbox file, keyed by its position (1, 2, …)."""
    text = decode(data)
    separators = list(_MBOX_SEPARATOR.finditer(text))
    if not separators:
        return read_message(path, data)
    starts = [match.end() for match in separators]
    ends = [match.start() for match in separators[1:]] + [len(text)]
    result = ReadResult([])
    for position, (start, end) in enumerate(zip(starts, ends, strict=True), start=1):
        message = text[start:end]
        if not looks_like_message(message[:8192]):
            result.problems.append(f"message {position}: no headers after its From line")
            continue
        record = _record(message, str(position))
        record.text = _ESCAPED_FROM.sub(r"\1", record.text)
        result.records.append(record)
    return result


def _record(text: str, key: str) -> Record:
    # Parsing only the header block keeps long plain bodies out of the (line by line) parser.
    split = text.find("\n\n")
    head, rest = (text, "") if split < 0 else (text[: split + 1], text[split + 2 :])
    message = _PARSER.parsestr(head, headersonly=True)
    headers: dict[str, str] = {}
    for name, raw in message.items():
        if unfolded := _unfold(_without_stray_references(name, raw)):
            headers.setdefault(name.lower(), unfolded)
    if message.get_content_type() == "text/plain" and _transfer_encoding(message) is None:
        leftover = message.get_payload()  # Lines that ended the headers without a blank line.
        body = (leftover if isinstance(leftover, str) else "") + rest
    else:
        body = _body(_PARSER.parsestr(text))
    source = headers.get("newsgroups") or headers.get("organization")
    extra = {
        name: value
        for name in _EXTRA_HEADERS
        if (value := headers.get(name.lower())) and value != source
    }
    return Record(
        text=body.strip("\n"),
        title=headers.get("subject"),
        source=source,
        author=headers.get("from"),
        date=_date(headers.get("date")),
        key=key,
        extra=extra,
    )


def _without_stray_references(name: str, raw: str) -> str:
    """Drop folded lines of bare ``<message-id>``s left behind by a deleted References header.

    20 Newsgroups' "bydate" split removed References but kept its continuation lines, which
    would otherwise join the header above ("Organization: sgi <1pa6nt@gap.caltech.edu>").
    """
    lowered = name.lower()
    if "\n" not in raw or lowered in _ID_HEADERS:
        return raw
    if lowered in _ADDRESS_HEADERS and "@" not in raw.split("\n", 1)[0]:
        return raw  # "From: Jane Doe\n <jane@example.org>": the fold is the address.
    first, *folds = raw.split("\n")
    return "\n".join([first, *(fold for fold in folds if not _is_reference_fold(fold))])


def _is_reference_fold(line: str) -> bool:
    """Every word holds "<" or ">": message-ids, or pieces of ids cut by the wrapping."""
    words = line.split()
    return "@" in line and all("<" in word or ">" in word for word in words)


def _unfold(raw: str) -> str:
    """A header's value with RFC 2047 words decoded and folding undone."""
    value = str(raw)
    if "=?" in value:
        # Malformed encoded words stay as written rather than being dropped.
        with suppress(LookupError, UnicodeDecodeError, ValueError):
            value = str(make_header(decode_header(value)))
    return " ".join(value.split())


def _transfer_encoding(part: Message) -> str | None:
    """``base64`` or ``quoted-printable`` when the part needs decoding, else None."""
    encoding = str(part.get("Content-Transfer-Encoding", "")).strip().lower()
    return encoding if encoding in ("base64", "quoted-printable") else None


def _date(value: str | None) -> str | None:
    if not value:
        return None
    try:
        parsed = parsedate_to_datetime(value)
    except (TypeError, ValueError, IndexError):
        return normalise_date(value)
    if parsed.tzinfo is not None:
        parsed = parsed.astimezone(UTC).replace(tzinfo=None)
    return parsed.isoformat()


def _body(message: Message) -> str:
    """The first plain-text part (else the first HTML part, as text); attachments are skipped."""
    parts = [
        part
        for part in message.walk()
        if part.get_content_maintype() == "text" and part.get_content_disposition() != "attachment"
    ]
    chosen = next((p for p in parts if p.get_content_subtype() == "plain"), None)
    chosen = chosen or next((p for p in parts if p.get_content_subtype() == "html"), None)
    if chosen is None:
        return ""
    text = _part_text(chosen)
    return html_text(text) if chosen.get_content_subtype() == "html" else text


def _part_text(part: Message) -> str:
    if _transfer_encoding(part) is None:
        payload = part.get_payload()
        return payload if isinstance(payload, str) else ""
    raw = part.get_payload(decode=True)
    if not isinstance(raw, bytes):
        return ""
    try:
        return decode(raw, part.get_content_charset())
    except Unreadable:
        return ""  # An empty or binary part: the message's headers are still an article.
