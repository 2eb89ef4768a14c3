"""Every path through every bundled example reaches the end, whatever the room chooses.

The story is walked through the session's own transitions: at each question
every option in turn is taken (a depth-first walk over the branches), so a
branch that leads nowhere, or a stage a branch skips, shows up here.
"""

from __future__ import annotations

from pathlib import Path

import pytest

from tests.conftest import REPO
from tests.factories import load, session_for
from workshop.domain.events import apply_all
from workshop.domain.scenario import Scenario
from workshop.domain.session import Session
from workshop.domain.transitions import ChoiceNeeded, choose_option, next_step

BUNDLED = sorted((REPO / "scenarios").glob("*.toml"))


def walk(scenario: Scenario, session: Session, paths: list[list[str]]) -> None:
    """Step on; at each choice, try every option, one walk each."""
    for _ in range(500):
        if session.position.phase == "summary":
            paths.append([v.stage_id for v in session.visits])
            return
        step = next_step(scenario, session, 0.0)
        if isinstance(step, ChoiceNeeded):
            for option in step.options:
                chosen = apply_all(session, choose_option(scenario, session, option, 0.0))
                walk(scenario, chosen, paths)
            return
        session = apply_all(session, step)
    raise AssertionError("a walk never reached the summary")


@pytest.mark.parametrize("path", BUNDLED, ids=lambda p: p.stem)
def test_every_path_through_the_example_reaches_the_end(path: Path) -> None:
    scenario = load(path)
    paths: list[list[str]] = []
    walk(scenario, session_for(scenario), paths)
    assert paths
    visited = {stage for walked in paths for stage in walked}
    assert visited == {s.id for s in scenario.stages}, "every stage is on some path"
    branching = any(o.next for s in scenario.stages if s.question for o in s.question.options)
    assert branching, "each example branches"
    assert len({tuple(p) for p in paths}) >= 2
