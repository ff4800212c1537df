"""Synthetic news articles for benchmarks: a Zipf-distributed vocabulary, planted reworded copies.

Streams: generating a million articles holds only a few hundred in memory.
    python bench/synthetic.py COUNT FOLDER [--format jsonl|txt] [--per-file N] [--seed S]
"""

from __future__ import annotations

import argparse
import collections
import datetime
import json
import sys
from collections.abc import Iterator, Sequence
from dataclasses import dataclass
from pathlib import Path

import numpy as np

FUNCTION_WORDS = """the of and to a in that is for on was with he it as at by from his said
have be has are an not but this they had were which who their been its one will would more
about up also two new than first when other out there into over last she or could year all
no we some her only after time people against while because before years government""".split()
NEWS_WORDS = """police minister president officials state court company market city week
country election report percent military month security law health workers billion
million prices trade talks party forces leader support budget plan public shares deal power
group bank oil energy water home school team season game players coach win victory
council union federal national foreign troops attack border crisis protest vote voters
campaign senate congress parliament ministry economy growth inflation rates investors stocks
profit losses sales quarter revenue exports imports industry factory jobs unemployment
strike agreement treaty summit sanctions ceasefire refugees aid hospital doctors virus
vaccine patients study research scientists climate storm flood drought fire emergency
rescue judge trial jury lawyer prosecutors charges prison investigation evidence witness
airport flight airline railway road traffic crash accident bridge tower building project
housing rent property tax spending debt deficit reform policy bill measure proposal
regulators license contract merger acquisition chief executive director chairman board
spokesman statement interview announcement conference meeting network technology software
internet phone computer data privacy cyber online digital media newspaper television radio
film music festival museum artist album author book award prize champion league cup final
match goal points record tournament Olympic stadium fans Washington London Moscow Beijing
Paris Berlin Tokyo Brussels Geneva Kabul Baghdad Cairo Nairobi Delhi Sydney Toronto Mexico
Brazil Russia China Germany France Britain Japan India Iran Israel Ukraine Europe Africa
American British Chinese European Russian Smith Johnson Brown Miller Davis Garcia Wilson
Taylor Anderson Thomas Moore Martin Jackson Thompson White Harris Clark Lewis Walker Hall
early late major key senior former local regional global annual strong weak higher lower
rising falling sharp steady expected reported announced warned agreed rejected approved
signed launched opened closed raised cut increased reduced blamed accused denied
confirmed""".split()
SOURCES = (
    "The Daily Ledger",
    "Northern Courier",
    "Harbour Gazette",
    "Metro Wire",
    "The Evening Standard-Post",
    "Valley Tribune",
    "World Desk",
)
_SYLLABLES = """ba be bi bo bu ca ce co cu da de di do du fa fe fi fo ga ge go ha he hi ho
ka ke ki ko la le li lo lu ma me mi mo mu na ne ni no nu pa pe pi po ra re ri ro ru sa se si
so su ta te ti to tu va ve vi vo za ze zo ar er ir or ur an en in on un al el il ol
ter ran son der mar bel cor dan fal gor hal kin lor mon nor par ros sal tan ver win""".split()


def vocabulary(size: int, seed: int) -> list[str]:
    """Function words, then news words, then made-up words: the order is the Zipf rank."""
    words = list(dict.fromkeys(FUNCTION_WORDS + NEWS_WORDS))
    seen = {w.lower() for w in words}
    rng = np.random.default_rng(seed)
    while len(words) < size:
        parts = rng.integers(0, len(_SYLLABLES), size=rng.integers(2, 5))
        word = "".join(_SYLLABLES[i] for i in parts)
        if word not in seen:
            seen.add(word)
            words.append(word)
    return words


@dataclass(slots=True)
class Story:
    """An article as word ranks (so a copy can be reworded cheaply) and sentence lengths."""

    title: np.ndarray
    body: np.ndarray
    lengths: list[int]
    day: int
    source: int


