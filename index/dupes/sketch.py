"""MinHash signatures (rensa) of shingle sets, and the LSH band keys derived from them."""

from __future__ import annotations

from collections.abc import Sequence

import numpy as np
import rensa

BANDS = 40
ROWS = 2
NUM_PERM = BANDS * ROWS
SEED = 20220110
# Probability that a pair with bigram Jaccard s shares at least one band: 1 - (1 - s**2)**40.
# s = 0.30 (a reworded copy): 0.977; s = 0.25: 0.924; s = 0.05 (same event, other outlet):
# 0.095; s = 0.01 (unrelated): 0.004. Two rows per band is what lets rewording through;
# the candidates it lets in are cut by the signature estimate and then verified exactly.
ESTIMATE_FLOOR = 0.08
"""Candidates whose signature estimate of Jaccard is below this are not verified. A pair at
the reworded floor (0.1) passes with probability ~0.7, one at 0.25 with > 0.9999."""

_MIX = np.array([0x9E3779B97F4A7C15, 0xC2B2AE3D27D4EB4F, 0x165667B19E3779F9], dtype=np.uint64)


def signatures(shingle_sets: Sequence[np.ndarray]) -> np.ndarray:
    """(n, NUM_PERM) uint32 MinHash signatures of uint64 shingle arrays (empty sets allowed)."""
    if not shingle_sets:
        return np.zeros((0, NUM_PERM), dtype=np.uint32)
    offsets = np.zeros(len(shingle_sets) + 1, dtype=np.uint64)
    np.cumsum([len(s) for s in shingle_sets], out=offsets[1:])
    flat = np.concatenate(shingle_sets).astype(np.uint64)
    matrix = rensa.RMinHash.digest_matrix_from_flat_token_hashes(flat, offsets, NUM_PERM, SEED)
    return np.asarray(matrix.to_rows(), dtype=np.uint32).reshape(len(shingle_sets), NUM_PERM)


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
