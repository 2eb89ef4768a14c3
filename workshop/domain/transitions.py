"""What anyone running a session can do, as rules that return events.

Every change to a session, from a key, a phone or a file watcher, is one of
these functions: it looks at the scenario and the session, applies the rules
and returns the events that describe the change (or raises SessionRuleError,
or returns ChoiceNeeded when the group's choice must be asked first). Nothing
else makes events, so the rules hold whatever the source.
"""

from __future__ import annotations

from dataclasses import dataclass

from workshop.domain.events import (
    BallotCast,
    Event,
    Finished,
    Moved,
    NoteAdded,
    NoteDeleted,
    NoteEdited,
    OptionChosen,
    RoundClosed,
    RoundOpened,
    TakeawayAdded,
    TakeawayEdited,
    TakeawayRemoved,
    VisitStarted,
    VoteAdded,
    VoteUndone,
    apply_all,
)
from workshop.domain.scenario import Scenario, Stage
from workshop.domain.session import (
    CLOSING,
    NOTE_PERSPECTIVES,
    ROUND_OF_PHASE,
    VOTING,
    Ballot,
    Phase,
    Session,
    Visit,
    VoteEntry,
)
from workshop.domain.tally import GROUPS

MAX_COUNT = 999
"""The most votes one count at the keypad may add: a show of cards, not a typing slip."""


class SessionRuleError(ValueError):
    """A transition that the rules do not allow in the current state; the message says why."""


@dataclass(frozen=True)
class ChoiceNeeded:
    """The group's choice cannot be read off the votes: the facilitator is asked."""

    options: tuple[int, ...]  # the tied options, or every option when nobody voted


Step = tuple[Event, ...] | ChoiceNeeded


def stage_phases(stage: Stage) -> tuple[Phase, ...]:
    """The steps of one stage, in the order of workshop.md."""
    phases: list[Phase] = ["narrative"]
    if stage.question is not None:
        phases += ["vote", "results", "perspectives", "consequence", "discussion"]
        if stage.question.revote:
            phases += ["revote", "revote_results"]
    else:
        phases += ["perspectives", "discussion"]
    phases.append("notes")
    if stage.wellbeing_check:
        phases.append("wellbeing")
    return tuple(phases)


def closing_phases(scenario: Scenario) -> tuple[Phase, ...]:
    return tuple(p for p in CLOSING if p != "epilogue" or scenario.epilogue is not None)


def current_stage(scenario: Scenario, session: Session) -> Stage | None:
    visit = session.current_visit
    return scenario.stage(visit.stage_id) if visit else None


# Moving through the session


def next_step(scenario: Scenario, session: Session, at: float) -> Step:
    """Move forward one step, with what that implies (open, close, choose, branch)."""
    phase, index = session.position.phase, session.position.visit
    if index is None:
        if phase == "welcome":
            return (Moved(at, "content_note"),)
        if phase == "content_note":
            first = scenario.stages[0].id
            if session.visits and session.visits[0].stage_id == first:
                return (Moved(at, "narrative", 0),)  # back on the content note, then on again
            return _enter_stage(session, first, at)
        closing = closing_phases(scenario)
        if phase == "summary":
            return ()
        following = closing[closing.index(phase) + 1]
        events: tuple[Event, ...] = (Moved(at, following),)
        if following == "summary" and not session.finished:
            events += (Finished(at),)
        return events
    stage = scenario.stage(session.visits[index].stage_id)
    phases = stage_phases(stage)
    position = phases.index(phase)
    if position + 1 < len(phases):
        return _enter_phase(scenario, session, index, phases[position + 1], at)
    return _leave_stage(scenario, session, index, at)


def previous_step(scenario: Scenario, session: Session, at: float) -> Step:
    """Step back without undoing anything: votes, choices and notes stay as they are."""
    phase, index = session.position.phase, session.position.visit
    if index is None:
        if phase == "welcome":
            return ()
        if phase == "content_note":
            return (Moved(at, "welcome"),)
        closing = closing_phases(scenario)
        if closing.index(phase) == 0:
            last = len(session.visits) - 1
            stage = scenario.stage(session.visits[last].stage_id)
            return (Moved(at, stage_phases(stage)[-1], last),)
        return (Moved(at, closing[closing.index(phase) - 1]),)
    stage = scenario.stage(session.visits[index].stage_id)
    phases = stage_phases(stage)
    position = phases.index(phase)
    if position > 0:
        return (Moved(at, phases[position - 1], index),)
    if index == 0:
        return (Moved(at, "content_note"),)
    before = scenario.stage(session.visits[index - 1].stage_id)
    return (Moved(at, stage_phases(before)[-1], index - 1),)


