"""A room of phones voting at once: 2,000 by default, against the real app on loopback.

The app runs headless in a child process, built as `workshop run FILE --vote
phones --host 127.0.0.1` builds it (`build_app` from the CLI), with an
auto_pilot that presses Ctrl+S in set-up and Space until the first vote is
open. The child measures itself: a task that sleeps 10 ms in a loop and
records how late it wakes (the event-loop lag), for a second of idle and then
through each phase; its RSS from /proc/self/status (VmRSS idle, VmHWM the
peak); its CPU time; the garbage collector's pauses (gc.callbacks); how often
and how long the screen was drawn; and, from the live session's own notices
(sent only once a save is on disk), the moment the saved record first holds
every vote.

This process is the room. Every simulated phone has its own aiohttp client
session with a connector of one connection and its own cookie jar. First all
of them join at once (people arriving); then all of them at once fetch the
question and vote on the connection they joined on (the vote opens). With
`--all-at-once`, each phone joins, fetches and votes in one go, all together;
with `--spread S`, each phone waits a random time up to S seconds first, as a
room does when the question goes up.
Latency is timed here, per request, from sending to the whole answer. After
the child has gone the record on disk is loaded and each phone's ballot looked
up under its ballot key: a vote is lost when it was answered 200 but is not in
the record, or was never answered 200.

Beside it, in the same run: keypad mode (the same child, no server: idle RSS
and loop lag), and a bare aiohttp server with trivial handlers under the same
room: what the load generator and aiohttp cost before any of the app's work.

Targets (phones): all counted within 2 s, p99 <= 250 ms, 0 lost, lag <= 150 ms,
RSS <= 150 MB.

`--freeze-gc` calls gc.freeze() in the servers after start-up, to show what
full collections of the app's long-lived objects cost; `--profile FILE` writes
a cProfile of the app over the phases.

    python benchmarks/phones.py [--phones 2000] [--all-at-once] [--spread S]
                                [--freeze-gc] [--profile FILE]
"""

from __future__ import annotations

import argparse
import asyncio
import json
import os
import random
import resource
import socket
import subprocess
import sys
import tempfile
import time
from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import aiohttp

REPO = Path(__file__).resolve().parent.parent
SCENARIO = REPO / "tests/data/stories/sam-crisis-to-safety-plan.toml"
GROUPS = ("lived_experience", "professional", "carer", "not_given")

MEASURE = """
import asyncio, cProfile, gc, json, os, sys, time

TICK = 0.010


def status(field):
    with open("/proc/self/status") as lines:
        for line in lines:
            if line.startswith(field + ":"):
                return int(line.split()[1])  # kB


def summary(lags):
    lags = sorted(lags) or [0.0]
    return {"max": lags[-1], "p99": lags[min(len(lags) - 1, int(len(lags) * 0.99))]}


class Meter:
    '''Loop lag, CPU and the moment all votes were counted, phase by phase.'''

    def __init__(self, profile):
        self.lags = []
        self.counted_at = None
        self.expected = None
        self.profiler = cProfile.Profile() if profile else None
        self.profile = profile
        self.pauses = []  # (generation, seconds) of each garbage collection
        self.draws = [0, 0.0]  # screen updates (layout and paint) and their seconds
        self._collecting = 0.0
        gc.callbacks.append(self.collected)

    def collected(self, phase, info):
        if phase == "start":
            self._collecting = time.perf_counter()
        else:
            self.pauses.append((info["generation"], time.perf_counter() - self._collecting))

    async def watch(self):
        loop = asyncio.get_running_loop()
        while True:
            before = loop.time()
            await asyncio.sleep(TICK)
            self.lags.append(max(0.0, loop.time() - before - TICK))

    def votes(self, count):
        if self.counted_at is None and self.expected is not None and count >= self.expected:
            self.counted_at = time.monotonic()

    async def phases(self, ready, report):
        '''READY, then JOIN / VOTE N / END from the parent; each phase measured apart.'''
        watcher = asyncio.create_task(self.watch())
        await asyncio.sleep(1.0)  # a second of idle: lag and RSS with no phones
        ready.update(idle_lag=summary(self.lags), idle_rss=status("VmRSS"))
        if os.environ.get("BENCH_FREEZE_GC"):
            gc.freeze()  # what is alive after start-up is left out of every collection
        print("READY", json.dumps(ready), flush=True)
        loop = asyncio.get_running_loop()
        reader = asyncio.StreamReader()
        await loop.connect_read_pipe(lambda: asyncio.StreamReaderProtocol(reader), sys.stdin)
        phases, current = {}, None
        if self.profiler is not None:
            self.profiler.enable()
        while True:
            words = (await reader.readline()).decode().split() or ["END"]
            if current is not None:
                full = [s for g, s in self.pauses if g == 2]
                phases[current] = {"lag": summary(self.lags), "cpu": time.process_time() - cpu,
                                   "loop_cpu": time.thread_time() - loop_cpu,
                                   "draws": self.draws[0] - draws[0],
                                   "draw_time": self.draws[1] - draws[1],
                                   "gc": sum(s for _, s in self.pauses), "gc_full": len(full),
                                   "gc_max": max((s for _, s in self.pauses), default=0.0)}
            if words[0] == "END":
                break
            current, cpu, loop_cpu = words[0], time.process_time(), time.thread_time()
            draws = list(self.draws)
            self.lags.clear()
            self.pauses.clear()
            if current == "VOTE":
                self.expected = int(words[1])
                self.votes(0)
        watcher.cancel()
        if self.profiler is not None:
            self.profiler.disable()
            self.profiler.dump_stats(self.profile)
        report = report()
        report.update(phases=phases, counted_at=self.counted_at, peak_rss=status("VmHWM"))
        print("REPORT", json.dumps(report), flush=True)
"""

