"""What subcommands print: text for people, JSON lines for scripts, progress on a tty."""

from __future__ import annotations

import json
import re
import sys
from collections.abc import Callable, Iterator, Sequence
from contextlib import contextmanager
from dataclasses import asdict
from typing import IO, Any

from index.models import (
    Article,
    DuplicateGroup,
    Hit,
    IndexProgress,
    IndexReport,
    SearchResult,
    metadata,
)
from tui.safe_text import one_line, printable

SKIPPED_SHOWN = 20
# json.dumps leaves C1 controls and line separators raw when ensure_ascii=False; escape them too.
_UNSAFE_IN_JSON = re.compile("[\x7f-\x9f\u2028\u2029\u202a-\u202e\u2066-\u2069]")


def json_line(value: Any) -> str:
    """One line of JSON that is safe to print to a terminal (no raw control characters)."""
    text = json.dumps(value, ensure_ascii=False)
    return _UNSAFE_IN_JSON.sub(lambda m: f"\\u{ord(m.group()):04x}", text)


def _console(stream: IO[str] | None = None):  # type: ignore[no-untyped-def]
    from rich.console import Console

    return Console(file=stream or sys.stdout, highlight=False, soft_wrap=False)


@contextmanager
def progress_reporter(stream: IO[str]) -> Iterator[Callable[[IndexProgress], None] | None]:
    """A Rich progress bar when ``stream`` is a terminal; nothing at all in a pipe."""
    if not stream.isatty():
        yield None
        return
    from rich.progress import (
        BarColumn,
        MofNCompleteColumn,
        Progress,
        TextColumn,
        TimeRemainingColumn,
    )

    # auto_refresh=False: no refresh thread, so the indexer may start worker processes safely.
    with Progress(
        TextColumn("indexing"),
        BarColumn(),
        MofNCompleteColumn(),
        TimeRemainingColumn(),
        TextColumn("{task.description}", style="dim"),
        console=_console(stream),
        auto_refresh=False,
        transient=True,
    ) as bar:
        task = bar.add_task("", total=None)
        last = [0.0]

        def update(step: IndexProgress) -> None:
            import time

            bar.update(task, completed=step.done, total=step.total, description=_tail(step.path))
            now = time.monotonic()
            if now - last[0] > 0.1 or step.done == step.total:
                last[0] = now
                bar.refresh()

        yield update


def _tail(path: str, width: int = 40) -> str:
    path = one_line(path)
    return path if len(path) <= width else "…" + path[-width + 1 :]


def print_index_json(report: IndexReport) -> None:
    """The summary scripts rely on, as the last line of stdout."""
    print(json_line(_report_dict(report)))


def _report_dict(report: IndexReport) -> dict[str, Any]:
    return {
        "added": report.added,
        "updated": report.updated,
        "removed": report.removed,
        "unchanged": report.unchanged,
        "skipped": [{"path": s.path, "reason": s.reason} for s in report.skipped],
    }


def print_index_summary(report: IndexReport) -> None:
    """A one-line summary, then the files left out (the first few) and why."""
    print(
        f"{report.added} added, {report.updated} updated, {report.removed} removed, "
        f"{report.unchanged} unchanged, {len(report.skipped)} skipped"
    )
    for skipped in report.skipped[:SKIPPED_SHOWN]:
        print(f"  skipped {one_line(skipped.path)}: {one_line(skipped.reason)}")
    if len(report.skipped) > SKIPPED_SHOWN:
        more = len(report.skipped) - SKIPPED_SHOWN
        print(f"  ... and {more} more (--json lists them all)")


def print_notices(result: SearchResult) -> None:
    """Notices and "did you mean" go to stderr, so stdout stays clean for scripts."""
    if result.notice:
        print(f"broadsheet: {one_line(result.notice)}", file=sys.stderr)
    if result.suggestion:
        print(f"did you mean: {one_line(result.suggestion)}", file=sys.stderr)


def hit_dict(hit: Hit) -> dict[str, Any]:
    """A hit as the JSON object of the command-line contract."""
    return {
        **metadata(hit),
        "score": hit.score,
        "snippet": hit.snippet,
        "highlights": [list(span) for span in hit.highlights],
        "duplicates": list(hit.duplicates),
    }


def print_hits_json(result: SearchResult) -> None:
    """One JSON object per hit per line."""
    for hit in result.hits:
        print(json_line(hit_dict(hit)))


def print_hits(result: SearchResult) -> None:
    """Numbered hits: title, source · date · id, and the snippet with matches in bold."""
    from rich.text import Text

    console = _console()
    shown = len(result.hits)
    console.print(
        Text(
            f"{result.total} found" + (f", showing {shown}" if shown < result.total else ""),
            style="dim",
        )
    )
    for number, hit in enumerate(result.hits, 1):
        title = _marked(one_line(hit.title), hit.title_highlights, "bold")
        console.print(Text(f"{number:>3}. ", style="bold") + title)
        details = " · ".join(one_line(part) for part in (hit.source, hit.date, hit.id) if part)
        if hit.duplicates:
            details += f" · +{len(hit.duplicates)} near-duplicates"
        console.print(Text("     " + details, style="dim"))
        console.print(
            Text("     ") + _marked(one_line(hit.snippet), hit.highlights, "bold reverse")
        )


def _marked(text: str, spans: Sequence[tuple[int, int]], style: str):  # type: ignore[no-untyped-def]
    from rich.text import Text

    rich_text = Text(text)
    for start, end in spans:
        rich_text.stylize(style, start, end)
    return rich_text


def article_dict(article: Article, duplicates: Sequence[str]) -> dict[str, Any]:
    """An article as JSON: the hit keys (snippet empty) plus ``text``."""
    return {
        **metadata(article),
        "score": None,
        "snippet": "",
        "highlights": [],
        "duplicates": list(duplicates),
        "text": article.text,
    }


def print_article_json(article: Article, duplicates: Sequence[str]) -> None:
    """One JSON object."""
    print(json_line(article_dict(article, duplicates)))


def print_article(article: Article, duplicates: Sequence[str]) -> None:
    """A metadata header, then the text as stored (control characters made visible)."""
    from rich.text import Text

    console = _console()
    console.print(Text(one_line(article.title), style="bold"))
    for label, value in (
        ("source", article.source),
        ("author", article.author),
        ("date", article.date),
        ("url", article.url),
        ("path", article.path),
        ("id", article.id),
    ):
        if value:
            console.print(Text(f"{label:>7}: ", style="dim") + Text(one_line(value)))
    if duplicates:
        console.print(Text(f" copies: {', '.join(duplicates)}", style="dim"))
    console.print()
    console.print(Text(printable(article.text)), soft_wrap=True)


def print_groups_json(groups: Sequence[DuplicateGroup]) -> None:
    """One group per line, largest first."""
    for group in groups:
        print(json_line({"group": group.group, "articles": [asdict(m) for m in group.articles]}))


def print_groups(groups: Sequence[DuplicateGroup]) -> None:
    """Each group with its members' titles and similarity."""
    from rich.text import Text

    console = _console()
    count = len(groups)
    console.print(Text(f"{count} group{'s' if count != 1 else ''} of near-duplicates", style="dim"))
    for group in groups:
        console.print()
        for member in group.articles:
            console.print(
                Text(f"{member.similarity:5.2f}  ", style="dim")
                + Text(one_line(member.title), style="bold")
                + Text(f"  {member.id} {one_line(member.path)}", style="dim")
            )
