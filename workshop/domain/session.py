"""A running session: events folded into state.

The TUI never changes a session directly. It asks a transition (`next_step`,
`add_vote`, `add_note`, ...) for the events that describe a change, applies
them with `apply`, saves the new value and renders it. Because every change
is an event on an immutable value, the record on disk is always the state
that was on screen, and a session can resume exactly where it stopped.

Time is passed in (`at`, seconds of session time), never read from a clock.
"""

from __future__ import annotations

from dataclasses import dataclass, replace
from datetime import datetime
from typing import Literal

from workshop.domain.scenario import Scenario, Stage
from workshop.domain.tally import DEFAULT_MIN_GROUP, GROUPS, Tally

Phase = Literal[
    "welcome",
    "content_note",
    "narrative",
    "vote",
    "results",
    "perspectives",
    "consequence",
    "discussion",
    "revote",
    "revote_results",
    "notes",
    "wellbeing",
    "epilogue",
    "debrief",
    "takeaways",
    "support",
    "summary",
]
OPENING: tuple[Phase, ...] = ("welcome", "content_note")
CLOSING: tuple[Phase, ...] = ("epilogue", "debrief", "takeaways", "support", "summary")
NOTE_PERSPECTIVES = ("lived_experience", "professional", "carer", "shared")
VOTING_MODES = ("keypad", "phones")
ChosenBy = Literal["majority", "facilitator", "default"]


@dataclass(frozen=True)
class SessionInfo:
    """What the record says about the session as a whole; no names, no IP addresses."""

    session_id: str
    started: datetime  # to the minute, never finer
    tool_version: str
    scenario_id: str
    scenario_version: str | None
    scenario_sha256: str
    scenario_title: str
    scenario_path: str
    cohort: str = ""
    voting_mode: str = "keypad"
    facilitation: tuple[str, ...] = ()
    min_group: int = DEFAULT_MIN_GROUP

    @property
    def short_id(self) -> str:
        """The start of the id: what people type to name a session to `resume` or `report`."""
        return self.session_id[:8]


@dataclass(frozen=True)
class VoteEntry:
    """One addition at the keypad (or phone): `votes` for `option` from `group`."""

    option: int
    group: str
    votes: int = 1


@dataclass(frozen=True)
class Round:
    number: int
    open: bool = True
    entries: tuple[VoteEntry, ...] = ()

    def tally(self, options: int) -> Tally:
        return Tally.from_entries(options, ((e.option, e.group, e.votes) for e in self.entries))

    @property
    def votes_in(self) -> int:
        return sum(e.votes for e in self.entries)


@dataclass(frozen=True)
class Note:
    id: int
    perspective: str
    text: str


@dataclass(frozen=True)
class Visit:
    """One pass through a stage: its votes, the group's choice and the notes."""

    stage_id: str
    seconds: float = 0.0
    rounds: tuple[Round, ...] = ()
    chosen: int | None = None
    chosen_by: ChosenBy | None = None
    notes: tuple[Note, ...] = ()

    def round(self, number: int) -> Round | None:
        return next((r for r in self.rounds if r.number == number), None)


@dataclass(frozen=True)
class Position:
    phase: Phase
    visit: int | None = None


@dataclass(frozen=True)
class Session:
    info: SessionInfo
    visits: tuple[Visit, ...] = ()
    position: Position = Position("welcome")
    takeaways: tuple[str, ...] = ()
    finished: bool = False
    clock: float = 0.0  # session time of the last event, in seconds

    @property
    def current_visit(self) -> Visit | None:
        index = self.position.visit
        return self.visits[index] if index is not None else None

    def current_round(self) -> Round | None:
        """The round on screen in a voting phase: 1 for the vote, 2 for the re-vote."""
        visit = self.current_visit
        number = ROUND_OF_PHASE.get(self.position.phase)
        return visit.round(number) if visit and number else None

    @property
    def next_note_id(self) -> int:
        return 1 + max((n.id for v in self.visits for n in v.notes), default=0)


ROUND_OF_PHASE: dict[Phase, int] = {"vote": 1, "results": 1, "revote": 2, "revote_results": 2}


# Events