def skip_stage(scenario: Scenario, session: Session, at: float) -> Step:
    """Leave the current stage now; an open vote is closed and kept.

    A stage that asks for a wellbeing check is never left without it: skipping
    goes to the check, and skipping again from there leaves the stage.
    """
    index = session.position.visit
    if index is None:
        return next_step(scenario, session, at)
    events: list[Event] = [
        RoundClosed(at, index, r.number) for r in session.visits[index].rounds if r.open
    ]
    interim = apply_all(session, tuple(events))
    visit = interim.visits[index]
    stage = scenario.stage(visit.stage_id)
    if stage.question is not None and visit.chosen is None and visit.rounds:
        choice = _majority(stage, visit, at, index)
        if isinstance(choice, ChoiceNeeded):
            return choice
        events += choice
        interim = apply_all(interim, choice)
    if stage.wellbeing_check and session.position.phase != "wellbeing":
        return (*events, Moved(at, "wellbeing", index))
    rest = _leave_stage(scenario, interim, index, at)
    if isinstance(rest, ChoiceNeeded):
        return rest
    return (*events, *rest)


def visit_stage(scenario: Scenario, session: Session, stage_id: str, at: float) -> Step:
    """Go straight to a stage's story, as a preview does to show the stage being written."""
    scenario.stage(stage_id)  # a KeyError names a stage that does not exist
    visit = session.current_visit
    if visit is not None and visit.stage_id == stage_id:
        return (Moved(at, "narrative", session.position.visit),)
    return _enter_stage(session, stage_id, at)


# Voting


def add_vote(
    scenario: Scenario, session: Session, option: int, group: str, at: float, votes: int = 1
) -> tuple[Event, ...]:
    """Votes added at the keypad, for the perspective group being voted for."""
    index, number = _open_round(scenario, session, option)
    if group not in GROUPS:
        raise SessionRuleError(f"unknown perspective group {group}")
    if not 1 <= votes <= MAX_COUNT:
        raise SessionRuleError(f"a count of votes must be from 1 to {MAX_COUNT}")
    return (VoteAdded(at, index, number, VoteEntry(option, group, votes)),)


def cast_ballot(
    scenario: Scenario,
    session: Session,
    round_id: int,
    key: str,
    option: int,
    group: str,
    at: float,
) -> tuple[Event, ...]:
    """A phone's vote, for the round it names; a second one from the same phone replaces it."""
    voting = session.open_round()
    index = session.position.visit
    if voting is None or index is None or session.round_id(index, voting.number) != round_id:
        raise SessionRuleError("that vote is not open")
    _open_round(scenario, session, option)
    if group not in GROUPS:
        raise SessionRuleError(f"unknown perspective group {group}")
    if key in voting.phones_counted:
        raise SessionRuleError("this phone's vote in this round is already counted")
    if voting.ballots.get(key) == Ballot(option, group):
        return ()  # the same vote again, e.g. a retry: counted once
    return (BallotCast(at, index, voting.number, key, Ballot(option, group)),)


def undo_vote(session: Session, at: float) -> tuple[Event, ...]:
    """Remove the last keypad addition of the open round; phones' votes are theirs to change."""
    index = _require_visit(session)
    voting = session.open_round()
    if voting is None or not voting.entries:
        return ()
    return (VoteUndone(at, index, voting.number),)


def reopen_vote(session: Session, at: float) -> tuple[Event, ...]:
    """Open the closed vote on screen again, for someone who arrived late.

    A vote the group skipped past, and came back to, was never opened: this opens it.
    A choice the majority made is undone with it; one the facilitators made stays.
    """
    index = _require_visit(session)
    number = ROUND_OF_PHASE.get(session.position.phase)
    if session.position.phase not in VOTING or number is None:
        raise SessionRuleError("there is no vote on this step to reopen")
    voting = session.current_round()
    if voting is not None and voting.open:
        return ()
    opened: tuple[Event, ...] = (RoundOpened(at, index, number),)
    visit = session.visits[index]
    if number == 1 and visit.chosen is not None and visit.chosen_by == "majority":
        # The majority may change: it is counted again when the story goes on,
        # so the screen and the record never call a choice the majority's that is not.
        opened += (OptionChosen(at, index, None, "majority"),)
    return opened


def choose_option(
    scenario: Scenario, session: Session, option: int, at: float
) -> tuple[Event, ...]:
    """The facilitator's override (or tie-break) of the group's choice."""
    index = _require_visit(session)
    stage = scenario.stage(session.visits[index].stage_id)
    if stage.question is None:
        raise SessionRuleError("this stage has no question to choose an option of")
    if not 1 <= option <= len(stage.question.options):
        raise SessionRuleError(f"there is no option {option}")
    return (OptionChosen(at, index, option, "facilitator"),)


# Notes and take-aways


