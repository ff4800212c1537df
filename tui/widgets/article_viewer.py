"""The article viewer: a metadata header, the full text with every match marked, a match counter."""

from __future__ import annotations

from typing import ClassVar

from rich.text import Text
from textual.app import ComposeResult
from textual.containers import Vertical
from textual.widgets import Static

from index.models import Article, Span
from tui.safe_text import one_line, printable
from tui.state import ReadStatus
from tui.widgets.wrapped_text import WrappedText


class ArticleViewer(Vertical):
    """Shows one article; ``n``/``N`` (via the screen) step through its matched words."""

    COMPONENT_CLASSES: ClassVar[set[str]] = {
        "article-viewer--title",
        "article-viewer--label",
        "article-viewer--match",
        "article-viewer--boilerplate",
    }
    DEFAULT_CSS = """
    ArticleViewer {
        & > #article-bar { height: 1; padding: 0 1; background: $panel; color: $text-muted; }
        &:focus-within > #article-bar { background: $primary; color: $text; text-style: bold; }
        & > #article-text { height: 1fr; }
        & > .article-viewer--title { text-style: bold; }
        & > .article-viewer--label { color: $text-muted; }
        & > .article-viewer--match {
            background: $warning;
            color: black;
            text-style: bold underline;
        }
        & > .article-viewer--boilerplate { color: $text-disabled; text-style: italic; }
    }
    """

    def __init__(self, *, id: str | None = None) -> None:
        super().__init__(id=id)
        self.article: Article | None = None
        self.matches: tuple[Span, ...] = ()
        self.match_index: int | None = None
        self._status: ReadStatus = "unread"
        self._bookmarked = False

    def compose(self) -> ComposeResult:
        yield Static(id="article-bar", markup=False)
        yield WrappedText(id="article-text")

    @property
    def text_pane(self) -> WrappedText:
        """The scrolling text (the part that takes focus)."""
        return self.query_one("#article-text", WrappedText)

    def on_mount(self) -> None:
        self.show_placeholder("Pick a result to read it here.")

    # Attributes down -----------------------------------------------------------------

    def show_placeholder(self, message: str) -> None:
        """Show no article, just a line of guidance."""
        self.article = None
        self.matches = ()
        self.match_index = None
        self.text_pane.set_content([], Text(message, style="italic"))
        self._update_bar()

    def show_article(
        self, article: Article, matches: tuple[Span, ...], status: ReadStatus, bookmarked: bool
    ) -> None:
        """Show an article from the top with its matched words marked."""
        self.article = article
        self.matches = matches
        self.match_index = None
        self._status = status
        self._bookmarked = bookmarked
        self.text_pane.set_content(self._header(article), self._body(article, matches))
        self._update_bar()

    def show_marks(self, status: ReadStatus, bookmarked: bool) -> None:
        """Update the read and bookmark marks of the article shown."""
        self._status = status
        self._bookmarked = bookmarked
        self._update_bar()

    def step_match(self, step: int) -> bool:
        """Move to the next (+1) or previous (-1) match, wrapping around; False if none."""
        if not self.matches:
            return False
        if self.match_index is None:
            self.match_index = 0 if step > 0 else len(self.matches) - 1
        else:
            self.match_index = (self.match_index + step) % len(self.matches)
        span = self.matches[self.match_index]
        self.text_pane.set_current(span)
        self.text_pane.scroll_to_offset(span[0])
        self._update_bar()
        return True

    # Rendering -----------------------------------------------------------------------

    def _header(self, article: Article) -> list[Text]:
        label = self.get_component_rich_style("article-viewer--label", partial=True)
        title = self.get_component_rich_style("article-viewer--title", partial=True)
        lines = [Text(one_line(article.title), style=title)]
        for name, value in metadata(article):
            lines.append(Text.assemble((f"{name:<7}", label), value))
        lines.append(Text("─" * 24, style=label))
        lines.append(Text())
        return lines

    def _body(self, article: Article, matches: tuple[Span, ...]) -> Text:
        # printable() keeps every offset, so the spans from index/ still land on their words.
        body = Text(printable(article.text).replace("\t", " "))
        boilerplate = self.get_component_rich_style("article-viewer--boilerplate", partial=True)
        for start, end in article.boilerplate:
            body.stylize(boilerplate, start, end)
        match = self.get_component_rich_style("article-viewer--match", partial=True)
        for start, end in matches:
            body.stylize(match, start, end)
        return body

    def _update_bar(self) -> None:
        bar = Text(no_wrap=True, overflow="ellipsis")
        if self.article is None:
            bar.append("Article")
        elif not self.matches:
            bar.append("No matched words")
        elif self.match_index is None:
            count = len(self.matches)
            bar.append(f"{count} match{'es' if count != 1 else ''} · n/N to jump")
        else:
            bar.append(f"Match {self.match_index + 1}/{len(self.matches)}")
        if self.article is not None:
            bar.append(f"  ·  {self._status}")
            if self._bookmarked:
                bar.append("  ·  * bookmarked")
        self.query_one("#article-bar", Static).update(bar)


def metadata(article: Article) -> list[tuple[str, str]]:
    """The known metadata fields of an article, labelled and made safe to print on one line."""
    fields = (
        ("Source", article.source),
        ("Author", article.author),
        ("Date", article.date),
        ("URL", article.url),
    )
    return [(name, one_line(value)) for name, value in fields if value]
