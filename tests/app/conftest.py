"""App test fixtures: a private library of the seeds, the app on it, and waiting helpers."""

from __future__ import annotations

import asyncio
import inspect
from collections.abc import Iterator
from pathlib import Path

import pytest
from textual.pilot import Pilot

from index.library import Library
from tests.conftest import SEEDS
from tui.app import BroadsheetApp
from tui.screens.main import MainScreen


@pytest.hookimpl(tryfirst=True)
def pytest_pyfunc_call(pyfuncitem: pytest.Function) -> bool | None:
    """Run ``async def`` tests in a fresh event loop (no asyncio plugin is needed for Pilot)."""
    if not inspect.iscoroutinefunction(pyfuncitem.obj):
        return None
    arguments = {name: pyfuncitem.funcargs[name] for name in pyfuncitem._fixtureinfo.argnames}
    asyncio.run(pyfuncitem.obj(**arguments))
    return True


@pytest.fixture(autouse=True)
def plain_environment(monkeypatch: pytest.MonkeyPatch) -> None:
    """The same colours and behaviour whatever terminal runs the tests."""
    monkeypatch.setenv("TERM", "xterm-256color")
    monkeypatch.setenv("COLORTERM", "truecolor")
    for name in ("NO_COLOR", "TEXTUAL_ANIMATIONS", "PAGER"):
        monkeypatch.delenv(name, raising=False)


@pytest.fixture
def library(tmp_path: Path) -> Iterator[Library]:
    """The five seeds in a library of the test's own (tests change its reading state)."""
    library = Library.open(tmp_path / "library", create=True)
    library.index([SEEDS])
    yield library
    library.close()


@pytest.fixture
def app(library: Library) -> BroadsheetApp:
    return BroadsheetApp(library)


def main_screen(pilot: Pilot[None]) -> MainScreen:
    """The main screen, wherever it is in the stack."""
    return next(s for s in pilot.app.screen_stack if isinstance(s, MainScreen))


async def settle(pilot: Pilot[None]) -> None:
    """Wait until typed text has been searched and every worker has delivered its result."""
    for _ in range(200):
        await pilot.app.workers.wait_for_complete()
        await pilot.pause()
        screens = [s for s in pilot.app.screen_stack if isinstance(s, MainScreen)]
        pending = bool(screens) and screens[0].search_bar.pending
        busy = any(worker.is_running for worker in pilot.app.workers)
        if not pending and not busy:
            await pilot.pause()
            return
        # The debounce timer, not a worker, is what we are waiting for: give it a moment.
        await pilot.pause(0.02)
    raise AssertionError("the app did not settle")


async def search(pilot: Pilot[None], text: str) -> MainScreen:
    """Search from anywhere on the main screen the way a user does: / text enter."""
    await pilot.press("slash", *text, "enter")
    await settle(pilot)
    return main_screen(pilot)
