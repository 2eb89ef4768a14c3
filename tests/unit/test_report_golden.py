"""Golden files: the exact Markdown, HTML and CSV of a fixed session and comparison.

The expected outputs live in tests/data/reports/. When a change to a report
is intended, regenerate them and read the diff before committing:

    UPDATE_GOLDEN=1 pytest tests/unit/test_report_golden.py
    git diff tests/data/reports/

Without UPDATE_GOLDEN=1 a difference fails the test and shows the diff; a
missing golden file fails too, rather than being quietly created.
"""

from __future__ import annotations

import difflib
import os
from collections.abc import Callable
from pathlib import Path

import pytest

from tests.unit.test_report_sessions import (
    GOLDEN,
    fixture_scenario,
    other_cohort,
    played_session,
    unfinished_session,
)
from workshop.domain.scenario import Scenario
from workshop.domain.session import Session
from workshop.report.compare import compare_csv, compare_html, compare_markdown
from workshop.report.csv_export import session_csv
from workshop.report.html import session_html
from workshop.report.markdown import session_markdown

UPDATE = os.environ.get("UPDATE_GOLDEN") == "1"


def assert_matches_golden(path: Path, actual: str, *, update: bool = UPDATE) -> None:
    """Compare byte for byte with the golden file, or rewrite it when updating."""
    if update:
        path.write_bytes(actual.encode("utf-8"))
        return
    if not path.exists():
        pytest.fail(f"{path} does not exist; create it with UPDATE_GOLDEN=1 and review it")
    expected = path.read_bytes().decode("utf-8")
    if actual != expected:
        diff = "".join(
            difflib.unified_diff(
                expected.splitlines(keepends=True),
                actual.splitlines(keepends=True),
                fromfile=f"{path.name} (expected)",
                tofile=f"{path.name} (actual)",
            )
        )
        pytest.fail(
            f"the output differs from {path}:\n{diff}\n"
            "If the change is intended: UPDATE_GOLDEN=1 pytest tests/unit/test_report_golden.py"
        )


SessionExport = Callable[[Session, Scenario | None], str]


@pytest.mark.parametrize(
    ("export", "name"),
    [
        (session_markdown, "session.md"),
        (session_html, "session.html"),
        (session_csv, "session.csv"),
    ],
)
def test_a_finished_session_in_each_format(export: SessionExport, name: str) -> None:
    assert_matches_golden(GOLDEN / name, export(played_session(), fixture_scenario()))


@pytest.mark.parametrize(
    ("export", "name"),
    [
        (session_markdown, "unfinished-without-scenario.md"),
        (session_html, "unfinished-without-scenario.html"),
        (session_csv, "unfinished-without-scenario.csv"),
    ],
)
def test_an_unfinished_session_whose_scenario_file_is_gone(
    export: SessionExport, name: str
) -> None:
    assert_matches_golden(GOLDEN / name, export(unfinished_session(), None))


@pytest.mark.parametrize(
    ("export", "name"),
    [
        (compare_markdown, "compare.md"),
        (compare_html, "compare.html"),
        (compare_csv, "compare.csv"),
    ],
)
def test_two_cohorts_compared_in_each_format(
    export: Callable[[list[Session], Scenario | None], str], name: str
) -> None:
    sessions = [played_session(), other_cohort()]
    assert_matches_golden(GOLDEN / name, export(sessions, fixture_scenario()))


def test_a_golden_test_fails_when_the_output_differs() -> None:
    with pytest.raises(pytest.fail.Exception, match="differs"):
        assert_matches_golden(GOLDEN / "session.md", "not the report\n", update=False)


def test_a_golden_test_fails_when_the_golden_file_is_missing(tmp_path: Path) -> None:
    with pytest.raises(pytest.fail.Exception, match="does not exist"):
        assert_matches_golden(tmp_path / "missing.md", "anything\n", update=False)


def test_the_golden_files_end_in_a_newline_and_use_unix_line_endings() -> None:
    for path in sorted(GOLDEN.glob("*.*")):
        if path.suffix in (".md", ".html", ".csv"):
            data = path.read_bytes()
            assert data.endswith(b"\n"), path
            assert b"\r" not in data, path
