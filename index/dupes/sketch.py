"""MinHash signatures (rensa) of shingle sets, and the LSH band keys derived from them."""

from __future__ import annotations

from collections.abc import Sequence

import numpy as np
import rensa

BANDS = 50
ROWS = 2
NUM_PERM = BANDS * ROWS
SEED = 20220110
# Probability that a pair with bigram Jaccard s shares at least one band: 1 - (1 - s**2)**50.
# s = 0.30 (a reworded copy): 0.991; s = 0.25: 0.960; s = 0.20: 0.870; s = 0.05 (same event,
# other outlet): 0.118; s = 0.01 (unrelated): 0.005. Two rows per band is what lets rewording
# through; the candidates it lets in are cut by the signature estimate and then verified
# exactly. With 40 bands (0.924 at 0.25, 0.805 at 0.20) 9 of the 458 MSRP train paraphrase
# articles were never compared, 8 of which the rules accept; 50 bands compare 6 more of them
# at about a second more on the 50k corpora (bench/dupes_scale.py).
ESTIMATE_FLOOR = 0.12
"""Candidates whose signature estimate of Jaccard is below this are not verified: on the 50k
corpora that skips over half the candidates (templated bulletins sharing a band), and few
real pairs lie so low. A pair at 0.15 passes with probability ~0.84, at 0.2 ~0.99, at 0.25
0.9996 (binomial over NUM_PERM)."""

SKETCH_SLICE = 8192
"""Documents sketched per rensa call."""

_MIX = np.array([0x9E3779B97F4A7C15, 0xC2B2AE3D27D4EB4F, 0x165667B19E3779F9], dtype=np.uint64)


def signatures(shingle_sets: Sequence[np.ndarray]) -> np.ndarray:
    """(n, NUM_PERM) uint32 MinHash signatures of uint64 shingle arrays (empty sets allowed)."""
    out = np.zeros((len(shingle_sets), NUM_PERM), dtype=np.uint32)
    # rensa hands rows back as Python lists: a slice at a time keeps that transient small.
    for start in range(0, len(shingle_sets), SKETCH_SLICE):
        part = shingle_sets[start : start + SKETCH_SLICE]
        offsets = np.zeros(len(part) + 1, dtype=np.uint64)
        np.cumsum([len(s) for s in part], out=offsets[1:])
        flat = np.concatenate(part).astype(np.uint64)
        matrix = rensa.RMinHash.digest_matrix_from_flat_token_hashes(flat, offsets, NUM_PERM, SEED)
        out[start : start + len(part)] = np.asarray(matrix.to_rows(), dtype=np.uint32)
    return out


def band_key(sigs: np.ndarray, band: int) -> np.ndarray:
    """Int64 key of one band for each signature row; the band number sits in the top bits so
    each band's keys form one contiguous range (sorted inserts append to the B-tree)."""
    cols = sigs[:, band * ROWS : (band + 1) * ROWS].astype(np.uint64)
    with np.errstate(over="ignore"):
        mixed = cols[:, 0] * _MIX[0]
        for row in range(1, ROWS):
            mixed ^= cols[:, row] * _MIX[row]
    return ((np.uint64(band) << np.uint64(56)) | (mixed >> np.uint64(8))).view(np.int64)


def band_keys(sigs: np.ndarray) -> np.ndarray:
    """(n, BANDS) int64 keys: two documents share a key when they agree on a whole band."""
    return np.stack([band_key(sigs, band) for band in range(BANDS)], axis=1)


def estimate(a: np.ndarray, b: np.ndarray) -> np.ndarray:
    """Estimated Jaccard of row pairs of two (n, NUM_PERM) signature arrays."""
    return (a == b).mean(axis=1)


class Chunked:
    """Signature rows kept in the chunks they were computed in: a million-article build never
    copies them into one matrix (that copy doubled the peak memory)."""

    def __init__(self, chunks: Sequence[np.ndarray]) -> None:
        self._chunks = [c for c in chunks if len(c)]
        self._starts = np.cumsum([0, *(len(c) for c in self._chunks)])

    def __len__(self) -> int:
        return int(self._starts[-1])

    def band_key(self, band: int, rows: np.ndarray | None = None) -> np.ndarray:
        """`band_key` of every row, or of the given row numbers."""
        if not self._chunks:
            return np.zeros(0, dtype=np.int64)
        keys = np.concatenate([band_key(chunk, band) for chunk in self._chunks])
        return keys if rows is None else keys[rows]

    def rows(self, numbers: np.ndarray) -> np.ndarray:
        """Signatures by their row numbers over all chunks."""
        out = np.zeros((len(numbers), NUM_PERM), dtype=np.uint32)
        chunk_of = np.searchsorted(self._starts, numbers, side="right") - 1
        for chunk in np.unique(chunk_of).tolist():
            mine = chunk_of == chunk
            out[mine] = self._chunks[chunk][numbers[mine] - self._starts[chunk]]
        return out
