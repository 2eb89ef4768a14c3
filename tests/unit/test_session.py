"""How a session moves: steps, private votes, the group's choice, branches and notes."""

from __future__ import annotations

import pytest

from tests.factories import minimal, session_for
from workshop.domain.events import apply_all
from workshop.domain.scenario import Scenario
from workshop.domain.session import Session
from workshop.domain.transitions import (
    ChoiceNeeded,
    SessionRuleError,
    add_note,
    add_takeaway,
    add_vote,
    choose_option,
    edit_takeaway,
    next_step,
    previous_step,
    remove_takeaway,
    reopen_vote,
    skip_stage,
    stage_phases,
    undo_vote,
)


def forward(scenario: Scenario, session: Session, at: float = 0.0) -> Session:
    step = next_step(scenario, session, at)
    assert not isinstance(step, ChoiceNeeded), step
    return apply_all(session, step)


def walk_to(scenario: Scenario, session: Session, phase: str) -> Session:
    for _ in range(50):
        if session.position.phase == phase:
            return session
        session = forward(scenario, session)
    raise AssertionError(f"never reached {phase}")


def test_a_stage_with_a_question_follows_the_order_of_the_flow() -> None:
    stage = minimal().stages[0]
    assert stage_phases(stage) == (
        "narrative",
        "vote",
        "results",
        "perspectives",
        "consequence",
        "discussion",
        "notes",
    )


def test_a_stage_without_a_question_has_no_vote() -> None:
    assert stage_phases(minimal().stages[1]) == ("narrative", "perspectives", "discussion", "notes")


def test_a_session_opens_with_welcome_and_content_note_then_the_first_stage() -> None:
    scenario = minimal()
    session = session_for(scenario)
    assert session.position.phase == "welcome"
    session = forward(scenario, forward(scenario, session))
    assert session.position.phase == "narrative"
    assert session.current_visit is not None
    assert session.current_visit.stage_id == "one"


def test_entering_the_vote_opens_round_one_and_leaving_it_closes_it() -> None:
    scenario = minimal()
    session = walk_to(scenario, session_for(scenario), "vote")
    voting = session.current_round()
    assert voting is not None
    assert voting.open
    session = forward(scenario, apply_all(session, add_vote(scenario, session, 1, "carer", 1)))
    closed = session.current_round()
    assert closed is not None
    assert not closed.open
    assert closed.votes_in == 1


def test_votes_are_refused_once_the_vote_is_closed() -> None:
    scenario = minimal()
    session = walk_to(scenario, session_for(scenario), "results")
    with pytest.raises(SessionRuleError):
        add_vote(scenario, session, 1, "professional", 1)


def test_a_vote_for_an_option_that_does_not_exist_is_refused() -> None:
    scenario = minimal()
    session = walk_to(scenario, session_for(scenario), "vote")
    with pytest.raises(SessionRuleError):
        add_vote(scenario, session, 3, "professional", 1)


def test_undo_removes_the_last_entry_only() -> None:
    scenario = minimal()
    session = walk_to(scenario, session_for(scenario), "vote")
    session = apply_all(session, add_vote(scenario, session, 1, "professional", 1, votes=12))
    session = apply_all(session, add_vote(scenario, session, 2, "carer", 2))
    session = apply_all(session, undo_vote(session, 3))
    voting = session.current_round()
    assert voting is not None
    assert voting.votes_in == 12
    assert voting.tally(2).count(1, "professional") == 12


def test_the_majority_decides_the_choice() -> None:
    scenario = minimal()
    session = walk_to(scenario, session_for(scenario), "vote")
    for option in (2, 2, 1):
        session = apply_all(session, add_vote(scenario, session, option, "not_given", 1))
    session = walk_to(scenario, session, "consequence")
    visit = session.current_visit
    assert visit is not None
    assert (visit.chosen, visit.chosen_by) == (2, "majority")


