"""Search as you type, Enter, stale results, bad queries and suggestions (Pilot)."""

from __future__ import annotations

from textual.widgets import Input

from index.models import SearchResult
from tests.app.conftest import main_screen, search, settle
from tui.app import BroadsheetApp
from tui.widgets.results_list import ResultsList


def bar_text(app: BroadsheetApp, selector: str) -> str:
    return str(app.screen.query_one(selector).render())


async def test_opens_on_the_results_with_counts_and_a_hint(app: BroadsheetApp) -> None:
    async with app.run_test(size=(100, 30)) as pilot:
        await settle(pilot)
        header = bar_text(app, "#library-header")
        assert "seeds" in header
        assert "5 articles" in header
        assert "1 duplicate group" in header
        assert isinstance(app.focused, ResultsList)
        assert "Press / and type to search 5 articles" in str(
            main_screen(pilot).results.options[0].prompt
        )


async def test_typing_searches_without_enter(app: BroadsheetApp) -> None:
    async with app.run_test(size=(100, 30)) as pilot:
        await pilot.press("slash")
        assert isinstance(app.focused, Input)
        await pilot.press(*"putin")
        await settle(pilot)
        screen = main_screen(pilot)
        assert screen.result is not None and screen.result.query == "putin"
        assert screen.result.total == 3
        assert "3 results" in bar_text(app, "#results-bar")
        assert isinstance(app.focused, Input), "typing must not move the focus"


async def test_enter_runs_the_search_and_moves_to_the_results(app: BroadsheetApp) -> None:
    async with app.run_test(size=(100, 30)) as pilot:
        screen = await search(pilot, "kazakhstan")
        assert isinstance(app.focused, ResultsList)
        assert screen.result is not None and screen.result.total >= 2
        assert screen.results.current_article_id == screen.result.hits[0].id


async def test_near_duplicates_are_grouped_under_one_hit(app: BroadsheetApp) -> None:
    async with app.run_test(size=(100, 30)) as pilot:
        screen = await search(pilot, "putin")
        results = screen.results
        listed = results.article_ids
        assert len(listed) == len(set(listed)) == 3, "each article once"
        group = results.current_group
        assert group is not None and len(group.duplicates) == 1
        assert results.option_count == 2, "the near-duplicate is folded under its hit"
        await pilot.press("space")
        assert results.option_count == 3
        await pilot.press("j")
        assert results.current_article_id == group.duplicates[0].id
        await pilot.press("left")
        assert results.option_count == 2
        assert results.current_article_id == group.hit.id


async def test_stale_results_are_dropped(app: BroadsheetApp) -> None:
    async with app.run_test(size=(100, 30)) as pilot:
        screen = await search(pilot, "putin")
        shown = screen.results.article_ids
        # A slow search for an older query finishing late must not replace the current list.
        screen._show_results("troops", screen.sort, 0, SearchResult("troops", (), 0), {})
        await pilot.pause()
        assert screen.results.article_ids == shown


async def test_an_unusable_query_is_explained_not_crashed_on(app: BroadsheetApp) -> None:
    async with app.run_test(size=(100, 30)) as pilot:
        screen = await search(pilot, "***")
        message = str(screen.results.options[0].prompt)
        assert "Cannot search for that" in message
        assert app.is_running


async def test_a_suggestion_can_be_taken_with_enter(app: BroadsheetApp) -> None:
    async with app.run_test(size=(100, 30)) as pilot:
        screen = await search(pilot, "kazakstan")
        assert screen.result is not None and screen.result.suggestion == "kazakhstan"
        await pilot.press("enter")
        await settle(pilot)
        assert screen.search_bar.value == "kazakhstan"
        assert screen.result is not None and screen.result.total >= 2


async def test_s_cycles_the_sort_order_and_searches_again(app: BroadsheetApp) -> None:
    async with app.run_test(size=(100, 30)) as pilot:
        screen = await search(pilot, "russia")
        seen = []
        for _ in range(3):
            await pilot.press("s")
            await settle(pilot)
            seen.append(screen.sort)
            assert screen.sort in bar_text(app, "#results-bar")
            assert screen.result is not None
        assert seen == ["newest", "oldest", "relevance"]
        assert screen.result is not None
        dates = [h.date for h in screen.result.hits]
        assert len(dates) > 1


async def test_a_newline_runs_the_search_like_enter(app: BroadsheetApp) -> None:
    """Enter typed before the app has the terminal arrives as a newline (ctrl+j)."""
    async with app.run_test(size=(100, 30)) as pilot:
        await pilot.press("slash", *"putin", "ctrl+j")
        await settle(pilot)
        assert isinstance(app.focused, ResultsList)
        screen = main_screen(pilot)
        assert screen.result is not None and screen.result.total == 3
