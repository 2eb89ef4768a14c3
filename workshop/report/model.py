"""What every export shows, worked out once from a session and its scenario.

The exports differ only in layout. Which groups are shown on their own and
which are folded into the total, what an option is called when the scenario
file is missing, and what "unfinished" means are decided here, so a carer who
was the only carer in the room is hidden the same way in Markdown, HTML and
CSV.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass

from workshop.domain.scenario import Scenario, Stage
from workshop.domain.session import NOTE_PERSPECTIVES, Round, Session, SessionInfo, Visit
from workshop.domain.tally import GROUP_LABELS, Tally, folding_rule, movement
from workshop.words import ALL_VOTES_LABEL, CHOSEN_BY_LABELS, credit, round_label

ALL_VOTES = "all"  # the group name of the total, in CSV and in charts
PHASE_LABELS = {
    "welcome": "the welcome",
    "content_note": "the content note",
    "narrative": "the story",
    "vote": "the vote",
    "results": "the results",
    "perspectives": "the perspectives",
    "consequence": "the consequence",
    "discussion": "the discussion",
    "revote": "the re-vote",
    "revote_results": "the re-vote results",
    "notes": "the notes",
    "wellbeing": "the wellbeing check",
    "epilogue": "the epilogue",
    "debrief": "the debrief",
    "takeaways": "the take-aways",
    "support": "support and signposting",
    "summary": "the summary",
}


class MixedScenariosError(ValueError):
    """Records of different scenarios were given to one comparison."""


@dataclass(frozen=True)
class RoundView:
    """One round as every export shows it: counts, and which groups stand on their own."""

    number: int
    open: bool
    tally: Tally
    shown: tuple[str, ...]  # groups with enough voters to show, in the standard order
    folded: int  # voters counted only in the total
    min_group: int

    @property
    def label(self) -> str:
        return round_label(self.number)

    @property
    def divergent(self) -> tuple[int, ...]:
        return self.tally.most_divergent(self.min_group)

    @property
    def empty(self) -> bool:
        """No votes were entered: the round was closed (or is still open) with nothing in it.

        An empty round has no split, no shares and no movement to show: the
        facilitator skipped it, and its zeros say nothing about what anyone thought.
        """
        return self.tally.total == 0

    @property
    def no_votes(self) -> str:
        """The sentence every export shows in place of an empty round's figures."""
        where = "the re-vote" if self.number == 2 else "this round"
        if self.open:
            return f"No votes have been entered in {where} yet."
        return f"No votes were entered in {where}."


def option_label(options: tuple[str, ...], known_options: int, number: int) -> str:
    """The label of an option, or "Option 5" for one the scenario file no longer has."""
    if number > known_options:
        return f"Option {number}"
    return f"{number}. {options[number - 1]}"


@dataclass(frozen=True)
class StageView:
    """One visit to a stage, with the scenario's words where the scenario is known."""

    order: int  # 1 for the first stage visited
    stage_id: str
    title: str
    prompt: str | None
    options: tuple[str, ...]  # option texts; option N is options[N - 1]
    known_options: int  # how many of them come from the scenario; the rest are "Option N"
    has_question: bool
    rounds: tuple[RoundView, ...]
    chosen: int | None
    chosen_by: str | None
    seconds: float
    notes: tuple[tuple[str, tuple[str, ...]], ...]  # (perspective, texts), standard order
    stopped_here: str | None  # the phase an unfinished session stopped at, in this stage

    def round(self, number: int) -> RoundView | None:
        return next((r for r in self.rounds if r.number == number), None)

    @property
    def movement(self) -> tuple[tuple[int, int, int, int], ...]:
        """Per option: (option, vote, re-vote, change) in all votes.

        () without a re-vote, and when either round has no votes: a skipped
        re-vote is not everyone changing their mind.
        """
        before, after = self.round(1), self.round(2)
        if before is None or after is None or before.empty or after.empty:
            return ()
        return tuple(
            (n, before.tally.count(n), after.tally.count(n), change)
            for n, change in movement(before.tally, after.tally).items()
        )

    def option_label(self, number: int) -> str:
        return option_label(self.options, self.known_options, number)

    @property
    def chosen_label(self) -> str | None:
        if self.chosen is None or not 1 <= self.chosen <= len(self.options):
            return None
        how = CHOSEN_BY_LABELS.get(self.chosen_by or "", "")
        return f"{self.option_label(self.chosen)}" + (f" ({how})" if how else "")


@dataclass(frozen=True)
class SessionView:
    """A whole session ready to render."""

    info: SessionInfo
    title: str
    authors: tuple[str, ...]  # "Name (lived experience): contribution"
    scenario_known: bool
    stages: tuple[StageView, ...]
    takeaways: tuple[str, ...]
    finished: bool
    status: str
    example: bool = False
    """Written to show the tool (`basis = "example"`), not co-produced: every export says so."""

    @property
    def date(self) -> str:
        return f"{self.info.started:%Y-%m-%d %H:%M}"

    @property
    def cohort(self) -> str:
        return self.info.cohort or "(no cohort label)"

    @property
    def label(self) -> str:
        """How this session is named beside others in a comparison."""
        return f"{self.cohort}, {self.date}"

    @property
    def privacy_note(self) -> str:
        return folding_rule(self.info.min_group)


