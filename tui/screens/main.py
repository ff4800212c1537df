"""The main screen: search on top, then the results and the article, side by side or in turn."""

from __future__ import annotations

import os
import shlex
import subprocess
from collections.abc import Mapping
from dataclasses import dataclass, replace
from pathlib import Path
from typing import TYPE_CHECKING, ClassVar, Literal

from rich.text import Text
from textual import work
from textual.app import ComposeResult, SuspendNotSupported
from textual.binding import BindingType
from textual.containers import Horizontal, Vertical
from textual.events import DescendantFocus
from textual.screen import Screen
from textual.timer import Timer
from textual.widgets import Footer, Input, Static
from textual.worker import Worker, WorkerState, get_current_worker

from index.errors import BroadsheetError
from index.models import (
    EVERYWHERE,
    SORT_ORDERS,
    Article,
    DuplicateMatch,
    LibraryStats,
    SearchResult,
    Span,
    Within,
)
from tui import keys
from tui.messages import (
    ArticleChosen,
    ArticleHighlighted,
    LibraryChanged,
    QueryChanged,
    QuerySubmitted,
    SuggestionChosen,
)
from tui.safe_text import one_line, printable
from tui.screens.comparison import ComparisonScreen
from tui.state import ReadingState, ReadStatus
from tui.widgets.article_viewer import ArticleViewer, metadata
from tui.widgets.result_groups import ResultGroup, duplicate_ids, group_hits, hit_from_article
from tui.widgets.results_list import ResultsList
from tui.widgets.search_bar import SearchBar

if TYPE_CHECKING:
    from index.library import Library  # Imported by whoever opens it (see tui.app).

Filter = Literal["all", "unread", "bookmarked"]
FILTERS: tuple[Filter, ...] = ("all", "unread", "bookmarked")


@dataclass(frozen=True, slots=True)
class LoadedArticle:
    """An article fetched for the viewer, with what the current query matched in it."""

    article: Article
    query: str
    matches: tuple[Span, ...]
    duplicates: tuple[DuplicateMatch, ...]


