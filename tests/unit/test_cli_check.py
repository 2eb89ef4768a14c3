"""`workshop check`, `new` and `schema` as an organiser uses them from a shell."""

from __future__ import annotations

import json
import subprocess
import sys
import tomllib
from datetime import date
from pathlib import Path
from typing import Any

import jsonschema
import pytest

from tests.conftest import DATA, REPO
from workshop.cli import main
from workshop.storage.scenarios import read_scenario


def run(*args: str, cwd: Path | None = None) -> subprocess.CompletedProcess[str]:
    """The real command in a fresh interpreter, as a shell would run it."""
    return subprocess.run(
        [sys.executable, "-m", "workshop", *args],
        capture_output=True,
        text=True,
        cwd=cwd,
        check=False,
    )


def test_a_file_with_one_problem_prints_that_line_and_the_summary_only() -> None:
    path = DATA / "invalid/unknown-key.toml"
    result = run("check", str(path))
    assert result.returncode == 1
    assert result.stderr == ""
    assert result.stdout.splitlines() == [
        f"{path}:48:1: error: stages[2].narative: unknown key 'narative'; "
        "did you mean 'narrative'?",
        "1 file checked: 1 error, 0 warnings; 1 file refused",
    ]


def test_valid_files_exit_0_with_a_summary(capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["check", str(DATA / "valid")]) == 0
    assert capsys.readouterr().out == "3 files checked: 0 errors, 0 warnings; all valid\n"


def test_warnings_pass_unless_strict(capsys: pytest.CaptureFixture[str]) -> None:
    path = str(DATA / "warnings/unsafe-language.toml")
    assert main(["check", path]) == 0
    assert main(["check", "--strict", path]) == 1
    assert capsys.readouterr().out.splitlines()[-1] == (
        "1 file checked: 0 errors, 1 warning; 1 file refused (--strict refuses warnings too)"
    )


def test_a_folder_is_checked_file_by_file(capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["check", str(DATA / "invalid")]) == 1
    summary = capsys.readouterr().out.splitlines()[-1]
    count = len(list((DATA / "invalid").glob("*.toml")))
    assert summary.startswith(f"{count} files checked: ")
    assert summary.endswith(f"; {count} files refused")


def test_a_missing_path_is_a_usage_error_without_a_traceback(tmp_path: Path) -> None:
    result = run("check", str(tmp_path / "nope.toml"))
    assert result.returncode == 2
    assert result.stdout == ""
    assert result.stderr == f"workshop: {tmp_path / 'nope.toml'}: no such file or folder\n"


def test_a_folder_without_toml_files_is_a_usage_error(tmp_path: Path) -> None:
    (tmp_path / "notes.txt").write_text("not a scenario")
    result = run("check", str(tmp_path))
    assert result.returncode == 2
    assert result.stderr == f"workshop: {tmp_path}: no .toml files in this folder\n"


def test_check_without_a_path_is_a_usage_error() -> None:
    result = run("check")
    assert result.returncode == 2
    assert "FILE_OR_DIR" in result.stderr
    assert "Traceback" not in result.stderr


def test_the_bundled_scenarios_pass_strict() -> None:
    result = run("check", "--strict", str(REPO / "scenarios"))
    assert result.returncode == 0, result.stdout
    assert result.stdout.endswith("; all valid\n")


# workshop new


def test_new_writes_a_commented_scenario_that_loads_but_names_each_placeholder(
    tmp_path: Path,
) -> None:
    target = tmp_path / "Sams story.toml"
    assert run("new", str(target)).returncode == 0
    text = target.read_text("utf-8")
    assert text.startswith("#:schema ./scenario.schema.json\n")
    data = tomllib.loads(text)
    assert data["id"] == "sams-story"
    assert data["risk_domains"] == []
    assert data["content_note"]["topics"] == []
    assert (tmp_path / "scenario.schema.json").exists()
    assert run("check", str(target)).returncode == 0  # it loads: the preview can show it at once
    strict = run("check", "--strict", str(target))
    assert strict.returncode == 1
    placeholders = [line for line in strict.stdout.splitlines() if "placeholder text" in line]
    assert len(placeholders) == len(list(placeholder_texts(data))) > 10
    assert "0 errors" in strict.stdout


def test_the_starting_file_says_what_a_room_needs_to_hear_and_prompts_for_good_practice(
    tmp_path: Path,
) -> None:
    target = tmp_path / "mine.toml"
    assert main(["new", str(target)]) == 0
    text = target.read_text("utf-8")
    note = tomllib.loads(text)["content_note"]["text"]
    assert "No one has to share anything personal" in note
    assert "not only at the end" in note
    for prompt in ("carer", "wellbeing_check", "what it cost", "sign-off", "paid"):
        assert prompt in text, prompt


def placeholder_texts(value: Any) -> Any:
    """Every text value of the file that `workshop new` marked for its author to write."""
    if isinstance(value, str) and "TO WRITE:" in value:
        yield value
    elif isinstance(value, dict):
        for item in value.values():
            yield from placeholder_texts(item)
    elif isinstance(value, list):
        for item in value:
            yield from placeholder_texts(item)


