"""The JSON interface of workshop.md, through a real HTTP client on 127.0.0.1."""

from __future__ import annotations

import aiohttp

from tests.web.conftest import Served
from workshop.storage.sessions import load_session


async def join(client: aiohttp.ClientSession, served: Served, perspective: str) -> str:
    async with client.post(
        f"{served.url}/api/join", json={"code": served.code, "perspective": perspective}
    ) as reply:
        assert reply.status == 200
        body = await reply.json()
    token: str = body["token"]
    return token


async def test_a_phone_joins_votes_changes_its_vote_and_a_replay_counts_once(
    served: Served, client: aiohttp.ClientSession
) -> None:
    await join(client, served, "carer")
    async with client.get(f"{served.url}/api/question") as reply:
        question = await reply.json()
    assert question["open"] is True
    assert question["options"] == ["Ask Alex what would help today", "Explain the service first"]
    assert question["my_vote"] is None
    for option in (1, 2, 2):
        async with client.post(
            f"{served.url}/api/vote", json={"round": question["round"], "option": option}
        ) as reply:
            assert reply.status == 200
            assert (await reply.json())["my_vote"] == option
    voting = load_session(served.record).current_round()
    assert voting is not None
    assert voting.votes_in == 1
    assert voting.tally(2).count(2, "carer") == 1
