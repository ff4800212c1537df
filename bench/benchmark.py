"""Broadsheet against SQLite FTS5 on the same corpus, in the same run (issue 6).

    python bench/benchmark.py [--runs 3] [--corpora ../shared/corpora] [--synthetic N]
                              [--folder PATH] [--json OUT]

Both engines index the same files with the same readers, each in its own process; the table
shows medians, Broadsheet next to FTS5 and the ratio Broadsheet / FTS5.
"""

from __future__ import annotations

import argparse
import json
import os
import platform
import random
import shutil
import sqlite3
import sys
import tempfile
import time
from collections.abc import Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import TYPE_CHECKING, Any

import corpus
import fts5
import queries
import synthetic
from measure import Measured, folder_bytes, run_measured
from report import Row, Target, median, percentile, table

if TYPE_CHECKING:
    from index.library import Library

BENCH = Path(__file__).resolve().parent
MB = 1024 * 1024
SAMPLED_ARTICLES = 20_000
"""Query words are drawn from at most this many random articles."""
POOLED = ("term", "phrase", "field")
"""The query kinds both engines answer: pooled for the search + highlight figure."""


@dataclass(frozen=True, slots=True)
class Setup:
    """Where things are: the corpus, the scratch folder, the programs run."""

    root: Path
    work: Path
    broadsheet: str
    python: str = sys.executable
    env: dict[str, str] = field(default_factory=lambda: dict(os.environ))

    def helper(self, script: str, *arguments: object) -> list[str]:
        """Command line of one of the helper scripts next to this one."""
        return [self.python, str(BENCH / script), *(str(a) for a in arguments)]

    def cli(self, *arguments: object) -> list[str]:
        """Command line of the real ``broadsheet`` program."""
        return [self.broadsheet, *(str(a) for a in arguments)]


@dataclass(slots=True)
class Figures:
    """Every raw number of one benchmark, by name (lists: one value per run or query)."""

    values: dict[str, list[float]] = field(default_factory=dict)
    facts: dict[str, Any] = field(default_factory=dict)

    def add(self, name: str, value: float) -> None:
        """Record one more value of a figure."""
        self.values.setdefault(name, []).append(value)

    def median(self, name: str) -> float | None:
        """The median of a figure, None if it was never measured."""
        return median(self.values.get(name, []))


def log(message: str) -> None:
    """Progress on stderr (the table goes to stdout)."""
    print(f"[{time.strftime('%H:%M:%S')}] {message}", file=sys.stderr, flush=True)


def last_json(text: str) -> dict[str, Any]:
    """The JSON object on the last non-empty line of a program's output."""
    lines = [line for line in text.splitlines() if line.strip()]
    if not lines:
        raise RuntimeError("expected a JSON summary, got no output")
    result: dict[str, Any] = json.loads(lines[-1])
    return result


# Corpus -----------------------------------------------------------------------------------


def prepare_corpus(options: argparse.Namespace, work: Path) -> tuple[Path, str]:
    """The folder to benchmark (always a private copy) and a one-line description of it."""
    target = work / "corpus"
    if options.folder is not None:
        corpus.copy_folder(options.folder.resolve(), target)
        return target, f"folder {options.folder}"
    if options.synthetic:
        log(f"generating {options.synthetic:,} synthetic articles")
        files = synthetic.generate(target, options.synthetic, options.synthetic_format)
        return target, f"synthetic: {options.synthetic:,} articles in {files:,} files"
    log(f"extracting {', '.join(corpus.ARCHIVES)} from {options.corpora}")
    corpus.extract(options.corpora, target)
    return target, f"real corpora: {', '.join(corpus.ARCHIVES)}"


# Indexing ---------------------------------------------------------------------------------


