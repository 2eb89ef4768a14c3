"""What can happen to a session, as events, and how each is folded into the value.

Events are facts, already checked: only the transitions in
`domain.transitions` make them, after applying the rules. `apply` never
checks a rule; it only folds. Time is passed in (`at`, seconds of session
time), never read from a clock.
"""

from __future__ import annotations

from dataclasses import dataclass, replace

from workshop.domain.session import (
    Ballot,
    ChosenBy,
    Note,
    Phase,
    Position,
    Round,
    Session,
    Visit,
    VoteEntry,
    collapse,
)


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
    """A round opens, or a closed one opens again for late votes."""

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
class BallotCast:
    """A phone's vote in an open round; its key's earlier ballot, if any, is replaced."""

    at: float
    visit: int
    number: int
    key: str
    ballot: Ballot


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
    | BallotCast
    | OptionChosen
    | NoteAdded
    | NoteEdited
    | NoteDeleted
    | TakeawayAdded
    | TakeawayEdited
    | TakeawayRemoved
    | Finished
)


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
            if existing is None:
                return _with_visit(
                    session, index, replace(visit, rounds=(*visit.rounds, Round(number)))
                )
            return _with_round(session, index, replace(existing, open=True))
        case RoundClosed(visit=index, number=number):
            voting = _round(session, index, number)
            # A finished session keeps no phone's key, even of a round reopened after it ended.
            counted = frozenset() if session.finished else voting.phones_counted
            closed = Round(
                number,
                open=False,
                counts=collapse(voting),
                phones_counted=counted | frozenset(() if session.finished else voting.ballots),
            )
            return _with_round(session, index, closed)
        case VoteAdded(visit=index, number=number, entry=entry):
            voting = _round(session, index, number)
            return _with_round(session, index, replace(voting, entries=(*voting.entries, entry)))
        case VoteUndone(visit=index, number=number):
            voting = _round(session, index, number)
            return _with_round(session, index, replace(voting, entries=voting.entries[:-1]))
        case BallotCast(visit=index, number=number, key=key, ballot=ballot):
            voting = _round(session, index, number)
            return _with_round(
                session, index, replace(voting, ballots={**voting.ballots, key: ballot})
            )
        case OptionChosen(visit=index, option=option, by=by):
            return _with_visit(
                session, index, replace(session.visits[index], chosen=option, chosen_by=by)
            )
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
            return replace(session, finished=True, visits=_forget_phones(session.visits))
    raise TypeError(f"unknown event {event!r}")


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


def _round(session: Session, index: int, number: int) -> Round:
    found = session.visits[index].round(number)
    if found is None:
        raise ValueError(f"stage {session.visits[index].stage_id} has no round {number}")
    return found


def _with_round(session: Session, index: int, new: Round) -> Session:
    visit = session.visits[index]
    rounds = tuple(new if r.number == new.number else r for r in visit.rounds)
    return _with_visit(session, index, replace(visit, rounds=rounds))


def _forget_phones(visits: tuple[Visit, ...]) -> tuple[Visit, ...]:
    """A finished session keeps counts only: no key of any phone is left in it."""
    return tuple(
        replace(v, rounds=tuple(replace(r, phones_counted=frozenset()) for r in v.rounds))
        if any(r.phones_counted for r in v.rounds)
        else v
        for v in visits
    )
