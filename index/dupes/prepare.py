"""An article's share of near-duplicate work that needs no other article, done where it is read.

Scanning lines, fingerprinting and MinHash sketching are most of the work of grouping a large
archive. Indexing workers do them for the articles they read, as if no line were corpus
boilerplate (which lines are repeated across many articles is only known once the counts of
the whole library are at hand); the few articles that do hold a repeated line are prepared
again where the counts are (``DuplicateIndex.update``). Many articles grouped at once without
an indexing run (a library grouped anew) are scanned, then prepared, by worker processes of
their own (`Preparer`).
"""

from __future__ import annotations

from collections.abc import Callable, Container, Sequence
from concurrent.futures import ProcessPoolExecutor
from concurrent.futures.process import BrokenProcessPool
from dataclasses import dataclass
from functools import partial
from typing import TypeVar

import numpy as np

from index import boilerplate
from index.dupes import flashes, sketch, verify
from index.dupes.shingles import Fingerprint, fingerprint
from index.workers import worker_pool

PARALLEL_FROM = 2_000
"""Articles scanned or prepared at once from which worker processes do it (a library rebuilt,
or grouped again after a new version emptied its store): starting them costs about a second,
and on the ~50k articles of the corpora scanning and preparing are three quarters of grouping's
time (bench/dupes_scale.py corpora: 32.8 s -> 23.7 s with them)."""
PIECE = 1_000
"""Articles per task handed to a worker: small enough to keep both busy to the end."""
T = TypeVar("T")


@dataclass(frozen=True, slots=True)
class Prepared:
    """One article's countable lines, fingerprint and signature (None when too short to be
    banded), in compact forms: they travel from the worker processes by pickle."""

    line_keys: bytes
    """The keys of the lines that count towards corpus boilerplate (`key_blob`)."""
    lines: bytes
    """The scanned lines (`lines_blob`): an article holding a line the corpus repeats is
    fingerprinted again where the counts are, without scanning it again."""
    digest: bytes
    tokens: int
    """Content words in the fingerprint."""
    fingerprint: bytes
    """``Fingerprint.to_bytes()``."""
    signature: bytes | None
    """Little-endian uint32 MinHash values."""
    lead: bytes | None
    """Little-endian uint32 `flashes.lead_keys` (None when too short to be banded)."""
    flash: bool
    """True when the text is a headline sent alone (`flashes.is_flash`)."""

    @property
    def line_key_set(self) -> set[int]:
        """`line_keys` as a set."""
        return set(np.frombuffer(self.line_keys, dtype="<i8").tolist())

    @property
    def scanned_lines(self) -> list[boilerplate.Line]:
        """`lines` as `boilerplate.scan` gave them."""
        return lines_of_blob(self.lines)


_HAS_KEY, _FURNITURE = 1, 2


def lines_of_blob(blob: bytes) -> list[boilerplate.Line]:
    """Scanned lines from their compact form (`lines_blob`)."""
    rows = np.frombuffer(blob, dtype="<i8").reshape(-1, 4).tolist()
    return [
        (start, end, key if flags & _HAS_KEY else None, bool(flags & _FURNITURE))
        for start, end, key, flags in rows
    ]


def scan_blobs(texts: Sequence[str]) -> list[bytes]:
    """Each text's `boilerplate.scan` in its compact form (`lines_blob`): what workers send."""
    return [lines_blob(boilerplate.scan(text)) for text in texts]


def lines_blob(lines: list[boilerplate.Line]) -> bytes:
    """Scanned lines in a compact form: (start, end, key, flags) int64 rows."""
    rows = [
        (start, end, key or 0, (key is not None) * _HAS_KEY | furniture * _FURNITURE)
        for start, end, key, furniture in lines
    ]
    return np.array(rows, dtype="<i8").reshape(-1, 4).tobytes()


def key_blob(keys: set[int]) -> bytes:
    """Line keys in their stored form: sorted little-endian int64."""
    return np.array(sorted(keys), dtype="<i8").tobytes()


