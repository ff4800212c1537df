"""Metadata read from messy plain text: every seed, and the header shapes real articles carry."""

from __future__ import annotations

import pytest

from index.formats import read_file
from index.metadata import first_sentence_title, normalise_date, plain_text_metadata
from tests.conftest import seed_path

SEED_METADATA = {
    0: {
        "title": "Russian President Vladimir Putin is crediting his troops with helping restore"
        " order and…",
        "source": "The Washington Times",
        "author": None,
        "date": "2022-01-10",
        "url": None,
    },
    1: {
        "title": "Vladimir Putin sees Russia winning in Kazakhstan crackdown",
        "source": None,
        "author": None,
        "date": None,
        "url": None,
    },
    2: {
        "title": "Russia is helping Kazakhstan quell violence",
        "source": "Houston Chronicle",
        "author": "Ivan Nechepurenko, Valerie Hopkins and Andrew E. Kramer",
        "date": None,
        "url": None,
    },
    3: {
        "title": "Kazakhs in crisis",
        "source": "New York Post",
        "author": "Mark Moore",
        "date": None,
        "url": None,
    },
    4: {
        "title": "Russia-Led Military Bloc Will Not Allow 'Color Revolutions' in Post-Soviet"
        " Countries – Putin",
        "source": "themoscowtimes.com",
        "author": None,
        "date": "2022-01-10",
        "url": "https://www.themoscowtimes.com/2022/01/10/"
        "russia-led-military-bloc-will-not-allow-color-revolutions-in-post-soviet-countries-putin-a76000",
    },
}


@pytest.mark.parametrize("number", sorted(SEED_METADATA))
def test_every_seed_has_its_metadata(number: int) -> None:
    path = seed_path(number)
    [record] = read_file(path, path.read_bytes()).records
    found = {name: getattr(record, name) for name in SEED_METADATA[number]}
    assert found == SEED_METADATA[number]


def test_seed_text_is_kept_whole() -> None:
    path = seed_path(3)
    [record] = read_file(path, path.read_bytes()).records
    assert record.text == path.read_text(encoding="utf-8")


def test_subtitle_is_not_the_title() -> None:
    meta = plain_text_metadata(seed_path(3).read_text(encoding="utf-8"))
    assert meta.title == "Kazakhs in crisis"
    assert meta.subtitle == "Riots draw Russ. aid"


def test_title_is_never_a_masthead_or_a_date() -> None:
    text = (
        "The Guardian - 3 March 2021\n\nMarch 3, 2021\n\n"
        + "Ministers met today to discuss the budget. " * 4
    )
    meta = plain_text_metadata(text)
    assert meta.title == "Ministers met today to discuss the budget."
    assert meta.source == "The Guardian"
    assert meta.date == "2021-03-03"


def test_unknown_metadata_stays_null() -> None:
    meta = plain_text_metadata("just a note\n\nwith no header at all, written on a Thursday.")
    assert (meta.source, meta.author, meta.date, meta.url) == (None, None, None, None)
    assert meta.title == "just a note"


def test_byline_variants() -> None:
    text = (
        "Storm hits coast\n\nBy Jane Smith and Agencies\n\n"
        + "The storm reached the coast late on Sunday night. " * 3
    )
    meta = plain_text_metadata(text)
    assert meta.author == "Jane Smith"
    assert meta.title == "Storm hits coast"


def test_first_sentence_title_is_cut_at_a_word() -> None:
    long = "Word " * 40 + "end. Next sentence."
    title = first_sentence_title(long, limit=30)
    assert title.endswith("…") and len(title) <= 30
    assert first_sentence_title("Short one. Another.") == "Short one."


@pytest.mark.parametrize(
    ("written", "iso"),
    [
        ("Monday, January 10, 2022", "2022-01-10"),
        ("10 January 2022", "2022-01-10"),
        ("Jan. 10, 2022", "2022-01-10"),
        ("2022-01-10", "2022-01-10"),
        ("26-FEB-1987 15:01:01.79", "1987-02-26T15:01:01"),
        ("Mon, 10 Jan 2022 09:30:00 +0100", "2022-01-10T08:30:00"),
        ("Jan 2022", None),
        ("Thursday", None),
        ("10", None),
        ("not a date 2022", None),
    ],
)
def test_dates_are_normalised_or_left_unknown(written: str, iso: str | None) -> None:
    assert normalise_date(written) == iso


def test_markdown_front_matter_wins(tmp_path) -> None:  # type: ignore[no-untyped-def]
    path = tmp_path / "note.md"
    path.write_text(
        "---\ntitle: From front matter\nauthor: A. Writer\ndate: 2020-05-06\ntags: x, y\n---\n"
        "Other Heading\n\nBody text of the note that goes on for a while.\n",
        encoding="utf-8",
    )
    [record] = read_file(path, path.read_bytes()).records
    assert (record.title, record.author, record.date) == (
        "From front matter",
        "A. Writer",
        "2020-05-06",
    )
    assert record.extra == {"tags": "x, y"}
    assert not record.text.startswith("---")