def index_broadsheet(setup: Setup, library: Path, figures: Figures) -> None:
    """One full Broadsheet index of the corpus by the real CLI, measured."""
    shutil.rmtree(library, ignore_errors=True)
    run = run_measured(setup.cli("index", setup.root, "--index", library, "--json"), setup.env)
    summary = last_json(run.check("broadsheet index").stdout)
    articles = int(summary["added"])
    figures.facts["broadsheet_articles"] = articles
    figures.facts["broadsheet_skipped"] = len(summary.get("skipped") or [])
    figures.add("index_seconds.broadsheet", run.seconds)
    figures.add("index_articles_per_s.broadsheet", articles / run.seconds)
    figures.add("index_peak_rss_mb.broadsheet", run.peak_rss_mb)
    figures.add("index_tree_rss_mb.broadsheet", run.tree_rss_mb)
    figures.add("index_wait4_maxrss_mb.broadsheet", run.rusage_maxrss_mb)
    figures.add("index_size_mb.broadsheet", folder_bytes(library) / MB)


def index_fts5(setup: Setup, database: Path, figures: Figures) -> None:
    """One full FTS5 build from the same files (walk, read, insert), measured."""
    database.unlink(missing_ok=True)
    run = run_measured(setup.helper("fts5.py", "build", database, setup.root), setup.env)
    totals = last_json(run.check("FTS5 build").stdout)
    figures.facts["fts5_totals"] = totals
    articles = int(totals["articles"])
    figures.add("index_seconds.fts5", run.seconds)
    figures.add("index_articles_per_s.fts5", articles / run.seconds)
    figures.add("index_peak_rss_mb.fts5", run.peak_rss_mb)
    figures.add("index_tree_rss_mb.fts5", run.tree_rss_mb)
    figures.add("index_wait4_maxrss_mb.fts5", run.rusage_maxrss_mb)
    figures.add("index_size_mb.fts5", folder_bytes(database) / MB)


def group_duplicates(setup: Setup, database: Path, figures: Figures) -> None:
    """Broadsheet's duplicate grouping alone, over the same articles."""
    folder = setup.work / "dupes"
    shutil.rmtree(folder, ignore_errors=True)
    run = run_measured(setup.helper("dupes_run.py", database, folder), setup.env)
    result = last_json(run.check("duplicate grouping").stdout)
    figures.add("dupes_seconds.broadsheet", float(result["seconds"]))
    figures.add("dupes_peak_rss_mb.broadsheet", run.peak_rss_mb)
    figures.facts["duplicate_groups"] = result["groups"]
    shutil.rmtree(folder, ignore_errors=True)


def index_runs(setup: Setup, runs: int, figures: Figures) -> tuple[Path, Path]:
    """Index ``runs`` times with each engine (alternating); the last library and database."""
    library, database = setup.work / "library", setup.work / "fts5.sqlite"
    for number in range(1, runs + 1):
        log(f"run {number}/{runs}: Broadsheet index")
        index_broadsheet(setup, library, figures)
        log(f"run {number}/{runs}: FTS5 build")
        index_fts5(setup, database, figures)
        log(f"run {number}/{runs}: duplicate grouping")
        group_duplicates(setup, database, figures)
    return library, database


# Queries ----------------------------------------------------------------------------------


def sample_queries(database: Path, per_kind: int) -> dict[str, list[queries.Query]]:
    """Query sets drawn (seeded) from up to SAMPLED_ARTICLES random articles of the corpus."""
    last = fts5.max_doc(database)
    docs = random.Random(6).sample(range(1, last + 1), min(last, SAMPLED_ARTICLES))
    return queries.sample(((t, b) for _, t, b in fts5.rows(database, docs)), per_kind)


def _time_broadsheet(books: Library, text: str) -> float | None:
    """Seconds for one search with snippets and highlights; None if the query is refused."""
    from index.errors import BroadsheetError

    started = time.perf_counter()
    try:
        books.search(text, limit=20)
    except BroadsheetError:
        return None
    return time.perf_counter() - started


def _time_fts5(connection: sqlite3.Connection, text: str) -> float:
    """Seconds for one FTS5 search with snippets."""
    started = time.perf_counter()
    fts5.search(connection, text)
    return time.perf_counter() - started


