"""Starting a new session and resuming an interrupted one: one function each.

The CLI, the app and the tests all open sessions here, so that a session is
always begun the same way: its info built from the scenario and the
set-up, the seconds cut from its start time, the scenario archived beside
the records (to resume and report it even after the file changes), and its
record path chosen.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime
from pathlib import Path

from workshop.domain.scenario import Scenario
from workshop.domain.session import VOTING_MODES, Session, SessionInfo, new_session
from workshop.storage.resume import ResumePlan
from workshop.storage.scenarios import ScenarioFile
from workshop.storage.sessions import archive_scenario, record_path


@dataclass(frozen=True)
class SessionSettings:
    """What the facilitators chose in set-up (or on the command line)."""

    cohort: str = ""
    voting_mode: str = "keypad"
    facilitation: tuple[str, ...] = ()


@dataclass(frozen=True)
class OpenedSession:
    """A session ready to run: the scenario it runs against, its value and its record."""

    scenario: Scenario
    session: Session
    record: Path


def default_cohort(started: datetime) -> str:
    """The label of a session nobody labelled: the day it ran, so that it can be told apart."""
    return f"Session of {started.day} {started:%B %Y}"


def start_session(
    file: ScenarioFile,
    settings: SessionSettings,
    *,
    folder: Path,
    session_id: str,
    now: datetime,
    version: str,
    min_group: int,
) -> OpenedSession:
    scenario = file.scenario
    if scenario is None:
        raise ValueError(f"{file.path} has errors; only a checked scenario can be run")
    if settings.voting_mode not in VOTING_MODES:
        raise ValueError(f"unknown voting mode {settings.voting_mode!r}")
    started = now.replace(second=0, microsecond=0)
    info = SessionInfo(
        session_id=session_id,
        started=started,
        tool_version=version,
        scenario_id=scenario.id,
        scenario_version=scenario.version,
        scenario_sha256=file.sha256,
        scenario_title=scenario.title,
        scenario_path=str(file.path.resolve()),
        cohort=settings.cohort.strip() or default_cohort(started),
        voting_mode=settings.voting_mode,
        facilitation=settings.facilitation,
        min_group=min_group,
        scenario_basis=scenario.basis,
    )
    _archive(file, folder)
    return OpenedSession(scenario, new_session(info), record_path(folder, info))


def resume_session(plan: ResumePlan) -> OpenedSession:
    """The session of a resume plan, against the scenario the plan found (and was agreed)."""
    if plan.scenario is None or plan.scenario.scenario is None:
        raise ValueError(plan.problem or "no scenario to resume against")
    return OpenedSession(plan.scenario.scenario, plan.session, plan.record)


def _archive(file: ScenarioFile, folder: Path) -> None:
    """Keep the exact text the session starts with, if the file still holds it."""
    import hashlib

    data = file.path.read_bytes()
    if hashlib.sha256(data).hexdigest() == file.sha256:
        archive_scenario(folder, file.sha256, data)
