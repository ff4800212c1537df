"""80x24 switching panes, resizing down to 40x12, hostile article text, wide and RTL titles."""

from __future__ import annotations

import re
from pathlib import Path

import pytest
from textual.widget import Widget

from index.library import Library
from tests.app.conftest import search, settle
from tui.app import BroadsheetApp
from tui.widgets.results_list import ResultsList
from tui.widgets.wrapped_text import WrappedText

CONTROL = re.compile(r"[\x00-\x08\x0b-\x1f\x7f-\x9f\u202a-\u202e\u2066-\u2069]")


async def test_at_80x24_results_and_article_take_turns(app: BroadsheetApp) -> None:
    async with app.run_test(size=(80, 24)) as pilot:
        screen = await search(pilot, "putin")
        assert screen.has_class("-narrow")
        assert screen.query_one("#results-pane").display
        assert not screen.viewer.display
        await pilot.press("enter")
        await settle(pilot)
        assert screen.viewer.display and not screen.query_one("#results-pane").display
        assert isinstance(app.focused, WrappedText)
        await pilot.press("n")
        assert "Match 1/" in str(screen.viewer.query_one("#article-bar").render())
        await pilot.press("escape")
        assert screen.query_one("#results-pane").display and not screen.viewer.display
        await pilot.press("tab")
        assert screen.viewer.display
        await pilot.press("tab")
        assert isinstance(app.focused, ResultsList)


async def test_at_100_columns_results_and_article_stand_side_by_side(app: BroadsheetApp) -> None:
    async with app.run_test(size=(100, 30)) as pilot:
        screen = await search(pilot, "putin")
        results, viewer = screen.query_one("#results-pane").region, screen.viewer.region
        assert results.y == viewer.y and results.right <= viewer.x


async def test_resizing_down_to_40x12_and_back_never_crashes(app: BroadsheetApp) -> None:
    async with app.run_test(size=(100, 30)) as pilot:
        screen = await search(pilot, "kazakhstan")
        await pilot.press("enter", "n")
        for width, height in ((80, 24), (60, 16), (40, 12), (20, 6), (120, 40), (40, 12)):
            await pilot.resize_terminal(width, height)
            await settle(pilot)
            assert app.is_running
        await pilot.press("escape", "j", "enter", "n", "question_mark", "escape")
        await pilot.resize_terminal(100, 30)
        await settle(pilot)
        assert screen.has_class("-wide")
        assert app.is_running


@pytest.fixture
def hostile_library(tmp_path: Path) -> Library:
    folder = tmp_path / "hostile"
    folder.mkdir()
    (folder / "evil.txt").write_text(
        "東京 📰 مرحبا בעולם \x1b[31mRED\x1b[0m headline\n\n"
        "The payload \x1b]52;c;ZXZpbA==\x07 tries OSC 52, \x1b[2J clears, \x9b31m is a C1 CSI,\n"
        "and \u202eevil\u202c flips text. The payload word is what we search for.\n",
        encoding="utf-8",
    )
    (folder / "wide.txt").write_text(
        "全角の見出しが並ぶ記事 payload 😀😀😀 with emoji\n\n"
        "A payload of wide characters: 漢字かな.\n",
        encoding="utf-8",
    )
    library = Library.open(tmp_path / "library", create=True)
    library.index([folder])
    return library


def visible_lines(widget: Widget) -> list[str]:
    return [widget.render_line(y).text for y in range(widget.size.height)]


async def test_control_sequences_in_articles_never_reach_the_terminal(
    hostile_library: Library,
) -> None:
    app = BroadsheetApp(hostile_library)
    async with app.run_test(size=(100, 30)) as pilot:
        screen = await search(pilot, "payload")
        assert screen.result is not None and screen.result.total == 2
        await pilot.press("enter")
        await settle(pilot)
        await pilot.press("n", "n")
        screens = [screen.results, screen.viewer.text_pane]
        lines = [line for widget in screens for line in visible_lines(widget)]
        assert any("payload" in line for line in lines)
        for line in lines:
            assert not CONTROL.search(line), repr(line)
        header = str(screen.viewer.query_one("#article-bar").render())
        assert not CONTROL.search(header)
        assert screen.loaded is not None
        assert not CONTROL.search(str(app.screen.query_one("#results-bar").render()))


async def test_wide_and_right_to_left_titles_keep_the_columns_aligned(
    hostile_library: Library,
) -> None:
    app = BroadsheetApp(hostile_library)
    async with app.run_test(size=(100, 30)) as pilot:
        screen = await search(pilot, "payload")
        results = screen.results
        width = results.size.width
        for y in range(results.size.height):
            assert results.render_line(y).cell_length == width
        await pilot.press("enter")
        await settle(pilot)
        pane = screen.viewer.text_pane
        for y in range(pane.size.height):
            assert pane.render_line(y).cell_length == pane.scrollable_content_region.width