def time_queries(
    library: Path, database: Path, sets: dict[str, list[queries.Query]], repeats: int
) -> dict[str, dict[str, list[float]]]:
    """Seconds per query, per kind and engine: a warm-up pass, then ``repeats`` passes."""
    from index.library import Library

    books = Library.open(library)
    connection = sqlite3.connect(database)
    times: dict[str, dict[str, list[float]]] = {k: {"broadsheet": [], "fts5": []} for k in sets}
    for number in range(repeats + 1):
        for kind, items in sets.items():
            for query in items:
                seconds = _time_broadsheet(books, query.broadsheet)
                if number and seconds is not None:
                    times[kind]["broadsheet"].append(seconds)
                if query.fts5 is not None:
                    seconds = _time_fts5(connection, query.fts5)
                    if number:
                        times[kind]["fts5"].append(seconds)
    books.close()
    connection.close()
    return times


def record_queries(times: dict[str, dict[str, list[float]]], figures: Figures) -> None:
    """Per-query latencies into the figures (kept raw for the JSON)."""
    for kind, engines in times.items():
        for engine, values in engines.items():
            figures.values[f"query_seconds.{kind}.{engine}"] = values


def counted_hits(
    library: Path, database: Path, sets: dict[str, list[queries.Query]]
) -> dict[str, object]:
    """How many queries of each kind found something, per engine (a sanity check)."""
    from index.library import Library

    books = Library.open(library)
    connection = sqlite3.connect(database)
    found: dict[str, object] = {}
    for kind, items in sets.items():
        hits_b = sum(1 for q in items if _safe_total(books, q.broadsheet))
        hits_f = sum(1 for q in items if q.fts5 and fts5.search(connection, q.fts5, 1))
        found[kind] = {"queries": len(items), "broadsheet_found": hits_b, "fts5_found": hits_f}
    books.close()
    connection.close()
    return found


def _safe_total(books: Library, text: str) -> int:
    from index.errors import BroadsheetError

    try:
        return books.search(text, limit=1).total
    except BroadsheetError:
        return 0


# Opening, updating ------------------------------------------------------------------------


def first_results(
    setup: Setup, library: Path, database: Path, query: queries.Query, runs: int
) -> dict[str, list[Measured]]:
    """Fresh processes that open the index and print the top 20 for one query."""
    commands = {
        "broadsheet": setup.cli(
            "search", query.broadsheet, "--index", library, "--json", "--limit", 20
        ),
        "fts5": setup.helper("fts5.py", "first", database, query.fts5),
    }
    measured: dict[str, list[Measured]] = {"broadsheet": [], "fts5": []}
    for _ in range(runs):
        for engine, command in commands.items():
            measured[engine].append(run_measured(command, setup.env).check(f"{engine} search"))
    return measured


def updates(
    setup: Setup, library: Path, database: Path, runs: int, figures: Figures
) -> dict[str, list[Measured]]:
    """Append to one file, then re-index (Broadsheet: its remembered folders; FTS5: the file)."""
    chosen = corpus.pick_update_file(fts5.files(database))
    figures.facts["updated_file"] = os.fsdecode(chosen)
    edited = corpus.EditedFile(chosen)
    measured: dict[str, list[Measured]] = {"broadsheet": [], "fts5": []}
    try:
        for number in range(runs):
            edited.edit(number)
            run = run_measured(setup.cli("index", "--index", library, "--json"), setup.env)
            summary = last_json(run.check("broadsheet index (update)").stdout)
            figures.facts["update_report"] = summary
            measured["broadsheet"].append(run)
            command = setup.helper("fts5.py", "update", database, os.fsdecode(chosen))
            run = run_measured(command, setup.env).check("FTS5 update")
            inside = last_json(run.stdout)
            figures.add("update_read_seconds.fts5", float(inside["read_seconds"]))
            figures.add("update_write_seconds.fts5", float(inside["write_seconds"]))
            measured["fts5"].append(run)
    finally:
        edited.restore()
    return measured


