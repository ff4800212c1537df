"""The app paints before the library is open and keeps what is typed; hits come a page at a time."""

from __future__ import annotations

import threading

import pytest

from index.errors import NotFound
from index.library import Library
from tests.app.conftest import main_screen, settle
from tui.app import BroadsheetApp
from tui.screens.main import MainScreen


async def test_typing_before_the_library_is_open_is_searched_once_it_is(library: Library) -> None:
    opened = threading.Event()

    def open_slowly() -> Library:
        assert opened.wait(10), "the test never let the library open"
        return library

    app = BroadsheetApp(open_slowly)
    async with app.run_test(size=(100, 30)) as pilot:
        await pilot.pause()
        screen = main_screen(pilot)
        assert not screen.is_open
        assert "Opening the library" in str(screen.results.options[0].prompt)
        await pilot.press("slash", *"putin", "enter")
        # Every key is safe before the library is open (the cycles come back where they began).
        await pilot.press(*"fffsss", *"mbnNduyo", "space", "tab", "escape")
        await pilot.pause()
        assert app.is_running
        assert screen.result is None, "nothing can be searched yet"
        opened.set()
        await settle(pilot)
        assert screen.is_open
        assert screen.result is not None and screen.result.query == "putin"
        assert screen.result.total == 3
        header = str(screen.query_one("#library-header").render())
        assert "5 articles" in header and "seeds" in header


async def test_a_library_that_cannot_be_opened_ends_the_app_with_its_error() -> None:
    def cannot_open() -> Library:
        raise NotFound("no library at /nowhere; run `broadsheet index PATH` to create one")

    app = BroadsheetApp(cannot_open)
    async with app.run_test(size=(80, 24)) as pilot:
        await app.workers.wait_for_complete()
        await pilot.pause()
    assert app.return_code == 1
    assert isinstance(app.start_error, NotFound)


async def test_more_hits_are_fetched_as_the_cursor_nears_the_end(
    app: BroadsheetApp, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr(MainScreen, "RESULT_PAGE", 2)
    monkeypatch.setattr(MainScreen, "MORE_MARGIN", 1)
    async with app.run_test(size=(100, 30)) as pilot:
        await pilot.press("slash", *"said", "enter")
        await settle(pilot)
        screen = main_screen(pilot)
        results = screen.results
        assert screen.result is not None and screen.result.total == 5
        assert len(screen.result.hits) == 2
        first_page = list(results.options)
        await pilot.press("j")
        await settle(pilot)
        assert len(screen.result.hits) == 4, "the next page, asked for near the end"
        assert results.options[: len(first_page)] == first_page, "appended, not rebuilt"
        assert results.highlighted == 1, "the cursor stays where it was"
        await pilot.press("end")
        await settle(pilot)
        assert len(screen.result.hits) == 5
        assert len(results.article_ids) == len(set(results.article_ids)) == 5


async def test_filters_search_past_the_first_page(
    app: BroadsheetApp, library: Library, monkeypatch: pytest.MonkeyPatch
) -> None:
    # The filters are searched, not applied to the hits listed: with pages of two, the only
    # bookmark and the only unread article are both the last of five hits.
    monkeypatch.setattr(MainScreen, "RESULT_PAGE", 2)
    ranked = [hit.id for hit in library.search("said", limit=5).hits]
    async with app.run_test(size=(100, 30)) as pilot:
        await settle(pilot)
        assert app.state is not None
        app.state.toggle_bookmark(ranked[-1])
        for article_id in ranked[:-1]:
            app.state.mark_read(article_id)
        await pilot.press("slash", *"said", "enter")
        await settle(pilot)
        screen = main_screen(pilot)
        assert screen.results.hit_ids[:2] == ranked[:2]
        await pilot.press("f")
        await settle(pilot)
        assert screen.filter == "unread"
        assert screen.results.hit_ids == ranked[-1:]
        assert screen.result is not None and screen.result.total == 1
        await pilot.press("f")
        await settle(pilot)
        assert screen.filter == "bookmarked"
        assert screen.results.hit_ids == ranked[-1:]
