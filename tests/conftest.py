"""Shared fixtures: the seeds, a library indexed from them, and the real corpora when present."""

from __future__ import annotations

import shutil
import subprocess
import sys
import tarfile
from collections.abc import Iterator
from pathlib import Path

import pytest

from index.library import Library

REPO = Path(__file__).resolve().parents[1]
SEEDS = REPO / "seeds"
CORPORA = REPO.parent / "shared" / "corpora"


def broadsheet(
    *arguments: str, index: Path, check: bool = True
) -> subprocess.CompletedProcess[str]:
    """Run the command line in a fresh process, as a script would."""
    done = subprocess.run(
        [sys.executable, "-m", "tui.cli", *arguments, "--index", str(index)],
        capture_output=True,
        text=True,
        timeout=120,
    )
    if check:
        assert done.returncode == 0, done.stderr
    return done


def seed_path(number: int) -> Path:
    """The seed file whose name starts with this number (000..004)."""
    return next(SEEDS.glob(f"{number:03d}_*.txt"))


@pytest.fixture
def seeds_copy(tmp_path: Path) -> Path:
    """A private copy of the seeds that a test may change."""
    target = tmp_path / "seeds"
    shutil.copytree(SEEDS, target)
    return target


@pytest.fixture(scope="module")
def seeds_library(tmp_path_factory: pytest.TempPathFactory) -> Iterator[Library]:
    """A library holding the five seeds (shared by a module's tests: do not modify)."""
    library = Library.open(tmp_path_factory.mktemp("library"), create=True)
    library.index([SEEDS])
    yield library
    library.close()


@pytest.fixture
def merged_library(tmp_path: Path) -> Library:
    """Seeds and edited copies indexed one file per run, so that Whoosh merges the small
    segments, then one file removed (a deleted article inside a segment)."""
    corpus = tmp_path / "corpus"
    corpus.mkdir()
    library = Library.open(tmp_path / "library", create=True)
    seeds = sorted(SEEDS.iterdir())
    for number in range(8):
        text = seeds[number % len(seeds)].read_text(encoding="utf-8")
        (corpus / f"{number}.txt").write_text(f"Copy {number}\n\n{text}", encoding="utf-8")
        library.index([corpus])
    (corpus / "5.txt").unlink()
    library.index([corpus])
    return library


def extract_corpus(name: str, target: Path) -> Path:
    """Extract ``../shared/corpora/<name>`` into ``target`` or skip the test if it is absent."""
    archive = CORPORA / name
    if not archive.exists():
        pytest.skip(f"{archive} is not present (needs ../shared beside the repo)")
    with tarfile.open(archive) as tar:
        tar.extractall(target, filter="data")
    return target
