"""Walk folders to the files worth reading, and read one file into articles (a pure function)."""

from __future__ import annotations

import hashlib
import os
import stat
from collections.abc import Iterable
from dataclasses import dataclass, field
from pathlib import Path

from index.formats import ReadResult, Record, Unreadable, read_file
from index.metadata import first_sentence_title
from index.models import Skipped

_IGNORED_FOLDERS = frozenset({b".git", b".hg", b".svn", b"__pycache__", b".venv", b"node_modules"})


@dataclass(frozen=True, slots=True)
class FoundFile:
    """A regular file met while walking, with the state used to tell if it changed."""

    raw: bytes
    size: int
    mtime_ns: int

    @property
    def display(self) -> str:
        """The path as shown to people (bytes that are not UTF-8 appear as escapes)."""
        return display_path(self.raw)

    @property
    def key(self) -> str:
        """A short stable key for the file, used to find its articles."""
        return hashlib.blake2b(self.raw, digest_size=8).hexdigest()


@dataclass(slots=True)
class Walk:
    """Everything a walk found: files to consider, things skipped, roots that are missing."""

    files: list[FoundFile] = field(default_factory=list)
    skipped: list[Skipped] = field(default_factory=list)
    missing_roots: list[bytes] = field(default_factory=list)


@dataclass(slots=True)
class FileOutcome:
    """One file read: its digest and articles, or the reason it could not be read."""

    found: FoundFile
    digest: str = ""
    records: list[Record] = field(default_factory=list)
    problems: list[str] = field(default_factory=list)
    error: str | None = None


def display_path(raw: bytes) -> str:
    """A printable path for any bytes; invalid UTF-8 is shown as ``\\xNN``."""
    return raw.decode("utf-8", errors="backslashreplace")


def raw_path(path: str | os.PathLike[str]) -> bytes:
    """The absolute path as bytes, the form used to walk and to key files."""
    return os.fsencode(os.path.abspath(os.fspath(path)))


def article_id(raw: bytes, key: str) -> str:
    """A short id that stays the same for the same file (and story within it) across runs."""
    return hashlib.blake2b(raw + b"#" + key.encode(), digest_size=6).hexdigest()


def walk(roots: Iterable[bytes], exclude: bytes | None = None) -> Walk:
    """Regular files under the roots; loops, unreadable folders, broken links reported."""
    result = Walk()
    seen_folders: set[tuple[int, int]] = set()
    for root in roots:
        try:
            info = os.stat(root)
        except OSError:
            result.missing_roots.append(root)
            continue
        if stat.S_ISDIR(info.st_mode):
            _walk_folder(root, exclude, seen_folders, result)
        else:
            _add_file(root, result)
    return result


def _walk_folder(
    root: bytes, exclude: bytes | None, seen: set[tuple[int, int]], result: Walk
) -> None:
    def report(error: OSError) -> None:
        where = os.fsencode(error.filename) if error.filename else root
        result.skipped.append(Skipped(display_path(where), f"cannot read folder: {error.strerror}"))

    for folder, subfolders, names in os.walk(root, onerror=report, followlinks=True):
        info = os.stat(folder)
        identity = (info.st_dev, info.st_ino)
        if identity in seen:
            result.skipped.append(
                Skipped(display_path(folder), "symbolic link loop: folder already visited")
            )
            subfolders[:] = []
            continue
        seen.add(identity)
        subfolders[:] = sorted(
            name
            for name in subfolders
            if name not in _IGNORED_FOLDERS and os.path.join(folder, name) != exclude
        )
        for name in sorted(names):
            _add_file(os.path.join(folder, name), result)


def _add_file(raw: bytes, result: Walk) -> None:
    try:
        info = os.stat(raw)
    except FileNotFoundError:
        reason = "broken symbolic link" if os.path.islink(raw) else "file vanished while indexing"
        result.skipped.append(Skipped(display_path(raw), reason))
        return
    except OSError as error:
        result.skipped.append(Skipped(display_path(raw), f"cannot read file: {error.strerror}"))
        return
    if not stat.S_ISREG(info.st_mode):
        result.skipped.append(Skipped(display_path(raw), "not a regular file"))
        return
    result.files.append(FoundFile(raw, info.st_size, info.st_mtime_ns))


def read_found(found: FoundFile) -> FileOutcome:
    """Read and parse one file; never raises for bad content, only reports it."""
    outcome = FileOutcome(found)
    try:
        with open(found.raw, "rb") as handle:
            data = handle.read()
    except FileNotFoundError:
        outcome.error = "file vanished while indexing"
        return outcome
    except OSError as error:
        outcome.error = f"cannot read file: {error.strerror}"
        return outcome
    outcome.digest = hashlib.blake2b(data, digest_size=16).hexdigest()
    try:
        result: ReadResult = read_file(Path(os.fsdecode(found.raw)), data)
    except Unreadable as error:
        outcome.error = str(error)
        return outcome
    except Exception as error:  # A reader bug must cost one file, never the whole run.
        outcome.error = f"could not be parsed ({type(error).__name__}: {error})"
        return outcome
    for record in result.records:
        if not record.title:
            record.title = first_sentence_title(record.text) or "(untitled)"
    outcome.records = [record for record in result.records if record.text.strip() or record.title]
    outcome.problems = result.problems
    if not outcome.records and not outcome.problems:
        outcome.error = "no article text found"
    return outcome
