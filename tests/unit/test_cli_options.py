"""Options of `workshop run` and `workshop resume` that are refused before anything opens."""

from __future__ import annotations

import pytest

from tests.conftest import DATA
from tests.unit.test_cli_check import run
from workshop.cli import port_number


@pytest.mark.parametrize("typed", ["99999", "-1", "eighty", "80.5"])
def test_a_port_that_cannot_be_one_is_refused_saying_what_a_port_is(typed: str) -> None:
    result = run("run", "--vote", "phones", "--port", typed, str(DATA / "valid/minimal.toml"))
    assert result.returncode == 2
    assert f"argument --port: '{typed}' is not a port: give a whole number" in result.stderr
    assert "Traceback" not in result.stderr


def test_port_0_asks_for_any_free_port_and_8765_is_kept_as_typed() -> None:
    assert port_number("0") == 0
    assert port_number("8765") == 8765
