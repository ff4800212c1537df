"""Every key binding of the app, by where it applies: the one list that help and the palette read.

The keys are fixed (users and tests rely on them). ``description`` is the short footer label;
``tooltip`` is the longer sentence shown on the help screen and in the command palette.
"""

from __future__ import annotations

from textual.binding import Binding

GLOBAL = [
    Binding("question_mark,f1", "help", "Help", key_display="?", tooltip="Show every key"),
    Binding("q", "quit", "Quit", tooltip="Quit Broadsheet"),
    Binding("ctrl+p", "command_palette", "Commands", show=False, tooltip="Command palette"),
]

MAIN = [
    # Keys that move the focus are "priority": handled the moment they arrive, so the keys
    # typed right after them (a burst such as "/putin" over SSH) reach the newly focused widget.
    Binding(
        "slash",
        "focus_search",
        "Search",
        key_display="/",
        priority=True,
        tooltip="Type a search",
    ),
    Binding(
        "escape",
        "back",
        "Back",
        show=False,
        priority=True,
        tooltip="Go back: article → results → search",
    ),
    Binding(
        "tab",
        "switch_pane",
        "Pane",
        show=False,
        priority=True,
        tooltip="Switch between the results and the article",
    ),
    Binding("n", "next_match", "Next", tooltip="Jump to the next matched word in the article"),
    Binding(
        "N",
        "previous_match",
        "Prev",
        show=False,
        tooltip="Jump to the previous matched word in the article",
    ),
    Binding("d", "duplicates", "Dups", tooltip="Compare the article with its near-duplicates"),
    Binding("s", "cycle_sort", "Sort", tooltip="Sort results: relevance, newest, oldest"),
    Binding("f", "cycle_filter", "Filter", tooltip="Show all, unread or bookmarked results"),
    Binding("m", "toggle_read", "Read", tooltip="Mark the article read or unread"),
    Binding("b", "toggle_bookmark", "Mark", tooltip="Bookmark the article, or remove it"),
    Binding("u", "undo_seen", "Undo seen", show=False, tooltip="Undo marking near-dups seen"),
    Binding("o", "open_pager", "Pager", show=False, tooltip="Read the article in $PAGER"),
    Binding("y", "copy", "Copy", show=False, tooltip="Copy the article to the clipboard (OSC 52)"),
]

RESULTS = [
    Binding("j,down", "cursor_down", "Down", show=False, key_display="j/↓", tooltip="Next result"),
    Binding("k,up", "cursor_up", "Up", show=False, key_display="k/↑", tooltip="Previous result"),
    Binding("enter", "select", "Open", key_display="⏎", tooltip="Open the highlighted article"),
    Binding(
        "space", "toggle_group", "Group", show=False, tooltip="Show or hide a result's near-dups"
    ),
    Binding("right,l", "expand_group", "Expand", show=False, tooltip="Show near-duplicates"),
    Binding("left,h", "collapse_group", "Collapse", show=False, tooltip="Hide near-duplicates"),
    Binding("home,g", "first", "First", show=False, tooltip="First result"),
    Binding("end,G", "last", "Last", show=False, tooltip="Last result"),
    Binding("pageup", "page_up", "Page up", show=False, tooltip="Page up"),
    Binding("pagedown", "page_down", "Page down", show=False, tooltip="Page down"),
]

READER = [
    Binding("j,down", "scroll_down", "Down", show=False, key_display="j/↓", tooltip="Scroll down"),
    Binding("k,up", "scroll_up", "Up", show=False, key_display="k/↑", tooltip="Scroll up"),
    Binding("space,pagedown", "page_down", "Page down", show=False, tooltip="Page down"),
    Binding("pageup", "page_up", "Page up", show=False, tooltip="Page up"),
    Binding("home,g", "scroll_home", "Top", show=False, tooltip="Top of the text"),
    Binding("end,G", "scroll_end", "End", show=False, tooltip="End of the text"),
]
"""Scrolling keys of any text pane (the article, each side of a comparison)."""

COMPARISON = [
    Binding("escape,d", "back", "Back", tooltip="Close the comparison"),
    Binding(
        "left_square_bracket",
        "previous_duplicate",
        "Prev dup",
        key_display="[",
        tooltip="Compare with the previous near-duplicate",
    ),
    Binding(
        "right_square_bracket",
        "next_duplicate",
        "Next dup",
        key_display="]",
        tooltip="Compare with the next near-duplicate",
    ),
    Binding("n", "next_difference", "Next diff", tooltip="Jump to the next difference"),
    Binding("N", "previous_difference", "Prev diff", tooltip="Jump to the previous difference"),
    Binding("tab", "switch_side", "Side", tooltip="Switch the side the keys scroll"),
]

HELP = [
    Binding("escape,question_mark,q", "close", "Close", key_display="esc", tooltip="Close help"),
]

SEARCH = [
    # Not a key to learn, so not on the help screen: keys typed before the app has the terminal
    # (the first half second) pass through the terminal's line discipline, which turns Enter into
    # a newline, ctrl+j. "/putin" and Enter typed at once must still run the search.
    Binding("ctrl+j", "submit", "Search", show=False, tooltip="Run the search (Enter)"),
]

SECTIONS: tuple[tuple[str, list[Binding]], ...] = (
    ("Everywhere", GLOBAL),
    ("Main screen", MAIN),
    ("Results list", RESULTS),
    ("Article (and each side of a comparison)", READER),
    ("Near-duplicates side by side", COMPARISON),
)
"""What the help screen lists, in order."""
