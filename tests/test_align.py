"""Word alignment for the side-by-side view: runs cover both texts and pair up shared words."""

from __future__ import annotations

from pathlib import Path

from hypothesis import given
from hypothesis import strategies as st

from index.align import align_words

SEEDS = Path(__file__).resolve().parents[1] / "seeds"


def pieces(text: str, segments, side: str) -> list[str]:
    return [text[slice(*getattr(s, side))] for s in segments]


def test_changed_inserted_and_deleted_runs() -> None:
    left = "The quick brown fox jumps over the lazy dog."
    right = "The quick red fox jumps over the dog today."
    segments = align_words(left, right)
    assert [(s.kind, left[slice(*s.left)], right[slice(*s.right)]) for s in segments] == [
        ("equal", "The quick", "The quick"),
        ("changed", "brown", "red"),
        ("equal", "fox jumps over the", "fox jumps over the"),
        ("deleted", "lazy", ""),
        ("equal", "dog.", "dog"),
        ("inserted", "", "today."),
    ]


def test_spun_seed_pair_shares_long_equal_runs() -> None:
    left = next(SEEDS.glob("000_*.txt")).read_text(encoding="utf-8")
    right = next(SEEDS.glob("001_*.txt")).read_text(encoding="utf-8")
    segments = align_words(left, right)
    equal_words = sum(len(left[slice(*s.left)].split()) for s in segments if s.kind == "equal")
    assert 0.4 < equal_words / len(left.split()) < 0.9
    assert any(
        s.kind == "equal" and "Collective Security Treaty Organization" in left[slice(*s.left)]
        for s in segments
    )


words = st.lists(st.sampled_from(["a", "b", "c", "Dog", "dog.", "e"]), max_size=30)


@given(words, words)
def test_runs_cover_every_word_in_order(left_words: list[str], right_words: list[str]) -> None:
    left, right = " ".join(left_words), " ".join(right_words)
    segments = align_words(left, right)
    assert " ".join(p for p in pieces(left, segments, "left") if p).split() == left.split()
    assert " ".join(p for p in pieces(right, segments, "right") if p).split() == right.split()
    for s in segments:
        assert (s.left[0] == s.left[1]) == (s.kind == "inserted")
        assert (s.right[0] == s.right[1]) == (s.kind == "deleted")
        if s.kind == "equal":
            norm = [w.lower().strip(".") for w in left[slice(*s.left)].split()]
            assert norm == [w.lower().strip(".") for w in right[slice(*s.right)].split()]