APP = (
    MEASURE
    + """
from pathlib import Path

from textual.screen import Screen

from workshop.cli import build_app, build_parser
from workshop.launch import PhoneAddress, RunFile

data_dir, scenario, mode, port = sys.argv[1], Path(sys.argv[2]), sys.argv[3], int(sys.argv[4])
meter = Meter(sys.argv[5] if len(sys.argv) > 5 else None)
update_screen = Screen._on_timer_update


def timed_update(screen):
    began = time.perf_counter()
    update_screen(screen)
    meter.draws[0] += 1
    meter.draws[1] += time.perf_counter() - began


Screen._on_timer_update = timed_update  # how often, and how long, the screen is drawn


async def facilitate(pilot):
    app = pilot.app
    await pilot.pause()
    await pilot.press("ctrl+s")
    deadline = time.monotonic() + 20
    while mode == "phones" and (app.phones is None or app.phones.server is None):
        assert time.monotonic() < deadline, "the phone server never started"
        await pilot.pause(0.01)
    for _ in range(8):
        if app.live.session.open_round() is not None:
            break
        await pilot.press("space")
        await pilot.pause()
    live = app.live
    session = live.session
    voting, visit = session.open_round(), session.position.visit
    assert voting is not None, session.position
    ready = {"record": str(live.record), "visit": visit, "number": voting.number}
    if app.phones is not None:
        ready.update(port=app.phones.server.port, code=app.phones.server.registry.code)

    def counted(change):
        voting = change.session.current_round()
        meter.votes(voting.votes_in if voting is not None else 0)

    live.subscribe(counted)
    saves = live.saves

    def report():
        voting = live.session.current_round()
        return {"saves": live.saves - saves, "votes_in": voting.votes_in if voting else 0}

    await meter.phases(ready, report)
    app.exit()


app = build_app(build_parser().parse_args(["--data-dir", data_dir]),
                RunFile(scenario, vote=mode, phones=PhoneAddress("127.0.0.1", port)))
app.run(headless=True, size=(120, 40), auto_pilot=facilitate)
"""
)

BARE = (
    MEASURE
    + """
from aiohttp import web

port = int(sys.argv[4])
meter = Meter(None)
votes = set()
tokens = iter(range(10**9))


async def join(request):
    await request.read()
    token = str(next(tokens))
    reply = web.json_response({"token": token})
    reply.set_cookie("workshop_phone", token, httponly=True)
    return reply


async def question(request):
    return web.json_response({"round": 1, "open": True, "options": ["one", "two"]})


async def vote(request):
    body = json.loads(await request.read())
    votes.add(request.cookies.get("workshop_phone"))
    meter.votes(len(votes))
    return web.json_response({"my_vote": body["option"]})


async def main():
    app = web.Application()
    app.add_routes([web.post("/api/join", join), web.get("/api/question", question),
                    web.post("/api/vote", vote)])
    runner = web.AppRunner(app, access_log=None)
    await runner.setup()
    await web.TCPSite(runner, "127.0.0.1", port, backlog=1024).start()
    await meter.phases({"port": port, "code": "ANY"}, lambda: {"votes_in": len(votes)})


asyncio.run(main())
"""
)


