"""`workshop sessions` and `workshop report`: never crash, never write to a record.

A damaged, cut-short, foreign or future record is named on stderr with what
is wrong and skipped; the others are still listed or reported. Exit status:
0 all well, 1 a record could not be read, 2 a usage error.
"""

from __future__ import annotations

import io
import shutil
import stat
from datetime import date
from pathlib import Path

import pytest

from tests.conftest import TODAY
from tests.factories import minimal, session_for
from tests.unit.test_report_sessions import (
    SCENARIO_PATH,
    fixture_scenario,
    fresh_session,
    other_cohort,
    played_session,
    save,
    unfinished_session,
)
from workshop.domain.session import Session
from workshop.report.commands import report_command
from workshop.report.html import session_html
from workshop.report.sessions_table import sessions_command
from workshop.storage.records import RECORD_FORMAT
from workshop.storage.scenarios import read_scenario


def snapshot(folder: Path) -> dict[str, tuple[bytes, int]]:
    """Every file in the folder with its bytes and modification time."""
    return {p.name: (p.read_bytes(), p.stat().st_mtime_ns) for p in sorted(folder.iterdir())}


@pytest.fixture
def folder(tmp_path: Path) -> Path:
    """A sessions folder with two good records and four bad ones."""
    sessions = tmp_path / "sessions"
    sessions.mkdir()
    good = save(played_session(), sessions)
    save(other_cohort(), sessions)
    (sessions / "2026-01-01-0000-corrupt.toml").write_bytes(b"\xff\xfe\x00 not text")
    data = good.read_bytes()
    (sessions / "2026-01-02-0000-truncated.toml").write_bytes(data[: len(data) // 2])
    shutil.copy(SCENARIO_PATH, sessions / "2026-01-03-0000-foreign.toml")
    newer = f"record_format = {RECORD_FORMAT + 1}".encode()
    future = data.replace(f"record_format = {RECORD_FORMAT}".encode(), newer)
    (sessions / "2026-01-04-0000-future.toml").write_bytes(future)
    return sessions


BAD = {
    "2026-01-01-0000-corrupt.toml": "cannot read the record",
    "2026-01-02-0000-truncated.toml": "",
    "2026-01-03-0000-foreign.toml": "not a workshop session record",
    "2026-01-04-0000-future.toml": "written by a newer workshop",
}


def run_report(
    paths: list[str],
    folder: Path,
    fmt: str = "md",
    output: Path | None = None,
    today: date = TODAY,
) -> tuple[int, str, str]:
    out, err = io.StringIO(), io.StringIO()
    code = report_command(paths, fmt, output, folder, today, out=out, err=err)
    return code, out.getvalue(), err.getvalue()


# workshop sessions


def test_sessions_lists_the_good_records_and_names_each_bad_one(folder: Path) -> None:
    before = snapshot(folder)
    out, err = io.StringIO(), io.StringIO()
    assert sessions_command(folder, out, err) == 1
    lines = out.getvalue().splitlines()
    assert lines[0].split() == ["ID", "DATE", "SCENARIO", "COHORT", "STAGES", "STATUS"]
    assert lines[2].startswith("01234567  2026-11-29 09:30  report-fixture  Cohort 3, adult…")
    assert lines[2].split()[-2:] == ["3", "finished"]
    assert lines[-2] == (
        f"2 sessions (4 more could not be read: named above). Records are in {folder}"
    )
    assert ".toml" not in out.getvalue()
    errors = err.getvalue().splitlines()
    assert len(errors) == len(BAD)
    for name, message in BAD.items():
        line = next(e for e in errors if name in e)
        assert line.startswith("workshop: skipped ")
        assert message in line
    assert snapshot(folder) == before


def test_sessions_marks_an_unfinished_session(tmp_path: Path) -> None:
    save(unfinished_session(), tmp_path)
    out = io.StringIO()
    assert sessions_command(tmp_path, out, io.StringIO()) == 0
    assert out.getvalue().splitlines()[1].split()[-2:] == ["3", "unfinished"]


def test_sessions_with_only_unreadable_records_says_how_many_and_why(tmp_path: Path) -> None:
    (tmp_path / "2026-01-01-0000-corrupt.toml").write_bytes(b"\xff\xfe\x00 not text")
    (tmp_path / "2026-01-02-0000-empty.toml").write_text("")
    out, err = io.StringIO(), io.StringIO()
    assert sessions_command(tmp_path, out, err) == 1
    assert out.getvalue() == (
        f"No readable sessions in {tmp_path}: 2 records could not be read "
        "(each is named above with what is wrong).\n"
    )
    assert "cannot read the record" in err.getvalue()
    assert "no record_format" in err.getvalue()


@pytest.mark.parametrize("name", ["empty", "missing"])
def test_sessions_in_an_empty_or_missing_folder(tmp_path: Path, name: str) -> None:
    folder = tmp_path / name
    if name == "empty":
        folder.mkdir()
    out = io.StringIO()
    assert sessions_command(folder, out, io.StringIO()) == 0
    assert out.getvalue() == f"No saved sessions in {folder}.\n"


def test_sessions_prints_no_control_characters_from_a_record(tmp_path: Path) -> None:
    session = fresh_session(fixture_scenario(), cohort="C \x1b[31mred\x07")
    save(session, tmp_path)
    out = io.StringIO()
    sessions_command(tmp_path, out, io.StringIO())
    assert "\x1b" not in out.getvalue()
    assert "C ?[31mred?" in out.getvalue()


LONG_COHORT = "Cohort 12, community mental health teams with peer support workers, north"
LONG_SCENARIO = "sam-from-crisis-line-to-a-safety-plan-he-wrote-himself-2026-edition"


def long_labels(folder: Path) -> None:
    """Three records, one with a very long cohort label and one with a long scenario id."""
    save(played_session(), folder)
    save(fresh_session(fixture_scenario(), session_id="aaaa1111", cohort=LONG_COHORT), folder)
    save(
        fresh_session(fixture_scenario(), session_id="bbbb2222", scenario_id=LONG_SCENARIO),
        folder,
        "long-scenario.toml",
    )


def test_sessions_fits_an_80_column_terminal_cutting_long_labels(tmp_path: Path) -> None:
    long_labels(tmp_path)
    out = io.StringIO()
    assert sessions_command(tmp_path, out, io.StringIO()) == 0
    lines = out.getvalue().splitlines()
    table = lines[: lines.index("")]
    assert len(table) == 4
    assert all(len(line) < 80 for line in table), [len(line) for line in table]
    # Columns line up: every row's STAGES figure ends under the end of its header.
    end = table[0].index("STAGES") + len("STAGES")
    assert all(line[end - 1] in "0123" and line[end] == " " for line in table[1:])
    text = out.getvalue()
    assert LONG_COHORT not in text
    assert LONG_SCENARIO not in text
    cut = [cell for line in table[1:] for cell in line.split("  ") if cell.endswith("…")]
    assert any(c.startswith("sam-from-cris") for c in cut), cut
    assert any(c.startswith("Cohort 12, com") for c in cut), cut
    assert all(len(c) >= 8 for c in cut), cut
    # The folder is named once, below the table, not on every row.
    assert text.count(str(tmp_path)) == 1
    assert lines[-2] == f"3 sessions. Records are in {tmp_path}"
    assert lines[-1].startswith("Export one with: workshop report ID")


def test_short_labels_are_not_cut(tmp_path: Path) -> None:
    save(fresh_session(fixture_scenario(), cohort="Cohort 4"), tmp_path)
    out = io.StringIO()
    sessions_command(tmp_path, out, io.StringIO())
    row = out.getvalue().splitlines()[1]
    assert row == "01234567  2026-11-29 09:30  report-fixture  Cohort 4       0  unfinished"


def test_wide_characters_are_counted_as_two_columns(tmp_path: Path) -> None:
    cohort = "看護学生のコホート、東京、二〇二六年春"  # 19 characters, 38 columns
    save(fresh_session(fixture_scenario(), cohort=cohort), tmp_path)
    out = io.StringIO()
    sessions_command(tmp_path, out, io.StringIO())
    header, row = out.getvalue().splitlines()[:2]
    columns = sum(2 if "\u3000" <= ch <= "\u9fff" or ch == "〇" else 1 for ch in row)
    assert columns < 80
    assert row.index("…") > 0
    assert row.split()[-2:] == ["0", "unfinished"]
    # The STAGES column starts where the header says, counted in terminal columns.
    assert columns - len("0  unfinished") == header.index("STAGES") + len("STAGES") - 1


class Terminal(io.StringIO):
    def isatty(self) -> bool:
        return True


def test_a_wider_terminal_shows_more_of_each_label(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    long_labels(tmp_path)
    monkeypatch.setenv("COLUMNS", "200")
    wide = Terminal()
    sessions_command(tmp_path, wide, io.StringIO())
    assert LONG_COHORT in wide.getvalue()
    assert LONG_SCENARIO in wide.getvalue()
    monkeypatch.setenv("COLUMNS", "60")  # narrower than 80: still 80-column output
    narrow = Terminal()
    sessions_command(tmp_path, narrow, io.StringIO())
    assert max(len(line) for line in narrow.getvalue().splitlines()[:4]) < 80


# workshop report: naming sessions


@pytest.mark.parametrize(
    "name",
    [
        "0123",
        "0123456789ABCDEF",
        "2026-11-29-0930-report-fixture-01234567.toml",
        "2026-11-29-0930-report-fixture-01234567",
    ],
)
def test_a_session_is_named_by_id_prefix_or_record_file_name(folder: Path, name: str) -> None:
    code, out, err = run_report([name], folder)
    assert code == 0, err
    assert out.startswith("# Session record: Jo's week")
    assert "Cohort 3, adult social care" in out


def test_a_session_is_named_by_its_path(folder: Path, tmp_path: Path) -> None:
    path = save(played_session(), tmp_path, "elsewhere.toml")
    code, out, _ = run_report([str(path)], folder)
    assert code == 0
    assert "- Cohort: Cohort 3, adult social care" in out


def test_an_unknown_session_is_a_usage_error(folder: Path) -> None:
    code, out, err = run_report(["ffff0000"], folder)
    assert (code, out) == (2, "")
    assert "no session ffff0000" in err
    assert "4 record(s) there could not be read" in err


def test_an_ambiguous_prefix_is_a_usage_error(tmp_path: Path) -> None:
    scenario = fixture_scenario()
    save(fresh_session(scenario, session_id="abc1000000000000"), tmp_path)
    save(fresh_session(scenario, session_id="abc2000000000000"), tmp_path)
    code, out, err = run_report(["abc"], tmp_path)
    assert (code, out) == (2, "")
    assert "abc matches 2 sessions" in err


@pytest.mark.parametrize(("paths", "fmt"), [([], "md"), (["0123"], "pdf"), ([""], "md")])
def test_usage_errors_write_nothing(folder: Path, paths: list[str], fmt: str) -> None:
    code, out, err = run_report(paths, folder, fmt)
    assert (code, out) == (2, "")
    assert err.startswith("workshop: ")


def test_the_same_record_named_twice_is_reported_once(folder: Path) -> None:
    code, out, _ = run_report(["0123", "0123456789abcdef"], folder)
    assert code == 0
    assert out.startswith("# Session record:")


# workshop report: bad records


@pytest.mark.parametrize("bad", sorted(BAD))
def test_a_bad_record_is_named_and_skipped_and_the_rest_reported(folder: Path, bad: str) -> None:
    before = snapshot(folder)
    code, out, err = run_report([str(folder / bad), "0123"], folder)
    assert code == 1
    assert out.startswith("# Session record: Jo's week")
    assert f"workshop: skipped {folder / bad}: {BAD[bad]}" in err
    assert snapshot(folder) == before


def test_when_no_record_can_be_read_nothing_is_written(folder: Path, tmp_path: Path) -> None:
    target = tmp_path / "report.md"
    code, out, err = run_report([str(folder / b) for b in BAD], folder, output=target)
    assert (code, out) == (1, "")
    assert "nothing to report" in err
    assert not target.exists()


# workshop report: output


def test_output_goes_to_the_named_file_readable_by_its_owner_only(
    folder: Path, tmp_path: Path
) -> None:
    target = tmp_path / "cohort-3.html"
    code, out, _ = run_report(["0123"], folder, "html", target)
    assert code == 0
    assert out == f"Wrote {target}.\n"
    assert target.read_text("utf-8") == session_html(played_session(), fixture_scenario())
    assert stat.S_IMODE(target.stat().st_mode) == 0o600
    assert sorted(p.name for p in tmp_path.iterdir()) == ["cohort-3.html", "sessions"]


@pytest.mark.parametrize("target", ["inside", "record", "no-folder"])
def test_output_never_lands_on_a_record_or_in_a_missing_folder(folder: Path, target: str) -> None:
    before = snapshot(folder)
    paths = {
        "inside": folder / "report.md",
        "record": folder / "2026-11-29-0930-report-fixture-01234567.toml",
        "no-folder": folder.parent / "nowhere" / "report.md",
    }
    code, out, _ = run_report(["0123"], folder, output=paths[target])
    assert (code, out) == (2, "")
    assert snapshot(folder) == before
    assert not (folder.parent / "nowhere").exists()


def test_csv_to_stdout(folder: Path) -> None:
    code, out, _ = run_report(["0123"], folder, "csv")
    assert code == 0
    assert out.splitlines()[0].startswith("session_id,date,scenario_id")


# workshop report: the scenario file


def test_the_scenario_is_used_when_its_file_is_unchanged(folder: Path) -> None:
    _, out, err = run_report(["0123"], folder)
    assert "1. Listen first, and ask what would help \\*tonight\\*" in out
    assert err == ""


def test_a_changed_scenario_file_is_not_used(tmp_path: Path) -> None:
    copy = tmp_path / "scenario.toml"
    shutil.copy(SCENARIO_PATH, copy)
    session = played_session(
        scenario_path=str(copy), scenario_sha256=read_scenario(copy, TODAY).sha256
    )
    record = save(session, tmp_path / "sessions")
    copy.write_text(copy.read_text("utf-8").replace("Listen first", "Listen"), "utf-8")
    code, out, err = run_report([str(record)], tmp_path / "sessions")
    assert code == 0
    assert "| Option 1 |" in out
    assert "ask what would help" not in out
    assert f"workshop: note: {copy} has changed since the session" in err


def test_a_missing_scenario_file_falls_back_to_option_numbers(tmp_path: Path) -> None:
    session = played_session(scenario_path=str(tmp_path / "gone.toml"))
    record = save(session, tmp_path)
    code, out, err = run_report([str(record)], tmp_path)
    assert code == 0
    assert "## 1. first-call" in out
    assert "was not found" in err


# workshop report: several sessions


def test_several_sessions_of_one_scenario_are_compared(folder: Path) -> None:
    code, out, _ = run_report(["0123", "fedc"], folder)
    assert code == 0
    assert out.startswith("# Cohort comparison: Jo's week")
    assert "Cohort 4, student nurses" in out


def test_sessions_of_different_scenarios_are_refused(folder: Path, tmp_path: Path) -> None:
    other = save(session_for(minimal()), tmp_path, "minimal.toml")
    code, out, err = run_report(["0123", str(other)], folder)
    assert (code, out) == (2, "")
    assert "cannot compare records of different scenarios" in err


# Reading a running session


def test_reporting_a_running_session_leaves_its_record_untouched(tmp_path: Path) -> None:
    running: Session = unfinished_session()
    record = save(running, tmp_path)
    before = snapshot(tmp_path)
    for fmt in ("md", "html", "csv"):
        code, _, _ = run_report([str(record)], tmp_path, fmt)
        assert code == 0
    out = io.StringIO()
    sessions_command(tmp_path, out, io.StringIO())
    assert snapshot(tmp_path) == before


def test_output_never_overwrites_the_record_being_reported(tmp_path: Path) -> None:
    record = save(played_session(), tmp_path, "record.toml")
    before = record.read_bytes()
    code, _, err = run_report([str(record)], tmp_path / "sessions", output=record)
    assert code == 2
    assert "refusing to write over a session record" in err
    assert record.read_bytes() == before


def test_an_output_file_that_cannot_be_written_is_a_sentence_not_a_traceback(
    folder: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    def disk_full(path: Path, data: bytes) -> None:
        raise OSError(28, "No space left on device")

    monkeypatch.setattr("workshop.storage.sessions.write_atomically", disk_full)
    code, out, err = run_report(["0123"], folder, output=tmp_path / "report.md")
    assert (code, out) == (2, "")
    assert "cannot write it (No space left on device)" in err
