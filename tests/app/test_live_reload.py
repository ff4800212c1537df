"""Live reload: another process changes the library and the app picks it up and says so."""

from __future__ import annotations

from pathlib import Path

from index.library import Library
from tests.app.conftest import search, settle
from tui.app import BroadsheetApp


async def test_changes_by_another_writer_are_picked_up_and_announced(
    app: BroadsheetApp, library: Library, tmp_path: Path
) -> None:
    extra = tmp_path / "extra"
    extra.mkdir()
    (extra / "zebra.txt").write_text("Zebras escape the zoo\n\nA zebra crossing, literally.\n")
    async with app.run_test(size=(100, 30)) as pilot:
        screen = await search(pilot, "zebra")
        assert screen.result is not None and screen.result.total == 0
        # Another writer (its own Library, as another process would have) adds an article.
        writer = Library.open(library.directory)
        writer.index([extra])
        writer.close()
        app.check_for_changes()  # what the 2-second timer calls
        await settle(pilot)
        assert "6 articles" in str(screen.query_one("#library-header").render())
        assert any("Library updated" in str(n.message) for n in app._notifications)
        assert screen.result is not None and screen.result.total == 1, "the search ran again"


async def test_the_check_is_quiet_when_nothing_changed(app: BroadsheetApp) -> None:
    async with app.run_test(size=(100, 30)) as pilot:
        await settle(pilot)
        app.check_for_changes()
        await settle(pilot)
        assert not any("Library updated" in str(n.message) for n in app._notifications)
