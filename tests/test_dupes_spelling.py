"""The spelling a fingerprint keeps for the sentence model, and headlines joining their story."""

from __future__ import annotations

from hypothesis import given
from hypothesis import strategies as st

from index.dupes.grouping import Groups
from index.dupes.shingles import Fingerprint, fingerprint

PIECES = [
    *"The bank said U.S. Mr. it's 7-3/4 pct of the Reuter Tuesday".split(),
    *(".", "!", "?", ",", "\n", "\n\n", " ", '"', "per cent", "united states"),
]


@given(st.lists(st.sampled_from(PIECES), max_size=60).map(" ".join))
def test_each_sentence_keeps_its_spelling_and_its_tokens(text: str) -> None:
    fp = Fingerprint.from_bytes(fingerprint(text).to_bytes())
    assert len(fp.sentence_texts) == len(fp.sentence_ends)
    ends = fp.sentence_ends.tolist()
    starts = [0, *ends][: len(ends)]
    for spelled, start, end in zip(
        fp.sentence_texts, starts, fp.sentence_ends.tolist(), strict=True
    ):
        # Read alone, a sentence's spelling gives back the very tokens the fingerprint holds.
        assert fingerprint(spelled).tokens.tolist() == fp.tokens[start:end].tolist()


def test_spelling_keeps_stopwords_and_word_forms_the_tokens_drop() -> None:
    fp = fingerprint("Shares of AT&T climbed 4 percent. They had been rising for days.\n")
    assert fp.sentence_texts == [
        "shares of at&t climbed 4 percent",
        "they had been rising for days",
    ]


def _grouped(edges: dict[tuple[int, int], float], headlines: set[int]) -> list[set[int]]:
    groups = Groups({})
    groups.merge_all(
        [(sim, a, b) for (a, b), sim in edges.items()],
        lambda x, y: edges.get((min(x, y), max(x, y))),
        headlines.__contains__,
    )
    return sorted((m for m in groups.members.values() if len(m) > 1), key=min)


def test_a_flash_joins_its_story_with_the_versions_that_rewrote_its_lead() -> None:
    # 1 and 2 are two versions of one story, 3 a flash found only in the lead of 1.
    assert _grouped({(1, 2): 0.8, (1, 3): 0.6}, headlines={3}) == [{1, 2, 3}]
    # Without that exception complete linkage keeps the flash out.
    assert _grouped({(1, 2): 0.8, (1, 3): 0.6}, headlines=set()) == [{1, 2}]


def test_a_flash_does_not_join_a_group_holding_another_flash_it_does_not_match() -> None:
    # 4 is another company's flash on the same template, grouped with the story 1 already.
    edges = {(1, 2): 0.9, (1, 4): 0.8, (2, 4): 0.8, (1, 3): 0.6}
    assert _grouped(edges, headlines={3, 4}) == [{1, 2, 4}]
