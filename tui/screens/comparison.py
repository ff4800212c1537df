"""An article and one of its near-duplicates side by side (stacked when narrow), kept in step."""

from __future__ import annotations

from bisect import bisect_right
from collections.abc import Sequence
from typing import TYPE_CHECKING, ClassVar, Literal

from rich.text import Text
from textual import work
from textual.app import ComposeResult
from textual.binding import BindingType
from textual.containers import Container
from textual.screen import Screen
from textual.widgets import Footer, Static
from textual.worker import Worker, WorkerState, get_current_worker

from index.models import AlignedSegment, Article, DuplicateMatch
from tui import keys
from tui.messages import TextScrolled
from tui.safe_text import one_line
from tui.widgets.comparison_view import ComparisonView, Difference

if TYPE_CHECKING:
    from index.library import Library  # Opened by the app (see tui.app).


class ComparisonScreen(Screen[None]):
    """``[`` and ``]`` cycle through the near-duplicates; ``n``/``N`` step through differences."""

    CSS_PATH = "comparison.tcss"
    BINDINGS: ClassVar[list[BindingType]] = [*keys.COMPARISON]
    HORIZONTAL_BREAKPOINTS = [(0, "-narrow"), (100, "-wide")]  # noqa: RUF012 (Textual types it so)
    AUTO_FOCUS = "#left-text"

    def __init__(
        self, library: Library, article: Article, duplicates: Sequence[DuplicateMatch]
    ) -> None:
        super().__init__()
        self.library = library
        self.article = article
        self.duplicates = list(duplicates)
        self.index = 0
        self.other: Article | None = None
        self.segments: list[AlignedSegment] = []
        self.differences: list[AlignedSegment] = []
        self.difference_index: int | None = None

    def compose(self) -> ComposeResult:
        yield Static(id="comparison-header", markup=False)
        with Container(id="sides"):
            yield ComparisonView(id="left")
            yield ComparisonView(id="right")
        yield Footer(compact=True, show_command_palette=False)

    def on_mount(self) -> None:
        self._compare(0)

    @property
    def left(self) -> ComparisonView:
        return self.query_one("#left", ComparisonView)

    @property
    def right(self) -> ComparisonView:
        return self.query_one("#right", ComparisonView)

    # Loading -------------------------------------------------------------------------

    def _compare(self, index: int) -> None:
        self.index = index % len(self.duplicates)
        self._show_header(loading=True)
        self._align(self.duplicates[self.index].id)

    @work(thread=True, exclusive=True, group="align", exit_on_error=False)
    def _align(self, other_id: str) -> None:
        other = self.library.article(other_id)
        segments = self.library.align(self.article.id, other_id)
        if not get_current_worker().is_cancelled:
            self.app.call_from_thread(self._aligned, other, segments)

    def _aligned(self, other: Article, segments: list[AlignedSegment]) -> None:
        if other.id != self.duplicates[self.index].id:
            return  # the user already moved on to another near-duplicate
        self.other = other
        self.segments = segments
        self.differences = [segment for segment in segments if segment.kind != "equal"]
        self.difference_index = None
        left: list[Difference] = []
        right: list[Difference] = []
        for segment in self.differences:
            kind: Literal["changed", "only"] = "changed" if segment.kind == "changed" else "only"
            if segment.left[0] < segment.left[1]:
                left.append((segment.left, kind))
            if segment.right[0] < segment.right[1]:
                right.append((segment.right, kind))
        self.left.show(self.article, left, "This article")
        self.right.show(other, right, f"Near-duplicate {self.index + 1}/{len(self.duplicates)}")
        self._show_header()

    def _show_header(self, loading: bool = False) -> None:
        match = self.duplicates[self.index]
        header = Text(no_wrap=True, overflow="ellipsis")
        header.append("Near-duplicates", style="bold")
        header.append(f"  {self.index + 1}/{len(self.duplicates)}")
        header.append(f" · {match.similarity:.0%} similar", style="bold")
        if loading:
            header.append(" · comparing…")
        else:
            count = len(self.differences)
            header.append(f" · {count} difference{'s' if count != 1 else ''}")
            header.append(f" · {one_line(self.article.title)}")
        self.query_one("#comparison-header", Static).update(header)

    # Keeping the two sides in step ---------------------------------------------------

    def on_text_scrolled(self, message: TextScrolled) -> None:
        if not self.segments:
            return
        from_left = message.pane_id == "left-text"
        follower = (self.right if from_left else self.left).text_pane
        if message.offset is None:
            follower.scroll_to_line(message.line, quiet=True)  # both still in their headers
        else:
            target = self._counterpart(message.offset, from_left)
            follower.scroll_to_offset(target, top=True, quiet=True)

    def _counterpart(self, offset: int, from_left: bool) -> int:
        """Where the text at ``offset`` on one side is on the other, by the alignment."""
        starts = [(s.left if from_left else s.right)[0] for s in self.segments]
        position = bisect_right(starts, offset) - 1
        if position < 0:
            return 0
        segment = self.segments[position]
        here, there = (segment.left, segment.right) if from_left else (segment.right, segment.left)
        return there[0] + min(offset - here[0], there[1] - there[0])

    # Actions -------------------------------------------------------------------------

    def action_back(self) -> None:
        self.app.pop_screen()

    def action_next_duplicate(self) -> None:
        self._compare(self.index + 1)

    def action_previous_duplicate(self) -> None:
        self._compare(self.index - 1)

    def action_next_difference(self) -> None:
        self._step_difference(1)

    def action_previous_difference(self) -> None:
        self._step_difference(-1)

    def _step_difference(self, step: int) -> None:
        if not self.differences:
            self.notify("No differences.")
            return
        if self.difference_index is None:
            self.difference_index = 0 if step > 0 else len(self.differences) - 1
        else:
            self.difference_index = (self.difference_index + step) % len(self.differences)
        segment = self.differences[self.difference_index]
        for view, span in ((self.left, segment.left), (self.right, segment.right)):
            view.text_pane.set_current(span if span[0] < span[1] else None)
            view.text_pane.scroll_to_offset(span[0], quiet=True)

    def action_switch_side(self) -> None:
        side = self.right if self.left.text_pane.has_focus else self.left
        self.set_focus(side.text_pane)

    def on_worker_state_changed(self, event: Worker.StateChanged) -> None:
        if event.state is WorkerState.ERROR:
            self.notify(f"Cannot compare: {event.worker.error}", severity="error")
