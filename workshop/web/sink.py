"""What the phone server may see of the session and do to it: the VoteSink.

The server knows nothing of screens or records. It asks the sink what the
phones may be shown now (the current question, or a closed round's result
where the facilitators chose to share it) and hands it votes; `LiveSink`
answers from the live session, applying `cast_ballot` durably.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Protocol

from workshop.domain.tally import GROUPS, Tally
from workshop.domain.transitions import SessionRuleError, cast_ballot, current_stage
from workshop.live import LiveSession


@dataclass(frozen=True)
class Split:
    """A closed round as phones may see it: the same folding of small groups as the screen."""

    total: int
    options: tuple[int, ...]  # all votes per option
    groups: tuple[tuple[str, tuple[int, ...]], ...]  # (group, votes per option), groups shown
    folded: int  # voters counted only in the total


@dataclass(frozen=True)
class Ask:
    """The question on the phones now, or None between questions."""

    round_id: int
    visit: int
    number: int
    open: bool
    prompt: str
    options: tuple[str, ...]
    result: Split | None = None


class VoteRefused(Exception):
    """A vote the rules do not take now (a closed or future round, an option out of range)."""


class VoteSink(Protocol):
    language: str

    def ask(self, *, with_result: bool) -> Ask | None: ...

    def vote_of(self, key: str) -> int | None: ...

    def counted(self, key: str) -> bool: ...

    async def cast(self, round_id: int, key: str, option: int, group: str) -> None: ...


class LiveSink:
    """The live session, as the phone server sees it."""

    def __init__(self, live: LiveSession) -> None:
        self.live = live
        self.language = live.scenario.language

    def ask(self, *, with_result: bool) -> Ask | None:
        session = self.live.session
        visit_index = session.position.visit
        voting = session.current_round()
        stage = current_stage(self.live.scenario, session)
        if visit_index is None or voting is None or stage is None or stage.question is None:
            return None
        options = tuple(o.text for o in stage.question.options)
        result = None
        if with_result and not voting.open:
            result = split(voting.tally(len(options)), session.info.min_group)
        return Ask(
            round_id=session.round_id(visit_index, voting.number),
            visit=visit_index,
            number=voting.number,
            open=session.open_round() is not None,
            prompt=stage.question.prompt,
            options=options,
            result=result,
        )

    def vote_of(self, key: str) -> int | None:
        voting = self.live.session.open_round()
        ballot = voting.ballots.get(key) if voting else None
        return ballot.option if ballot else None

    def counted(self, key: str) -> bool:
        voting = self.live.session.current_round()
        return voting is not None and key in voting.phones_counted

    async def cast(self, round_id: int, key: str, option: int, group: str) -> None:
        try:
            await self.live.apply_durably(
                lambda sc, s, at: cast_ballot(sc, s, round_id, key, option, group, at)
            )
        except SessionRuleError as error:
            raise VoteRefused(str(error)) from error


def split(tally: Tally, min_group: int) -> Split:
    options = range(1, tally.options + 1)
    shown = tally.shown_groups(min_group)
    return Split(
        total=tally.total,
        options=tuple(tally.count(o) for o in options),
        groups=tuple((g, tuple(tally.count(o, g) for o in options)) for g in GROUPS if g in shown),
        folded=tally.folded_voters(min_group),
    )
