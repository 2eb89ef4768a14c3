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

import asyncio
import threading
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path

from workshop.domain.events import apply_all
from workshop.domain.scenario import Scenario
from workshop.domain.session import Session
from workshop.domain.transitions import ChoiceNeeded, SessionRuleError, Step

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
        self._lock = threading.Lock()  # one save at a time, from any thread
        self._folded = 0  # changes folded so far
        self._durable = 0  # changes known to be on disk
        self._waiting: list[tuple[int, asyncio.Future[None]]] = []
        self._flusher: asyncio.Task[None] | None = None
        self.saves = 0
        """How many times the record was written: what group commit keeps small."""

    @property
    def scenario(self) -> Scenario:
        return self._scenario

    @property
    def session(self) -> Session:
        return self._session

    def now(self) -> float:
        """Seconds of session time: carries on from the record's clock after a resume."""
        return self._session.clock + max(0.0, self._clock() - self._since)

    def start(self) -> None:
        """Write the first record (or the resumed one again) before anything is shown."""
        if self._save is not None and self.record is not None:
            with self._lock:
                self._save(self._session, self.record)
                self.saves += 1

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
        with self._lock:
            if self._save is not None and self.record is not None:
                self._save(updated, self.record)
                self.saves += 1
            self._session = updated
            self._folded += 1
            self._durable = self._folded
        self._since = self._clock()
        self._tell(updated)
        self._release_waiting()
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
        self._folded += 1
        self._since = self._clock()
        if self._save is None:
            self._durable = self._folded
            self._tell(self._session)
            return self._session
        done: asyncio.Future[None] = asyncio.get_running_loop().create_future()
        self._waiting.append((self._folded, done))
        if self._flusher is None:
            self._flusher = asyncio.create_task(self._flush())
        await asyncio.shield(done)
        return self._session

    def replace_scenario(self, scenario: Scenario, session: Session | None = None) -> None:
        """A new version of the scenario (a preview's saved file), with a session that fits it."""
        assert self._save is None, "only a session without a record may change its scenario"
        self._scenario = scenario
        if session is not None:
            self._session = session
        self._tell(self._session, scenario_replaced=True)

    # Saving

    async def _flush(self) -> None:
        try:
            while self._durable < self._folded:
                saved = await asyncio.to_thread(self._save_latest)
                self._tell(saved)
                self._release_waiting()
        except OSError as error:
            for _, done in self._waiting:
                if not done.done():
                    done.set_exception(error)
            self._waiting = []
        finally:
            self._flusher = None

    def _save_latest(self) -> Session:
        """In a worker thread: write whatever has been folded by now, and say what it was."""
        assert self._save is not None
        assert self.record is not None
        with self._lock:
            folded = self._folded  # read before the session: the session holds at least these
            session = self._session
            self._save(session, self.record)
            self.saves += 1
            self._durable = max(self._durable, folded)
        return session

    def _release_waiting(self) -> None:
        still: list[tuple[int, asyncio.Future[None]]] = []
        for change, done in self._waiting:
            if change <= self._durable:
                if not done.done():
                    done.set_result(None)
            else:
                still.append((change, done))
        self._waiting = still

    def _tell(self, saved: Session, *, scenario_replaced: bool = False) -> None:
        """Subscribers see what is on disk: a crash never takes back what they showed."""
        change = Change(saved, self._scenario, scenario_replaced)
        for listener in list(self._listeners):
            listener(change)
