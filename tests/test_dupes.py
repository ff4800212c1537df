"""Near-duplicate detection on the seeds and small hand-made variants of real articles."""

from __future__ import annotations

import importlib
import os
import re
import sqlite3
import threading
from concurrent.futures import ProcessPoolExecutor
from contextlib import closing
from multiprocessing import get_context
from pathlib import Path
from unittest.mock import ANY

import numpy as np
import pytest

from index.boilerplate import scan
from index.dupes import DuplicateIndex, prepare, verify
from index.dupes.prepare import Preparer, fingerprint_of
from index.dupes.shingles import Fingerprint, fingerprint
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


def test_articles_prepared_by_workers_are_stored_and_grouped_as_if_prepared_here(
    tmp_path: Path,
) -> None:
    # Workers prepare articles without knowing the corpus's repeated lines: the ones holding a
    # repeated line (here the footer of the first seven) must come out as if prepared here.
    footer = "Follow our live coverage on the Daily Planet website every day"
    lines = sentences(seed("002"))
    articles = [(f"s{i}", f"{line}\n{footer}\n") for i, line in enumerate(lines[:7])]
    articles += [(p.name[:3], p.read_text(encoding="utf-8")) for p in SEEDS.glob("*.txt")]
    here, there = DuplicateIndex(tmp_path / "here"), DuplicateIndex(tmp_path / "there")
    here.update(articles, [])
    ready = dict(zip([a for a, _ in articles], prepare([t for _, t in articles]), strict=True))
    there.update(articles, [], ready)
    assert here.groups() == there.groups() and here.groups()
    stored = [stored_articles(tmp_path / name) for name in ("here", "there")]
    assert stored[0] == stored[1]
    # The footer is left out of the seven fingerprints: not the workers' version, then.
    assert ready["s0"].fingerprint != next(row[2] for row in stored[1] if row[0] == "s0")
    here.close()
    there.close()


