"""What the room sees, pinned: key screens at 80x24 and at a projector size.

Clock, ids, dates, version and folders are injected (tests/tui/conftest.py),
so these pictures only change when the screens do. Update them on purpose
with `pytest tests/tui/test_snapshots.py --snapshot-update` and look at the
report before committing.
"""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path
from typing import Any

import pytest
from textual.pilot import Pilot
from textual.widgets import Input

from tests.conftest import STORIES
from tests.tui.conftest import make_services
from tests.tui.driver import library_ready
from workshop.launch import OpenLibrary, PreviewFile, RunFile
from workshop.tui.app import WorkshopApp

SAM = STORIES / "sam-crisis-to-safety-plan.toml"
# A laptop, the trial's middle size, and two projector sizes: nothing may look empty.
SIZES = [(80, 24), (100, 30), (160, 48), (200, 60)]


def app_for(
    tmp_path: Path, run_file: Path | None = None, clock: Callable[[], float] | None = None
) -> WorkshopApp:
    start = RunFile(run_file) if run_file else OpenLibrary()
    return WorkshopApp(make_services(tmp_path / "data", clock=clock), start)


def steps_to(phase: str, *keys: str, votes: tuple[str, ...] = ()) -> Any:
    """Start the session, vote if asked to, then step to `phase` and press `keys`."""

    async def run_before(pilot: Pilot[None]) -> None:
        app = pilot.app
        assert isinstance(app, WorkshopApp)
        await pilot.pause()
        await pilot.press("ctrl+s")
        await pilot.pause()
        if votes:
            for _ in range(10):
                assert app.live is not None
                if app.live.session.position.phase == "vote":
                    break
                await pilot.press("space")
            await pilot.press(*votes)
        for _ in range(40):
            assert app.live is not None
            if app.live.session.position.phase == phase:
                break
            await pilot.press("space")
        await pilot.press(*keys)
        await pilot.pause()
        steady_cursors(app)

    return run_before


def steady_cursors(app: WorkshopApp) -> None:
    """A blinking cursor would make a picture depend on the moment it is taken."""
    for box in app.screen.query(Input):
        box.cursor_blink = False


async def library_loaded(pilot: Pilot[None]) -> None:
    await library_ready(pilot)
    assert isinstance(pilot.app, WorkshopApp)
    steady_cursors(pilot.app)


@pytest.mark.parametrize("size", SIZES, ids=lambda s: f"{s[0]}x{s[1]}")
def test_library(snap_compare: Any, tmp_path: Path, size: tuple[int, int]) -> None:
    assert snap_compare(app_for(tmp_path), terminal_size=size, run_before=library_loaded)


@pytest.mark.parametrize("size", SIZES, ids=lambda s: f"{s[0]}x{s[1]}")
def test_stage_with_both_perspectives(
    snap_compare: Any, tmp_path: Path, size: tuple[int, int]
) -> None:
    votes = ("1", "1", "3", "space", "space")
    assert snap_compare(
        app_for(tmp_path, SAM), terminal_size=size, run_before=steps_to("vote", *votes)
    )


@pytest.mark.parametrize("size", SIZES, ids=lambda s: f"{s[0]}x{s[1]}")
def test_open_vote_shows_only_the_count(
    snap_compare: Any, tmp_path: Path, size: tuple[int, int]
) -> None:
    votes = ("1", "1", "g", "3", "3", "3", "g", "2")
    assert snap_compare(
        app_for(tmp_path, SAM), terminal_size=size, run_before=steps_to("vote", *votes)
    )


@pytest.mark.parametrize("size", SIZES, ids=lambda s: f"{s[0]}x{s[1]}")
def test_closed_vote_split_by_group(
    snap_compare: Any, tmp_path: Path, size: tuple[int, int]
) -> None:
    votes = ("1", "1", "1", "4", "g", "3", "3", "3", "1", "g", "1", "1", "4", "g", "2", "space")
    assert snap_compare(
        app_for(tmp_path, SAM), terminal_size=size, run_before=steps_to("vote", *votes)
    )


