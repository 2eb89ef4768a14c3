"""A phones session run as its own process, so that a test can kill it while phones vote.

The real app with its real services runs headless in phones mode on
127.0.0.1 and the port given. The scripted facilitator starts the session
and goes to the first vote, then prints one READY line (the join code, the
port phones join on, the record, the round) and waits while phones vote over
HTTP. With CLOSE_AFTER, it closes the vote once that many votes are in and
prints CLOSED. The parent kills it with SIGKILL; if it never does, the child
leaves after a minute on its own.

    python tests/phone_crash_child.py DATA_DIR SCENARIO_FILE PORT [CLOSE_AFTER]
"""

from __future__ import annotations

import asyncio
import json
import sys
import time
from pathlib import Path

from textual.pilot import Pilot

from workshop.cli import build_app, build_parser
from workshop.launch import PhoneAddress, RunFile
from workshop.live import Change
from workshop.tui.app import WorkshopApp

TO_THE_VOTE = ["space"] * 3  # welcome -> content note -> narrative -> the vote opens
LINGER = 60.0


def votes_in(app: WorkshopApp) -> int:
    assert app.live is not None
    voting = app.live.session.current_round()
    return voting.votes_in if voting is not None else 0


async def facilitate(pilot: Pilot[object], close_after: int | None) -> None:
    app = pilot.app
    assert isinstance(app, WorkshopApp)
    await pilot.pause()
    await pilot.press("ctrl+s")  # set-up: start the session in phones mode
    deadline = time.monotonic() + 20
    while app.phones is None or app.phones.server is None:
        assert time.monotonic() < deadline, "the phone server never started"
        await pilot.pause(0.01)
    for key in TO_THE_VOTE:
        await pilot.press(key)
        await pilot.pause()
    live, server = app.live, app.phones.server
    assert live is not None
    session = live.session
    voting, index = session.open_round(), session.position.visit
    assert voting is not None, session.position
    assert index is not None, session.position
    ready = {
        "code": server.registry.code,
        "port": server.port,
        "record": str(live.record),
        "round": session.round_id(index, voting.number),
    }
    print("READY", json.dumps(ready), flush=True)
    if close_after is not None:
        enough = asyncio.Event()

        def count(change: Change) -> None:
            if votes_in(app) >= close_after:
                enough.set()

        live.subscribe(count)
        count(Change(live.session, live.scenario))
        await enough.wait()
        await pilot.press("space")  # the facilitator closes the vote
        await pilot.pause()
        assert live.session.position.phase == "results", live.session.position
        print("CLOSED", json.dumps({"votes": votes_in(app)}), flush=True)
    await asyncio.sleep(LINGER)
    app.exit()


def main() -> None:
    data_dir, scenario, port = Path(sys.argv[1]), Path(sys.argv[2]), int(sys.argv[3])
    close_after = int(sys.argv[4]) if len(sys.argv) > 4 else None
    start = RunFile(scenario, vote="phones", phones=PhoneAddress("127.0.0.1", port))

    async def auto_pilot(pilot: Pilot[object]) -> None:
        await facilitate(pilot, close_after)

    # The app as `workshop run --vote phones` builds it: real folders, clock and ids.
    app = build_app(build_parser().parse_args(["--data-dir", str(data_dir)]), start)
    app.run(headless=True, size=(100, 40), auto_pilot=auto_pilot)


if __name__ == "__main__":
    main()
