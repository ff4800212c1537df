"""The command-line contract that scripts rely on: JSON shapes, exit codes, one-line errors."""

from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path

import pytest

from tests.conftest import SEEDS, broadsheet

HIT_KEYS = {
    "id", "path", "title", "source", "author", "date", "url",
    "score", "snippet", "highlights", "duplicates",
}  # fmt: skip


@pytest.fixture(scope="module")
def library(tmp_path_factory: pytest.TempPathFactory) -> Path:
    folder = tmp_path_factory.mktemp("cli") / "library"
    broadsheet("index", str(SEEDS), "--json", index=folder)
    return folder


def test_index_json_summary_is_the_last_line(tmp_path: Path) -> None:
    done = broadsheet("index", str(SEEDS), "--json", index=tmp_path / "library")
    summary = json.loads(done.stdout.strip().splitlines()[-1])
    assert summary == {"added": 5, "updated": 0, "removed": 0, "unchanged": 0, "skipped": []}
    again = broadsheet("index", "--json", index=tmp_path / "library")
    assert json.loads(again.stdout.splitlines()[-1])["unchanged"] == 5


def test_index_in_a_pipe_prints_no_progress(tmp_path: Path) -> None:
    done = broadsheet("index", str(SEEDS), index=tmp_path / "library")
    assert done.stderr == ""
    assert done.stdout.strip() == "5 added, 0 updated, 0 removed, 0 unchanged, 0 skipped"


def test_skipped_files_are_listed_with_reasons(tmp_path: Path) -> None:
    folder = tmp_path / "docs"
    folder.mkdir()
    (folder / "good.txt").write_text("Good\n\nA readable article.\n", encoding="utf-8")
    (folder / "bad.txt").write_bytes(b"\x00\x01\x02" * 100)
    done = broadsheet("index", str(folder), "--json", index=tmp_path / "library")
    summary = json.loads(done.stdout.splitlines()[-1])
    assert summary["added"] == 1
    assert summary["skipped"] == [{"path": str(folder / "bad.txt"), "reason": "binary file"}]


def test_search_json_has_the_contract_keys(library: Path) -> None:
    done = broadsheet("search", "protest", "--json", index=library)
    hits = [json.loads(line) for line in done.stdout.splitlines()]
    assert len(hits) == 5
    for hit in hits:
        assert set(hit) == HIT_KEYS
        assert isinstance(hit["duplicates"], list)
        for start, end in hit["highlights"]:
            assert hit["snippet"][start:end].lower().startswith("protest")
    assert any(hit["date"] == "2022-01-10" for hit in hits)


def test_search_limit_and_sort(library: Path) -> None:
    done = broadsheet(
        "search", "kazakhstan", "--json", "--limit", "2", "--sort", "newest", index=library
    )
    assert [json.loads(line)["date"] for line in done.stdout.splitlines()] == ["2022-01-10"] * 2


def test_search_for_people_is_readable(library: Path) -> None:
    done = broadsheet("search", "his troops", index=library)
    assert done.stdout.splitlines()[0] == "3 found"
    assert "Washington Times · 2022-01-10" in done.stdout
    assert "\x1b" not in done.stdout  # no styling in a pipe


def test_no_hits_is_success_with_a_suggestion(library: Path) -> None:
    done = broadsheet("search", "kazakstan", "--json", index=library)
    assert done.stdout == ""
    assert done.stderr.strip() == "did you mean: kazakhstan"


def test_bad_syntax_is_explained_on_stderr(library: Path) -> None:
    done = broadsheet("search", '"kazakhstan', "--json", index=library)
    assert len(done.stdout.splitlines()) == 5
    assert done.stderr.count("\n") == 1 and "unbalanced quote" in done.stderr


def test_query_errors_exit_2(library: Path) -> None:
    done = broadsheet("search", "***", index=library, check=False)
    assert done.returncode == 2
    assert done.stderr.startswith("broadsheet: ") and done.stderr.count("\n") == 1
    assert "Traceback" not in done.stderr


def test_usage_errors_exit_2(library: Path) -> None:
    assert (
        broadsheet("search", "x", "--sort", "sideways", index=library, check=False).returncode == 2
    )
    assert broadsheet("search", "x", "--limit", "0", index=library, check=False).returncode == 2


def test_other_failures_exit_1_in_one_line(tmp_path: Path) -> None:
    done = broadsheet("search", "x", index=tmp_path / "missing", check=False)
    assert done.returncode == 1
    assert done.stderr.count("\n") == 1 and "no library at" in done.stderr
    debug = broadsheet("search", "x", "--debug", index=tmp_path / "missing", check=False)
    assert "Traceback" in debug.stderr


def test_show_json_adds_the_text(library: Path) -> None:
    first = json.loads(
        broadsheet("search", "crisis", "--json", index=library).stdout.splitlines()[0]
    )
    shown = json.loads(broadsheet("show", first["id"], "--json", index=library).stdout)
    assert set(shown) == HIT_KEYS | {"text"}
    assert shown["title"] == first["title"] and "paratroopers" in shown["text"]
    missing = broadsheet("show", "nosuchid", index=library, check=False)
    assert missing.returncode == 1 and "no article" in missing.stderr


def test_subcommands_do_not_import_textual(library: Path) -> None:
    code = (
        "import sys; from tui.cli import main; "
        f"main(['search', 'putin', '--json', '--index', {str(library)!r}]); "
        "sys.stderr.write(str(sorted(m for m in sys.modules if m.split('.')[0] == 'textual')))"
    )
    done = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, timeout=60)
    assert done.stderr == "[]"


def test_environment_variable_picks_the_library(library: Path) -> None:
    done = subprocess.run(
        [sys.executable, "-m", "tui.cli", "search", "putin", "--json"],
        capture_output=True,
        text=True,
        env={"BROADSHEET_INDEX": str(library), "PATH": "/usr/bin:/bin"},
        timeout=60,
    )
    assert done.returncode == 0 and len(done.stdout.splitlines()) == 3


def test_dupes_json_groups_the_spun_pair(library: Path) -> None:
    done = broadsheet("dupes", "--json", index=library)
    [group] = [json.loads(line) for line in done.stdout.splitlines()]
    assert set(group) == {"group", "articles"}
    names = sorted(Path(member["path"]).name[:3] for member in group["articles"])
    assert names == ["000", "001"]
    for member in group["articles"]:
        assert set(member) == {"id", "path", "title", "similarity"}
        assert 0 < member["similarity"] <= 1


def test_search_hits_list_their_near_duplicates(library: Path) -> None:
    hits = [
        json.loads(line)
        for line in broadsheet("search", "kazakhstan", "--json", index=library).stdout.splitlines()
    ]
    by_seed = {Path(hit["path"]).name[:3]: hit for hit in hits}
    assert by_seed["000"]["duplicates"] == [by_seed["001"]["id"]]
    assert by_seed["001"]["duplicates"] == [by_seed["000"]["id"]]
    assert all(by_seed[n]["duplicates"] == [] for n in ("002", "003", "004"))
