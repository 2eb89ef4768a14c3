"""The discussion timer in large figures, counting down, pausable."""

from __future__ import annotations

import math
from collections.abc import Callable
from dataclasses import dataclass, field

from workshop.domain.scenario import Scenario
from workshop.domain.session import OPENING, Phase, Session
from workshop.domain.transitions import current_stage, stage_phases
from workshop.tui.widgets.figures import BigFigure


def clock_face(seconds: float) -> str:
    whole = int(abs(seconds))
    sign = "-" if seconds < 0 else ""
    return f"{sign}{whole // 60:02d}:{whole % 60:02d}"


@dataclass
class TimerState:
    """One stage visit's discussion time, kept by the screen so that it outlives the widget.

    Going back to re-read a perspective and returning finds the timer where the
    discussion is, running or paused, not restarted from the full time.
    """

    planned: float
    used: float = 0.0
    since: float | None = None
    started: bool = False

    @property
    def paused(self) -> bool:
        return self.started and self.since is None

    def start(self, now: float) -> None:
        if not self.started:
            self.started, self.since = True, now

    def remaining(self, now: float) -> float:
        running = now - self.since if self.since is not None else 0.0
        return self.planned - self.used - running

    def toggle(self, now: float) -> None:
        if self.since is None:
            self.since = now
        else:
            self.used += now - self.since
            self.since = None


@dataclass
class Timers:
    """Each stage visit's discussion timer: view state of the screen, never recorded."""

    clock: Callable[[], float]
    states: dict[int, TimerState] = field(default_factory=dict)

    def for_step(self, scenario: Scenario, session: Session) -> TimerState | None:
        """The timer of the discussion on screen, kept while people step back and forth."""
        stage = current_stage(scenario, session)
        visit = session.position.visit
        if session.position.phase != "discussion" or stage is None or visit is None:
            return None
        if not stage.minutes:
            return None
        return self.states.setdefault(visit, TimerState(stage.minutes * 60.0))

    def stop_moved_past(self, scenario: Scenario, session: Session) -> None:
        """Moving on from a discussion ends it; stepping back to re-read does not.

        A timer left running behind the current step is paused, so coming back
        to it later shows the time the discussion had, not the time since.
        """
        position = session.position
        here = _place(scenario, session, position.visit, position.phase)
        for visit, state in self.states.items():
            if state.since is not None and here > _place(scenario, session, visit, "discussion"):
                state.toggle(self.clock())


def _place(
    scenario: Scenario, session: Session, visit: int | None, phase: Phase
) -> tuple[float, int]:
    """Where a step is in the session, for comparing: stage visits in order, steps within."""
    if visit is None:
        return (-1.0 if phase in OPENING else math.inf, 0)
    stage = scenario.stage(session.visits[visit].stage_id)
    return (float(visit), stage_phases(stage).index(phase))


class DiscussionTimer(BigFigure):
    """Counts down the stage's planned minutes; goes negative rather than stopping."""

    def __init__(
        self, state: TimerState, clock: Callable[[], float], *, id: str | None = None
    ) -> None:
        super().__init__(clock_face(state.remaining(clock())), share=0.35, id=id, classes="timer")
        self.state = state
        self.clock = clock

    def on_mount(self) -> None:
        self.state.start(self.clock())
        self.set_interval(1.0, self.tick)
        self.show_pause()

    @property
    def paused(self) -> bool:
        return self.state.paused

    def remaining(self) -> float:
        return self.state.remaining(self.clock())

    def tick(self) -> None:
        remaining = self.remaining()
        self.value = clock_face(remaining)
        self.set_class(remaining < 0, "overtime")

    def toggle(self) -> None:
        self.state.toggle(self.clock())
        self.show_pause()

    def show_pause(self) -> None:
        self.set_class(self.paused, "paused")
        self.tick()
