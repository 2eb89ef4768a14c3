"""Finding an interrupted session and the scenario to continue it against.

A session resumes against the exact scenario it started with: the file at
its recorded path if its SHA-256 still matches, else the copy archived beside
the records when it started. Only when neither is there is the facilitator
asked whether to go on with the file as it is now, after checking that the
record still fits it (its stages exist, its votes name existing options).
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date
from pathlib import Path

from workshop.domain.scenario import Scenario
from workshop.domain.session import Session
from workshop.storage.scenarios import ScenarioFile, read_scenario
from workshop.storage.sessions import (
    StoredSession,
    archived_scenario_path,
    list_sessions,
)


@dataclass(frozen=True)
class ResumePlan:
    record: Path
    session: Session
    scenario: ScenarioFile | None
    """The scenario to run against, once the facilitator has agreed where asked."""
    needs_consent: bool = False
    """The file changed and no copy of the old version exists: ask first."""
    changes: tuple[str, ...] = ()
    problem: str | None = None
    """Why the session cannot be resumed at all."""
    note: str | None = None


def latest_unfinished(folder: Path) -> StoredSession | None:
    """The newest readable record that has not reached its summary."""
    unfinished = [s for s in list_sessions(folder) if s.session and not s.session.finished]
    if not unfinished:
        return None
    return max(unfinished, key=lambda s: (s.session.info.started, s.path.stat().st_mtime))  # type: ignore[union-attr]


def plan_resume(record: Path, session: Session, folder: Path, today: date) -> ResumePlan:
    info = session.info
    recorded = Path(info.scenario_path)
    current = read_scenario(recorded, today) if recorded.is_file() else None
    if current is not None and current.sha256 == info.scenario_sha256 and current.scenario:
        return ResumePlan(record, session, current)
    archived = archived_scenario_path(folder, info.scenario_sha256)
    if archived.is_file():
        copy = read_scenario(archived, today)
        if copy.scenario is not None and copy.sha256 == info.scenario_sha256:
            note = (
                f"{recorded} has changed or gone since this session started; continuing with "
                "the version the session started with."
            )
            return ResumePlan(record, session, copy, note=note)
    if current is None:
        return ResumePlan(
            record,
            session,
            None,
            problem=f"the scenario file {recorded} is not there any more, and no copy of it "
            "was kept; put the file back where it was to resume",
        )
    if current.scenario is None:
        first = current.errors[0] if current.errors else "it has errors"
        return ResumePlan(
            record,
            session,
            None,
            problem=f"the scenario file has changed and now has errors ({first}); "
            f"fix them with `workshop check {recorded}` to resume",
        )
    misfits = fits(session, current.scenario)
    if misfits:
        return ResumePlan(
            record,
            session,
            None,
            problem="the scenario file has changed so that this record no longer fits it: "
            + "; ".join(misfits),
        )
    changes = (
        f"{recorded} has changed since this session started, and no copy of the earlier "
        "version was kept.",
        f"It now has {len(current.scenario.stages)} stage(s); the session has visited "
        f"{len(session.visits)}.",
        "The record still fits it: every stage visited is there, with enough options.",
    )
    return ResumePlan(record, session, current, needs_consent=True, changes=changes)


def fits(session: Session, scenario: Scenario) -> list[str]:
    """What in the record the scenario can no longer carry, in words."""
    problems: list[str] = []
    ids = {stage.id: stage for stage in scenario.stages}
    for order, visit in enumerate(session.visits, 1):
        stage = ids.get(visit.stage_id)
        if stage is None:
            problems.append(f"stage '{visit.stage_id}' (visit {order}) is no longer in the file")
            continue
        options = len(stage.question.options) if stage.question else 0
        used = [option for r in visit.rounds for option, _, _, _ in r.all_counts()]
        if visit.chosen is not None:
            used.append(visit.chosen)
        if used and max(used) > options:
            problems.append(
                f"stage '{visit.stage_id}' now has {options} option(s), fewer than voted on"
            )
    return problems
