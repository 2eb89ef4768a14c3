"""The one owner of a running session: every source of change goes through it.

Keys, phones, a console or a file watcher ask the live session to apply a
domain transition. It folds the events, saves the record, then tells every
subscriber, so that what any screen or phone shows has been saved first, and
a change made elsewhere is seen everywhere without anyone pressing a key.

Two ways in. `apply` is for a person at the laptop: it saves at once, in the
calling thread (a few milliseconds), and returns. `apply_durably` is for many
remote sources at once: it folds at once (so the next request sees the
change), then waits until a save that holds it is on disk. Changes that arrive
while a save is running are written together by the next one (group commit),
so a burst of two thousand phone votes costs a handful of saves, each made in
a worker thread so the screen keeps drawing. No Textual here.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path

from workshop.domain.events import apply_all
from workshop.domain.scenario import Scenario
from workshop.domain.session import Session
from workshop.domain.transitions import ChoiceNeeded, SessionRuleError, Step
from workshop.group_commit import GroupCommit

Transition = Callable[[Scenario, Session, float], Step]
"""A domain transition with its own arguments bound: (scenario, session, now) -> events."""
Saver = Callable[[Session, Path], None]
Listener = Callable[["Change"], None]


@dataclass(frozen=True)
class Change:
    """What subscribers are told: the saved session, and whether the scenario was replaced."""

    session: Session
    scenario: Scenario
    scenario_replaced: bool = False
    remote: bool = False
    """From a remote source (phones), saved in a batch: a screen may pace its redraws."""


class LiveSession:
    def __init__(
        self,
        scenario: Scenario,
        session: Session,
        *,
        clock: Callable[[], float],
        record: Path | None = None,
        save: Saver | None = None,
    ) -> None:
        """`record` and `save` together, or neither (a preview keeps no record)."""
        assert (record is None) == (save is None), "a record needs a saver, and a saver a record"
        self._scenario = scenario
        self._session = session
        self.record = record
        self._save = save
        self._clock = clock
        self._since = clock()
        self._listeners: list[Listener] = []
        self._commit = GroupCommit(self._save_latest, self._told_from_afar)

    @property
    def scenario(self) -> Scenario:
        return self._scenario

    @property
    def session(self) -> Session:
        return self._session

    @property
    def saves(self) -> int:
        """How many times the record was written: what group commit keeps small."""
        return self._commit.writes

    def now(self) -> float:
        """Seconds of session time: carries on from the record's clock after a resume."""
        return self._session.clock + max(0.0, self._clock() - self._since)

    def start(self) -> None:
        """Write the first record (or the resumed one again) before anything is shown."""
        if self._save is not None and self.record is not None:
            with self._commit.lock:
                self._save(self._session, self.record)
                self._commit.written_all()

    def subscribe(self, listener: Listener) -> Callable[[], None]:
        """Be told of every saved change; the returned function stops it."""
        self._listeners.append(listener)
        return lambda: self._listeners.remove(listener) if listener in self._listeners else None

    # Changes

    def apply(self, transition: Transition) -> ChoiceNeeded | None:
        """Apply a transition, save, tell; a needed choice is returned, nothing changed.

        If the save fails (a full disk, a folder gone), the error is raised and
        the session stays as it was: nothing is shown that is not saved.
        """
        step = transition(self._scenario, self._session, self.now())
        if isinstance(step, ChoiceNeeded):
            return step
        if not step:
            return None
        updated = apply_all(self._session, step)
        with self._commit.lock:
            if self._save is not None and self.record is not None:
                self._save(updated, self.record)
            self._session = updated
            self._commit.changed()
            self._commit.written_all()
        self._since = self._clock()
        self._tell(updated)
        return None

    async def apply_durably(self, transition: Transition) -> Session:
        """Apply a transition now and return once a save that holds it is on disk.

        A transition that needs the facilitator's choice is refused: remote
        sources change votes, not the story.
        """
        step = transition(self._scenario, self._session, self.now())
        if isinstance(step, ChoiceNeeded):
            raise SessionRuleError("the group's choice is the facilitators' to make")
        if not step:
            return self._session
        self._session = apply_all(self._session, step)
        change = self._commit.changed()
        self._since = self._clock()
        if self._save is None:
            self._commit.written_all()
            self._tell(self._session)
            return self._session
        await self._commit.wait(change)
        return self._session

    def replace_scenario(self, scenario: Scenario, session: Session | None = None) -> None:
        """A new version of the scenario (a preview's saved file), with a session that fits it."""
        assert self._save is None, "only a session without a record may change its scenario"
        self._scenario = scenario
        if session is not None:
            self._session = session
        self._tell(self._session, scenario_replaced=True)

    def _save_latest(self) -> Session:
        """In a worker thread, under the commit's lock: write what has been folded by now."""
        assert self._save is not None
        assert self.record is not None
        session = self._session
        self._save(session, self.record)
        return session

    def _told_from_afar(self, saved: Session) -> None:
        self._tell(saved, remote=True)

    def _tell(
        self, saved: Session, *, scenario_replaced: bool = False, remote: bool = False
    ) -> None:
        """Subscribers see what is on disk: a crash never takes back what they showed."""
        change = Change(saved, self._scenario, scenario_replaced, remote)
        for listener in list(self._listeners):
            listener(change)
