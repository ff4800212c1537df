"""A scrolling pane of wrapped, styled text that knows on which line each character landed."""

from __future__ import annotations

from bisect import bisect_right
from typing import ClassVar

from rich._wrap import divide_line  # Rich's own word-wrap, so our line starts match its lines
from rich.text import Text
from textual.binding import BindingType
from textual.geometry import Size
from textual.scroll_view import ScrollView
from textual.strip import Strip

from index.models import Span
from tui import keys
from tui.messages import TextScrolled


class WrappedText(ScrollView, can_focus=True):
    """Long text drawn line by line (only the visible lines are rendered).

    Holds some header lines (wrapped, not addressable) and a body whose character offsets map
    to lines, so callers can scroll to an offset and mark one span as "the current one".
    """

    BINDINGS: ClassVar[list[BindingType]] = [*keys.READER]
    COMPONENT_CLASSES: ClassVar[set[str]] = {"wrapped-text--current"}
    DEFAULT_CSS = """
    WrappedText {
        overflow-x: hidden;
        scrollbar-gutter: stable;
        scrollbar-size-vertical: 1;
        padding: 0 1;
        & > .wrapped-text--current { text-style: reverse bold; }
    }
    """

    MEASURE = 96
    """Longest line in cells: shorter lines are easier to read on a wide terminal."""

    def __init__(self, *, id: str | None = None, classes: str | None = None) -> None:
        super().__init__(id=id, classes=classes)
        self._header: list[Text] = []
        self._body = Text()
        self._current: Span | None = None
        self._lines: list[Text] = []
        self._body_first_line = 0
        self._body_starts: list[int] = []
        self._wrapped_width = 0
        self._strips: dict[int, Strip] = {}
        self._quiet = False
        self._pending_offset: int | None = None

    # Attributes down -----------------------------------------------------------------

    def set_content(self, header: list[Text], body: Text) -> None:
        """Replace the text and go back to the top."""
        self._header = header
        self._body = body
        self._current = None
        self._pending_offset = None
        self._wrap(force=True)
        self.scroll_to(0, 0, animate=False, immediate=True)

    def set_current(self, span: Span | None) -> None:
        """Mark one span of the body (e.g. the match the user jumped to), or none."""
        self._current = span
        self._strips.clear()
        self.refresh()

    def scroll_to_offset(self, offset: int, *, top: bool = False, quiet: bool = False) -> None:
        """Scroll so the body character at ``offset`` shows, a third of the way down (or on top).

        ``quiet`` scrolls without posting ``TextScrolled``: for following another pane.
        """
        if not self._wrapped_width:
            self._pending_offset = offset
            return
        line = self.line_of(offset)
        self.scroll_to_line(
            line if top else line - self.scrollable_content_region.height // 3, quiet
        )

    def scroll_to_line(self, line: int, quiet: bool = False) -> None:
        """Scroll to put ``line`` on top; ``quiet`` as for ``scroll_to_offset``."""
        self._quiet = quiet
        try:
            self.scroll_to(y=max(0, line), animate=False, immediate=True)
        finally:
            self._quiet = False

    # Queries -------------------------------------------------------------------------

    def line_of(self, offset: int) -> int:
        """The line on which the body character at ``offset`` is drawn."""
        index = max(0, bisect_right(self._body_starts, offset) - 1)
        return self._body_first_line + index

    def offset_at_top(self) -> int | None:
        """The body offset of the first line in view (None while a header line is on top)."""
        index = self.scroll_offset.y - self._body_first_line
        if index < 0 or not self._body_starts:
            return None
        return self._body_starts[min(index, len(self._body_starts) - 1)]

    @property
    def line_count(self) -> int:
        """How many lines the text takes at the current width."""
        return len(self._lines)

    # Wrapping and drawing ------------------------------------------------------------

    def _wrap(self, force: bool = False) -> None:
        width = min(self.scrollable_content_region.width, self.MEASURE)
        if width <= 0:
            # Not laid out yet (or hidden): wrap when a size arrives.
            self._wrapped_width = 0
            self._lines = []
            return
        if width == self._wrapped_width and not force:
            return
        keep_offset = self.offset_at_top() if self._wrapped_width and not force else None
        console = self.app.console
        lines: list[Text] = []
        for text in self._header:
            lines.extend(text.wrap(console, width, overflow="fold"))
        self._body_first_line = len(lines)
        starts: list[int] = []
        position = 0
        paragraphs = self._body.split("\n", allow_blank=True)
        for paragraph in paragraphs:
            plain = paragraph.plain
            offsets = divide_line(plain, width, fold=True) if plain else []
            pieces = paragraph.divide(offsets) if offsets else [paragraph]
            for start, piece in zip([0, *offsets], pieces, strict=True):
                piece.rstrip_end(width)
                lines.append(piece)
                starts.append(position + start)
            position += len(plain) + 1
        self._lines = lines
        self._body_starts = starts
        self._wrapped_width = width
        self._strips.clear()
        self.virtual_size = Size(width, len(lines))
        self.refresh()
        pending = keep_offset if keep_offset is not None else self._pending_offset
        self._pending_offset = None
        if pending is not None:
            self.scroll_to_offset(pending, top=keep_offset is not None)

    def on_resize(self) -> None:
        self._wrap()

    def notify_style_update(self) -> None:
        super().notify_style_update()
        self._strips.clear()

    def watch_scroll_y(self, old_value: float, new_value: float) -> None:
        super().watch_scroll_y(old_value, new_value)
        if not self._quiet and self.id and round(old_value) != round(new_value):
            self.post_message(TextScrolled(self.id, self.scroll_offset.y, self.offset_at_top()))

    def render_line(self, y: int) -> Strip:
        width = self.scrollable_content_region.width
        index = self.scroll_offset.y + y
        if index >= len(self._lines):
            return Strip.blank(width, self.rich_style)
        strip = self._strips.get(index)
        if strip is None:
            strip = self._render_text_line(index, width)
            self._strips[index] = strip
        return strip

    def _render_text_line(self, index: int, width: int) -> Strip:
        text = self._lines[index]
        body_index = index - self._body_first_line
        if self._current and body_index >= 0:
            start = self._body_starts[body_index]
            current_start, current_end = self._current
            if current_start < start + len(text) and current_end > start:
                text = text.copy()
                text.stylize(
                    self.get_component_rich_style("wrapped-text--current", partial=True),
                    max(0, current_start - start),
                    current_end - start,
                )
        segments = list(text.render(self.app.console))
        return Strip(segments).adjust_cell_length(width).apply_style(self.rich_style)
