"""An example scenario says what it is everywhere it is shown, and a real story does not.

`basis = "example"`: written to show the tool and the format, not co-produced.
Every export says so, from the scenario file or, when the file is gone, from
the basis the record keeps.
"""

from __future__ import annotations

from dataclasses import replace

import pytest

from tests.unit.test_report_sessions import fixture_scenario, played_session
from workshop.domain.scenario import EXAMPLE_NOTICE, Provenance, Scenario
from workshop.report.compare import compare_csv, compare_html, compare_markdown
from workshop.report.csv_export import session_csv
from workshop.report.html import session_html
from workshop.report.markdown import session_markdown


def as_basis(scenario: Scenario, basis: str) -> Scenario:
    consent = True if basis == "real_story" else None
    return replace(scenario, provenance=Provenance(basis, consent, "Statement."))


EXPORTS = {
    "markdown": lambda s, sc: session_markdown(s, sc),
    "html": lambda s, sc: session_html(s, sc),
    "comparison as markdown": lambda s, sc: compare_markdown([s, s], sc),
    "comparison as html": lambda s, sc: compare_html([s, s], sc),
}


@pytest.mark.parametrize("export", EXPORTS)
def test_every_report_of_an_example_says_so_and_a_real_story_does_not(export: str) -> None:
    render = EXPORTS[export]
    session = played_session()
    example = render(session, as_basis(fixture_scenario(), "example"))
    real = render(session, as_basis(fixture_scenario(), "real_story"))
    notice = "Example scenario: written to show the format, not co-produced."
    assert notice in example
    assert notice not in real
    assert "Written by" in real


def test_the_csv_names_the_basis_in_a_column_of_its_own() -> None:
    session = played_session()
    example = session_csv(session, as_basis(fixture_scenario(), "example")).splitlines()
    real = session_csv(session, as_basis(fixture_scenario(), "composite")).splitlines()
    assert example[0].endswith(",scenario_basis")
    assert all(row.endswith(",example") for row in example[1:])
    assert all(row.endswith(",composite") for row in real[1:])
    assert compare_csv([session, session], as_basis(fixture_scenario(), "example"))


def test_without_the_scenario_file_the_record_still_says_it_was_an_example() -> None:
    session = played_session(scenario_basis="example")
    assert EXAMPLE_NOTICE in session_markdown(session, None)
    assert EXAMPLE_NOTICE not in session_markdown(played_session(), None)
