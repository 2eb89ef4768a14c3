"""Find and read scenario files, and say where in the file each problem is.

tomllib gives no positions, so problems are located afterwards with
`toml_positions`, and only for files that have problems: a valid file costs a
parse and a validation, nothing more.
"""

from __future__ import annotations

import hashlib
import re
import tomllib
from collections.abc import Iterable
from dataclasses import dataclass
from datetime import date
from pathlib import Path

from workshop.domain.problems import KeyPath, Problem, Severity, format_key_path
from workshop.domain.scenario import Scenario
from workshop.domain.validate import validate
from workshop.storage.toml_positions import key_positions

_TOML_ERROR_AT = re.compile(r"\s*\(at line (\d+), column (\d+)\)$")
_TOML_ERROR_AT_END = re.compile(r"\s*\(at end of document\)$")


class UsageError(Exception):
    """A path on the command line that cannot be used; the message says why."""


@dataclass(frozen=True)
class LocatedProblem:
    """A problem with the file, line and column a person should look at."""

    file: str
    line: int
    column: int
    problem: Problem

    @property
    def severity(self) -> Severity:
        return self.problem.severity

    @property
    def is_error(self) -> bool:
        return self.problem.is_error

    def __str__(self) -> str:
        return (
            f"{self.file}:{self.line}:{self.column}: {self.problem.severity}: "
            f"{format_key_path(self.problem.path)}: {self.problem.message}"
        )

    def as_json(self) -> dict[str, object]:
        """The problem for `check --format json`: the same facts as its line, one key each."""
        return {
            "file": self.file,
            "line": self.line,
            "column": self.column,
            "kind": self.problem.severity,
            "key_path": format_key_path(self.problem.path),
            "message": self.problem.message,
        }


@dataclass(frozen=True)
class ScenarioFile:
    """One file as read: its scenario when it has no error, and every problem."""

    path: Path
    sha256: str
    scenario: Scenario | None
    problems: tuple[LocatedProblem, ...]

    @property
    def errors(self) -> tuple[LocatedProblem, ...]:
        return tuple(p for p in self.problems if p.is_error)

    @property
    def warnings(self) -> tuple[LocatedProblem, ...]:
        return tuple(p for p in self.problems if not p.is_error)


def read_scenario(path: Path, today: date, display_name: str | None = None) -> ScenarioFile:
    """Read and check one file; never raises for anything that is wrong with the file."""
    name = display_name if display_name is not None else str(path)
    try:
        data = path.read_bytes()
    except OSError as error:
        reason = error.strerror or str(error)
        return _failed(path, "", name, 1, 1, f"cannot read the file: {reason}")
    return parse_scenario(data, today, path=path, display_name=name)


def parse_scenario(
    data: bytes, today: date, *, path: Path, display_name: str | None = None
) -> ScenarioFile:
    """Check the bytes of a scenario file; the path is only used in messages."""
    name = display_name if display_name is not None else str(path)
    digest = hashlib.sha256(data).hexdigest()
    try:
        text = data.decode("utf-8")
    except UnicodeDecodeError as error:
        line, column = _position_of_offset(data, error.start)
        return _failed(
            path,
            digest,
            name,
            line,
            column,
            "the file is not UTF-8 text: save it as UTF-8 in your editor",
        )
    try:
        raw = tomllib.loads(text.removeprefix("\ufeff"))
    except tomllib.TOMLDecodeError as error:
        line, column, message = _toml_error(str(error), text)
        return _failed(path, digest, name, line, column, f"not valid TOML: {message}")
    outcome = validate(raw, today)
    if not outcome.problems:
        return ScenarioFile(path, digest, outcome.scenario, ())
    positions = key_positions(text)
    located = tuple(
        LocatedProblem(name, *_locate(problem.path, positions), problem)
        for problem in outcome.problems
    )
    ordered = tuple(sorted(located, key=lambda p: (p.line, p.column)))
    return ScenarioFile(path, digest, outcome.scenario, ordered)


def _failed(
    path: Path, digest: str, name: str, line: int, column: int, message: str
) -> ScenarioFile:
    problem = LocatedProblem(name, line, column, Problem("error", (), message))
    return ScenarioFile(path, digest, None, (problem,))


def _locate(path: KeyPath, positions: dict[KeyPath, tuple[int, int]]) -> tuple[int, int]:
    """The key itself if it is in the file, else the closest enclosing key or table."""
    for length in range(len(path), 0, -1):
        found = positions.get(path[:length])
        if found is not None:
            return found
    return (1, 1)


# What tomllib's terse messages most often mean in a hand-written file.
_TOML_HINTS = (
    (
        "Illegal character '\\n'",
        "a text runs to the end of the line: close its quotes, or "
        'use triple quotes """ for text over several lines',
    ),
    ("Unclosed array", "a list is missing its closing ]"),
    ("Unclosed inline table", "an inline table is missing its closing }"),
    ("Cannot overwrite a value", "this key is set twice: keep one of them"),
    ("Cannot declare", "this table is declared twice: keep one of them, or use [[...]] for a list"),
    (
        "Invalid value",
        "a value must be text in quotes, a number, true or false, a date, "
        "a list [...] or a table {...}",
    ),
    ("Expected '=' after a key", "each line must be key = value; text belongs inside quotes"),
    ("Invalid statement", "each line must be key = value, a [table] header or a comment"),
)


def _toml_error(message: str, text: str) -> tuple[int, int, str]:
    line, column = 1, 1
    match = _TOML_ERROR_AT.search(message)
    if match:
        line, column, message = int(match[1]), int(match[2]), message[: match.start()]
    elif match := _TOML_ERROR_AT_END.search(message):
        # TOML counts lines by "\n" alone; str.splitlines would also split at \v, \f, ...
        lines = text.rstrip("\r\n").split("\n")
        last = lines[-1].rstrip("\r")
        line, column, message = len(lines), len(last) + 1, message[: match.start()]
    hint = next((hint for start, hint in _TOML_HINTS if message.startswith(start)), None)
    return line, column, f"{message}; {hint}" if hint else message


def _position_of_offset(data: bytes, offset: int) -> tuple[int, int]:
    before = data[:offset]
    line = before.count(b"\n") + 1
    line_start = before.rfind(b"\n") + 1
    column = len(before[line_start:].decode("utf-8", errors="replace")) + 1
    return line, column


def find_scenario_files(paths: Iterable[Path]) -> list[Path]:
    """Expand files and folders given on the command line into scenario files.

    A folder contributes the `.toml` files under it, in name order. A missing
    path, or a folder without any, is a usage error: most likely a typo.
    """
    found: list[Path] = []
    for path in paths:
        if path.is_dir():
            inside = sorted(p for p in path.rglob("*.toml") if p.is_file())
            if not inside:
                raise UsageError(f"{path}: no .toml files in this folder")
            found.extend(inside)
        elif path.is_file():
            found.append(path)
        elif path.exists():
            raise UsageError(f"{path}: not a file or folder")
        else:
            raise UsageError(f"{path}: no such file or folder")
    return list(dict.fromkeys(found))


def scan_folder(folder: Path, today: date) -> list[ScenarioFile]:
    """Every scenario file in a library folder; a missing folder is simply empty."""
    if not folder.is_dir():
        return []
    return [read_scenario(p, today) for p in sorted(folder.rglob("*.toml")) if p.is_file()]
