"""The results list: a card per hit (title, source · date, snippet) with its near-duplicates."""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from pathlib import PurePath
from typing import ClassVar

from rich.cells import cell_len
from rich.console import Console
from rich.segment import Segment
from rich.style import Style
from rich.text import Text
from textual.binding import BindingType
from textual.css.styles import RulesMap
from textual.strip import Strip
from textual.style import Style as VisualStyle
from textual.visual import RenderOptions, Visual
from textual.widget import Widget
from textual.widgets import OptionList
from textual.widgets.option_list import Option

from index.models import Article, Hit, Span
from tui import keys
from tui.messages import ArticleChosen, ArticleHighlighted, SuggestionChosen
from tui.safe_text import one_line
from tui.state import ReadStatus
from tui.widgets.result_groups import ResultGroup

_REVERSE = Style(reverse=True)
_INDENT = "   "
"""Lines under a title start under its first letter, past the read and bookmark marks."""
_STATUS_MARKS: dict[ReadStatus, str] = {"unread": "•", "seen": "○", "read": " "}


@dataclass(frozen=True, slots=True)
class _Row:
    """What one option of the list stands for."""

    article_id: str | None = None
    group: int | None = None
    """Index of the group this row heads or belongs to."""
    suggestion: str | None = None


class Card(Visual):
    """A hit drawn in a fixed number of lines whatever the width: title, details, snippet.

    Its height is known without drawing it, so a list of cards is laid out at once and only
    the cards on screen are ever drawn.
    """

    def __init__(
        self,
        owner: Widget,
        title: Text,
        details: Text,
        snippet: Text,
        snippet_lines: int,
        badge: Text | None,
    ) -> None:
        self.owner = owner
        self.title = title
        self.details = details
        self.snippet = snippet
        self.snippet_lines = snippet_lines
        self.badge = badge

    def _snippet_height(self, width: int) -> int:
        if not self.snippet_lines:
            return 0
        # A snippet that fits takes one line, one that does not wraps to two or more: no need
        # to wrap it to know (Rich lets trailing spaces hang past the edge).
        fits = cell_len(self.snippet.plain.rstrip()) <= max(1, width - len(_INDENT))
        return min(self.snippet_lines, 1 if fits else 2)

    def get_height(self, rules: RulesMap, width: int) -> int:
        return 2 + self._snippet_height(width)

    def get_optimal_width(self, rules: RulesMap, container_width: int) -> int:
        return container_width

    def render_strips(
        self, width: int, height: int | None, style: VisualStyle, options: RenderOptions
    ) -> list[Strip]:
        # Each line is cut to the width already: straight to strips, without Rich's layout pass
        # (cropped all the same: the indent alone is wider than a list a few cells wide).
        console = self.owner.app.console
        base = style.rich_style
        return [
            # Text.render leaves out the text's own style when it has no spans: added here.
            Strip(
                Segment.apply_style(line.render(console), base + console.get_style(line.style)),
                line.cell_len,
            ).crop(0, width)
            for line in self.lines(console, width)
        ]

    def lines(self, console: Console, width: int) -> list[Text]:
        """The card's lines at ``width``, each cut to fit."""
        title = self.title.copy()
        title.truncate(width, overflow="ellipsis")
        details = self.details.copy()
        if self.badge is None:
            details.truncate(width, overflow="ellipsis")
        else:
            # The badge keeps its place at the right; the source gives way first.
            room = max(0, width - self.badge.cell_len - 2)
            details.truncate(room, overflow="ellipsis", pad=True)
            details.append("  ").append_text(self.badge)
            details.truncate(width, overflow="ellipsis")
        lines = [title, details]
        count = self._snippet_height(width)
        if count:
            room = max(1, width - len(_INDENT))
            wrapped = self.snippet.wrap(console, room)
            shown = list(wrapped)[:count]
            if len(wrapped) > count:
                shown[-1].append(" …")
                shown[-1].truncate(room, overflow="ellipsis")
            lines.extend(Text(_INDENT).append_text(line) for line in shown)
        return lines


