"""A running session as an immutable value: where it is, what was voted, chosen and noted.

The value changes only by folding events into it (`domain.events`), and the
events come only from transitions that apply the rules (`domain.transitions`).
Because every change is an event on an immutable value, the record on disk is
always the state that was on screen, and a session can resume exactly where it
stopped.

Votes are counts, never linked to a person. While a round is open it keeps
what undo and a changed mind need: the keypad entries in the order they were
pressed, and one ballot per phone (keyed by a random per-round key, never a
token). When the round closes, both collapse into counts per option, group and
source, and nothing is left that could link a vote to a person.
"""

from __future__ import annotations

from collections.abc import Iterator, Mapping
from dataclasses import dataclass, field
from datetime import datetime
from typing import Literal

from workshop.domain.tally import DEFAULT_MIN_GROUP, Tally

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
VOTING: tuple[Phase, ...] = ("vote", "revote")
NOTE_PERSPECTIVES = ("lived_experience", "professional", "carer", "shared")
VOTING_MODES = ("keypad", "phones")
Source = Literal["keypad", "phones"]
SOURCES: tuple[Source, ...] = ("keypad", "phones")
ChosenBy = Literal["majority", "facilitator"]
ROUND_OF_PHASE: dict[Phase, int] = {"vote": 1, "results": 1, "revote": 2, "revote_results": 2}


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
    scenario_basis: str | None = None
    """The scenario's `provenance.basis`, so that reports can say "example" without the file."""

    @property
    def short_id(self) -> str:
        """The start of the id: what people type to name a session to `resume` or `report`."""
        return self.session_id[:8]


@dataclass(frozen=True)
class VoteEntry:
    """One addition at the keypad: `votes` for `option` from `group`."""

    option: int
    group: str
    votes: int = 1


@dataclass(frozen=True)
class Ballot:
    """One phone's current vote in an open round; a change of mind replaces it."""

    option: int
    group: str


@dataclass(frozen=True)
class Count:
    """What a closed round keeps: how many votes an option had from a group and a source."""

    option: int
    group: str
    source: Source
    votes: int


@dataclass(frozen=True)
class Round:
    number: int
    open: bool = True
    entries: tuple[VoteEntry, ...] = ()
    """Keypad additions since the round (re)opened, in key-press order: what undo needs."""
    ballots: Mapping[str, Ballot] = field(default_factory=dict)
    """One ballot per phone, by its per-round key; only while the round is open."""
    counts: tuple[Count, ...] = ()
    """Votes of the round's closed part(s): counts only, in a fixed order."""
    phones_counted: frozenset[str] = frozenset()
    """Keys of phones whose vote is already in `counts`: after a reopen they may not vote twice.

    The keys mean nothing without the phones file, which goes when the session ends;
    the keys themselves go when it finishes.
    """

    def all_counts(self) -> Iterator[tuple[int, str, Source, int]]:
        """(option, group, source, votes) for everything in the round, open part included."""
        for count in self.counts:
            yield count.option, count.group, count.source, count.votes
        for entry in self.entries:
            yield entry.option, entry.group, "keypad", entry.votes
        for ballot in self.ballots.values():
            yield ballot.option, ballot.group, "phones", 1

    def tally(self, options: int) -> Tally:
        return Tally.from_entries(options, ((o, g, n) for o, g, _, n in self.all_counts()))

    @property
    def votes_in(self) -> int:
        return sum(n for _, _, _, n in self.all_counts())

    def votes_from(self, source: Source) -> int:
        return sum(n for _, _, s, n in self.all_counts() if s == source)


def collapse(voting: Round) -> tuple[Count, ...]:
    """Every vote of a round as counts per (option, group, source), sorted, zeros left out."""
    totals: dict[tuple[int, str, Source], int] = {}
    for option, group, source, votes in voting.all_counts():
        totals[(option, group, source)] = totals.get((option, group, source), 0) + votes
    return tuple(
        Count(option, group, source, votes)
        for (option, group, source), votes in sorted(totals.items())
        if votes
    )


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

    def note(self, note_id: int) -> Note | None:
        return next((n for n in self.notes if n.id == note_id), None)


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

    def open_round(self) -> Round | None:
        """The round votes go to now: the one on screen, while it is open."""
        voting = self.current_round()
        in_vote = self.position.phase in VOTING
        return voting if voting is not None and voting.open and in_vote else None

    def round_id(self, visit: int, number: int) -> int:
        """A number for a round that is unique in the session: what a phone names it by.

        Rounds are numbered in the order they were opened, over all visits; a
        reopened round keeps its number.
        """
        earlier = sum(len(v.rounds) for v in self.visits[:visit])
        numbers = [r.number for r in self.visits[visit].rounds]
        return earlier + (numbers.index(number) + 1 if number in numbers else len(numbers) + 1)

    @property
    def next_note_id(self) -> int:
        return 1 + max((n.id for v in self.visits for n in v.notes), default=0)


def new_session(info: SessionInfo) -> Session:
    return Session(info)