@pytest.mark.parametrize("size", SIZES, ids=lambda s: f"{s[0]}x{s[1]}")
def test_notes(snap_compare: Any, tmp_path: Path, size: tuple[int, int]) -> None:
    keys = ("n", *"Asked about strengths first", "enter", "escape", "p", "n", *"Hope", "enter")
    assert snap_compare(
        app_for(tmp_path, SAM),
        terminal_size=size,
        run_before=steps_to("notes", *keys, votes=("1",)),
    )


@pytest.mark.parametrize("size", SIZES, ids=lambda s: f"{s[0]}x{s[1]}")
def test_support(snap_compare: Any, tmp_path: Path, size: tuple[int, int]) -> None:
    assert snap_compare(
        app_for(tmp_path, SAM), terminal_size=size, run_before=steps_to("narrative", "s")
    )


@pytest.mark.parametrize("size", SIZES, ids=lambda s: f"{s[0]}x{s[1]}")
def test_discussion_with_its_timer(
    snap_compare: Any, tmp_path: Path, size: tuple[int, int]
) -> None:
    # A still clock: the timer's one-second tick may land while the picture is
    # taken on a busy machine, and must not move the time it shows.
    assert snap_compare(
        app_for(tmp_path, SAM, clock=lambda: 0.0),
        terminal_size=size,
        run_before=steps_to("discussion", "t", votes=("1",)),
    )


@pytest.mark.parametrize("size", SIZES, ids=lambda s: f"{s[0]}x{s[1]}")
def test_welcome(snap_compare: Any, tmp_path: Path, size: tuple[int, int]) -> None:
    assert snap_compare(app_for(tmp_path, SAM), terminal_size=size, run_before=steps_to("welcome"))


PREVIEW_SIZES = [(80, 24), (160, 48)]


def preview_of(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, broken: bool = False
) -> WorkshopApp:
    """The preview of a copy of Sam's story, named as an organiser would type it."""
    monkeypatch.chdir(tmp_path)
    text = SAM.read_text("utf-8")
    if broken:
        text = text.replace('title = "3 a.m.: the liaison nurse"', 'titel = "3 a.m."', 1)
    Path("sam.toml").write_text(text, "utf-8")
    return WorkshopApp(make_services(tmp_path / "data"), PreviewFile(Path("sam.toml")))


async def preview_ready(pilot: Pilot[None]) -> None:
    await pilot.pause()
    await pilot.pause()


@pytest.mark.parametrize("size", PREVIEW_SIZES, ids=lambda s: f"{s[0]}x{s[1]}")
def test_preview(
    snap_compare: Any, tmp_path: Path, monkeypatch: pytest.MonkeyPatch, size: tuple[int, int]
) -> None:
    app = preview_of(tmp_path, monkeypatch)
    assert snap_compare(app, terminal_size=size, run_before=preview_ready)


@pytest.mark.parametrize("size", PREVIEW_SIZES, ids=lambda s: f"{s[0]}x{s[1]}")
def test_preview_with_an_error(
    snap_compare: Any, tmp_path: Path, monkeypatch: pytest.MonkeyPatch, size: tuple[int, int]
) -> None:
    app = preview_of(tmp_path, monkeypatch, broken=True)
    assert snap_compare(app, terminal_size=size, run_before=preview_ready)


@pytest.mark.parametrize("size", PREVIEW_SIZES, ids=lambda s: f"{s[0]}x{s[1]}")
def test_branch_map(
    snap_compare: Any, tmp_path: Path, monkeypatch: pytest.MonkeyPatch, size: tuple[int, int]
) -> None:
    async def open_map(pilot: Pilot[None]) -> None:
        await preview_ready(pilot)
        await pilot.press("m")
        await pilot.pause()

    app = preview_of(tmp_path, monkeypatch)
    assert snap_compare(app, terminal_size=size, run_before=open_map)
