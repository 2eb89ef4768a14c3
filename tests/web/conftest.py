"""A phone server on 127.0.0.1 and a free port, serving a live session at its first vote."""

from __future__ import annotations

import itertools
from collections.abc import AsyncIterator
from dataclasses import dataclass
from pathlib import Path

import aiohttp
import pytest

from tests.conftest import DATA
from tests.factories import load, session_for
from tests.unit.test_session import walk_to
from workshop.live import LiveSession
from workshop.storage.phones import phones_path
from workshop.storage.sessions import save_session
from workshop.web.registry import JoinLimiter, Registry
from workshop.web.server import PhoneServer
from workshop.web.sink import LiveSink

MINIMAL = DATA / "valid/minimal.toml"


@dataclass
class Served:
    server: PhoneServer
    live: LiveSession
    record: Path

    @property
    def url(self) -> str:
        return self.server.url

    @property
    def code(self) -> str:
        return self.server.registry.code

    def round_id(self) -> int:
        session = self.live.session
        index = session.position.visit
        voting = session.current_round()
        assert index is not None
        assert voting is not None
        return session.round_id(index, voting.number)


async def serve(tmp_path: Path, phase: str = "vote", *, show_results: bool = False) -> Served:
    scenario = load(MINIMAL)
    session = walk_to(scenario, session_for(scenario), phase)
    record = tmp_path / "sessions" / "record.toml"
    ticks = itertools.count()
    live = LiveSession(
        scenario, session, clock=lambda: float(next(ticks)), record=record, save=save_session
    )
    live.start()
    phones = Registry.new("127.0.0.1", 0, phones_path(record), show_results=show_results)
    server = PhoneServer(
        LiveSink(live), phones, host="127.0.0.1", port=0, limiter=JoinLimiter(limit=10)
    )
    await server.start()
    return Served(server, live, record)


@pytest.fixture
async def served(tmp_path: Path) -> AsyncIterator[Served]:
    running = await serve(tmp_path)
    yield running
    await running.server.stop()


@pytest.fixture
async def client() -> AsyncIterator[aiohttp.ClientSession]:
    """A phone's browser: its own cookie jar, as a real client."""
    async with aiohttp.ClientSession(cookie_jar=aiohttp.CookieJar(unsafe=True)) as session:
        yield session
