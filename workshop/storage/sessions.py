"""Session records on disk: written after every change, never torn, never shared.

A record is a versioned TOML file (see docs/session-record.md). It is written
whole to a temporary file in the same folder, flushed and fsynced, then moved
over the old one and the folder fsynced, so a crash at any moment leaves
either the previous record or the new one, never half of one. Records are
readable by their owner only (0600).
"""

from __future__ import annotations

import contextlib
import os
import tomllib
from collections.abc import Iterator, Mapping
from dataclasses import dataclass
from datetime import datetime
from pathlib import Path
from typing import Any, cast

import tomli_w

from workshop.domain.session import (
    CLOSING,
    OPENING,
    ChosenBy,
    Note,
    Phase,
    Position,
    Round,
    Session,
    SessionInfo,
    Visit,
    VoteEntry,
)
from workshop.domain.tally import GROUPS

RECORD_FORMAT = 1
_PHASES = frozenset(Phase.__args__)  # type: ignore[attr-defined]


class RecordError(Exception):
    """A record that cannot be read; the message names the file and what is wrong."""


def record_name(info: SessionInfo) -> str:
    return f"{info.started:%Y-%m-%d-%H%M}-{info.scenario_id}-{info.short_id}.toml"


def record_path(folder: Path, info: SessionInfo) -> Path:
    return folder / record_name(info)


# Writing


def to_record(session: Session) -> dict[str, Any]:
    return {
        **_header_record(session),
        "visits": [_visit_record(order, visit) for order, visit in enumerate(session.visits, 1)],
    }


def _header_record(session: Session) -> dict[str, Any]:
    info = session.info
    return {
        "record_format": RECORD_FORMAT,
        "session": _without_none(
            {
                "id": info.session_id,
                "started": info.started.replace(second=0, microsecond=0),
                "tool_version": info.tool_version,
                "cohort": info.cohort,
                "voting_mode": info.voting_mode,
                "facilitation": list(info.facilitation),
                "min_group": info.min_group,
                "finished": session.finished,
                "clock": session.clock,
            }
        ),
        "scenario": _without_none(
            {
                "id": info.scenario_id,
                "version": info.scenario_version,
                "sha256": info.scenario_sha256,
                "title": info.scenario_title,
                "path": info.scenario_path,
            }
        ),
        "position": _without_none(
            {
                "phase": session.position.phase,
                "visit": None if session.position.visit is None else session.position.visit + 1,
            }
        ),
        "takeaways": list(session.takeaways),
    }


def _visit_record(order: int, visit: Visit) -> dict[str, Any]:
    return _without_none(
        {
            "order": order,
            "stage": visit.stage_id,
            "seconds": visit.seconds,
            "chosen": visit.chosen,
            "chosen_by": visit.chosen_by,
            "rounds": [_round_record(r) for r in visit.rounds],
            "notes": [
                {"id": n.id, "perspective": n.perspective, "text": n.text} for n in visit.notes
            ],
        }
    )


def _round_record(voting: Round) -> dict[str, Any]:
    counts: dict[tuple[int, str], int] = {}
    for entry in voting.entries:
        counts[(entry.option, entry.group)] = counts.get((entry.option, entry.group), 0)
        counts[(entry.option, entry.group)] += entry.votes
    return {
        "round": voting.number,
        "open": voting.open,
        "counts": [
            {"option": option, "group": group, "votes": votes}
            for (option, group), votes in sorted(counts.items())
            if votes
        ],
        "entries": [
            {"option": e.option, "group": e.group, "votes": e.votes} for e in voting.entries
        ],
    }


def _without_none(table: dict[str, Any]) -> dict[str, Any]:
    return {key: value for key, value in table.items() if value is not None}


def save_session(session: Session, path: Path) -> None:
    """Replace the record at `path` atomically and durably."""
    write_atomically(path, record_text(session).encode("utf-8"))


def record_text(session: Session) -> str:
    """The record as TOML: the same data as `tomli_w.dumps(to_record(session))`.

    A session is saved after every key, and most of a long session's visits
    are unchanged between two saves: the same objects, since the fold shares
    them. Their `[[visits]]` blocks are rendered once and reused.
    """
    header = _header_record(session)
    if not session.visits:
        header["visits"] = []
    blocks = [tomli_w.dumps(header)]
    blocks += [_visit_block(order, visit) for order, visit in enumerate(session.visits, 1)]
    return "\n".join(block for block in blocks if block)


_VISIT_BLOCKS: dict[int, tuple[Visit, int, str]] = {}
_VISIT_BLOCKS_LIMIT = 512


