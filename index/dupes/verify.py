"""Exact check of a candidate pair: is it the same article, and how similar are the two texts."""

from __future__ import annotations

from collections import Counter

import numpy as np

from index.dupes.shingles import Fingerprint

MIN_EXACT_TOKENS = 3
"""Texts with fewer content words (empty bodies, "Reuter") are never duplicates of anything."""
MIN_TOKENS = 8
"""Texts with fewer content words are only duplicates of identical texts: too little to judge."""
SHORT_TEXT = 60
"""Below this many content words a text is bulletin-sized: templated items (dividend notices,
price reports, "Fed adds reserves") share almost all their words, so their figures must be
exactly the same, both ways (a longer text may not add figures either)."""
COPY_CONTAINMENT = 0.85
"""Share of the shorter text's bigrams found in the longer one for a copy or updated version."""
COPY_MIN_RATIO = 0.5
"""A story contained in one over twice its length is quoted or followed up there, not updated
(20 Newsgroups replies that repeat a whole post; BBC follow-ups that reuse a first report)."""
REWORD_JACCARD = 0.1
"""Below this bigram Jaccard a pair is never a reworded copy (seeds: spun 0.34, other 0.04)."""
REWORD_JACCARD_SHORT = 0.3
"""The same for bulletin-sized texts: with one or two sentences, two outlets' own reports of
an event easily give each sentence a counterpart, so more shared wording is required."""
REWORD_COVERAGE = 0.7
"""Share of each text's sentences with a counterpart in the other, for a reworded copy.
A spun copy rewords every sentence (seeds: 0.89 and 0.94); a follow-up story reuses some
paragraphs of the first report but much of the longer text has no counterpart (BBC: ~0.5)."""
SENTENCE_MATCH = 0.5
"""A sentence has a counterpart when half its content words occur in one sentence of the other."""
MIN_SENTENCE_WORDS = 3
MISSING_FIGURES_PER = 10
"""One figure of the shorter text per ten may be absent from the longer (a correction);
templated bulletins differ in exactly their figures, and those are the news."""
TEMPLATE_JACCARD = 0.5
"""Pairs sharing fewer bigrams than this are not one template filled twice: a reworded copy
writes some figures differently ("$5m", "5 million"), so one in three may be missing."""
MISSING_FIGURES_PER_REWORDED = 3


def figures_agree(short: Fingerprint, long: Fingerprint, jaccard: float) -> bool:
    """True when (nearly) every figure of the shorter text also appears in the longer one."""
    missing = len(short.numbers - long.numbers)
    if jaccard >= TEMPLATE_JACCARD:
        return missing <= len(short.numbers) // MISSING_FIGURES_PER
    return missing <= max(1, len(short.numbers) // MISSING_FIGURES_PER_REWORDED)


def coverage(a: Fingerprint, b: Fingerprint) -> float:
    """Share of a's content words (by sentence) whose sentence has a counterpart in b."""
    where = b.postings
    total = covered = 0
    for words in a.sentences:
        if len(words) < MIN_SENTENCE_WORDS:
            continue
        hits = Counter(i for token in words for i in where.get(token, ()))
        best = max(hits.values(), default=0)
        total += len(words)
        if best >= SENTENCE_MATCH * len(words):
            covered += len(words)
    return covered / total if total else 0.0


def bigram_overlap(a: Fingerprint, b: Fingerprint) -> tuple[float, float, float]:
    """Jaccard and containment (of the smaller set) of the bigram sets, and their size ratio."""
    sa, sb = a.shingles, b.shingles
    shared = len(np.intersect1d(sa, sb, assume_unique=True))
    union = len(sa) + len(sb) - shared
    smaller, larger = min(len(sa), len(sb)), max(len(sa), len(sb), 1)
    return (
        shared / union if union else 1.0,
        shared / smaller if smaller else 0.0,
        smaller / larger,
    )


def similarity(a: Fingerprint, b: Fingerprint) -> float | None:
    """Similarity (0..1) when a and b are the same article, None when they are not."""
    short, long = (a, b) if len(a.tokens) <= len(b.tokens) else (b, a)
    if a.digest == b.digest and len(short.tokens) >= MIN_EXACT_TOKENS:
        return 1.0
    if len(short.tokens) < MIN_TOKENS:
        return None
    jaccard, containment, ratio = bigram_overlap(short, long)
    if not figures_agree(short, long, jaccard):
        return None
    if len(short.tokens) < SHORT_TEXT and a.numbers != b.numbers:
        return None
    if jaccard < REWORD_JACCARD and containment < COPY_CONTAINMENT:
        return None
    cov_short = coverage(short, long)
    cov_long = coverage(long, short)
    is_copy = containment >= COPY_CONTAINMENT and ratio >= COPY_MIN_RATIO
    floor = REWORD_JACCARD_SHORT if len(short.tokens) < SHORT_TEXT else REWORD_JACCARD
    is_reworded = jaccard >= floor and cov_short >= REWORD_COVERAGE and cov_long >= REWORD_COVERAGE
    if not (is_copy or is_reworded):
        return None
    # How much of the two texts is shared: 1.0 for copies, lower for rewording or additions.
    return round(max(jaccard, (cov_short + cov_long) / 2), 3)
