"""Nobody can be singled out: small groups are folded into the total in every export.

The room: 5 professionals, 3 people with lived experience, 1 carer and 2
people who gave no perspective. With the default `min_group = 3` the carer's
and the not-given votes are counted only in the total, in Markdown, HTML and
CSV alike, for one session and in a comparison. Two small groups are folded
together, so the total minus the shown groups does not give either of them.

A lone small group is different: in a room of 5 professionals, 4 people with
lived experience and 1 carer, the total minus the shown groups would be the
carer's vote. So the smallest shown group (lived experience) is folded with
the carer, and only the professionals are shown beside the total.
"""

from __future__ import annotations

import csv
import io
import re

import pytest

from tests.unit.test_report_html import Page
from tests.unit.test_report_sessions import Player, fixture_scenario, fresh_session
from workshop.domain.session import Session
from workshop.domain.tally import folded_sentence, folding_rule
from workshop.report.compare import compare_csv, compare_html, compare_markdown
from workshop.report.csv_export import session_csv
from workshop.report.html import session_html
from workshop.report.markdown import session_markdown

Votes = tuple[int, str, int]

RULE_3 = (
    "Votes are counts, never linked to a person. A perspective group with fewer than 3 voters "
    "in a round is shown only inside the total; when only one group is that small, the next "
    "smallest group is folded in with it, so that no group's votes can be worked out by "
    "subtraction."
)

ONE_CARER_ROOM: tuple[Votes, ...] = (
    (1, "professional", 3),
    (2, "professional", 2),
    (2, "lived_experience", 3),
    (3, "carer", 1),
    (1, "not_given", 1),
    (3, "not_given", 1),
)
LONE_CARER_ROOM: tuple[Votes, ...] = (
    (1, "professional", 3),
    (2, "professional", 2),
    (2, "lived_experience", 3),
    (3, "lived_experience", 1),
    (3, "carer", 1),
)


def voted(
    room: tuple[Votes, ...], min_group: int = 3, session_id: str = "0123456789abcdef"
) -> Session:
    scenario = fixture_scenario()
    player = Player(scenario, fresh_session(scenario, min_group=min_group, session_id=session_id))
    player.to("vote")
    player.votes(*room)
    player.to("results")
    return player.session


def one_carer(min_group: int = 3, session_id: str = "0123456789abcdef") -> Session:
    """5 professionals, 3 lived experience, 1 carer and 2 not given."""
    return voted(ONE_CARER_ROOM, min_group, session_id)


def lone_carer(min_group: int = 3) -> Session:
    """5 professionals, 4 lived experience and 1 carer: the carer is the only small group."""
    return voted(LONE_CARER_ROOM, min_group)


def rows(text: str) -> list[dict[str, str]]:
    return list(csv.DictReader(io.StringIO(text)))


def test_markdown_shows_the_carer_only_inside_the_total() -> None:
    text = session_markdown(one_carer(), fixture_scenario())
    assert "| Option | Lived experience | Professional | All votes |" in text
    assert (
        "| 1. Listen first, and ask what would help \\*tonight\\* | 0 (0%) | 3 (60%) | 4 (36%) |"
        in text
    )
    assert "| 3. Ask whether Jo's partner can join the call | 0 (0%) | 0 (0%) | 2 (18%) |" in text
    assert "| Voters | 3 | 5 | 11 |" in text
    assert "Carer" not in text
    assert "Not given" not in text
    assert (
        "3 votes are counted only in the total, so that no small group can be singled out." in text
    )
    assert RULE_3 in text


def test_html_has_no_carer_bar_or_column_but_counts_the_vote_in_the_total() -> None:
    page = Page(session_html(one_carer(), fixture_scenario()))
    labels = {t for chart in page.charts for t in chart.texts}
    assert not labels & {"Carer", "Not given"}
    assert not set(page.texts("th")) & {"Carer", "Not given"}
    option_3 = page.charts[2]
    assert option_3.texts == [
        "Lived experience",
        "0 of 3 · 0%",
        "Professional",
        "0 of 5 · 0%",
        "All votes",
        "2 of 11 · 18%",
    ]
    paragraphs = page.texts("p")
    assert "3 votes are counted only in the total, so that no small group can be singled out." in (
        paragraphs
    )
    assert RULE_3 in paragraphs


