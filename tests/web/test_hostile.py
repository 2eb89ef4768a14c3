"""A hostile run: well over a thousand malformed or hostile requests against one phone server.

What it pins: whatever arrives, every request gets the status the interface gives it
(never a 500, always with the security headers), the server keeps serving a real phone
to the end, and exactly the valid votes are counted in the saved record. The requests
come from a seeded generator: random JSON, wrong types, bodies over 4 KiB with and
without a length, bodies that do not inflate, truncated bodies, two bodies that trickle
in slower than the 5 s body timeout (408, while everything else carries on), wrong
codes (a flood from two addresses, spoofing X-Forwarded-For), wrong tokens, replays,
votes on a closed round, a future round and a reopened one, a script in every field,
odd paths and methods, bad Host headers, and bytes that are not HTTP at all.

`Model` is the interface as workshop.md states it: what each request must get, and what
it changes (a phone joined, a ballot cast, a wrong code counted against its address).
"""

from __future__ import annotations

import asyncio
import contextlib
import gzip
import json
import random
import re
from collections import Counter
from collections.abc import AsyncIterator, Callable
from dataclasses import dataclass, field
from http.cookies import SimpleCookie
from typing import Any
from urllib.parse import parse_qsl, quote, urlencode

import aiohttp
import yarl

from tests.web.conftest import Served
from workshop.domain.tally import GROUPS
from workshop.domain.transitions import next_step, previous_step, reopen_vote
from workshop.storage.sessions import load_session
from workshop.web.registry import CODE_ALPHABET, normal_code
from workshop.web.server import COOKIE, MAX_BODY

SEED = 20261129
LIMIT = 10  # wrong codes an address may send before it must wait: the served fixture's limiter
PHONES, GUESSERS, REAL_PHONE = ("127.0.0.1", "127.0.0.4"), ("127.0.0.2", "127.0.0.3"), "127.0.0.9"
SCRIPTS = ('<script>alert("x")</script>', '"><img src=x onerror=alert(1)>', "<svg onload=alert(1)>")
STRINGS = (*SCRIPTS, "", " ", "1", "١", "carer", "doctor", "null", "😀", "\u202e", "\x00",
           "a" * 300, "' OR 1=1 --", "../../etc/passwd", "%00", "\r\nSet-Cookie: x=1")  # fmt: skip
GET_ROUTES = ("/", "/group", "/static/page.css", "/static/page.js", "/j/CODE", "/api/question")
POST_ROUTES = ("/join", "/vote", "/api/join", "/api/vote")
ODD_PATHS = ("//", "/api/vote/", "/API/QUESTION", "/api", "/j", "/j/", "/j/A/B", "/.env",
             "/static/", "/static/../workshop/web/server.py", "/%2e%2e/etc/passwd")  # fmt: skip
BAD_HOSTS = ("evil.example", "evil.example:PORT", "localhost:PORT", "127.0.0.1:1", "",
             "[::1]:PORT", "127.0.0.1:PORT.", SCRIPTS[0])  # fmt: skip
Check = Callable[["Answer"], "str | None"]


@dataclass
class Answer:
    status: int | None  # None: the connection closed without an answer
    headers: Any = None
    body: bytes = b""


@dataclass
class Request:
    what: str
    expect: int
    effect: Check | None = None  # what an expected answer changes; or why it is wrong
    method: str = "POST"
    path: str = "/"
    headers: dict[str, str] = field(default_factory=dict)
    body: Any = None  # bytes, or an async iterator (sent chunked, without a length)
    address: str = PHONES[0]
    token: str | None = None  # the phone the server must see in the headers