class MainScreen(Screen[None]):
    """Search, results and the article; below 100 columns the results and article take turns.

    It can show before the library is open (``library_opened`` brings it): what is typed in the
    meantime is searched as soon as it is.
    """

    CSS_PATH = "main.tcss"
    BINDINGS: ClassVar[list[BindingType]] = [*keys.MAIN]
    HORIZONTAL_BREAKPOINTS = [(0, "-narrow"), (100, "-wide")]  # noqa: RUF012 (Textual types it so)
    AUTO_FOCUS = "#results"

    RESULT_PAGE = 20
    """Hits asked for at first: more are fetched as the cursor nears the end of the list."""
    MORE_MARGIN = 5
    """Rows left below the cursor when the next page of hits is fetched."""
    TYPING_PAUSE = 0.3
    """While a query is typed, the article under the cursor is shown once typing pauses this
    long: reading and wrapping a long article for every keystroke's results would take the
    screen from the next keystroke."""

    def __init__(self, library: Library | None, state: ReadingState | None) -> None:
        super().__init__()
        self._library = library
        self._state = state
        self._suggest_when_open = False
        self._asked_for = 0
        self._duplicates: dict[str, Article] = {}
        self.query_text = ""
        self.sort = SORT_ORDERS[0]
        self.filter: Filter = "all"
        self.result: SearchResult | None = None
        self.loaded: LoadedArticle | None = None
        self.stats: LibraryStats | None = None
        self._groups: list[ResultGroup] = []
        self._wanted_article: tuple[str, str] | None = None
        self._open_when_loaded = False
        self._last_seen: tuple[str, ...] = ()
        self._library_name = ""
        self._follow_timer: Timer | None = None

    def compose(self) -> ComposeResult:
        yield Static(id="library-header", markup=False)
        yield SearchBar(id="search")
        with Horizontal(id="panes"):
            with Vertical(id="results-pane"):
                yield Static(id="results-bar", markup=False)
                yield ResultsList(id="results")
            yield ArticleViewer(id="viewer")
        yield Footer(compact=True, show_command_palette=False)

    @property
    def is_open(self) -> bool:
        """True once the library is open (searching waits for it)."""
        return self._library is not None

    @property
    def library(self) -> Library:
        """The library; only reached from paths that need it open (after a search)."""
        if self._library is None:
            raise RuntimeError("the library is not open yet")
        return self._library

    @property
    def state(self) -> ReadingState:
        """The reading state of the library (it comes with the library)."""
        if self._state is None:
            raise RuntimeError("the library is not open yet")
        return self._state

    @property
    def search_bar(self) -> SearchBar:
        return self.query_one(SearchBar)

    @property
    def results(self) -> ResultsList:
        return self.query_one(ResultsList)

    @property
    def viewer(self) -> ArticleViewer:
        return self.query_one(ArticleViewer)

    def on_mount(self) -> None:
        self._show_header()
        self._show_no_query()
        if self.is_open:
            self._load_stats()

    def library_opened(self, library: Library, state: ReadingState) -> None:
        """The library is open: show its counts, and search what was typed meanwhile."""
        self._library, self._state = library, state
        self._load_stats()
        self._run_search(suggest=self._suggest_when_open)

    # Header --------------------------------------------------------------------------

    @work(thread=True, exclusive=True, group="stats", exit_on_error=False)
    def _load_stats(self) -> None:
        stats = self.library.stats()
        roots = self.library.roots()
        self.app.call_from_thread(self._set_stats, stats, roots)

    def _set_stats(self, stats: LibraryStats, roots: list[str]) -> None:
        if roots:
            first = Path(roots[0]).name or roots[0]
            self._library_name = first if len(roots) == 1 else f"{first} +{len(roots) - 1}"
        else:
            self._library_name = self.library.directory.name
        self.stats = stats
        self._show_header()
        if not self.query_text:
            self._show_no_query()

    def _show_header(self) -> None:
        header = Text(no_wrap=True, overflow="ellipsis")
        header.append("Broadsheet", style="bold")
        if self._library_name:
            header.append(f"  {one_line(self._library_name)}")
        if self.stats is not None:
            articles = self.stats.articles
            groups = self.stats.duplicate_groups
            header.append(f" · {articles:,} article{'s' if articles != 1 else ''}")
            if self.stats.ungrouped:
                # Stored by an older version: grouped again by the next indexing run.
                header.append(" · near-duplicates: run broadsheet index")
            else:
                header.append(f" · {groups:,} duplicate group{'s' if groups != 1 else ''}")
        self.query_one("#library-header", Static).update(header)

    def on_library_changed(self, message: LibraryChanged) -> None:
        """Another process changed the library: new counts, and the search run again."""
        before = self.stats.articles if self.stats else None
        self.stats = message.stats
        self._show_header()
        self._load_stats()
        # The same query again: as many hits as are listed, so the cursor keeps its place.
        listed = len(self.result.hits) if self.result is not None else 0
        self._run_search(limit=max(self.RESULT_PAGE, listed))
        change = "" if before is None else f" ({before:,} → {message.stats.articles:,} articles)"
        self.notify(f"Library updated{change}", title="Reloaded")

    # Searching -----------------------------------------------------------------------

    def on_query_changed(self, message: QueryChanged) -> None:
        self.query_text = message.text.strip()
        self._run_search()

    def on_query_submitted(self, message: QuerySubmitted) -> None:
        self.query_text = message.text.strip()
        self._run_search(suggest=True)
        self._focus_results()

    def on_suggestion_chosen(self, message: SuggestionChosen) -> None:
        self.search_bar.set_query(message.text)

    def _run_search(self, suggest: bool = False, limit: int | None = None) -> None:
        # "Did you mean" only when the search is asked for (Enter): while typing, half-typed
        # words would each cost a spelling lookup.
        if not self.is_open:
            # Searched when the library is open (library_opened): the latest text is all it takes.
            self._suggest_when_open = suggest
        elif self.query_text:
            self._asked_for = limit or self.RESULT_PAGE
            self._search(self.query_text, self.sort, suggest, 0, self._asked_for, self._within())
        else:
            self.workers.cancel_group(self, "search")
            self._show_no_query()

    def _within(self) -> Within:
        """What the filter keeps the search to: the bookmarked articles, or the unread ones.

        Filtered in the search itself, not in the list: a page of hits the user has read would
        leave nothing to scroll, and nothing to fetch the next page with."""
        if self.filter == "bookmarked":
            return Within(only=frozenset(self.state.bookmarks()))
        if self.filter == "unread":
            return Within(excluding=frozenset(self.state.marked()))
        return EVERYWHERE

    def _fetch_more_near_the_end(self) -> None:
        """Ask for the next page of hits when the cursor is a few rows from the end."""
        result = self.result
        if result is None or result.query != self.query_text or not result.query:
            return  # No search shown (bookmarks), or the user typed on and a new one is coming.
        if self._asked_for > len(result.hits):
            return  # A page is on its way, or there is no more.
        if result.total > len(result.hits) and self.results.rows_below_cursor < self.MORE_MARGIN:
            offset = len(result.hits)
            self._asked_for = offset + self.RESULT_PAGE
            self._search(result.query, self.sort, False, offset, self.RESULT_PAGE, self._within())

    @work(thread=True, exclusive=True, group="search", exit_on_error=False)
    def _search(
        self, query: str, sort: str, suggest: bool, offset: int, limit: int, within: Within
    ) -> None:
        try:
            page = self.library.search(
                query,
                limit=limit,
                sort=sort,  # type: ignore[arg-type]
                suggest=suggest,
                offset=offset,
                within=within,
            )
            wanted = duplicate_ids(page.hits)
            duplicates = {article.id: article for article in self.library.articles(wanted)}
        except BroadsheetError as error:
            self.app.call_from_thread(self._show_search_error, query, sort, str(error))
            return
        if not get_current_worker().is_cancelled:
            self.app.call_from_thread(self._show_results, query, sort, offset, page, duplicates)

    @work(thread=True, exclusive=True, group="search", exit_on_error=False)
    def _list_bookmarks(self, ids: list[str], sort: str) -> None:
        hits = tuple(hit_from_article(article) for article in self.library.articles(ids))
        result = SearchResult("", hits, len(hits))
        self.app.call_from_thread(self._show_results, "", sort, 0, result, {})

    def _is_current(self, query: str, sort: str) -> bool:
        # A slow search that finishes after the user typed on is stale: drop it.
        return (query, sort) == (self.query_text, self.sort)

    def _show_results(
        self,
        query: str,
        sort: str,
        offset: int,
        page: SearchResult,
        duplicates: dict[str, Article],
    ) -> None:
        """Show a search's first page, or add a further page (from ``offset``) to the list."""
        if not self._is_current(query, sort):
            return
        fresh_query = self.result is None or self.result.query != query
        if offset:
            if fresh_query or self.result is None or len(self.result.hits) != offset:
                return  # A page of a list that has changed since it was asked for.
            page = replace(self.result, hits=self.result.hits + page.hits)
            self._duplicates.update(duplicates)
        else:
            self._duplicates = duplicates
        self.result = page
        self._groups = group_hits(page.hits, self._duplicates)
        self._show_groups(keep=None if fresh_query else self.results.current_article_id)

    def _show_search_error(self, query: str, sort: str, error: str) -> None:
        if not self._is_current(query, sort):
            return
        self.result = None
        self._groups = []
        self.results.show_message(f"Cannot search for that: {error}")
        self._show_results_bar(error)

    def _show_no_query(self) -> None:
        self.result = None
        self._groups = []
        if not self.is_open:
            self.results.show_message("Opening the library…")
        elif self.filter == "bookmarked":
            self._list_bookmarks(self.state.bookmarks(), self.sort)
            return
        else:
            count = f"{self.stats.articles:,} articles" if self.stats else "the library"
            self.results.show_message(f"Press / and type to search {count}. Press ? for every key.")
        self._show_results_bar()

    def _show_groups(self, keep: str | None) -> None:
        ids = [article_id for group in self._groups for article_id in _group_ids(group)]
        statuses = self.state.statuses(ids)
        bookmarks = self.state.bookmarked(ids)
        groups = [g for g in self._groups if self._passes_filter(g, statuses, bookmarks)]
        suggestion = self.result.suggestion if self.result else None
        if groups:
            self.results.show_groups(groups, statuses, bookmarks, keep=keep, suggestion=suggestion)
        elif self._groups:
            self.results.show_message(f"No {self.filter} results (f changes the filter).")
        elif self.query_text:
            self.results.show_message("No results.", suggestion=suggestion)
        else:
            self.results.show_message("No bookmarks yet: b bookmarks an article.")
        self._show_results_bar()
        current = self.results.current_article_id
        if current is not None:
            self._follow_cursor(current)

    def _passes_filter(
        self, group: ResultGroup, statuses: Mapping[str, ReadStatus], bookmarks: set[str]
    ) -> bool:
        if self.filter == "unread":
            return statuses.get(group.hit.id) == "unread"
        if self.filter == "bookmarked":
            return group.hit.id in bookmarks
        return True

    def _show_results_bar(self, problem: str | None = None) -> None:
        bar = Text(no_wrap=True, overflow="ellipsis")
        if self.result is not None:
            total = self.result.total
            bar.append(f"{total:,} result{'s' if total != 1 else ''}", style="bold")
            shown = len(self.result.hits)
            if shown < total:
                bar.append(f" (top {shown})")
        else:
            bar.append("Results", style="bold")
        bar.append(f" · {self.sort}")
        if self.filter != "all":
            bar.append(f" · {self.filter} only")
        notice = problem or (self.result.notice if self.result else None)
        if notice:
            bar.append(f" · {one_line(notice)}")
        self.query_one("#results-bar", Static).update(bar)

    # The article ---------------------------------------------------------------------

    def on_article_highlighted(self, message: ArticleHighlighted) -> None:
        self._follow_cursor(message.article_id)
        self._fetch_more_near_the_end()

    def on_article_chosen(self, message: ArticleChosen) -> None:
        self._show_article(message.article_id, open_it=True)
        self._focus_viewer()

    def _follow_cursor(self, article_id: str) -> None:
        """Show the article under the cursor: after the list's frame (the list is what the user
        waits for; a worker would share the interpreter with the painting), and while a query
        is being typed, only once typing pauses."""
        if self._follow_timer is not None:
            self._follow_timer.stop()
            self._follow_timer = None
        if self.search_bar.input.has_focus:
            self._follow_timer = self.set_timer(
                self.TYPING_PAUSE, lambda: self._show_article(article_id)
            )
        else:
            self.call_after_refresh(self._show_article, article_id)

    def _show_article(self, article_id: str, open_it: bool = False) -> None:
        wanted = (article_id, self.query_text)
        if self.loaded is not None and (self.loaded.article.id, self.loaded.query) == wanted:
            if open_it:
                self._mark_opened(self.loaded)
            return
        if wanted != self._wanted_article:
            self._wanted_article = wanted
            self._open_when_loaded = open_it
            self._load_article(article_id, self.query_text)
        elif open_it:
            self._open_when_loaded = True

    @work(thread=True, exclusive=True, group="article", exit_on_error=False)
    def _load_article(self, article_id: str, query: str) -> None:
        article = self.library.article(article_id)
        matches = self.library.match_spans(article.text, query) if query else ()
        duplicates = tuple(self.library.duplicates_of(article_id))
        loaded = LoadedArticle(article, query, matches, duplicates)
        if not get_current_worker().is_cancelled:
            self.app.call_from_thread(self._article_loaded, loaded)

    def _article_loaded(self, loaded: LoadedArticle) -> None:
        if (loaded.article.id, loaded.query) != self._wanted_article:
            return
        self.loaded = loaded
        article_id = loaded.article.id
        self.viewer.show_article(
            loaded.article,
            loaded.matches,
            self.state.status(article_id),
            bool(self.state.bookmarked([article_id])),
        )
        if self._open_when_loaded:
            self._open_when_loaded = False
            self._mark_opened(loaded)

    def _mark_opened(self, loaded: LoadedArticle) -> None:
        """Reading an article marks it read, and its unread near-duplicates seen."""
        seen = self.state.mark_read(loaded.article.id, [d.id for d in loaded.duplicates])
        if seen:
            self._last_seen = seen
            count = len(seen)
            self.notify(
                f"{count} near-duplicate{'s' if count != 1 else ''} marked seen · u to undo",
                timeout=4,
            )
        self._refresh_marks()

    def _refresh_marks(self) -> None:
        ids = self.results.article_ids
        self.results.show_marks(self.state.statuses(ids), self.state.bookmarked(ids))
        if self.loaded is not None:
            article_id = self.loaded.article.id
            self.viewer.show_marks(
                self.state.status(article_id), bool(self.state.bookmarked([article_id]))
            )

    # Panes and focus -----------------------------------------------------------------
    # Focus moves with set_focus, which is immediate (Widget.focus() waits a turn): keys that
    # arrive in one burst, as "/putin" does over SSH, must reach the widget the first one chose.

    def _focus_viewer(self) -> None:
        self.add_class("-reading")
        self.set_focus(self.viewer.text_pane)

    def _focus_results(self) -> None:
        self.remove_class("-reading")
        self.set_focus(self.results)

    def on_descendant_focus(self, event: DescendantFocus) -> None:
        # Below 100 columns only one pane shows: the one that has the focus.
        if event.widget is self.results:
            self.remove_class("-reading")
        elif event.widget is self.viewer.text_pane:
            self.add_class("-reading")

    def _target_id(self) -> str | None:
        """The article a key acts on: the one read, or the one under the results cursor."""
        if self.focused is self.results:
            return self.results.current_article_id
        if self.loaded is not None:
            return self.loaded.article.id
        return self.results.current_article_id

    # Actions -------------------------------------------------------------------------

    def check_action(self, action: str, parameters: tuple[object, ...]) -> bool | None:
        # "/" is a priority key (see tui.keys): in the search box it must stay a character.
        return not (action == "focus_search" and isinstance(self.focused, Input))

    def action_focus_search(self) -> None:
        self.set_focus(self.search_bar.input)

    def action_back(self) -> None:
        if self.focused is self.viewer.text_pane:
            self._focus_results()
        elif self.focused is self.results:
            self.set_focus(self.search_bar.input)
        else:
            self._focus_results()

    def action_switch_pane(self) -> None:
        if self.focused is self.viewer.text_pane:
            self._focus_results()
        else:
            self._focus_viewer()

    def action_next_match(self) -> None:
        self._step_match(1)

    def action_previous_match(self) -> None:
        self._step_match(-1)

    def _step_match(self, step: int) -> None:
        if self.loaded is None:
            self.notify("Open an article first.", severity="warning")
        elif not self.viewer.step_match(step):
            message = "No matched words here." if self.query_text else "Search first (/)."
            self.notify(message, severity="warning")
        elif self.has_class("-narrow"):
            self._focus_viewer()

    def action_duplicates(self) -> None:
        loaded = self.loaded
        if loaded is None:
            self.notify("Open an article first.", severity="warning")
        elif not loaded.duplicates:
            self.notify("This article has no near-duplicates.")
        else:
            self.app.push_screen(ComparisonScreen(self.library, loaded.article, loaded.duplicates))

    def action_cycle_sort(self) -> None:
        self.sort = SORT_ORDERS[(SORT_ORDERS.index(self.sort) + 1) % len(SORT_ORDERS)]
        self._show_results_bar()
        self._run_search()

    def action_cycle_filter(self) -> None:
        self.filter = FILTERS[(FILTERS.index(self.filter) + 1) % len(FILTERS)]
        if self.query_text and self.is_open:
            # Searched again: the bookmarked filter searches the bookmarks only, and the
            # unread one may have hidden every hit listed so far.
            self._run_search()
        else:
            self._show_no_query()

    def action_toggle_read(self) -> None:
        article_id = self._target_id()
        if article_id is None:
            return
        if self.state.status(article_id) == "unread":
            siblings = self._siblings(article_id)
            seen = self.state.mark_read(article_id, siblings)
            if seen:
                self._last_seen = seen
            self.notify("Marked read" + (f" ({len(seen)} near-dups seen)" if seen else ""))
        else:
            self.state.mark_unread(article_id)
            self.notify("Marked unread")
        self._refresh_marks()

    def _siblings(self, article_id: str) -> list[str]:
        if self.loaded is not None and self.loaded.article.id == article_id:
            return [d.id for d in self.loaded.duplicates]
        group = self.results.current_group
        if group is not None and group.hit.id == article_id:
            return list(group.hit.duplicates)
        return []

    def action_toggle_bookmark(self) -> None:
        article_id = self._target_id()
        if article_id is None:
            return
        added = self.state.toggle_bookmark(article_id)
        self.notify("Bookmarked" if added else "Bookmark removed")
        self._refresh_marks()

    def action_undo_seen(self) -> None:
        if not self._last_seen:
            self.notify("Nothing to undo.")
            return
        undone = self.state.undo_seen(self._last_seen)
        self._last_seen = ()
        self.notify(f"{undone} near-duplicate{'s' if undone != 1 else ''} unread again")
        self._refresh_marks()

    def action_open_pager(self) -> None:
        if self.loaded is None:
            self.notify("Open an article first.", severity="warning")
            return
        try:
            command = shlex.split(os.environ.get("PAGER") or "less") or ["less"]
        except ValueError as error:
            self.notify(f"Cannot read $PAGER: {error}", severity="error")
            return
        text = as_plain_text(self.loaded.article)
        try:
            # No shell: $PAGER is split into words and run directly, the article on its stdin.
            with self.app.suspend():
                subprocess.run(command, input=text.encode(), check=False)
        except SuspendNotSupported:
            self.notify("Cannot hand the terminal to a pager here.", severity="error")
        except OSError as error:
            self.notify(f"Cannot run $PAGER: {error}", severity="error")

    def action_copy(self) -> None:
        if self.loaded is None:
            self.notify("Open an article first.", severity="warning")
            return
        text = as_plain_text(self.loaded.article)
        self.app.copy_to_clipboard(text)
        self.notify(f"Copied the article ({len(text):,} characters)")

    def on_worker_state_changed(self, event: Worker.StateChanged) -> None:
        if event.state is WorkerState.ERROR:
            self.notify(f"Something went wrong: {event.worker.error}", severity="error")


def as_plain_text(article: Article) -> str:
    """The article as text for a pager or the clipboard: metadata lines, then the text."""
    lines = [one_line(article.title)]
    lines.extend(f"{name}: {value}" for name, value in metadata(article))
    return "\n".join([*lines, "", printable(article.text)]) + "\n"


def _group_ids(group: ResultGroup) -> list[str]:
    return [group.hit.id, *(duplicate.id for duplicate in group.duplicates)]
