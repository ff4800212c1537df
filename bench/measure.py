"""Run a command and measure it: wall time, its own peak RSS, the peak RSS of its process tree."""

from __future__ import annotations

import os
import subprocess
import sys
import tempfile
import threading
import time
from collections.abc import Sequence
from dataclasses import dataclass
from pathlib import Path

POLL_SECONDS = 0.05
"""How often the process's own high-water mark is read while it runs."""
TREE_EVERY = 4
"""Scan /proc for the whole process tree every this many polls (a scan costs a few ms)."""


@dataclass(frozen=True, slots=True)
class Measured:
    """One finished command: exit code, output, wall seconds and peak memory in MB."""

    returncode: int
    stdout: str
    stderr: str
    seconds: float
    peak_rss_mb: float
    """The process's own high-water mark (VmHWM), not counting its children."""
    tree_rss_mb: float
    """The largest sum of resident memory over the process and all its descendants."""
    rusage_maxrss_mb: float
    """ru_maxrss from wait4: the largest of the process and the descendants it reaped."""

    def check(self, what: str) -> Measured:
        """Self, or RuntimeError with the command's stderr when it failed."""
        if self.returncode != 0:
            raise RuntimeError(f"{what} failed (exit {self.returncode}):\n{self.stderr[-3000:]}")
        return self


def _status_kb(pid: int, field: str) -> int:
    """A ``kB`` field of /proc/PID/status (0 when the process is gone or has no memory)."""
    try:
        with open(f"/proc/{pid}/status", encoding="ascii", errors="replace") as handle:
            for line in handle:
                if line.startswith(field):
                    return int(line.split()[1])
    except (OSError, ValueError, IndexError):
        pass
    return 0


def _parents() -> dict[int, int]:
    """Every live process id mapped to its parent's id."""
    parents: dict[int, int] = {}
    for name in os.listdir("/proc"):
        if not name.isdigit():
            continue
        try:
            with open(f"/proc/{name}/stat", "rb") as handle:
                stat = handle.read()
        except OSError:
            continue
        # The command name may hold spaces and parentheses: fields start after the last ")".
        fields = stat[stat.rfind(b")") + 2 :].split()
        parents[int(name)] = int(fields[1])
    return parents


def descendants(pid: int) -> list[int]:
    """The process and all its live descendants."""
    children: dict[int, list[int]] = {}
    for child, parent in _parents().items():
        children.setdefault(parent, []).append(child)
    found, queue = [], [pid]
    while queue:
        current = queue.pop()
        found.append(current)
        queue.extend(children.get(current, ()))
    return found


class TreeSampler(threading.Thread):
    """Polls a running process for its own high-water mark and its tree's total RSS."""

    def __init__(self, pid: int) -> None:
        super().__init__(daemon=True)
        self.pid = pid
        self.own_kb = 0
        self.tree_kb = 0
        self.had_children = False
        self.finished = threading.Event()

    def run(self) -> None:
        polls = 0
        while not self.finished.is_set():
            self.own_kb = max(self.own_kb, _status_kb(self.pid, "VmHWM:"))
            if polls % TREE_EVERY == 0:
                self.sample_tree()
            polls += 1
            self.finished.wait(POLL_SECONDS)

    def sample_tree(self) -> None:
        """Add up the resident memory of the process and its descendants, once."""
        tree_pids = descendants(self.pid)
        self.had_children = self.had_children or len(tree_pids) > 1
        tree = sum(_status_kb(p, "VmRSS:") for p in tree_pids)
        self.tree_kb = max(self.tree_kb, tree)


_SPAWNER = """
import os, sys, time
report, command = sys.argv[1], sys.argv[2:]
started = time.perf_counter()
pid = os.posix_spawnp(command[0], command, os.environ)
with open(report, "w") as handle:
    handle.write(f"{pid}\\n")
    handle.flush()
    _, status, usage = os.wait4(pid, 0)
    seconds = time.perf_counter() - started
    handle.write(f"{os.waitstatus_to_exitcode(status)} {usage.ru_maxrss} {seconds!r}\\n")
"""
"""A minimal helper process (no site packages) that starts the command and waits for it: the
command's ru_maxrss then starts from this small process's size, never from the benchmark's
(a child's ru_maxrss counts the memory of the process it was forked from)."""


def _child_pid(report: Path, helper: subprocess.Popen[bytes]) -> int | None:
    """The command's process id, once the helper has started it."""
    while helper.poll() is None:
        text = report.read_text() if report.exists() else ""
        if text.endswith("\n"):
            return int(text.split()[0])
        time.sleep(0.002)
    return None


def run_measured(command: Sequence[str], env: dict[str, str] | None = None) -> Measured:
    """Run ``command`` to completion and measure it (its output is kept, not shown)."""
    with tempfile.TemporaryDirectory() as scratch:
        folder = Path(scratch)
        report = folder / "report"
        with open(folder / "out", "wb") as out, open(folder / "err", "wb") as err:
            helper = subprocess.Popen(
                [sys.executable, "-I", "-S", "-c", _SPAWNER, str(report), *command],
                stdout=out,
                stderr=err,
                env=env,
            )
            pid = _child_pid(report, helper)
            sampler = TreeSampler(pid) if pid is not None else None
            if sampler is not None:
                sampler.start()
            helper.wait()
            if sampler is not None:
                sampler.finished.set()
                sampler.join()
        lines = report.read_text().splitlines() if report.exists() else []
        if helper.returncode != 0 or len(lines) < 2:
            stderr = (folder / "err").read_text(errors="replace")
            raise RuntimeError(f"could not run {command[0]}: {stderr[-2000:]}")
        code, maxrss_kb, seconds = lines[1].split()
        own_kb = sampler.own_kb if sampler else 0
        tree_kb = sampler.tree_kb if sampler else 0
        if sampler is None or not sampler.had_children:
            own_kb = max(own_kb, int(maxrss_kb))  # exact: no descendants to mix in
        return Measured(
            returncode=int(code),
            stdout=(folder / "out").read_text(errors="replace"),
            stderr=(folder / "err").read_text(errors="replace"),
            seconds=float(seconds),
            peak_rss_mb=own_kb / 1024,
            tree_rss_mb=max(tree_kb, own_kb) / 1024,
            rusage_maxrss_mb=int(maxrss_kb) / 1024,
        )


def folder_bytes(folder: Path) -> int:
    """Total size of the regular files under ``folder`` (or of ``folder`` if it is a file)."""
    if folder.is_file():
        return folder.stat().st_size
    return sum(p.stat().st_size for p in folder.rglob("*") if p.is_file())