def record_runs(prefix: str, measured: dict[str, list[Measured]], figures: Figures) -> None:
    """Wall seconds and own peak RSS of helper runs into the figures."""
    for engine, runs in measured.items():
        for run in runs:
            figures.add(f"{prefix}_seconds.{engine}", run.seconds)
            figures.add(f"{prefix}_peak_rss_mb.{engine}", run.peak_rss_mb)


# The table --------------------------------------------------------------------------------


def _pair(figures: Figures, name: str) -> tuple[float | None, float | None]:
    return figures.median(f"{name}.broadsheet"), figures.median(f"{name}.fts5")


def _latency(
    figures: Figures, kinds: Sequence[str], share: float
) -> tuple[float | None, float | None]:
    """Percentile in ms of the pooled latencies of the given kinds, per engine."""

    def of(engine: str) -> float | None:
        pooled = [s for k in kinds for s in figures.values.get(f"query_seconds.{k}.{engine}", [])]
        value = percentile(pooled, share)
        return None if value is None else value * 1000

    return of("broadsheet"), of("fts5")


def rows(figures: Figures) -> list[Row]:
    """Every metric of the table, in order."""
    text_mb = float(figures.facts["text_bytes"]) / MB
    seconds_b, seconds_f = _pair(figures, "index_seconds")
    one_fifth = Target("ratio", at_least=0.2)
    table_rows = [
        Row("index rate", "articles/s", *_pair(figures, "index_articles_per_s"), one_fifth),
        Row(
            "index rate",
            "MB/s",
            text_mb / seconds_b if seconds_b else None,
            text_mb / seconds_f if seconds_f else None,
            one_fifth,
        ),
        Row("index time", "s", seconds_b, seconds_f),
        Row("index size", "MB", *_pair(figures, "index_size_mb")),
        # The 300 MB is the app's resident memory (bench/app_latency.py); the app
        # never indexes in its own process (`broadsheet PATH` runs `broadsheet index` first).
        Row("peak RSS indexing, main process", "MB", *_pair(figures, "index_peak_rss_mb")),
        Row("peak RSS indexing, all processes", "MB", *_pair(figures, "index_tree_rss_mb")),
    ]
    for kind in queries.KINDS:
        for name, share in (("p50", 0.5), ("p95", 0.95)):
            table_rows.append(Row(f"{kind} query {name}", "ms", *_latency(figures, [kind], share)))
    table_rows += [
        Row("search + highlight top 20 p50", "ms", *_latency(figures, POOLED, 0.5)),
        Row(
            "search + highlight top 20 p95",
            "ms",
            *_latency(figures, POOLED, 0.95),
            Target("ratio", at_most=2),
        ),
        Row("first result after opening", "s", *_pair(figures, "first_seconds")),
        Row("peak RSS open + search", "MB", *_pair(figures, "first_peak_rss_mb")),
        Row("duplicate grouping", "s", figures.median("dupes_seconds.broadsheet"), None),
        Row(
            "one changed file re-indexed",
            "s",
            *_pair(figures, "update_seconds"),
            Target("value", at_most=2),
        ),
    ]
    return table_rows


# Running it all -----------------------------------------------------------------------------


def parse_args(argv: Sequence[str] | None) -> argparse.Namespace:
    """The command line (see the module docstring)."""
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--runs", type=int, default=3, help="indexing runs (median; default 3)")
    parser.add_argument("--corpora", type=Path, default=corpus.DEFAULT_CORPORA)
    parser.add_argument("--synthetic", type=int, metavar="N", help="N generated articles")
    parser.add_argument("--synthetic-format", choices=("jsonl", "txt"), default="jsonl")
    parser.add_argument("--folder", type=Path, help="benchmark this folder (a copy of it)")
    parser.add_argument("--json", type=Path, metavar="OUT", help="write every raw number here")
    parser.add_argument("--queries", type=int, default=40, help="queries per kind (default 40)")
    parser.add_argument("--query-repeats", type=int, default=5, help="timed passes per set")
    parser.add_argument("--cold-runs", type=int, default=5, help="fresh-process searches")
    parser.add_argument("--update-runs", type=int, default=3, help="one-file updates")
    parser.add_argument("--keep", action="store_true", help="keep the scratch folder")
    options = parser.parse_args(argv)
    if options.folder is not None and options.synthetic:
        parser.error("--folder and --synthetic exclude each other")
    if min(options.runs, options.query_repeats, options.cold_runs, options.update_runs) < 1:
        parser.error("run counts must be at least 1")
    return options


