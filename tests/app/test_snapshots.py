"""Snapshots of the main screens at 100x30 and 80x24 (update with --snapshot-update, then look)."""

from __future__ import annotations

from collections.abc import Awaitable, Callable

import pytest
from textual.pilot import Pilot

from tests.app.conftest import settle
from tui.app import BroadsheetApp

SIZES = [pytest.param((100, 30), id="100x30"), pytest.param((80, 24), id="80x24")]

Steps = Callable[[Pilot[None]], Awaitable[None]]


def steps(*keys: str) -> Steps:
    """Press keys, letting searches and loads finish after each, then hide the notifications."""

    async def run(pilot: Pilot[None]) -> None:
        await settle(pilot)
        for key in keys:
            await pilot.press(key)
            await settle(pilot)
        pilot.app.clear_notifications()
        await pilot.pause()

    return run


SEARCH = ("slash", *"putin troops", "enter")


@pytest.mark.parametrize("size", SIZES)
def test_results(snap_compare, app: BroadsheetApp, size: tuple[int, int]) -> None:  # type: ignore[no-untyped-def]
    """Results for "putin troops": highlighted snippets, the near-duplicate badge."""
    assert snap_compare(app, terminal_size=size, run_before=steps(*SEARCH))


@pytest.mark.parametrize("size", SIZES)
def test_article(snap_compare, app: BroadsheetApp, size: tuple[int, int]) -> None:  # type: ignore[no-untyped-def]
    """The first hit opened, at its second match ("Match 2/7")."""
    assert snap_compare(app, terminal_size=size, run_before=steps(*SEARCH, "enter", "n", "n"))


@pytest.mark.parametrize("size", SIZES)
def test_comparison(snap_compare, app: BroadsheetApp, size: tuple[int, int]) -> None:  # type: ignore[no-untyped-def]
    """The near-duplicates side by side (stacked at 80x24), differing words marked."""
    assert snap_compare(app, terminal_size=size, run_before=steps(*SEARCH, "d"))


@pytest.mark.parametrize("size", SIZES)
def test_help(snap_compare, app: BroadsheetApp, size: tuple[int, int]) -> None:  # type: ignore[no-untyped-def]
    """Every key, over the main screen."""
    assert snap_compare(app, terminal_size=size, run_before=steps("question_mark"))
