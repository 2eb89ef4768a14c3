"""Small builders for tests: a scenario from the fixtures and a fresh session."""

from __future__ import annotations

from datetime import datetime
from pathlib import Path

from tests.conftest import DATA, TODAY
from workshop.domain.scenario import Scenario
from workshop.domain.session import Session, SessionInfo, new_session
from workshop.storage.scenarios import read_scenario

STARTED = datetime(2026, 11, 29, 9, 30)


def load(path: Path) -> Scenario:
    result = read_scenario(path, TODAY)
    assert result.scenario is not None, [str(p) for p in result.problems]
    return result.scenario


def minimal() -> Scenario:
    return load(DATA / "valid/minimal.toml")


def session_for(scenario: Scenario, **info: object) -> Session:
    values: dict[str, object] = {
        "session_id": "0123456789abcdef",
        "started": STARTED,
        "tool_version": "0.0.test",
        "scenario_id": scenario.id,
        "scenario_version": scenario.version,
        "scenario_sha256": "0" * 64,
        "scenario_title": scenario.title,
        "scenario_path": f"{scenario.id}.toml",
        "cohort": "Cohort 1",
    }
    values.update(info)
    return new_session(SessionInfo(**values))  # type: ignore[arg-type]