@dataclass
class Phone:
    latencies: dict[str, float] = field(default_factory=dict)
    """Seconds per request: join, question, vote."""
    token: str | None = None
    voted: int | None = None
    """The option of the vote answered 200."""
    error: str | None = None


@dataclass
class Burst:
    phones: list[Phone]
    began: float
    """time.monotonic() when the phones were let go: the same clock as the app's."""
    voting: float
    """When the vote phase began (with --all-at-once, the same moment)."""
    ended: float
    """When the last phone had its last answer."""
    cpu: float
    """This process's CPU seconds over the burst: what the room cost."""


class Child:
    """One server in its own process, talked to through its stdin and stdout."""

    def __init__(self, code: str, argv: list[str], *, freeze_gc: bool) -> None:
        env = {**os.environ, "BENCH_FREEZE_GC": "1" if freeze_gc else ""}
        self.process = subprocess.Popen(
            [sys.executable, "-c", code, *argv],
            env=env,
            stdin=subprocess.PIPE,
            stdout=subprocess.PIPE,
            text=True,
            cwd=REPO,
        )

    def said(self, word: str) -> dict[str, Any]:
        assert self.process.stdout is not None
        for line in self.process.stdout:
            if line.startswith(word + " "):
                result: dict[str, Any] = json.loads(line[len(word) + 1 :])
                return result
        raise SystemExit(f"the child ended before saying {word} (exit {self.process.wait()})")

    def tell(self, line: str) -> None:
        assert self.process.stdin is not None
        self.process.stdin.write(line + "\n")
        self.process.stdin.flush()

    def close(self) -> None:
        try:
            self.process.wait(timeout=30)
        except subprocess.TimeoutExpired:
            self.process.kill()
            self.process.wait()


def free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return int(probe.getsockname()[1])


async def timed(phone: Phone, kind: str, request: Any) -> tuple[int, Any]:
    sent = time.perf_counter()
    async with request as reply:
        body = await reply.json()
    phone.latencies[kind] = time.perf_counter() - sent
    return reply.status, body


async def one_phone(
    url: str,
    code: str,
    number: int,
    phone: Phone,
    join: asyncio.Event,
    vote: asyncio.Event,
    arrived: Callable[[], None],
    spread: float,
) -> None:
    """Join, fetch the question, vote: on its own connection, as a phone in the room does."""
    connector = aiohttp.TCPConnector(limit=1)
    timeout = aiohttp.ClientTimeout(total=60)
    jar = aiohttp.CookieJar(unsafe=True)  # the token's cookie, on an address, not a name
    async with aiohttp.ClientSession(connector=connector, timeout=timeout, cookie_jar=jar) as http:
        await join.wait()
        await asyncio.sleep(random.uniform(0, spread))
        try:
            body = {"code": code, "perspective": GROUPS[number % len(GROUPS)]}
            try:
                status, joined = await timed(phone, "join", http.post(f"{url}/api/join", json=body))
            finally:
                arrived()
            if status != 200:
                phone.error = f"join {status}"
                return
            phone.token = joined["token"]
            await vote.wait()
            await asyncio.sleep(random.uniform(0, spread))
            status, question = await timed(phone, "question", http.get(f"{url}/api/question"))
            if status != 200:
                phone.error = f"question {status}"
                return
            option = number % len(question["options"]) + 1
            choice = {"round": question["round"], "option": option}
            status, _ = await timed(phone, "vote", http.post(f"{url}/api/vote", json=choice))
            if status != 200:
                phone.error = f"vote {status}"
                return
            phone.voted = option
        except (aiohttp.ClientError, OSError) as error:
            phone.error = type(error).__name__


@dataclass(frozen=True)
class Room:
    """How the room behaves: from the command line."""

    phones: int
    all_at_once: bool = False
    spread: float = 0.0
    """Each phone waits a random time up to this many seconds before joining and voting."""
    freeze_gc: bool = False