def test_csv_has_no_carer_rows_and_the_total_row_holds_the_vote() -> None:
    table = rows(session_csv(one_carer(), fixture_scenario()))
    assert {r["group"] for r in table} == {"lived_experience", "professional", "all"}
    option_3 = {r["group"]: int(r["votes"]) for r in table if r["option"] == "3"}
    assert option_3 == {"lived_experience": 0, "professional": 0, "all": 2}


def test_markdown_folds_the_smallest_shown_group_with_a_lone_carer() -> None:
    text = session_markdown(lone_carer(), fixture_scenario())
    assert "| Option | Professional | All votes |" in text
    assert "| 2. Go through the \\<crisis plan\\> & the next steps | 2 (40%) | 5 (50%) |" in text
    assert "| 3. Ask whether Jo's partner can join the call | 0 (0%) | 2 (20%) |" in text
    assert "| Voters | 5 | 10 |" in text
    assert "Lived experience" not in text
    assert "Carer" not in text
    assert (
        "5 votes are counted only in the total, so that no small group can be singled out." in text
    )
    assert "The groups differ most" not in text


def test_html_folds_the_smallest_shown_group_with_a_lone_carer() -> None:
    page = Page(session_html(lone_carer(), fixture_scenario()))
    labels = {t for chart in page.charts for t in chart.texts}
    assert not labels & {"Carer", "Lived experience"}
    assert not set(page.texts("th")) & {"Carer", "Lived experience"}
    assert [chart.texts for chart in page.charts[:3]] == [
        ["Professional", "3 of 5 · 60%", "All votes", "3 of 10 · 30%"],
        ["Professional", "2 of 5 · 40%", "All votes", "5 of 10 · 50%"],
        ["Professional", "0 of 5 · 0%", "All votes", "2 of 10 · 20%"],
    ]
    assert "groups differ most here" not in page.texts("span")
    assert "5 votes are counted only in the total, so that no small group can be singled out." in (
        page.texts("p")
    )


def test_csv_folds_the_smallest_shown_group_so_the_carer_cannot_be_worked_out() -> None:
    table = rows(session_csv(lone_carer(), fixture_scenario()))
    assert {r["group"] for r in table} == {"professional", "all"}
    by_option: dict[str, dict[str, int]] = {}
    for row in table:
        by_option.setdefault(row["option"], {})[row["group"]] = int(row["votes"])
    left_over = {o: c["all"] - c["professional"] for o, c in by_option.items()}
    carer = {"1": 0, "2": 0, "3": 1}
    lived_experience = {"1": 0, "2": 3, "3": 1}
    assert left_over == {o: carer[o] + lived_experience[o] for o in carer}
    assert left_over != carer


def test_the_threshold_is_the_one_recorded_with_the_session() -> None:
    assert "| Carer |" in session_markdown(one_carer(min_group=1), fixture_scenario())
    stricter = session_markdown(one_carer(min_group=4), fixture_scenario())
    assert "| Option | Professional | All votes |" in stricter
    assert "6 votes are counted only in the total, so that no small group can be singled out." in (
        stricter
    )
    assert RULE_3.replace("fewer than 3 voters", "fewer than 4 voters") in stricter
    assert RULE_3 not in stricter
    groups = {r["group"] for r in rows(session_csv(one_carer(min_group=4), None))}
    assert groups == {"professional", "all"}


def test_with_min_group_1_nothing_is_folded_and_the_words_say_so() -> None:
    text = session_markdown(one_carer(min_group=1), fixture_scenario())
    assert "| Carer |" in text
    assert "Every perspective group is shown on its own, however few voted in it" in text
    assert "fewer than 1" not in text
    assert "counted only in the total" not in text


@pytest.mark.parametrize("min_group", [1, 2, 3, 4, 6])
def test_shown_groups_add_up_to_the_total_only_when_nothing_is_folded(min_group: int) -> None:
    table = rows(session_csv(one_carer(min_group=min_group), None))
    by_option: dict[str, dict[str, int]] = {}
    for row in table:
        by_option.setdefault(row["option"], {})[row["group"]] = int(row["votes"])
    for counts in by_option.values():
        total = counts.pop("all")
        assert sum(counts.values()) <= total
        if min_group == 1:
            assert sum(counts.values()) == total