@dataclass
class Model:
    code: str
    round_id: int
    open: bool = True
    groups: dict[str, str] = field(default_factory=dict)  # token: perspective group
    pool: list[str] = field(default_factory=list)  # the tokens the generator uses
    ballots: dict[str, tuple[int, str]] = field(default_factory=dict)  # the round's open part
    counted: dict[str, tuple[int, str]] = field(default_factory=dict)  # in its closed counts
    wrong: Counter[str] = field(default_factory=Counter)  # wrong codes per address
    last_vote: tuple[dict[str, str], str | None, bytes] | None = None  # to replay

    def close(self) -> None:
        self.counted.update(self.ballots)
        self.ballots, self.open = {}, False

    def vote(self, token: str | None, round_id: Any, option: Any, ok: int) -> Request:
        if token is None:
            return Request("vote without a valid token", 401)
        if not all(isinstance(v, int) and not isinstance(v, bool) for v in (round_id, option)):
            return Request("vote of the wrong types", 400)
        if not self.open or round_id != self.round_id:
            return Request("vote on a round that is not open", 409)
        if not 1 <= option <= 2:
            return Request("vote for an option out of range", 400)
        if token in self.counted:
            return Request("vote of a phone already counted in this round", 409)
        cast = {token: (option, self.groups[token])}
        return Request("vote", ok, lambda _: self.ballots.update(cast))

    def join(self, address: str, known: str | None, code: Any, group: Any, ok: int) -> Request:
        if self.wrong[address] >= LIMIT:
            return Request("join from an address that sent too many wrong codes", 429)
        if not isinstance(code, str) or not isinstance(group, str) or group not in GROUPS:
            return Request("join of the wrong types", 400)
        if normal_code(code) != self.code:
            return Request("wrong code", 403, lambda _: self.wrong.update([address]))

        def joined(answer: Answer) -> str | None:
            cookie = SimpleCookie(answer.headers.get("Set-Cookie", ""))
            token = cookie[COOKIE].value if COOKIE in cookie else ""
            if not token or token != (known or token) or (not known and token in self.groups):
                return f"joining gave token {token!r} to the phone that had {known!r}"
            self.pool += [] if known else [token]
            self.groups[token] = group
            return None

        return Request("join", ok, joined)

    def question(self, token: str | None) -> Request:
        if token is None:
            return Request("question without a valid token", 401, method="GET")

        def shown(answer: Answer) -> str | None:
            got = json.loads(answer.body)
            mine = self.ballots.get(token, (None, ""))[0] if self.open else None
            seen = (got["round"], got["open"], got["my_vote"], got["counted"], got["perspective"])
            want = (self.round_id, self.open, mine, token in self.counted, self.groups[token])
            return None if seen == want else f"a phone was shown {seen}, not {want}"

        return Request("question", 200, shown, method="GET")


def random_json(rng: random.Random, depth: int = 0) -> Any:
    kind = rng.randrange(7 if depth < 3 else 5)
    if kind < 2:
        return rng.choice([None, True, False, 0, 1, 2, -1, 3, 2**64, 0.5, 1.0, float("nan")])
    if kind < 5:
        return rng.choice(STRINGS)
    if kind == 5:
        return [random_json(rng, depth + 1) for _ in range(rng.randrange(4))]
    keys = ("round", "option", "code", "perspective", SCRIPTS[0], "")
    return {rng.choice(keys): random_json(rng, depth + 1) for _ in range(rng.randrange(4))}


def credentials(rng: random.Random, model: Model) -> tuple[dict[str, str], str | None]:
    """Headers naming a phone, and the token the server must take from them (None: none)."""
    token = rng.choice(model.pool) if model.pool else None
    fake = rng.choice([*SCRIPTS, "x", "not-a-token", (token or "abc")[:-1] + "~"])
    cookie, bearer = f"{COOKIE}={token}", f"Bearer {token}"
    kinds: list[tuple[dict[str, str], str | None]] = [
        ({}, None), ({"Cookie": f"{COOKIE}={fake}"}, None),
        ({"Authorization": f"Bearer {fake}"}, None),
    ] + ([] if token is None else [
        ({"Cookie": cookie}, token), ({"Authorization": bearer}, token),
        ({"Authorization": bearer}, token),
        ({"Authorization": f"Bearer {fake}", "Cookie": cookie}, None),  # the header wins
        ({"Authorization": "Basic dTpw", "Cookie": cookie}, token),  # not ours: the cookie
    ])  # fmt: skip
    return rng.choice(kinds)


