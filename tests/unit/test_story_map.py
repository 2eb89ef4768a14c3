"""The branch map: every stage, every way out of it, and what the checker warns of."""

from __future__ import annotations

from tests.conftest import DATA, STORIES, TODAY
from tests.factories import load
from workshop.domain.story_map import Branch, branch_map
from workshop.storage.scenarios import read_scenario


def test_each_stage_lists_where_its_options_lead_grouped_by_where() -> None:
    stages = branch_map(load(STORIES / "sam-crisis-to-safety-plan.toml"))
    first = stages[0]
    assert first.branches == (
        Branch("options 1, 2 and 4", "liaison-assessment"),
        Branch("option 3", "crisis-team-at-home"),
    )
    assert stages[-1].branches == (Branch("then", None),)
    assert all(s.reachable and s.reaches_end for s in stages)


def test_a_stage_nothing_leads_to_is_marked_unreachable() -> None:

    scenario = read_scenario(DATA / "warnings/unreachable-stage.toml", TODAY).scenario
    assert scenario is not None
    marked = [(s.stage_id, s.reachable) for s in branch_map(scenario)]
    assert marked == [("one", True), ("two", False), ("three", True)]


def test_stages_that_only_loop_are_marked_as_never_reaching_the_end() -> None:

    scenario = read_scenario(DATA / "warnings/story-loops.toml", TODAY).scenario
    assert scenario is not None
    assert [s.reaches_end for s in branch_map(scenario)] == [False, False]
