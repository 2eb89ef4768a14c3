"""How long session records take to save, and `workshop report` to read them.

Two measurements, each printed beside a baseline measured in the same run:

1. Saving. A generated 30-stage scenario (every stage has a vote, every third
   a re-vote) is played to the end through the real transitions, one vote per
   key press, with 200 notes spread over the stages. After every change (the
   events of one key press, as `SessionRunner.run` saves them) the whole record
   is written with `save_session`: the real atomic write, fsync of the file and
   of the folder. For context, the same session is also timed through
   `tomli_w.dumps(to_record(session))` alone (building the text) and through a
   plain os.write + fsync of the same bytes plus a folder fsync (the disk).
   Target: median <= 5 ms per change.

2. Reporting. 1,000 realistic records of one bundled scenario (varied cohort
   sizes, groups, choices, notes; some unfinished) are written to a sessions
   folder, with the scenario file beside them and archived as the app does.
   Baseline: reading them all with `load_session`. Measured: `workshop report`
   over all 1,000 (`report_command` with every record, Markdown to a file:
   the cohort comparison), and, as context, `report_command` once per record
   (each call reads and checks the scenario file again), the report functions
   in-process and one read of the scenario file.
   Target: report / reading <= 3.

Run from the repository root:

    python benchmarks/records.py [--stages 30] [--notes 200] [--rounds 1]
                                 [--records 1000] [--seed 7]

Absolute times depend on the disk (fsync) and the machine; compare the ratios.
"""

from __future__ import annotations

import argparse
import hashlib
import io
import os
import random
import shutil
import statistics
import sys
import tempfile
import time
from collections.abc import Callable, Sequence
from datetime import date, datetime, timedelta
from pathlib import Path
from typing import Any

import tomli_w

REPO = Path(__file__).resolve().parent.parent
if str(REPO) not in sys.path:
    sys.path.insert(0, str(REPO))

from workshop.domain.events import Event, TakeawayAdded, apply_all  # noqa: E402
from workshop.domain.scenario import Scenario  # noqa: E402
from workshop.domain.session import NOTE_PERSPECTIVES, Session, SessionInfo, new_session  # noqa: E402
from workshop.domain.tally import GROUPS  # noqa: E402
from workshop.domain.transitions import (  # noqa: E402
    ChoiceNeeded,
    add_note,
    add_vote,
    choose_option,
    next_step,
)
from workshop.report.commands import report_command  # noqa: E402
from workshop.report.compare import compare_html, compare_markdown  # noqa: E402
from workshop.report.markdown import session_markdown  # noqa: E402
from workshop.storage.records import to_record  # noqa: E402
from workshop.storage.scenarios import parse_scenario, read_scenario  # noqa: E402
from workshop.storage.sessions import (  # noqa: E402
    archive_scenario,
    load_session,
    record_path,
    save_session,
)

TODAY = date(2026, 11, 29)
BUNDLED = REPO / "scenarios" / "sam-crisis-to-safety-plan.toml"
SAVE_TARGET_MS = 5.0
REPORT_TARGET = 3.0

NOTE_TEXTS = (
    "Listening first felt safer than going straight to the plan.",
    "We wondered whether asking about the partner would feel like going behind Sam's back.",
    "Carers often notice the change before anyone else does; ask them early.",
    "Positive risk-taking needs time, and time is what the service rarely has.",
    "The crisis plan only helped once Sam had written part of it in her own words.",
    "Several people said they would have phoned the GP; others thought that was too slow.",
    "Student nurses wanted to know what 'least restrictive' looks like at 2 a.m.",
    "A quiet week is part of recovery, not a gap in the notes.",
)
COHORTS = (
    "student mental health nurses",
    "crisis team",
    "adult social care",
    "GP trainees",
    "peer support workers",
    "liaison psychiatry",
    "community mental health team",
    "ward staff, night shift",
)


# Playing a session through the real transitions


