"""`d` opens near-duplicates side by side: differences marked, [ ] cycle, n/N, scrolling in step."""

from __future__ import annotations

from index.models import DuplicateMatch
from tests.app.conftest import search, settle
from tui.app import BroadsheetApp
from tui.screens.comparison import ComparisonScreen
from tui.screens.main import MainScreen


async def open_comparison(app: BroadsheetApp, pilot) -> ComparisonScreen:  # type: ignore[no-untyped-def]
    screen = await search(pilot, "putin")
    group = screen.results.current_group
    assert group is not None and group.duplicates, "seeds 000 and 001 are near-duplicates"
    await pilot.press("d")
    await settle(pilot)
    assert isinstance(app.screen, ComparisonScreen)
    return app.screen


async def test_d_shows_the_article_and_its_near_duplicate_side_by_side(
    app: BroadsheetApp,
) -> None:
    async with app.run_test(size=(100, 30)) as pilot:
        comparison = await open_comparison(app, pilot)
        assert comparison.other is not None
        assert comparison.other.id == comparison.duplicates[0].id
        assert comparison.differences, "rewritten words are found"
        header = str(comparison.query_one("#comparison-header").render())
        assert "% similar" in header
        assert "differences" in header
        left, right = comparison.left.region, comparison.right.region
        assert left.y == right.y and left.right <= right.x, "side by side at 100 columns"


async def test_below_100_columns_the_two_sides_stack(app: BroadsheetApp) -> None:
    async with app.run_test(size=(80, 24)) as pilot:
        comparison = await open_comparison(app, pilot)
        left, right = comparison.left.region, comparison.right.region
        assert left.x == right.x and left.bottom <= right.y


async def test_scrolling_one_side_keeps_the_other_in_step(app: BroadsheetApp) -> None:
    async with app.run_test(size=(100, 30)) as pilot:
        comparison = await open_comparison(app, pilot)
        await pilot.press(*["j"] * 12)
        await settle(pilot)
        left, right = comparison.left.text_pane, comparison.right.text_pane
        assert left.scroll_offset.y == 12
        left_offset, right_offset = left.offset_at_top(), right.offset_at_top()
        assert left_offset is not None and right_offset is not None
        assert abs(comparison._counterpart(left_offset, True) - right_offset) < 80
        # And the other way round once the focus moves to the right side.
        await pilot.press("tab", "end")
        await settle(pilot)
        assert left.scroll_offset.y > 12


async def test_n_jumps_to_differences_on_both_sides(app: BroadsheetApp) -> None:
    async with app.run_test(size=(100, 30)) as pilot:
        comparison = await open_comparison(app, pilot)
        await pilot.press("n", "n", "n")
        assert comparison.difference_index == 2
        await pilot.press("N")
        assert comparison.difference_index == 1


async def test_brackets_cycle_through_near_duplicates(app: BroadsheetApp) -> None:
    async with app.run_test(size=(100, 30)) as pilot:
        comparison = await open_comparison(app, pilot)
        # The seeds hold one pair; add the article itself as a second "duplicate" to cycle.
        comparison.duplicates.append(DuplicateMatch(comparison.article.id, 1.0))
        await pilot.press("right_square_bracket")
        await settle(pilot)
        assert comparison.index == 1
        assert comparison.other is not None and comparison.other.id == comparison.article.id
        assert not comparison.differences
        await pilot.press("left_square_bracket")
        await settle(pilot)
        assert comparison.index == 0
        await pilot.press("left_square_bracket")
        await settle(pilot)
        assert comparison.index == 1, "wraps around"


async def test_escape_returns_to_the_article(app: BroadsheetApp) -> None:
    async with app.run_test(size=(100, 30)) as pilot:
        await open_comparison(app, pilot)
        await pilot.press("escape")
        assert isinstance(app.screen, MainScreen)


async def test_d_without_near_duplicates_says_so(app: BroadsheetApp) -> None:
    async with app.run_test(size=(100, 30)) as pilot:
        screen = await search(pilot, "revolutions")
        await pilot.press("d")
        await settle(pilot)
        assert isinstance(app.screen, MainScreen)
        assert screen.loaded is not None and not screen.loaded.duplicates
        assert any("no near-duplicates" in str(n.message) for n in app._notifications)
