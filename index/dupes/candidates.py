"""Candidate pairs among a batch of new articles: documents that share an LSH band key."""

from __future__ import annotations

from collections.abc import Callable

import numpy as np

from index.dupes import sketch

BUCKET_WINDOW = 64
"""Within one band bucket each document is paired with at most this many neighbours. Buckets
that large hold templated bulletins; the window keeps them linear, and the complete-linkage
grouping still checks every member before it merges groups."""


def within(band_keys: Callable[[int], np.ndarray], docs: np.ndarray) -> np.ndarray:
    """Unique (a, b) doc pairs, a < b, of docs sharing at least one band key; `band_keys(b)`
    gives band b's key of each doc (one band at a time bounds memory)."""
    found: list[np.ndarray] = []
    for band in range(sketch.BANDS):
        keys = band_keys(band)
        order = np.argsort(keys, kind="stable")
        sorted_keys, sorted_docs = keys[order], docs[order]
        for offset in range(1, BUCKET_WINDOW + 1):
            same = sorted_keys[offset:] == sorted_keys[:-offset]
            if not same.any():
                break
            left, right = sorted_docs[:-offset][same], sorted_docs[offset:][same]
            found.append(np.minimum(left, right) << 32 | np.maximum(left, right))
    if not found:
        return np.zeros((0, 2), dtype=np.int64)
    codes = np.unique(np.concatenate(found))
    return np.stack([codes >> 32, codes & 0xFFFFFFFF], axis=1)