class Player:
    """Plays a session forward, handing every change to `on_change` as the app would save it."""

    def __init__(
        self,
        scenario: Scenario,
        session: Session,
        on_change: Callable[[Session], None] | None = None,
    ) -> None:
        self.scenario = scenario
        self.session = session
        self.at = 0.0
        self.on_change = on_change

    def run(self, events: tuple[Event, ...]) -> None:
        if not events:
            return
        self.session = apply_all(self.session, events)
        if self.on_change is not None:
            self.on_change(self.session)

    def forward(self, rng: random.Random) -> bool:
        """One step on; False once the session is at its summary."""
        if self.session.position.phase == "summary":
            return False
        self.at += rng.uniform(5, 90)
        step = next_step(self.scenario, self.session, self.at)
        if isinstance(step, ChoiceNeeded):
            self.run(choose_option(self.scenario, self.session, rng.choice(step.options), self.at))
            step = next_step(self.scenario, self.session, self.at)
        assert not isinstance(step, ChoiceNeeded), step
        self.run(step)
        return True

    def vote(self, option: int, group: str, votes: int = 1) -> None:
        self.at += 0.7
        self.run(add_vote(self.scenario, self.session, option, group, self.at, votes))

    def note(self, perspective: str, text: str) -> None:
        self.at += 20
        self.run(add_note(self.session, perspective, text, self.at))

    def takeaway(self, text: str) -> None:
        self.at += 20
        self.run((TakeawayAdded(self.at, text),))


def room(rng: random.Random, people: int) -> list[str]:
    """The perspective group of each person in the room."""
    weights = (rng.uniform(1, 4), rng.uniform(2, 6), rng.uniform(0, 2), rng.uniform(0, 0.6))
    return rng.choices(GROUPS, weights=weights, k=people)


def cast_votes(
    player: Player, rng: random.Random, people: list[str], options: int, one_at_a_time: bool
) -> None:
    """Everyone votes; favourites differ by group so that the charts differ."""
    favourite = {g: rng.randint(1, options) for g in GROUPS}
    choices = [favourite[g] if rng.random() < 0.6 else rng.randint(1, options) for g in people]
    if one_at_a_time:
        for group, option in zip(people, choices, strict=True):
            player.vote(option, group)
        return
    counts: dict[tuple[int, str], int] = {}
    for group, option in zip(people, choices, strict=True):
        counts[(option, group)] = counts.get((option, group), 0) + 1
    for (option, group), votes in sorted(counts.items()):
        player.vote(option, group, votes)


def play(
    player: Player,
    rng: random.Random,
    people: list[str],
    notes_per_visit: Callable[[int], int],
    *,
    one_vote_per_key: bool,
    stop_after: int | None = None,
) -> Session:
    """Play to the summary (or stop inside visit `stop_after`), voting and writing notes."""
    done_votes: set[tuple[int, str]] = set()
    done_notes: set[int] = set()
    while True:
        session = player.session
        index = session.position.visit
        phase = session.position.phase
        if index is not None:
            stage = player.scenario.stage(session.visits[index].stage_id)
            if stage.question is not None and phase in ("vote", "revote"):
                if (index, phase) not in done_votes:
                    done_votes.add((index, phase))
                    options = len(stage.question.options)
                    cast_votes(player, rng, people, options, one_vote_per_key)
                if stop_after == index:
                    return player.session
            if phase == "notes" and index not in done_notes:
                done_notes.add(index)
                for _ in range(notes_per_visit(index)):
                    player.note(rng.choice(NOTE_PERSPECTIVES), rng.choice(NOTE_TEXTS))
        if phase == "takeaways" and not session.takeaways:
            player.takeaway("Ask the person first; the plan is theirs.")
            player.takeaway("Carers notice changes early.")
        if not player.forward(rng):
            return player.session


# 1. Saving


