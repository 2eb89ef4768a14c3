"""Pulling the plug on a phones session loses no vote a phone was told was saved.

The real app runs in phones mode in its own process (tests/phone_crash_child.py)
on 127.0.0.1 and a port of its own. Phones join, vote and change their votes
over HTTP, all at once; the test remembers every answer 200 and kills the app
with SIGKILL at a random moment (after a random number of answers 200, plus a
random few milliseconds, so kills land inside saves too; seeded). In every
third run the facilitator closes the vote once a few votes are in, so that
some kills come after the close. After each kill:

- every phone whose join was answered 200 is in the phones file;
- every phone's last vote answered 200 is in the record: its ballot in the open
  round, or counted in the closed round's counts (a vote it sent later and
  never had answered may have replaced it), and no other phone vote is there;
- `resume` serves the same join code on the same port; every phone that joined
  before the kill still works with its old token and sees its own vote; a
  phone's next change replaces its vote (votes_in does not grow), and a closed
  round stays closed.

6 kills in the default run, 40 more under `-m slow`.
"""

from __future__ import annotations

import asyncio
import itertools
import json
import random
import socket
import sys
import time
from collections import Counter
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import aiohttp
import pytest

from tests.conftest import DATA, REPO, TODAY
from tests.tui.conftest import make_services
from workshop.domain.session import Round, Session
from workshop.domain.tally import GROUPS
from workshop.launch import ResumeSession
from workshop.storage.phones import load_phones, phones_path
from workshop.storage.resume import plan_resume
from workshop.storage.sessions import list_sessions, load_session
from workshop.tui.app import WorkshopApp
from workshop.web.registry import Registry

CHILD = REPO / "tests/phone_crash_child.py"
SCENARIO = DATA / "valid/minimal.toml"
PHONES = 5
OPTIONS = 2
VOTES_PER_PHONE = 400  # more than any run sends before the kill: a bound, not a target
TIMEOUT = aiohttp.ClientTimeout(total=10)


@dataclass
class Phone:
    """What one phone was told: its token once the join was answered, its votes."""

    group: str
    token: str | None = None
    saved: int | None = None
    """The option of the last vote answered 200."""
    unanswered: set[int] = field(default_factory=set)
    """Options sent after it whose answer never came: any may be the one on disk."""

    def may_hold(self) -> set[int | None]:
        """What the record may hold for this phone: its saved vote, or one sent since."""
        return {self.saved, *self.unanswered}


@dataclass
class Run:
    seed: int
    data_dir: Path
    close_after: int | None
    """Votes in before the facilitator closes the vote; None: it stays open."""
    kill_after: int
    """Answers 200 (joins and votes) before the kill."""
    ready: dict[str, Any] = field(default_factory=dict)
    phones: list[Phone] = field(default_factory=list)
    answered: int = 0
    enough: asyncio.Event = field(default_factory=asyncio.Event)
    killed: bool = False

    def answer(self) -> None:
        self.answered += 1
        if self.answered >= self.kill_after:
            self.enough.set()


def free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return int(probe.getsockname()[1])


async def phone_votes(run: Run, phone: Phone, rng: random.Random) -> None:
    """Join, then vote and change the vote until the app dies or the vote closes."""
    url = f"http://127.0.0.1:{run.ready['port']}"
    async with aiohttp.ClientSession(timeout=TIMEOUT) as http:
        try:
            body = {"code": run.ready["code"], "perspective": phone.group}
            async with http.post(f"{url}/api/join", json=body) as reply:
                assert reply.status == 200, await reply.text()
                phone.token = (await reply.json())["token"]
            run.answer()
            headers = {"Authorization": f"Bearer {phone.token}"}
            option = rng.randint(1, OPTIONS)
            for _ in range(VOTES_PER_PHONE):
                if rng.random() < 0.8:  # a change of mind; else the same vote again
                    option = option % OPTIONS + 1
                phone.unanswered.add(option)
                body = {"round": run.ready["round"], "option": option}
                async with http.post(f"{url}/api/vote", json=body, headers=headers) as reply:
                    if reply.status == 409:  # the vote closed: it was not taken
                        phone.unanswered.discard(option)
                        return
                    assert reply.status == 200, await reply.text()
                    mine = await reply.json()
                # Its own vote, or (closed while it was being saved) counted in the result.
                assert mine["my_vote"] == option or (mine["counted"] and not mine["open"])
                phone.saved, phone.unanswered = option, set()
                run.answer()
        except (aiohttp.ClientError, OSError):  # timeouts too
            if not run.killed:
                raise
            # the app was killed with this request on its way