def as_json(body: bytes) -> dict[str, Any] | None:
    """What the server reads from a JSON body: an object, or None for anything else."""
    with contextlib.suppress(ValueError, RecursionError):
        data = json.loads(body)
        return data if isinstance(data, dict) else None
    return None


def json_vote(
    rng: random.Random, model: Model, headers: dict[str, str], token: str | None
) -> Request:
    roll, round_id = rng.random(), model.round_id
    if roll < 0.1 and model.last_vote is not None:
        headers, token, body = model.last_vote  # a replay: counted once
    elif roll < 0.55:
        data = {"round": rng.choice([round_id] * 6 + [round_id + 1, round_id - 1, 0, 2**64]),
                "option": rng.choice([1, 2, 1, 2, 0, 3, -1, 10**20])}  # fmt: skip
        if rng.random() < 0.3:
            data[rng.choice(["note", "token", "html", "perspective"])] = rng.choice(SCRIPTS)
        body = json.dumps(data).encode()
    elif roll < 0.85:
        data = rng.choice([random_json(rng), {"round": round_id, "option": random_json(rng)}])
        body = json.dumps(data).encode()
    else:
        good = json.dumps({"round": round_id, "option": 1}).encode()
        body = rng.choice([good[: rng.randrange(len(good))], b"[" * 3000, b"\xff\xfe", b"{,}"])
    read = as_json(body)
    if token is not None and read is None:
        request = Request("vote that is not a JSON object", 400)
    else:
        request = model.vote(token, (read or {}).get("round"), (read or {}).get("option"), 200)
    if request.effect is not None:
        counted, vote = request.effect, (headers, token, body)
        request.effect = lambda answer: setattr(model, "last_vote", vote) or counted(answer)
    request.path, request.body, request.headers, request.token = "/api/vote", body, headers, token
    return request


def joining(
    rng: random.Random, model: Model, headers: dict[str, str], token: str | None
) -> Request:
    address = rng.choice(GUESSERS if rng.random() < 0.5 else PHONES)
    headers, known = (headers, token) if rng.random() < 0.3 else ({}, None)
    if rng.random() < 0.2:
        headers = {**headers, "X-Forwarded-For": f"10.0.0.{rng.randrange(256)}"}  # ignored
    code: Any = model.code
    if address in GUESSERS or rng.random() < 0.15:
        guess = "".join(rng.choice(CODE_ALPHABET) for _ in range(6))
        code = rng.choice([guess, guess, "", *SCRIPTS, random_json(rng)])
    elif rng.random() < 0.3:
        code = rng.choice([code.lower(), f"{code[:3]}-{code[3:]}", f" {code} "])
    group = rng.choice([*GROUPS, *GROUPS, random_json(rng)])
    if rng.random() < 0.5:
        body = json.dumps(rng.choice([{"code": code, "perspective": group}, random_json(rng)]))
        read = as_json(body.encode())
        request = (
            model.join(address, known, read.get("code"), read.get("perspective"), 200)
            if read is not None else Request("join that is not a JSON object", 400)
        )  # fmt: skip
        request.path = "/api/join"
    else:
        pairs = [("code", str(code)), ("perspective", str(group))]
        body = urlencode(pairs + [(rng.choice(SCRIPTS), "1")] * rng.choice([0, 0, 1, 12]))
        try:
            form = dict(parse_qsl(body, max_num_fields=10))
            request = model.join(address, known, form.get("code", ""), form.get("perspective"), 303)
        except ValueError:
            request = Request("form with more fields than any form has", 400)
        request.path = "/join"
    request.body, request.headers, request.address = body.encode(), headers, address
    return request


def form_vote(rng: random.Random, model: Model, token: str | None) -> Request:
    option = rng.choice(["1", "2", "0", "3", " 2 ", "١", "2.0", "", SCRIPTS[0]])
    round_text = rng.choice([str(model.round_id)] * 4 + [str(model.round_id + 1), "x"])
    try:
        request = model.vote(token, int(round_text), int(option), 303)
    except ValueError:
        request = Request("form vote that is not a number", 400 if token else 401)
    request.path = "/vote"
    request.body = urlencode({"round": round_text, "option": option}).encode()
    return request


