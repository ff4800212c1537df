"""The benchmark runs end to end on the seeds and prints every metric with figures (no timings
are asserted: this only keeps bench/benchmark.py from rotting)."""

from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path

from tests.conftest import REPO, SEEDS

METRICS = (
    "index rate (articles/s)",
    "index rate (MB/s)",
    "index time (s)",
    "index size (MB)",
    "peak RSS indexing, main process (MB)",
    "peak RSS indexing, all processes (MB)",
    *(
        f"{kind} query {p} (ms)"
        for kind in ("term", "phrase", "field", "fuzzy")
        for p in ("p50", "p95")
    ),
    "search + highlight top 20 p50 (ms)",
    "search + highlight top 20 p95 (ms)",
    "first result after opening (s)",
    "peak RSS open + search (MB)",
    "duplicate grouping (s)",
    "one changed file re-indexed (s)",
)
NO_FTS5_EQUIVALENT = ("fuzzy query", "duplicate grouping")


def _number(cell: str) -> float:
    return float(cell.replace(",", ""))


def test_benchmark_on_the_seeds(tmp_path: Path) -> None:
    out = tmp_path / "bench.json"
    seeds_before = {p.name: p.read_bytes() for p in SEEDS.iterdir()}
    options = {
        "--folder": SEEDS,
        "--runs": 1,
        "--queries": 4,
        "--query-repeats": 1,
        "--cold-runs": 1,
        "--update-runs": 1,
        "--json": out,
    }
    command = [sys.executable, str(REPO / "bench" / "benchmark.py")]
    command += [str(part) for pair in options.items() for part in pair]
    done = subprocess.run(command, capture_output=True, text=True, timeout=180)
    assert done.returncode == 0, done.stderr
    rows = {}
    for line in done.stdout.splitlines():
        cells = [cell.strip() for cell in line.split("|")]
        if len(cells) >= 4 and cells[0] != "metric":
            rows[cells[0]] = cells
    assert set(METRICS) <= set(rows), done.stdout
    for metric in METRICS:
        _, broadsheet, fts5, ratio, *_ = rows[metric]
        assert _number(broadsheet) >= 0, metric
        if metric.startswith(NO_FTS5_EQUIVALENT):
            assert fts5 == ratio == "n/a", metric
        else:
            assert _number(fts5) >= 0 and _number(ratio) >= 0, metric
    document = json.loads(out.read_text())
    assert {row["metric"] for row in document["rows"]} <= {m.split(" (")[0] for m in METRICS}
    assert document["facts"]["fts5_totals"]["articles"] == 5
    assert document["facts"]["broadsheet_articles"] == 5
    # The seeds are benchmarked from a copy: the edited file is never one of them.
    assert {p.name: p.read_bytes() for p in SEEDS.iterdir()} == seeds_before
