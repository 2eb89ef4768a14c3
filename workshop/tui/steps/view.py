"""What a step of the session is drawn from: the session value and the screen's own settings.

A step never reads anything else, so that the same step drawn from the same
view looks the same on the projector, in a preview and in a snapshot.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path

from workshop.domain.scenario import Scenario, Stage
from workshop.domain.session import Phase, Session
from workshop.domain.transitions import current_stage
from workshop.storage.config import Config
from workshop.tui.widgets.timer import TimerState

PHASE_TITLES: dict[Phase, str] = {
    "welcome": "Welcome",
    "content_note": "Content note",
    "narrative": "The story so far",
    "vote": "What would you do? Vote privately",
    "results": "How the room voted",
    "perspectives": "Perspectives, side by side",
    "consequence": "What happened next",
    "discussion": "Discussion",
    "revote": "Re-vote: has your view moved?",
    "revote_results": "How views moved",
    "notes": "Notes",
    "wellbeing": "Wellbeing check",
    "epilogue": "Epilogue",
    "debrief": "Debrief",
    "takeaways": "Take-aways",
    "support": "Support and signposting",
    "summary": "Summary",
}


@dataclass(frozen=True)
class Phones:
    """What the screen shows of phone voting: never a token, an address only to join by."""

    joined: int
    url: str
    code: str
    address: str


@dataclass(frozen=True)
class View:
    scenario: Scenario
    session: Session
    config: Config
    record: Path | None
    clock: Callable[[], float]
    group: str = "not_given"
    """The perspective group the keypad is counting for."""
    note_perspective: str = "shared"
    width: int = 80
    height: int = 24
    show_notes: bool = False
    """The notes written at this step, in their perspective columns (they are private)."""
    timer: TimerState | None = None
    phones: Phones | None = None
    preview: bool = False

    @property
    def phase(self) -> Phase:
        return self.session.position.phase

    @property
    def stage(self) -> Stage:
        stage = current_stage(self.scenario, self.session)
        assert stage is not None, f"{self.phase} is a step of a stage"
        return stage

    @property
    def key(self) -> tuple[object, ...]:
        """Which step this is: a step is rebuilt only when this changes, else shown in place."""
        visit = self.session.position.visit
        stage_id = self.session.visits[visit].stage_id if visit is not None else None
        return (self.phase, visit, stage_id)


class ShownInPlace:
    """A step widget given new views of its step: each is drawn once the widget is mounted.

    A view that arrives while the widget is still being mounted (two changes
    in quick succession) waits, and is drawn by `on_mount`.
    """

    view: View
    is_mounted: bool

    def show_view(self, view: View) -> None:
        self.view = view
        if self.is_mounted:
            self.update_view(view)

    def on_mount(self) -> None:
        self.update_view(self.view)

    def update_view(self, view: View) -> None:
        raise NotImplementedError