def elsewhere(rng: random.Random, model: Model, token: str | None) -> Request:
    """The question, a page, or an odd path or method."""
    roll = rng.random()
    if roll < 0.35:
        request = model.question(token)
        request.path = rng.choice(["/api/question", "/api/question?html=1"])
        return request
    if roll < 0.65:
        where = rng.choice([*GET_ROUTES[:5], "/j/" + quote(rng.choice(STRINGS) or "x", safe="")])
        return Request("page", 200, method=rng.choice(["GET", "HEAD"]), path=where)
    path = rng.choice([*ODD_PATHS, *GET_ROUTES, *POST_ROUTES])
    allowed = ["GET", "HEAD"] if path in GET_ROUTES else ["POST"] if path in POST_ROUTES else []
    odd = ["OPTIONS", "TRACE", "PROPFIND", "DELETE", "PATCH", "PUT", "POST", "GET"]
    method = rng.choice([m for m in odd if m not in allowed])
    return Request("odd path or method", 405 if allowed else 404, method=method, path=path)


def hostile(rng: random.Random, model: Model) -> Request:
    """One request of a random kind, and what the interface must answer to it."""
    headers, token = credentials(rng, model)
    kind = rng.choices(["vote", "join", "form vote", "elsewhere"], [35, 30, 10, 25])[0]
    if kind == "vote":
        request = json_vote(rng, model, headers, token)
    elif kind == "join":
        request = joining(rng, model, headers, token)
    else:
        made = form_vote if kind == "form vote" else elsewhere
        request = made(rng, model, token)
        request.headers, request.token = headers, token
    return dressed(rng, request)


def dressed(rng: random.Random, request: Request) -> Request:
    """Now and then another Host, a body too long or one that will not inflate, or gzip."""
    roll, posted = rng.random(), request.method == "POST" and request.path in POST_ROUTES
    request.headers = dict(request.headers)  # shared with a remembered vote: never changed
    reads = request.token is not None or "join" in request.path  # the body, before any check
    if roll < 0.06:
        request.headers["Host"] = rng.choice(BAD_HOSTS)
        return refused(request, f"{request.what}, for another Host", 403)
    if roll < 0.09 and request.method in ("GET", "POST", "PUT", "PATCH", "DELETE"):
        request.body = b" " * rng.randrange(MAX_BODY + 1, 2 * MAX_BODY)
        return refused(request, "too long a body", 413)
    if roll < 0.11 and posted:
        request.body = chunks(rng.randrange(5, 9))
        return refused(request, "chunked, too long", 413 if reads else 401)
    if roll < 0.13 and posted:
        request.headers["Content-Encoding"] = rng.choice(["gzip", "deflate"])
        request.body = rng.randbytes(40)
        return refused(request, "does not inflate", 400 if reads else 401)
    if roll < 0.16 and posted:
        request.headers["Content-Encoding"] = "gzip"  # the same request, compressed
        request.body = gzip.compress(request.body)
    return request


def refused(request: Request, what: str, status: int) -> Request:
    request.what, request.expect, request.effect = what, status, None
    return request


async def chunks(count: int) -> AsyncIterator[bytes]:
    for _ in range(count):
        yield b"x" * 1024


def not_http(rng: random.Random, port: int) -> tuple[bytes, bool, set[int | None]]:
    """Bytes no HTTP client sends; whether to hang up after them; the answers that fit."""
    host = f"Host: 127.0.0.1:{port}\r\n".encode()
    join = b"POST /api/join HTTP/1.1\r\n" + host
    return rng.choice(
        [
            (b"GARBAGE\r\n\r\n", False, {400}),
            (b"\x16\x03\x01\x02\x00\x01\x00\x01\xfc\x03\x03" + rng.randbytes(40), False, {400}),
            (b"GET / HTTP/1.1\r\n" + host + b"Bad Header\r\n\r\n", False, {400}),
            (b"GET / HTTP/1.1\r\n" + host + host + b"\r\n", False, {400}),
            (b"GET / HTTP/1.1\r\nHost: \x01\x02\r\n\r\n", False, {400}),
            (b"GET /" + b"a" * 9000 + b" HTTP/1.1\r\n" + host + b"\r\n", False, {400}),
            (b"GET / HTTP/1.1\r\n" + host + b"X: " + b"a" * 9000 + b"\r\n\r\n", False, {400}),
            (b"FOO /api/vote HTTP/1.1\r\n" + host + b"\r\n", False, {400}),  # unknown method
            (join + b"Content-Length: -1\r\n\r\n", False, {400}),
            (join + b"Content-Length: 5\r\nTransfer-Encoding: chunked\r\n\r\n", False, {400}),
            (join + b"Transfer-Encoding: chunked\r\n\r\nzz\r\nabc\r\n0\r\n\r\n", False, {400}),
            (join + b"Content-Length: 100\r\n\r\n" + b'{"code": "', True, {None, 400}),
            (join + b"Content-Length: 1000000000000\r\n\r\n" + b" " * 1000, False, {413}),
        ]
    )  # fmt: skip


