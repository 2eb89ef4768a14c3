"""`workshop resume`: back on the exact step, round and vote state where it stopped."""

from __future__ import annotations

import shutil
import subprocess
import sys
from pathlib import Path

from tests.conftest import DATA, TODAY
from tests.tui.conftest import make_services
from workshop.launch import ResumeSession, RunFile
from workshop.storage.resume import latest_unfinished, plan_resume
from workshop.storage.sessions import archived_scenario_path, load_session
from workshop.tui.app import WorkshopApp
from workshop.tui.screens.resume import ResumeConsentScreen
from workshop.tui.screens.session import SessionScreen


async def interrupted_session(tmp_path: Path) -> tuple[Path, Path]:
    """A session stopped mid-vote: 3 votes in, the vote still open. Returns (scenario, record)."""
    scenario = tmp_path / "story.toml"
    shutil.copy(DATA / "valid/minimal.toml", scenario)
    app = WorkshopApp(make_services(tmp_path / "data"), RunFile(scenario))
    async with app.run_test(size=(80, 24)) as pilot:
        await pilot.pause()
        await pilot.press("ctrl+s")
        for _ in range(3):
            await pilot.press("space")
        assert app.live is not None
        assert app.live.session.position.phase == "vote"
        await pilot.press("1", "2", "g", "2", "q")
        record = app.live.record
    return scenario, record


def resume_app(tmp_path: Path) -> WorkshopApp:
    folder = tmp_path / "data" / "sessions"
    latest = latest_unfinished(folder)
    assert latest is not None
    assert latest.session is not None
    plan = plan_resume(latest.path, latest.session, folder, TODAY)
    assert plan.problem is None, plan.problem
    return WorkshopApp(make_services(tmp_path / "data"), ResumeSession(plan))


async def test_resume_continues_the_open_vote_where_it_stopped(tmp_path: Path) -> None:
    _, record = await interrupted_session(tmp_path)
    app = resume_app(tmp_path)
    async with app.run_test(size=(80, 24)) as pilot:
        await pilot.pause()
        assert isinstance(app.screen, SessionScreen)
        assert app.live is not None
        assert app.live.record == record
        voting = app.live.session.current_round()
        assert voting is not None
        assert voting.open
        assert voting.votes_in == 3
        await pilot.press("1", "space")
        session = app.live.session
    assert session.position.phase == "results"
    assert session.visits[0].rounds[0].votes_in == 4
    assert load_session(record) == session


async def test_a_changed_file_resumes_against_the_version_the_session_started_with(
    tmp_path: Path,
) -> None:
    scenario, record = await interrupted_session(tmp_path)
    started = load_session(record)
    assert archived_scenario_path(tmp_path / "data/sessions", started.info.scenario_sha256).exists()
    scenario.write_text(scenario.read_text().replace("A minimal scenario", "Renamed"))
    app = resume_app(tmp_path)
    assert isinstance(app.start, ResumeSession)
    assert app.start.plan.note is not None
    async with app.run_test(size=(80, 24)) as pilot:
        await pilot.pause()
        assert app.live is not None
        assert app.live.scenario.title == "A minimal scenario"


async def test_without_the_old_version_the_facilitator_is_asked_first(tmp_path: Path) -> None:
    scenario, record = await interrupted_session(tmp_path)
    shutil.rmtree(tmp_path / "data/sessions/scenarios")
    scenario.write_text(scenario.read_text().replace("A minimal scenario", "Renamed"))
    app = resume_app(tmp_path)
    async with app.run_test(size=(80, 24)) as pilot:
        await pilot.pause()
        assert isinstance(app.screen, ResumeConsentScreen)
        assert isinstance(app.start, ResumeSession)
        assert load_session(record).clock == app.start.plan.session.clock
        await pilot.press("y")
        await pilot.pause()
        assert isinstance(app.screen, SessionScreen)
        assert app.live is not None
        assert app.live.scenario.title == "Renamed"


async def test_a_record_that_no_longer_fits_the_file_is_not_resumed(tmp_path: Path) -> None:
    scenario, record = await interrupted_session(tmp_path)
    shutil.rmtree(tmp_path / "data/sessions/scenarios")
    scenario.write_text(scenario.read_text().replace('id = "one"', 'id = "first"'))
    session = load_session(record)
    plan = plan_resume(record, session, tmp_path / "data/sessions", TODAY)
    assert plan.problem is not None
    assert "stage 'one' (visit 1) is no longer in the file" in plan.problem


def test_resume_with_nothing_to_resume_says_so(tmp_path: Path) -> None:
    result = subprocess.run(
        [sys.executable, "-m", "workshop", "--data-dir", str(tmp_path), "resume"],
        capture_output=True,
        text=True,
        check=False,
    )
    assert result.returncode == 2
    assert result.stderr.startswith("workshop: no unfinished session in ")
    assert "Traceback" not in result.stderr
