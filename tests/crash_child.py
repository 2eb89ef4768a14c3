"""A scripted facilitator, run as its own process so a test can kill it mid-session.

After every key the app has handled, it prints one ACK line: the votes and
notes the screen has acknowledged so far. The parent kills it with SIGKILL at
a random moment and checks that the record on disk holds at least all that.

    python tests/crash_child.py DATA_DIR SCENARIO_FILE
"""

from __future__ import annotations

import json
import sys
import time
import uuid
from datetime import date, datetime
from pathlib import Path

from textual.pilot import Pilot

from workshop.launch import RunFile
from workshop.storage.config import Config
from workshop.storage.paths import DataPaths
from workshop.tui.app import Services, WorkshopApp

SCRIPT: list[str] = [
    "ctrl+s",  # start: welcome
    *["space"] * 3,  # content note, narrative, the vote opens
    *"1212g2g1g22",  # eight votes in three groups; option 2 leads
    *["space"] * 5,  # results, perspectives, consequence, discussion, notes
    *["n", *"first note", "enter", "escape"],
    *["p", "n", *"second", "enter", "escape"],
    *["space"] * 4,  # stage two: narrative, perspectives, discussion, notes
    *["n", *"closing note", "enter", "escape"],
    *["space"] * 3,  # debrief, take-aways, support
]


def acknowledged(app: WorkshopApp) -> str:
    live = app.live
    if live is None:
        return json.dumps({"votes": 0, "notes": []})
    session = live.session
    votes = sum(r.votes_in for v in session.visits for r in v.rounds)
    notes = [n.text for v in session.visits for n in v.notes]
    phase = session.position.phase
    return json.dumps({"votes": votes, "notes": notes, "phase": phase, "record": str(live.record)})


async def facilitate(pilot: Pilot[None]) -> None:
    app = pilot.app
    assert isinstance(app, WorkshopApp)
    await pilot.pause()
    for key in SCRIPT:
        await pilot.press(key)
        await pilot.pause()
        print("ACK", acknowledged(app), flush=True)
    print("DONE", flush=True)
    app.exit()


def main() -> None:
    data_dir, scenario = Path(sys.argv[1]), Path(sys.argv[2])
    services = Services(
        paths=DataPaths(data_dir),
        config=Config(),
        scenario_folders=(),
        today=date.today(),
        now=datetime.now,
        clock=time.monotonic,
        new_id=lambda: uuid.uuid4().hex,
        version="crash-test",
    )
    app = WorkshopApp(services, RunFile(scenario))
    app.run(headless=True, size=(80, 24), auto_pilot=facilitate)


if __name__ == "__main__":
    main()
