"""The one place a running session changes: apply events, then save at once.

The TUI holds a SessionRunner and renders `runner.session`; every change goes
through `run`, which folds the events and writes the record before returning,
so nothing the screen has acknowledged is only in memory. No Textual here.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path

from workshop.domain.scenario import Scenario
from workshop.domain.session import Event, Session, apply_all

Saver = Callable[[Session, Path], None]


@dataclass
class SessionRunner:
    scenario: Scenario
    session: Session
    record: Path
    save: Saver
    clock: Callable[[], float]
    """Seconds of session time; carries on from the record's clock after a resume."""
    started_at: float = field(default=0.0)

    def now(self) -> float:
        return self.session.clock + max(0.0, self.clock() - self.started_at)

    def run(self, events: tuple[Event, ...]) -> Session:
        if not events:
            return self.session
        updated = apply_all(self.session, events)
        self.save(updated, self.record)
        self.session = updated
        self.started_at = self.clock()
        return updated

    def start(self) -> None:
        """Save the first record and start counting session time from now."""
        self.started_at = self.clock()
        self.save(self.session, self.record)