@pytest.mark.parametrize("room", [ONE_CARER_ROOM, LONE_CARER_ROOM], ids=["one-carer", "lone"])
@pytest.mark.parametrize("min_group", [1, 2, 3, 4, 5, 6])
def test_a_folded_group_is_never_folded_alone(room: tuple[Votes, ...], min_group: int) -> None:
    """With one group folded, the total minus the shown groups would give its votes."""
    in_room = {group for _, group, _ in room}
    shown = {r["group"] for r in rows(session_csv(voted(room, min_group), None))} - {"all"}
    assert shown <= in_room
    assert len(in_room - shown) != 1


def test_folded_groups_do_not_mark_where_the_groups_differ_and_a_tie_marks_each_option() -> None:
    """The carer and the not-given voter both chose option 3; only the shown groups count."""
    room = (
        (1, "lived_experience", 4),
        (1, "professional", 3),
        (2, "professional", 2),
        (3, "carer", 1),
        (3, "not_given", 1),
    )
    text = session_markdown(voted(room), fixture_scenario())
    assert "| Option | Lived experience | Professional | All votes |" in text
    assert "The groups differ most on options 1 and 2." in text
    document = session_html(voted(room), fixture_scenario())
    marked = re.findall(
        r'<p class="option-text">(\d+)\.[^<]*<span class="tag">groups differ', document
    )
    assert marked == ["1", "2"]


def test_a_comparison_folds_each_cohort_by_its_own_rules() -> None:
    sessions = [one_carer(), one_carer(min_group=1, session_id="fedcba9876543210")]
    text = compare_markdown(sessions, fixture_scenario())
    carer_rows = [line for line in text.splitlines() if "| Carer |" in line]
    assert len(carer_rows) == 1
    assert "(fedcba98)" in carer_rows[0]
    page = Page(compare_html(sessions, fixture_scenario()))
    row_headers = page.texts("th")
    assert sum("· Carer" in h for h in row_headers) == 1
    groups = [(r["session_id"], r["group"]) for r in rows(compare_csv(sessions, None))]
    assert ("0123456789abcdef", "carer") not in groups
    assert ("fedcba9876543210", "carer") in groups


def test_every_export_uses_the_wording_of_the_screen() -> None:
    """The privacy note and the folded sentence are the TUI's own, in Markdown and HTML."""
    session = lone_carer(min_group=4)
    text = session_markdown(session, fixture_scenario())
    paragraphs = Page(session_html(session, fixture_scenario())).texts("p")
    for wording in (folding_rule(4), folded_sentence(5)):
        assert wording in text
        assert wording in paragraphs
    assert folded_sentence(1) == (
        "1 vote is counted only in the total, so that no small group can be singled out."
    )


def test_a_comparison_with_one_limit_states_the_rule_once() -> None:
    sessions = [one_carer(), one_carer(session_id="fedcba9876543210")]
    note = f"{RULE_3} Each session's groups are folded on their own, inside that session's total."
    assert f"\n{note}\n" in compare_markdown(sessions, fixture_scenario())
    assert note in Page(compare_html(sessions, fixture_scenario())).texts("p")


def test_a_comparison_where_no_session_folds_says_only_that() -> None:
    sessions = [one_carer(min_group=1), one_carer(min_group=1, session_id="fedcba9876543210")]
    text = compare_markdown(sessions, fixture_scenario())
    escaped = folding_rule(1).replace("_", "\\_")  # Markdown escapes the _ of min_group
    assert f"\n{escaped}\n" in text
    assert "folded on their own" not in text
    assert folding_rule(1) in Page(compare_html(sessions, fixture_scenario())).texts("p")


def test_a_comparison_with_several_limits_states_the_rule_for_each_and_whose_it_is() -> None:
    sessions = [
        one_carer(min_group=4),
        one_carer(session_id="fedcba9876543210"),
        one_carer(min_group=4, session_id="aaaaaaaa00000000"),
    ]
    label = "Cohort 3, adult social care, 2026-11-29 09:30"
    note = (
        "Each session's groups are folded on their own, inside that session's total, by the "
        f"limit that session was run with. In {label} (fedcba98): {RULE_3} "
        f"In {label} (01234567) and {label} (aaaaaaaa): {folding_rule(4)}"
    )
    assert f"\n{note}\n" in compare_markdown(sessions, fixture_scenario())
    assert note in Page(compare_html(sessions, fixture_scenario())).texts("p")