def _visit_block(order: int, visit: Visit) -> str:
    cached = _VISIT_BLOCKS.get(id(visit))
    if cached is not None and cached[0] is visit and cached[1] == order:
        return cached[2]
    # One element of the [[visits]] array of tables: its table written on its
    # own, under the array's header (a visit always has plain keys first).
    text = "[" + tomli_w.dumps({"visits": _visit_record(order, visit)}).replace(
        "[visits]\n", "[visits]]\n", 1
    )
    if len(_VISIT_BLOCKS) >= _VISIT_BLOCKS_LIMIT:
        _VISIT_BLOCKS.clear()
    _VISIT_BLOCKS[id(visit)] = (visit, order, text)
    return text


def make_private_folder(folder: Path) -> None:
    """Create `folder` and any missing parents readable by the owner only."""
    missing: list[Path] = []
    while not folder.exists():
        missing.append(folder)
        folder = folder.parent
    for each in reversed(missing):
        each.mkdir(mode=0o700, exist_ok=True)


def write_atomically(path: Path, data: bytes) -> None:
    make_private_folder(path.parent)
    temporary = path.with_name(f".{path.name}.{os.getpid()}.tmp")
    descriptor = os.open(temporary, os.O_WRONLY | os.O_CREAT | os.O_TRUNC, 0o600)
    try:
        with os.fdopen(descriptor, "wb") as handle:
            handle.write(data)
            handle.flush()
            os.fsync(handle.fileno())
        os.replace(temporary, path)
    except BaseException:
        with contextlib.suppress(FileNotFoundError):
            temporary.unlink()
        raise
    folder = os.open(path.parent, os.O_RDONLY)
    try:
        os.fsync(folder)
    finally:
        os.close(folder)


# Reading


def load_session(path: Path) -> Session:
    """Read a record; anything wrong with it is a RecordError naming the file."""
    try:
        text = path.read_text("utf-8")
    except (OSError, UnicodeDecodeError) as error:
        raise RecordError(f"{path}: cannot read the record ({error})") from error
    try:
        data = tomllib.loads(text)
    except tomllib.TOMLDecodeError as error:
        raise RecordError(f"{path}: not a session record: the file is damaged ({error})") from error
    try:
        return from_record(data)
    except RecordError as error:
        raise RecordError(f"{path}: {error}") from error


def from_record(data: Mapping[str, Any]) -> Session:
    version = data.get("record_format")
    if not isinstance(version, int) or isinstance(version, bool):
        raise RecordError("not a workshop session record (no record_format)")
    if version > RECORD_FORMAT:
        raise RecordError(
            f"written by a newer workshop (record format {version}); upgrade workshop to read it"
        )
    if version != RECORD_FORMAT:
        raise RecordError(f"unknown record format {version}")
    reader = _Reader(data)
    try:
        return reader.session()
    except (KeyError, TypeError, ValueError, IndexError) as error:
        raise RecordError(f"the record is incomplete or damaged ({error!r})") from error


class _Reader:
    """Reads a record strictly: a wrong type is an error, never a guess."""

    def __init__(self, data: Mapping[str, Any]) -> None:
        self.data = data

    def session(self) -> Session:
        session = _table(self.data, "session")
        scenario = _table(self.data, "scenario")
        position = _table(self.data, "position")
        started = session["started"]
        if not isinstance(started, datetime):
            raise TypeError("session.started must be a date and time")
        info = SessionInfo(
            session_id=_str(session, "id"),
            started=started,
            tool_version=_str(session, "tool_version"),
            scenario_id=_str(scenario, "id"),
            scenario_version=_optional_str(scenario, "version"),
            scenario_sha256=_str(scenario, "sha256"),
            scenario_title=_str(scenario, "title"),
            scenario_path=_str(scenario, "path"),
            cohort=_str(session, "cohort"),
            voting_mode=_str(session, "voting_mode"),
            facilitation=tuple(_strs(session, "facilitation")),
            min_group=_int(session, "min_group"),
        )
        visits = tuple(self.visit(v) for v in _tables(self.data, "visits"))
        phase = _str(position, "phase")
        if phase not in _PHASES:
            raise ValueError(f"unknown phase {phase!r}")
        visit = position.get("visit")
        if visit is not None and not (isinstance(visit, int) and 1 <= visit <= len(visits)):
            raise ValueError(f"position.visit {visit!r} is not a visit of this record")
        if (visit is None) != (phase in OPENING or phase in CLOSING):
            raise ValueError(f"position {phase!r} does not fit visit {visit!r}")
        return Session(
            info=info,
            visits=visits,
            position=Position(cast(Phase, phase), None if visit is None else visit - 1),
            takeaways=tuple(_strs(self.data, "takeaways")),
            finished=_bool(session, "finished"),
            clock=_number(session, "clock"),
        )

    def visit(self, data: Mapping[str, Any]) -> Visit:
        chosen = data.get("chosen")
        if chosen is not None and not isinstance(chosen, int):
            raise TypeError("visits.chosen must be a number")
        chosen_by = data.get("chosen_by")
        if chosen_by not in (None, "majority", "facilitator", "default"):
            raise ValueError(f"unknown chosen_by {chosen_by!r}")
        return Visit(
            stage_id=_str(data, "stage"),
            seconds=_number(data, "seconds"),
            rounds=tuple(self.round(r) for r in _tables(data, "rounds")),
            chosen=chosen,
            chosen_by=cast(ChosenBy | None, chosen_by),
            notes=tuple(
                Note(_int(n, "id"), _str(n, "perspective"), _str(n, "text"))
                for n in _tables(data, "notes")
            ),
        )

    def round(self, data: Mapping[str, Any]) -> Round:
        entries = []
        for entry in _tables(data, "entries"):
            group = _str(entry, "group")
            if group not in GROUPS:
                raise ValueError(f"unknown perspective group {group!r}")
            entries.append(VoteEntry(_int(entry, "option"), group, _int(entry, "votes")))
        return Round(_int(data, "round"), _bool(data, "open"), tuple(entries))


