"""`workshop preview`: the scenario as a session shows it, redrawn each time the file is saved.

The file is changed on disk while the preview runs, in place and as editors
do it (a new file renamed over the old one); the preview stays on the stage
being edited, lists errors as `workshop check` prints them over the last
good drawing, and does nothing at all while the file is left alone.
"""

from __future__ import annotations

import asyncio
import os
import shutil
from pathlib import Path

from textual.pilot import Pilot
from textual.widgets import OptionList

from tests.conftest import STORIES
from tests.tui.conftest import make_services
from tests.tui.driver import until
from tests.tui.test_rules import drawn, screen_text
from workshop.launch import PreviewFile
from workshop.tui.app import WorkshopApp
from workshop.tui.screens.branch_map import BranchMapScreen
from workshop.tui.screens.preview import PreviewScreen

SAM = STORIES / "sam-crisis-to-safety-plan.toml"


def preview_app(tmp_path: Path) -> tuple[WorkshopApp, Path]:
    path = tmp_path / "scenarios" / "sam.toml"
    path.parent.mkdir()
    shutil.copy(SAM, path)
    return WorkshopApp(make_services(tmp_path / "data"), PreviewFile(path)), path


def edit(path: Path, old: str, new: str, *, rename: bool = False) -> None:
    text = path.read_text("utf-8")
    assert old in text
    if rename:  # as vim, VS Code and JetBrains save: a new file renamed over the old one
        fresh = path.with_name(f".{path.name}.swp")
        fresh.write_text(text.replace(old, new), "utf-8")
        os.replace(fresh, path)
    else:
        path.write_text(text.replace(old, new), "utf-8")


def flat(text: str) -> str:
    """Text as one line: the words, whatever the wrapping."""
    return " ".join(text.split())


def screen(app: WorkshopApp) -> PreviewScreen:
    assert isinstance(app.screen, PreviewScreen)
    return app.screen


async def to_second_stage(pilot: Pilot[None], app: WorkshopApp) -> None:
    await pilot.pause()
    screen(app).jump_to("liaison-assessment")
    await pilot.pause()
    assert "3 a.m." in screen_text(app)


async def test_a_saved_change_appears_on_the_stage_being_edited(tmp_path: Path) -> None:
    app, path = preview_app(tmp_path)
    async with app.run_test(size=(120, 40)) as pilot:
        await to_second_stage(pilot, app)
        edit(path, "sees Sam just before 3 a.m.", "sees Sam at nearly 4 a.m.")
        await until(pilot, lambda: "at nearly 4 a.m." in screen_text(app), "the edit in place")
        edit(path, "at nearly 4 a.m.", "well after 4 a.m.", rename=True)
        await until(pilot, lambda: "well after 4 a.m." in screen_text(app), "the renamed save")
        live = screen(app).live
        assert live is not None
        visit = live.session.current_visit
        assert visit is not None
        assert visit.stage_id == "liaison-assessment"


async def test_errors_are_listed_over_the_last_good_drawing_and_clear_when_fixed(
    tmp_path: Path,
) -> None:
    app, path = preview_app(tmp_path)
    async with app.run_test(size=(120, 40)) as pilot:
        await to_second_stage(pilot, app)
        edit(path, 'title = "3 a.m.: the liaison nurse"', 'titel = "3 a.m.: the liaison nurse"')
        line = next(
            n for n, text in enumerate(path.read_text().splitlines(), 1) if text.startswith("titel")
        )
        expected = f"{path}:{line}:1: error: stages[2].titel: unknown key 'titel'"
        await until(pilot, lambda: expected in flat(screen_text(app)), "the error with its line")
        assert "sees Sam just before 3 a.m." in screen_text(app)  # the last good drawing stays
        said = "1 error: the drawing below is the last version without errors"
        assert said in flat(screen_text(app))
        edit(path, 'titel = "3 a.m.', 'title = "3 a.m.')
        await until(pilot, lambda: "unknown key" not in screen_text(app), "the error cleared")
        assert not app.screen.query_one("#problems").display


async def test_a_file_moved_away_is_said_and_picked_up_when_it_returns(tmp_path: Path) -> None:
    app, path = preview_app(tmp_path)
    async with app.run_test(size=(120, 40)) as pilot:
        await pilot.pause()
        away = path.with_name("elsewhere.toml")
        path.rename(away)
        await until(pilot, lambda: "is not there" in screen_text(app), "the file gone")
        text = away.read_text().replace("Sunday night in A&E", "Back on Sunday night")
        away.unlink()
        path.write_text(text)
        await until(pilot, lambda: "Back on Sunday night" in screen_text(app), "the file back")
        assert "is not there" not in screen_text(app)


async def test_the_preview_does_nothing_while_the_file_is_left_alone(tmp_path: Path) -> None:
    app, _ = preview_app(tmp_path)
    async with app.run_test(size=(120, 40)) as pilot:
        await pilot.pause(0.5)
        shown = screen(app)
        reads, renders = shown.reads, shown.renders
        await asyncio.sleep(3)  # idle: no timer, no poll, nothing
        await pilot.pause()
        assert (shown.reads, shown.renders) == (reads, renders)


async def test_the_branch_map_jumps_to_a_stage(tmp_path: Path) -> None:
    app, _ = preview_app(tmp_path)
    async with app.run_test(size=(100, 40)) as pilot:
        await pilot.pause()
        await pilot.press("m")
        assert isinstance(app.screen, BranchMapScreen)
        text = flat(drawn(app.screen.query_one(OptionList)))
        assert "options 1, 2 and 4 → 2. 3 a.m.: the liaison nurse" in text
        await pilot.press("down", "down", "enter")
        await pilot.pause()
        live = screen(app).live
        assert live is not None
        assert live.session.current_visit is not None
        assert live.session.current_visit.stage_id == "crisis-team-at-home"


async def test_each_stage_says_whether_it_fits_and_how_its_voices_balance(
    tmp_path: Path,
) -> None:
    app, _ = preview_app(tmp_path)
    async with app.run_test(size=(120, 40)) as pilot:
        await pilot.pause()
        text = " ".join(screen_text(app).split())
        assert "At 80x24, the lived-experience perspective is" in text
        assert "Fits 200x60 without scrolling." in text
        assert "Airtime lived experience" in text
        assert ": 1 (balanced)" in text


async def test_z_shows_the_step_as_projected_at_80x24(tmp_path: Path) -> None:
    app, _ = preview_app(tmp_path)
    async with app.run_test(size=(160, 48)) as pilot:
        await pilot.pause()
        await pilot.press("z")
        await pilot.pause()
        assert "as projected at 80x24" in screen_text(app)
        body = app.screen.query_one("#body")
        assert body.size.width <= 80
