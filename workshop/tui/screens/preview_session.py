"""The preview's own session and its checks of a stage, apart from the screen that shows them.

A preview session is an ordinary session value, kept by no record, put on
the stage being edited; the checks say whether the stage's texts fit the
projected screen and how its two voices' airtime compares.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import replace
from datetime import date, datetime
from pathlib import Path

from workshop.domain.events import apply_all
from workshop.domain.scenario import Scenario, Stage
from workshop.domain.session import Phase, Session, SessionInfo, new_session
from workshop.domain.transitions import (
    ChoiceNeeded,
    choose_option,
    current_stage,
    next_step,
    stage_phases,
    visit_stage,
)
from workshop.live import Transition
from workshop.storage.scenarios import LocatedProblem
from workshop.tui.steps.fit import overflows
from workshop.tui.steps.view import PHASE_TITLES
from workshop.tui.widgets.timer import TimerState
from workshop.words import plural

Lines = tuple[tuple[str, str], ...]
PROJECTED = (80, 24)
PROJECTOR = (200, 60)


def airtime_line(stage: Stage, width: int = 20) -> str:
    """The two voices' text lengths as one bar: lived experience left, professional right."""
    lived = sum(len(p.text) for p in stage.perspectives if p.perspective == "lived_experience")
    professional = sum(len(p.text) for p in stage.perspectives if p.perspective == "professional")
    total = lived + professional or 1
    left = round(width * lived / total)
    ratio = max(lived, professional) / max(1, min(lived, professional))
    verdict = "balanced" if ratio <= 3 else "out of balance: the checker warns above 3 : 1"
    return (
        f"Airtime  lived experience {'█' * left}{'▒' * (width - left)} professional  "
        f"{ratio:.1f} : 1 ({verdict})"
    )


def preview_header(
    name: str, scenario: Scenario, stage: Stage | None, phase: Phase, size: str
) -> str:
    """Which file, which stage and step, at which size."""

    where = scenario.title
    if stage is not None:
        where = f"Stage {scenario.stages.index(stage) + 1} of {len(scenario.stages)}: {stage.title}"
    return f"Preview of {name}  ·  {where}  ·  {PHASE_TITLES[phase]}  ·  {size}"


def problems_line(problems: Sequence[LocatedProblem], *, drawn: bool) -> str:
    """Above the problems: how many of each, and what the drawing below them is."""
    errors = sum(p.is_error for p in problems)
    warnings = len(problems) - errors
    counted = [plural(n, kind) for n, kind in ((errors, "error"), (warnings, "warning")) if n]
    said = " and ".join(counted)
    if errors and drawn:
        said += ": the drawing below is the last version without errors"
    elif errors:
        said += ": the preview draws the file once it has none"
    return said


def preview_info(scenario: Scenario, path: Path, today: date, version: str) -> SessionInfo:
    return SessionInfo(
        session_id="preview",
        started=datetime.combine(today, datetime.min.time()),
        tool_version=version,
        scenario_id=scenario.id,
        scenario_version=scenario.version,
        scenario_sha256="",
        scenario_title=scenario.title,
        scenario_path=str(path),
        cohort="Preview",
        scenario_basis=scenario.basis,
    )


def where_now(before: tuple[Scenario, Session] | None, after: Scenario) -> tuple[str, Phase]:
    """The stage being edited: the same id, or else the stage whose text changed."""
    ids = [s.id for s in after.stages]
    if before is None:
        return ids[0], "narrative"
    scenario, session = before
    stage = current_stage(scenario, session)
    if stage is not None and stage.id in ids:
        return stage.id, session.position.phase
    for index, new in enumerate(after.stages):
        if index >= len(scenario.stages) or scenario.stages[index] != new:
            return new.id, "narrative"
    return ids[0], "narrative"


def session_on(scenario: Scenario, info: SessionInfo, stage_id: str, phase: Phase) -> Session:
    """A session on `phase` of the stage (or its story, when the stage has no such step)."""
    session = folded(
        scenario, new_session(info), lambda sc, s, at: visit_stage(sc, s, stage_id, at)
    )
    wanted = phase if phase in stage_phases(scenario.stage(stage_id)) else "narrative"
    for _ in range(12):
        if session.position.phase == wanted:
            break
        session = folded(scenario, session, next_step)
    return session


def stage_before(scenario: Scenario, session: Session) -> Session | None:
    """From a stage's story, back to the last step of the stage before it in the file."""
    stage = current_stage(scenario, session)
    if stage is None or session.position.phase != "narrative":
        return None
    index = scenario.stages.index(stage)
    if index == 0:
        return None
    before = scenario.stages[index - 1]
    return session_on(scenario, session.info, before.id, stage_phases(before)[-1])


def stage_checks(scenario: Scenario, session: Session, stage: Stage | None) -> Lines:
    """Whether the stage fits the projected screen, and its two voices' airtime."""
    if stage is None:
        return ()
    lines: list[tuple[str, str]] = []
    for size in (PROJECTED, PROJECTOR):
        label = f"{size[0]}x{size[1]}"
        over = overflows(scenario, session, stage, size)
        if not over:
            lines.append(("", f"Fits {label} without scrolling."))
        for each in over:
            rows = f"{each.lines} line{'s' if each.lines != 1 else ''}"
            lines.append(("", f"At {label}, {each.what} is {rows} too long: it scrolls."))
    lines.append(("", airtime_line(stage)))
    return tuple(lines)


def folded(scenario: Scenario, session: Session, transition: Transition) -> Session:
    """One transition applied to a session that is not live (a needed choice: option 1)."""
    step = transition(scenario, session, 0.0)
    if isinstance(step, ChoiceNeeded):
        session = apply_all(session, choose_option(scenario, session, step.options[0], 0.0))
        step = transition(scenario, session, 0.0)
    assert not isinstance(step, ChoiceNeeded)
    return replace(apply_all(session, step), clock=0.0)


def still_timer(stage: Stage | None) -> TimerState | None:
    """The planned discussion time, standing still: a preview shows it, never counts it down."""
    if stage is None or not stage.minutes:
        return None
    return TimerState(stage.minutes * 60.0, started=True)
