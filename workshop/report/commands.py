"""`workshop report`: export saved records as Markdown, HTML or CSV.

It only reads records, so it is safe to run while a session is still going:
the running session replaces its record atomically, and a reader sees either
the old record or the new one. An unreadable record is named on stderr with
what is wrong and skipped; nothing here ever writes to a record.
"""

from __future__ import annotations

import sys
from collections.abc import Sequence
from dataclasses import dataclass, field
from datetime import date
from pathlib import Path
from typing import TextIO

from workshop.domain.scenario import Scenario
from workshop.domain.session import Session, SessionInfo
from workshop.report.model import MixedScenariosError, same_scenario
from workshop.report.sessions_table import printable
from workshop.storage.sessions import (
    RecordError,
    RecordLookupError,
    StoredSession,
    archived_scenario_path,
    list_sessions,
    load_session,
    resolve_record,
)

EXIT_OK, EXIT_UNREADABLE, EXIT_USAGE = 0, 1, 2
FORMATS = ("md", "html", "csv")
# workshop report


class _UsageError(Exception):
    pass


@dataclass
class _Scenarios:
    """Scenario files read once each, matched to records by their SHA-256."""

    today: date
    errors: TextIO
    sessions_folder: Path
    cache: dict[tuple[str, str], Scenario | None] = field(default_factory=dict)

    def for_info(self, info: SessionInfo) -> Scenario | None:
        key = (info.scenario_path, info.scenario_sha256)
        if key not in self.cache:
            self.cache[key] = self._read(info)
        return self.cache[key]

    def _read(self, info: SessionInfo) -> Scenario | None:
        from workshop.storage.scenarios import read_scenario

        path = Path(info.scenario_path)
        fallback = "options are shown as 'Option N' and stages by their id"
        archived = archived_scenario_path(self.sessions_folder, info.scenario_sha256)
        if archived.is_file():
            path = archived  # the exact version the session ran on (checked below)
        elif not path.is_file():
            self._note(f"the scenario file {info.scenario_path} was not found; {fallback}")
            return None
        found = read_scenario(path, self.today)
        if found.sha256 != info.scenario_sha256:
            self._note(f"{info.scenario_path} has changed since the session; {fallback}")
            return None
        if found.scenario is None:
            self._note(f"{info.scenario_path} has errors; {fallback}")
        return found.scenario

    def _note(self, message: str) -> None:
        print(f"workshop: note: {printable(message)}", file=self.errors)


def report_command(
    paths: Sequence[str],
    fmt: str,
    output: Path | None,
    sessions_folder: Path,
    today: date,
    *,
    out: TextIO | None = None,
    err: TextIO | None = None,
) -> int:
    """Export one session, or compare several of one scenario.

    Each entry of `paths` is a record file, a record file name in the sessions
    folder, or the start of a session id. Exit 0 when every record was
    reported, 1 when a record could not be read (the rest are still reported),
    2 for a usage error (nothing is written).
    """
    stdout = out if out is not None else sys.stdout
    errors = err if err is not None else sys.stderr
    try:
        if fmt not in FORMATS:
            raise _UsageError(f"unknown format {fmt!r}; choose one of {', '.join(FORMATS)}")
        if not paths:
            raise _UsageError("name at least one session (see `workshop sessions`)")
        records = _resolve_all(paths, sessions_folder)
        if output is not None:
            _check_output(output, records, sessions_folder)
    except _UsageError as error:
        print(f"workshop: {printable(str(error))}", file=errors)
        return EXIT_USAGE
    sessions: list[Session] = []
    for path in records:
        try:
            sessions.append(load_session(path))
        except RecordError as error:
            print(f"workshop: skipped {printable(str(error))}", file=errors)
    if not sessions:
        print("workshop: no record could be read; nothing to report", file=errors)
        return EXIT_UNREADABLE
    scenarios = _Scenarios(today, errors, sessions_folder)
    try:
        text = _render(sessions, fmt, scenarios)
    except MixedScenariosError as error:
        print(f"workshop: {printable(str(error))}", file=errors)
        return EXIT_USAGE
    if output is None:
        stdout.write(text)
    else:
        from workshop.storage.sessions import write_atomically

        try:
            write_atomically(output, text.encode("utf-8"))
        except OSError as error:
            reason = error.strerror or str(error)
            print(f"workshop: -o {printable(str(output))}: cannot write it ({reason})", file=errors)
            return EXIT_USAGE
        print(f"Wrote {printable(str(output))}.", file=stdout)
    return EXIT_UNREADABLE if len(sessions) < len(records) else EXIT_OK


def _render(sessions: Sequence[Session], fmt: str, scenarios: _Scenarios) -> str:
    if len(sessions) == 1:
        session = sessions[0]
        scenario = scenarios.for_info(session.info)
        if fmt == "md":
            from workshop.report.markdown import session_markdown

            return session_markdown(session, scenario)
        if fmt == "html":
            from workshop.report.html import session_html

            return session_html(session, scenario)
        from workshop.report.csv_export import session_csv

        return session_csv(session, scenario)
    from workshop.report import compare

    same_scenario(sessions)  # before reading any scenario file
    shared = _shared_scenario(sessions, scenarios)
    if fmt == "md":
        return compare.compare_markdown(sessions, shared)
    if fmt == "html":
        return compare.compare_html(sessions, shared)
    return compare.compare_csv(sessions, shared)


def _shared_scenario(sessions: Sequence[Session], scenarios: _Scenarios) -> Scenario | None:
    """The scenario file all records were made with, if they agree and it is found unchanged."""
    if len({s.info.scenario_sha256 for s in sessions}) > 1:
        return None
    for session in sessions:
        found = scenarios.for_info(session.info)
        if found is not None:
            return found
    return None


def _resolve_all(arguments: Sequence[str], folder: Path) -> list[Path]:
    stored: list[StoredSession] | None = None
    found: dict[Path, Path] = {}
    problems: list[str] = []
    for argument in arguments:
        if stored is None and not Path(argument).is_file():
            stored = list_sessions(folder)
        try:
            path = resolve_record(argument, folder, stored)
        except RecordLookupError as error:
            problems.append(str(error))
            continue
        found.setdefault(path.resolve(), path)
    if problems:
        raise _UsageError("\n".join(problems))
    return list(found.values())


def _check_output(output: Path, records: Sequence[Path], folder: Path) -> None:
    target = output.resolve()
    if output.is_dir():
        raise _UsageError(f"-o {output}: is a folder; give a file name")
    if not output.parent.is_dir():
        raise _UsageError(f"-o {output}: the folder {output.parent} does not exist")
    if target in {p.resolve() for p in records}:
        raise _UsageError(f"-o {output}: refusing to write over a session record")
    if target.parent == folder.resolve():
        raise _UsageError(
            f"-o {output}: refusing to write into the sessions folder, which holds only records"
        )
