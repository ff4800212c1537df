"""Highlight offsets: the regex pre-filter finds exactly the words full tokenisation finds."""

from __future__ import annotations

import random

import pytest

from index import highlight
from index.analysis import terms
from tests.conftest import SEEDS, extract_corpus

TRICKY = """Kazakhstan's President Tokayev said the U.S. and the E.U. were "crying" over skies.
Dying, vying, lying: 47.3% of BA's flights; naïve café owners in Zürich and São Paulo.
Ｆｕｌｌｗｉｄｔｈ ＴＥＸＴ, 東京 and القاهرة, emoji 🙂 protest—protesters’ “protests”;
e-mail, re-elected.
"""

TRICKY_ASCII = """KAZAKHSTAN'S President Tokayev said the U.S. and the E.U. were crying over SKIES.
Dying, VYING, lying: 47.3% of BA's flights (BA.com); e-mail, re-elected, RE-ELECTED;
protesters' PROTESTS, Protest_group and x-protests.
"""


def full_tokenisation(text: str, wanted: frozenset[str]) -> list[tuple[int, int]]:
    return [(start, end) for term, start, end in terms(text) if term in wanted]


def check(text: str, rng: random.Random, sets: int) -> int:
    """Compare both ways for single terms and random term sets of the text; returns checks."""
    vocabulary = sorted({term for term, _, _ in terms(text)})
    checked = 0
    for term in vocabulary:
        wanted = frozenset([term])
        assert highlight.spans(text, wanted) == full_tokenisation(text, wanted), term
        checked += 1
    for _ in range(sets):
        wanted = frozenset(rng.sample(vocabulary, min(len(vocabulary), rng.randint(1, 6))))
        assert highlight.spans(text, wanted) == full_tokenisation(text, wanted), wanted
        checked += 1
    return checked


def test_tricky_words_and_scripts() -> None:
    assert check(TRICKY, random.Random(1), 200) > 200


def test_tricky_words_of_ascii_texts() -> None:
    # ASCII texts are searched in lower case, one pattern a prefix (other texts: one pattern).
    assert TRICKY_ASCII.isascii()
    assert check(TRICKY_ASCII, random.Random(3), 200) > 200


def test_the_seeds() -> None:
    rng = random.Random(2)
    for path in sorted(SEEDS.iterdir()):
        check(path.read_text(encoding="utf-8"), rng, 100)


@pytest.mark.parametrize("topic", ["business", "entertainment"])
def test_real_articles(tmp_path_factory: pytest.TempPathFactory, topic: str) -> None:
    folder = extract_corpus("bbc.tar.gz", tmp_path_factory.mktemp("bbc"))
    files = sorted(next(p for p in folder.rglob(topic) if p.is_dir()).iterdir())
    rng = random.Random(topic)
    for path in rng.sample(files, 15):
        check(path.read_text(encoding="latin-1"), rng, 20)


def test_snippets_are_chosen_from_the_opening_of_long_texts() -> None:
    filler = "Nothing to see in this sentence at all. " * 600  # 24,000 characters
    early, late = "Protesters gathered early. ", "More protests came late."
    wanted = frozenset(["protest"])
    text = early + filler + late
    found = highlight.snippet_matches(text, wanted)
    assert [text[a:b] for a, b in found] == ["Protesters"], "the late match is not looked for"
    only_late = filler + late
    assert [only_late[a:b] for a, b in highlight.snippet_matches(only_late, wanted)] == ["protests"]
    assert len(highlight.spans(text, wanted)) == 2, "the viewer still gets every match"


def test_a_snippet_shows_the_most_distinct_matched_words() -> None:
    text = (
        "Out of the blue, out of time and out of place. "
        + "Filler words to move the phrase away from the opening lines of text. " * 6
        + "A state of emergency was declared on Tuesday."
    )
    wanted = frozenset(["state", "of", "emergenc"])
    snippet, found = highlight.snippet(text, highlight.snippet_matches(text, wanted))
    assert "state of emergency" in snippet
    assert {snippet[a:b] for a, b in found} >= {"state", "of", "emergency"}
