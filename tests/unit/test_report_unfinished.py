"""A session that has not finished can be reported, and every report says so."""

from __future__ import annotations

import csv
import io

from tests.unit.test_report_sessions import (
    Player,
    fixture_scenario,
    fresh_session,
    played_session,
    unfinished_session,
)
from workshop.report.csv_export import session_csv
from workshop.report.html import session_html
from workshop.report.markdown import session_markdown


def test_markdown_marks_the_session_the_stage_and_the_open_vote() -> None:
    text = session_markdown(unfinished_session(), fixture_scenario())
    assert (
        "- Status: Unfinished: the session stopped at the vote of stage 3 (The review). "
        "The vote is still open."
    ) in text
    assert "**Unfinished:** the session stopped here, at the vote." in text
    assert "### Vote (vote still open: the counts so far)" in text
    assert "- Chosen: no choice recorded" in text


def test_a_finished_session_has_no_unfinished_marks() -> None:
    text = session_markdown(played_session(), fixture_scenario())
    assert "- Status: Finished." in text
    assert "nfinished" not in text.replace("- Status: Finished.", "")
    assert "still open" not in text


def test_csv_has_the_counts_so_far_and_nothing_chosen() -> None:
    rows = list(csv.DictReader(io.StringIO(session_csv(unfinished_session(), None))))
    last = [r for r in rows if r["stage_id"] == "review"]
    assert [(r["option"], r["group"], r["votes"], r["chosen"]) for r in last] == [
        ("1", "all", "2", "false"),
        ("2", "all", "2", "false"),
    ]


def test_a_session_stopped_before_the_first_stage_reports_what_there_is() -> None:
    scenario = fixture_scenario()
    player = Player(scenario, fresh_session(scenario))
    player.to("content_note")
    session = player.session
    text = session_markdown(session, scenario)
    assert "- Status: Unfinished: the session stopped at the content note." in text
    assert "## Take-aways\n\nNone recorded." in text
    assert session_csv(session, scenario).count("\n") == 1  # the header alone
    assert "Unfinished: the session stopped at the content note." in session_html(session, scenario)


def test_a_session_stopped_in_the_closing_steps_is_still_unfinished() -> None:
    scenario = fixture_scenario()
    player = Player(scenario, fresh_session(scenario))
    player.to("debrief", choice=1)
    text = session_markdown(player.session, scenario)
    assert "- Status: Unfinished: the session stopped at the debrief." in text
