"""Whatever an organiser's editor leaves in a file, the checker reports problems.

Thousands of random mutations of valid files (deleted keys, values of the
wrong type, random text, truncation) must never raise, and every problem must
point at a line inside the file.
"""

from __future__ import annotations

import tomllib
from datetime import date
from pathlib import Path
from typing import Any

import tomli_w
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from tests.conftest import DATA, REPO, TODAY
from workshop.storage.scenarios import ScenarioFile, parse_scenario
from workshop.storage.templates import new_scenario_text

VALID_TEXTS = [
    (DATA / "valid/minimal.toml").read_text("utf-8"),
    # The starting file with every placeholder written, as an organiser leaves it.
    new_scenario_text("example.toml", TODAY).replace("TO WRITE: ", ""),
    *(path.read_text("utf-8") for path in sorted((REPO / "scenarios").glob("*.toml"))),
]

toml_values = st.one_of(
    st.text(max_size=20),
    st.integers(min_value=-(2**63), max_value=2**63 - 1),
    st.booleans(),
    st.floats(allow_nan=False),
    st.dates(),
    st.lists(st.integers(), max_size=3),
    st.lists(st.text(max_size=5), max_size=3),
    st.dictionaries(st.text(min_size=1, max_size=8), st.integers(), max_size=3),
    st.lists(st.dictionaries(st.text(min_size=1, max_size=8), st.text(max_size=5)), max_size=3),
)


def check_text(text: str | bytes) -> ScenarioFile:
    data = text.encode("utf-8", errors="surrogatepass") if isinstance(text, str) else text
    return parse_scenario(data, TODAY, path=Path("mutant.toml"))


def assert_problems_inside(result: ScenarioFile, text: str) -> None:
    line_count = max(1, text.count("\n") + 1)
    for problem in result.problems:
        assert 1 <= problem.line <= line_count, str(problem)
        assert problem.column >= 1, str(problem)
        assert problem.problem.message
    if result.scenario is None:
        assert result.errors


def _paths(value: Any, path: tuple[Any, ...] = ()) -> list[tuple[Any, ...]]:
    found = [path] if path else []
    if isinstance(value, dict):
        for key, item in value.items():
            found += _paths(item, (*path, key))
    elif isinstance(value, list):
        for index, item in enumerate(value):
            found += _paths(item, (*path, index))
    return found


def _parent(document: Any, path: tuple[Any, ...]) -> Any:
    for part in path[:-1]:
        document = document[part]
    return document


@settings(max_examples=1500, suppress_health_check=[HealthCheck.too_slow], deadline=None)
@given(source=st.sampled_from(VALID_TEXTS), data=st.data())
def test_text_mutations_only_ever_give_problems(source: str, data: st.DataObject) -> None:
    kind = data.draw(st.sampled_from(["truncate", "insert", "delete_line", "replace"]))
    cut = data.draw(st.integers(min_value=0, max_value=len(source)))
    if kind == "truncate":
        text = source[:cut]
    elif kind == "insert":
        text = source[:cut] + data.draw(st.text(max_size=30)) + source[cut:]
    elif kind == "replace":
        end = data.draw(st.integers(min_value=cut, max_value=min(len(source), cut + 40)))
        noise = data.draw(st.text(alphabet="[]{}=\"'#.,\n 1az", max_size=12))
        text = source[:cut] + noise + source[end:]
    else:
        lines = source.split("\n")
        del lines[data.draw(st.integers(min_value=0, max_value=len(lines) - 1))]
        text = "\n".join(lines)
    result = check_text(text)
    assert_problems_inside(result, text)


@settings(max_examples=1500, suppress_health_check=[HealthCheck.too_slow], deadline=None)
@given(source=st.sampled_from(VALID_TEXTS), data=st.data())
def test_structural_mutations_only_ever_give_problems(source: str, data: st.DataObject) -> None:
    document = tomllib.loads(source)
    for _ in range(data.draw(st.integers(min_value=1, max_value=3))):
        paths = _paths(document)
        path = data.draw(st.sampled_from(paths))
        parent = _parent(document, path)
        if data.draw(st.booleans()):
            del parent[path[-1]]
        else:
            parent[path[-1]] = data.draw(toml_values)
    text = tomli_w.dumps(document)
    result = check_text(text)
    assert_problems_inside(result, text)


@settings(max_examples=300, deadline=None)
@given(st.binary(max_size=200))
def test_random_bytes_only_ever_give_problems(data: bytes) -> None:
    result = check_text(data)
    assert result.scenario is None or not result.errors
    assert_problems_inside(result, data.decode("utf-8", errors="replace"))


def test_valid_sources_are_valid() -> None:
    """The mutations start from files that are themselves clean."""
    for text in VALID_TEXTS:
        assert check_text(text).problems == ()


def test_a_date_in_the_past_is_the_only_difference_a_clock_makes() -> None:
    later = date(2100, 1, 1)
    result = parse_scenario(VALID_TEXTS[1].encode(), later, path=Path("t.toml"))
    assert [p.problem.path for p in result.problems] == [("review_by",)]
