"""Regenerate the README's screenshots (SVG) from the seeds: `python screenshots/generate.py`."""

from __future__ import annotations

import asyncio
import os
import sys
import tempfile
from pathlib import Path

HERE = Path(__file__).resolve().parent
REPO = HERE.parent
sys.path.insert(0, str(REPO))

from index.library import Library  # noqa: E402
from tui.app import BroadsheetApp  # noqa: E402

SEARCH = ("slash", *"putin troops", "enter")
SHOTS: dict[str, tuple[tuple[int, int], tuple[str, ...]]] = {
    "results": ((100, 30), SEARCH),
    "article": ((100, 30), (*SEARCH, "enter", "n", "n")),
    "comparison": ((100, 30), (*SEARCH, "d", "n", "n")),
    "help": ((100, 30), ("question_mark",)),
    "results-80x24": ((80, 24), SEARCH),
    "article-80x24": ((80, 24), (*SEARCH, "enter", "n")),
}


async def settle(app: BroadsheetApp, pilot) -> None:  # type: ignore[no-untyped-def]
    """Let every search, load and alignment finish (no fixed sleeps)."""
    for _ in range(3):
        await app.workers.wait_for_complete()
        await pilot.pause()


async def shoot(library: Library, name: str, size: tuple[int, int], keys: tuple[str, ...]) -> None:
    app = BroadsheetApp(library)
    async with app.run_test(size=size) as pilot:
        await settle(app, pilot)
        for key in keys:
            await pilot.press(key)
            await settle(app, pilot)
        # The search bar debounces typing; Enter already searched, so this only waits.
        app.clear_notifications()
        await pilot.pause()
        app.save_screenshot(str(HERE / f"{name}.svg"))
    print(f"screenshots/{name}.svg")


async def main() -> None:
    # Truecolour, whatever terminal runs the script, so the images look the same every time.
    os.environ.update(TERM="xterm-256color", COLORTERM="truecolor")
    os.environ.pop("NO_COLOR", None)
    with tempfile.TemporaryDirectory() as folder:
        library = Library.open(Path(folder) / "library", create=True)
        library.index([REPO / "seeds"])
        for name, (size, keys) in SHOTS.items():
            await shoot(library, name, size, keys)
        library.close()


if __name__ == "__main__":
    asyncio.run(main())