def test_a_tie_asks_the_facilitator() -> None:
    scenario = minimal()
    session = walk_to(scenario, session_for(scenario), "vote")
    for option in (1, 2):
        session = apply_all(session, add_vote(scenario, session, option, "not_given", 1))
    session = walk_to(scenario, session, "perspectives")
    assert next_step(scenario, session, 5) == ChoiceNeeded((1, 2))
    session = apply_all(session, choose_option(scenario, session, 1, 5))
    session = forward(scenario, session)
    assert session.position.phase == "consequence"
    assert session.current_visit is not None
    assert session.current_visit.chosen_by == "facilitator"


def test_no_votes_at_all_asks_the_facilitator_about_every_option() -> None:
    scenario = minimal()
    session = walk_to(scenario, session_for(scenario), "perspectives")
    assert next_step(scenario, session, 5) == ChoiceNeeded((1, 2))


def test_the_facilitator_can_override_the_majority() -> None:
    scenario = minimal()
    session = walk_to(scenario, session_for(scenario), "vote")
    session = apply_all(session, add_vote(scenario, session, 1, "not_given", 1, votes=5))
    session = walk_to(scenario, session, "consequence")
    session = apply_all(session, choose_option(scenario, session, 2, 9))
    assert session.current_visit is not None
    assert (session.current_visit.chosen, session.current_visit.chosen_by) == (2, "facilitator")


def test_back_never_undoes_votes_or_notes() -> None:
    scenario = minimal()
    session = walk_to(scenario, session_for(scenario), "vote")
    session = apply_all(session, add_vote(scenario, session, 1, "carer", 1, votes=3))
    session = walk_to(scenario, session, "notes")
    session = apply_all(session, add_note(session, "shared", "Positive risk-taking", 2))
    for _ in range(7):
        session = apply_all(session, previous_step(scenario, session, 3))
    assert session.position.phase == "content_note"
    assert session.visits[0].notes[0].text == "Positive risk-taking"
    assert session.visits[0].rounds[0].votes_in == 3


def test_forward_again_from_the_content_note_returns_to_the_same_first_visit() -> None:
    scenario = minimal()
    session = walk_to(scenario, session_for(scenario), "vote")
    session = apply_all(session, add_vote(scenario, session, 1, "carer", 1, votes=3))
    while session.position.phase != "content_note":
        session = apply_all(session, previous_step(scenario, session, 2))
    session = forward(scenario, session)
    assert (session.position.phase, session.position.visit) == ("narrative", 0)
    assert len(session.visits) == 1
    voting = walk_to(scenario, session, "vote").current_round()
    assert voting is not None
    assert voting.votes_in == 3


def test_time_is_spent_in_the_stage_on_screen() -> None:
    scenario = minimal()
    session = walk_to(scenario, session_for(scenario), "narrative")
    session = apply_all(session, next_step(scenario, session, 90.0))
    assert session.visits[0].seconds == 90.0


def test_skip_closes_the_vote_keeps_it_and_moves_on() -> None:
    scenario = minimal()
    session = walk_to(scenario, session_for(scenario), "vote")
    session = apply_all(session, add_vote(scenario, session, 2, "carer", 1, votes=4))
    step = skip_stage(scenario, session, 10)
    assert not isinstance(step, ChoiceNeeded)
    session = apply_all(session, step)
    assert session.position.phase == "narrative"
    assert [v.stage_id for v in session.visits] == ["one", "two"]
    assert not session.visits[0].rounds[0].open
    assert session.visits[0].chosen == 2


def test_a_vote_skipped_past_and_stepped_back_to_is_opened_by_reopen() -> None:
    scenario = minimal()
    session = walk_to(scenario, session_for(scenario), "narrative")
    step = skip_stage(scenario, session, 10)
    assert not isinstance(step, ChoiceNeeded)
    session = apply_all(session, step)
    while (session.position.visit, session.position.phase) != (0, "vote"):
        session = apply_all(session, previous_step(scenario, session, 20))
    assert session.current_round() is None, "back never opens a vote by itself"
    with pytest.raises(SessionRuleError):
        add_vote(scenario, session, 1, "carer", 1)
    session = apply_all(session, reopen_vote(session, 30))
    assert session.open_round() is not None
    session = apply_all(session, add_vote(scenario, session, 1, "carer", 1, votes=2))
    assert session.visits[0].rounds[0].votes_in == 2


