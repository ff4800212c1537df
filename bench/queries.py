"""Query sets sampled from the corpus itself (seeded): term, phrase, field and fuzzy queries."""

from __future__ import annotations

import random
import re
from collections import Counter
from collections.abc import Iterable
from dataclasses import dataclass, field

KINDS = ("term", "phrase", "field", "fuzzy")
STOP_WORDS = frozenset(
    """a about after all also an and any are as at be because been but by can could did do
    does for from had has have he her his how i if in into is it its just like may more most
    mr ms mrs new no not of on one only or other our out over said says she so some such than
    that the their them then there these they this those to two up us was we were what when
    where which while who will with would year years you your""".split()
)
_WORD = re.compile(r"[a-z]+")
_PAIR = re.compile(r"(?<![\w'’.\-])([A-Za-z]{3,}) +(?=([A-Za-z]{3,})(?![\w'’\-]))")


@dataclass(frozen=True, slots=True)
class Query:
    """One benchmark query, written for each engine."""

    kind: str
    words: tuple[str, ...]

    @property
    def broadsheet(self) -> str:
        """Broadsheet query syntax."""
        if self.kind == "phrase":
            return '"' + " ".join(self.words) + '"'
        if self.kind == "field":
            return f"title:{self.words[0]}"
        if self.kind == "fuzzy":
            return f"{self.words[0]}~1"
        return self.words[0]

    @property
    def fts5(self) -> str | None:
        """FTS5 query syntax; None where FTS5 has no equivalent (fuzzy)."""
        if self.kind == "fuzzy":
            return None
        quoted = '"' + " ".join(self.words) + '"'
        return f"title : {quoted}" if self.kind == "field" else quoted


@dataclass(slots=True)
class _Counts:
    """Word statistics over sampled articles."""

    articles: int = 0
    body: Counter[str] = field(default_factory=Counter)
    title: Counter[str] = field(default_factory=Counter)


def _words(text: str) -> set[str]:
    return {w for w in _WORD.findall(text.lower()) if len(w) >= 3 and w not in STOP_WORDS}


def _count(articles: Iterable[tuple[str, str]]) -> tuple[_Counts, list[str]]:
    """Document frequencies of title and body words, and the bodies (for phrases)."""
    counts = _Counts()
    bodies: list[str] = []
    for title, body in articles:
        counts.articles += 1
        title_words = _words(title)
        counts.body.update(title_words | _words(body))
        counts.title.update(title_words)
        bodies.append(body)
    return counts, bodies


def _band(counter: Counter[str], articles: int, low: float, high: float) -> list[str]:
    """Words in a document-frequency band (share of articles), else the most frequent ones."""
    lowest = max(2, round(articles * low))
    highest = max(lowest, round(articles * high))
    words = sorted(w for w, n in counter.items() if lowest <= n <= highest and len(w) >= 4)
    if len(words) < 10:  # a tiny folder: take what there is
        words = sorted(counter, key=lambda w: (-counter[w], w))[:200]
    return words


def _pick(rng: random.Random, pool: list[str], count: int) -> list[str]:
    """``count`` items, without repeats while the pool allows."""
    if not pool:
        return []
    if len(pool) >= count:
        return rng.sample(pool, count)
    return [rng.choice(pool) for _ in range(count)]


def _phrases(rng: random.Random, bodies: list[str], count: int) -> list[tuple[str, str]]:
    """Two adjacent words from random articles (not both stop words)."""
    found: list[tuple[str, str]] = []
    for _ in range(count * 20):
        if len(found) == count or not bodies:
            break
        pairs = [
            (a.lower(), b.lower())
            for a, b in _PAIR.findall(rng.choice(bodies))
            if not (a.lower() in STOP_WORDS and b.lower() in STOP_WORDS)
        ]
        if pairs:
            found.append(rng.choice(pairs))
    return found


def _misspell(rng: random.Random, word: str) -> str:
    """The word with one inner letter changed to another letter."""
    position = rng.randrange(1, len(word) - 1) if len(word) > 2 else 0
    letters = [c for c in "abcdefghijklmnopqrstuvwxyz" if c != word[position]]
    return word[:position] + rng.choice(letters) + word[position + 1 :]


def sample(
    articles: Iterable[tuple[str, str]], per_kind: int = 40, seed: int = 6
) -> dict[str, list[Query]]:
    """Query sets from (title, body) pairs: mid-frequency words, adjacent pairs, title words."""
    rng = random.Random(seed)
    counts, bodies = _count(articles)
    terms = _pick(rng, _band(counts.body, counts.articles, 0.002, 0.02), per_kind)
    titled = _pick(rng, _band(counts.title, counts.articles, 0.0005, 0.01), per_kind)
    long_terms = [w for w in _band(counts.body, counts.articles, 0.002, 0.02) if len(w) >= 5]
    fuzzy = [_misspell(rng, w) for w in _pick(rng, long_terms or terms, per_kind)]
    return {
        "term": [Query("term", (w,)) for w in terms],
        "phrase": [Query("phrase", pair) for pair in _phrases(rng, bodies, per_kind)],
        "field": [Query("field", (w,)) for w in titled],
        "fuzzy": [Query("fuzzy", (w,)) for w in fuzzy],
    }
