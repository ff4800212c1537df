"""Candidate pairs of a wire flash and the story it announces, found by the story's lead.

A flash ("GM TO IDLE SIX CAR PLANTS NEXT WEEK, TEMPORARILY LAY OFF 21,600 WORKERS") is one
sentence sent ahead of its story, whose headline and lead repeat it. Over the whole story
the two share few bigrams (Jaccard 0.10 to 0.15 on the Reuters flashes of dupes_dev.tsv), so
the whole-text LSH rarely compares them; `verify.opens` accepts such a pair once it is
compared. Here every text keeps the bigrams of its lead, and each flash is paired with the
texts whose lead holds nearly all its bigrams, looked up by its rarest: a flash's story holds
at least `verify.COPY_CONTAINMENT` of its bigrams, so all but `misses_allowed` of any of them
(pigeonhole), and the rarest few lead to few texts.
"""

from __future__ import annotations

from collections.abc import Iterable

import numpy as np

from index import boilerplate
from index.dupes import verify
from index.dupes.shingles import Fingerprint

FLASH_MAX_TOKENS = 20
"""Longer one-sentence texts are left to the whole-text LSH: their share of a story's bigrams
is no longer small (the flashes of dupes_dev.tsv have 8 to 14 content words)."""
LEAD_TOKENS = verify.FLASH_LEAD * FLASH_MAX_TOKENS
"""Content words of a text's lead whose bigrams are kept: as far as `verify.opens` looks."""

RAREST_HELD = 2
"""A flash's story holds at least this many of its `misses_allowed` + RAREST_HELD rarest
bigrams: only texts that do are counted in full (one rare figure alone recurs in hundreds)."""

FLASH_LINES = 2
"""A headline sent alone may wrap once ("SUN RAISES CRUDE POSTINGS 50 CTS, EFFECTIVE TODAY, WTI
TO 17.50" / "dlrs/bbl"); furniture lines (a sign-off) are not counted."""

BITMAP_BITS = 24
_BITMAP_MASK = np.uint32((1 << BITMAP_BITS) - 1)
_FOLD = np.uint64(0x9E3779B97F4A7C15)


def is_flash(lines: list[boilerplate.Line], fp: Fingerprint) -> bool:
    """True when the text is a headline sent alone: a flash's size, one sentence, a line or two
    and no quoted message. A reply whose quoted lines are left out of its fingerprint may keep
    one short sentence too, but it is no flash: the other posts of its thread repeat its
    subject line (six such pairs of 20 Newsgroups posts on the corpora)."""
    return (
        len(fp.sentence_ends) <= verify.FLASH_SENTENCES
        and verify.MIN_TOKENS <= len(fp.tokens) <= FLASH_MAX_TOKENS
        and sum(1 for *_, furniture in lines if not furniture) <= FLASH_LINES
        and not fp.quotes
    )


def lead_keys(fp: Fingerprint) -> np.ndarray:
    """uint32 keys of the bigrams of the text's first LEAD_TOKENS words (a flash's whole text),
    in text order: bigrams folded to 32 bits, as the lookup needs no exact values (a candidate
    is verified in full)."""
    tokens = fp.tokens[:LEAD_TOKENS].astype(np.uint64)
    if len(tokens) < 2:
        return np.zeros(0, dtype=np.uint32)
    with np.errstate(over="ignore"):
        mixed = (tokens[:-1] * _FOLD) ^ tokens[1:]
    return (mixed >> np.uint64(32)).astype(np.uint32)


def lead_arrays(rows: Iterable[tuple[int, bytes]]) -> tuple[np.ndarray, np.ndarray]:
    """(doc, lead blob) rows as parallel arrays of docs and uint32 lead keys."""
    blobs = [(doc, np.frombuffer(blob, "<u4")) for doc, blob in rows]
    if not blobs:
        return np.zeros(0, dtype=np.int64), np.zeros(0, dtype=np.uint32)
    keys = np.concatenate([k for _, k in blobs]).astype(np.uint32)
    docs = np.repeat([d for d, _ in blobs], [len(k) for _, k in blobs]).astype(np.int64)
    return docs, keys