def add_note(session: Session, perspective: str, text: str, at: float) -> tuple[Event, ...]:
    index = _require_visit(session)
    _require_note_perspective(perspective)
    cleaned = text.strip()
    return (NoteAdded(at, index, perspective, cleaned),) if cleaned else ()


def edit_note(
    session: Session, note_id: int, perspective: str, text: str, at: float
) -> tuple[Event, ...]:
    """Reword or re-tag a note of this stage; emptied, it is deleted rather than kept blank."""
    index = _require_visit(session)
    note = session.visits[index].note(note_id)
    if note is None:
        raise SessionRuleError(f"there is no note {note_id} on this stage")
    _require_note_perspective(perspective)
    cleaned = text.strip()
    if not cleaned:
        return (NoteDeleted(at, index, note_id),)
    if (note.perspective, note.text) == (perspective, cleaned):
        return ()
    return (NoteEdited(at, index, note_id, perspective, cleaned),)


def delete_note(session: Session, note_id: int, at: float) -> tuple[Event, ...]:
    index = _require_visit(session)
    if session.visits[index].note(note_id) is None:
        raise SessionRuleError(f"there is no note {note_id} on this stage")
    return (NoteDeleted(at, index, note_id),)


def add_takeaway(text: str, at: float) -> tuple[Event, ...]:
    cleaned = text.strip()
    return (TakeawayAdded(at, cleaned),) if cleaned else ()


def edit_takeaway(session: Session, index: int, text: str, at: float) -> tuple[Event, ...]:
    """Reword a take-away; emptied, it is removed rather than kept blank."""
    _require_takeaway(session, index)
    cleaned = text.strip()
    if not cleaned:
        return (TakeawayRemoved(at, index),)
    return (TakeawayEdited(at, index, cleaned),) if cleaned != session.takeaways[index] else ()


def remove_takeaway(session: Session, index: int, at: float) -> tuple[Event, ...]:
    _require_takeaway(session, index)
    return (TakeawayRemoved(at, index),)


# The rules' helpers


def _open_round(scenario: Scenario, session: Session, option: int) -> tuple[int, int]:
    index = _require_visit(session)
    voting = session.open_round()
    stage = scenario.stage(session.visits[index].stage_id)
    if voting is None or stage.question is None:
        raise SessionRuleError("no vote is open")
    if not 1 <= option <= len(stage.question.options):
        raise SessionRuleError(f"there is no option {option}")
    return index, voting.number


def _require_takeaway(session: Session, index: int) -> None:
    if not 0 <= index < len(session.takeaways):
        raise SessionRuleError(f"there is no take-away {index + 1}")


def _require_note_perspective(perspective: str) -> None:
    if perspective not in NOTE_PERSPECTIVES:
        raise SessionRuleError(f"unknown note perspective {perspective}")


def _require_visit(session: Session) -> int:
    if session.position.visit is None:
        raise SessionRuleError("not inside a stage")
    return session.position.visit


def _enter_stage(session: Session, stage_id: str, at: float) -> tuple[Event, ...]:
    index = len(session.visits)
    return (VisitStarted(at, stage_id), Moved(at, "narrative", index))


def _enter_phase(scenario: Scenario, session: Session, index: int, phase: Phase, at: float) -> Step:
    visit = session.visits[index]
    stage = scenario.stage(visit.stage_id)
    events: list[Event] = []
    number = ROUND_OF_PHASE.get(phase)
    if phase in VOTING and number and visit.round(number) is None:
        events.append(RoundOpened(at, index, number))
    if phase in ("results", "revote_results") and number:
        voting = visit.round(number)
        if voting is not None and voting.open:
            events.append(RoundClosed(at, index, number))
    if phase == "consequence" and visit.chosen is None:
        choice = _majority(stage, visit, at, index)
        if isinstance(choice, ChoiceNeeded):
            return choice
        events += choice
    events.append(Moved(at, phase, index))
    return tuple(events)


def _majority(stage: Stage, visit: Visit, at: float, index: int) -> Step:
    assert stage.question is not None
    first = visit.round(1)
    options = len(stage.question.options)
    leaders = first.tally(options).leaders() if first else ()
    if len(leaders) == 1:
        return (OptionChosen(at, index, leaders[0], "majority"),)
    return ChoiceNeeded(leaders or tuple(range(1, options + 1)))


def _leave_stage(scenario: Scenario, session: Session, index: int, at: float) -> Step:
    visit = session.visits[index]
    target = scenario.next_stage_id(visit.stage_id, visit.chosen)
    if target is None:
        return (Moved(at, closing_phases(scenario)[0]),)
    following = index + 1
    if following < len(session.visits) and session.visits[following].stage_id == target:
        return (Moved(at, "narrative", following),)
    return _enter_stage(session, target, at)
