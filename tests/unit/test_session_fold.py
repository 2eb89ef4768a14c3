"""Any sequence of transitions keeps the session's invariants.

Hypothesis drives random sequences of what facilitators and phones can do
(steps, votes from the keypad and from phones, undo, reopen, choices, notes
and take-aways) through the rules. After every step: no count is negative, a
closed round never changes unless it is reopened, the position is one the
scenario has, and the value saved and loaded is the same value.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, replace

from hypothesis import event, given, settings
from hypothesis import strategies as st

from tests.conftest import STORIES
from tests.factories import load, session_for
from workshop.domain.events import apply_all
from workshop.domain.scenario import Scenario
from workshop.domain.session import NOTE_PERSPECTIVES, OPENING, Session
from workshop.domain.tally import GROUPS
from workshop.domain.transitions import (
    ChoiceNeeded,
    SessionRuleError,
    Step,
    add_note,
    add_takeaway,
    add_vote,
    cast_ballot,
    choose_option,
    closing_phases,
    delete_note,
    edit_note,
    next_step,
    previous_step,
    remove_takeaway,
    reopen_vote,
    skip_stage,
    stage_phases,
    undo_vote,
)
from workshop.storage.records import from_record, to_record

SAM = load(STORIES / "sam-crisis-to-safety-plan.toml")
Transition = Callable[[Scenario, Session, float], Step]


@dataclass(frozen=True)
class Act:
    """One thing someone does, named for the failing example hypothesis prints."""

    name: str
    transition: Transition

    def __repr__(self) -> str:
        return self.name


def _note_id(session: Session, pick: int) -> int:
    visit = session.current_visit
    notes = visit.notes if visit else ()
    return notes[pick % len(notes)].id if notes else 1


def _round_id(session: Session) -> int:
    index = session.position.visit
    voting = session.current_round()
    return session.round_id(index, voting.number) if index is not None and voting else 0


options = st.integers(1, 5)
groups = st.sampled_from(GROUPS)
phones = st.sampled_from(["phone-a", "phone-b", "phone-c"])
texts = st.sampled_from(["Strengths first", "Ask her", "", "  ", "Hope"])
acts = st.one_of(
    *[st.just(Act("next", next_step))] * 6,  # moving on is what people do most
    st.just(Act("back", previous_step)),
    st.just(Act("skip", skip_stage)),
    st.builds(
        lambda o, g, n: Act(f"vote {o} {g} x{n}", lambda sc, s, at: add_vote(sc, s, o, g, at, n)),
        options,
        groups,
        st.integers(0, 4),
    ),
    st.builds(
        lambda k, o, g: Act(
            f"phone {k} {o} {g}",
            lambda sc, s, at: cast_ballot(sc, s, _round_id(s), k, o, g, at),
        ),
        phones,
        options,
        groups,
    ),
    st.just(Act("undo", lambda sc, s, at: undo_vote(s, at))),
    st.just(Act("reopen", lambda sc, s, at: reopen_vote(s, at))),
    st.builds(lambda o: Act(f"choose {o}", lambda sc, s, at: choose_option(sc, s, o, at)), options),
    st.builds(
        lambda p, t: Act(f"note {p} {t!r}", lambda sc, s, at: add_note(s, p, t, at)),
        st.sampled_from(NOTE_PERSPECTIVES),
        texts,
    ),
    st.builds(
        lambda i, t: Act(
            f"edit note {i} {t!r}",
            lambda sc, s, at: edit_note(s, _note_id(s, i), "shared", t, at),
        ),
        st.integers(0, 3),
        texts,
    ),
    st.builds(
        lambda i: Act(f"delete note {i}", lambda sc, s, at: delete_note(s, _note_id(s, i), at)),
        st.integers(0, 3),
    ),
    st.builds(lambda t: Act(f"take-away {t!r}", lambda sc, s, at: add_takeaway(t, at)), texts),
    st.builds(
        lambda i: Act(f"remove take-away {i}", lambda sc, s, at: remove_takeaway(s, i, at)),
        st.integers(0, 2),
    ),
)


def run(scenario: Scenario, session: Session, act: Act, at: float) -> Session:
    """What a person does next, as the app does it: a needed choice is asked, then taken."""
    try:
        step = act.transition(scenario, session, at)
        if isinstance(step, ChoiceNeeded):
            session = apply_all(session, choose_option(scenario, session, step.options[0], at))
            step = act.transition(scenario, session, at)
    except SessionRuleError:
        return session
    assert not isinstance(step, ChoiceNeeded)
    return apply_all(session, step)


def closed_rounds(session: Session) -> dict[tuple[int, int], object]:
    """What each closed round holds; only the keys of phones may go, when the session ends."""
    return {
        (index, voting.number): replace(voting, phones_counted=frozenset())
        for index, visit in enumerate(session.visits)
        for voting in visit.rounds
        if not voting.open
    }


def assert_position_is_valid(scenario: Scenario, session: Session) -> None:
    position = session.position
    if position.visit is None:
        assert position.phase in OPENING + closing_phases(scenario)
        return
    assert 0 <= position.visit < len(session.visits)
    stage = scenario.stage(session.visits[position.visit].stage_id)
    assert position.phase in stage_phases(stage)


@settings(max_examples=120, deadline=None)
@given(steps=st.lists(acts, min_size=40, max_size=120))
def test_any_sequence_of_transitions_keeps_the_invariants(steps: list[Act]) -> None:
    scenario, session = SAM, session_for(SAM)
    for at, act in enumerate(steps, 1):
        event(f"reached {session.position.phase}")
        before, clock = closed_rounds(session), session.clock
        session = run(scenario, session, act, float(at))
        after = closed_rounds(session)
        for key, voting in before.items():
            reopened = key not in after
            assert reopened or after[key] == voting, f"{act} changed closed round {key}"
        for visit in session.visits:
            for voting in visit.rounds:
                options = len(scenario.stage(visit.stage_id).question.options)  # type: ignore[union-attr]
                assert voting.votes_in >= 0
                assert all(n > 0 for n in voting.tally(options).counts.values())
                assert all(1 <= option <= options for option, _, _, _ in voting.all_counts())
                assert not (voting.open is False and (voting.entries or voting.ballots))
        assert_position_is_valid(scenario, session)
        assert clock <= session.clock <= at  # time only moves on
        if session.finished:
            assert not any(r.phones_counted for v in session.visits for r in v.rounds)
    assert from_record(to_record(session)) == session
