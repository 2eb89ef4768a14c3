"""The discussion timer in large digits, counting down, pausable."""

from __future__ import annotations

from collections.abc import Callable

from textual.reactive import reactive
from textual.widgets import Digits


def clock_face(seconds: float) -> str:
    whole = int(abs(seconds))
    sign = "-" if seconds < 0 else ""
    return f"{sign}{whole // 60:02d}:{whole % 60:02d}"


class DiscussionTimer(Digits):
    """Counts down the stage's planned minutes; goes negative rather than stopping."""

    paused: reactive[bool] = reactive(False)

    def __init__(self, minutes: int, clock: Callable[[], float], *, id: str | None = None) -> None:
        super().__init__(clock_face(minutes * 60), id=id, classes="timer")
        self.planned = minutes * 60.0
        self.clock = clock
        self.used = 0.0
        self.since: float | None = None

    def on_mount(self) -> None:
        self.since = self.clock()
        self.set_interval(1.0, self.tick)

    def remaining(self) -> float:
        running = self.clock() - self.since if self.since is not None else 0.0
        return self.planned - self.used - running

    def tick(self) -> None:
        self.update(clock_face(self.remaining()))
        self.set_class(self.remaining() < 0, "overtime")

    def toggle(self) -> None:
        if self.since is None:
            self.since = self.clock()
        else:
            self.used += self.clock() - self.since
            self.since = None
        self.paused = self.since is None
        self.set_class(self.paused, "paused")
        self.tick()
