"""The search pane: one line to type a query in, searched as you type (debounced)."""

from __future__ import annotations

from time import monotonic
from typing import ClassVar

from textual.app import ComposeResult
from textual.binding import BindingType
from textual.containers import Horizontal
from textual.timer import Timer
from textual.widgets import Input, Label

from tui import keys
from tui.messages import QueryChanged, QuerySubmitted


class SearchBar(Horizontal):
    """Posts ``QueryChanged`` as the user types and ``QuerySubmitted`` on Enter.

    A keystroke after a pause is searched at once (no added latency); keystrokes in a burst
    (fast typing, a paste, key repeat) are searched once, ``DEBOUNCE`` seconds after the last.
    """

    DEFAULT_CSS = """
    SearchBar {
        height: 1;
        & > Label { padding: 0 1; color: $text-muted; }
        &:focus-within > Label { color: $text; text-style: bold; }
        & > Input { padding: 0 1; width: 1fr; }
    }
    """

    BINDINGS: ClassVar[list[BindingType]] = [*keys.SEARCH]
    DEBOUNCE = 0.15

    def __init__(self, *, id: str | None = None) -> None:
        super().__init__(id=id)
        self._last_change = 0.0
        self._timer: Timer | None = None

    def compose(self) -> ComposeResult:
        yield Label("Search")
        yield Input(
            placeholder='words, "a phrase", -not, title:word …  (/ to search)', compact=True
        )

    @property
    def input(self) -> Input:
        """The text box."""
        return self.query_one(Input)

    @property
    def value(self) -> str:
        """The query as typed."""
        return self.input.value

    @property
    def pending(self) -> bool:
        """True while a debounced search is waiting to be sent."""
        return self._timer is not None

    def set_query(self, text: str) -> None:
        """Replace the query (e.g. with an accepted suggestion) and search it now."""
        with self.input.prevent(Input.Changed):
            self.input.value = text
        self.input.cursor_position = len(text)
        self._cancel_pending()
        self.post_message(QuerySubmitted(text))

    def on_input_changed(self, event: Input.Changed) -> None:
        event.stop()
        now = monotonic()
        in_burst = now - self._last_change < self.DEBOUNCE
        self._last_change = now
        self._cancel_pending()
        if in_burst:
            self._timer = self.set_timer(self.DEBOUNCE, self._send_pending)
        else:
            self.post_message(QueryChanged(event.value))

    def on_input_submitted(self, event: Input.Submitted) -> None:
        event.stop()
        self.action_submit()

    def action_submit(self) -> None:
        """Search the query now (Enter)."""
        self._cancel_pending()
        self.post_message(QuerySubmitted(self.value))

    def _send_pending(self) -> None:
        self._timer = None
        self.post_message(QueryChanged(self.value))

    def _cancel_pending(self) -> None:
        if self._timer is not None:
            self._timer.stop()
            self._timer = None
