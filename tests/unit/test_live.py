"""The live session: the one owner of a running session, saving before it tells anyone."""

from __future__ import annotations

import asyncio
import itertools
from pathlib import Path

import pytest

from tests.factories import minimal, session_for
from tests.unit.test_session import walk_to
from workshop.domain.session import Session
from workshop.domain.transitions import ChoiceNeeded, add_vote, cast_ballot, next_step
from workshop.live import Change, LiveSession
from workshop.storage.sessions import load_session, save_session


def live_at_vote(tmp_path: Path, **kwargs: object) -> LiveSession:
    scenario = minimal()
    session = walk_to(scenario, session_for(scenario), "vote")
    ticks = itertools.count()
    live = LiveSession(
        scenario,
        session,
        clock=lambda: float(next(ticks)),
        record=tmp_path / "record.toml",
        save=kwargs.get("save", save_session),  # type: ignore[arg-type]
    )
    live.start()
    return live


def test_a_change_is_saved_before_anyone_is_told(tmp_path: Path) -> None:
    live = live_at_vote(tmp_path)
    seen: list[Session] = []

    def listener(change: Change) -> None:
        assert live.record is not None
        assert load_session(live.record) == change.session  # on disk before it is shown
        seen.append(change.session)

    live.subscribe(listener)
    live.apply(lambda sc, s, at: add_vote(sc, s, 1, "carer", at))
    assert len(seen) == 1
    voting = seen[0].current_round()
    assert voting is not None
    assert voting.votes_in == 1


def test_a_needed_choice_is_returned_and_nothing_changes(tmp_path: Path) -> None:
    live = live_at_vote(tmp_path)
    live.apply(lambda sc, s, at: add_vote(sc, s, 1, "carer", at))
    live.apply(lambda sc, s, at: add_vote(sc, s, 2, "carer", at))
    for _ in range(2):  # close the vote, then the perspectives: the tie is asked at the consequence
        assert live.apply(next_step) is None
    before, saves = live.session, live.saves
    assert live.apply(next_step) == ChoiceNeeded((1, 2))
    assert (live.session, live.saves) == (before, saves)


def test_a_failed_save_changes_nothing_and_says_so(tmp_path: Path) -> None:
    def full_disk(session: Session, path: Path) -> None:
        raise OSError(28, "No space left on device")

    live = live_at_vote(tmp_path)
    before = live.session
    live._save = full_disk
    told: list[Change] = []
    live.subscribe(told.append)
    with pytest.raises(OSError, match="No space"):
        live.apply(lambda sc, s, at: add_vote(sc, s, 1, "carer", at))
    assert live.session == before
    assert told == []


def test_unsubscribing_stops_the_news(tmp_path: Path) -> None:
    live = live_at_vote(tmp_path)
    told: list[Change] = []
    stop = live.subscribe(told.append)
    stop()
    live.apply(lambda sc, s, at: add_vote(sc, s, 1, "carer", at))
    assert told == []


async def test_a_burst_of_phone_votes_costs_a_handful_of_saves_and_each_waits_for_its_save(
    tmp_path: Path,
) -> None:
    live = live_at_vote(tmp_path)
    record = live.record
    assert record is not None
    index = live.session.position.visit
    assert index is not None
    round_id = live.session.round_id(index, 1)
    saves_before = live.saves

    async def phone(number: int) -> None:
        key = f"phone-{number}"
        await live.apply_durably(
            lambda sc, s, at: cast_ballot(sc, s, round_id, key, 1 + number % 2, "not_given", at)
        )
        voting = load_session(record).current_round()
        assert voting is not None
        assert key in voting.ballots  # answered only once its vote is on disk

    await asyncio.gather(*(phone(n) for n in range(200)))
    voting = live.session.current_round()
    assert voting is not None
    assert voting.votes_in == 200
    assert load_session(record) == live.session
    assert live.saves - saves_before <= 10


async def test_a_changed_mind_replaces_the_phones_vote_and_a_replay_counts_once(
    tmp_path: Path,
) -> None:
    live = live_at_vote(tmp_path)
    index = live.session.position.visit
    assert index is not None
    round_id = live.session.round_id(index, 1)
    for option in (1, 2, 2):
        await live.apply_durably(
            lambda sc, s, at, o=option: cast_ballot(sc, s, round_id, "phone-a", o, "carer", at)
        )
    voting = live.session.current_round()
    assert voting is not None
    assert voting.votes_in == 1
    assert voting.tally(2).count(2, "carer") == 1
