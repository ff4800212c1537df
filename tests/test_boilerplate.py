"""Boilerplate lines: web furniture and corpus-repeated lines, found without altering text."""

from __future__ import annotations

from pathlib import Path

from index import boilerplate

SEEDS = Path(__file__).resolve().parents[1] / "seeds"


def seed(number: str) -> str:
    return next(SEEDS.glob(f"{number}_*.txt")).read_text(encoding="utf-8")


def found(text: str, repeated: set[int] | frozenset[int] = frozenset()) -> list[str]:
    return [text[a:b] for a, b in boilerplate.spans(text, repeated)]


def test_seed_furniture_lines_are_found() -> None:
    assert found(seed("000"))[-3:] == [
        "Please read our comment policy before commenting.",
        "Click to Read More and View Comments",
        "Click to Hide",
    ]
    assert "Copyright © 2023 The Washington Times, LLC. Click here for reprint permission." in (
        found(seed("000"))
    )
    assert found(seed("002"))[-2:] == ["Newspapers in English", "Newspapers from United States"]
    *_, label, url = found(seed("004"))
    assert label == "Original url:"
    assert url.startswith("https://www.themoscowtimes.com/2022/01/10/")


def test_sentences_mentioning_furniture_words_are_not_furniture() -> None:
    text = "Click to hide the source link, the minister said, was not an option.\nReuter\n"
    assert found(text) == ["Reuter"]


def test_repeated_lines_are_found_unless_they_are_most_of_the_article() -> None:
    footer = "Follow our live coverage on the Daily Planet website"
    story = "Talks between the unions and the rail operator broke down late on Sunday night."
    text = f"{story}\n{footer}\n"
    key = boilerplate.line_key(footer)
    assert key is not None
    assert found(text, {key}) == [footer]
    # A story syndicated so often that all of it repeats stays text.
    assert found(text, {key, boilerplate.line_key(story)}) == []  # type: ignore[arg-type]


def test_short_lines_are_not_counted_and_keys_are_stable() -> None:
    assert boilerplate.line_key("said.") is None
    assert boilerplate.line_key("  Follow  our LIVE coverage ") == boilerplate.line_key(
        "follow our live coverage"
    )


def test_offsets_point_into_the_unaltered_text() -> None:
    text = "  Source link  \n\nBody text of the article goes here.\n"
    ((start, end),) = boilerplate.spans(text)
    assert text[start:end] == "Source link"


def test_a_mail_signature_is_furniture() -> None:
    text = "Re: Motif\n\nI agree with you.\n--\nJim Miller\njmd@handheld.com\n"
    assert found(text) == ["--", "Jim Miller", "jmd@handheld.com"]
    long_tail = "Body.\n--\n" + "\n".join(f"Paragraph {n} of the text." for n in range(12))
    assert found(long_tail) == []  # eleven lines and more after "--" are text, not a signature


def test_lines_of_figures_are_never_counted_as_repeated() -> None:
    assert boilerplate.line_key("Qtly div 10 cts vs 10 cts prior") is None
    assert boilerplate.line_key("Follow our live coverage on 24 channels") is not None


def test_news_quotes_marked_with_colons_hashes_or_initials_are_quoted() -> None:
    text = (
        "Re: screen problem\n: Log out and the condition persists.\n# a quoted line\nMy answer.\n"
        "ED> The following are quotations.\n} and so is this\nSo is this -> not a quote.\n"
    )
    assert [text[a:b] for a, b in boilerplate.quoted(text, boilerplate.scan(text))] == [
        ": Log out and the condition persists.",
        "# a quoted line",
        "ED> The following are quotations.",
        "} and so is this",
    ]


def test_a_wire_story_s_dateline_and_echoed_agency_tag_are_wire_tags() -> None:
    def tags(text: str) -> list[str]:
        return [text[a:b] for a, b in boilerplate.wire_tags(text)]

    # ag_news_test/test.csv#5381: the agency ends the headline and opens the body.
    cocoa = "Cocoa Price Off, Ivory Coast Shot to Bits (Reuters)\n\nReuters - World cocoa prices"
    assert tags(cocoa) == ["(Reuters)", "Reuters - "]
    assert tags("Retail sales up\n\nWASHINGTON - Shoppers got their buying groove back") == [
        "WASHINGTON - "
    ]
    assert tags("Sun posts loss\n\nOCTOBER 14, 2004 (REUTERS) - SAN FRANCISCO -- Sun Micro") == [
        "OCTOBER 14, 2004 (REUTERS) - ",
        "SAN FRANCISCO -- ",
    ]
    # A name and a dash open many sentences; only an agency the headline names is a tag.
    assert tags("Yukos case\n\nMr Khodorkovsky - who denies the charges - was held") == []
    assert tags("Title (AP)\n\nWASHINGTON (Reuters) - The court") == ["WASHINGTON (Reuters) - "]
    assert tags("CORRECTING AMOUNT (LOSS 756 MLN)\n\nThe company said") == []
    assert tags("No headline - just one line of text") == []


def test_a_reply_is_told_by_re_or_an_attribution_line() -> None:
    assert boilerplate.replies("Re: screen problem\n\nIt works for me.")
    assert boilerplate.replies("Help\n\nIn article <1qt1f3$o7o@msu.edu> pat writes:\n\n  text")
    assert boilerplate.replies("Help\n\nJoe Smith wrote:\nHello")
    assert not boilerplate.replies("NORWAY BANS TRADE\n\nThe parliament said it wrote a law.")
