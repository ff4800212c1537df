"""The app in a real terminal (tmux, 80x24): every fixed key, under TERM=screen, linux, NO_COLOR."""

from __future__ import annotations

import shutil
from collections.abc import Iterator
from pathlib import Path

import pytest

from index.library import Library
from tests.app.terminal import BROADSHEET, REPO, Tmux, read_the_seeds
from tests.conftest import SEEDS

pytestmark = pytest.mark.skipif(shutil.which("tmux") is None, reason="tmux is not installed")


@pytest.fixture
def tmux(tmp_path: Path) -> Iterator[Tmux]:
    term = Tmux(tmp_path / "tmux.sock")
    yield term
    term.stop()


def start_app(tmux: Tmux, tmp_path: Path, **environment: str) -> None:
    """`broadsheet --index DIR SEEDS`: indexes the seeds first, then opens the app."""
    command = f"{BROADSHEET} --index {tmp_path / 'library'} {SEEDS}"
    tmux.start(f"cd {REPO} && {command}", {"PAGER": "less", **environment})


@pytest.mark.parametrize(
    "environment",
    [
        pytest.param({"TERM": "screen"}, id="TERM=screen"),
        pytest.param({"TERM": "linux"}, id="TERM=linux"),
        pytest.param({"TERM": "screen-256color", "NO_COLOR": "1"}, id="NO_COLOR"),
    ],
)
def test_every_key_in_a_real_terminal(
    tmux: Tmux, tmp_path: Path, environment: dict[str, str]
) -> None:
    if shutil.which("less") is None:
        pytest.skip("less is not installed")
    start_app(tmux, tmp_path, **environment)
    read_the_seeds(tmux)


def test_highlights_stay_visible_without_colour(tmux: Tmux, tmp_path: Path) -> None:
    """Under NO_COLOR the cursor is reverse video and matches are bold and underlined."""
    start_app(tmux, tmp_path, TERM="screen", NO_COLOR="1")
    tmux.wait_for("5 articles")
    tmux.keys("/", "putin", "Enter")
    tmux.wait_for("3 results")
    styled = tmux.styled_screen()
    assert "\x1b[7m" in styled, "the results cursor is reverse video"
    assert "\x1b[1;4mPutin" in styled or "\x1b[4mPutin" in styled, "matches are underlined"
    for colour in ("\x1b[3", "\x1b[4", "\x1b[9", "\x1b[10", "38;", "48;"):
        codes = [part for part in styled.split("\x1b[")[1:] if part.startswith(colour[2:])]
        assert all(code.startswith(("39", "49", "4m", "1;4m")) for code in codes), codes
    tmux.keys("q")
    tmux.wait_for("EXITED 0")


def test_what_is_typed_at_once_is_searched_when_the_library_opens(
    tmux: Tmux, library: Library
) -> None:
    """Without PATHs the app paints first and opens the library after: no keystroke is lost."""
    tmux.start(f"cd {REPO} && {BROADSHEET} --index {library.directory}", {"TERM": "screen"})
    tmux.keys("/", "putin", "Enter")
    screen = tmux.wait_for("3 results")
    assert "5 articles" in tmux.wait_for("5 articles")
    assert "Search putin" in screen
    tmux.keys("q")
    tmux.wait_for("EXITED 0")


def test_a_missing_library_is_one_line_and_status_1(tmux: Tmux, tmp_path: Path) -> None:
    tmux.start(f"cd {REPO} && {BROADSHEET} --index {tmp_path / 'missing'}", {"TERM": "screen"})
    screen = tmux.wait_for("EXITED 1")
    assert "broadsheet: no library at" in screen and "Traceback" not in screen
