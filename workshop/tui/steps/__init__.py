"""The steps of a session as widgets, shown again in place as the session changes.

`StepBody` holds the one step on screen. Given a new view of the same step
(same phase of the same visit) it passes the view on, and the step updates
its words, figures and lists where they are; only moving to another step
builds new widgets. The session screen and the preview both draw with it.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Protocol, cast

from textual.containers import Vertical
from textual.widget import AwaitMount, Widget

from workshop.domain.session import Phase
from workshop.tui.steps.notes import NotesStep, TakeawaysStep
from workshop.tui.steps.reading import READING, ReadingStep
from workshop.tui.steps.talk import DiscussionStep, PerspectivesStep
from workshop.tui.steps.view import View
from workshop.tui.steps.voting import ResultsStep, VoteStep


class Step(Protocol):
    def show_view(self, view: View) -> None: ...


_STEPS: dict[Phase, Callable[[View], Widget]] = {
    **dict.fromkeys(READING, ReadingStep),
    "vote": VoteStep,
    "revote": VoteStep,
    "results": ResultsStep,
    "revote_results": ResultsStep,
    "perspectives": PerspectivesStep,
    "discussion": DiscussionStep,
    "notes": NotesStep,
    "takeaways": TakeawaysStep,
}


class StepBody(Vertical):
    """The body of the screen: the current step, rebuilt only when the step itself changes."""

    def __init__(self, *, id: str | None = None) -> None:
        super().__init__(id=id)
        self.key: tuple[object, ...] | None = None
        self.step: Widget | None = None
        self.builds = 0
        """How many steps were built: a burst of changes within one step builds none."""
        self.mounted: AwaitMount | None = None
        """Awaited to know the newest step is on screen, so that focus can be placed in it."""

    def show_view(self, view: View) -> bool:
        """Show the view; True when a new step was built (the caller may place the focus)."""
        if self.step is not None and self.key == view.key:
            cast(Step, self.step).show_view(view)
            return False
        with self.app.batch_update():
            self.remove_children()
            self.step = _STEPS[view.phase](view)
            self.mounted = self.mount(self.step)
        self.key = view.key
        self.builds += 1
        return True