async def room(url: str, code: str, how: Room, tell: Callable[[str], None]) -> Burst:
    """All the phones joining at once, then all of them voting at once."""
    join, vote, everyone = asyncio.Event(), asyncio.Event(), asyncio.Event()
    count = waiting = how.phones

    def arrived() -> None:
        nonlocal waiting
        waiting -= 1
        if not waiting:
            everyone.set()

    phones = [Phone() for _ in range(count)]
    tasks = [
        asyncio.create_task(one_phone(url, code, n, phone, join, vote, arrived, how.spread))
        for n, phone in enumerate(phones)
    ]
    await asyncio.sleep(0.2)  # every client session made and waiting: the burst is requests only
    cpu, began = time.process_time(), time.monotonic()
    if how.all_at_once:
        tell(f"VOTE {count}")
        vote.set()
        join.set()
    else:
        tell("JOIN")
        join.set()
        await everyone.wait()  # every join answered (or failed)
        tell(f"VOTE {count}")
        vote.set()
    voting = time.monotonic()
    await asyncio.gather(*tasks)
    return Burst(phones, began, voting, time.monotonic(), time.process_time() - cpu)


def counted_in_record(ready: dict[str, Any], phones: list[Phone]) -> int:
    """How many votes answered 200 the record on disk holds, each under its phone's key."""
    from workshop.storage.phones import load_phones, phones_path
    from workshop.storage.sessions import load_session
    from workshop.web.registry import Registry

    record = Path(ready["record"])
    voting = load_session(record).visits[ready["visit"]].round(ready["number"])
    state = load_phones(phones_path(record))
    assert voting is not None
    assert state is not None
    registry = Registry(state, None)
    found = 0
    for phone in phones:
        if phone.token is None or phone.voted is None:
            continue
        ballot = voting.ballots.get(
            registry.ballot_key(phone.token, ready["visit"], ready["number"])
        )
        found += ballot is not None and ballot.option == phone.voted
    return found


@dataclass
class Measured:
    ready: dict[str, Any]
    report: dict[str, Any]
    burst: Burst | None = None
    counted: int = 0


def measure(code: str, argv: list[str], how: Room | None) -> Measured:
    """Start the child, send the room at it (if any), and read what both measured."""
    child = Child(code, argv, freeze_gc=bool(how and how.freeze_gc))
    try:
        ready = child.said("READY")
        burst = None
        if how is not None:
            url = f"http://127.0.0.1:{ready['port']}"
            burst = asyncio.run(room(url, ready["code"], how, child.tell))
        child.tell("END")
        measured = Measured(ready, child.said("REPORT"), burst)
    finally:
        child.close()
    if burst is not None:
        if "record" in ready:
            measured.counted = counted_in_record(ready, burst.phones)
        else:
            measured.counted = sum(phone.voted is not None for phone in burst.phones)
    return measured


def percentile(values: list[float], share: float) -> float:
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, int(len(ordered) * share))] if ordered else float("nan")


def ms(seconds: float | None) -> str:
    return "-" if seconds is None else f"{seconds * 1000:.0f} ms"


def mb(kilobytes: int) -> str:
    return f"{kilobytes / 1024:.0f} MB"


def figures(run: Measured, count: int) -> dict[str, str]:
    """The rows of one column."""
    ready, report, burst = run.ready, run.report, run.burst
    rows = {
        "RSS idle at the first vote": mb(ready["idle_rss"]),
        "RSS peak (VmHWM)": mb(report["peak_rss"]),
        "loop lag idle, max": ms(ready["idle_lag"]["max"]),
    }
    if burst is None:
        return rows
    phases = report["phases"]
    join = [p.latencies["join"] for p in burst.phones if "join" in p.latencies]
    voting = [
        p.latencies[k] for p in burst.phones for k in ("question", "vote") if k in p.latencies
    ]
    if "JOIN" in phases:
        rows["joining: all answered after"] = f"{burst.voting - burst.began:.2f} s"
        rows["joining: latency p50 / p99"] = (
            f"{ms(percentile(join, 0.5))} / {ms(percentile(join, 0.99))}"
        )
        rows["joining: loop lag max / p99"] = (
            f"{ms(phases['JOIN']['lag']['max'])} / {ms(phases['JOIN']['lag']['p99'])}"
        )
        rows["joining: server CPU"] = f"{phases['JOIN']['cpu']:.2f} s"
    else:
        voting += join
    counted_at = report["counted_at"]
    rows["voting: all counted after"] = (
        f"{counted_at - burst.voting:.2f} s" if counted_at else "never"
    )
    rows["voting: last answer after"] = f"{burst.ended - burst.voting:.2f} s"
    rows["voting: latency p50 / p99"] = (
        f"{ms(percentile(voting, 0.5))} / {ms(percentile(voting, 0.99))}"
    )
    rows["voting: latency max"] = ms(max(voting, default=None))
    rows["voting: loop lag max / p99"] = (
        f"{ms(phases['VOTE']['lag']['max'])} / {ms(phases['VOTE']['lag']['p99'])}"
    )
    rows["voting: server CPU (loop thread)"] = (
        f"{phases['VOTE']['cpu']:.2f} s ({phases['VOTE']['loop_cpu']:.2f})"
    )
    for phase, name in (("JOIN", "joining"), ("VOTE", "voting")):
        if phase in phases:
            gc = phases[phase]
            rows[f"{name}: GC total / max (full GCs)"] = (
                f"{ms(gc['gc'])} / {ms(gc['gc_max'])} ({gc['gc_full']})"
            )
    for phase, name in (("JOIN", "joining"), ("VOTE", "voting")):
        if phase in phases and phases[phase].get("draws"):
            drawn = phases[phase]
            rows[f"{name}: screen draws, time"] = f"{drawn['draws']}, {ms(drawn['draw_time'])}"
    rows["votes lost"] = str(count - run.counted)
    rows["record saves in the burst"] = str(report.get("saves", "-"))
    rows["load generator CPU"] = f"{burst.cpu:.2f} s"
    return rows


