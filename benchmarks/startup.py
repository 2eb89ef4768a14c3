"""How long `workshop` takes to show its first screen, against a bare Textual app.

Each run is a fresh Python process that imports, builds the app and exits
right after its first screen has been painted (headless; `call_after_refresh`
from the moment the app is ready, the same way for both). Work the library
does in a background thread after that frame is not counted, as a person
would not wait for it to see the screen. Runs alternate between the two; medians are compared.
Target: ratio <= 1.15.

    python benchmarks/startup.py [--runs 15]
"""

from __future__ import annotations

import argparse
import os
import statistics
import subprocess
import sys
import tempfile
import time

QUIT_AFTER_FIRST_FRAME = """
async def quit_after_first_frame(pilot):
    app = pilot.app
    app.call_after_refresh(lambda: app.exit(type(app.screen).__name__))
"""

BARE = (
    QUIT_AFTER_FIRST_FRAME
    + """
from textual.app import App
from textual.widgets import Label

class Bare(App):
    def compose(self):
        yield Label("Hello")

Bare().run(headless=True, auto_pilot=quit_after_first_frame)
"""
)

WORKSHOP = (
    QUIT_AFTER_FIRST_FRAME
    + """
from workshop.cli import build_app, build_parser

app = build_app(build_parser().parse_args([]))
app.run(headless=True, auto_pilot=quit_after_first_frame)
assert app.return_value == "LibraryScreen", app.return_value
"""
)


def one_run(code: str, env: dict[str, str]) -> float:
    start = time.perf_counter()
    subprocess.run([sys.executable, "-c", code], check=True, env=env)
    return time.perf_counter() - start


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--runs", type=int, default=15)
    args = parser.parse_args()
    with tempfile.TemporaryDirectory() as data_dir:
        env = {**os.environ, "WORKSHOP_DATA_DIR": data_dir}
        one_run(BARE, env)  # warm the file cache and bytecode for both
        one_run(WORKSHOP, env)
        bare, workshop = [], []
        for _ in range(args.runs):
            bare.append(one_run(BARE, env))
            workshop.append(one_run(WORKSHOP, env))
    bare_median, workshop_median = statistics.median(bare), statistics.median(workshop)
    print(f"first frame, median of {args.runs} runs each")
    print(f"bare Textual app:     {bare_median * 1000:7.1f} ms")
    print(f"workshop (library):   {workshop_median * 1000:7.1f} ms")
    print(f"ratio: {workshop_median / bare_median:.2f} (target <= 1.15)")


if __name__ == "__main__":
    main()
