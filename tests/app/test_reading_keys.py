"""Every reading key of the main screen, driven by Pilot: j k enter n N esc tab m b f u o y ? q."""

from __future__ import annotations

import contextlib
from pathlib import Path

import pytest
from textual.widgets import Input

from tests.app.conftest import main_screen, search, settle
from tui.app import BroadsheetApp
from tui.screens.help import HelpScreen
from tui.screens.main import MainScreen
from tui.widgets.results_list import ResultsList
from tui.widgets.wrapped_text import WrappedText


def article_bar(screen: MainScreen) -> str:
    return str(screen.viewer.query_one("#article-bar").render())


async def test_j_k_and_arrows_move_through_the_results(app: BroadsheetApp) -> None:
    async with app.run_test(size=(100, 30)) as pilot:
        screen = await search(pilot, "russia")
        results = screen.results
        assert results.highlighted == 0
        await pilot.press("j")
        assert results.highlighted == 1
        await pilot.press("down")
        assert results.highlighted == 2
        await pilot.press("k", "up")
        assert results.highlighted == 0


async def test_moving_the_cursor_previews_the_article(app: BroadsheetApp) -> None:
    async with app.run_test(size=(100, 30)) as pilot:
        screen = await search(pilot, "russia")
        await pilot.press("j")
        await settle(pilot)
        assert screen.loaded is not None
        assert screen.loaded.article.id == screen.results.current_article_id
        assert screen.state.status(screen.loaded.article.id) == "unread", "preview is not reading"


async def test_enter_opens_the_article_marks_it_read_and_its_near_duplicates_seen(
    app: BroadsheetApp,
) -> None:
    async with app.run_test(size=(100, 30)) as pilot:
        screen = await search(pilot, "putin")
        group = screen.results.current_group
        assert group is not None and group.duplicates
        await pilot.press("enter")
        await settle(pilot)
        assert isinstance(app.focused, WrappedText)
        assert screen.loaded is not None and screen.loaded.article.id == group.hit.id
        assert screen.state.status(group.hit.id) == "read"
        sibling = group.duplicates[0].id
        assert screen.state.status(sibling) == "seen"
        assert "read" in article_bar(screen)
        # The seen mark can be undone.
        await pilot.press("u")
        assert screen.state.status(sibling) == "unread"
        assert screen.state.status(group.hit.id) == "read"


async def test_n_and_shift_n_jump_between_matches_with_a_counter(app: BroadsheetApp) -> None:
    async with app.run_test(size=(100, 30)) as pilot:
        screen = await search(pilot, "troops")
        await pilot.press("enter")
        await settle(pilot)
        viewer = screen.viewer
        count = len(viewer.matches)
        assert count >= 2
        assert f"{count} matches" in article_bar(screen)
        await pilot.press("n")
        assert f"Match 1/{count}" in article_bar(screen)
        await pilot.press("n")
        assert f"Match 2/{count}" in article_bar(screen)
        await pilot.press("N", "N")
        assert f"Match {count}/{count}" in article_bar(screen), "N wraps to the last match"
        # The current match is on screen.
        pane = viewer.text_pane
        start = viewer.matches[count - 1][0]
        line = pane.line_of(start)
        assert pane.scroll_offset.y <= line < pane.scroll_offset.y + pane.size.height


async def test_stemmed_forms_are_matched_in_the_viewer(app: BroadsheetApp) -> None:
    async with app.run_test(size=(100, 30)) as pilot:
        screen = await search(pilot, "troop")
        await pilot.press("enter")
        await settle(pilot)
        text = screen.loaded.article.text if screen.loaded else ""
        words = {text[start:end].lower() for start, end in screen.viewer.matches}
        assert "troops" in words


async def test_escape_goes_back_from_article_to_results_to_search(app: BroadsheetApp) -> None:
    async with app.run_test(size=(100, 30)) as pilot:
        await search(pilot, "putin")
        await pilot.press("enter")
        assert isinstance(app.focused, WrappedText)
        await pilot.press("escape")
        assert isinstance(app.focused, ResultsList)
        await pilot.press("escape")
        assert isinstance(app.focused, Input)
        await pilot.press("escape")
        assert isinstance(app.focused, ResultsList)


async def test_tab_switches_between_results_and_article(app: BroadsheetApp) -> None:
    async with app.run_test(size=(100, 30)) as pilot:
        await search(pilot, "putin")
        await pilot.press("tab")
        assert isinstance(app.focused, WrappedText)
        await pilot.press("j", "j")
        await pilot.press("tab")
        assert isinstance(app.focused, ResultsList)


async def test_m_toggles_read_and_b_toggles_the_bookmark(app: BroadsheetApp) -> None:
    async with app.run_test(size=(100, 30)) as pilot:
        screen = await search(pilot, "kazakhstan")
        article_id = screen.results.current_article_id
        assert article_id is not None
        await pilot.press("m")
        assert screen.state.status(article_id) == "read"
        await pilot.press("m")
        assert screen.state.status(article_id) == "unread"
        await pilot.press("b")
        assert screen.state.bookmarked([article_id]) == {article_id}
        assert "*" in str(screen.results.options[0].prompt.title)  # type: ignore[union-attr]
        await pilot.press("b")
        assert screen.state.bookmarked([article_id]) == set()


