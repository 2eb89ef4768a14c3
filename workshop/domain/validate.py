"""Turn the dict that tomllib read into a Scenario, or say everything wrong with it.

Two passes. The first checks every key against the declarations in
`format_spec` (unknown keys, kinds, required keys, limits) and keeps only the
values that passed. The second applies the rules that span keys (unique ids,
references, perspectives per stage, the story's paths, language) to what the
first kept, so that one mistake is reported once and all problems of a file
come out together.
"""

from __future__ import annotations

import difflib
import re
from collections.abc import Mapping
from dataclasses import dataclass
from datetime import date, datetime
from typing import Any, cast

from workshop.domain.build import build_scenario
from workshop.domain.cross_checks import cross_check, is_example
from workshop.domain.format_spec import OPTIONAL_IN_AN_EXAMPLE, SCENARIO_KEYS, Key
from workshop.domain.problems import KeyPath, Problem, Severity, format_key_path, plural
from workshop.domain.scenario import Scenario

SCORING_KEYS = frozenset({"correct", "right", "wrong", "score", "points", "best", "answer"})

_KIND_NAMES = {
    "string": "text in quotes",
    "integer": "a whole number (no quotes)",
    "boolean": "true or false (no quotes)",
    "date": "a date such as 2027-06-30 (no quotes)",
    "strings": 'a list of texts, e.g. ["first", "second"]',
    "table": "a table",
}


@dataclass(frozen=True)
class Validation:
    """The outcome of checking one file: a scenario when there is no error."""

    scenario: Scenario | None
    problems: tuple[Problem, ...]

    @property
    def errors(self) -> tuple[Problem, ...]:
        return tuple(p for p in self.problems if p.is_error)

    @property
    def warnings(self) -> tuple[Problem, ...]:
        return tuple(p for p in self.problems if not p.is_error)


def validate(data: Mapping[str, Any], today: date) -> Validation:
    """Check a parsed scenario file; `today` decides whether `review_by` has passed."""
    checker = _Checker()
    clean = checker.table(data, SCENARIO_KEYS, ())
    problems = [*checker.problems, *cross_check(clean, today)]
    scenario = None if any(p.is_error for p in problems) else build_scenario(clean)
    return Validation(scenario, tuple(problems))


def _type_name(value: object) -> str:
    if isinstance(value, bool):
        return "true/false"
    if isinstance(value, int | float):
        return "a number"
    if isinstance(value, str):
        return "text"
    if isinstance(value, datetime):
        return "a date with a time"
    if isinstance(value, date):
        return "a date"
    if isinstance(value, list):
        return "a list"
    if isinstance(value, dict):
        return "a table"
    return type(value).__name__


def _header(path: KeyPath) -> str:
    """How a table at `path` is written as a header: `stages.question`, without indexes."""
    return ".".join(part for part in path if isinstance(part, str))


def _written(path: KeyPath) -> str:
    """The header line of the table at `path`: `[[stages]]` in an array, `[content_note]` alone."""
    if path and isinstance(path[-1], int):
        return f"[[{_header(path)}]]"
    return f"[{_header(path)}]"


def _kind_name(key: Key, path: KeyPath) -> str:
    if key.kind == "tables":
        return f"an array of tables, each written [[{_header(path)}]]"
    if key.kind == "date":
        return "a date without a time, such as 2027-06-30 (no quotes)"
    return _KIND_NAMES[key.kind]


