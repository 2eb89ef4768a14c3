"""A round with no votes: the facilitator closed it (a re-vote skipped) before anyone voted.

The app records the round all the same. Every report says "No votes were
entered" for it and shows no split, no shares and no movement: an empty
re-vote is not everyone changing their mind. The CSV leaves such a round out,
because its rows would all be 0.
"""

from __future__ import annotations

import csv
import io

from tests.unit.test_report_html import Page
from tests.unit.test_report_sessions import Player, fixture_scenario, fresh_session, played_session
from workshop.domain.session import Session
from workshop.report.compare import compare_html, compare_markdown
from workshop.report.csv_export import session_csv
from workshop.report.html import session_html
from workshop.report.markdown import session_markdown
from workshop.report.model import session_view

REVOTE_SKIPPED = "No votes were entered in the re-vote."
ROUND_SKIPPED = "No votes were entered in this round."


def skipped_revote(**info: object) -> Session:
    """Stage 1 voted on, its re-vote closed with no votes; the rest played to the end."""
    scenario = fixture_scenario()
    player = Player(scenario, fresh_session(scenario, **info))
    player.to("vote")
    player.votes((1, "professional", 4), (2, "lived_experience", 3), (3, "carer", 1))
    player.to("revote")
    player.wait(2)
    player.to("notes")
    player.forward()  # stage 2
    player.to("vote")
    player.votes((1, "professional", 3))
    player.to("summary", choice=1)
    return player.session


def skipped_vote() -> Session:
    """Stage 1's first vote closed with no votes, its re-vote with some."""
    scenario = fixture_scenario()
    player = Player(scenario, fresh_session(scenario))
    player.to("vote")
    player.to("revote", choice=2)
    player.votes((1, "professional", 3), (2, "professional", 2))
    player.to("summary", choice=1)
    return player.session


def opened_vote() -> Session:
    """Stopped with stage 1's vote open and nothing entered yet."""
    scenario = fixture_scenario()
    player = Player(scenario, fresh_session(scenario))
    player.to("vote")  # the vote is open
    return player.session


def test_the_fixtures_record_an_empty_round() -> None:
    revote = skipped_revote().visits[0].round(2)
    assert revote is not None
    assert not revote.open
    assert revote.entries == ()
    vote = skipped_vote().visits[0].round(1)
    assert vote is not None
    assert not vote.open
    assert vote.entries == ()
    still_open = opened_vote().visits[0].round(1)
    assert still_open is not None
    assert still_open.open
    assert still_open.entries == ()


def test_an_empty_round_has_no_movement_either_way() -> None:
    for session in (skipped_revote(), skipped_vote()):
        stage = session_view(session, fixture_scenario()).stages[0]
        assert [r.empty for r in stage.rounds] in ([False, True], [True, False])
        assert stage.movement == ()
    played = session_view(played_session(), fixture_scenario()).stages[0]
    assert len(played.movement) == 3  # a re-vote with votes still has its movement


def test_markdown_says_no_votes_were_entered_instead_of_figures() -> None:
    text = session_markdown(skipped_revote(), fixture_scenario())
    revote = text.split("### Re-vote\n\n", 1)[1].split("\n\n", 1)[0]
    assert revote == REVOTE_SKIPPED
    assert "Movement" not in text
    assert "Change" not in text
    assert "(–)" not in text
    assert "| Voters | 3 | 4 | 8 |" not in text.split("### Re-vote")[1]
    first = session_markdown(skipped_vote(), fixture_scenario())
    assert f"### Vote\n\n{ROUND_SKIPPED}\n" in first
    assert "### Re-vote\n\n| Option |" in first
    assert "Movement" not in first


def test_markdown_of_a_vote_still_open_with_nothing_in_it() -> None:
    text = session_markdown(opened_vote(), fixture_scenario())
    assert (
        "### Vote (vote still open: the counts so far)\n\n"
        "No votes have been entered in this round yet.\n"
    ) in text


