"""Phones and the keypad in one round, through the real app: what was sent is what is shown.

The rules pinned, with phones voting over real HTTP on the app's own loop while the
facilitator works the keys: phone votes and keypad votes go into the same round; when
the vote closes, the result on the screen and the saved record hold exactly what was
sent, per option and group, and the record says which source gave each count. The
header counts the phones as they join, with no key pressed; W shows the join banner at
any step. Once the session reaches its summary the phones file is gone and no token is
left in the record. A keypad session never loads the web server at all.
"""

from __future__ import annotations

import re
import subprocess
import sys
from collections import Counter
from pathlib import Path

import aiohttp
import pytest
from textual.pilot import Pilot
from textual.widgets import Static

from tests.conftest import DATA, REPO
from tests.tui.conftest import make_services
from tests.tui.driver import Plan, play, set_group, until
from tests.tui.test_rules import go_to, screen_text, start
from workshop.domain.tally import GROUPS
from workshop.launch import PhoneAddress, RunFile
from workshop.storage.phones import phones_path
from workshop.storage.sessions import load_session
from workshop.tui.app import WorkshopApp
from workshop.tui.screens.dialogs import JoinScreen
from workshop.tui.screens.session import SessionScreen
from workshop.tui.widgets.figures import BigFigure
from workshop.tui.widgets.join import spaced
from workshop.tui.widgets.text import Prose
from workshop.web.server import PhoneServer

MINIMAL = DATA / "valid/minimal.toml"
LOOPBACK = PhoneAddress(host="127.0.0.1", port=0)


def phones_app(tmp_path: Path) -> WorkshopApp:
    start_file = RunFile(MINIMAL, vote="phones", phones=LOOPBACK)
    return WorkshopApp(make_services(tmp_path / "data"), start_file)


def header(app: WorkshopApp) -> str:
    return str(app.screen.query_one("#header", Static).render())


async def serving(pilot: Pilot[None], app: WorkshopApp) -> PhoneServer:
    await until(pilot, lambda: app.phones and app.phones.server, "the phone server started")
    assert app.phones is not None
    assert app.phones.server is not None
    return app.phones.server


class Phone:
    """A participant's phone: its own cookie jar, over real HTTP to the app's server."""

    def __init__(self, server: PhoneServer) -> None:
        self.url = server.url
        self.code = server.registry.code
        self.client = aiohttp.ClientSession(cookie_jar=aiohttp.CookieJar(unsafe=True))
        self.token = ""

    async def join(self, group: str) -> None:
        body = {"code": self.code, "perspective": group}
        async with self.client.post(f"{self.url}/api/join", json=body) as reply:
            assert reply.status == 200
            self.token = (await reply.json())["token"]

    async def vote(self, option: int) -> None:
        async with self.client.get(f"{self.url}/api/question") as reply:
            round_id = (await reply.json())["round"]
        body = {"round": round_id, "option": option}
        async with self.client.post(f"{self.url}/api/vote", json=body) as reply:
            assert reply.status == 200
            assert (await reply.json())["my_vote"] == option


def result_on_screen(app: WorkshopApp) -> dict[tuple[int, str], int]:
    """The closed vote as drawn: the count at the end of each bar, per option and group."""
    shown: dict[tuple[int, str], int] = {}
    option = 0
    for prose in app.screen.query(Prose):
        if prose.has_class("tally-option-title"):
            option += 1
        elif prose.has_class("bar"):
            group = next((g for g in GROUPS if prose.has_class(f"group-{g}")), "all")
            found = re.search(r"(\d+) +(\d+%|–)$", " ".join(prose.text.split()))
            assert found is not None, prose.text
            shown[(option, group)] = int(found[1])
    return shown


PHONE_GROUPS = {
    "ash": "lived_experience",
    "bo": "lived_experience",
    "cy": "lived_experience",
    "dee": "professional",
    "eli": "professional",
    "fin": "carer",
    "gus": "not_given",
}


async def test_phone_and_keypad_votes_in_one_round_are_shown_and_saved_as_sent(
    tmp_path: Path,
) -> None:
    app = phones_app(tmp_path)
    async with app.run_test(size=(120, 40)) as pilot:
        await start(pilot)
        server = await serving(pilot, app)
        phones = {name: Phone(server) for name in PHONE_GROUPS}
        try:
            await until(pilot, lambda: "Phones joined: 0" in header(app), "no phone yet")
            assert spaced(server.registry.code) in screen_text(app)  # the welcome's banner
            for joined, (name, group) in enumerate(PHONE_GROUPS.items(), 1):
                await phones[name].join(group)
                await until(
                    pilot, lambda n=joined: f"Phones joined: {n}" in header(app), f"{joined} in"
                )
            await go_to(pilot, app, "vote")
            screen = app.screen
            assert isinstance(screen, SessionScreen)
            sent_phones: dict[str, int] = {}
            sent_keys: list[tuple[int, str]] = []

            async def phone_votes(**votes: int) -> None:
                for name, option in votes.items():
                    await phones[name].vote(option)
                    sent_phones[name] = option

            async def keypad(group: str, *options: int) -> None:
                await set_group(pilot, screen, group)
                await pilot.press(*map(str, options))
                sent_keys.extend((option, group) for option in options)

            await phone_votes(ash=1, bo=2, cy=2)
            await keypad("not_given", 2, 2, 1)
            await phone_votes(dee=2, eli=2, fin=1)
            await keypad("professional", 1)
            await phone_votes(eli=2, gus=2)  # a replay counts once
            await keypad("carer", 1, 2)
            await phone_votes(bo=1)  # a change of mind replaces the vote
            await until(
                pilot, lambda: screen.query_one("#votes-in", BigFigure).value == "13", "13 in"
            )
            assert "7 phones joined · 7 votes from phones" in screen_text(app)
            await pilot.press("w")
            assert isinstance(app.screen, JoinScreen)
            banner = screen_text(app)
            assert spaced(server.registry.code) in banner
            assert server.url.removeprefix("http://") in banner
            assert "7 phones joined." in banner
            await pilot.press("w")
            assert app.screen is screen
            await pilot.press("space")  # the facilitator closes the vote: the results step
            assert app.live is not None
            assert app.live.session.position.phase == "results"
            by_source = Counter((o, PHONE_GROUPS[n], "phones") for n, o in sent_phones.items())
            by_source.update((o, g, "keypad") for o, g in sent_keys)
            sent = Counter({(o, "all"): 0 for o in (1, 2)})
            for (option, group, _), votes in by_source.items():
                sent.update({(option, group): votes, (option, "all"): votes})
            assert result_on_screen(app) == sent
            assert (sent[(1, "all")], sent[(2, "all")]) == (6, 7)
            record = app.live.record
            assert record is not None
            voting = load_session(record).current_round()
            assert voting is not None
            assert not voting.open
            assert {(c.option, c.group, c.source): c.votes for c in voting.counts} == by_source
            assert (voting.votes_from("phones"), voting.votes_from("keypad")) == (7, 6)
        finally:
            for phone in phones.values():
                await phone.client.close()