def broadsheet_program() -> str:
    """The ``broadsheet`` program beside this Python, else the one on PATH."""
    beside = Path(sys.executable).parent / "broadsheet"
    found = str(beside) if beside.exists() else shutil.which("broadsheet")
    if found is None:
        sys.exit("no `broadsheet` program: install the project (pip install -e .)")
    return found


def measure_all(setup: Setup, options: argparse.Namespace, figures: Figures) -> None:
    """Every measurement, in order, into ``figures``."""
    library, database = index_runs(setup, options.runs, figures)
    totals = figures.facts["fts5_totals"]
    figures.facts["text_bytes"] = totals["text_bytes"]
    log("sampling queries")
    sets = sample_queries(database, options.queries)
    figures.facts["queries"] = {k: [q.broadsheet for q in v] for k, v in sets.items()}
    figures.facts["queries_finding_something"] = counted_hits(library, database, sets)
    log(f"timing queries ({options.query_repeats} passes after a warm-up)")
    record_queries(time_queries(library, database, sets, options.query_repeats), figures)
    log("first result after opening")
    cold = first_results(setup, library, database, sets["term"][0], options.cold_runs)
    record_runs("first", cold, figures)
    log("one changed file")
    record_runs("update", updates(setup, library, database, options.update_runs, figures), figures)


def describe(figures: Figures, source: str, options: argparse.Namespace, took: float) -> str:
    """The lines printed above the table."""
    totals: dict[str, int] = figures.facts["fts5_totals"]
    return "\n".join(
        [
            f"Broadsheet vs SQLite FTS5 {sqlite3.sqlite_version} (porter unicode61) — {source}",
            f"{totals['articles']:,} articles (Broadsheet: "
            f"{figures.facts['broadsheet_articles']:,}) in {totals['files']:,} files, "
            f"{totals['text_bytes'] / MB:.1f} MB of text; {figures.facts['duplicate_groups']} "
            "duplicate groups",
            f"medians of {options.runs} indexing run(s); queries: {options.queries} per kind, "
            f"{options.query_repeats} timed passes; {options.cold_runs} cold searches, "
            f"{options.update_runs} one-file updates; ratio = Broadsheet / FTS5",
            f"Python {platform.python_version()}, {os.cpu_count()} cores, {platform.platform()}; "
            f"took {took / 60:.1f} min",
        ]
    )


def write_json(path: Path, figures: Figures, table_rows: list[Row], header: str) -> None:
    """Every raw number, the facts and the table rows."""
    document = {
        "header": header.splitlines(),
        "rows": [row.as_json() for row in table_rows],
        "facts": figures.facts,
        "raw": figures.values,
    }
    path.write_text(json.dumps(document, indent=1, default=str) + "\n", encoding="utf-8")


def main(argv: Sequence[str] | None = None) -> int:
    """Run the benchmark and print the table."""
    options = parse_args(argv)
    started = time.perf_counter()
    work = Path(tempfile.mkdtemp(prefix="broadsheet-bench-"))
    try:
        root, source = prepare_corpus(options, work)
        setup = Setup(root, work, broadsheet_program())
        figures = Figures()
        measure_all(setup, options, figures)
        header = describe(figures, source, options, time.perf_counter() - started)
        table_rows = rows(figures)
        print(header)
        print()
        print(table(table_rows))
        if options.json is not None:
            write_json(options.json, figures, table_rows, header)
    finally:
        if options.keep:
            log(f"scratch folder kept: {work}")
        else:
            shutil.rmtree(work, ignore_errors=True)
    return 0


if __name__ == "__main__":
    sys.exit(main())
