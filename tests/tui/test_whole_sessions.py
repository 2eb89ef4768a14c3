"""Each fixture story played from the library to the summary, as a facilitator would.

Votes, counts, ties, overrides, branches, re-votes, notes and take-aways go in
at the keyboard; the test then reads the session value and the saved record.
"""

from __future__ import annotations

from pathlib import Path

from tests.conftest import STORIES
from tests.tui.conftest import AppFactory
from tests.tui.driver import Plan, library_ready, play
from workshop.storage.sessions import load_session
from workshop.tui.app import WorkshopApp
from workshop.tui.screens.library import LibraryScreen
from workshop.tui.screens.setup import SetupScreen


async def open_from_library(pilot, app: WorkshopApp, search: str, cohort: str) -> None:  # type: ignore[no-untyped-def]
    await library_ready(pilot)
    assert isinstance(app.screen, LibraryScreen)
    await pilot.press(*search)
    await pilot.press("enter")  # runs the highlighted scenario, even from the search box
    await pilot.pause()
    assert isinstance(app.screen, SetupScreen)
    await pilot.press(*cohort)
    await pilot.press("ctrl+s")
    await pilot.pause()


def visits_of(app: WorkshopApp) -> list[str]:
    assert app.live is not None
    return [v.stage_id for v in app.live.session.visits]


async def test_sam_branches_to_the_crisis_team_and_records_everything(make_app: AppFactory) -> None:
    app = make_app()
    plan = Plan(
        votes={
            ("sunday-night", 1): [
                ("lived_experience", 3, 4),
                ("professional", 1, 3),
                ("professional", 3, 1),
                ("carer", 2, 1),
            ],
            ("safety-plan", 1): [("professional", 1, 5), ("lived_experience", 2, 3)],
            ("safety-plan", 2): [("professional", 2, 4), ("lived_experience", 2, 3)],
        },
        notes={
            "sunday-night": [("lived_experience", "Being asked directly felt like care")],
            "safety-plan": [("professional", "Plan in her own words"), ("shared", "Hope")],
        },
        takeaways=["Ask about strengths first"],
    )
    async with app.run_test(size=(100, 30)) as pilot:
        await open_from_library(pilot, app, "safety plan", "Cohort 3, adult social care")
        await play(pilot, app, plan)
        assert app.live is not None
        session = app.live.session
        record = app.live.record

    assert visits_of(app) == [
        "sunday-night",
        "crisis-team-at-home",
        "safety-plan",
        "three-weeks-on",
    ]
    first = session.visits[0]
    assert (first.chosen, first.chosen_by) == (3, "majority")
    tally = first.rounds[0].tally(4)
    assert tally.count(3) == 5
    assert tally.count(3, "lived_experience") == 4
    assert tally.count(2, "carer") == 1
    plan_visit = session.visits[2]
    assert [r.number for r in plan_visit.rounds] == [1, 2]
    assert plan_visit.rounds[1].tally(4).count(2) == 7
    assert [(n.perspective, n.text) for n in plan_visit.notes] == [
        ("professional", "Plan in her own words"),
        ("shared", "Hope"),
    ]
    assert session.takeaways == ("Ask about strengths first",)
    assert session.finished
    assert session.info.cohort == "Cohort 3, adult social care"
    assert session.info.started.second == 0
    assert load_session(record) == session


async def test_a_tie_is_asked_and_the_main_path_followed(make_app: AppFactory) -> None:
    app = make_app()
    plan = Plan(
        votes={("sunday-night", 1): [("not_given", 1, 2), ("not_given", 3, 2)]},
        tie_break=1,
    )
    async with app.run_test(size=(80, 24)) as pilot:
        await open_from_library(pilot, app, "safety plan", "Cohort 1")
        await play(pilot, app, plan)
    assert visits_of(app)[:2] == ["sunday-night", "liaison-assessment"]
    assert app.live is not None
    assert app.live.session.visits[0].chosen_by == "facilitator"


async def test_marcus_with_a_carer_voice_and_an_override(make_app: AppFactory) -> None:
    app = make_app()
    plan = Plan(
        votes={
            ("something-not-right", 1): [("professional", 2, 6), ("carer", 4, 3)],
            ("in-his-own-words", 1): [("professional", 1, 2)],
            ("in-his-own-words", 2): [("professional", 3, 2)],
        },
        overrides={"something-not-right": 1},
        notes={"denise-calls": [("carer", "Listen to carers even without consent to share")]},
    )
    async with app.run_test(size=(160, 48)) as pilot:
        await open_from_library(pilot, app, "marcus", "Cohort 2")
        await play(pilot, app, plan)
        assert app.live is not None
        session, record = app.live.session, app.live.record
    assert visits_of(app) == [
        "something-not-right",
        "in-his-own-words",
        "denise-calls",
        "safeguarding-meeting",
    ]
    assert (session.visits[0].chosen, session.visits[0].chosen_by) == (1, "facilitator")
    assert session.visits[2].notes[0].perspective == "carer"
    assert load_session(record) == session


async def test_ray_runs_straight_from_a_file(make_app: AppFactory) -> None:
    app = make_app(run_file=STORIES / "ray-useful-again.toml")
    plan = Plan(votes={("the-knock", 1): [("lived_experience", 2, 3), ("professional", 2, 3)]})
    async with app.run_test(size=(80, 24)) as pilot:
        await pilot.pause()
        assert isinstance(app.screen, SetupScreen)
        await pilot.press("ctrl+s")
        await play(pilot, app, plan)
        assert app.live is not None
        session, record = app.live.session, app.live.record
    assert visits_of(app) == ["the-knock", "at-the-surgery", "his-own-pace", "the-anniversary"]
    assert session.visits[0].rounds[0].tally(5).count(2) == 6
    assert Path(record).exists()
    assert load_session(record) == session
