"""Where a library lives: --index DIR, else $BROADSHEET_INDEX, else the user data directory."""

from __future__ import annotations

import os
from pathlib import Path

ENVIRONMENT_VARIABLE = "BROADSHEET_INDEX"


def library_directory(explicit: str | os.PathLike[str] | None = None) -> Path:
    """The library folder to use, by the precedence above."""
    if explicit:
        return Path(explicit).expanduser()
    from_environment = os.environ.get(ENVIRONMENT_VARIABLE)
    if from_environment:
        return Path(from_environment).expanduser()
    from platformdirs import user_data_dir

    return Path(user_data_dir("broadsheet", appauthor=False)) / "library"