def test_many_articles_are_scanned_and_prepared_in_worker_processes_as_if_here(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    # A rebuild of a large library scans and prepares in worker processes, the corpus's
    # repeated lines (the footer of the first seven) counted in between.
    footer = "Follow our live coverage on the Daily Planet website every day"
    lines = sentences(seed("002"))
    articles = [(f"s{i}", f"{line}\n{footer}\n") for i, line in enumerate(lines[:7])]
    articles += [(p.name[:3], p.read_text(encoding="utf-8")) for p in SEEDS.glob("*.txt")]
    here = DuplicateIndex(tmp_path / "here")
    here.update(articles, [])
    # The module, not the function of the same name that index.dupes exports.
    prepare_module = importlib.import_module("index.dupes.prepare")
    monkeypatch.setattr(prepare_module, "PARALLEL_FROM", 2)
    monkeypatch.setattr(prepare_module, "PIECE", 3)  # several tasks per worker
    with closing(Preparer()) as preparer:
        assert preparer.in_workers(7)
        texts = [text for _, text in articles]
        assert preparer(texts) == prepare(texts)
        assert preparer.scan(texts) == [scan(text) for text in texts]
    there = DuplicateIndex(tmp_path / "there")
    there.update(articles, [])
    assert here.groups() == there.groups() == [("000", [("000", 1.0), ("001", ANY)])]
    assert stored_articles(tmp_path / "here") == stored_articles(tmp_path / "there")
    here.close()
    there.close()


def test_articles_are_prepared_here_when_worker_processes_fail(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    prepare_module = importlib.import_module("index.dupes.prepare")
    monkeypatch.setattr(prepare_module, "PARALLEL_FROM", 2)

    def dying_pool() -> ProcessPoolExecutor:  # each worker exits as it starts
        return ProcessPoolExecutor(
            1, mp_context=get_context("forkserver"), initializer=os._exit, initargs=(1,)
        )

    monkeypatch.setattr(prepare_module, "worker_pool", dying_pool)
    texts = [seed(number) for number in ("000", "001", "002")]
    with closing(Preparer()) as preparer:
        assert preparer(texts) == prepare(texts)
        assert not preparer.in_workers(len(texts))  # no new workers for every call
        assert preparer.scan(texts) == [scan(text) for text in texts]


def stored_articles(folder: Path) -> list[tuple[object, ...]]:
    """The stored rows of a DuplicateIndex folder's articles, by id."""
    with closing(sqlite3.connect(folder / "dupes.sqlite")) as db:
        return db.execute(
            "SELECT id, digest, fp, sig, lines, flash FROM articles ORDER BY id"
        ).fetchall()


FLASH = "FORSTMANN LITTLE AND CO SAID IT PLANS TO SELL SYBRON CORP UNIT"
STORY = """FORSTMANN LITTLE AND CO TO SELL UNIT

Forstmann Little and Co said it plans to sell its Sybron Corp unit, a leading maker and
marketer of dental and laboratory products, for an undisclosed sum.
    Forstmann Little said it acquired Sybron in February 1986.
"""
OTHER_NEWS = """    Morgan Stanley and Co said it will act as adviser to several buyout firms
planning sales of units this year. Dealers said markets were quiet, and bond prices were
little changed in thin trading ahead of the holiday weekend. Treasury bill rates eased in
early trading, while the dollar held steady against the yen and the mark in Tokyo.
"""
ROUNDUP = "BUYOUT FIRMS SELL UNITS\n\n" + OTHER_NEWS + "\n" + STORY.split("\n\n", 1)[1]
"""The story retold after an opening of the roundup's own."""


def test_wire_flash_and_its_story_are_one_article_but_not_a_later_roundup(
    index: DuplicateIndex,
) -> None:
    index.update([("flash", FLASH), ("story", STORY), ("roundup", ROUNDUP)], [])
    assert [m.id for m in index.duplicates_of("flash")] == ["story"]
    # The story is contained in the roundup, but after an opening of the roundup's own.
    assert "roundup" not in [m.id for m in index.duplicates_of("story")]


def test_story_refiled_with_paragraphs_added_at_its_end_is_a_duplicate(
    index: DuplicateIndex,
) -> None:
    longer = STORY + OTHER_NEWS + OTHER_NEWS.replace("Morgan Stanley", "Salomon Brothers")
    index.update([("story", STORY), ("longer", longer)], [])
    assert [m.id for m in index.duplicates_of("story")] == ["longer"]


def test_reply_opening_with_the_post_it_answers_is_not_its_copy() -> None:
    # The post is indented rather than marked, but the reply quotes with ">" elsewhere.
    answer = OTHER_NEWS + OTHER_NEWS.replace("Morgan Stanley", "Salomon Brothers")
    post = STORY.replace("\n", "\n   ")
    reply = f"{post}\n> Dealers said markets were quiet.\n\n{answer}"
    unmarked = reply.replace("\n> ", "\n")
    story = fingerprint_of(STORY, scan(STORY))
    assert verify.similarity(story, fingerprint_of(unmarked, scan(unmarked)))
    assert verify.similarity(story, fingerprint_of(reply, scan(reply))) is None


EUROBOND = (
    "{issuer} is issuing a {amount} eurobond due June 25, 1992 paying {coupon} pct and priced "
    "at {price} pct, lead manager {manager} said. The non-callable bond is available in "
    "denominations of {denominations} and will be listed in Luxembourg. The selling "
    "concession is 1-1/4 pct while management and underwriting combined pays 5/8 pct. "
    "The payment date is June 25."
)


def test_one_template_filled_with_other_figures_is_not_a_duplicate(
    index: DuplicateIndex,
) -> None:
    mercedes = EUROBOND.format(
        issuer="Mercedes-Benz Credit Corp",
        amount="100 mln dlr",
        coupon="8-1/4",
        price="100-1/2",
        manager="Deutsche Bank Capital Markets",
        denominations="1,000 and 10,000 dlrs",
    )
    canada = EUROBOND.format(
        issuer="Canada",
        amount="80 billion yen",
        coupon="4-3/8",
        price="101-1/2",
        manager="Nomura International Ltd",
        denominations="one mln and 10 mln yen",
    )
    index.update([("mercedes", mercedes), ("canada", canada)], [])
    assert index.group_count() == 0


PRIME = (
    "{bank} said it is raising its prime lending rate to 7-3/4 pct from 7-1/2 pct, "
    "effective immediately."
)


def test_wire_briefs_for_other_companies_are_not_duplicates(index: DuplicateIndex) -> None:
    chemical = "CHEMICAL <CHL> RAISES PRIME RATE TO 7-3/4 PCT\n\n" + PRIME.format(
        bank="Chemical Bank, the main bank subsidiary of Chemical New York Corp,"
    )
    marine = "MARINE MIDLAND <MMB> RAISES PRIME RATE\n\n" + PRIME.format(
        bank="Marine Midland Banks Inc"
    )
    index.update([("chemical", chemical), ("marine", marine)], [])
    assert index.group_count() == 0


def test_two_headlines_on_one_template_are_not_duplicates(index: DuplicateIndex) -> None:
    # One-sentence wire headlines of other companies (or days) around the same figures.
    harbor = "HARBOR OIL RAISES CRUDE OIL POSTINGS 50 CTS/BBL YESTERDAY, WTI TO 19 DLRS"
    westlake = "WESTLAKE CORP RAISED CRUDE OIL POSTINGS 50 CTS/BBL, WTI NOW 19 DLRS/BBL"
    index.update([("harbor", harbor), ("westlake", westlake), ("again", harbor)], [])
    assert index.groups() == [("again", [("again", 1.0), ("harbor", 1.0)])]


def test_edit_that_rewrites_a_sentence_with_other_figures_is_a_duplicate(
    index: DuplicateIndex,
) -> None:
    story = sentences(seed("003"))[2:14]
    edited = list(story)
    # The casualty sentence (13 officers) rewritten as one about flights: new text, not a
    # figure replaced in the same wording.
    edited[3] = (
        "Officials said 26 flights out of Almaty were cancelled on Friday and 4,000 "
        "travellers were left stranded at the airport overnight."
    )
    corrected = list(story)
    corrected[3] = story[3].replace("13", "18")  # the same wording, another figure
    corrected[4] = story[4].replace("353", "411")
    index.update(
        [("first", " ".join(story)), ("edited", " ".join(edited)), ("other", " ".join(corrected))],
        [],
    )
    assert [m.id for m in index.duplicates_of("first")] == ["edited"]
    assert index.duplicates_of("other") == []


NORANDA_TALKS = """NORANDA IN TALKS WITH BRUNSWICK LEAD-ZINC MINERS

Noranda Inc said contract talks resumed with about 1,600 unionized workers at its 63 pct-owned
Brunswick Mining and Smelter Corp lead-zinc mine and lead smelter at Bathurst, New Brunswick.
    A Noranda official said talks involved both the mine and smelter union locals, which are
part of the United Steelworkers of America.
    The mineworkers' contract expires July 1. They will vote on June 22 either to authorize a
strike or ratify a possible contract offer. The smelter workers' pact expires July 21.
"""
NORANDA_VOTE = """NORANDA BRUNSWICK MINERS VOTE MONDAY ON CONTRACT

Noranda Inc said 1,100 unionized workers at its 63 pct-owned Brunswick Mining and Smelter Corp
lead-zinc mine in New Brunswick would start voting Monday on a tentative contract pact.
    Company official Andre Fortier said "We are hopeful that we can settle without any kind of
work interruption."
    Fortier added that Brunswick's estimated 500 unionized smelter workers were currently
meeting about a Noranda contract proposal and would probably vote next week. The mine's
contract expires July 1 and the smelter's on July 21.
"""
NORANDA_MINE = """
    The Brunswick mine produced 413,800 tonnes of zinc and 206,000 tonnes of lead last year at
a recovery rate of 70.5 pct zinc and 55.6 pct lead. Concentrates produced were 238,000 tonnes
of zinc and 81,000 tonnes of lead.
"""


def test_follow_up_sharing_a_paragraph_and_phrases_is_not_a_duplicate(
    index: DuplicateIndex,
) -> None:
    # Reuters 18414 and 19431: a later story on the same talks, with the first one's closing
    # paragraph; half the words are shared, but mostly within phrases both texts repeat.
    index.update(
        [("talks", NORANDA_TALKS + NORANDA_MINE), ("vote", NORANDA_VOTE + NORANDA_MINE)], []
    )
    assert index.group_count() == 0


def test_figures_keep_their_place_among_the_tokens_through_storage() -> None:
    fp = fingerprint("Chemical Bank raised its prime rate to 7-3/4 pct. It was 7-1/2 on April 28.")
    again = Fingerprint.from_bytes(fp.to_bytes())
    assert (again.figures == fp.figures).all() and again.digest == fp.digest
    spans = [fp.tokens[start:end].tolist() for start, end in fp.figures[:, 2:].tolist()]
    assert spans == [
        fingerprint(figure).tokens.tolist() for figure in ("7-3/4", "7-1/2", "April 28")
    ]


MONEY_MARKET_MORNING = """U.K. MONEY MARKET RECEIVES 37 MLN STG ASSISTANCE

The Bank of England said it had provided the money market with 37 mln stg assistance in the
morning session. This compares with the Bank's downward revised estimate of the shortfall in
the system today of around 700 mln stg.
    The central bank purchased bank bills outright comprising four mln stg in band one at
10-7/8 pct and 33 mln stg in band two at 10-13/16 pct.
"""
MONEY_MARKET_LATER = """U.K. MONEY MARKET GIVEN 97 MLN STG ASSISTANCE

The Bank of England said it provided the money market with help of 97 mln stg in the morning
session.
    This compares with the Bank's revised estimate of a 750 mln stg shortage in the system
today.
    The central bank bought bank bills outright comprising 12 mln stg in band one at 9-7/8 pct
and 85 mln stg in band two at 9-13/16 pct.
"""


def test_one_report_template_filled_on_other_days_is_not_a_duplicate(
    index: DuplicateIndex,
) -> None:
    # Reuters 341 and 8194: reworded enough to pass as a rewording, and no word is followed by
    # other figures in both, but two sentences keep their wording and change every figure.
    index.update([("march 2", MONEY_MARKET_MORNING), ("april 1", MONEY_MARKET_LATER)], [])
    assert index.group_count() == 0


def test_a_rewording_that_rounds_one_figure_is_a_duplicate(index: DuplicateIndex) -> None:
    # Reuters 16295 and 16351: one story filed twice, "33.1 mln" rounded to "about 33.0 mln".
    first = """GENERAL NUTRITION <GNC> FILES FOR OFFERING

General Nutrition Inc filed a registration statement with the Securities and Exchange
Commission for a secondary offering of eight mln common shares.
    All the shares are being sold by the estate of David Shakarian, the founder of the company.
Kidder, Peabody and Co Inc will be the sole manager of the underwriting.
    The Shakarian estate owns 25.6 mln shares of General Nutrition. There are 33.1 mln shares
outstanding.
"""
    second = """GENERAL NUTRITION <GNC> SHARES TO BE SOLD

General Nutrition Inc said it has filed for a secondary offering of eight mln common shares.
    It said all the shares are being sold by the estate of founder David B. Shakarian.  Lead
underwriter will be Kidder, Peabody and Co Inc.
    General Nutrition has about 33.0 mln shares outstanding.
"""
    index.update([("filed", first), ("to be sold", second)], [])
    assert [m.id for m in index.duplicates_of("filed")] == ["to be sold"]


SIGNATURE = """
---
ProLine:  cosmo@pro-angmar
Internet: cosmo@pro-angmar.alfalfa.com
UUCP:     uunet!bu.edu!alphalpha!pro-angmar!cosmo
"""


def test_posts_sharing_only_a_signature_are_not_duplicates(index: DuplicateIndex) -> None:
    first = "Serdar\n\nGo back to nursery school jerk.\n" + SIGNATURE
    second = "Serdar\n\nWhat are you stupid?\n" + SIGNATURE
    index.update([("first", first), ("second", second)], [])
    assert index.group_count() == 0


def test_a_store_from_an_older_version_is_emptied_and_reported(tmp_path: Path) -> None:
    ix = DuplicateIndex(tmp_path)
    ix.update([("a", seed("000")), ("b", seed("001"))], [])
    assert not ix.outdated
    ix.close()
    with sqlite3.connect(tmp_path / "dupes.sqlite") as db:
        db.execute("UPDATE meta SET value = '1' WHERE key = 'schema'")
    db.close()
    reopened = DuplicateIndex(tmp_path)
    assert reopened.outdated and reopened.groups() == []
    reopened.rebuild([("a", seed("000")), ("b", seed("001"))])
    assert [m.id for m in reopened.duplicates_of("a")] == ["b"]
    reopened.close()


def test_shared_count_agrees_with_numpy_intersection() -> None:
    rng = np.random.default_rng(7)
    for size_x, size_y in [(0, 5), (5, 0), (1, 1), (30, 300), (300, 30), (200, 200)]:
        x = np.unique(rng.integers(0, 400, size_x).astype(np.uint64))
        y = np.unique(rng.integers(0, 400, size_y).astype(np.uint64))
        assert verify.shared_count(x, y) == len(np.intersect1d(x, y))


EARNINGS = """TSENG LABORATORIES SEES HIGHER FIRST QUARTER

Tseng Laboratories Inc said it expects first quarter sales to exceed total sales for the
entire 1986 year, and said it expects earnings for the quarter to grow faster than sales.
    Tseng posted total revenues for 1986 of 4,255,731 dlrs, and net income of 258,125 dlrs,
or {cents} cts per share, against 3,107,220 dlrs and 198,400 dlrs in 1985.
    Jack Tseng, president of the company, attributed the gains to demand for its graphics
boards, and said orders in March rose 38 pct from February.
"""


def test_report_with_one_of_its_figures_corrected_is_a_duplicate(index: DuplicateIndex) -> None:
    index.update(
        [
            ("first", EARNINGS.format(cents="14")),
            ("corrected", "CORRECTED - " + EARNINGS.format(cents="1.4")),
            ("other", EARNINGS.format(cents="21").replace("38 pct", "45 pct")),
        ],
        [],
    )
    assert [m.id for m in index.duplicates_of("first")] == ["corrected"]


TOKYO_CONVERTIBLE = """BANK OF TOKYO ISSUES CONVERTIBLE EUROBOND

The Bank of Tokyo Ltd is issuing a 100
mln dlr convertible eurobond due March 31, 2002 paying an
indicated coupon of two pct and priced at par, lead manager
Bank of Tokyo International Ltd said.
    The coupon will be fixed on April 8 while the conversion
price and foreign exchange rate will be set on April 9. The
selling concession is 1-1/2 pct while management and
underwriting each pay 1/2 pct.
    The issue is available in denominations of 5,000 dlrs and
is convertible from May 20, 1987 until March 20, 2002. The
payment date is April 30 and there will be a short first coupon
period.
 REUTER"""
SAITAMA_CONVERTIBLE = """SAITAMA BANK ISSUES 100 MLN DLR CONVERTIBLE BOND

The Saitama Bank Ltd is issuing a 100 mln
dlr convertible eurobond due March 31, 2002 paying an indicated
two pct and priced at par, the bank's London office said. The
issue is being lead managed by Saitama Bank (Europe) SA.
    The deal is available in denominations of 5,000 dlrs and
will be listed in Luxembourg. Final terms will be set on April
15.
    The selling concession is 1-1/2 pct while management and
underwriting each pay 1/2 pct. The payment date is May 6 and
there will be a short first coupon period.
 REUTER"""


def test_one_template_filled_for_another_issuer_is_not_a_duplicate(
    index: DuplicateIndex,
) -> None:
    # Reuters 11828 and 14855: one bond's terms, figures and wording, another bank named.
    index.update([("tokyo", TOKYO_CONVERTIBLE), ("saitama", SAITAMA_CONVERTIBLE)], [])
    assert index.group_count() == 0


def test_names_are_the_capitalised_words_inside_the_body_and_a_lower_case_copy_keeps_them() -> None:
    story = fingerprint(TOKYO_CONVERTIBLE)
    named = {fingerprint(word).tokens[0] for word in ("Bank", "Tokyo", "International", "Ltd")}
    assert set(story.names.tolist()) == named  # not "The", "REUTER", "April", the headline
    title, _, body = TOKYO_CONVERTIBLE.partition("\n")
    lowered = fingerprint(f"{title}\n{body.lower()}")
    assert not len(lowered.names)
    assert verify.names_agree(story, lowered)
    assert not verify.names_agree(story, fingerprint(SAITAMA_CONVERTIBLE))
    assert (Fingerprint.from_bytes(story.to_bytes()).names == story.names).all()


WESTPAC_OPENING = """AUSTRALIAN POLICE ARREST FORMER WESTPAC CLERK

Australian police said they charged a
former currency clerk of Westpac Banking Corp <WSTP.S> with
misappropriating 8,300 dlrs in July in an alleged
foreign-exchange fraud.
    A spokeswoman for the New South Wales Corporate Affairs
Commission (CAC) said the arrest was part of its investigation
stemming from complaints from Westpac and <Kleinwort Benson
Australia Ltd>.
    CAC and Westpac officials said they were working out how
much money was involved, but said press reports it was as much
as five mln dlrs were probably exaggerated.
"""
WESTPAC_ADDED = """    Police told reporters it was alleged the former clerk
quoted an incorrect dealing price relationship between the yen
and the Swiss franc.
    They said the CAC was investigating 14 other cases
involving 214,000 dlrs.
"""


def test_story_cut_before_a_paragraph_with_new_figures_is_a_duplicate(
    index: DuplicateIndex,
) -> None:
    # Reuters 912 and 948: "investigation ... 14 other cases" in the full story's added
    # paragraph is new text, not a blank of the cut version filled in.
    index.update(
        [("cut", WESTPAC_OPENING + " Reuter"), ("full", WESTPAC_OPENING + WESTPAC_ADDED)], []
    )
    assert index.group_count() == 1


NORWAY_BAN = """NORWAY APPROVES TRADE BAN AGAINST SOUTH AFRICA

Norway's parliament has approved an extensive trade ban against South Africa but left
shipowners a key loophole through which oil shipments on Norwegian tankers may continue,
government officials said. The unilateral boycott, proposed by the minority Labour
government, gives domestic companies until late September to cut remaining trade ties
with South Africa and Namibia. "The legislation must not be seen as an isolated measure,
but as a step in an international process," foreign minister Thorvald Stoltenberg told
parliament. Government officials said they hoped other Nordic countries would follow with
similar measures before the end of the year. The ban covers imports and exports of goods,
but services such as shipping are treated separately under the new law. Opposition
parties had demanded a total ban including oil transport, but failed to win a majority.
"""
NORWAY_BAN_UPDATED = """LOOPHOLE FOR TANKERS IN NORWAY'S SOUTH AFRICA BAN

Norway's parliament has approved an extensive trade ban against South Africa but left
shipowners a key loophole through which oil shipments on Norwegian tankers may continue,
government officials said. The unilateral boycott gives domestic companies until late
September to end trade links with South Africa and Namibia. "The legislation must not be
seen as an isolated measure, but as a step in an international process," foreign minister
Thorvald Stoltenberg told lawmakers. Officials said they hope other Nordic
countries would follow with similar measures before the end of the year. The ban applies to
imports and exports of goods, but services such as shipping are treated separately under
the new law. Opposition parties had demanded a total ban including oil transport, but
failed to win a majority in the chamber.
Although it forbids crude oil deliveries to South Africa on Norwegian-owned tankers, the
boycott makes an exception for ships whose final destination is decided while at sea.
As oil cargoes are often resold after loading, critics said the door would be left open
for continued shipments by independent owners. Shipping industry leaders welcomed the
exception, saying a full ban would have cost the fleet several hundred jobs. Church groups
and trade unions said they would keep pressing for tighter rules next spring. The ministry
of trade is to publish detailed regulations for customs officers within two weeks.
Exporters of fish and machinery are expected to be hit hardest by the measures, analysts
in Oslo said, though trade with South Africa accounts for a small share of the total.
The government is to review the measures in a year.
Sweden passed a similar law last month, while Denmark and Finland are still debating theirs.
Western diplomats in Pretoria said the Nordic bans would have little effect on the economy.
"""


def test_update_keeping_the_first_version_and_adding_as_much_again_is_a_duplicate(
    index: DuplicateIndex,
) -> None:
    # Reuters 5542 and 5852 in shape: the first version kept nearly whole (a few words
    # changed), then twice as many new sentences, so word overlap is under a rewording's.
    index.update([("first", NORWAY_BAN), ("updated", NORWAY_BAN_UPDATED)], [])
    assert index.group_count() == 1


def test_reply_quoting_a_post_whole_without_marks_is_not_a_duplicate(
    index: DuplicateIndex,
) -> None:
    reply = (
        "Re: Norway ban\n\nIn article <1993Apr20@news> jan@uio.no writes:\n\n"
        + NORWAY_BAN.partition("\n")[2]
        + NORWAY_BAN_UPDATED.partition("\n\n")[2].partition("Although")[2]
    )
    index.update([("post", NORWAY_BAN), ("reply", reply)], [])
    assert index.group_count() == 0


MURPHY_POSTINGS = """MURPHY OIL <MUR> RAISES CRUDE POSTINGS

Murphy Oil said it increased its crude
oil posted prices by 50 cts a barrel, effective June 17.
The company said its new posting for West Texas Intermediate
and West Texas Sour is 19 dlrs a barrel.
    Light Louisiana Sweet crude is now 19.35 dollars a barrel,
the company said. Increases follow a general trend in the
industry started yesterday by Sun Co.
 Reuter
"""
UNOCAL_POSTINGS = """UNOCAL <UCL> RAISED CRUDE OIL POSTINGS BY 50 CTS/BBL

Unocal said it raised its postings for
crude oil by 50 cts a barrel, effective June 17. The company
said it is now posting West Texas Intermediate and West Texas
Sour at 19 dlrs a barrel.
    Unocal said its new Light Louisiana Sweet posted price is
19.35 dlrs a barrel. the price move follows a wave of increases
initiated by Sun Co yesterday.
 Reuter
"""


def test_headlines_naming_other_companies_by_ticker_are_other_articles() -> None:
    # Reuters 18736 and 18795: one posting notice filled for two oil companies. Each names
    # itself only at the start of its sentences, where no name is looked for.
    murphy, unocal = fingerprint(MURPHY_POSTINGS), fingerprint(UNOCAL_POSTINGS)
    assert verify.names_agree(murphy, unocal)
    assert verify.other_companies(murphy, unocal)
    assert verify.similarity(murphy, unocal) is None
    # The same company under another ticker, or a headline corrected, names one company.
    telxon = fingerprint("TELXON CORP <TLXN> SEES HIGHER REVENUES\n\nTelxon said...")
    assert not verify.other_companies(telxon, fingerprint("TELXON <TXLN> SEES NET\n\nIt said"))
    comb = fingerprint("C.O.M.B. <COQ> TO HAVE OPTIONS ON AMEX\n\nThe company said...")
    corrected = fingerprint("CORRECTED - C.O.M.B <CMCO> TO HAVE OPTIONS\n\nThe company said")
    assert not verify.other_companies(comb, corrected)
    # A headline without a ticker mark (a flash, another outlet's copy) names none.
    plain = fingerprint("MURPHY OIL RAISES CRUDE POSTINGS\n\nMurphy Oil said...")
    assert not len(plain.companies) and not verify.other_companies(murphy, plain)
    assert (Fingerprint.from_bytes(murphy.to_bytes()).companies == murphy.companies).all()
