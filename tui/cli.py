"""The ``broadsheet`` command: index, search, show, dupes, or (no subcommand) the reading app.

Subcommands never import Textual, so a one-shot search starts fast.
"""

from __future__ import annotations

import argparse
import os
import subprocess
import sys
from collections.abc import Sequence
from functools import partial
from typing import TYPE_CHECKING

from index.errors import BroadsheetError, QueryError
from index.models import SORT_ORDERS

if TYPE_CHECKING:
    from index.library import Library  # Imported when needed: a subcommand may not need it.

SUBCOMMANDS = ("index", "search", "show", "dupes")
EXIT_OK, EXIT_FAILURE, EXIT_USAGE = 0, 1, 2


def main(argv: Sequence[str] | None = None) -> int:
    """Entry point of the console script; returns the exit status."""
    arguments = list(sys.argv[1:] if argv is None else argv)
    parser = _app_parser() if _wants_app(arguments) else _command_parser()
    options = parser.parse_args(arguments)
    try:
        return int(options.run(options) or EXIT_OK)
    except QueryError as error:
        return _fail(options, error, EXIT_USAGE)
    except BroadsheetError as error:
        return _fail(options, error, EXIT_FAILURE)
    except KeyboardInterrupt:
        print("broadsheet: interrupted (finished batches are kept)", file=sys.stderr)
        return 130
    except BrokenPipeError:
        # The reader of our output went away (e.g. `| head`): not an error worth a word.
        os.dup2(os.open(os.devnull, os.O_WRONLY), sys.stdout.fileno())
        return EXIT_OK
    except Exception as error:
        return _fail(options, error, EXIT_FAILURE)


def _fail(options: argparse.Namespace, error: BaseException, status: int) -> int:
    if getattr(options, "debug", False):
        raise error
    message = (
        str(error) if isinstance(error, BroadsheetError) else f"{type(error).__name__}: {error}"
    )
    print(f"broadsheet: {message}", file=sys.stderr)
    return status


def _wants_app(arguments: list[str]) -> bool:
    """No subcommand (``broadsheet``, ``broadsheet seeds/``) means: open the reading app."""
    first = next((a for a in arguments if not a.startswith("-")), None)
    if any(a in ("-h", "--help", "--version") for a in arguments) and first is None:
        return False
    return first not in SUBCOMMANDS


def _common(parser: argparse.ArgumentParser) -> None:
    parser.add_argument(
        "--index",
        metavar="DIR",
        help="library folder (default: $BROADSHEET_INDEX, else the user data folder)",
    )
    parser.add_argument("--debug", action="store_true", help="show tracebacks on errors")


def _app_parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(
        prog="broadsheet",
        description="Open the reading app; with PATHs, index them first. "
        f"Subcommands: {', '.join(SUBCOMMANDS)} (see `broadsheet --help`).",
    )
    parser.add_argument("paths", nargs="*", metavar="PATH", help="folders or files to index first")
    _common(parser)
    parser.set_defaults(run=_run_app)
    return parser


def _command_parser() -> argparse.ArgumentParser:
    from importlib.metadata import version

    parser = argparse.ArgumentParser(
        prog="broadsheet",
        description="Read and search collections of articles from the terminal. "
        "With no subcommand, `broadsheet [PATH...]` opens the reading app.",
    )
    parser.add_argument(
        "--version", action="version", version=f"broadsheet {version('broadsheet')}"
    )
    commands = parser.add_subparsers(title="commands", metavar="COMMAND")

    index = commands.add_parser("index", help="index folders and files (new and changed only)")
    index.add_argument(
        "paths", nargs="*", metavar="PATH", help="default: the folders indexed before"
    )
    index.add_argument("--rebuild", action="store_true", help="build the index anew from the files")
    index.add_argument(
        "--wait", type=float, default=0.0, metavar="SECONDS", help="wait for another writer"
    )
    index.add_argument("--json", action="store_true", help="print a JSON summary as the last line")
    _common(index)
    index.set_defaults(run=_run_index)

    search = commands.add_parser("search", help="search the library")
    search.add_argument(
        "query", nargs="+", metavar="QUERY", help='words, "phrases", field:value, ...'
    )
    search.add_argument(
        "--limit", type=_positive, default=20, metavar="N", help="hits to show (20)"
    )
    search.add_argument("--sort", choices=SORT_ORDERS, default="relevance")
    search.add_argument("--json", action="store_true", help="one JSON object per hit per line")
    _common(search)
    search.set_defaults(run=_run_search)

    show = commands.add_parser("show", help="print one article")
    show.add_argument("id", metavar="ID", help="an article id (or a file path)")
    show.add_argument("--json", action="store_true", help="print the article as one JSON object")
    _common(show)
    show.set_defaults(run=_run_show)

    dupes = commands.add_parser("dupes", help="list groups of near-duplicate articles")
    dupes.add_argument("--json", action="store_true", help="one JSON object per group per line")
    _common(dupes)
    dupes.set_defaults(run=_run_dupes)
    return parser


