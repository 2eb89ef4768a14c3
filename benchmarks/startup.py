"""How long `workshop` takes to show its first screen, against a bare Textual app.

Each run is a fresh Python process that imports, builds the app and exits
right after its first screen has been painted (headless; `call_after_refresh`
from the moment the app is ready, the same way for both). Work the library
does in a background thread after that frame is not counted, as a person
would not wait for it to see the screen. Runs alternate; medians are compared.
Target: ratio <= 1.15.

A third app, for context: the library's layout built from Textual's stock
widgets alone (search box, table, details pane, footer; no data, no styles of
ours). What it costs over the bare app is Textual's; what `workshop` costs
over it is ours.

Both run at 80x24 with COLUMNS and LINES set, as a terminal would report them:
without a terminal, Rich guesses 80x25 while Textual's headless driver says
80x24, and the disagreement costs an extra layout that no real start has.

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

SKELETON = (
    QUIT_AFTER_FIRST_FRAME
    + """
from textual.app import App
from textual.containers import Horizontal, VerticalScroll
from textual.widgets import DataTable, Footer, Input, Label, Static

class Skeleton(App):
    CSS = "Horizontal, DataTable, VerticalScroll { height: 1fr; } DataTable { width: 3fr; }"
    BINDINGS = [("enter", "choose", "Run"), ("slash", "search", "Search"),
                ("f2", "support", "Support"), ("f1", "help", "Help")]

    def compose(self):
        yield Label("Scenario library")
        yield Input(placeholder="Search")
        with Horizontal():
            yield DataTable(cursor_type="row", zebra_stripes=True)
            with VerticalScroll():
                yield Static("Reading")
        yield Footer()

    def on_mount(self):
        self.query_one(DataTable).add_columns("Title", "Min", "Topics", "Authors")

Skeleton().run(headless=True, auto_pilot=quit_after_first_frame)
"""
)

WORKSHOP = (
    QUIT_AFTER_FIRST_FRAME
    + """
from workshop.cli import build_app, build_parser
from workshop.launch import OpenLibrary

app = build_app(build_parser().parse_args([]), OpenLibrary())
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
        env = {**os.environ, "WORKSHOP_DATA_DIR": data_dir, "COLUMNS": "80", "LINES": "24"}
        # Compiled bytecode, as on any machine where Python may write it: the warm-up
        # runs compile into a folder of their own, never into the checkout.
        env.pop("PYTHONDONTWRITEBYTECODE", None)
        env["PYTHONPYCACHEPREFIX"] = os.path.join(data_dir, "pycache")
        apps = {"bare Textual app": BARE, "stock-widget skeleton": SKELETON, "workshop": WORKSHOP}
        for code in apps.values():
            one_run(code, env)  # warm the file cache and bytecode for all
        times: dict[str, list[float]] = {name: [] for name in apps}
        for _ in range(args.runs):
            for name, code in apps.items():
                times[name].append(one_run(code, env))
    median = {name: statistics.median(runs) for name, runs in times.items()}
    bare = median["bare Textual app"]
    print(f"first frame, median of {args.runs} runs each")
    for name, value in median.items():
        print(f"{name + ':':24}{value * 1000:7.1f} ms   {value / bare:.2f} x bare")
    print(f"ratio: {median['workshop'] / bare:.2f} (target <= 1.15)")


if __name__ == "__main__":
    main()
