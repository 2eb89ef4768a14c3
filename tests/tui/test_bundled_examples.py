"""The bundled examples, as a facilitator meets them: honest about what they are, and playable.

Each says on the library and the welcome screen that it is an example, not a
co-produced story; a story with a real basis does not. Each plays from its
first stage to the summary through the real screens, voting at every open
vote, whichever branch the votes take.
"""

from __future__ import annotations

from tests.conftest import DATA, REPO
from tests.tui.conftest import AppFactory
from tests.tui.driver import library_ready
from tests.tui.test_rules import screen_text, start
from workshop.domain.scenario import EXAMPLE_NOTICE
from workshop.storage.sessions import load_session
from workshop.tui.screens.dialogs import ChoiceScreen
from workshop.tui.screens.library import LibraryScreen


def flat(text: str) -> str:
    return " ".join(text.split())


async def test_the_library_and_welcome_say_an_example_is_an_example(
    make_app: AppFactory,
) -> None:
    app = make_app(REPO / "scenarios")
    async with app.run_test(size=(120, 40)) as pilot:
        await library_ready(pilot)
        assert isinstance(app.screen, LibraryScreen)
        assert EXAMPLE_NOTICE in flat(screen_text(app))
        await pilot.press("enter")
        await start(pilot)
        assert EXAMPLE_NOTICE in flat(screen_text(app))


async def test_a_co_produced_story_is_not_called_an_example(make_app: AppFactory) -> None:
    app = make_app(DATA / "valid")  # minimal.toml credits its authors and has no basis
    async with app.run_test(size=(120, 40)) as pilot:
        await library_ready(pilot)
        await pilot.press(*"minimal", "enter")
        await start(pilot)
        assert "Example scenario" not in screen_text(app)
        assert "Written by, as equal co-authors" in screen_text(app)


async def test_a_bundled_example_plays_from_start_to_summary_through_the_screens(
    make_app: AppFactory,
) -> None:
    """One example through every screen; tests/unit/test_bundled_paths.py walks every path."""
    path = REPO / "scenarios/tobi-place-of-safety.toml"
    app = make_app(run_file=path)
    async with app.run_test(size=(100, 30)) as pilot:
        await start(pilot)
        assert app.live is not None
        for press in range(300):
            session = app.live.session
            if session.position.phase == "summary":
                break
            if isinstance(app.screen, ChoiceScreen):
                await pilot.press("1")
                continue
            voting = session.open_round()
            if voting is not None and not voting.votes_in:
                await pilot.press(str(1 + press % 2), "1", "2")  # a split room, no tie
            await pilot.press("space")
        else:
            raise AssertionError(f"{path.name} never reached the summary")
        assert "The record is saved" in screen_text(app)
        assert app.live.record is not None
        saved = load_session(app.live.record)
    assert saved.finished
    assert saved.info.scenario_basis == "example"
    assert len(saved.visits) >= 4