async def raw(port: int, data: bytes, hang_up: bool = False, trickle: bytes = b"") -> int | None:
    """Send bytes as they are, the body trickling in a byte at a time; the status answered."""
    reader, writer = await asyncio.open_connection("127.0.0.1", port)

    async def drip() -> None:
        for byte in trickle:
            await asyncio.sleep(0.25)  # the slow client itself
            writer.write(bytes([byte]))

    dripping = asyncio.create_task(drip())
    try:
        writer.write(data)
        if hang_up:
            writer.write_eof()
        line = await asyncio.wait_for(reader.readline(), 20)
    except ConnectionError:
        line = b""
    finally:
        dripping.cancel()
        writer.close()
    return int(line.split()[1]) if line else None


def problems_of(request: Request, answer: Answer) -> list[str]:
    said = (
        f"{request.what} ({request.method} {request.path} {request.headers} {request.body!r:.60})"
    )
    if answer.status != request.expect:
        return [f"{said}: {answer.status} {answer.body[:80]!r}, not {request.expect}"]
    headers = answer.headers
    wrong = {
        "no CSP": "default-src 'none'" not in headers.get("Content-Security-Policy", ""),
        "no nosniff": headers.get("X-Content-Type-Options") != "nosniff",
        "a Referer": headers.get("Referrer-Policy") != "no-referrer",
        "software named": re.search("aiohttp|python", headers.get("Server", ""), re.I),
        "cached": request.path.startswith("/api/") and headers.get("Cache-Control") != "no-store",
        "unescaped": any(m in answer.body for m in (b"<script>alert", b"<img src", b"<svg")),
    }
    found = [request.effect(answer) if request.effect else None]
    return [p for p in found if p] + [f"{said}: {name}" for name, bad in wrong.items() if bad]


async def answer_to(
    sessions: dict[str, aiohttp.ClientSession], url: str, request: Request
) -> Answer:
    target = yarl.URL(url + request.path, encoded=True)
    headers = {k: v.replace("PORT", url.rsplit(":", 1)[1]) for k, v in request.headers.items()}
    with contextlib.suppress(aiohttp.ClientError):
        async with sessions[request.address].request(
            request.method, target, headers=headers, data=request.body, allow_redirects=False
        ) as reply:
            return Answer(reply.status, reply.headers, await reply.read())
    return Answer(None)


def slowly(port: int, path: str, body: bytes, cookie: str = "") -> asyncio.Task[int | None]:
    """A request whose body trickles in far slower than the server's 5 s body timeout."""
    body = body.ljust(48)  # a byte every quarter second: 12 s in all
    head = f"POST {path} HTTP/1.1\r\nHost: 127.0.0.1:{port}\r\nContent-Length: 48\r\n{cookie}\r\n"
    return asyncio.create_task(raw(port, head.encode(), trickle=body))


async def a_real_phone_votes(url: str, code: str, round_id: int) -> str:
    """A phone that joins as the run ends, with a cookie jar of its own, and votes 2."""
    jar, connector = (
        aiohttp.CookieJar(unsafe=True),
        aiohttp.TCPConnector(local_addr=(REAL_PHONE, 0)),
    )
    async with aiohttp.ClientSession(cookie_jar=jar, connector=connector) as phone:
        join = {"code": code, "perspective": "professional"}
        async with phone.post(f"{url}/api/join", json=join) as reply:
            token: str = (await reply.json())["token"]
        async with phone.post(f"{url}/api/vote", json={"round": round_id, "option": 2}) as reply:
            assert (reply.status, (await reply.json())["my_vote"]) == (200, 2)
    return token


