"""Near-duplicate detection on the seeds and small hand-made variants of real articles."""

from __future__ import annotations

import re
import threading
from pathlib import Path

import pytest

from index.dupes import DuplicateIndex
from index.models import DuplicateMatch

SEEDS = Path(__file__).resolve().parents[1] / "seeds"


def seed(number: str) -> str:
    return next(SEEDS.glob(f"{number}_*.txt")).read_text(encoding="utf-8")


def sentences(text: str) -> list[str]:
    return [s for s in re.split(r"(?<=[.!?])\s+", text) if len(s.split()) > 6]


@pytest.fixture
def index(tmp_path: Path):
    ix = DuplicateIndex(tmp_path)
    yield ix
    ix.close()


def test_seeds_form_exactly_one_group_the_spun_pair(index: DuplicateIndex) -> None:
    index.update([(p.name[:3], p.read_text(encoding="utf-8")) for p in SEEDS.glob("*.txt")], [])
    groups = index.groups()
    assert [(g, sorted(a for a, _ in members)) for g, members in groups] == [
        ("000", ["000", "001"])
    ]
    assert index.group_count() == 1
    assert [m.id for m in index.duplicates_of("001")] == ["000"]
    for other in ("002", "003", "004"):
        assert index.duplicates_of(other) == []


def test_exact_copy_with_other_masthead_and_footers_is_a_duplicate(index: DuplicateIndex) -> None:
    body = seed("002").replace("Houston Chronicle", "").replace("Newspapers in English", "")
    copy = "The Daily Planet\n\n" + body + "\nSource link\n\nLeave a Reply\n"
    index.update([("a", seed("002")), ("b", copy)], [])
    assert index.duplicates_of("a") == [DuplicateMatch("b", 1.0)]


def test_re_edited_version_is_a_duplicate(index: DuplicateIndex) -> None:
    parts = sentences(seed("003"))
    edited = parts[:3] + parts[4:]  # a sentence cut
    edited[1] = edited[1].replace("Thursday", "Friday")  # a correction
    edited.append("Officials said further talks were planned for next week in the capital.")
    index.update([("first", " ".join(parts)), ("update", " ".join(edited))], [])
    assert [m.id for m in index.duplicates_of("first")] == ["update"]


FED = (
    "The Federal Reserve entered the U.S. Government securities market to arrange "
    "{amount} billion dlrs of customer repurchase agreements, a Fed spokesman said. Dealers "
    "said Federal funds were trading at {rate} pct when the Fed began its temporary and "
    "indirect supply of reserves to the banking system. Economists said the operation was "
    "routine and that the Fed was expected to add reserves again on {day} to meet needs."
)


def test_templated_bulletins_that_differ_in_figures_are_not_duplicates(
    index: DuplicateIndex,
) -> None:
    figures = [
        ("1.5", "6-3/16", "Tuesday"),
        ("2.0", "6-1/4", "Tuesday"),
        ("1.5", "6-1/8", "Friday"),
    ]
    bulletins = [
        (f"fed{i}", FED.format(amount=a, rate=r, day=d)) for i, (a, r, d) in enumerate(figures)
    ]
    resent = ("fed0-again", FED.format(amount="1.5", rate="6-3/16", day="Tuesday"))
    index.update([*bulletins, resent], [])
    assert index.groups() == [("fed0", [("fed0", 1.0), ("fed0-again", 1.0)])]


def test_follow_up_sharing_background_is_not_a_duplicate(index: DuplicateIndex) -> None:
    background = sentences(seed("002"))
    first = background[:6]
    follow_up = sentences(seed("003"))[:8] + background[3:6]
    index.update([("first", " ".join(first)), ("later", " ".join(follow_up))], [])
    assert index.group_count() == 0


def test_no_chaining_through_an_intermediate_article(index: DuplicateIndex) -> None:
    parts = sentences(seed("002")) + sentences(seed("004"))
    a, c = parts[0:7], parts[7:14]
    b = a + c  # an omnibus piece containing both: a ~ b and b ~ c, but a and c share nothing
    index.update([("a", " ".join(a)), ("b", " ".join(b)), ("c", " ".join(c))], [])
    groups = [sorted(x for x, _ in members) for _, members in index.groups()]
    assert not any({"a", "c"} <= set(g) for g in groups)
    assert sum("b" in g for g in groups) == 1


def test_incremental_add_change_and_remove_update_groups(index: DuplicateIndex) -> None:
    index.update([("k1", seed("000"))], [])
    assert index.group_count() == 0
    index.update([("k2", seed("001")), ("x", seed("003"))], [])
    assert index.groups() == [("k1", [("k1", 1.0), ("k2", index.groups()[0][1][1][1])])]
    index.update([("k0", seed("000") + "\nClick to Hide\n")], [])
    assert [a for a, _ in index.groups()[0][1]] == ["k0", "k1", "k2"]
    index.update([("k1", seed("002"))], [])  # changed: no longer the same story
    assert sorted(a for a, _ in index.groups()[0][1]) == ["k0", "k2"]
    index.update([], ["k0"])  # the group id moves to the smallest remaining member...
    assert index.groups() == []  # ...but k2 alone is no group
    assert index.duplicates_of("k2") == []


def test_unchanged_article_passed_again_keeps_its_group(index: DuplicateIndex) -> None:
    index.update([("a", seed("000")), ("b", seed("001"))], [])
    before = index.groups()
    index.update([("a", seed("000"))], [])
    assert index.groups() == before


def test_rebuild_and_reopen(tmp_path: Path) -> None:
    ix = DuplicateIndex(tmp_path)
    ix.update([("a", seed("000")), ("b", seed("001")), ("c", seed("003"))], [])
    ix.rebuild([("c", seed("003")), ("d", seed("003"))])
    ix.close()
    reopened = DuplicateIndex(tmp_path)
    assert reopened.groups() == [("c", [("c", 1.0), ("d", 1.0)])]
    assert reopened.duplicates_of("a") == []
    reopened.close()


def test_reads_from_several_threads(index: DuplicateIndex) -> None:
    index.update([("a", seed("000")), ("b", seed("001"))], [])
    results: list[list[DuplicateMatch]] = []

    def read() -> None:
        results.append(index.duplicates_of("a"))

    threads = [threading.Thread(target=read) for _ in range(4)]
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    assert [[m.id for m in r] for r in results] == [["b"]] * 4


def test_boilerplate_spans_cover_furniture_and_corpus_repeated_lines(
    index: DuplicateIndex,
) -> None:
    footer = "Follow our live coverage on the Daily Planet website every day"
    articles = [(f"s{i}", f"{s}\n{footer}\n") for i, s in enumerate(sentences(seed("002"))[:7])]
    index.update(articles, [])
    text = seed("001")
    spans = index.boilerplate_spans(text)
    assert [text[a:b] for a, b in spans] == [
        "Source link",
        "Leave a Reply",
        "Your email address will not be published. Required fields are marked *",
    ]
    probe = "A brand new story about something else entirely, told at length.\n" + footer
    assert [probe[a:b] for a, b in index.boilerplate_spans(probe)] == [footer]
