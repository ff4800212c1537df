"""The app's three figures on a library: keystroke to results painted, first paint, memory.

    python bench/app_latency.py --index DIR [--pace 0.25] [--json]

* Keystroke to results painted: the app runs headless in this process; queries are typed one
  character at a time at a typist's pace (``--pace`` seconds apart), and each keystroke is
  timed from the key event to the first frame in which the results list draws the results of
  the text typed so far (debounce, search worker, list rebuild and paint included).
* Start to first paint: ``broadsheet --index DIR`` is started in a pseudo-terminal (80x24);
  timed from spawn to the first frame showing the header, and to the header with its counts.
* Resident memory: the peak RSS (VmHWM) of that process after it searched every query.

Targets (issue 4): p95 <= 50 ms, first paint <= 0.5 s, RSS <= 300 MB.
"""

from __future__ import annotations

import argparse
import asyncio
import fcntl
import json
import os
import pty
import select
import statistics
import struct
import subprocess
import sys
import termios
import time
from pathlib import Path

REPO = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(REPO))

import tui  # noqa: E402, F401  (first: tui/__init__.py sets up Textual as the app runs it)

# isort: split
from textual import events  # noqa: E402

from index.library import Library  # noqa: E402
from tui.app import BroadsheetApp  # noqa: E402
from tui.screens.main import MainScreen  # noqa: E402
from tui.widgets.results_list import ResultsList  # noqa: E402

QUERIES = [
    "president", "election", "market", "court ruling", "police", "climate change", "vaccine",
    "ukraine", "inflation", "football", "senate", "oil prices", "wildfire", "earthquake",
    "prime minister", "bank", "school", "hospital", "protest", "trade deal", "china",
    "supreme court", "border", "energy", "technology", "hurricane", "tax", "housing", "strike",
    "museum",
]  # fmt: skip


async def keystroke_latencies(directory: Path, pace: float) -> list[float]:
    """Seconds from each keystroke to the paint of its results."""
    library = Library.open(directory)
    app = BroadsheetApp(library)
    painted: list[float] = []
    original = ResultsList.render_lines

    def timed_render_lines(self: ResultsList, crop):  # type: ignore[no-untyped-def]
        lines = original(self, crop)
        painted.append(time.perf_counter())
        return lines

    ResultsList.render_lines = timed_render_lines  # type: ignore[assignment, method-assign]
    latencies: list[float] = []
    async with app.run_test(size=(100, 30)) as pilot:
        await app.workers.wait_for_complete()
        await pilot.pause()
        screen = next(s for s in app.screen_stack if isinstance(s, MainScreen))
        await pilot.press("slash")
        for query in QUERIES:
            await pilot.press("ctrl+a", "ctrl+k")  # clear the box (an empty query searches nothing)
            await pilot.pause(pace)
            for position, character in enumerate(query, 1):
                typed = query[:position].strip()
                key = "space" if character == " " else character
                start = time.perf_counter()
                painted.clear()
                app.post_message(events.Key(key, character))
                deadline = start + 5
                while time.perf_counter() < deadline:
                    await asyncio.sleep(0.001)
                    shown = screen.result.query if screen.result else None
                    if shown == typed and painted and painted[-1] > start:
                        latencies.append(painted[-1] - start)
                        break
                await pilot.pause(pace)
    ResultsList.render_lines = original  # type: ignore[method-assign]
    library.close()
    return latencies


def start_and_memory(directory: Path) -> dict[str, float]:
    """Start the real app in a pty: seconds to first paint and to counts, then peak RSS in MB."""
    broadsheet = Path(sys.executable).parent / "broadsheet"
    leader, follower = pty.openpty()
    fcntl.ioctl(follower, termios.TIOCSWINSZ, struct.pack("HHHH", 24, 80, 0, 0))
    environment = {**os.environ, "TERM": "xterm-256color"}
    start = time.perf_counter()
    process = subprocess.Popen(
        [str(broadsheet), "--index", str(directory)],
        stdin=follower, stdout=follower, stderr=follower, env=environment, close_fds=True,
    )  # fmt: skip
    os.close(follower)
    output = b""
    marks: dict[str, float] = {}

    def read_until(wanted: bytes, timeout: float = 30) -> float:
        nonlocal output
        deadline = time.perf_counter() + timeout
        while wanted not in output and time.perf_counter() < deadline:
            ready, _, _ = select.select([leader], [], [], 0.01)
            if ready:
                output += os.read(leader, 65536)
        if wanted not in output:
            raise SystemExit(f"the app never showed {wanted!r}")
        return time.perf_counter() - start

    def read_until_quiet(quiet: float = 0.2) -> None:
        while select.select([leader], [], [], quiet)[0]:
            os.read(leader, 65536)

    marks["first_paint_s"] = read_until(b"Broadsheet")
    marks["counts_shown_s"] = read_until(b" articles")
    for query in QUERIES:
        # / to the search box, ctrl+a ctrl+k to clear it, the query, Enter.
        os.write(leader, b"/\x01\x0b" + query.encode() + b"\r")
        read_until_quiet()
    status = Path(f"/proc/{process.pid}/status").read_text()
    peak_kb = next(int(line.split()[1]) for line in status.splitlines() if line.startswith("VmHWM"))
    marks["peak_rss_mb"] = peak_kb / 1024
    os.write(leader, b"\x1b")
    time.sleep(0.3)
    os.write(leader, b"q")
    try:
        process.wait(timeout=5)
    except subprocess.TimeoutExpired:
        process.kill()
    os.close(leader)
    return marks


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--index", type=Path, required=True, help="the library folder")
    parser.add_argument("--pace", type=float, default=0.25, help="seconds between keystrokes")
    parser.add_argument("--json", action="store_true", help="print the figures as JSON")
    options = parser.parse_args()
    load_before = os.getloadavg()[0]
    latencies = asyncio.run(keystroke_latencies(options.index, options.pace))
    figures = {
        "keystrokes": len(latencies),
        "keystroke_p50_ms": statistics.median(latencies) * 1000,
        "keystroke_p95_ms": statistics.quantiles(latencies, n=20)[-1] * 1000,
        "keystroke_max_ms": max(latencies) * 1000,
        **start_and_memory(options.index),
        # Other processes share the cores: the figures are only comparable at a similar load.
        "load_average_before": load_before,
        "load_average_after": os.getloadavg()[0],
    }
    if options.json:
        print(json.dumps(figures, indent=2))
        return
    print(
        f"keystroke → results painted: p50 {figures['keystroke_p50_ms']:.1f} ms, "
        f"p95 {figures['keystroke_p95_ms']:.1f} ms (target ≤ 50), "
        f"max {figures['keystroke_max_ms']:.1f} ms over {figures['keystrokes']} keystrokes"
    )
    print(
        f"start → first paint: {figures['first_paint_s']:.2f} s (target ≤ 0.5); "
        f"counts shown at {figures['counts_shown_s']:.2f} s"
    )
    print(f"peak resident memory: {figures['peak_rss_mb']:.0f} MB (target ≤ 300)")
    print(
        f"load average (1 min): {figures['load_average_before']:.2f} before, "
        f"{figures['load_average_after']:.2f} after, on {os.cpu_count()} cores"
    )


if __name__ == "__main__":
    main()
