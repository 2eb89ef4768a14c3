"""Pulling the plug loses nothing that was on screen.

A scripted session runs in its own process and is killed with SIGKILL at a
random moment (after a random number of acknowledged keys, plus a random few
milliseconds, so kills land inside writes too). After each kill the record
loads, holds every vote and note the screen had acknowledged, and `resume`
carries on from it. 10 kills in the default run, 100 more under `-m slow`.
"""

from __future__ import annotations

import asyncio
import json
import random
import subprocess
import sys
import time
from pathlib import Path
from typing import Any

import pytest

from tests.conftest import DATA, REPO, TODAY
from tests.crash_child import SCRIPT
from tests.tui.conftest import make_services
from workshop.launch import ResumeSession
from workshop.storage.resume import plan_resume
from workshop.storage.sessions import list_sessions, load_session
from workshop.tui.app import WorkshopApp
from workshop.tui.screens.session import SessionScreen

CHILD = REPO / "tests/crash_child.py"


def run_and_kill(data_dir: Path, seed: int) -> dict[str, Any] | None:
    """Run the scripted session, kill it at a random point; the last acknowledgement."""
    rng = random.Random(seed)
    kill_after = rng.randint(1, len(SCRIPT))
    delay = rng.uniform(0, 0.03)
    process = subprocess.Popen(
        [sys.executable, str(CHILD), str(data_dir), str(DATA / "valid/minimal.toml")],
        stdout=subprocess.PIPE,
        text=True,
        cwd=REPO,
    )
    assert process.stdout is not None
    last: dict[str, Any] | None = None
    seen = 0
    try:
        for line in process.stdout:
            if line.startswith("ACK "):
                last = json.loads(line[4:])
                seen += 1
                if seen >= kill_after:
                    break
            elif line.startswith("DONE"):
                break
        time.sleep(delay)
    finally:
        process.kill()
        process.wait(timeout=30)
    return last


def check_kill(tmp_path: Path, seed: int) -> None:
    data_dir = tmp_path / f"run-{seed}"
    acknowledged = run_and_kill(data_dir, seed)
    assert acknowledged is not None, f"seed {seed}: the app never acknowledged a key"
    record = Path(acknowledged["record"])
    stored = list_sessions(data_dir / "sessions")
    assert [s.error for s in stored] == [None], f"seed {seed}: {stored}"
    session = load_session(record)
    votes = sum(r.votes_in for v in session.visits for r in v.rounds)
    notes = [n.text for v in session.visits for n in v.notes]
    assert votes >= acknowledged["votes"], f"seed {seed}: votes lost"
    assert set(acknowledged["notes"]) <= set(notes), f"seed {seed}: notes lost"

    plan = plan_resume(record, session, data_dir / "sessions", TODAY)
    assert plan.problem is None
    assert not plan.needs_consent
    resumed = WorkshopApp(make_services(data_dir), ResumeSession(plan))

    async def carry_on() -> None:
        async with resumed.run_test(size=(80, 24)) as pilot:
            await pilot.pause()
            assert isinstance(resumed.screen, SessionScreen)
            assert resumed.live is not None
            assert resumed.live.session.position == session.position
            assert resumed.live.session.visits == session.visits
            await pilot.press("space")
            await pilot.pause()
            voting = resumed.live.session.current_round()
            if voting is not None and voting.open and not voting.votes_in:
                await pilot.press("space")  # closing a vote with no votes takes a second press
                await pilot.pause()

    asyncio.run(carry_on())
    after = load_session(record)
    assert after.position != session.position, f"seed {seed}: resume did not move on"
    assert set(notes) <= {n.text for v in after.visits for n in v.notes}


@pytest.mark.parametrize("seed", range(10))
def test_a_kill_at_a_random_moment_loses_nothing_acknowledged(tmp_path: Path, seed: int) -> None:
    check_kill(tmp_path, seed)


@pytest.mark.slow
@pytest.mark.parametrize("seed", range(100, 200))
def test_many_more_kills(tmp_path: Path, seed: int) -> None:
    check_kill(tmp_path, seed)