def test_html_says_no_votes_were_entered_and_draws_no_chart_for_the_round() -> None:
    document = session_html(skipped_revote(), fixture_scenario())
    page = Page(document)
    assert page.errors == []
    assert REVOTE_SKIPPED in page.texts("p")
    assert 'id="s1-r2"' in document
    revote = document.split('id="s1-r2"', 1)[1].split("</section>", 1)[0]
    assert "<svg" not in revote
    assert "<table" not in revote
    assert "s1-moved" not in document
    assert "Movement" not in document
    assert not any(c.title.startswith("Re-vote") for c in page.charts)
    assert len(page.charts) == 3 + 2  # stage 1's vote and stage 3's, nothing else
    opened = Page(session_html(opened_vote(), fixture_scenario()))
    assert "No votes have been entered in this round yet." in opened.texts("p")
    assert opened.charts == []


def test_csv_leaves_out_an_empty_round() -> None:
    rows = list(csv.DictReader(io.StringIO(session_csv(skipped_revote(), fixture_scenario()))))
    first_call = [r for r in rows if r["stage_id"] == "first-call"]
    assert {r["round"] for r in first_call} == {"1"}
    assert sum(int(r["votes"]) for r in first_call if r["group"] == "all") == 8
    rows = list(csv.DictReader(io.StringIO(session_csv(skipped_vote(), fixture_scenario()))))
    assert {r["round"] for r in rows if r["stage_id"] == "first-call"} == {"2"}
    assert session_csv(opened_vote(), fixture_scenario()).count("\n") == 1  # the header alone


def test_the_csv_docstring_says_empty_rounds_have_no_rows() -> None:
    from workshop.report import csv_export

    assert csv_export.__doc__ is not None
    assert "no votes at all" in csv_export.__doc__
    assert "has no rows" in csv_export.__doc__


def test_a_comparison_names_the_cohort_that_entered_no_votes() -> None:
    sessions = [played_session(), skipped_revote(session_id="fedcba98", cohort="Cohort 4")]
    text = compare_markdown(sessions, fixture_scenario())
    revote = text.split("## The first call", 1)[1].split("### Re-vote", 1)[1].split("##", 1)[0]
    assert "| Cohort 4, 2026-11-29 09:30 |" not in revote
    assert "| Cohort 3, adult social care, 2026-11-29 09:30 | All votes |" in revote
    assert f"- Cohort 4, 2026-11-29 09:30: {REVOTE_SKIPPED}" in revote
    assert "(–)" not in text
    document = compare_html(sessions, fixture_scenario())
    page = Page(document)
    assert page.errors == []
    revotes = [c for c in page.charts if c.title.startswith("Re-vote")]
    assert len(revotes) == 3
    for chart in revotes:
        assert chart.texts[2:] == ["Cohort 4, 2026-11-29 09:30", "no votes"]
        assert len(chart.bars) == 1  # Cohort 3's; Cohort 4's track stays empty
    assert "0 of 0" not in document
    assert f"Cohort 4, 2026-11-29 09:30: {REVOTE_SKIPPED}" in page.texts("p")


def test_a_round_no_cohort_voted_in_has_no_chart_or_table() -> None:
    sessions = [
        skipped_revote(),
        skipped_revote(session_id="fedcba98", cohort="Cohort 4"),
    ]
    text = compare_markdown(sessions, fixture_scenario())
    revote = text.split("### Re-vote\n\n", 1)[1].split("\n\n", 1)[0]
    assert revote == (
        f"- Cohort 3, adult social care, 2026-11-29 09:30: {REVOTE_SKIPPED}\n"
        f"- Cohort 4, 2026-11-29 09:30: {REVOTE_SKIPPED}"
    )
    document = compare_html(sessions, fixture_scenario())
    assert Page(document).errors == []
    section = document.split('id="c1-r2"', 1)[1].split("</section>", 1)[0]
    assert "<svg" not in section
    assert "<table" not in section
    assert section.count('<p class="no-votes">') == 2