TARGETS = {
    "RSS peak (VmHWM)": "<= 150 MB",
    "joining: latency p50 / p99": "p99 <= 250 ms",
    "joining: loop lag max / p99": "<= 150 ms",
    "voting: all counted after": "<= 2 s",
    "voting: latency p50 / p99": "p99 <= 250 ms",
    "voting: loop lag max / p99": "<= 150 ms",
    "votes lost": "0",
}


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--phones", type=int, default=2000, metavar="N")
    parser.add_argument("--scenario", type=Path, default=SCENARIO, metavar="FILE")
    parser.add_argument(
        "--all-at-once", action="store_true", help="each phone joins, fetches and votes in one go"
    )
    parser.add_argument(
        "--spread",
        type=float,
        default=0.0,
        metavar="S",
        help="each phone waits up to S seconds (at random) before joining and before voting",
    )
    parser.add_argument(
        "--freeze-gc",
        action="store_true",
        help="gc.freeze() in the servers after start-up: what full collections cost",
    )
    parser.add_argument("--profile", metavar="FILE", help="a cProfile of the app's phases")
    args = parser.parse_args()
    how = Room(args.phones, args.all_at_once, args.spread, args.freeze_gc)
    soft, hard = resource.getrlimit(resource.RLIMIT_NOFILE)
    if soft < args.phones + 100:  # a socket per phone
        resource.setrlimit(resource.RLIMIT_NOFILE, (min(hard, args.phones + 200), hard))
    profile = [os.path.abspath(args.profile)] if args.profile else []
    scenario = str(args.scenario)
    with tempfile.TemporaryDirectory() as keypad_dir, tempfile.TemporaryDirectory() as phones_dir:
        keypad = measure(APP, [keypad_dir, scenario, "keypad", "0"], None)
        bare = measure(BARE, ["", "", "", str(free_port())], how)
        argv = [phones_dir, scenario, "phones", str(free_port()), *profile]
        phones = measure(APP, argv, how)
    columns = {
        "keypad": figures(keypad, 0),
        "bare aiohttp": figures(bare, args.phones),
        "phones": figures(phones, args.phones),
    }
    steps = "join, fetch, vote in one go" if how.all_at_once else "all join, then all vote"
    spread = f", each within {how.spread:g} s" if how.spread else ", all at once"
    print(f"{how.phones} phones, each on its own connection: {steps}{spread}")
    print(
        f"scenario {args.scenario.name}; {os.cpu_count()} cores; the room is one process"
        + ("; gc.freeze() after start-up" if how.freeze_gc else "")
    )
    print(f"{'':36}{'keypad':>10}{'bare aiohttp':>22}{'phones':>22}   target")
    for name in columns["phones"]:
        cells = [columns[c].get(name, "-") for c in columns]
        print(f"{name:36}{cells[0]:>10}{cells[1]:>22}{cells[2]:>22}   {TARGETS.get(name, '')}")
    errors: dict[str, int] = {}
    for phone in phones.burst.phones if phones.burst else []:
        if phone.error:
            errors[phone.error] = errors.get(phone.error, 0) + 1
    if errors:
        print("not answered 200:", ", ".join(f"{n} x {e}" for e, n in sorted(errors.items())))
    if profile:
        print(f"profile of the app's phases in {profile[0]} (python -m pstats {profile[0]})")


if __name__ == "__main__":
    main()