async def test_reading_state_persists_per_library(app: BroadsheetApp, library) -> None:  # type: ignore[no-untyped-def]
    async with app.run_test(size=(100, 30)) as pilot:
        screen = await search(pilot, "kazakhstan")
        article_id = screen.results.current_article_id
        assert article_id is not None
        await pilot.press("b", "m")
    again = BroadsheetApp(library)
    async with again.run_test(size=(100, 30)) as pilot:
        screen = await search(pilot, "kazakhstan")
        assert screen.state.status(article_id) == "read"
        assert screen.state.bookmarked([article_id]) == {article_id}


async def test_f_filters_unread_then_bookmarked(app: BroadsheetApp) -> None:
    async with app.run_test(size=(100, 30)) as pilot:
        screen = await search(pilot, "russia")
        everything = list(screen.results.article_ids)
        first = screen.results.current_article_id
        await pilot.press("m")  # read the first
        await pilot.press("j", "b")  # bookmark the second
        bookmarked = screen.results.current_article_id
        await pilot.press("f")
        await settle(pilot)
        assert screen.filter == "unread"
        assert first not in screen.results.article_ids
        await pilot.press("f")
        await settle(pilot)
        assert screen.filter == "bookmarked"
        assert screen.results.hit_ids == [bookmarked]
        assert "bookmarked only" in str(app.screen.query_one("#results-bar").render())
        await pilot.press("f")
        await settle(pilot)
        assert screen.filter == "all"
        assert screen.results.article_ids == everything


async def test_bookmarked_filter_without_a_query_lists_the_bookmarks(app: BroadsheetApp) -> None:
    async with app.run_test(size=(100, 30)) as pilot:
        screen = await search(pilot, "kazakhstan")
        bookmarked = screen.results.current_article_id
        await pilot.press("b", "slash", "ctrl+a", "ctrl+k", "escape")
        await settle(pilot)
        assert screen.query_text == ""
        await pilot.press("f", "f")
        await settle(pilot)
        assert screen.results.hit_ids == [bookmarked]


async def test_o_pipes_the_article_to_the_pager_without_a_shell(
    app: BroadsheetApp, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    out = tmp_path / "paged.txt"
    # A "pager" that saves what it is given; the quotes prove $PAGER is split like a shell would.
    monkeypatch.setenv("PAGER", f"dd 'of={out}' status=none")
    monkeypatch.setattr(BroadsheetApp, "suspend", lambda self: contextlib.nullcontext())
    async with app.run_test(size=(100, 30)) as pilot:
        screen = await search(pilot, "putin")
        await pilot.press("enter")
        await settle(pilot)
        await pilot.press("o")
        assert screen.loaded is not None
        paged = out.read_text()
        assert paged.startswith(screen.loaded.article.title)
        assert "Kazakhstan" in paged


async def test_o_reports_a_missing_pager(
    app: BroadsheetApp, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv("PAGER", "no-such-pager-here")
    monkeypatch.setattr(BroadsheetApp, "suspend", lambda self: contextlib.nullcontext())
    async with app.run_test(size=(100, 30)) as pilot:
        await search(pilot, "putin")
        await pilot.press("enter", "o")
        await settle(pilot)
        assert any("PAGER" in str(n.message) for n in app._notifications)
        assert app.is_running


async def test_y_copies_the_article_with_osc_52(app: BroadsheetApp) -> None:
    async with app.run_test(size=(100, 30)) as pilot:
        screen = await search(pilot, "putin")
        await pilot.press("enter")
        await settle(pilot)
        await pilot.press("y")
        assert screen.loaded is not None
        assert app.clipboard.startswith(screen.loaded.article.title)
        assert "Kazakhstan" in app.clipboard


async def test_question_mark_shows_every_key_and_escape_closes_it(app: BroadsheetApp) -> None:
    async with app.run_test(size=(80, 24)) as pilot:
        await settle(pilot)
        await pilot.press("question_mark")
        assert isinstance(app.screen, HelpScreen)
        listed = str(app.screen.query_one("#help-panel Static").render())
        for key in ("/", "enter", "esc", "j", "k", "tab", "n", "N", "d", "s", "m", "b", "o", "y"):
            assert f"  {key}" in listed, key
        for key in ("?", "q", "[", "]"):
            assert key in listed
        await pilot.press("escape")
        assert isinstance(app.screen, MainScreen)


async def test_q_quits(app: BroadsheetApp) -> None:
    async with app.run_test(size=(80, 24)) as pilot:
        await settle(pilot)
        await pilot.press("q")
        await pilot.pause()
        assert not app.is_running


async def test_q_in_the_search_box_is_just_a_letter(app: BroadsheetApp) -> None:
    async with app.run_test(size=(80, 24)) as pilot:
        await pilot.press("slash", "q")
        await settle(pilot)
        assert app.is_running
        assert main_screen(pilot).search_bar.value == "q"


async def test_the_command_palette_offers_and_runs_the_actions(app: BroadsheetApp) -> None:
    async with app.run_test(size=(100, 30)) as pilot:
        screen = await search(pilot, "russia")
        titles = [command.title for command in app.get_system_commands(screen)]
        for wanted in ("Sort results", "Compare the article", "Bookmark", "Show every key"):
            assert any(title.startswith(wanted) for title in titles), wanted
        await pilot.press("ctrl+p")
        await pilot.press(*"sort results")
        await pilot.pause()
        await pilot.press("enter")
        await settle(pilot)
        assert screen.sort == "newest"
