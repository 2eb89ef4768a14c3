"""The phone server: aiohttp on the app's own event loop, for the room's phones only.

The JSON interface of workshop.md, and the same actions as plain HTML forms
for phones without JavaScript. A request whose Host is not the address shown
on the screen is refused (DNS rebinding); a body over 4 KiB is refused before
it is read; a flood of wrong join codes from one address waits; every text
is escaped; nothing is cached; nothing is logged. A vote is answered 200
only once the record that holds it is on disk.
"""

from __future__ import annotations

import asyncio
import json
import logging
from collections.abc import Awaitable, Callable
from typing import Any

from aiohttp import web

from workshop.domain.tally import GROUPS
from workshop.web import page
from workshop.web.address import bound_socket
from workshop.web.registry import MAX_PHONES, JoinLimiter, Registry, normal_code
from workshop.web.sink import Ask, VoteRefused, VoteSink

MAX_BODY = 4096
BODY_TIMEOUT = 5.0
COOKIE = "workshop_phone"
SECURITY_HEADERS = {
    "Content-Security-Policy": (
        "default-src 'none'; style-src 'self'; script-src 'self'; connect-src 'self'; "
        "img-src 'self'; form-action 'self'; base-uri 'none'; frame-ancestors 'none'"
    ),
    "X-Content-Type-Options": "nosniff",
    "Referrer-Policy": "no-referrer",
    "X-Frame-Options": "DENY",
    "Cache-Control": "no-store",
}
Handler = Callable[[web.Request], Awaitable[web.StreamResponse]]


class Problem(Exception):
    """A request answered with an error status and a sentence, as JSON or as a page."""

    def __init__(self, status: int, message: str) -> None:
        super().__init__(message)
        self.status = status
        self.message = message