def generated_scenario(stages: int) -> tuple[bytes, Scenario]:
    """A valid scenario of `stages` stages, built as data, written as TOML and read back."""

    def perspective(kind: str, number: int) -> dict[str, str]:
        return {
            "perspective": kind,
            "text": f"At stage {number} the {kind.replace('_', ' ')} view is heard in full, "
            "in the author's words, before the group talks it through.",
        }

    data: dict[str, Any] = {
        "format": 1,
        "id": "benchmark-long",
        "title": "A long scenario for the save benchmark",
        "summary": "Thirty stages, each with a vote, to make a large session record.",
        "minutes": 240,
        "version": "1.0",
        "learning_outcomes": ["Notice how views move over a long story"],
        "authors": [
            {"ref": "a", "name": "A. Author", "perspective": "lived_experience"},
            {"ref": "b", "name": "B. Author", "perspective": "professional"},
        ],
        "content_note": {"topics": ["crisis"], "text": "A long story about a hard year."},
        "stages": [
            {
                "id": f"stage-{n}",
                "title": f"Stage {n}",
                "narrative": f"What happened in month {n}, told over a few sentences.",
                "wellbeing_check": n % 10 == 0,
                "perspectives": [
                    perspective("lived_experience", n),
                    perspective("professional", n),
                ],
                "question": {
                    "prompt": "What would you do?",
                    "revote": n % 3 == 0,
                    "options": [
                        {"text": f"Option {o} of stage {n}", "consequence": "What followed."}
                        for o in range(1, 5)
                    ],
                },
            }
            for n in range(1, stages + 1)
        ],
    }
    text = tomli_w.dumps(data).encode("utf-8")
    found = parse_scenario(text, TODAY, path=Path("benchmark-long.toml"))
    if found.scenario is None or found.problems:
        raise SystemExit(f"the generated scenario is not clean: {[str(p) for p in found.problems]}")
    return text, found.scenario


def info_for(
    scenario: Scenario, sha256: str, path: Path, number: int, started: datetime, **more: Any
) -> SessionInfo:
    return SessionInfo(
        session_id=f"{number:08x}{random.Random(number).getrandbits(32):08x}",
        started=started,
        tool_version="0.0.bench",
        scenario_id=scenario.id,
        scenario_version=scenario.version,
        scenario_sha256=sha256,
        scenario_title=scenario.title,
        scenario_path=str(path),
        **more,
    )


def raw_write(path: Path, data: bytes) -> None:
    """The disk part of a save alone: write and fsync the bytes, then fsync the folder."""
    descriptor = os.open(path, os.O_WRONLY | os.O_CREAT | os.O_TRUNC, 0o600)
    try:
        os.write(descriptor, data)
        os.fsync(descriptor)
    finally:
        os.close(descriptor)
    folder = os.open(path.parent, os.O_RDONLY)
    try:
        os.fsync(folder)
    finally:
        os.close(folder)


