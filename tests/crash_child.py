"""A scripted facilitator, run as its own process so a test can kill it mid-session.

After every key the app has handled, it prints one ACK line: the votes and
notes the screen has acknowledged so far. The parent kills it with SIGKILL at
a random moment and checks that the record on disk holds at least all that.

    python tests/crash_child.py DATA_DIR SCENARIO_FILE
"""

from __future__ import annotations

import json
import sys
from pathlib import Path

from textual.pilot import Pilot

from workshop.cli import build_app, build_parser
from workshop.launch import RunFile
from workshop.tui.app import WorkshopApp

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
    # The app as `workshop run` builds it: real folders, clock and ids.
    app = build_app(build_parser().parse_args(["--data-dir", str(data_dir)]), RunFile(scenario))
    app.run(headless=True, size=(80, 24), auto_pilot=facilitate)


if __name__ == "__main__":
    main()
