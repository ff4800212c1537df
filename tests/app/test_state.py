"""The reading state: read, seen (and its undo) and bookmarks, saved per library."""

from __future__ import annotations

from pathlib import Path

from tui.state import ReadingState


def test_unknown_articles_are_unread(tmp_path: Path) -> None:
    state = ReadingState.for_library(tmp_path)
    assert state.statuses(["a", "b"]) == {"a": "unread", "b": "unread"}


def test_reading_marks_unread_siblings_seen_and_undo_restores_them(tmp_path: Path) -> None:
    state = ReadingState.for_library(tmp_path)
    state.mark_read("c")
    seen = state.mark_read("a", ["a", "b", "c"])
    assert seen == ("b",), "the article itself and siblings already read are left alone"
    assert state.statuses(["a", "b", "c"]) == {"a": "read", "b": "seen", "c": "read"}
    assert state.undo_seen(seen) == 1
    assert state.status("b") == "unread"


def test_undo_leaves_a_sibling_read_since(tmp_path: Path) -> None:
    state = ReadingState.for_library(tmp_path)
    seen = state.mark_read("a", ["b"])
    state.mark_read("b")
    assert state.undo_seen(seen) == 0
    assert state.status("b") == "read"


def test_mark_unread_and_bookmarks(tmp_path: Path) -> None:
    state = ReadingState.for_library(tmp_path)
    state.mark_read("a")
    state.mark_unread("a")
    assert state.status("a") == "unread"
    assert state.toggle_bookmark("a") is True
    assert state.toggle_bookmark("b") is True
    assert state.bookmarked(["a", "b", "c"]) == {"a", "b"}
    assert set(state.bookmarks()) == {"a", "b"}
    assert state.toggle_bookmark("a") is False
    assert state.bookmarks() == ["b"]


def test_state_survives_reopening(tmp_path: Path) -> None:
    state = ReadingState.for_library(tmp_path)
    state.mark_read("a", ["b"])
    state.toggle_bookmark("a")
    state.close()
    again = ReadingState.for_library(tmp_path)
    assert again.statuses(["a", "b"]) == {"a": "read", "b": "seen"}
    assert again.bookmarks() == ["a"]


def test_many_ids_at_once(tmp_path: Path) -> None:
    state = ReadingState.for_library(tmp_path)
    ids = [f"id{n}" for n in range(1500)]
    state.mark_read("id7")
    statuses = state.statuses(ids)
    assert len(statuses) == 1500 and statuses["id7"] == "read"
