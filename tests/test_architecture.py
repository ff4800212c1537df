"""House rules that code review would otherwise have to catch: import boundaries, clean Whoosh."""

from __future__ import annotations

import shutil
import subprocess
import sys
import warnings
from pathlib import Path

import pytest

REPO = Path(__file__).resolve().parents[1]


def test_import_contracts_hold() -> None:
    """index/ imports no Textual (nor tui/); tui/ imports no Whoosh (import-linter, pyproject)."""
    lint = shutil.which("lint-imports", path=str(Path(sys.executable).parent))
    if lint is None:
        pytest.fail("import-linter is not installed: pip install -e '.[test]'")
    done = subprocess.run([lint], cwd=REPO, capture_output=True, text=True, timeout=120)
    assert done.returncode == 0, done.stdout + done.stderr


def test_whoosh_modules_we_load_compile_without_warnings() -> None:
    """Bad escapes are SyntaxWarnings on 3.12: compile what we load with warnings as errors."""
    import index.library  # noqa: F401  (loads every Whoosh module the library uses)

    modules = [m for name, m in sys.modules.items() if name.split(".")[0] == "whoosh"]
    assert len(modules) > 20
    for module in modules:
        source_file = getattr(module, "__file__", None)
        if not source_file or not source_file.endswith(".py"):
            continue
        with warnings.catch_warnings():
            warnings.simplefilter("error")
            compile(Path(source_file).read_bytes(), source_file, "exec")


def test_whoosh_is_the_pinned_distribution() -> None:
    from importlib.metadata import version

    assert version("whoosh-reloaded") == "2.7.5"
