"""Sessions as CSV: one row per session, stage visit, round, option and group.

Long ("tidy") data for pandas, R or a spreadsheet. A folded group has no
rows of its own in that round: its votes are only in the rows whose group is
`all`, the total of every vote. A group is folded when it has fewer than
`min_group` voters in the round; and when it is the only group that small,
the smallest shown group is folded with it, so that its votes cannot be
worked out as `all` minus the other groups. So the groups of a round add up
to `all` only when nothing was folded.

A round with no votes at all (a re-vote the facilitator skipped, or a vote
closed before anyone voted) has no rows: its counts would all be 0, which
reads as a round in which every option lost its votes. The Markdown and HTML
reports say "No votes were entered" for it instead.

Named csv_export so that it does not shadow the standard library's csv.
"""

from __future__ import annotations

import csv
import io
from collections.abc import Iterator, Sequence

from workshop.domain.scenario import Scenario
from workshop.domain.session import Session
from workshop.report.model import ALL_VOTES, session_view

COLUMNS = (
    "session_id",
    "date",
    "scenario_id",
    "scenario_version",
    "cohort",
    "voting_mode",
    "visit_order",
    "stage_id",
    "round",
    "option",
    "option_text",
    "group",
    "votes",
    "chosen",
    "scenario_basis",
)
"""`scenario_basis` is `example` for a scenario written to show the tool, not co-produced."""


def session_rows(session: Session, scenario: Scenario | None) -> Iterator[tuple[str, ...]]:
    """The rows of one session, without the header."""
    view = session_view(session, scenario)
    info = view.info
    basis = (scenario.basis if scenario else info.scenario_basis) or ""
    common = (
        info.session_id,
        f"{info.started:%Y-%m-%dT%H:%M}",
        info.scenario_id,
        info.scenario_version or "",
        info.cohort,
        info.voting_mode,
    )
    for stage in view.stages:
        for voting in stage.rounds:
            if voting.empty:
                continue  # no votes entered: zeros would read as votes lost
            tally = voting.tally
            for number in range(1, tally.options + 1):
                chosen = "true" if number == stage.chosen else "false"
                place = (str(stage.order), stage.stage_id, str(voting.number), str(number))
                text = stage.options[number - 1]
                for group in voting.shown:
                    count = str(tally.count(number, group))
                    yield (*common, *place, text, group, count, chosen, basis)
                yield (*common, *place, text, ALL_VOTES, str(tally.count(number)), chosen, basis)


def sessions_csv(pairs: Sequence[tuple[Session, Scenario | None]]) -> str:
    """One CSV of any number of sessions, one header; each with its own scenario or None."""
    buffer = io.StringIO()
    writer = csv.writer(buffer, lineterminator="\n")
    writer.writerow(COLUMNS)
    for session, scenario in pairs:
        writer.writerows(session_rows(session, scenario))
    return buffer.getvalue()


def session_csv(session: Session, scenario: Scenario | None) -> str:
    """The CSV of one session."""
    return sessions_csv([(session, scenario)])
