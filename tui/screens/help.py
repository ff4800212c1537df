"""The help screen: every key of the app, by where it applies (read from ``tui.keys``)."""

from __future__ import annotations

from typing import ClassVar

from rich.text import Text
from textual.app import ComposeResult
from textual.binding import Binding, BindingType
from textual.containers import VerticalScroll
from textual.screen import ModalScreen
from textual.widgets import Static

from tui import keys

_KEY_NAMES = {
    "question_mark": "?",
    "slash": "/",
    "left_square_bracket": "[",
    "right_square_bracket": "]",
    "escape": "esc",
    "down": "↓",
    "up": "↑",
    "left": "←",
    "right": "→",
    "pageup": "pgup",
    "pagedown": "pgdn",
}


def key_names(binding: Binding) -> str:
    """Every key of a binding, as a user would type it: ``j ↓``."""
    return " ".join(_KEY_NAMES.get(key, key) for key in binding.key.split(","))


def help_text() -> Text:
    """The list of keys, a section per place they work in."""
    text = Text()
    for title, bindings in keys.SECTIONS:
        text.append(f"{title}\n", style="bold underline")
        for binding in bindings:
            text.append(f"  {key_names(binding):<14}", style="bold")
            text.append(f"{binding.tooltip or binding.description}\n")
        text.append("\n")
    text.append("Mouse: optional. ctrl+p offers every action by name.", style="italic")
    return text


class HelpScreen(ModalScreen[None]):
    """Lists every key; escape, ? or q closes it."""

    CSS_PATH = "help.tcss"
    BINDINGS: ClassVar[list[BindingType]] = [*keys.HELP]

    def compose(self) -> ComposeResult:
        with VerticalScroll(id="help-panel") as panel:
            panel.border_title = "Keys"
            panel.border_subtitle = "esc closes"
            yield Static(help_text(), markup=False)

    def action_close(self) -> None:
        self.dismiss()
