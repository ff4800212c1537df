"""A library folder holds numbered generations; CURRENT names the live one, swapped atomically.

A rebuild writes a whole new generation beside the live one and switches only when it is
complete, so an interrupted rebuild, or a corrupt live index, never loses what was there.
"""

from __future__ import annotations

import fcntl
import os
import shutil
import time
from pathlib import Path
from types import TracebackType

from index import store
from index.catalog import Catalog
from index.errors import IndexBusy, IndexUnreadable

_POINTER = "CURRENT"
_PREFIX = "gen-"


class Generations:
    """The generation folders of one library."""

    def __init__(self, folder: Path) -> None:
        self.folder = folder

    def exists(self) -> bool:
        """Whether a library was ever created here."""
        return (self.folder / _POINTER).exists()

    def create(self) -> None:
        """Make the first, empty generation (under the write lock)."""
        self.folder.mkdir(parents=True, exist_ok=True)
        with LibraryLock(self.folder, wait=30):
            if not self.exists():
                self.switch_to(self.start_new())

    def current(self) -> Path:
        """The live generation's folder."""
        try:
            name = (self.folder / _POINTER).read_text(encoding="utf-8").strip()
        except OSError as error:
            raise IndexUnreadable(
                f"cannot read {self.folder / _POINTER}: {error.strerror}"
            ) from error
        live = self.folder / name
        if not name.startswith(_PREFIX) or not live.is_dir():
            raise IndexUnreadable(
                f"{self.folder / _POINTER} points to a missing index ({name!r}); "
                "run `broadsheet index --rebuild`"
            )
        return live

    def start_new(self) -> Path:
        """An empty new generation (unfinished ones left by an interrupted rebuild are cleared)."""
        live = self._live()
        numbers = [_number(p) for p in self._all()]
        for unfinished in self._all():
            if live is not None and _number(unfinished) > _number(live):
                shutil.rmtree(unfinished, ignore_errors=True)
        target = self.folder / f"{_PREFIX}{max(numbers, default=0) + 1:04d}"
        target.mkdir(parents=True)
        store.create(target / "whoosh")
        Catalog(target / "catalog.sqlite", create=True).close()
        return target

    def switch_to(self, target: Path) -> None:
        """Make ``target`` live atomically, keeping the one before it for readers still open."""
        previous = self._live()
        pointer = self.folder / f"{_POINTER}.tmp"
        pointer.write_text(target.name + "\n", encoding="utf-8")
        os.replace(pointer, self.folder / _POINTER)
        keep = {target, previous}
        for old in self._all():
            if old not in keep and _number(old) < _number(target):
                shutil.rmtree(old, ignore_errors=True)

    def _live(self) -> Path | None:
        """The live generation, or None when there is none or the pointer is broken."""
        try:
            return self.current() if self.exists() else None
        except IndexUnreadable:
            return None

    def _all(self) -> list[Path]:
        return sorted(p for p in self.folder.glob(f"{_PREFIX}*") if p.is_dir())


def _number(path: Path) -> int:
    try:
        return int(path.name.removeprefix(_PREFIX))
    except ValueError:
        return -1


class LibraryLock:
    """One writing process per library (an advisory file lock, released if the process dies)."""

    def __init__(self, folder: Path, wait: float = 0.0) -> None:
        self._path = folder / "write.lock"
        self._wait = wait
        self._handle: int | None = None

    def __enter__(self) -> LibraryLock:
        self._path.parent.mkdir(parents=True, exist_ok=True)
        handle = os.open(self._path, os.O_RDWR | os.O_CREAT, 0o644)
        deadline = time.monotonic() + self._wait
        while True:
            try:
                fcntl.flock(handle, fcntl.LOCK_EX | fcntl.LOCK_NB)
                break
            except BlockingIOError:
                if time.monotonic() >= deadline:
                    os.close(handle)
                    raise IndexBusy(
                        "index busy: another broadsheet process is updating this library "
                        "(try again when it finishes, or pass --wait SECONDS)"
                    ) from None
                time.sleep(0.2)
        self._handle = handle
        return self

    def __exit__(
        self,
        kind: type[BaseException] | None,
        error: BaseException | None,
        trace: TracebackType | None,
    ) -> None:
        if self._handle is not None:
            fcntl.flock(self._handle, fcntl.LOCK_UN)
            os.close(self._handle)
            self._handle = None