class ResultsList(OptionList):
    """Hits, best first; each hit's near-duplicates are folded under it (space shows them)."""

    BINDINGS: ClassVar[list[BindingType]] = [*keys.RESULTS]
    COMPONENT_CLASSES: ClassVar[set[str]] = {
        "results-list--match",
        "results-list--details",
        "results-list--badge",
        "results-list--unread",
    }
    DEFAULT_CSS = """
    ResultsList {
        height: 1fr;
        max-height: 100%;
        border: none;
        padding: 0;
        &:focus { border: none; background-tint: transparent; }
        & > .option-list--option { padding: 0 1 0 0; }
        /* The cursor is drawn in reverse video (see render_line): it keeps the list's colours. */
        & > .option-list--option-highlighted,
        &:focus > .option-list--option-highlighted {
            background: $surface;
            color: $foreground;
            text-style: none;
        }
        & > .results-list--match { color: $text-warning; text-style: bold underline; }
        & > .results-list--details { color: $text-muted; }
        & > .results-list--badge { color: $text-accent; text-style: bold; }
        & > .results-list--unread { text-style: bold; }
    }
    """
    SNIPPET_LINES = 2

    def __init__(self, *, id: str | None = None) -> None:
        super().__init__(id=id)
        self._groups: list[ResultGroup] = []
        self._expanded: set[str] = set()
        self._statuses: dict[str, ReadStatus] = {}
        self._bookmarks: set[str] = set()
        self._rows: list[_Row] = []

    # Attributes down -----------------------------------------------------------------

    def show_groups(
        self,
        groups: Sequence[ResultGroup],
        statuses: dict[str, ReadStatus],
        bookmarks: set[str],
        *,
        keep: str | None = None,
        suggestion: str | None = None,
    ) -> None:
        """Show new results; the cursor stays on ``keep`` if it is still listed.

        Results that only add groups after those listed (the next page) are appended: the rows
        on screen, the cursor and the scroll position stay as they are.
        """
        if self._extended_by(groups, suggestion) and keep == self.current_article_id:
            self._statuses.update(statuses)
            self._bookmarks = bookmarks
            self._append(groups[len(self._groups) :])
            return
        self._groups = list(groups)
        self._statuses = statuses
        self._bookmarks = bookmarks
        self._expanded &= {group.hit.id for group in groups}
        self._rebuild(keep, suggestion)

    def show_message(self, message: str, suggestion: str | None = None) -> None:
        """Show no results, just a message (and a suggestion to pick, if any)."""
        self._groups = []
        self._rebuild(None, suggestion, message)

    def show_marks(self, statuses: dict[str, ReadStatus], bookmarks: set[str]) -> None:
        """Redraw the read and bookmark marks, keeping the cursor where it is."""
        self._statuses.update(statuses)
        self._bookmarks = bookmarks
        for index, row in enumerate(self._rows):
            if row.article_id is not None and row.group is not None:
                self.replace_option_prompt_at_index(index, self._prompt(row))

    @property
    def article_ids(self) -> list[str]:
        """Every article listed, near-duplicates included (for fetching their marks)."""
        return [
            article_id
            for group in self._groups
            for article_id in (group.hit.id, *(dup.id for dup in group.duplicates))
        ]

    @property
    def hit_ids(self) -> list[str]:
        """The hits listed, in order, without the near-duplicates gathered under them."""
        return [group.hit.id for group in self._groups]

    @property
    def rows_below_cursor(self) -> int:
        """How many rows the list has below the cursor."""
        return len(self._rows) - 1 - (self.highlighted or 0)

    @property
    def current_article_id(self) -> str | None:
        """The article under the cursor."""
        if self.highlighted is None or self.highlighted >= len(self._rows):
            return None
        return self._rows[self.highlighted].article_id

    @property
    def current_group(self) -> ResultGroup | None:
        """The group of the row under the cursor."""
        if self.highlighted is None or self.highlighted >= len(self._rows):
            return None
        group = self._rows[self.highlighted].group
        return None if group is None else self._groups[group]

    # Actions -------------------------------------------------------------------------

    def action_toggle_group(self) -> None:
        group = self.current_group
        if group is not None and group.duplicates:
            self._set_expanded(group, group.hit.id not in self._expanded)

    def action_expand_group(self) -> None:
        group = self.current_group
        if group is not None and group.duplicates:
            self._set_expanded(group, True)

    def action_collapse_group(self) -> None:
        group = self.current_group
        if group is not None:
            self._set_expanded(group, False)

    def _set_expanded(self, group: ResultGroup, expanded: bool) -> None:
        if expanded:
            self._expanded.add(group.hit.id)
        else:
            self._expanded.discard(group.hit.id)
        # Collapsing from a near-duplicate puts the cursor back on the hit it belongs to.
        self._rebuild(self.current_article_id if expanded else group.hit.id)

    # Messages up ---------------------------------------------------------------------

    def on_option_list_option_highlighted(self, event: OptionList.OptionHighlighted) -> None:
        event.stop()
        article_id = self._rows[event.option_index].article_id
        if article_id is not None:
            self.post_message(ArticleHighlighted(article_id))

    def on_option_list_option_selected(self, event: OptionList.OptionSelected) -> None:
        event.stop()
        row = self._rows[event.option_index]
        if row.suggestion is not None:
            self.post_message(SuggestionChosen(row.suggestion))
        elif row.article_id is not None:
            self.post_message(ArticleChosen(row.article_id))

    # Drawing -------------------------------------------------------------------------

    def render_line(self, y: int) -> Strip:
        strip = super().render_line(y)
        line = self.scroll_offset.y + y
        # OptionList marks its cursor with a background colour, which 16-colour terminals and
        # NO_COLOR lose; reverse video shows everywhere and keeps the highlights readable.
        if line < len(self._lines) and self._lines[line][0] == self.highlighted:
            return strip.apply_style(_REVERSE)
        return strip

    def _extended_by(self, groups: Sequence[ResultGroup], suggestion: str | None) -> bool:
        """True if ``groups`` are the groups listed, the same way, followed by more."""
        if not self._groups or len(groups) <= len(self._groups):
            return False
        shown_suggestion = next((row.suggestion for row in self._rows if row.suggestion), None)
        return suggestion == shown_suggestion and all(
            new.hit.id == old.hit.id and _ids(new.duplicates) == _ids(old.duplicates)
            for new, old in zip(groups, self._groups, strict=False)
        )

    def _append(self, groups: Sequence[ResultGroup]) -> None:
        rows = [
            _Row(group.hit.id, number) for number, group in enumerate(groups, len(self._groups))
        ]
        self._groups.extend(groups)
        self._rows.extend(rows)
        self.add_options(Option(self._prompt(row)) for row in rows)

    def _rebuild(
        self, keep: str | None, suggestion: str | None = None, message: str | None = None
    ) -> None:
        rows: list[_Row] = []
        options: list[Option] = []
        if message is not None:
            rows.append(_Row())
            options.append(Option(Text(message, style="italic"), disabled=True))
        if suggestion is not None:
            rows.append(_Row(suggestion=suggestion))
            options.append(Option(Text.assemble("Did you mean ", (suggestion, "bold"), "?")))
        for number, group in enumerate(self._groups):
            members = [group.hit.id]
            if group.hit.id in self._expanded:
                members.extend(dup.id for dup in group.duplicates)
            for article_id in members:
                row = _Row(article_id, number)
                rows.append(row)
                options.append(Option(self._prompt(row)))
        self._rows = rows
        self.set_options(options)
        ids = [row.article_id for row in rows]
        enabled = [index for index, option in enumerate(options) if not option.disabled]
        if keep is not None and keep in ids:
            self.highlighted = ids.index(keep)
        elif enabled:
            self.highlighted = enabled[0]

    def _prompt(self, row: _Row) -> Card:
        assert row.group is not None and row.article_id is not None
        group = self._groups[row.group]
        if row.article_id == group.hit.id:
            return self._hit_card(group)
        duplicate = next(dup for dup in group.duplicates if dup.id == row.article_id)
        return self._duplicate_card(duplicate)

    def _marks(self, article_id: str) -> Text:
        status = self._statuses.get(article_id, "unread")
        bookmark = "*" if article_id in self._bookmarks else " "
        return Text(f"{_STATUS_MARKS[status]}{bookmark} ")

    def _title_style(self, article_id: str) -> Style:
        if self._statuses.get(article_id, "unread") == "unread":
            return self.get_component_rich_style("results-list--unread", partial=True)
        return Style()

    def _hit_card(self, group: ResultGroup) -> Card:
        hit = group.hit
        match = self.get_component_rich_style("results-list--match", partial=True)
        title = self._marks(hit.id)
        title.append_text(
            _highlighted(
                one_line(hit.title), hit.title_highlights, match, self._title_style(hit.id)
            )
        )
        details = Text(
            _INDENT, style=self.get_component_rich_style("results-list--details", partial=True)
        )
        details.append(_details(hit))
        count = len(group.duplicates)
        badge = None
        if count:
            badge = Text(
                f"+{count} near-duplicate{'s' if count != 1 else ''}",
                style=self.get_component_rich_style("results-list--badge", partial=True),
            )
        snippet = _highlighted(one_line(hit.snippet), hit.highlights, match)
        return Card(self, title, details, snippet, self.SNIPPET_LINES, badge)

    def _duplicate_card(self, article: Article) -> Card:
        title = self._marks(article.id)
        title.append("  └ ")
        title.append(one_line(article.title), style=self._title_style(article.id))
        details = Text(
            "      ", style=self.get_component_rich_style("results-list--details", partial=True)
        )
        details.append(_details(article))
        return Card(self, title, details, Text(), 0, None)


def _ids(articles: Iterable[Article]) -> list[str]:
    return [article.id for article in articles]


def _details(item: Hit | Article) -> str:
    # Dates are ISO; the day is enough in a list (the viewer shows the rest).
    date = item.date[:10] if item.date else "undated"
    # Without a known publication, where the article is: its folder and file (a document
    # folder is sorted that way), not the words "unknown source" on every row.
    where = item.source or "/".join(PurePath(item.path.split("#")[0]).parts[-2:])
    return " · ".join([one_line(where), date])


def _highlighted(
    text: str, spans: Iterable[Span], match: Style, style: Style | None = None
) -> Text:
    result = Text(text, style=style or "")
    for start, end in spans:
        result.stylize(match, start, end)
    return result