def _table(data: Mapping[str, Any], key: str) -> Mapping[str, Any]:
    value = data[key]
    if not isinstance(value, dict):
        raise TypeError(f"{key} must be a table")
    return value


def _tables(data: Mapping[str, Any], key: str) -> Iterator[Mapping[str, Any]]:
    value = data.get(key, [])
    if not isinstance(value, list) or not all(isinstance(v, dict) for v in value):
        raise TypeError(f"{key} must be an array of tables")
    return iter(value)


def _str(data: Mapping[str, Any], key: str) -> str:
    value = data[key]
    if not isinstance(value, str):
        raise TypeError(f"{key} must be text")
    return value


def _optional_str(data: Mapping[str, Any], key: str) -> str | None:
    return _str(data, key) if key in data else None


def _strs(data: Mapping[str, Any], key: str) -> list[str]:
    value = data.get(key, [])
    if not isinstance(value, list) or not all(isinstance(v, str) for v in value):
        raise TypeError(f"{key} must be a list of texts")
    return value


def _int(data: Mapping[str, Any], key: str) -> int:
    value = data[key]
    if not isinstance(value, int) or isinstance(value, bool):
        raise TypeError(f"{key} must be a whole number")
    return value


def _number(data: Mapping[str, Any], key: str) -> float:
    value = data[key]
    if not isinstance(value, int | float) or isinstance(value, bool):
        raise TypeError(f"{key} must be a number")
    return float(value)


def _bool(data: Mapping[str, Any], key: str) -> bool:
    value = data[key]
    if not isinstance(value, bool):
        raise TypeError(f"{key} must be true or false")
    return value


@dataclass(frozen=True)
class StoredSession:
    """A record found on disk: the session, or why it could not be read."""

    path: Path
    session: Session | None
    error: str | None = None


def list_sessions(folder: Path) -> list[StoredSession]:
    """Every record in the folder, newest first; unreadable ones carry their error."""
    if not folder.is_dir():
        return []
    found: list[StoredSession] = []
    for path in sorted(folder.glob("*.toml"), reverse=True):
        try:
            found.append(StoredSession(path, load_session(path)))
        except RecordError as error:
            found.append(StoredSession(path, None, str(error)))
    return found


class RecordLookupError(ValueError):
    """A SESSION argument that names no record, or more than one."""


def resolve_record(argument: str, folder: Path, stored: list[StoredSession] | None = None) -> Path:
    """A record named on the command line: a path, a file name in `folder`, or an id prefix."""
    if not argument.strip():
        raise RecordLookupError("an empty session name")
    given = Path(argument)
    if given.is_dir():
        raise RecordLookupError(f"{argument} is a folder; name a session record file or id")
    if given.is_file():
        return given
    if given.name == argument:
        for name in (argument, f"{argument}.toml"):
            if (folder / name).is_file():
                return folder / name
    records = list_sessions(folder) if stored is None else stored
    prefix = argument.lower()
    matches = [
        s
        for s in records
        if s.session is not None and s.session.info.session_id.lower().startswith(prefix)
    ]
    if len(matches) == 1:
        return matches[0].path
    if matches:
        names = ", ".join(m.path.name for m in matches)
        raise RecordLookupError(
            f"{argument} matches {len(matches)} sessions ({names}); give more of it"
        )
    unreadable = sum(s.session is None for s in records)
    hint = f"; {unreadable} record(s) there could not be read" if unreadable else ""
    raise RecordLookupError(
        f"no session {argument}: not a record file, and no session in {folder} has an id "
        f"starting with it (see `workshop sessions`){hint}"
    )


# The scenario as it was when a session started, kept beside the records so
# that a session can be resumed, and reported, even after the file changed.


def archived_scenario_path(folder: Path, sha256: str) -> Path:
    return folder / "scenarios" / f"{sha256}.toml"


def archive_scenario(folder: Path, sha256: str, data: bytes) -> Path:
    path = archived_scenario_path(folder, sha256)
    if not path.is_file():
        write_atomically(path, data)
    return path
