"""Every query feature on the seeds: syntax, fields, stemming, dates, fallback, sorting."""

from __future__ import annotations

import pytest

from index.errors import QueryError
from index.library import Library
from index.models import Within
from tests.conftest import seed_path


def titles(library: Library, query: str, **options) -> list[str]:  # type: ignore[no-untyped-def]
    return [hit.title for hit in library.search(query, **options).hits]


def seed_title(library: Library, number: int) -> str:
    return library.article(str(seed_path(number))).title


def test_stemming_finds_other_forms(seeds_library: Library) -> None:
    result = seeds_library.search("protest")
    assert result.total == 5
    words = {hit.snippet[a:b].lower() for hit in result.hits for a, b in hit.highlights}
    assert "protesters" in words


def test_bare_terms_are_anded(seeds_library: Library) -> None:
    both = set(titles(seeds_library, "paratroopers CSTO"))
    assert both == set(titles(seeds_library, "paratroopers AND CSTO"))
    assert both < set(titles(seeds_library, "paratroopers")) | set(titles(seeds_library, "CSTO"))
    assert len(both) < len(set(titles(seeds_library, "paratroopers OR CSTO")))


def test_not_excludes(seeds_library: Library) -> None:
    with_not = titles(seeds_library, "protest NOT paratroopers")
    assert with_not and all(t not in titles(seeds_library, "paratroopers") for t in with_not)


def test_minus_excludes_like_not(seeds_library: Library) -> None:
    assert titles(seeds_library, "kazakhstan -paratroopers") == titles(
        seeds_library, "kazakhstan NOT paratroopers"
    )
    assert len(titles(seeds_library, "kazakhstan -paratroopers")) == 1
    assert seeds_library.search("anti-government").total >= 2  # a hyphen inside a word stays


def test_phrase_keeps_stop_words(seeds_library: Library) -> None:
    result = seeds_library.search('"his troops"')
    assert [h.title for h in result.hits] == [seed_title(seeds_library, 0)]
    [hit] = result.hits
    assert [hit.snippet[a:b] for a, b in hit.highlights] == ["his", "troops"]


def test_a_phrase_with_slop_allows_words_between(seeds_library: Library) -> None:
    assert seeds_library.search('"state emergency"').total == 0
    result = seeds_library.search('"state emergency"~3')
    assert result.notice is None, "a phrase's slop is no fuzzy distance"
    assert [h.title for h in result.hits] == [seed_title(seeds_library, 3)]
    assert seeds_library.search('"emergency state"~3').total == 0, "the words stay in order"


@pytest.mark.parametrize(
    ("query", "seed"),
    [
        ("title:crisis", 3),
        ("author:moore", 3),
        ('source:"new york post"', 3),
        ("source:washington", 0),
        ("url:themoscowtimes", 4),
        ("path:003_ef556dde4f0a8790", 3),
    ],
)
def test_field_queries(seeds_library: Library, query: str, seed: int) -> None:
    assert titles(seeds_library, query) == [seed_title(seeds_library, seed)]


def test_title_weighs_more_than_body(seeds_library: Library) -> None:
    # "crisis" is in the title of seed 3 and only in the body of seed 2.
    assert titles(seeds_library, "crisis")[0] == seed_title(seeds_library, 3)


def test_prefix(seeds_library: Library) -> None:
    result = seeds_library.search("paratroop*")
    words = {hit.snippet[a:b].lower() for hit in result.hits for a, b in hit.highlights}
    assert result.total >= 3 and words <= {"paratroopers"}


@pytest.mark.parametrize(("query", "least"), [("putn~", 4), ("kazakstn~2", 5)])
def test_fuzzy(seeds_library: Library, query: str, least: int) -> None:
    assert seeds_library.search(query).total >= least


def test_fuzzy_distance_is_capped(seeds_library: Library) -> None:
    result = seeds_library.search("putin~9")
    assert result.notice and "capped" in result.notice


@pytest.mark.parametrize(
    ("query", "expected"),
    [
        ("date:20220110", {0, 4}),
        ("date:[20220101 TO 20220131]", {0, 4}),
        ("date:>20220111", set()),
        ("date:2021", set()),
    ],
)
def test_dates(seeds_library: Library, query: str, expected: set[int]) -> None:
    result = seeds_library.search(query)
    assert result.notice is None
    assert set(titles(seeds_library, query)) == {seed_title(seeds_library, n) for n in expected}


@pytest.mark.parametrize(
    ("query", "reason", "words"),
    [
        ('"kazakhstan troops', "unbalanced quote", "kazakhstan troops"),
        ("(putin OR", "unbalanced parenthesis", "putin"),
        ("colour:red putin", "unknown field 'colour'", "putin"),
        ("date:notadate putin", "is not a date", "putin"),
        ('date:"" putin', "is not a date", "putin"),
        ('date:"someday" putin', "is not a date", "putin"),
        ("putin AND", "operator is missing a word", "putin"),
    ],
)
def test_invalid_syntax_falls_back_to_plain_words(
    seeds_library: Library, query: str, reason: str, words: str
) -> None:
    result = seeds_library.search(query)
    assert result.notice is not None and reason in result.notice
    assert result.notice.endswith(f"searched for the words: {words}")
    assert "\n" not in result.notice
    assert result.total == seeds_library.search(words).total > 0


