"""Starting a session: one way for the CLI, the app and the tests alike."""

from __future__ import annotations

import shutil
from datetime import datetime
from pathlib import Path

import pytest

from tests.conftest import DATA, TODAY
from workshop.storage.scenarios import read_scenario
from workshop.storage.sessions import archived_scenario_path
from workshop.storage.starting import OpenedSession, SessionSettings, start_session

STARTED = datetime(2026, 11, 29, 9, 30, 41, 500_000)


def start(
    tmp_path: Path,
    settings: SessionSettings | None = None,
    changes: dict[str, str] | None = None,
) -> OpenedSession:
    source = tmp_path / "minimal.toml"
    shutil.copy(DATA / "valid/minimal.toml", source)
    file = read_scenario(source, TODAY)
    for old, new in (changes or {}).items():
        source.write_text(source.read_text().replace(old, new))
    return start_session(
        file,
        settings or SessionSettings(cohort="Cohort 3"),
        folder=tmp_path / "sessions",
        session_id="0123456789abcdef",
        now=STARTED,
        version="0.0.test",
        min_group=3,
    )


def test_a_session_starts_to_the_minute_never_finer(tmp_path: Path) -> None:
    opened = start(tmp_path)
    info = opened.session.info
    assert info.started == datetime(2026, 11, 29, 9, 30)
    assert opened.record.name == "2026-11-29-0930-minimal-01234567.toml"


def test_the_scenario_is_archived_as_it_was_when_the_session_started(tmp_path: Path) -> None:
    opened = start(tmp_path)
    info = opened.session.info
    archived = archived_scenario_path(tmp_path / "sessions", info.scenario_sha256)
    assert archived.read_bytes() == (DATA / "valid/minimal.toml").read_bytes()


def test_a_file_changed_since_it_was_checked_is_not_archived_under_the_old_hash(
    tmp_path: Path,
) -> None:
    opened = start(tmp_path, changes={"A minimal scenario": "Edited meanwhile"})
    info = opened.session.info
    assert not archived_scenario_path(tmp_path / "sessions", info.scenario_sha256).exists()


def test_a_session_nobody_labelled_is_named_by_its_day(tmp_path: Path) -> None:
    opened = start(tmp_path, SessionSettings(cohort="   "))
    assert opened.session.info.cohort == "Session of 29 November 2026"


def test_the_voting_mode_and_roles_reach_the_record(tmp_path: Path) -> None:
    settings = SessionSettings("Cohort 1", "phones", ("Practitioner",))
    info = start(tmp_path, settings).session.info
    assert (info.voting_mode, info.facilitation) == ("phones", ("Practitioner",))


def test_an_unknown_voting_mode_is_refused(tmp_path: Path) -> None:
    with pytest.raises(ValueError, match="unknown voting mode 'cards'"):
        start(tmp_path, SessionSettings("Cohort 1", "cards"))