async def vote_and_kill(run: Run, delay: float) -> None:
    """Start the app, let the phones vote, kill it after `kill_after` answers and `delay`."""
    rng = random.Random(run.seed)
    run.phones = [Phone(rng.choice(GROUPS)) for _ in range(PHONES)]
    args = [str(run.data_dir), str(SCENARIO), str(free_port())]
    if run.close_after is not None:
        args.append(str(run.close_after))
    said = run.data_dir.parent / f"child-{run.seed}.err"
    with said.open("wb") as errors:
        child = await asyncio.create_subprocess_exec(
            sys.executable, str(CHILD), *args, stdout=asyncio.subprocess.PIPE, stderr=errors
        )
    assert child.stdout is not None
    voting: list[asyncio.Task[None]] = []
    try:
        line = await asyncio.wait_for(child.stdout.readline(), 30)
        assert line.startswith(b"READY "), f"seed {run.seed}: {line!r} {said.read_text()}"
        run.ready = json.loads(line[6:])
        voting = [
            asyncio.create_task(phone_votes(run, phone, random.Random(f"{run.seed}/{n}")))
            for n, phone in enumerate(run.phones)
        ]
        # The kill comes after that many answers, or once every phone has stopped (closed).
        enough = asyncio.create_task(run.enough.wait())
        stopped = asyncio.create_task(asyncio.wait(voting))
        done, _ = await asyncio.wait([enough, stopped], timeout=30, return_when="FIRST_COMPLETED")
        assert done, f"seed {run.seed}: the phones stalled"
        enough.cancel()
        await asyncio.sleep(delay)
    finally:
        run.killed = True
        if child.returncode is None:
            child.kill()
        await child.wait()
    await asyncio.gather(*voting)


def phones_key(run: Run, session: Session) -> tuple[Round, dict[str, Phone]]:
    """The round the phones voted in, and each joined phone by its ballot key there."""
    index = session.position.visit
    voting = session.current_round()
    assert index is not None, f"seed {run.seed}: {session.position}"
    assert voting is not None, f"seed {run.seed}: {session.position}"
    state = load_phones(phones_path(Path(run.ready["record"])))
    assert state is not None, f"seed {run.seed}: no phones file"
    registry = Registry(state, None)
    joined = [phone for phone in run.phones if phone.token is not None]
    assert {p.token for p in joined} <= set(state.phones), f"seed {run.seed}: a join was lost"
    assert all(state.phones[p.token] == p.group for p in joined if p.token)
    return voting, {
        registry.ballot_key(p.token, index, voting.number): p for p in joined if p.token
    }


def assert_nothing_answered_is_lost(run: Run, session: Session) -> None:
    voting, by_key = phones_key(run, session)
    if voting.open:
        assert set(voting.ballots) <= set(by_key), f"seed {run.seed}: a vote from nowhere"
        for key, phone in by_key.items():
            ballot = voting.ballots.get(key)
            held = ballot.option if ballot else None
            assert held in phone.may_hold(), f"seed {run.seed}: held {held}, told {phone}"
            assert ballot is None or ballot.group == phone.group
        return
    counted = Counter({(c.option, c.group): c.votes for c in voting.counts if c.source == "phones"})
    phones = list(by_key.values())
    possible = (
        Counter((option, phone.group) for option, phone in zip(held, phones, strict=True) if option)
        for held in itertools.product(*(sorted(p.may_hold(), key=str) for p in phones))
    )
    assert counted in possible, f"seed {run.seed}: counted {counted}, told {phones}"


