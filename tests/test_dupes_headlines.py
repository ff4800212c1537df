"""Headlines in near-duplicate detection: copies under other headlines, re-filed tables, flashes
retold in their stories' words, and the source's markup and abbreviations left out."""

from __future__ import annotations

from index.dupes import verify
from index.dupes.shingles import fingerprint

GATEWAY = (
    "Gateway Inc. reported a narrowed net loss in the first quarter as it continues to "
    "restructure its operations and integrate its acquisition of eMachines."
)
BARLEY_STORY = (
    "BARLEY SOLD TO SAUDI ARABIA - USDA\n\n"
    "Private exporters reported sales of 150,000 tonnes of barley to Saudi Arabia for delivery "
    "in the 1987/88 season, the U.S. Agriculture Department said.\n"
    "    The 1987/88 season for barley begins today.\n"
)
EARNINGS = """{headline}

Shr 19 cts vs 16 cts
    Net 502,000 dlrs vs 401,000 dlrs
    Revs {revs}
    Six mths
    Shr 38 cts vs 29 cts
    Net 989,000 dlrs vs 745,000 dlrs
    Revs 16.3 mln dlrs vs 12.5 mln dlrs
"""


def _similarity(left: str, right: str) -> float | None:
    return verify.similarity(fingerprint(left), fingerprint(right))


def test_a_copy_under_another_outlets_headline_is_one_article() -> None:
    ours = f"Gateway Reports Smaller Quarterly Loss\n\n{GATEWAY} Still, the company posted a tiny "
    ours += "operating profit -- its first in nearly three years."
    theirs = f"Gateway reports smaller net loss as restructuring continues\n\n{GATEWAY}"
    assert _similarity(ours, theirs) is not None


def test_one_body_under_headlines_naming_other_companies_is_not_one_article() -> None:
    body = "Qtly div 19 cts vs 19 cts prior.\n    Pay April 15.\n    Record April One.\n"
    goulds = f"GOULDS PUMPS INC <GULD> SETS REGULAR PAYOUT\n\n{body}"
    russ = f"RUSS TOGS INC <RTS> SETS QUARTERLY\n\n{body}"
    assert _similarity(goulds, russ) is None


def test_a_table_re_filed_with_figures_rounded_is_one_article_not_another_companys() -> None:
    headline = "DATA ARCHITECTS INC <DAI> 2ND QTR MAY 31 NET"
    first = EARNINGS.format(headline=headline, revs="8.8 mln dlrs vs 6.7 mln dlrs")
    again = EARNINGS.format(headline=headline, revs="8,791,000 vs 6,650,000")
    assert _similarity(first, again) is not None
    other = EARNINGS.format(headline="ACME CORP <ACM> 2ND QTR NET", revs="8,791,000 vs 6,650,000")
    assert _similarity(first, other) is None


def test_a_table_re_filed_under_another_period_name_is_one_article_not_another_hours() -> None:
    first = EARNINGS.format(headline="DATA ARCHITECTS INC <DAI> 2ND QTR NET", revs="8.8 mln")
    corrected = EARNINGS.format(
        headline="(CORRECTED)-DATA ARCHITECTS INC <DAI> NET\n\n1st half", revs="8.8 mln"
    )
    assert _similarity(first, corrected) is not None
    closing = EARNINGS.format(headline="DATA ARCHITECTS INC <DAI> CLOSING", revs="8.8 mln")
    at_noon = EARNINGS.format(headline="DATA ARCHITECTS INC <DAI> 1200", revs="8.8 mln")
    assert _similarity(closing, at_noon) is None


def test_a_table_re_filed_with_a_date_added_to_its_headline_is_one_article() -> None:
    def report(headline: str, revs: str = "8.8 mln dlrs vs 6.7 mln dlrs") -> str:
        return EARNINGS.format(headline=f"DATA ARCHITECTS INC <DAI> {headline}", revs=revs)

    # Re-filed with its revenues spelled out: one article only under agreeing headlines.
    spelled = "8,791,000 vs 6,650,000"
    assert _similarity(report("2ND QTR NET"), report("2ND QTR NET JULY 31", spelled)) is not None
    # Another day's table replaces the date.
    assert _similarity(report("NET JULY 31"), report("NET AUG 31", spelled)) is None


def test_a_brief_filed_again_longer_under_its_headline_is_one_article() -> None:
    # A wire story's first take, then the story filed again: lightly edited, its last
    # paragraph replaced by two with the loans it had left out.
    headline = "WORLD BANK TO LOAN PERU 90 MLN DLRS\n\n"
    first_take = headline + (
        "The World Bank said it approved three loans to Peru totalling 90 mln dlrs to "
        "assist that country with a farm reform program, a rural roads scheme and a water "
        "supply project for the towns of the southern highlands.\n"
        "    The bank said two loans will support Peru's farm reform program -- a 40 mln dlr "
        "loan for credit to small growers and a 30 mln dlr loan for the rural roads scheme.\n"
        "    The 40 mln dlr loan is designed to raise crop exports and strengthen the "
        "country's rural banks.\n"
    )
    longer = headline + (
        "The World Bank said it approved loans to Peru totalling 90 mln dlrs to assist it "
        "with a farm reform program, a rural roads scheme and a water supply project for "
        "the towns of the southern highlands.\n"
        "    The bank said two loans will support Peru's farm reform program -- a 40 mln dlr "
        "loan for the credit of small growers and a 30 mln dlr loan for rural roads.\n"
        "    The bank said a 15 mln dlr loan is to help Peru bring piped water to the towns "
        "of the south and meet the demand of their growing markets.\n"
        "    The fourth loan, for five mln dlrs, is to improve the training of farm "
        "advisers.\n"
    )
    assert _similarity(first_take, longer) is not None
    other = longer.replace("PERU 90", "CHILE 90").replace("Peru", "Chile")
    assert _similarity(first_take, other) is None


def test_a_flash_retold_in_its_story_is_one_article_with_it_if_its_figures_are_there() -> None:
    flash = "U.S. EXPORTERS REPORT 150,000 TONNES OF BARLEY SOLD TO SAUDI ARABIA FOR 1987/88-USDA"
    assert _similarity(flash, BARLEY_STORY) is not None
    assert _similarity(flash.replace("150,000", "200,000"), BARLEY_STORY) is None
    # Without a figure a headline says too little to be told from another day's.
    assert _similarity("EXPORTERS REPORT BARLEY SOLD TO SAUDI ARABIA, USDA", BARLEY_STORY) is None


def test_markup_is_no_part_of_a_fingerprint_but_ticker_marks_are() -> None:
    link = '<A HREF="http://www.reuters.co.uk/quote?ticker=6753.T qtype=sym">6753.T</A>'
    linked = fingerprint(f"Japanese electronics maker Sharp Corp. {link} says it has a new oven.")
    plain = fingerprint("Japanese electronics maker Sharp Corp. 6753.T says it has a new oven.")
    assert linked.tokens.tolist() == plain.tokens.tolist()
    marked = fingerprint("It bought the capital of <B and R International Inc.>, a broker.")
    unmarked = fingerprint("It bought the capital of B and R International Inc., a broker.")
    assert marked.tokens.tolist() == unmarked.tokens.tolist()


def test_wire_abbreviations_read_as_the_words_they_stand_for() -> None:
    assert fingerprint("Shr 44 cts, six mths").tokens.tolist() == (
        fingerprint("Share 44 cts, six months").tokens.tolist()
    )