def phones_counts(served: Served) -> Counter[tuple[int, str]]:
    """The closed round's votes in the saved record, per option and group (phones only)."""
    voting = load_session(served.record).current_round()
    assert voting is not None
    assert not voting.open
    assert not voting.ballots
    assert {c.source for c in voting.counts} <= {"phones"}
    return Counter({(c.option, c.group): c.votes for c in voting.counts})


async def test_a_hostile_run_leaves_the_server_serving_and_every_vote_counted_exactly(
    served: Served,
) -> None:
    rng, url, port = random.Random(SEED), served.url, served.server.port
    served.server.limiter.clock = lambda: 0.0  # the flood's minute does not pass during the run
    model = Model(served.code, served.round_id())
    sessions = {
        address: aiohttp.ClientSession(
            cookie_jar=aiohttp.DummyCookieJar(),  # every request names its phone itself
            connector=aiohttp.TCPConnector(local_addr=(address, 0), force_close=True),
            timeout=aiohttp.ClientTimeout(total=30),
        )
        for address in (*PHONES, *GUESSERS)
    }
    statuses: Counter[int | None] = Counter()
    problems: list[str] = []
    answered_while_slow = 0

    async def run(count: int) -> None:
        nonlocal answered_while_slow
        for _ in range(count):
            if rng.random() < 0.03:
                data, hang_up, fitting = not_http(rng, port)
                status = await raw(port, data, hang_up)
                if status not in fitting:
                    problems.append(f"not HTTP {data[:40]!r}: {status}, not one of {fitting}")
            else:
                request = hostile(rng, model)
                answer = await answer_to(sessions, url, request)
                status = answer.status
                problems.extend(problems_of(request, answer))
            statuses[status] += 1
            answered_while_slow += not all(task.done() for task in slow)

    try:
        body = json.dumps({"code": model.code, "perspective": "carer"}).encode()
        reserved = model.join(PHONES[1], None, model.code, "carer", 200)  # a slow phone
        reserved.path, reserved.body, reserved.address = "/api/join", body, PHONES[1]
        assert problems_of(reserved, await answer_to(sessions, url, reserved)) == []
        slow_token = model.pool.pop()  # votes only once, slowly: not counted
        vote = json.dumps({"round": model.round_id, "option": 1}).encode()
        slow = [
            slowly(port, "/api/vote", vote, f"Cookie: {COOKIE}={slow_token}\r\n"),
            slowly(port, "/api/join", body),  # a phone that never joins
        ]
        await run(550)
        served.live.apply(next_step)  # the facilitators close the vote: what is in stays in
        model.close()
        assert phones_counts(served) == Counter(model.counted.values())
        await run(150)
        served.live.apply(previous_step)  # back to the vote, and open it again for latecomers
        served.live.apply(lambda scenario, session, at: reopen_vote(session, at))
        model.open = True
        await run(450)
        slow_statuses = await asyncio.gather(*slow)
        token = await a_real_phone_votes(url, model.code, model.round_id)
        model.groups[token], model.ballots[token] = "professional", (2, "professional")
    finally:
        for session in sessions.values():
            await session.close()
    assert problems == [], "\n".join(problems[:20])
    assert slow_statuses == [408, 408]
    assert answered_while_slow >= 10  # a slow body holds up nobody else
    assert sum(statuses.values()) >= 1000
    assert set(statuses) >= {200, 303, 400, 401, 403, 404, 405, 409, 413, 429}, statuses
    served.live.apply(next_step)  # the vote closes for good
    model.close()
    assert phones_counts(served) == Counter(model.counted.values())
    assert slow_token not in model.counted
    assert served.server.registry.joined == len(model.groups)
    record = served.record.read_text("utf-8")
    assert [token for token in model.groups if token in record] == []