async def resume_and_check(run: Run, record: Path, session: Session) -> None:
    """Resume: the same code on the same port; old tokens work; a change replaces a vote."""
    plan = plan_resume(record, session, run.data_dir / "sessions", TODAY)
    assert plan.problem is None
    assert not plan.needs_consent
    resumed = WorkshopApp(make_services(run.data_dir), ResumeSession(plan))
    async with resumed.run_test(size=(100, 40)) as pilot:
        deadline = time.monotonic() + 10
        while resumed.phones is None or resumed.phones.server is None:
            assert time.monotonic() < deadline, f"seed {run.seed}: no phone server on resume"
            await pilot.pause(0.01)
        server = resumed.phones.server
        assert (server.registry.code, server.port) == (run.ready["code"], run.ready["port"])
        assert server.join_url.startswith(f"http://127.0.0.1:{run.ready['port']}/j/")
        voting, by_key = phones_key(run, session)
        url = server.url
        async with aiohttp.ClientSession(timeout=TIMEOUT) as http:
            mine: dict[str, int | None] = {}
            for key, phone in by_key.items():
                headers = {"Authorization": f"Bearer {phone.token}"}
                async with http.get(f"{url}/api/question", headers=headers) as reply:
                    assert reply.status == 200, f"seed {run.seed}: old token refused"
                    question = await reply.json()
                assert question["round"] == run.ready["round"]
                assert question["open"] is voting.open
                ballot = voting.ballots.get(key)
                assert question["my_vote"] == (ballot.option if ballot else None)
                assert question["counted"] is (key in voting.phones_counted)
                mine[key] = question["my_vote"]
            key = next((k for k, vote in mine.items() if vote), next(iter(by_key)))
            headers = {"Authorization": f"Bearer {by_key[key].token}"}
            before = voting.votes_in
            for _ in range(2):  # a change of mind, then another: one vote all along
                option = (mine[key] or 1) % OPTIONS + 1
                body = {"round": run.ready["round"], "option": option}
                async with http.post(f"{url}/api/vote", json=body, headers=headers) as reply:
                    status = reply.status
                after = load_session(record).current_round()
                assert after is not None
                if not voting.open:
                    assert status == 409, f"seed {run.seed}: a closed vote took a vote"
                    assert after.counts == voting.counts
                    return
                assert status == 200
                assert after.ballots[key].option == option
                assert after.votes_in == before + (mine[key] is None), f"seed {run.seed}"
                before, mine[key] = after.votes_in, option


async def check_kill(tmp_path: Path, seed: int) -> None:
    rng = random.Random(f"kill/{seed}")
    close_after = 1 + seed // 3 % PHONES if seed % 3 == 2 else None
    run = Run(seed, tmp_path / f"run-{seed}", close_after, kill_after=rng.randint(1, 60))
    await vote_and_kill(run, delay=rng.uniform(0, 0.005))
    assert any(phone.token for phone in run.phones), f"seed {run.seed}: no phone joined"
    record = Path(run.ready["record"])
    stored = list_sessions(run.data_dir / "sessions")
    assert [s.error for s in stored] == [None], f"seed {seed}: {stored}"
    session = load_session(record)
    assert_nothing_answered_is_lost(run, session)
    await resume_and_check(run, record, session)


@pytest.mark.parametrize("seed", range(6))
async def test_a_kill_while_phones_vote_loses_no_vote_answered_and_resume_carries_on(
    tmp_path: Path, seed: int
) -> None:
    await check_kill(tmp_path, seed)


@pytest.mark.slow
@pytest.mark.parametrize("seed", range(100, 140))
async def test_many_more_kills_while_phones_vote(tmp_path: Path, seed: int) -> None:
    await check_kill(tmp_path, seed)
