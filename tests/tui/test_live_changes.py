"""The screen draws the live session, whoever changed it: no key press needed, bursts merged.

A test source stands in for a phone: it applies votes through the live
session, as the phone server will, while the facilitator works the keys.
"""

from __future__ import annotations

from textual import events
from textual.widgets import Input

from tests.conftest import DATA
from tests.tui.conftest import AppFactory
from tests.tui.driver import until
from tests.tui.test_rules import go_to, start, to_first_notes
from workshop.domain.transitions import add_note, cast_ballot
from workshop.live import LiveSession
from workshop.storage.sessions import load_session
from workshop.tui.app import WorkshopApp
from workshop.tui.screens.session import SessionScreen
from workshop.tui.steps import StepBody
from workshop.tui.widgets.figures import BigFigure

MINIMAL = DATA / "valid/minimal.toml"


def live_of(app: WorkshopApp) -> LiveSession:
    assert app.live is not None
    return app.live


async def phone_votes(live: LiveSession, count: int, first: int = 0) -> None:
    """`count` phones vote through the live session, each answered once its vote is saved."""
    session = live.session
    index = session.position.visit
    voting = session.current_round()
    assert index is not None
    assert voting is not None
    round_id = session.round_id(index, voting.number)
    for n in range(first, first + count):
        key = f"phone-{n}"
        await live.apply_durably(
            lambda sc, s, at, key=key: cast_ballot(sc, s, round_id, key, 1, "not_given", at)
        )


async def test_a_vote_from_outside_the_screen_shows_without_a_key_press(
    make_app: AppFactory,
) -> None:
    app = make_app(run_file=MINIMAL)
    async with app.run_test(size=(80, 24)) as pilot:
        await start(pilot)
        await go_to(pilot, app, "vote")
        figure = app.screen.query_one("#votes-in", BigFigure)
        assert figure.value == "0"
        await phone_votes(live_of(app), 1)
        await until(pilot, lambda: figure.value == "1", "the phone's vote drawn")


async def test_a_burst_of_200_changes_is_drawn_a_handful_of_times(make_app: AppFactory) -> None:
    app = make_app(run_file=MINIMAL)
    async with app.run_test(size=(80, 24)) as pilot:
        await start(pilot)
        await go_to(pilot, app, "vote")
        screen = app.screen
        assert isinstance(screen, SessionScreen)
        renders, builds = screen.renders, screen.query_one(StepBody).builds
        live = live_of(app)
        session = live.session
        index = session.position.visit
        assert index is not None
        round_id = session.round_id(index, 1)
        import asyncio

        await asyncio.gather(
            *(
                live.apply_durably(
                    lambda sc, s, at, k=f"p{n}": cast_ballot(sc, s, round_id, k, 2, "carer", at)
                )
                for n in range(200)
            )
        )
        figure = screen.query_one("#votes-in", BigFigure)
        await until(pilot, lambda: figure.value == "200", "the 200 votes drawn")
        assert screen.renders - renders <= 5
        assert screen.query_one(StepBody).builds == builds  # nothing rebuilt, only redrawn


async def test_typing_notes_in_a_row_while_changes_arrive_keeps_the_box_and_every_note(
    make_app: AppFactory,
) -> None:
    """The trial's worst defect: after Enter the box lost focus and the next words were keys.

    Between two typed notes a co-facilitator's console adds a note of its own
    through the live session: the screen redraws the step in place, and the
    box keeps the focus and the words.
    """
    app = make_app(run_file=MINIMAL)
    async with app.run_test(size=(100, 30)) as pilot:
        await to_first_notes(pilot, app)
        screen = app.screen
        assert isinstance(screen, SessionScreen)
        position = live_of(app).session.position
        typed = ["Asked about strengths first", "spaces, f and s are words here", "q j b . 1"]
        await pilot.press("n")
        for number, text in enumerate(typed, 1):
            await pilot.press(*text, "enter")
            renders = screen.renders
            live_of(app).apply(lambda sc, s, at, n=number: add_note(s, "carer", f"console {n}", at))
            await pilot.pause()
            assert screen.renders > renders  # the change from elsewhere was drawn
            assert isinstance(screen.focused, Input), f"focus lost after note {number}"
        session = live_of(app).session
        assert session.position == position
        assert [n.text for n in session.visits[0].notes] == [
            "Asked about strengths first",
            "console 1",
            "spaces, f and s are words here",
            "console 2",
            "q j b . 1",
            "console 3",
        ]
        assert screen.query_one("#note-input", Input).value == ""
        assert load_session(live_of(app).record).visits[0].notes == session.visits[0].notes  # type: ignore[arg-type]


def burst(app: WorkshopApp, text: str) -> None:
    """Keys as a terminal delivers a quick typist's: all queued before any is handled."""
    for char in text:
        key = {" ": "space", "\n": "enter"}.get(char, char)
        app.post_message(events.Key(key, None if char == "\n" else char))


async def test_words_typed_straight_after_n_go_into_the_box_not_to_the_session(
    make_app: AppFactory,
) -> None:
    """N, then words at once: the box has the focus before the next key is handled."""
    app = make_app(run_file=MINIMAL)
    async with app.run_test(size=(100, 30)) as pilot:
        await to_first_notes(pilot, app)
        position = live_of(app).session.position
        burst(app, "nspaces and f are words\nso is s\n")
        await until(pilot, lambda: len(live_of(app).session.visits[0].notes) == 2, "both notes")
        session = live_of(app).session
        assert session.position == position
        assert [n.text for n in session.visits[0].notes] == ["spaces and f are words", "so is s"]
        assert isinstance(app.screen.focused, Input)


async def test_a_count_typed_straight_after_c_goes_into_the_dialog_not_the_keypad(
    make_app: AppFactory,
) -> None:
    """C, then the option and the count at once: no digit becomes a keypad vote."""
    app = make_app(run_file=MINIMAL)
    async with app.run_test(size=(100, 30)) as pilot:
        await start(pilot)
        await go_to(pilot, app, "vote")
        burst(app, "c2\n12\n")

        def counted() -> int:
            voting = live_of(app).session.current_round()
            return 0 if voting is None else voting.votes_in

        await until(pilot, lambda: counted() == 12, "the count")
        voting = live_of(app).session.current_round()
        assert voting is not None
        assert voting.tally(2).count(2, "not_given") == 12