def session_view(session: Session, scenario: Scenario | None) -> SessionView:
    """Everything the exports show about one session."""
    info = session.info
    stages = tuple(
        _stage_view(session, index, visit, _stage(scenario, visit.stage_id))
        for index, visit in enumerate(session.visits)
    )
    return SessionView(
        info=info,
        title=scenario.title if scenario else info.scenario_title,
        authors=_authors(scenario),
        scenario_known=scenario is not None,
        stages=stages,
        takeaways=session.takeaways,
        finished=session.finished,
        status=_status(session, stages),
        example=(scenario.basis if scenario else info.scenario_basis) == "example",
    )


def same_scenario(sessions: Sequence[Session]) -> str:
    """The one scenario id these sessions share, or MixedScenariosError saying which is which."""
    ids = sorted({s.info.scenario_id for s in sessions})
    if len(ids) == 1:
        return ids[0]
    if not ids:
        raise MixedScenariosError("no records to compare")
    counts = ", ".join(
        f"{i} ({_records(sum(s.info.scenario_id == i for s in sessions))})" for i in ids
    )
    raise MixedScenariosError(
        f"cannot compare records of different scenarios: {counts}; "
        "compare the records of one scenario at a time"
    )


def _records(count: int) -> str:
    return "1 record" if count == 1 else f"{count} records"


def stage_order(views: Sequence[SessionView], scenario: Scenario | None) -> tuple[str, ...]:
    """Stage ids for a comparison: the scenario's order, then any others as first visited."""
    seen: dict[str, None] = {}
    if scenario is not None:
        visited = {s.stage_id for v in views for s in v.stages}
        seen.update((stage.id, None) for stage in scenario.stages if stage.id in visited)
    for view in views:
        seen.update((stage.stage_id, None) for stage in view.stages)
    return tuple(seen)


def options_phrase(numbers: Sequence[int]) -> str:
    """'option 2' or 'options 1 and 3'."""
    if len(numbers) == 1:
        return f"option {numbers[0]}"
    return f"options {', '.join(str(n) for n in numbers[:-1])} and {numbers[-1]}"


def group_label(group: str) -> str:
    return ALL_VOTES_LABEL if group == ALL_VOTES else GROUP_LABELS.get(group, group)


def _stage(scenario: Scenario | None, stage_id: str) -> Stage | None:
    if scenario is None:
        return None
    try:
        return scenario.stage(stage_id)
    except KeyError:
        return None


def _stage_view(session: Session, index: int, visit: Visit, stage: Stage | None) -> StageView:
    question = stage.question if stage else None
    known = tuple(o.text for o in question.options) if question else ()
    count = max(len(known), _highest_option(visit))
    options = tuple(known[n - 1] if n <= len(known) else f"Option {n}" for n in range(1, count + 1))
    min_group = session.info.min_group
    stopped = (
        session.position.phase if not session.finished and session.position.visit == index else None
    )
    return StageView(
        order=index + 1,
        stage_id=visit.stage_id,
        title=stage.title if stage else visit.stage_id,
        prompt=question.prompt if question else None,
        options=options,
        known_options=len(known),
        has_question=question is not None or bool(visit.rounds),
        rounds=tuple(_round_view(r, count, min_group) for r in sorted(visit.rounds, key=_number)),
        chosen=visit.chosen,
        chosen_by=visit.chosen_by,
        seconds=visit.seconds,
        notes=_notes(visit),
        stopped_here=stopped,
    )


def _number(voting: Round) -> int:
    return voting.number


def _highest_option(visit: Visit) -> int:
    numbers = [option for r in visit.rounds for option, _, _, _ in r.all_counts()]
    if visit.chosen is not None:
        numbers.append(visit.chosen)
    return max(numbers, default=0)


def _round_view(voting: Round, options: int, min_group: int) -> RoundView:
    tally = voting.tally(options)
    return RoundView(
        number=voting.number,
        open=voting.open,
        tally=tally,
        shown=tally.shown_groups(min_group),
        folded=tally.folded_voters(min_group),
        min_group=min_group,
    )


def _notes(visit: Visit) -> tuple[tuple[str, tuple[str, ...]], ...]:
    kinds = list(NOTE_PERSPECTIVES)
    kinds += sorted({n.perspective for n in visit.notes} - set(kinds))
    grouped = (
        (kind, tuple(n.text for n in visit.notes if n.perspective == kind)) for kind in kinds
    )
    return tuple((kind, texts) for kind, texts in grouped if texts)


def _authors(scenario: Scenario | None) -> tuple[str, ...]:
    if scenario is None:
        return ()
    return tuple(credit(a) for a in scenario.authors)


def _status(session: Session, stages: Sequence[StageView]) -> str:
    if session.finished:
        return "Finished."
    where = PHASE_LABELS.get(session.position.phase, session.position.phase)
    index = session.position.visit
    if index is None:
        return f"Unfinished: the session stopped at {where}."
    stage = stages[index]
    text = f"Unfinished: the session stopped at {where} of stage {stage.order} ({stage.title})."
    if any(r.open for r in stage.rounds):
        text += " The vote is still open."
    return text