async def test_at_the_summary_the_phones_file_is_gone_and_no_token_is_left(
    tmp_path: Path,
) -> None:
    app = phones_app(tmp_path)
    async with app.run_test(size=(120, 40)) as pilot:
        await start(pilot)
        server = await serving(pilot, app)
        phone = Phone(server)
        try:
            await phone.join("carer")
            await go_to(pilot, app, "vote")
            await phone.vote(2)
            assert app.live is not None
            record = app.live.record
            assert record is not None
            assert phones_path(record).exists()  # while the session runs, for a resume
            await play(pilot, app, Plan())
            await until(pilot, lambda: not phones_path(record).exists(), "phones file deleted")
            with pytest.raises(aiohttp.ClientConnectionError):
                await phone.vote(1)  # nothing is served any more
        finally:
            await phone.client.close()
    saved = record.read_text("utf-8")
    assert phone.token
    assert phone.token not in saved
    assert "ballots" not in saved
    assert "phones_counted" not in saved
    session = load_session(record)
    assert session.finished
    assert [c.source for v in session.visits for r in v.rounds for c in r.counts] == ["phones"]


async def test_a_resume_with_a_damaged_phones_file_serves_again_with_a_new_code(
    tmp_path: Path,
) -> None:
    from datetime import date

    from tests.tui.test_in_front_of_the_room import drawn_text
    from workshop.launch import ResumeSession
    from workshop.storage.resume import latest_unfinished, plan_resume

    app = phones_app(tmp_path)
    async with app.run_test(size=(100, 30)) as pilot:
        await start(pilot)
        first_code = (await serving(pilot, app)).registry.code
        assert app.live is not None
        record = app.live.record
        assert record is not None
        await pilot.press("q")  # the session stops, unfinished
    assert phones_path(record).exists()
    phones_path(record).write_text("{ not what was saved", "utf-8")
    folder = tmp_path / "data" / "sessions"
    latest = latest_unfinished(folder)
    assert latest is not None
    assert latest.session is not None
    plan = plan_resume(latest.path, latest.session, folder, date(2026, 11, 29))
    resumed = WorkshopApp(make_services(tmp_path / "data"), ResumeSession(plan, LOOPBACK))
    async with resumed.run_test(size=(100, 30), notifications=True) as pilot:
        server = await serving(pilot, resumed)
        phone = Phone(server)
        try:
            await phone.join("carer")  # with the new code, shown on the screen
        finally:
            await phone.client.close()

        def said() -> str:
            return " ".join(drawn_text(resumed).split())

        def toasts() -> str:
            return " ".join(str(toast.render()) for toast in resumed.screen.query("Toast"))

        await until(pilot, lambda: "join again with the new code" in toasts(), "the notice")
        words = resumed.screen.query_one("#join-words", Prose).text
        assert spaced(server.registry.code) in words  # the new code is the one shown
        await until(pilot, lambda: "Phones joined: 1" in said(), "the phone joined, drawn")
    assert server.registry.code != first_code


KEYPAD_SESSION = """
import asyncio, sys
from pathlib import Path
from tests.tui.conftest import make_services
from workshop.launch import PhoneAddress, RunFile
from workshop.tui.app import WorkshopApp

async def main():
    start = RunFile(Path(sys.argv[2]), vote=sys.argv[3], phones=PhoneAddress("127.0.0.1", 0))
    app = WorkshopApp(make_services(Path(sys.argv[1])), start)
    async with app.run_test(size=(100, 30)) as pilot:
        await pilot.pause()
        await pilot.press("ctrl+s")
        for _ in range(20):
            await pilot.pause()
            if app.live and app.live.session.position.phase == "vote":
                break
            await pilot.press("space")
        await pilot.press("1", "2")
        print(app.live.session.current_round().votes_in, "aiohttp" in sys.modules)

asyncio.run(main())
"""


@pytest.mark.parametrize(("mode", "loads_aiohttp"), [("keypad", False), ("phones", True)])
def test_a_keypad_session_never_loads_the_web_server(
    tmp_path: Path, mode: str, loads_aiohttp: bool
) -> None:
    run = [sys.executable, "-c", KEYPAD_SESSION, str(tmp_path), str(MINIMAL), mode]
    result = subprocess.run(run, capture_output=True, text=True, check=True, cwd=REPO)
    assert result.stdout.split() == ["2", str(loads_aiohttp)]
