"""Comparing cohorts: the same scenario, each cohort's split side by side.

Records of different scenarios are refused with a clear error rather than
grouped: their stages and options do not line up.
"""

from __future__ import annotations

import csv
import io
from collections.abc import Callable, Sequence

import pytest

from tests.factories import minimal, session_for
from tests.unit.test_report_sessions import (
    Player,
    fixture_scenario,
    fresh_session,
    other_cohort,
    played_session,
)
from workshop.domain.scenario import Scenario
from workshop.domain.session import Session
from workshop.report.compare import compare, compare_csv, compare_html, compare_markdown
from workshop.report.csv_export import session_csv
from workshop.report.model import MixedScenariosError

Export = Callable[[Sequence[Session], Scenario | None], str]
EXPORTS = [compare_markdown, compare_html, compare_csv]


def test_each_stage_lists_every_cohort_that_reached_it_in_the_scenario_order() -> None:
    comparison = compare([played_session(), other_cohort()], fixture_scenario())
    assert [s.stage_id for s in comparison.stages] == ["first-call", "quiet-week", "review"]
    first = comparison.stages[0]
    assert [v.label for v in first.visits] == [
        "Cohort 3, adult social care, 2026-11-29 09:30",
        "Cohort 4, student nurses, 2026-11-29 09:30",
    ]
    assert first.rounds == (1, 2)


def test_the_markdown_puts_the_cohorts_side_by_side_per_option() -> None:
    text = compare_markdown([played_session(), other_cohort()], fixture_scenario())
    assert "| Cohort | Group | 1 | 2 | 3 | Voters |" in text
    assert (
        "| Cohort 3, adult social care, 2026-11-29 09:30 | All votes | 5 (42%) | 4 (33%) | "
        "3 (25%) | 12 |"
    ) in text
    assert (
        "| Cohort 4, student nurses, 2026-11-29 09:30 | All votes | 4 (40%) | 6 (60%) | "
        "0 (0%) | 10 |"
    ) in text
    assert "- Cohort 4, student nurses, 2026-11-29 09:30: 2. Go through the" in text


def test_the_csv_of_a_comparison_is_the_rows_of_each_session_under_one_header() -> None:
    sessions = [played_session(), other_cohort()]
    combined = compare_csv(sessions, fixture_scenario())
    first, second = (session_csv(s, fixture_scenario()) for s in sessions)
    assert combined == first + second.split("\n", 1)[1]
    ids = {row["session_id"] for row in csv.DictReader(io.StringIO(combined))}
    assert ids == {"0123456789abcdef", "fedcba9876543210"}


@pytest.mark.parametrize("export", EXPORTS)
def test_records_of_different_scenarios_are_refused_naming_both(export: Export) -> None:
    sessions = [played_session(), session_for(minimal())]
    with pytest.raises(MixedScenariosError) as raised:
        export(sessions, None)
    message = str(raised.value)
    assert "report-fixture (1 record)" in message
    assert "minimal (1 record)" in message
    assert "one scenario at a time" in message


def test_a_stage_only_one_cohort_reached_says_who_did_not() -> None:
    scenario = fixture_scenario()
    player = Player(scenario, fresh_session(scenario, session_id="aaaa0000", cohort="Cohort 5"))
    player.to("vote")
    player.votes((1, "professional", 3))
    stopped = player.session
    text = compare_markdown([played_session(), stopped], scenario)
    assert "Not reached by: Cohort 5, 2026-11-29 09:30." in text
    assert "| Cohort 5, 2026-11-29 09:30 (vote still open) | Professional |" in text


def test_sessions_that_would_look_the_same_are_told_apart_by_their_id() -> None:
    scenario = fixture_scenario()
    twin = fresh_session(scenario, session_id="99999999aaaa")
    comparison = compare([played_session(), twin], scenario)
    assert comparison.labels == (
        "Cohort 3, adult social care, 2026-11-29 09:30 (01234567)",
        "Cohort 3, adult social care, 2026-11-29 09:30 (99999999)",
    )


def test_without_the_scenario_file_options_are_numbered() -> None:
    text = compare_markdown([played_session(), other_cohort()], None)
    assert "## first-call" in text
    assert "Option 1" not in text.split("### Vote")[0]
    assert "- Cohort 3, adult social care, 2026-11-29 09:30: Option 1 (by majority vote)" in text