def measure_saves(stages: int, notes: int, rounds: int, seed: int, folder: Path) -> None:
    text, scenario = generated_scenario(stages)
    sha = hashlib.sha256(text).hexdigest()
    per_visit = [notes // stages + (1 if i < notes % stages else 0) for i in range(stages)]
    saves: list[float] = []
    dumps: list[float] = []
    disk: list[float] = []
    final_size = 0
    largest: list[float] = []  # the last tenth of each session's saves, with the largest records
    for round_number in range(rounds):
        first_save = len(saves)
        rng = random.Random(seed + round_number)
        info = info_for(
            scenario, sha, folder / "benchmark-long.toml", round_number, datetime(2026, 11, 29, 9)
        )
        record = record_path(folder / "sessions", info)
        raw = folder / "raw.toml"
        people = room(rng, 24)

        def on_change(session: Session, record: Path = record, raw: Path = raw) -> None:
            start = time.perf_counter()
            save_session(session, record)
            saves.append(time.perf_counter() - start)
            if len(saves) % 2:
                return  # the context below is sampled at every other change, to save time
            start = time.perf_counter()
            data = tomli_w.dumps(to_record(session)).encode("utf-8")
            dumps.append(time.perf_counter() - start)
            start = time.perf_counter()
            raw_write(raw, data)
            disk.append(time.perf_counter() - start)

        player = Player(scenario, new_session(info), on_change)
        on_change(player.session)  # the first record, as SessionRunner.start saves it
        session = play(
            player,
            rng,
            people,
            lambda index: per_visit[index] if index < len(per_visit) else 0,
            one_vote_per_key=True,
        )
        assert session.finished, session.position
        written = sum(len(n.text) > 0 for v in session.visits for n in v.notes)
        assert written == notes, written
        final_size = record.stat().st_size
        played = saves[first_save:]
        largest += played[len(played) - len(played) // 10 :]

    votes = sum(r.votes_in for v in session.visits for r in v.rounds)
    print(f"1. Saving a record after every change ({rounds} session(s) of {stages} stages)")
    print(
        f"   {len(saves) // rounds} saves per session: {votes} votes one key press each, "
        f"{notes} notes, every step; final record {final_size / 1024:.0f} KiB"
    )
    rows = [
        ("save_session (atomic, fsynced)", saves),
        ("  its text alone: tomli_w.dumps(to_record)", dumps),
        ("  its disk part alone: os.write + fsyncs", disk),
    ]
    print(f"   {'per change, ms':42} {'median':>8} {'p90':>8} {'max':>8}")
    for name, values in rows:
        print(
            f"   {name:42} {ms(statistics.median(values)):>8} {ms(p90(values)):>8} "
            f"{ms(max(values)):>8}"
        )
    median = statistics.median(saves)
    verdict = "met" if median * 1000 <= SAVE_TARGET_MS else "NOT met"
    print(f"   target: median <= {SAVE_TARGET_MS:.0f} ms per change: {verdict}")
    print(
        f"   last tenth of the session (largest records): median "
        f"{ms(statistics.median(largest))} ms, p90 {ms(p90(largest))} ms"
    )


# 2. Reporting


def write_records(count: int, seed: int, folder: Path) -> tuple[list[Path], Path]:
    """`count` records of the bundled scenario; the scenario copied beside them and archived."""
    library = folder / "library"
    library.mkdir()
    scenario_file = library / BUNDLED.name
    shutil.copyfile(BUNDLED, scenario_file)
    found = read_scenario(scenario_file, TODAY)
    assert found.scenario is not None, found.problems
    scenario = found.scenario
    sessions = folder / "sessions"
    archive_scenario(sessions, found.sha256, scenario_file.read_bytes())
    rng = random.Random(seed)
    paths = []
    first = datetime(2024, 1, 8, 9, 30)
    for number in range(count):
        started = first + timedelta(days=number // 3, hours=3 * (number % 3))
        info = info_for(
            scenario,
            found.sha256,
            scenario_file,
            number,
            started,
            cohort=f"Cohort {number + 1}, {rng.choice(COHORTS)}",
            voting_mode=rng.choice(("keypad", "phones")),
            facilitation=("Patient champion", "Practitioner"),
        )
        people = room(rng, rng.randint(6, 40))
        unfinished = rng.random() < 0.1
        player = Player(scenario, new_session(info))
        session = play(
            player,
            rng,
            people,
            lambda _index: rng.randint(0, 5),
            one_vote_per_key=info.voting_mode == "phones",
            stop_after=rng.randint(0, 2) if unfinished else None,
        )
        path = record_path(sessions, info)
        save_session(session, path)
        paths.append(path)
    assert len(set(paths)) == count, "record names collide"
    return paths, sessions


def measure_reports(count: int, seed: int, folder: Path) -> None:
    paths, sessions_folder = write_records(count, seed, folder)
    out = folder / "out"
    out.mkdir()
    size = sum(p.stat().st_size for p in paths) / len(paths)
    print(f"\n2. `report` over {count} records against reading them (one scenario)")
    print(f"   average record {size / 1024:.1f} KiB")

    start = time.perf_counter()
    loaded = [load_session(p) for p in paths]
    reading = time.perf_counter() - start

    errors = io.StringIO()
    start = time.perf_counter()
    for number, path in enumerate(paths):
        code = report_command(
            [str(path)],
            "md",
            out / f"{number}.md",
            sessions_folder,
            TODAY,
            out=io.StringIO(),
            err=errors,
        )
        assert code == 0, errors.getvalue()
    commands = time.perf_counter() - start
    assert not errors.getvalue(), errors.getvalue()

    scenario = read_scenario(Path(loaded[0].info.scenario_path), TODAY).scenario
    functions_md = timed(lambda: [session_markdown(load_session(p), scenario) for p in paths])
    sample = min(count, 50)
    scenario_file = Path(loaded[0].info.scenario_path)
    one_read = timed(lambda: [read_scenario(scenario_file, TODAY) for _ in range(sample)]) / sample

    def whole_cohort(fmt: str) -> None:
        code = report_command(
            [str(p) for p in paths],
            fmt,
            out / f"all.{fmt}",
            sessions_folder,
            TODAY,
            out=io.StringIO(),
            err=errors,
        )
        assert code == 0, errors.getvalue()

    compare_md = timed(lambda: whole_cohort("md"))
    compare_only_md = timed(lambda: compare_markdown(loaded, scenario))
    compare_only_html = timed(lambda: compare_html(loaded, scenario))

    print(f"   {'':58} {'seconds':>8} {'ms/record':>10} {'ratio':>7}")
    rows = [
        ("reading: load_session for each (baseline)", reading),
        (f"workshop report over all {count}, md to a file", compare_md),
        ("  context: report_command once per record, md to a file", commands),
        ("  context: load_session + session_markdown", functions_md),
        ("  context: read_scenario of the scenario file, per record", one_read * count),
        (f"  context: compare_markdown of {count} loaded", compare_only_md),
        (f"  context: compare_html of {count} loaded", compare_only_html),
    ]
    for name, seconds in rows:
        print(
            f"   {name:58} {seconds:8.2f} {seconds / count * 1000:10.2f} {seconds / reading:7.2f}"
        )
    ratio = compare_md / reading
    verdict = "met" if ratio <= REPORT_TARGET else "NOT met"
    print(f"   target: report / reading <= {REPORT_TARGET:.0f}: {ratio:.2f}, {verdict}")
    reads = scenario_reads_per_command(paths[0], out / "counted.md", sessions_folder)
    print(
        f"   each report_command reads and checks the scenario file {reads} time(s), "
        f"{ms(one_read)} ms a read:\n   {ms(reads * one_read)} of its "
        f"{ms(commands / count)} ms per record"
    )


def scenario_reads_per_command(record: Path, output: Path, sessions_folder: Path) -> int:
    """How often one report_command reads a scenario file (counted, not timed)."""
    from workshop.storage import scenarios

    original = scenarios.read_scenario
    calls = 0

    def counting(*args: Any, **kwargs: Any) -> Any:
        nonlocal calls
        calls += 1
        return original(*args, **kwargs)

    scenarios.read_scenario = counting
    try:
        report_command([str(record)], "md", output, sessions_folder, TODAY, out=io.StringIO())
    finally:
        scenarios.read_scenario = original
    return calls


# Helpers


def timed(work: Callable[[], object]) -> float:
    start = time.perf_counter()
    work()
    return time.perf_counter() - start


def ms(seconds: float) -> str:
    return f"{seconds * 1000:.2f}"


def p90(values: Sequence[float]) -> float:
    return statistics.quantiles(values, n=10, method="inclusive")[-1]


def main(argv: Sequence[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--stages", type=int, default=30, help="stages of the long scenario")
    parser.add_argument("--notes", type=int, default=200, help="notes in the long session")
    parser.add_argument("--rounds", type=int, default=1, help="long sessions to play and save")
    parser.add_argument("--records", type=int, default=1000, help="records to report on")
    parser.add_argument("--seed", type=int, default=7, help="seed for the generated sessions")
    args = parser.parse_args(argv)
    with tempfile.TemporaryDirectory(prefix="workshop-bench-") as temporary:
        root = Path(temporary)
        (root / "save").mkdir()
        (root / "report").mkdir()
        measure_saves(args.stages, args.notes, args.rounds, args.seed, root / "save")
        measure_reports(args.records, args.seed, root / "report")
    return 0


if __name__ == "__main__":
    sys.exit(main())
