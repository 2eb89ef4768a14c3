"""Session records: any session saved and loaded is the same session."""

from __future__ import annotations

import stat
from dataclasses import replace
from datetime import datetime
from pathlib import Path

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from tests.conftest import DATA
from tests.factories import minimal, session_for
from tests.unit.test_session import walk_to
from workshop.domain.events import apply_all
from workshop.domain.session import (
    CLOSING,
    NOTE_PERSPECTIVES,
    OPENING,
    Ballot,
    Note,
    Position,
    Round,
    Session,
    SessionInfo,
    Visit,
    VoteEntry,
    collapse,
)
from workshop.domain.tally import GROUPS
from workshop.domain.transitions import add_vote
from workshop.storage.records import to_record
from workshop.storage.sessions import (
    RecordError,
    list_sessions,
    load_session,
    record_path,
    save_session,
)

text = st.text(st.characters(exclude_categories=("Cs",)), max_size=40)
seconds = st.floats(min_value=0, max_value=1e6, allow_nan=False, allow_infinity=False)

infos = st.builds(
    SessionInfo,
    session_id=st.text("0123456789abcdef", min_size=16, max_size=32),
    started=st.datetimes(min_value=datetime(2000, 1, 1)).map(
        lambda d: d.replace(second=0, microsecond=0)
    ),
    tool_version=st.just("1.2.3"),
    scenario_id=st.from_regex(r"[a-z0-9-]{3,20}", fullmatch=True),
    scenario_version=st.none() | text,
    scenario_sha256=st.text("0123456789abcdef", min_size=64, max_size=64),
    scenario_title=text,
    scenario_path=text,
    cohort=text,
    voting_mode=st.sampled_from(["keypad", "phones"]),
    facilitation=st.lists(text, max_size=3).map(tuple),
    min_group=st.integers(0, 10),
    scenario_basis=st.sampled_from([None, "real_story", "composite", "fictional", "example"]),
)
entries = st.builds(VoteEntry, st.integers(1, 9), st.sampled_from(GROUPS), st.integers(1, 60))
ballots = st.builds(Ballot, st.integers(1, 9), st.sampled_from(GROUPS))
keys = st.text("0123456789abcdef", min_size=8, max_size=16)


@st.composite
def rounds(draw: st.DrawFn) -> Round:
    """A round as the fold leaves it: a closed one holds counts only."""
    earlier = Round(
        draw(st.integers(1, 2)),
        open=True,
        entries=tuple(draw(st.lists(entries, max_size=6))),
        ballots=draw(st.dictionaries(keys, ballots, max_size=4)),
    )
    counted = frozenset(draw(st.lists(keys, max_size=3)))
    closed = Round(earlier.number, open=False, counts=collapse(earlier), phones_counted=counted)
    if not draw(st.booleans()):
        return closed
    return replace(
        closed,
        open=True,
        entries=tuple(draw(st.lists(entries, max_size=6))),
        ballots=draw(st.dictionaries(keys, ballots, max_size=4)),
    )


notes = st.builds(Note, st.integers(1, 10_000), st.sampled_from(NOTE_PERSPECTIVES), text)
visits = st.builds(
    Visit,
    stage_id=st.from_regex(r"[a-z0-9-]{3,12}", fullmatch=True),
    seconds=seconds,
    rounds=st.lists(rounds(), max_size=2).map(tuple),
    chosen=st.none() | st.integers(1, 9),
    chosen_by=st.sampled_from([None, "majority", "facilitator"]),
    notes=st.lists(notes, max_size=4).map(tuple),
)


@st.composite
def sessions(draw: st.DrawFn) -> Session:
    drawn_visits = tuple(draw(st.lists(visits, max_size=5)))
    if drawn_visits and draw(st.booleans()):
        index = draw(st.integers(0, len(drawn_visits) - 1))
        phase = draw(st.sampled_from(["narrative", "vote", "results", "notes", "revote"]))
        position = Position(phase, index)
    else:
        position = Position(draw(st.sampled_from(OPENING + CLOSING)))
    return Session(
        info=draw(infos),
        visits=drawn_visits,
        position=position,
        takeaways=tuple(draw(st.lists(text, max_size=3))),
        finished=draw(st.booleans()),
        clock=draw(seconds),
    )