class Generator:
    """Deterministic stream of articles; about ``copy_share`` of them reworded earlier ones."""

    def __init__(
        self, seed: int = 6, vocabulary_size: int = 40_000, copy_share: float = 0.03
    ) -> None:
        self.rng = np.random.default_rng(seed)
        self.words = np.array(vocabulary(vocabulary_size, seed), dtype=object)
        weights = 1.0 / np.arange(1, len(self.words) + 1) ** 1.05
        self.cdf = np.cumsum(weights) / weights.sum()
        self.content_from = len(set(FUNCTION_WORDS))
        self.copy_share = copy_share
        self.recent: collections.deque[Story] = collections.deque(maxlen=300)

    def _ranks(self, count: int) -> np.ndarray:
        return np.minimum(np.searchsorted(self.cdf, self.rng.random(count)), len(self.cdf) - 1)

    def _story(self) -> Story:
        lengths = self.rng.integers(8, 26, size=int(self.rng.integers(6, 30))).tolist()
        title = self.content_from + self._ranks(int(self.rng.integers(5, 11)))
        return Story(
            np.minimum(title, len(self.words) - 1),
            self._ranks(sum(lengths)),
            lengths,
            int(self.rng.integers(0, 3650)),
            int(self.rng.integers(0, len(SOURCES))),
        )

    def _reword(self, ranks: np.ndarray) -> np.ndarray:
        """About one word in ten replaced."""
        changed = ranks.copy()
        mask = self.rng.random(len(ranks)) < 0.1
        changed[mask] = self._ranks(int(mask.sum()))
        return changed

    def _reworded(self, story: Story) -> Story:
        """A copy with words replaced, one sentence dropped and two neighbours swapped."""
        sentences = np.split(self._reword(story.body), np.cumsum(story.lengths)[:-1])
        if len(sentences) > 3:
            del sentences[int(self.rng.integers(0, len(sentences)))]
            i = int(self.rng.integers(0, len(sentences) - 1))
            sentences[i], sentences[i + 1] = sentences[i + 1], sentences[i]
        return Story(
            self._reword(story.title),
            np.concatenate(sentences),
            [len(s) for s in sentences],
            story.day + int(self.rng.integers(0, 3)),
            int(self.rng.integers(0, len(SOURCES))),
        )

    def stories(self, count: int) -> Iterator[Story]:
        """``count`` stories, some of them reworded copies of recent ones."""
        for _ in range(count):
            if self.recent and self.rng.random() < self.copy_share:
                pick = int(self.rng.integers(0, len(self.recent)))
                yield self._reworded(self.recent[pick])
            else:
                story = self._story()
                self.recent.append(story)
                yield story

    def render(self, story: Story) -> dict[str, str]:
        """The article as {"title", "text", "date", "source"}, paragraphs of 3-5 sentences."""
        title = " ".join(self.words[story.title].tolist())
        tokens = self.words[story.body].tolist()
        sentences, start = [], 0
        for length in story.lengths:
            sentences.append(_sentence(tokens[start : start + length]))
            start += length
        paragraphs, start = [], 0
        while start < len(sentences):
            size = 3 + (start * 7 + len(sentences)) % 3
            paragraphs.append(" ".join(sentences[start : start + size]))
            start += size
        date = datetime.date(2015, 1, 1) + datetime.timedelta(days=story.day)
        return {
            "title": title[:1].upper() + title[1:],
            "text": "\n\n".join(paragraphs),
            "date": date.isoformat(),
            "source": SOURCES[story.source],
        }

    def articles(self, count: int) -> Iterator[dict[str, str]]:
        """``count`` rendered articles."""
        for story in self.stories(count):
            yield self.render(story)


def _sentence(words: list[str]) -> str:
    """Capitalised, a comma now and then, ending with a full stop."""
    if len(words) > 12:
        words[len(words) // 2] += ","
    text = " ".join(words)
    return text[:1].upper() + text[1:] + "."


def write_jsonl(folder: Path, count: int, per_file: int = 1000, seed: int = 6) -> int:
    """``count`` articles as JSON Lines files of ``per_file`` articles each; returns files."""
    folder.mkdir(parents=True, exist_ok=True)
    files = 0
    articles = Generator(seed).articles(count)
    for start in range(0, count, per_file):
        path = folder / f"{start // per_file:05d}.jsonl"
        with open(path, "w", encoding="utf-8") as handle:
            for _, article in zip(range(min(per_file, count - start)), articles, strict=False):
                handle.write(json.dumps(article, ensure_ascii=False) + "\n")
        files += 1
    return files


def write_txt(folder: Path, count: int, per_folder: int = 1000, seed: int = 6) -> int:
    """``count`` articles as .txt files (title line, blank line, text) in sub-folders."""
    for number, article in enumerate(Generator(seed).articles(count)):
        sub = folder / f"{number // per_folder:04d}"
        if number % per_folder == 0:
            sub.mkdir(parents=True, exist_ok=True)
        text = f"{article['title']}\n\n{article['text']}\n"
        (sub / f"{number:07d}.txt").write_text(text, encoding="utf-8")
    return count


def generate(
    folder: Path, count: int, kind: str = "jsonl", per_file: int = 1000, seed: int = 6
) -> int:
    """Write ``count`` synthetic articles under ``folder``; returns the number of files."""
    if kind == "txt":
        return write_txt(folder, count, per_file, seed)
    return write_jsonl(folder, count, per_file, seed)


def main(argv: Sequence[str] | None = None) -> int:
    """Command line: generate a synthetic corpus into a folder."""
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("count", type=int)
    parser.add_argument("folder", type=Path)
    parser.add_argument("--format", choices=("jsonl", "txt"), default="jsonl")
    parser.add_argument("--per-file", type=int, default=1000)
    parser.add_argument("--seed", type=int, default=6)
    options = parser.parse_args(argv)
    files = generate(options.folder, options.count, options.format, options.per_file, options.seed)
    print(f"{options.count} articles in {files} files under {options.folder}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
