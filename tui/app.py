"""The Broadsheet reading app: a Textual App over one Library, and ``run_app`` to start it."""

from __future__ import annotations

import gc
import io
import os
from collections.abc import Callable, Iterable
from functools import partial
from typing import TYPE_CHECKING, Any, ClassVar

from rich.console import Console
from textual import work
from textual.app import App, SystemCommand
from textual.binding import BindingType
from textual.screen import Screen

from index.models import LibraryStats
from tui import keys
from tui.messages import LibraryChanged
from tui.screens.comparison import ComparisonScreen
from tui.screens.help import HelpScreen
from tui.screens.main import MainScreen
from tui.state import ReadingState

if TYPE_CHECKING:
    # Opening a library imports Whoosh and NumPy: the app paints first, then opens it.
    from index.library import Library

LibraryOpener = Callable[[], "Library"]
"""Opens the library; the app calls it in a worker once its first frame is on screen."""


class BroadsheetApp(App[None]):
    """Search, read and compare the articles of one library, by keyboard.

    Given an open library, the app starts on it; given a :data:`LibraryOpener`, it paints first
    and opens the library in a worker (what is typed meanwhile is searched when it is open).
    If opening fails the app exits with status 1 and keeps the error in ``start_error``.
    """

    CSS_PATH = "app.tcss"
    TITLE = "Broadsheet"
    BINDINGS: ClassVar[list[BindingType]] = [*keys.GLOBAL]

    RELOAD_INTERVAL = 2.0
    """Seconds between checks for changes another process made to the library."""

    def __init__(self, library: Library | LibraryOpener, state: ReadingState | None = None) -> None:
        # With 16 colours the terminal's own palette reads better than approximations, and under
        # NO_COLOR the ANSI theme lets Textual drop colour altogether (not just turn it grey).
        # Decided before App.__init__, which picks its NO_COLOR filter to suit the theme.
        plain = "NO_COLOR" in os.environ or _terminal_colours() in (None, "standard", "windows")
        super().__init__(ansi_color=plain or None)
        if plain:
            self.theme = "ansi-dark"
        self.library: Library | None = None
        self.state: ReadingState | None = state
        self.start_error: Exception | None = None
        self._opener: LibraryOpener | None = None
        if callable(library):
            self._opener = library
        else:
            self.library = library
            self.state = state or ReadingState.for_library(library.directory)
        # Over SSH every animation frame costs a round trip: none unless asked for.
        if "TEXTUAL_ANIMATIONS" not in os.environ:
            self.animation_level = "none"

    def on_mount(self) -> None:
        # Pushed rather than made the default screen: Textual loads a screen's CSS_PATH on push.
        self.push_screen(MainScreen(self.library, self.state))
        if self._opener is None:
            self.set_interval(self.RELOAD_INTERVAL, self.check_for_changes)
            self.call_after_refresh(_settle_memory)
        else:
            self.call_after_refresh(self._open_library, self._opener)

    def on_unmount(self) -> None:
        if self.state is not None:
            self.state.close()

    @work(thread=True, exclusive=True, group="open", exit_on_error=False)
    def _open_library(self, opener: LibraryOpener) -> None:
        try:
            library = opener()
        except Exception as error:  # Reported by run_app once the terminal is restored.
            self.call_from_thread(self._cannot_open, error)
            return
        self.call_from_thread(self._library_opened, library)

    def _cannot_open(self, error: Exception) -> None:
        self.start_error = error
        self.exit(return_code=1)

    def _library_opened(self, library: Library) -> None:
        self.library = library
        # The reading state belongs to this (the UI) thread: SQLite connections stay in theirs.
        if self.state is None:
            self.state = ReadingState.for_library(library.directory)
        for screen in self.screen_stack:
            if isinstance(screen, MainScreen):
                screen.library_opened(library, self.state)
        self.set_interval(self.RELOAD_INTERVAL, self.check_for_changes)
        _settle_memory()

    @work(thread=True, exclusive=True, group="reload", exit_on_error=False)
    def check_for_changes(self) -> None:
        """Tell the main screen when another process committed changes to the library."""
        if self.library is not None and self.library.refresh():
            stats = self.library.stats()
            self.call_from_thread(self._library_changed, stats)

    def _library_changed(self, stats: LibraryStats) -> None:
        for screen in self.screen_stack:
            if isinstance(screen, MainScreen):
                screen.post_message(LibraryChanged(stats))

    def action_help(self) -> None:
        if not isinstance(self.screen, HelpScreen):
            self.push_screen(HelpScreen())

    def get_system_commands(self, screen: Screen[Any]) -> Iterable[SystemCommand]:
        """The palette offers every action of the screen it was opened on, by name."""
        yield from super().get_system_commands(screen)
        sections = [keys.GLOBAL[:1]]
        if isinstance(screen, MainScreen):
            sections.append(keys.MAIN)
        elif isinstance(screen, ComparisonScreen):
            sections.append(keys.COMPARISON)
        for bindings in sections:
            for binding in bindings:
                title = binding.tooltip or binding.description
                help_text = f"Key: {binding.key_display or binding.key.split(',')[0]}"
                yield SystemCommand(title, help_text, partial(self._run_on, screen, binding.action))

    async def _run_on(self, screen: Screen[Any], action: str) -> None:
        await self.run_action(action, screen)


def _settle_memory() -> None:
    """Exempt everything made so far (modules, widgets, the open library) from garbage
    collection. A full collection walks every object: with Textual, Whoosh and NumPy loaded it
    stalled the screen for 50-90 ms now and then, mid-keystroke; afterwards it walks only what
    the session has made since."""
    gc.freeze()


def _terminal_colours() -> str | None:
    """The colour system Rich (and so Textual) detects for this terminal, e.g. ``standard``."""
    return Console(file=io.StringIO(), force_terminal=True).color_system


def run_app(library: Library | LibraryOpener) -> None:
    """Run the reading app until the user quits; an error opening the library is raised here."""
    app = BroadsheetApp(library)
    app.run()
    if app.start_error is not None:
        raise app.start_error