@dataclass(frozen=True)
class Moved:
    at: float
    phase: Phase
    visit: int | None = None


@dataclass(frozen=True)
class VisitStarted:
    at: float
    stage_id: str


@dataclass(frozen=True)
class RoundOpened:
    at: float
    visit: int
    number: int


@dataclass(frozen=True)
class RoundClosed:
    at: float
    visit: int
    number: int


@dataclass(frozen=True)
class VoteAdded:
    at: float
    visit: int
    number: int
    entry: VoteEntry


@dataclass(frozen=True)
class VoteUndone:
    at: float
    visit: int
    number: int


@dataclass(frozen=True)
class OptionChosen:
    at: float
    visit: int
    option: int | None
    by: ChosenBy


@dataclass(frozen=True)
class NoteAdded:
    at: float
    visit: int
    perspective: str
    text: str


@dataclass(frozen=True)
class NoteEdited:
    at: float
    visit: int
    note_id: int
    perspective: str
    text: str


@dataclass(frozen=True)
class NoteDeleted:
    at: float
    visit: int
    note_id: int


@dataclass(frozen=True)
class TakeawayAdded:
    at: float
    text: str


@dataclass(frozen=True)
class TakeawayEdited:
    at: float
    index: int
    text: str


@dataclass(frozen=True)
class TakeawayRemoved:
    at: float
    index: int


@dataclass(frozen=True)
class Finished:
    at: float


Event = (
    Moved
    | VisitStarted
    | RoundOpened
    | RoundClosed
    | VoteAdded
    | VoteUndone
    | OptionChosen
    | NoteAdded
    | NoteEdited
    | NoteDeleted
    | TakeawayAdded
    | TakeawayEdited
    | TakeawayRemoved
    | Finished
)


class SessionRuleError(ValueError):
    """A transition that the rules do not allow in the current state."""


def apply(session: Session, event: Event) -> Session:
    """Fold one event into the session; time since the last event goes to the current stage."""
    session = _spend_time(session, event.at)
    match event:
        case Moved(phase=phase, visit=target):
            return replace(session, position=Position(phase, target))
        case VisitStarted(stage_id=stage_id):
            return replace(session, visits=(*session.visits, Visit(stage_id)))
        case RoundOpened(visit=index, number=number):
            visit = session.visits[index]
            existing = visit.round(number)
            rounds = (
                _replace_round(visit, replace(existing, open=True))
                if existing
                else (*visit.rounds, Round(number))
            )
            return _with_visit(session, index, replace(visit, rounds=rounds))
        case RoundClosed(visit=index, number=number):
            visit = session.visits[index]
            closed = replace(_round(visit, number), open=False)
            return _with_visit(session, index, replace(visit, rounds=_replace_round(visit, closed)))
        case VoteAdded(visit=index, number=number, entry=entry):
            visit = session.visits[index]
            current = _round(visit, number)
            grown = replace(current, entries=(*current.entries, entry))
            return _with_visit(session, index, replace(visit, rounds=_replace_round(visit, grown)))
        case VoteUndone(visit=index, number=number):
            visit = session.visits[index]
            current = _round(visit, number)
            shrunk = replace(current, entries=current.entries[:-1])
            return _with_visit(session, index, replace(visit, rounds=_replace_round(visit, shrunk)))
        case OptionChosen(visit=index, option=option, by=by):
            visit = replace(session.visits[index], chosen=option, chosen_by=by)
            return _with_visit(session, index, visit)
        case NoteAdded(visit=index, perspective=perspective, text=text):
            visit = session.visits[index]
            note = Note(session.next_note_id, perspective, text)
            return _with_visit(session, index, replace(visit, notes=(*visit.notes, note)))
        case NoteEdited(visit=index, note_id=note_id, perspective=perspective, text=text):
            visit = session.visits[index]
            notes = tuple(
                Note(n.id, perspective, text) if n.id == note_id else n for n in visit.notes
            )
            return _with_visit(session, index, replace(visit, notes=notes))
        case NoteDeleted(visit=index, note_id=note_id):
            visit = session.visits[index]
            notes = tuple(n for n in visit.notes if n.id != note_id)
            return _with_visit(session, index, replace(visit, notes=notes))
        case TakeawayAdded(text=text):
            return replace(session, takeaways=(*session.takeaways, text))
        case TakeawayEdited(index=index, text=text):
            edited = tuple(text if i == index else t for i, t in enumerate(session.takeaways))
            return replace(session, takeaways=edited)
        case TakeawayRemoved(index=index):
            kept = session.takeaways[:index] + session.takeaways[index + 1 :]
            return replace(session, takeaways=kept)
        case Finished():
            return replace(session, finished=True)
    raise SessionRuleError(f"unknown event {event!r}")