class PhoneServer:
    def __init__(
        self,
        sink: VoteSink,
        registry: Registry,
        *,
        host: str,
        port: int,
        on_join: Callable[[], object] = lambda: None,
        limiter: JoinLimiter | None = None,
    ) -> None:
        self.sink = sink
        self.registry = registry
        self.host = host
        self.port = port
        self.on_join = on_join
        self.limiter = limiter or JoinLimiter()
        self._runner: web.AppRunner | None = None

    @property
    def url(self) -> str:
        return f"http://{self.host}:{self.port}"

    @property
    def join_url(self) -> str:
        return f"{self.url}/j/{self.registry.code}"

    async def start(self) -> int:
        """Listen on the port asked for, or the next free one; the port is returned."""
        for name in ("aiohttp.access", "aiohttp.server", "aiohttp.web"):
            quiet = logging.getLogger(name)  # nothing reaches the terminal under the TUI
            quiet.addHandler(logging.NullHandler())
            quiet.propagate = False
        sock, self.port = bound_socket(self.host, self.port)
        app = web.Application(client_max_size=MAX_BODY, middlewares=[self._guard])
        app.add_routes(
            [
                web.get("/", self.home),
                web.get("/j/{code}", self.join_form),
                web.get("/group", self.group_form),
                web.post("/join", self.join_posted),
                web.post("/vote", self.vote_posted),
                web.get("/static/page.css", self.stylesheet),
                web.get("/static/page.js", self.script),
                web.get("/favicon.ico", self.no_icon),
                web.post("/api/join", self.api_join),
                web.get("/api/question", self.api_question),
                web.post("/api/vote", self.api_vote),
            ]
        )
        self._runner = web.AppRunner(app, access_log=None, handle_signals=False)
        await self._runner.setup()
        await web.SockSite(self._runner, sock, backlog=1024).start()
        return self.port

    async def stop(self) -> None:
        if self._runner is not None:
            await self._runner.cleanup()
            self._runner = None

    # Every request

    @web.middleware
    async def _guard(self, request: web.Request, handler: Handler) -> web.StreamResponse:
        api = request.path.startswith("/api/")
        try:
            if request.host not in (f"{self.host}:{self.port}", self.host):
                raise Problem(
                    403, "This is not the address on the screen: use the one shown there."
                )
            if request.content_length is not None and request.content_length > MAX_BODY:
                raise Problem(413, "That request is too large.")
            response = await handler(request)
        except Problem as problem:
            response = self._problem(problem, api)
        except web.HTTPRequestEntityTooLarge:
            response = self._problem(Problem(413, "That request is too large."), api)
        except web.HTTPException as error:
            response = self._problem(Problem(error.status, error.reason or "Not here."), api)
        for name, value in SECURITY_HEADERS.items():
            if name != "Cache-Control" or "Cache-Control" not in response.headers:
                response.headers[name] = value
        response.headers["Server"] = "workshop"  # no versions to look up weaknesses by
        return response

    def _problem(self, problem: Problem, api: bool) -> web.Response:
        if api:
            return web.json_response({"error": problem.message}, status=problem.status)
        html = page.message_page(self.sink.language, "Sorry", problem.message).html()
        return web.Response(text=html, content_type="text/html", status=problem.status)

    async def _body(self, request: web.Request) -> bytes:
        try:
            async with asyncio.timeout(BODY_TIMEOUT):  # unlike wait_for, no task per request
                return await request.read()
        except TimeoutError as error:
            raise Problem(408, "The request took too long to arrive.") from error
        except web.RequestPayloadError as error:  # e.g. a compressed body that does not inflate
            raise Problem(400, "The request could not be read.") from error

    async def _json(self, request: web.Request) -> dict[str, Any]:
        try:
            data = json.loads(await self._body(request))
        except (ValueError, UnicodeDecodeError, RecursionError) as error:  # nested too deep
            raise Problem(400, "The request is not valid JSON.") from error
        if not isinstance(data, dict):
            raise Problem(400, "The request must be a JSON object.")
        return data

    async def _form(self, request: web.Request) -> dict[str, str]:
        from urllib.parse import parse_qsl

        try:
            text = (await self._body(request)).decode("utf-8")
            return dict(parse_qsl(text, max_num_fields=10))
        except ValueError as error:  # not UTF-8, or more fields than any of our forms has
            raise Problem(400, "The form could not be read.") from error

    def _token(self, request: web.Request) -> str | None:
        """The phone's token, from its cookie or a bearer header; None if it is not one of ours."""
        header = request.headers.get("Authorization", "")
        token = header[7:].strip() if header.startswith("Bearer ") else request.cookies.get(COOKIE)
        return token if self.registry.group_of(token) else None

    def _require_token(self, request: web.Request) -> str:
        token = self._token(request)
        if token is None:
            raise Problem(401, "Join the vote first, with the code on the screen.")
        return token

    # Joining

    async def _join(self, request: web.Request, code: object, perspective: object) -> str:
        address = request.remote or "?"
        if not self.limiter.allow(address):
            raise Problem(429, "Too many wrong codes: wait a minute, then try again.")
        if not isinstance(code, str) or not isinstance(perspective, str):
            raise Problem(400, "Give the join code and a perspective group.")
        if perspective not in GROUPS:
            raise Problem(400, f"The perspective group must be one of: {', '.join(GROUPS)}.")
        if normal_code(code) != self.registry.code:
            self.limiter.failed(address)
            raise Problem(403, "That is not the join code on the screen. Check it and try again.")
        known = self._token(request)
        if known is None and self.registry.joined >= MAX_PHONES:
            raise Problem(503, "The vote is full.")
        token = await self.registry.join(perspective, known)
        if known is None:
            self.on_join()
        return token

    def _with_cookie(self, response: web.StreamResponse, token: str) -> web.StreamResponse:
        response.set_cookie(COOKIE, token, httponly=True, samesite="Strict", path="/")
        return response

    async def api_join(self, request: web.Request) -> web.StreamResponse:
        data = await self._json(request)
        token = await self._join(request, data.get("code"), data.get("perspective"))
        reply = web.json_response({"token": token, "perspective": self.registry.group_of(token)})
        return self._with_cookie(reply, token)

    async def join_posted(self, request: web.Request) -> web.StreamResponse:
        form = await self._form(request)
        try:
            token = await self._join(request, form.get("code", ""), form.get("perspective"))
        except Problem as problem:
            if problem.status not in (400, 403):
                raise
            html = page.join_page(self.sink.language, form.get("code", ""), error=problem.message)
            return web.Response(text=html.html(), content_type="text/html", status=problem.status)
        return self._with_cookie(_see_home(), token)

    async def join_form(self, request: web.Request) -> web.StreamResponse:
        code = normal_code(request.match_info["code"])[:12]
        return self._html(page.join_page(self.sink.language, code))

    async def group_form(self, request: web.Request) -> web.StreamResponse:
        token = self._token(request)
        if token is None:
            return self._html(page.join_page(self.sink.language))
        chosen = self.registry.group_of(token)
        return self._html(page.join_page(self.sink.language, self.registry.code, chosen=chosen))

    # The question and votes

    def _ask(self) -> Ask | None:
        return self.sink.ask(with_result=self.registry.state.show_results)

    def _mine(self, token: str, ask: Ask | None) -> tuple[int | None, bool]:
        if ask is None:
            return None, False
        key = self.registry.ballot_key(token, ask.visit, ask.number)
        return self.sink.vote_of(key), self.sink.counted(key)

    async def home(self, request: web.Request) -> web.StreamResponse:
        token = self._token(request)
        if token is None:
            return self._html(page.join_page(self.sink.language))
        ask = self._ask()
        return self._html(page.vote_page(self.sink.language, ask, *self._mine(token, ask)))

    def _question(self, token: str, request: web.Request) -> dict[str, Any]:
        ask = self._ask()
        my_vote, counted = self._mine(token, ask)
        reply: dict[str, Any] = {
            "round": ask.round_id if ask else None,
            "open": bool(ask and ask.open),
            "prompt": ask.prompt if ask else None,
            "options": list(ask.options) if ask else [],
            "my_vote": my_vote,
            "counted": counted,
            "perspective": self.registry.group_of(token),
        }
        if ask and ask.result is not None:
            reply["result"] = {
                "total": ask.result.total,
                "options": list(ask.result.options),
                "groups": {g: list(counts) for g, counts in ask.result.groups},
                "folded": ask.result.folded,
            }
        if "html" in request.query:
            reply["html"] = page.question_html(ask, my_vote, counted)
        return reply

    async def api_question(self, request: web.Request) -> web.StreamResponse:
        return web.json_response(self._question(self._require_token(request), request))

    async def _vote(self, token: str, round_id: object, option: object) -> None:
        if not isinstance(round_id, int) or isinstance(round_id, bool):
            raise Problem(400, "round must be a whole number.")
        if not isinstance(option, int) or isinstance(option, bool):
            raise Problem(400, "option must be a whole number.")
        ask = self._ask()
        if ask is None or not ask.open or ask.round_id != round_id:
            raise Problem(409, "That vote is not open: it has closed, or not yet begun.")
        if not 1 <= option <= len(ask.options):
            raise Problem(400, f"option must be from 1 to {len(ask.options)}.")
        group = self.registry.group_of(token) or "not_given"
        key = self.registry.ballot_key(token, ask.visit, ask.number)
        try:
            await self.sink.cast(round_id, key, option, group)
        except VoteRefused as error:
            raise Problem(409, f"That vote was not taken: {error}.") from error

    async def api_vote(self, request: web.Request) -> web.StreamResponse:
        token = self._require_token(request)
        data = await self._json(request)
        await self._vote(token, data.get("round"), data.get("option"))
        return web.json_response(self._question(token, request))

    async def vote_posted(self, request: web.Request) -> web.StreamResponse:
        token = self._require_token(request)
        form = await self._form(request)
        try:
            round_id, option = int(form.get("round", "")), int(form.get("option", ""))
        except ValueError as error:
            raise Problem(400, "Choose one of the options.") from error
        await self._vote(token, round_id, option)
        return _see_home()

    # Files of the page itself

    async def stylesheet(self, request: web.Request) -> web.StreamResponse:
        response = web.Response(text=page.CSS, content_type="text/css")
        response.headers["Cache-Control"] = "max-age=3600"
        return response

    async def script(self, request: web.Request) -> web.StreamResponse:
        response = web.Response(text=page.SCRIPT, content_type="application/javascript")
        response.headers["Cache-Control"] = "max-age=3600"
        return response

    async def no_icon(self, request: web.Request) -> web.StreamResponse:
        """Every browser asks for an icon: "none" is an answer, not an error in its console."""
        return web.Response(status=204, headers={"Cache-Control": "max-age=86400"})

    def _html(self, built: page.Page) -> web.Response:
        return web.Response(text=built.html(), content_type="text/html")


def _see_home() -> web.Response:
    """After a form: back to the page (303), so that a reload never posts it twice."""
    return web.Response(status=303, headers={"Location": "/"})