def misses_allowed(keys: np.ndarray) -> np.ndarray:
    """How many of a flash's bigrams (by their number) its story's lead may lack."""
    return np.floor((1 - verify.COPY_CONTAINMENT) * keys + 1e-9).astype(np.int64)


def pairs(
    flashes: dict[int, np.ndarray], leads: Iterable[tuple[np.ndarray, np.ndarray]]
) -> np.ndarray:
    """(flash doc, other doc) pairs to verify: `flashes` maps docs to their `lead_keys`,
    `leads` yields (docs, keys) slices, parallel arrays of every lead key of every text."""
    flash_docs = np.array(list(flashes), dtype=np.int64)
    distinct = [np.unique(keys) for keys in flashes.values()]  # a lead may repeat a bigram
    sizes = np.array([len(k) for k in distinct], dtype=np.int64)
    if not sizes.sum():
        return np.zeros((0, 2), dtype=np.int64)
    own_keys = np.concatenate(distinct).astype(np.uint32)
    owner = np.repeat(np.arange(len(sizes)), sizes)  # flash (by position) of each own key
    keys, docs = _held(own_keys, leads)
    starts, ends = np.searchsorted(keys, own_keys), np.searchsorted(keys, own_keys, side="right")
    # Each flash's rarest keys first; `rank` is a key's place among its flash's keys.
    order = np.lexsort((ends - starts, owner))
    rank = np.empty(len(order), dtype=np.int64)
    rank[order] = np.arange(len(order)) - np.repeat(np.cumsum(sizes) - sizes, sizes)
    misses = misses_allowed(sizes)
    looked_up = np.minimum(misses + RAREST_HELD, sizes)
    chosen = rank < looked_up[owner]
    # Every (flash, text) pair met through a chosen key, and how many chosen keys it holds.
    counts = (ends - starts)[chosen]
    at = np.repeat(starts[chosen] - np.cumsum(counts) + counts, counts) + np.arange(counts.sum())
    met = np.repeat(owner[chosen], counts) << 32 | docs[at]
    met, times = np.unique(met, return_counts=True)
    flash_of, other = met >> 32, met & 0xFFFFFFFF
    keep = (times >= (looked_up - misses)[flash_of]) & (other != flash_docs[flash_of])
    flash_of, other = flash_of[keep], other[keep]
    if not len(other):
        return np.zeros((0, 2), dtype=np.int64)
    # Of those, the texts whose lead holds all but `misses` of the flash's keys.
    firsts = np.cumsum(sizes) - sizes
    width = sizes[flash_of]
    at = np.repeat(firsts[flash_of] - np.cumsum(width) + width, width) + np.arange(width.sum())
    codes = np.repeat(other, width) << 32 | own_keys[at].astype(np.int64)
    held = np.sort(docs << 32 | keys.astype(np.int64))
    found = np.minimum(np.searchsorted(held, codes), len(held) - 1)
    shared = np.add.reduceat(held[found] == codes, np.cumsum(width) - width)
    keep = shared >= width - misses[flash_of]
    return np.stack([flash_docs[flash_of[keep]], other[keep]], axis=1).astype(np.int64)


def _held(
    wanted: np.ndarray, leads: Iterable[tuple[np.ndarray, np.ndarray]]
) -> tuple[np.ndarray, np.ndarray]:
    """The lead entries whose key is in `wanted`, as parallel arrays sorted by key."""
    wanted = np.unique(wanted)
    # A bitmap of the wanted keys' low bits passes few others; only those are searched for.
    bitmap = np.zeros(1 << BITMAP_BITS, dtype=bool)
    bitmap[wanted & _BITMAP_MASK] = True
    hit_keys: list[np.ndarray] = [np.zeros(0, dtype=np.uint32)]
    hit_docs: list[np.ndarray] = [np.zeros(0, dtype=np.int64)]
    for docs, keys in leads:
        maybe = np.flatnonzero(bitmap[keys & _BITMAP_MASK])
        near = wanted[np.minimum(np.searchsorted(wanted, keys[maybe]), len(wanted) - 1)]
        found = maybe[near == keys[maybe]]
        hit_keys.append(keys[found])
        hit_docs.append(docs[found])
    keys, docs = np.concatenate(hit_keys), np.concatenate(hit_docs)
    order = np.argsort(keys, kind="stable")
    return keys[order], docs[order]