def apply_all(session: Session, events: tuple[Event, ...]) -> Session:
    for event in events:
        session = apply(session, event)
    return session


def _spend_time(session: Session, at: float) -> Session:
    elapsed = max(0.0, at - session.clock)
    index = session.position.visit
    if index is None or not elapsed:
        return replace(session, clock=max(at, session.clock))
    visit = session.visits[index]
    spent = replace(visit, seconds=visit.seconds + elapsed)
    return replace(_with_visit(session, index, spent), clock=at)


def _with_visit(session: Session, index: int, visit: Visit) -> Session:
    return replace(session, visits=(*session.visits[:index], visit, *session.visits[index + 1 :]))


def _round(visit: Visit, number: int) -> Round:
    found = visit.round(number)
    if found is None:
        raise SessionRuleError(f"stage {visit.stage_id} has no round {number}")
    return found


def _replace_round(visit: Visit, new: Round) -> tuple[Round, ...]:
    return tuple(new if r.number == new.number else r for r in visit.rounds)


# Transitions: what the facilitator can do, as events


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


@dataclass(frozen=True)
class ChoiceNeeded:
    """The group's choice cannot be read off the votes: the facilitator is asked."""

    options: tuple[int, ...]  # the tied options, or every option when nobody voted


Step = tuple[Event, ...] | ChoiceNeeded


def current_stage(scenario: Scenario, session: Session) -> Stage | None:
    visit = session.current_visit
    return scenario.stage(visit.stage_id) if visit else None


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
        if phase in ("welcome",):
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
    """Leave the current stage now; an open vote is closed and kept."""
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
    rest = _leave_stage(scenario, interim, index, at)
    if isinstance(rest, ChoiceNeeded):
        return rest
    return (*events, *rest)


def choose_option(session: Session, option: int | None, at: float) -> tuple[Event, ...]:
    """The facilitator's override (or tie-break) of the group's choice."""
    index = _require_visit(session)
    return (OptionChosen(at, index, option, "facilitator"),)


def add_vote(
    scenario: Scenario, session: Session, option: int, group: str, at: float, votes: int = 1
) -> tuple[Event, ...]:
    index = _require_visit(session)
    current = session.current_round()
    stage = scenario.stage(session.visits[index].stage_id)
    if current is None or not current.open or stage.question is None:
        raise SessionRuleError("no vote is open")
    if not 1 <= option <= len(stage.question.options):
        raise SessionRuleError(f"there is no option {option}")
    if group not in GROUPS:
        raise SessionRuleError(f"unknown perspective group {group}")
    if votes < 1:
        raise SessionRuleError("a count of votes must be at least 1")
    return (VoteAdded(at, index, current.number, VoteEntry(option, group, votes)),)


def undo_vote(session: Session, at: float) -> tuple[Event, ...]:
    index = _require_visit(session)
    current = session.current_round()
    if current is None or not current.open or not current.entries:
        return ()
    return (VoteUndone(at, index, current.number),)


def add_note(session: Session, perspective: str, text: str, at: float) -> tuple[Event, ...]:
    index = _require_visit(session)
    if perspective not in NOTE_PERSPECTIVES:
        raise SessionRuleError(f"unknown note perspective {perspective}")
    cleaned = text.strip()
    return (NoteAdded(at, index, perspective, cleaned),) if cleaned else ()


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


def _require_takeaway(session: Session, index: int) -> None:
    if not 0 <= index < len(session.takeaways):
        raise SessionRuleError(f"there is no take-away {index + 1}")


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
    if phase in ("vote", "revote") and number and visit.round(number) is None:
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


def new_session(info: SessionInfo) -> Session:
    return Session(info)
