"""One side of a near-duplicate comparison: an article with the words that differ marked."""

from __future__ import annotations

from collections.abc import Iterable
from typing import ClassVar, Literal

from rich.text import Text
from textual.app import ComposeResult
from textual.containers import Vertical
from textual.widgets import Static

from index.models import Article, Span
from tui.safe_text import one_line, printable
from tui.widgets.article_viewer import metadata
from tui.widgets.wrapped_text import WrappedText

Difference = tuple[Span, Literal["changed", "only"]]
"""A span of this side's text that differs: reworded, or found on this side only."""


class ComparisonView(Vertical):
    """An article's title bar and text, its differences from the other side marked."""

    COMPONENT_CLASSES: ClassVar[set[str]] = {
        "comparison-view--changed",
        "comparison-view--only",
        "comparison-view--label",
    }
    DEFAULT_CSS = """
    ComparisonView {
        & > .comparison-bar { height: 1; padding: 0 1; background: $panel; color: $text-muted; }
        &:focus-within > .comparison-bar { background: $primary; color: $text; text-style: bold; }
        & > WrappedText { height: 1fr; }
        & > .comparison-view--changed { color: $text-warning; text-style: bold underline; }
        & > .comparison-view--only { color: $text-error; text-style: bold reverse; }
        & > .comparison-view--label { color: $text-muted; }
    }
    """

    def __init__(self, *, id: str) -> None:
        super().__init__(id=id)

    def compose(self) -> ComposeResult:
        yield Static(classes="comparison-bar", markup=False)
        yield WrappedText(id=f"{self.id}-text")

    @property
    def text_pane(self) -> WrappedText:
        """The scrolling text."""
        return self.query_one(WrappedText)

    def show(self, article: Article, differences: Iterable[Difference], caption: str) -> None:
        """Show an article from the top, with a one-line caption above it."""
        bar = Text(no_wrap=True, overflow="ellipsis")
        bar.append(caption)
        bar.append(f"  {one_line(article.title)}")
        self.query_one(".comparison-bar", Static).update(bar)
        label = self.get_component_rich_style("comparison-view--label", partial=True)
        # The title is in the bar above (and the text below starts with it in most articles).
        header = [Text.assemble((f"{name:<7}", label), value) for name, value in metadata(article)]
        header.append(Text())
        body = Text(printable(article.text).replace("\t", " "))
        styles = {
            "changed": self.get_component_rich_style("comparison-view--changed", partial=True),
            "only": self.get_component_rich_style("comparison-view--only", partial=True),
        }
        for (start, end), kind in differences:
            body.stylize(styles[kind], start, end)
        self.text_pane.set_content(header, body)
