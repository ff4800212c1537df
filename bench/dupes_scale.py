"""Speed and memory of near-duplicate grouping: the real ~50k corpora, and synthetic articles.

Usage:
    .venv/bin/python bench/dupes_scale.py corpora [RUNS]   # ~50k real articles, median of RUNS
    .venv/bin/python bench/dupes_scale.py synthetic N      # N synthetic articles (e.g. 1000000)

Run each measurement in its own process: peak memory (ru_maxrss) is per process; the memory
of this process and its worker processes together (`index.dupes.prepare.Preparer`) is sampled
and printed beside it. Timed: one `DuplicateIndex.update` over all articles into an empty
folder (what `--rebuild` does); reading the corpora is not timed; synthetic text is generated
lazily while `update` consumes it, so the time to generate it alone (a separate pass) is
printed too.

Synthetic articles: words drawn from a Zipf-like vocabulary of 60,000 made-up words (ranks
offset by 100, as content words are once stopwords are dropped), sentences of 10-24 words,
5-9 sentences (about 120 words, a wire brief). One article in ten
gets a planted copy, in turn exact with another footer, re-edited (a sentence cut and one
added) or reworded (a fifth of each sentence's words swapped for a synonym and two neighbours
transposed: bigram Jaccard ~0.3). The planted pairs are the truth for the recall printed.
"""

from __future__ import annotations

import os
import resource
import statistics
import sys
import tempfile
import time
from collections.abc import Iterator
from pathlib import Path

import numpy as np

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

from measure import TreeSampler  # noqa: E402  (the bench folder is on sys.path as a script)

from index.dupes import DuplicateIndex  # noqa: E402

VOCABULARY = 60_000
PLANT_EVERY = 10
FOOTERS = ("Source link", "Leave a Reply", "Newspapers in English", "Click to Hide")


def peak_mb() -> float:
    return resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024


def sampled_tree() -> TreeSampler:
    """A running sampler of this process's resident memory with its worker processes'."""
    sampler = TreeSampler(os.getpid())
    sampler.start()
    return sampler


def tree_peak_mb(sampler: TreeSampler) -> float:
    """Stop the sampler; the peak of this process and its workers together (sampled)."""
    sampler.sample_tree()
    sampler.finished.set()
    sampler.join()
    return sampler.tree_kb / 1024


def _vocabulary(rng: np.random.Generator) -> np.ndarray:
    letters = np.array(list("abcdefghijklmnopqrstuvwxyz"))
    lengths = rng.integers(4, 10, size=2 * VOCABULARY)
    words = ["".join(rng.choice(letters, size=n)) for n in lengths]
    return np.array(words, dtype=object)  # [0, V) words, [V, 2V) their "synonyms"


_RANKS = np.arange(VOCABULARY)
# Content words of news after stopwords are gone: Zipf-like, but even the commonest ("year",
# "government") is well under 1% of words, hence the offset of the ranks.
_WORD_CDF = np.cumsum(1.0 / (_RANKS + 100.0) ** 1.1)
_WORD_CDF /= _WORD_CDF[-1]


def _sentences(rng: np.random.Generator, count: int) -> list[np.ndarray]:
    # Inverse-CDF sampling: rng.choice(p=...) rebuilds the CDF on every call.
    words = np.minimum(np.searchsorted(_WORD_CDF, rng.random(count * 24)), VOCABULARY - 1)
    sizes = rng.integers(10, 25, size=count)
    return np.split(words, np.cumsum(sizes))[:count]


def _text(vocabulary: np.ndarray, sentences: list[np.ndarray]) -> str:
    return " ".join(" ".join(vocabulary[s].tolist()).capitalize() + "." for s in sentences)


def _reword(rng: np.random.Generator, sentence: np.ndarray) -> np.ndarray:
    out = sentence.copy()
    swap = rng.random(len(out)) < 0.2
    out[swap] += VOCABULARY
    i = rng.integers(0, len(out) - 1)
    out[i], out[i + 1] = out[i + 1], out[i]
    return out


def synthetic(count: int, seed: int = 1) -> tuple[Iterator[tuple[str, str]], list[tuple[str, str]]]:
    """(lazy articles, planted pairs); the generator must be consumed for `planted` to fill."""
    rng = np.random.default_rng(seed)
    vocabulary = _vocabulary(rng)
    planted: list[tuple[str, str]] = []

    def articles() -> Iterator[tuple[str, str]]:
        made = 0
        while made < count:
            sentences = _sentences(rng, int(rng.integers(5, 10)))
            original = f"a{made:07d}"
            yield original, _text(vocabulary, sentences)
            made += 1
            if made % PLANT_EVERY or made >= count:
                continue
            kind = (made // PLANT_EVERY) % 3
            if kind == 0:
                text = _text(vocabulary, sentences) + "\n\n" + FOOTERS[made % len(FOOTERS)]
            elif kind == 1:
                edited = sentences[:2] + sentences[3:] + _sentences(rng, 1)
                text = _text(vocabulary, edited)
            else:
                text = _text(vocabulary, [_reword(rng, s) for s in sentences])
            copy = f"a{made:07d}c"
            planted.append((original, copy))
            yield copy, text
            made += 1

    return articles(), planted


def run_synthetic(count: int) -> None:
    start = time.perf_counter()
    for _ in synthetic(count)[0]:
        pass
    generation = time.perf_counter() - start
    articles, planted = synthetic(count)
    with tempfile.TemporaryDirectory() as tmp:
        index = DuplicateIndex(Path(tmp))
        sampler = sampled_tree()
        start = time.perf_counter()
        index.update(articles, [])
        elapsed = time.perf_counter() - start
        tree_mb = tree_peak_mb(sampler)
        grouped = {
            frozenset((a, b))
            for _, members in index.groups()
            for a, _ in members
            for b, _ in members
            if a < b
        }
        truth = {frozenset(p) for p in planted}
        size = sum(f.stat().st_size for f in Path(tmp).iterdir()) / 2**20
        print(
            f"synthetic {count}: update {elapsed:.1f} s (of which generating the text "
            f"~{generation:.1f} s)  peak RSS {peak_mb():.0f} MB (with workers {tree_mb:.0f} MB)  "
            f"db {size:.0f} MB  groups {index.group_count()}  planted pairs found "
            f"{len(grouped & truth)}/{len(truth)}  unplanted pairs grouped {len(grouped - truth)}"
        )
        index.close()


def run_corpora(runs: int) -> None:
    from dupes_eval import load_articles  # the bench folder is on sys.path when run as a script

    with tempfile.TemporaryDirectory() as tmp:
        articles = load_articles(Path(tmp))
        times = []
        sampler = sampled_tree()
        for run in range(runs):
            index = DuplicateIndex(Path(tmp) / f"run{run}")
            start = time.perf_counter()
            index.update(articles.items(), [])
            times.append(time.perf_counter() - start)
            groups = index.group_count()
            index.close()
        print(
            f"corpora {len(articles)} articles: update median {statistics.median(times):.1f} s "
            f"(runs {', '.join(f'{t:.1f}' for t in times)})  groups {groups}  "
            f"peak RSS {peak_mb():.0f} MB (with workers {tree_peak_mb(sampler):.0f} MB)"
        )


if __name__ == "__main__":
    if len(sys.argv) >= 2 and sys.argv[1] == "synthetic":
        run_synthetic(int(sys.argv[2]) if len(sys.argv) > 2 else 1_000_000)
    else:
        run_corpora(int(sys.argv[2]) if len(sys.argv) > 2 else 3)
