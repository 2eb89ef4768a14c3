"""The discussion timer in large figures, counting down, pausable."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass

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