def prepare(
    texts: Sequence[str],
    lines: Sequence[list[boilerplate.Line]] | None = None,
    repeated: Container[int] = frozenset(),
) -> list[Prepared]:
    """Prepare articles, leaving out of each fingerprint its furniture, its quoted lines, its
    wire tags and the lines whose key is in ``repeated``; ``lines`` when they were scanned
    already."""
    scanned = list(lines) if lines is not None else [boilerplate.scan(text) for text in texts]
    fps = [
        fingerprint_of(text, text_lines, repeated)
        for text, text_lines in zip(texts, scanned, strict=True)
    ]
    banded = [i for i, fp in enumerate(fps) if len(fp.tokens) >= verify.MIN_TOKENS]
    signatures: list[bytes | None] = [None] * len(fps)
    for i, signature in zip(
        banded, sketch.signatures([fps[i].shingles for i in banded]), strict=True
    ):
        signatures[i] = signature.astype("<u4").tobytes()
    return [
        Prepared(
            key_blob(boilerplate.line_keys(text_lines)),
            lines_blob(text_lines),
            fp.digest,
            len(fp.tokens),
            fp.to_bytes(),
            signature,
            None if signature is None else flashes.lead_keys(fp).astype("<u4").tobytes(),
            flashes.is_flash(text_lines, fp),
        )
        for text_lines, fp, signature in zip(scanned, fps, signatures, strict=True)
    ]


def fingerprint_of(
    text: str, lines: list[boilerplate.Line], repeated: Container[int] = frozenset()
) -> Fingerprint:
    """The fingerprint of a text whose lines were scanned, boilerplate, quotes and wire tags
    left out."""
    skip = boilerplate.spans_of(lines, repeated) + boilerplate.wire_tags(text)
    quotes = boilerplate.quoted(text, lines)
    return fingerprint(
        text, skip, quotes, boilerplate.replies(text), spelled_from=verify.BRIEF_SENTENCES + 1
    )


class Preparer:
    """`prepare`, and `boilerplate.scan`, done in worker processes (started on first need)
    for PARALLEL_FROM articles or more, until `close`."""

    def __init__(self) -> None:
        self._pool: ProcessPoolExecutor | None = None
        self._failed = False

    def in_workers(self, count: int) -> bool:
        """True when this many articles are handled in worker processes."""
        return count >= PARALLEL_FROM and not self._failed

    def close(self) -> None:
        """Stop the worker processes, if any were started."""
        if self._pool is not None:
            self._pool.shutdown(cancel_futures=True)
            self._pool = None

    def scan(self, texts: Sequence[str]) -> list[list[boilerplate.Line]]:
        """`boilerplate.scan` of each text."""
        if not self.in_workers(len(texts)):
            return [boilerplate.scan(text) for text in texts]
        return [lines_of_blob(blob) for blob in self._by_pieces(scan_blobs, texts)]

    def __call__(
        self,
        texts: Sequence[str],
        lines: Sequence[list[boilerplate.Line]] | None = None,
        repeated: Container[int] = frozenset(),
    ) -> list[Prepared]:
        """As `prepare`."""
        if not self.in_workers(len(texts)):
            return prepare(texts, lines, repeated)
        return self._by_pieces(partial(prepare, repeated=repeated), texts, lines)

    def _by_pieces(
        self,
        work: Callable[..., list[T]],
        texts: Sequence[str],
        lines: Sequence[list[boilerplate.Line]] | None = None,
    ) -> list[T]:
        """`work(texts[, lines])`, PIECE texts at a time in the worker processes."""
        if self._pool is None:
            self._pool = worker_pool()
        pool = self._pool
        try:
            tasks = [
                pool.submit(work, texts[at : at + PIECE])
                if lines is None
                else pool.submit(work, texts[at : at + PIECE], lines[at : at + PIECE])
                for at in range(0, len(texts), PIECE)
            ]
            return [result for task in tasks for result in task.result()]
        except BrokenProcessPool:
            # Workers could not start (e.g. a script whose __main__ cannot be re-imported) or
            # one was killed: slower, but the work is still done, here, from now on.
            self.close()
            self._failed = True
            return work(texts) if lines is None else work(texts, lines)