class _Checker:
    def __init__(self) -> None:
        self.enclosing: list[tuple[KeyPath, Mapping[str, Key], Mapping[str, Any]]] = []
        self.problems: list[Problem] = []
        self.misplaced: set[tuple[KeyPath, str]] = set()
        """Keys found below a sub-table's header: not also reported missing where they belong."""

    def add(self, severity: Severity, path: KeyPath, message: str) -> None:
        self.problems.append(Problem(severity, path, message))

    # First pass: each key against its declaration.

    def table(
        self, raw: Mapping[str, Any], keys: Mapping[str, Key], path: KeyPath
    ) -> dict[str, Any]:
        self.enclosing.append((path, keys, raw))
        try:
            return self._table(raw, keys, path)
        finally:
            self.enclosing.pop()

    def _table(
        self, raw: Mapping[str, Any], keys: Mapping[str, Key], path: KeyPath
    ) -> dict[str, Any]:
        clean: dict[str, Any] = {}
        suggested: set[str] = set()
        for name, value in raw.items():
            key = keys.get(name)
            if key is None:
                misplaced = self._misplaced(name, path)
                close = difflib.get_close_matches(name, [k for k in keys if k not in raw], n=1)
                suggested.update(close)
                message = misplaced or self._unknown_key_message(name, keys, close)
                self.add("error", (*path, name), message)
                continue
            checked = self.value(value, key, (*path, name), name)
            if checked is not None:
                clean[name] = checked
        example = not path and is_example(raw)
        for name, key in keys.items():
            if example and name in OPTIONAL_IN_AN_EXAMPLE:
                continue
            moved = (path, name) in self.misplaced
            if key.required and name not in raw and name not in suggested and not moved:
                where = format_where(path)
                self.add(
                    "error",
                    (*path, name),
                    f"missing required key '{name}' {where}: {key.description}",
                )
        return clean

    def _misplaced(self, name: str, path: KeyPath) -> str | None:
        """A key of an enclosing table written after a sub-table's header, as TOML reads it.

        `next = "..."` written below a stage's `[[stages.perspectives]]` belongs,
        in TOML, to that perspective: say where it belongs and what to do.
        """
        for outer_path, outer_keys, outer_raw in reversed(self.enclosing[:-1]):
            if name in outer_keys and name not in outer_raw:
                self.misplaced.add((outer_path, name))
                here = _written(path)
                owner = _written(outer_path) if outer_path else "the top of the file"
                said = (
                    f"'{name}' belongs to {owner}, not to {here}: every key below a {here} "
                    f"line belongs to it, so move `{name} = ...` up"
                )
                if not outer_path:
                    return f"{said}, above the first line in square brackets"
                inner = path[: len(outer_path) + 1]  # the sub-table it must come before
                in_array = len(path) > len(inner) and isinstance(path[len(inner)], int)
                first = f"[[{_header(inner)}]]" if in_array else f"[{_header(inner)}]"
                owner_name = _header(outer_path).rsplit(".", 1)[-1].removesuffix("s")
                return f"{said}, above the first {first} of this {owner_name}"
        return None

    def _unknown_key_message(self, name: str, keys: Mapping[str, Key], close: list[str]) -> str:
        if name.lower() in SCORING_KEYS:
            return (
                f"unknown key '{name}': options cannot be marked right or wrong; risk "
                "decisions are judged on the quality of reasoning, not scored"
            )
        close = close or difflib.get_close_matches(name, list(keys), n=1)
        if close:
            return f"unknown key '{name}'; did you mean '{close[0]}'?"
        return f"unknown key '{name}'; the keys allowed here are: {', '.join(keys)}"

    def value(self, value: object, key: Key, path: KeyPath, name: str) -> Any:
        if key.kind == "table":
            if not isinstance(value, dict):
                self.add(
                    "error",
                    path,
                    f"must be {_kind_name(key, path)}, written [{_header(path)}], "
                    f"not {_type_name(value)}",
                )
                return None
            return self.table(value, key.keys, path)
        if key.kind == "tables":
            return self.tables(value, key, path, name)
        if key.kind == "strings":
            return self.strings(value, key, path)
        return self.scalar(value, key, path, name)

    def tables(
        self, value: object, key: Key, path: KeyPath, name: str
    ) -> list[dict[str, Any]] | None:
        if not isinstance(value, list) or not all(isinstance(item, dict) for item in value):
            self.add("error", path, f"must be {_kind_name(key, path)}, not {_type_name(value)}")
            return None
        self.count(len(value), key, path, name.removesuffix("s"))
        return [self.table(item, key.keys, (*path, index)) for index, item in enumerate(value)]

    def count(self, count: int, key: Key, path: KeyPath, noun: str) -> None:
        if key.low is not None and key.high is not None and not key.low <= count <= key.high:
            self.add("error", path, f"needs {key.low} to {key.high} {noun}s, found {count}")
        elif key.low is not None and count < key.low:
            self.add("error", path, f"needs at least {plural(key.low, noun)}, found {count}")

    def strings(self, value: object, key: Key, path: KeyPath) -> tuple[str, ...] | None:
        if not isinstance(value, list):
            self.add("error", path, f"must be {_KIND_NAMES['strings']}, not {_type_name(value)}")
            return None
        kept: list[str] = []
        for index, item in enumerate(value):
            item_path = (*path, index)
            if not isinstance(item, str):
                self.add("error", item_path, f"must be text in quotes, not {_type_name(item)}")
            elif not item.strip():
                self.add("error", item_path, "must not be empty")
            elif key.choices and item not in key.choices:
                self.add("error", item_path, self._choice_message(item, key.choices))
            else:
                kept.append(item)
        if key.low is not None and len(value) < key.low:
            self.add("error", path, f"needs at least {plural(key.low, 'entry')}, found none")
        return tuple(kept)

    def scalar(self, value: object, key: Key, path: KeyPath, name: str) -> Any:
        expected: tuple[type, ...] = {
            "string": (str,),
            "integer": (int,),
            "boolean": (bool,),
            "date": (date,),
        }[key.kind]
        wrong_type = (
            not isinstance(value, expected)
            or (key.kind == "integer" and isinstance(value, bool))
            or (key.kind == "date" and isinstance(value, datetime))
        )
        if wrong_type:
            self.add("error", path, f"must be {_kind_name(key, path)}, not {_type_name(value)}")
            return None
        if isinstance(value, str):
            return self.text(value, key, path)
        if key.kind == "integer":
            number = cast(int, value)
            if (key.low is not None and number < key.low) or (
                key.high is not None and number > key.high
            ):
                if key.low == key.high:
                    self.add(
                        "error",
                        path,
                        f"must be {key.low}; this tool reads format {key.low}, found {number}",
                    )
                else:
                    self.add(
                        "error", path, f"must be between {key.low} and {key.high}, found {number}"
                    )
                return None
        return value

    def text(self, value: str, key: Key, path: KeyPath) -> str | None:
        if key.choices and value not in key.choices:
            self.add("error", path, self._choice_message(value, key.choices))
            return None
        if key.pattern and not re.fullmatch(key.pattern, value):
            self.add("error", path, f"'{value}' is not a valid value here: use {key.pattern_rule}")
            return None
        if key.low and not value.strip():
            self.add("error", path, "must not be empty")
            return None
        if key.high and len(value) > key.high:
            self.add("error", path, f"is {len(value)} characters long; the limit is {key.high}")
            return None
        return value

    def _choice_message(self, value: str, choices: tuple[str, ...]) -> str:
        close = difflib.get_close_matches(value, choices, n=1, cutoff=0.6)
        hint = f"; did you mean '{close[0]}'?" if close else ""
        return f"'{value}' is not one of: {', '.join(choices)}{hint}"


def format_where(path: KeyPath) -> str:
    if not path:
        return "at the top of the file"
    return f"in {format_key_path(path)}"
