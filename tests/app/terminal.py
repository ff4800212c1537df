"""Drive the real app in a real terminal: a private tmux server, keys in, screen text out."""

from __future__ import annotations

import shlex
import shutil
import subprocess
import time
from collections.abc import Callable, Mapping
from pathlib import Path

import pytest

REPO = Path(__file__).resolve().parents[2]
BROADSHEET = REPO / ".venv" / "bin" / "broadsheet"


class Tmux:
    """One tmux session on its own server socket (the user's tmux and config are left alone)."""

    def __init__(self, socket: Path, width: int = 80, height: int = 24) -> None:
        if shutil.which("tmux") is None:
            pytest.skip("tmux is not installed")
        self.socket = socket
        self.width = width
        self.height = height

    def _tmux(self, *args: str, check: bool = True) -> str:
        done = subprocess.run(
            ["tmux", "-S", str(self.socket), "-f", "/dev/null", *args],
            capture_output=True,
            text=True,
            timeout=20,
            check=False,
        )
        if check and done.returncode != 0:
            raise AssertionError(f"tmux {args[0]} failed: {done.stderr}")
        return done.stdout

    def start(self, command: str, environment: Mapping[str, str] = {}) -> None:
        """Run ``command`` (a shell line) in a fresh 80x24 window; it stays open after exit."""
        exports = "".join(
            f"export {name}={shlex.quote(value)}; " for name, value in environment.items()
        )
        # Only what the test asks for: not the colour settings of the terminal running pytest.
        line = f"unset COLORTERM NO_COLOR; {exports}{command}; echo EXITED $?; sleep 600"
        self._tmux(
            "new-session", "-d", "-s", "app", "-x", str(self.width), "-y", str(self.height),
            "sh", "-c", line,
        )  # fmt: skip
        # OSC 52 from the app lands in a tmux buffer, so a test can read what `y` copied.
        self._tmux("set-option", "-g", "set-clipboard", "on")

    def keys(self, *keys: str) -> None:
        """Type keys as a user would (tmux key names: Enter, Escape, Tab, or literal text)."""
        for key in keys:
            self._tmux("send-keys", "-t", "app", key)

    def screen(self) -> str:
        """The text on screen now."""
        return self._tmux("capture-pane", "-p", "-t", "app")

    def styled_screen(self) -> str:
        """The screen with its SGR escape sequences (to check styles)."""
        return self._tmux("capture-pane", "-p", "-e", "-t", "app")

    def wait_for(self, wanted: str | Callable[[str], bool], timeout: float = 20.0) -> str:
        """Poll the screen until ``wanted`` shows (bounded: fails with the last screen)."""
        test = wanted if callable(wanted) else (lambda text: wanted in text)
        deadline = time.monotonic() + timeout
        screen = ""
        while time.monotonic() < deadline:
            screen = self.screen()
            if test(screen):
                return screen
            time.sleep(0.05)
        raise AssertionError(f"waited {timeout}s for {wanted!r}; the screen shows:\n{screen}")

    def buffer(self) -> str:
        """The newest tmux paste buffer (where OSC 52 copies land)."""
        return self._tmux("show-buffer", check=False)

    def resize(self, width: int, height: int) -> None:
        self._tmux("resize-window", "-t", "app", "-x", str(width), "-y", str(height))

    def stop(self) -> None:
        self._tmux("kill-server", check=False)


def read_the_seeds(term: Tmux, *, pager: bool = True) -> None:
    """The scenario every real-terminal test runs: each fixed key, as a user would press it.

    Expects the app to be starting on a library of the seeds.
    """
    term.wait_for("5 articles")
    term.wait_for("1 duplicate group")
    term.keys("/", "putin troops")
    screen = term.wait_for("3 results")  # searched as typed, before Enter
    assert "+1 near-duplicate" in screen
    term.keys("Enter")  # runs the search and moves to the results
    term.wait_for("⏎ Open")
    term.keys("Enter")  # opens the first result
    term.wait_for("n/N to jump")
    term.keys("n")
    term.wait_for("Match 1/7")
    term.keys("n", "N", "N")
    term.wait_for("Match 7/7")
    # Copy the article: OSC 52 reaches tmux (through ssh too) and becomes a paste buffer.
    term.keys("y")
    term.wait_for(lambda _: "Washington Times" in term.buffer())
    term.keys("d")
    screen = term.wait_for("Near-duplicate 1/1")
    assert "% similar" in screen
    term.keys("]", "n", "j", "j", "Escape")
    term.wait_for("Match 7/7")
    if pager:
        term.keys("o")
        term.wait_for("Source: The Washington Times")
        term.keys("q")
        term.wait_for("Match 7/7")
    term.keys("Escape")
    term.wait_for(lambda screen: "3 results" in screen and "Match 7/7" not in screen)
    term.keys("j", "k", "m", "b", "s")
    term.wait_for("newest")
    term.keys("?")
    term.wait_for("Everywhere")
    # After a lone Escape, wait for its effect: a key hard on its heels would read as alt+key.
    term.keys("Escape")
    term.wait_for(lambda screen: "Everywhere" not in screen)
    for width, height in ((40, 12), (100, 30), (80, 24)):
        term.resize(width, height)
        term.wait_for(lambda screen: len(screen.splitlines()[0]) <= width)  # noqa: B023
    term.wait_for("5 articles")
    term.keys("Tab")  # to the article, which takes the whole screen at 80 columns
    term.wait_for(lambda screen: "⏎ Open" not in screen and "matches" in screen)
    term.keys("Tab")
    term.wait_for("⏎ Open")
    term.keys("q")
    term.wait_for("EXITED 0")