def test_new_never_overwrites_a_file(tmp_path: Path) -> None:
    target = tmp_path / "mine.toml"
    target.write_text("precious")
    result = run("new", str(target))
    assert result.returncode == 2
    assert "already exists" in result.stderr
    assert target.read_text() == "precious"


def test_new_wants_a_toml_file_name(tmp_path: Path) -> None:
    assert run("new", str(tmp_path / "mine.txt")).returncode == 2


# workshop schema


def schema() -> dict[str, Any]:
    result = run("schema")
    assert result.returncode == 0
    loaded: dict[str, Any] = json.loads(result.stdout)
    return loaded


def as_editor_sees_it(value: Any) -> Any:
    """Taplo hands TOML dates to a JSON Schema as ISO strings."""
    if isinstance(value, dict):
        return {key: as_editor_sees_it(item) for key, item in value.items()}
    if isinstance(value, list):
        return [as_editor_sees_it(item) for item in value]
    if isinstance(value, date):
        return value.isoformat()
    return value


VALID_FILES = [
    *sorted((DATA / "valid").glob("*.toml")),
    *sorted((DATA / "warnings").glob("*.toml")),
    *sorted((REPO / "scenarios").glob("*.toml")),
]


def test_the_schema_is_a_valid_json_schema() -> None:
    jsonschema.Draft7Validator.check_schema(schema())


def test_the_schema_accepts_every_file_that_loads(tmp_path: Path) -> None:
    validator = jsonschema.Draft7Validator(schema())
    assert main(["new", str(tmp_path / "new.toml")]) == 0
    for path in [*VALID_FILES, tmp_path / "new.toml"]:
        document = as_editor_sees_it(tomllib.loads(path.read_text("utf-8")))
        errors = [error.message for error in validator.iter_errors(document)]
        assert errors == [], path


@pytest.mark.parametrize(
    "fixture",
    [
        "unknown-key",
        "wrong-type",
        "out-of-range",
        "one-option",
        "ten-options",
        "bad-id",
        "no-authors",
    ],
)
def test_the_schema_refuses_what_an_editor_can_see_is_wrong(fixture: str) -> None:
    validator = jsonschema.Draft7Validator(schema())
    document = as_editor_sees_it(tomllib.loads((DATA / f"invalid/{fixture}.toml").read_text()))
    assert list(validator.iter_errors(document))


def test_the_schema_shipped_in_docs_is_up_to_date() -> None:
    shipped = json.loads((REPO / "docs/scenario.schema.json").read_text("utf-8"))
    assert shipped == schema()


def test_global_options_work_after_the_command_too(tmp_path: Path) -> None:
    before = run("--data-dir", str(tmp_path), "sessions")
    after = run("sessions", "--data-dir", str(tmp_path))
    assert before.returncode == after.returncode == 0
    assert before.stdout == after.stdout
    assert before.stdout == f"No saved sessions in {tmp_path / 'sessions'}.\n"


def test_help_names_keys_as_they_are_printed() -> None:
    from workshop.tui.screens.help import format_key

    assert format_key("left,pageup") == "← / PgUp"
    assert format_key("slash") == "/"
    assert format_key("ctrl+q") == "Ctrl+Q"
    assert format_key("s,f2") == "S / F2"


def test_run_refuses_a_file_with_errors_and_says_why() -> None:
    path = DATA / "invalid/unknown-key.toml"
    result = run("run", str(path))
    assert result.returncode == 1
    assert result.stderr.splitlines() == [
        f"{path}:48:1: error: stages[2].narative: unknown key 'narative'; "
        "did you mean 'narrative'?",
        f"workshop: {path} has 1 error: fix it, then run it again "
        f"(`workshop check {path}` checks it)",
    ]


def test_check_as_json_gives_one_object_per_problem_for_editors_and_ci(
    capsys: pytest.CaptureFixture[str],
) -> None:
    path = DATA / "invalid/several-problems.toml"
    assert main(["check", "--format", "json", str(path)]) == 1
    problems = json.loads(capsys.readouterr().out)
    assert problems
    assert set(problems[0]) == {"file", "line", "column", "kind", "key_path", "message"}
    as_text = read_scenario(path, date.today()).problems  # as `check` reads it, today
    assert [
        f"{p['file']}:{p['line']}:{p['column']}: {p['kind']}: {p['key_path']}: {p['message']}"
        for p in problems
    ] == [str(p) for p in as_text]


def test_check_as_json_of_clean_files_is_an_empty_list(capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["check", "--format", "json", str(DATA / "valid")]) == 0
    assert json.loads(capsys.readouterr().out) == []


def test_check_as_json_under_strict_refuses_warnings_by_its_exit_status(
    capsys: pytest.CaptureFixture[str],
) -> None:
    path = str(DATA / "warnings/unsafe-language.toml")
    assert main(["check", "--format", "json", path]) == 0
    assert main(["check", "--strict", "--format", "json", path]) == 1
    kinds = {p["kind"] for p in json.loads(capsys.readouterr().out.split("\n]\n")[0] + "\n]")}
    assert kinds == {"warning"}