def test_a_query_with_nothing_to_search_is_explained(seeds_library: Library) -> None:
    with pytest.raises(QueryError, match="no letters or digits"):
        seeds_library.search("***")
    with pytest.raises(QueryError, match="empty query"):
        seeds_library.search("   ")


@pytest.mark.parametrize(
    ("query", "suggestion"),
    [("kazakstan", "kazakhstan"), ("kazakstan protestors", "kazakhstan protesters")],
)
def test_did_you_mean(seeds_library: Library, query: str, suggestion: str) -> None:
    result = seeds_library.search(query)
    assert result.total == 0
    assert result.suggestion == suggestion
    assert seeds_library.search(suggestion).total > 0


def test_no_suggestion_when_the_words_are_known(seeds_library: Library) -> None:
    assert seeds_library.search("author:moore").suggestion is None
    assert seeds_library.search("kazakhstan").suggestion is None


def test_sort_by_date_puts_undated_last(seeds_library: Library) -> None:
    newest = seeds_library.search("kazakhstan", sort="newest").hits
    oldest = seeds_library.search("kazakhstan", sort="oldest").hits
    assert [h.date for h in newest][:2] == ["2022-01-10", "2022-01-10"]
    assert [h.date for h in oldest][:2] == ["2022-01-10", "2022-01-10"]
    assert all(h.date is None for h in newest[2:])


def test_relevance_scores_descend(seeds_library: Library) -> None:
    scores = [hit.score for hit in seeds_library.search("putin troops").hits]
    assert scores == sorted(scores, reverse=True) and scores[0] > 0


def test_highlights_point_at_matched_words(seeds_library: Library) -> None:
    for hit in seeds_library.search("kazakhstan OR paratroopers").hits:
        assert hit.highlights
        for start, end in hit.highlights:
            word = hit.snippet[start:end].lower()
            assert word in {"kazakhstan", "paratroopers", "kazakhstan’s", "kazakhstan's"}
        assert "\n" not in hit.snippet


def test_possessives_and_abbreviations_match(seeds_library: Library) -> None:
    words = {
        hit.snippet[a:b] for hit in seeds_library.search("mayor").hits for a, b in hit.highlights
    }
    assert "mayor’s" in words  # typographic apostrophe, as the seeds write it


def test_match_spans_cover_the_whole_text(seeds_library: Library) -> None:
    article = seeds_library.article(str(seed_path(0)))
    spans = seeds_library.match_spans(article.text, "protest")
    assert {article.text[a:b] for a, b in spans} == {"protesters", "protests"}


def test_limit(seeds_library: Library) -> None:
    result = seeds_library.search("kazakhstan", limit=2)
    assert len(result.hits) == 2 and result.total == 5


@pytest.mark.parametrize("sort", ["relevance", "newest"])
@pytest.mark.parametrize("query", ["protest", "pro*"])  # numpy scoring, and Whoosh's collector
def test_pages_follow_one_another(seeds_library: Library, query: str, sort: str) -> None:
    whole = seeds_library.search(query, limit=5, sort=sort)  # type: ignore[arg-type]
    pages = [
        seeds_library.search(query, limit=2, sort=sort, offset=offset)  # type: ignore[arg-type]
        for offset in (0, 2, 4)
    ]
    assert [hit.id for page in pages for hit in page.hits] == [hit.id for hit in whole.hits]
    assert {page.total for page in pages} == {whole.total} and whole.total == 5


@pytest.mark.parametrize("sort", ["relevance", "oldest"])
@pytest.mark.parametrize("query", ["protest", "pro*"])
def test_a_search_among_some_articles(seeds_library: Library, query: str, sort: str) -> None:
    everything = seeds_library.search(query, sort=sort)  # type: ignore[arg-type]
    chosen = {everything.hits[1].id, everything.hits[3].id, "no-such-article"}
    among = seeds_library.search(query, sort=sort, within=Within(only=frozenset(chosen)))  # type: ignore[arg-type]
    assert [hit.id for hit in among.hits] == [everything.hits[1].id, everything.hits[3].id]
    assert among.total == 2
    assert seeds_library.search(query, within=Within(only=frozenset())).total == 0
    assert (
        seeds_library.search(query, within=Within(only=frozenset({"no-such-article"}))).hits == ()
    )


@pytest.mark.parametrize("sort", ["relevance", "newest"])
@pytest.mark.parametrize("query", ["protest", "pro*"])
def test_a_search_leaving_some_articles_out(seeds_library: Library, query: str, sort: str) -> None:
    everything = seeds_library.search(query, sort=sort)  # type: ignore[arg-type]
    left_out = {everything.hits[0].id, everything.hits[2].id, "no-such-article"}
    rest = seeds_library.search(query, sort=sort, within=Within(excluding=frozenset(left_out)))  # type: ignore[arg-type]
    assert [hit.id for hit in rest.hits] == [
        hit.id for hit in everything.hits if hit.id not in left_out
    ]
    assert rest.total == everything.total - 2
    both = seeds_library.search(
        query, within=Within(frozenset(left_out), frozenset({everything.hits[0].id}))
    )
    assert [hit.id for hit in both.hits] == [everything.hits[2].id]