@settings(max_examples=300, deadline=None)
@given(session=sessions())
def test_any_session_saved_and_loaded_is_equal(
    session: Session, tmp_path_factory: pytest.TempPathFactory
) -> None:
    path = tmp_path_factory.mktemp("records") / "record.toml"
    save_session(session, path)
    assert load_session(path) == session


def test_records_are_readable_by_their_owner_only(tmp_path: Path) -> None:
    session = session_for(minimal())
    path = record_path(tmp_path / "sessions", session.info)
    save_session(session, path)
    assert stat.S_IMODE(path.stat().st_mode) == 0o600
    assert [p.name for p in path.parent.iterdir()] == [path.name]


def test_the_record_name_says_when_and_what_but_nothing_finer_than_the_minute() -> None:
    info = session_for(minimal()).info
    assert record_path(Path("s"), info).name == "2026-11-29-0930-minimal-01234567.toml"


def test_a_closed_round_keeps_counts_per_option_and_group_never_the_order_of_votes() -> None:
    scenario = minimal()
    session = walk_to(scenario, session_for(scenario), "vote")
    for option, group in [(1, "carer"), (2, "professional"), (1, "carer"), (2, "carer")]:
        session = apply_all(session, add_vote(scenario, session, option, group, 1))
    opened = to_record(session)["visits"][0]["rounds"][0]
    assert [(e["option"], e["group"]) for e in opened["entries"]] == [
        (1, "carer"),
        (2, "professional"),
        (1, "carer"),
        (2, "carer"),
    ]
    session = walk_to(scenario, session, "results")
    closed = to_record(session)["visits"][0]["rounds"][0]
    assert "entries" not in closed
    assert "ballots" not in closed
    assert closed["counts"] == [
        {"option": 1, "group": "carer", "source": "keypad", "votes": 2},
        {"option": 2, "group": "carer", "source": "keypad", "votes": 1},
        {"option": 2, "group": "professional", "source": "keypad", "votes": 1},
    ]


def test_a_record_written_in_format_1_still_loads_with_its_closed_rounds_as_counts() -> None:
    session = load_session(DATA / "records/format-1.toml")
    closed = session.visits[0].rounds[0]
    assert not closed.open
    assert closed.entries == ()
    assert closed.tally(3).count(1, "lived_experience") == 3
    assert closed.votes_in == 12
    still_open = session.visits[2].rounds[0]
    assert still_open.open
    assert [(e.option, e.votes) for e in still_open.entries] == [(1, 2), (2, 2)]


@pytest.mark.parametrize(
    ("content", "message"),
    [
        ("", "no record_format"),
        ('record_format = 1\n[session]\nid = "x"\n', "incomplete or damaged"),
        ("record_format = 99\n", "written by a newer workshop"),
        ("record_format = 1\n[session\n", "damaged"),
        ('title = "a scenario, not a record"\n', "not a workshop session record"),
    ],
)
def test_a_bad_record_is_named_with_a_clear_message(
    tmp_path: Path, content: str, message: str
) -> None:
    path = tmp_path / "bad.toml"
    path.write_text(content)
    with pytest.raises(RecordError, match=message) as raised:
        load_session(path)
    assert str(path) in str(raised.value)


def test_listing_skips_nothing_and_crashes_on_nothing(tmp_path: Path) -> None:
    good = session_for(minimal())
    save_session(good, tmp_path / "good.toml")
    (tmp_path / "bad.toml").write_bytes(b"\xff\xfe not toml")
    listed = list_sessions(tmp_path)
    assert [(s.path.name, s.session is not None) for s in listed] == [
        ("good.toml", True),
        ("bad.toml", False),
    ]
    assert listed[1].error is not None
    assert (tmp_path / "bad.toml").read_bytes() == b"\xff\xfe not toml"


def test_folders_made_for_records_are_private_too(tmp_path: Path) -> None:
    session = session_for(minimal())
    path = record_path(tmp_path / "data" / "sessions", session.info)
    save_session(session, path)
    for folder in (tmp_path / "data", tmp_path / "data" / "sessions"):
        assert stat.S_IMODE(folder.stat().st_mode) == 0o700


@settings(max_examples=200, deadline=None)
@given(session=sessions())
def test_the_saved_text_holds_exactly_the_record(session: Session) -> None:
    """Reusing unchanged visits' text is an optimisation that must not show."""
    import tomllib

    from workshop.storage.records import record_text, to_record

    first, again = record_text(session), record_text(session)  # the second from the cache
    assert first == again
    assert tomllib.loads(first) == to_record(session)
