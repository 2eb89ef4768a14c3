"""The session record format: a session as TOML tables, and back (docs/session-record.md).

Writing is exact and reading is strict: a wrong type is an error, never a
guess. Format 2 keeps counts per option, group and source for a round's
closed part, and the keypad entries (in order) and phone ballots only while
the round is open; format 1 records, which kept the entries of closed rounds
too, still load, their closed rounds reduced to counts as they are read.
"""

from __future__ import annotations

from collections.abc import Iterator, Mapping
from datetime import datetime
from typing import Any, cast

import tomli_w

from workshop.domain.session import (
    CLOSING,
    OPENING,
    SOURCES,
    Ballot,
    ChosenBy,
    Count,
    Note,
    Phase,
    Position,
    Round,
    Session,
    SessionInfo,
    Source,
    Visit,
    VoteEntry,
    collapse,
)
from workshop.domain.tally import GROUPS

RECORD_FORMAT = 2
_PHASES = frozenset(Phase.__args__)  # type: ignore[attr-defined]
_CHOSEN_BY = ("majority", "facilitator")


class RecordError(Exception):
    """A record that cannot be read; the message names the file and what is wrong."""


# Writing


def to_record(session: Session) -> dict[str, Any]:
    return {
        **_header_record(session),
        "visits": [_visit_record(order, visit) for order, visit in enumerate(session.visits, 1)],
    }


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
                "basis": info.scenario_basis,
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
    record: dict[str, Any] = {
        "round": voting.number,
        "open": voting.open,
        "counts": [
            {"option": c.option, "group": c.group, "source": c.source, "votes": c.votes}
            for c in voting.counts
        ],
    }
    if voting.phones_counted:
        record["phones_counted"] = sorted(voting.phones_counted)
    if voting.open:
        record["entries"] = [
            {"option": e.option, "group": e.group, "votes": e.votes} for e in voting.entries
        ]
        record["ballots"] = [
            {"key": key, "option": b.option, "group": b.group}
            for key, b in sorted(voting.ballots.items())
        ]
    return record


def _without_none(table: dict[str, Any]) -> dict[str, Any]:
    return {key: value for key, value in table.items() if value is not None}


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


# Reading


def from_record(data: Mapping[str, Any]) -> Session:
    version = data.get("record_format")
    if not isinstance(version, int) or isinstance(version, bool):
        raise RecordError("not a workshop session record (no record_format)")
    if version > RECORD_FORMAT:
        raise RecordError(
            f"written by a newer workshop (record format {version}); upgrade workshop to read it"
        )
    if version not in (1, RECORD_FORMAT):
        raise RecordError(f"unknown record format {version}")
    reader = _Reader(data, version)
    try:
        return reader.session()
    except (KeyError, TypeError, ValueError, IndexError) as error:
        raise RecordError(f"the record is incomplete or damaged ({error!r})") from error


class _Reader:
    """Reads a record strictly: a wrong type is an error, never a guess."""

    def __init__(self, data: Mapping[str, Any], version: int) -> None:
        self.data = data
        self.version = version

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
            scenario_basis=_optional_str(scenario, "basis"),
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
        if chosen_by is not None and chosen_by not in _CHOSEN_BY:
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
        number, is_open = _int(data, "round"), _bool(data, "open")
        entries = tuple(
            VoteEntry(_int(e, "option"), _group(e), _int(e, "votes"))
            for e in _tables(data, "entries")
        )
        if self.version == 1:
            # Format 1 kept every entry and derived its counts from them.
            read = Round(number, is_open, entries)
            return read if is_open else Round(number, False, counts=collapse(read))
        counts = tuple(
            Count(_int(c, "option"), _group(c), _source(c), _int(c, "votes"))
            for c in _tables(data, "counts")
        )
        ballots = {
            _str(b, "key"): Ballot(_int(b, "option"), _group(b)) for b in _tables(data, "ballots")
        }
        if not is_open and (entries or ballots):
            raise ValueError(f"closed round {number} still holds entries or ballots")
        counted = frozenset(_strs(data, "phones_counted"))
        return Round(number, is_open, entries, ballots, counts, counted)


def _group(data: Mapping[str, Any]) -> str:
    group = _str(data, "group")
    if group not in GROUPS:
        raise ValueError(f"unknown perspective group {group!r}")
    return group


def _source(data: Mapping[str, Any]) -> Source:
    source = _str(data, "source")
    if source not in SOURCES:
        raise ValueError(f"unknown source {source!r}")
    return source  # narrowed by the check against SOURCES just above


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
