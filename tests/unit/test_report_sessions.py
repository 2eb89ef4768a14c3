"""The sessions the report tests share, played through the real session transitions.

`played_session()` is the fixed session behind the golden files: Cohort 3
plays tests/data/reports/scenario.toml to the end. In its first vote the two
carers and the one person who gave no perspective are too few to be shown on
their own; in the re-vote the two carers are the only small group, so the
smallest shown group (4 people with lived experience) is folded with them and
only the professionals are shown beside the total; in the last stage every
group is too small, so only the total is shown, and the tie is broken by the
facilitator.
"""

from __future__ import annotations

from pathlib import Path

from tests.conftest import DATA, TODAY
from tests.factories import load, session_for
from workshop.domain.events import TakeawayAdded, apply_all
from workshop.domain.scenario import Scenario
from workshop.domain.session import Session
from workshop.domain.transitions import ChoiceNeeded, add_note, add_vote, choose_option, next_step
from workshop.storage.scenarios import read_scenario

SCENARIO_PATH = DATA / "reports/scenario.toml"
GOLDEN = DATA / "reports"


def fixture_scenario() -> Scenario:
    return load(SCENARIO_PATH)


def fresh_session(scenario: Scenario, **info: object) -> Session:
    """A new session whose record points at the real fixture file and its SHA-256."""
    values: dict[str, object] = {
        "scenario_path": str(SCENARIO_PATH),
        "scenario_sha256": read_scenario(SCENARIO_PATH, TODAY).sha256,
        "cohort": "Cohort 3, adult social care",
        "facilitation": ("Patient champion", "Practitioner"),
    }
    values.update(info)
    return session_for(scenario, **values)


class Player:
    """Plays a session forward with a clock that only moves when told to."""

    def __init__(self, scenario: Scenario, session: Session) -> None:
        self.scenario = scenario
        self.session = session
        self.at = 0.0

    def wait(self, minutes: float) -> None:
        self.at += minutes * 60

    def forward(self, choice: int | None = None) -> None:
        step = next_step(self.scenario, self.session, self.at)
        if isinstance(step, ChoiceNeeded):
            assert choice in step.options, (choice, step)
            chosen = choose_option(self.scenario, self.session, choice, self.at)
            self.session = apply_all(self.session, chosen)
            step = next_step(self.scenario, self.session, self.at)
        assert not isinstance(step, ChoiceNeeded), step
        self.session = apply_all(self.session, step)

    def to(self, phase: str, choice: int | None = None) -> None:
        for _ in range(40):
            if self.session.position.phase == phase:
                return
            self.forward(choice)
        raise AssertionError(f"never reached {phase}")

    def votes(self, *counts: tuple[int, str, int]) -> None:
        for option, group, votes in counts:
            events = add_vote(self.scenario, self.session, option, group, self.at, votes)
            self.session = apply_all(self.session, events)

    def note(self, perspective: str, text: str) -> None:
        self.session = apply_all(self.session, add_note(self.session, perspective, text, self.at))

    def takeaway(self, text: str) -> None:
        self.session = apply_all(self.session, (TakeawayAdded(self.at, text),))


def play_to_last_vote(scenario: Scenario, session: Session) -> Player:
    """Stages 1 and 2 complete; stage 3's vote open with four votes in."""
    player = Player(scenario, session)
    player.to("vote")
    player.wait(4)
    player.votes(
        (1, "lived_experience", 3),
        (2, "lived_experience", 1),
        (1, "professional", 1),
        (2, "professional", 3),
        (3, "professional", 1),
        (3, "carer", 2),
        (1, "not_given", 1),
    )
    player.wait(2)
    player.to("discussion")
    player.wait(6)
    player.to("revote")
    player.votes(
        (1, "lived_experience", 4),
        (1, "professional", 3),
        (2, "professional", 2),
        (1, "carer", 1),
        (3, "carer", 1),
    )
    player.wait(1)
    player.to("notes")
    player.note("lived_experience", "Listening first felt safer.")
    player.note("professional", "Think about | pipes & <tags> in a *note*.")
    player.note("carer", "Carers want to be asked too.")
    player.note("shared", "Positive risk-taking\nneeds time.")
    player.wait(1.5)
    player.forward()  # stage 2
    player.wait(5)
    player.to("notes")
    player.note("shared", "A quiet week is part of recovery.")
    player.forward()  # stage 3
    player.to("vote")
    player.wait(3)
    player.votes((1, "professional", 2), (2, "lived_experience", 2))
    return player


def played_session(**info: object) -> Session:
    """The finished session of the golden files (with `info` overrides, for other tests)."""
    scenario = fixture_scenario()
    player = play_to_last_vote(scenario, fresh_session(scenario, **info))
    player.to("notes", choice=2)
    player.wait(4)
    player.to("takeaways")
    player.takeaway("Ask the person first; the plan is theirs.")
    player.takeaway("Carers notice changes early.")
    player.to("summary")
    return player.session


def unfinished_session() -> Session:
    """The same cohort, stopped with the last vote still open."""
    scenario = fixture_scenario()
    return play_to_last_vote(scenario, fresh_session(scenario)).session


def other_cohort() -> Session:
    """A second cohort of the same scenario, for comparisons."""
    scenario = fixture_scenario()
    player = Player(
        scenario,
        fresh_session(
            scenario,
            session_id="fedcba9876543210",
            cohort="Cohort 4, student nurses",
            voting_mode="phones",
        ),
    )
    player.to("vote")
    player.votes((2, "professional", 6), (1, "professional", 1), (1, "carer", 3))
    player.wait(10)
    player.to("revote")
    player.votes((1, "professional", 4), (2, "professional", 3), (1, "carer", 3))
    player.to("summary", choice=1)
    return player.session


def save(session: Session, folder: Path, name: str | None = None) -> Path:
    from workshop.storage.sessions import record_path, save_session

    path = folder / name if name else record_path(folder, session.info)
    save_session(session, path)
    return path


def test_the_fixed_session_is_finished_and_visits_every_stage() -> None:
    session = played_session()
    assert session.finished
    assert [v.stage_id for v in session.visits] == ["first-call", "quiet-week", "review"]
    assert [v.chosen_by for v in session.visits] == ["majority", None, "facilitator"]


def test_the_unfinished_session_stops_with_the_last_vote_open() -> None:
    session = unfinished_session()
    assert not session.finished
    assert session.position.phase == "vote"
    voting = session.current_round()
    assert voting is not None
    assert voting.open