def _positive(text: str) -> int:
    value = int(text)
    if value < 1:
        raise argparse.ArgumentTypeError("must be 1 or more")
    return value


def _open(options: argparse.Namespace, create: bool = False) -> Library:
    from index.library import Library

    return Library.open(options.index, create=create)


def _run_index(options: argparse.Namespace) -> int:
    from index.library import Library
    from tui import output

    with output.progress_reporter(sys.stderr) as progress:
        if options.rebuild:  # Never opens the live index: a corrupt one is rebuilt, not read.
            report = Library.rebuild(
                options.index, options.paths, progress=progress, wait=options.wait
            )
        else:
            report = _open(options, create=True).index(
                options.paths, progress=progress, wait=options.wait
            )
    if options.json:
        output.print_index_json(report)
    else:
        output.print_index_summary(report)
    return EXIT_OK


def _run_search(options: argparse.Namespace) -> int:
    from tui import output

    library = _open(options)
    result = library.search(" ".join(options.query), limit=options.limit, sort=options.sort)
    output.print_notices(result)
    if options.json:
        output.print_hits_json(result)
    else:
        output.print_hits(result)
    return EXIT_OK


def _run_show(options: argparse.Namespace) -> int:
    from tui import output

    library = _open(options)
    article = library.article(options.id)
    duplicates = [match.id for match in library.duplicates_of(article.id)]
    if options.json:
        output.print_article_json(article, duplicates)
    else:
        output.print_article(article, duplicates)
    return EXIT_OK


def _run_dupes(options: argparse.Namespace) -> int:
    from tui import output

    library = _open(options)
    groups = library.groups()
    ungrouped = library.stats().ungrouped
    if ungrouped:
        print(
            f"note: {ungrouped:,} articles are not compared for near-duplicates yet; "
            "`broadsheet index` compares them",
            file=sys.stderr,
        )
    if options.json:
        output.print_groups_json(groups)
    else:
        output.print_groups(groups)
    return EXIT_OK


def _run_app(options: argparse.Namespace) -> int:
    if options.paths:
        status = _index_first(options)
        if status != EXIT_OK:
            return status
    from tui.app import run_app  # Textual is imported only for the app itself.

    # The app paints first and opens the library in a worker: importing Whoosh and NumPy
    # takes longer than drawing the first frame.
    run_app(partial(_open, options))
    return EXIT_OK


def _index_first(options: argparse.Namespace) -> int:
    """``broadsheet PATH...``: index the paths before the app opens, in a process of its own
    (`broadsheet index`, with its progress bar and summary): the app keeps none of the memory
    indexing needs (370 MB at 50k articles, against the app's 100 MB)."""
    command = [sys.executable, "-m", "tui.cli", "index", *options.paths]
    if options.index is not None:
        command += ["--index", str(options.index)]
    if options.debug:
        command.append("--debug")
    process = subprocess.Popen(command, stdout=sys.stderr)  # the summary, as progress goes
    try:
        return process.wait()
    except KeyboardInterrupt:  # the indexer had the same Ctrl-C: it keeps what it finished
        return process.wait()


if __name__ == "__main__":
    sys.exit(main())
