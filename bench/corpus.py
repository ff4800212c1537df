"""The benchmark corpus: the real corpora extracted to a temporary folder, a copy of any folder,
or generated synthetic articles; and the one file edited for the incremental-update figure."""

from __future__ import annotations

import json
import os
import random
import shutil
import tarfile
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
DEFAULT_CORPORA = ROOT.parent / "shared" / "corpora"
ARCHIVES = ("bbc", "20news-bydate", "reuters21578", "ag_news_test")
"""The ~50k-article news corpus (msrp holds sentence pairs, not articles)."""


def extract(corpora: Path, destination: Path, names: tuple[str, ...] = ARCHIVES) -> Path:
    """Extract the named archives into ``destination``; returns it."""
    missing = [name for name in names if not (corpora / f"{name}.tar.gz").is_file()]
    if missing:
        raise FileNotFoundError(f"no {', '.join(missing)} archive in {corpora}")
    destination.mkdir(parents=True, exist_ok=True)
    for name in names:
        with tarfile.open(corpora / f"{name}.tar.gz") as archive:
            archive.extractall(destination, filter="data")
    return destination


def copy_folder(source: Path, destination: Path) -> Path:
    """A private copy of ``source`` (the update figure edits a file; never the original)."""
    if source.is_file():
        destination.mkdir(parents=True)
        shutil.copy2(source, destination / source.name)
    else:
        shutil.copytree(source, destination, symlinks=False)
    return destination


def pick_update_file(files: list[tuple[bytes, int]], seed: int = 6) -> bytes:
    """A file to edit: a random one-article ``.txt`` file, else one with the fewest articles."""
    single = [path for path, count in files if count == 1 and path.lower().endswith(b".txt")]
    if single:
        return random.Random(seed).choice(single)
    return min(files, key=lambda item: (item[1], item[0]))[0]


class EditedFile:
    """One file appended to (a different length each time) and put back as it was."""

    def __init__(self, path: bytes) -> None:
        self.path = path
        with open(path, "rb") as handle:
            self.original = handle.read()
        self.stat = os.stat(path)

    def edit(self, round_number: int) -> None:
        """Append ``round_number + 1`` sentences (to the last record's text in JSON Lines), so
        every edit changes the size too."""
        added = " The committee approved the revised budget on Tuesday." * (round_number + 1)
        head, _, last = self.original.rstrip(b"\n").rpartition(b"\n")
        if self.path.lower().endswith((b".jsonl", b".ndjson")):
            record = json.loads(last)
            record["text"] += added
            last = json.dumps(record, ensure_ascii=False).encode("utf-8")
        else:
            last += added.encode("ascii")
        with open(self.path, "wb") as handle:
            handle.write((head + b"\n" if head else b"") + last + b"\n")

    def restore(self) -> None:
        """The original bytes and modification time."""
        with open(self.path, "wb") as handle:
            handle.write(self.original)
        os.utime(self.path, ns=(self.stat.st_atime_ns, self.stat.st_mtime_ns))
