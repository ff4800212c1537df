"""Bytes inside articles never reach the terminal as control or escape sequences."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from tests.conftest import broadsheet
from tui.output import json_line
from tui.safe_text import one_line, printable

NASTY = (
    "Evil \x1b]0;owned\x07headline \x1b[2J\n\n"
    "The body \x1b[31mred\x1b[0m with a clear \x1bc and a C1 \x9b6n CSI and bell \x07 and a "
    "bidi \u202eoverride\u202c word about zebras.\n"
)


def test_printable_keeps_offsets_and_removes_controls() -> None:
    cleaned = printable(NASTY)
    assert len(cleaned) == len(NASTY)
    assert not any(ord(c) < 32 and c not in "\n\t" for c in cleaned)
    assert not any(0x7F <= ord(c) <= 0x9F for c in cleaned)
    assert "\u202e" not in cleaned
    assert "\n" not in one_line(NASTY)


def test_json_lines_escape_every_control_character() -> None:
    line = json_line({"text": NASTY})
    assert json.loads(line)["text"] == NASTY
    assert not any(ord(c) < 32 or 0x7F <= ord(c) <= 0x9F for c in line)
    assert "\u202e" not in line


@pytest.fixture(scope="module")
def nasty_library(tmp_path_factory: pytest.TempPathFactory) -> Path:
    folder = tmp_path_factory.mktemp("nasty")
    (folder / "evil.txt").write_text(NASTY, encoding="utf-8")
    library = folder / "library"
    broadsheet("index", str(folder), index=library)
    return library


@pytest.mark.parametrize("as_json", [False, True])
def test_search_and_show_print_no_escape_sequences(nasty_library: Path, as_json: bool) -> None:
    flags = ["--json"] if as_json else []
    found = broadsheet("search", "zebras", *flags, index=nasty_library).stdout
    assert "zebras" in found
    listed = broadsheet("search", "zebras", "--json", index=nasty_library).stdout
    [article_id] = {json.loads(line)["id"] for line in listed.splitlines()}
    shown = broadsheet("show", article_id, *flags, index=nasty_library).stdout
    for output in (found, shown):
        assert "\x1b" not in output and "\x07" not in output and "\x9b" not in output
        assert "\u202e" not in output