def test_after_the_last_stage_come_debrief_takeaways_support_and_summary() -> None:
    scenario = minimal()
    session = walk_to(scenario, session_for(scenario), "vote")
    session = apply_all(session, add_vote(scenario, session, 1, "carer", 1))
    phases = []
    for _ in range(30):
        if session.position.phase == "summary":
            break
        session = forward(scenario, session)
        phases.append(session.position.phase)
    assert phases[-4:] == ["debrief", "takeaways", "support", "summary"]
    assert session.finished


def test_an_empty_note_is_not_added() -> None:
    scenario = minimal()
    session = walk_to(scenario, session_for(scenario), "narrative")
    assert add_note(session, "shared", "   ", 1) == ()


def test_take_aways_can_be_added_reworded_and_removed_in_order() -> None:
    session = session_for(minimal())
    for text in ("Ask about strengths first", "  ", "Name the carer's worry"):
        session = apply_all(session, add_takeaway(text, 1))
    assert session.takeaways == ("Ask about strengths first", "Name the carer's worry")
    session = apply_all(session, edit_takeaway(session, 0, " Ask about strengths early ", 2))
    assert session.takeaways[0] == "Ask about strengths early"
    assert edit_takeaway(session, 0, "Ask about strengths early", 3) == ()
    session = apply_all(session, remove_takeaway(session, 0, 4))
    assert session.takeaways == ("Name the carer's worry",)


def test_a_take_away_emptied_by_editing_is_removed() -> None:
    session = apply_all(session_for(minimal()), add_takeaway("Safety plan in their words", 1))
    session = apply_all(session, edit_takeaway(session, 0, "   ", 2))
    assert session.takeaways == ()


def test_only_a_take_away_that_exists_can_be_changed() -> None:
    session = apply_all(session_for(minimal()), add_takeaway("Safety plan in their words", 1))
    with pytest.raises(SessionRuleError, match="no take-away 2"):
        edit_takeaway(session, 1, "other", 2)
    with pytest.raises(SessionRuleError, match="no take-away 0"):
        remove_takeaway(session, -1, 2)


def back_to_the_vote(scenario: Scenario, session: Session) -> Session:
    while (session.position.visit, session.position.phase) != (0, "vote"):
        session = apply_all(session, previous_step(scenario, session, 20))
    return session


def test_reopening_a_vote_counts_the_majority_again_when_the_story_goes_on() -> None:
    scenario = minimal()
    session = walk_to(scenario, session_for(scenario), "vote")
    session = apply_all(session, add_vote(scenario, session, 1, "carer", 1))
    session = walk_to(scenario, session, "consequence")
    assert (session.visits[0].chosen, session.visits[0].chosen_by) == (1, "majority")
    session = back_to_the_vote(scenario, session)
    session = apply_all(session, reopen_vote(session, 30))
    assert session.visits[0].chosen is None  # never "by majority" for what may no longer be
    session = apply_all(session, add_vote(scenario, session, 2, "carer", 31, votes=2))
    session = walk_to(scenario, session, "consequence")
    assert (session.visits[0].chosen, session.visits[0].chosen_by) == (2, "majority")


def test_reopening_a_vote_keeps_the_facilitators_choice() -> None:
    scenario = minimal()
    session = walk_to(scenario, session_for(scenario), "vote")
    session = apply_all(session, add_vote(scenario, session, 1, "carer", 1))
    session = walk_to(scenario, session, "consequence")
    session = apply_all(session, choose_option(scenario, session, 2, 5))
    session = back_to_the_vote(scenario, session)
    session = apply_all(session, reopen_vote(session, 30))
    assert (session.visits[0].chosen, session.visits[0].chosen_by) == (2, "facilitator")
