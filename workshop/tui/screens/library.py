"""The library: every scenario found, and every file that could not be read, with why."""

from __future__ import annotations

from collections.abc import Callable
from typing import TYPE_CHECKING

from rich.text import Text
from textual import on, work
from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Horizontal, Vertical, VerticalScroll
from textual.screen import Screen
from textual.widgets import DataTable, Footer, Input, Label, Static

from workshop.tui.messages import ScenarioChosen
from workshop.tui.widgets.text import plain_text

if TYPE_CHECKING:
    from workshop.domain.scenario import Scenario
    from workshop.storage.config import Config
    from workshop.storage.scenarios import ScenarioFile


def search_text(scenario: Scenario) -> str:
    from workshop.domain.scenario import RISK_DOMAIN_LABELS

    parts = [scenario.title, scenario.summary, *scenario.content_note.topics]
    parts += [a.name for a in scenario.authors] + list(scenario.audiences)
    parts += [RISK_DOMAIN_LABELS[d] for d in scenario.risk_domains]
    return " ".join(parts).lower()


def perspectives_of(scenario: Scenario) -> str:
    from workshop.domain.scenario import PERSPECTIVE_LABELS

    kinds = dict.fromkeys(p.perspective for s in scenario.stages for p in s.perspectives)
    return ", ".join(PERSPECTIVE_LABELS[k] for k in kinds)


class LibraryScreen(Screen[None]):
    BINDINGS = [
        Binding("enter", "choose", "Run scenario", priority=True),
        Binding("down", "move(1)", "Next", show=False, priority=True),
        Binding("up", "move(-1)", "Previous", show=False, priority=True),
        Binding("slash", "search", "Search"),
        Binding("escape", "clear_search", "Clear search", show=False),
        Binding("f2", "support", "Support"),
        Binding("f1", "help", "Help"),
        Binding("ctrl+q", "app.quit", "Quit"),
    ]

    def __init__(self, load: Callable[[], list[ScenarioFile]], config: Config) -> None:
        super().__init__()
        self.load = load
        self.config = config
        self.valid: list[ScenarioFile] = []
        self.broken: list[ScenarioFile] = []
        self.loaded = False

    def compose(self) -> ComposeResult:
        with Vertical(id="library"):
            yield Label("Scenario library", classes="big-title")
            yield Input(placeholder="Type to search titles, topics, authors…", id="search")
            with Horizontal(id="library-main"):
                yield DataTable(id="scenarios", cursor_type="row", zebra_stripes=True)
                with VerticalScroll(id="details"):
                    yield Static("Reading the scenario folders…", id="details-text", markup=False)
        yield Footer()

    def _broken_text(self) -> str:
        lines: list[str] = []
        for file in self.broken:
            lines += [str(problem) for problem in file.errors[:5]]
            if len(file.errors) > 5:
                lines.append(f"{file.path}: … and {len(file.errors) - 5} more")
        return "\n".join(lines)

    def on_mount(self) -> None:
        # Everything else is in the details pane beside the list: more columns were
        # cut to a few letters at 80 columns.
        self.query_one(DataTable).add_columns("Title", "Min")
        self.query_one("#search", Input).focus()  # typing searches; ↑ ↓ move in the list
        self.call_after_refresh(self.read_files)

    @work(thread=True, exclusive=True)
    def read_files(self) -> None:
        """Checking every file takes a moment; the screen is up meanwhile."""
        files = self.load()
        self.app.call_from_thread(self.show_files, files)

    def show_files(self, files: list[ScenarioFile]) -> None:
        self.valid = [f for f in files if f.scenario is not None]
        self.broken = [f for f in files if f.scenario is None]
        self.loaded = True
        if self.broken:
            # Only mounted when there is something to say: most starts have no broken files.
            title = (
                f"{len(self.broken)} file(s) could not be loaded: fix them and restart, "
                "or run `workshop check FILE` for details"
            )
            self.query_one("#library", Vertical).mount(
                VerticalScroll(
                    Static(title, id="broken-title", classes="warning-label"),
                    Static(self._broken_text(), id="broken-text", markup=False),
                    id="broken",
                )
            )
        self.fill(self.query_one("#search", Input).value)
        if not self.valid:
            self.query_one("#details-text", Static).update(
                "No scenarios found. Write one with `workshop new my-story.toml` and put it in "
                "your scenarios folder, or start with --scenarios FOLDER."
            )

    def fill(self, query: str) -> None:
        table = self.query_one(DataTable)
        table.clear()
        words = query.lower().split()
        for index, file in enumerate(self.valid):
            scenario = file.scenario
            assert scenario is not None
            haystack = search_text(scenario)
            if all(word in haystack for word in words):
                # Text, not str: the table reads a str as markup, and "[" in a title is text.
                table.add_row(
                    Text(scenario.title),
                    str(scenario.minutes),
                    key=str(index),
                )
        if self.loaded and self.valid and not table.row_count:
            self.query_one("#details-text", Static).update(
                f"No scenario matches '{query}'. Esc clears the search."
            )
            return
        self.show_details()

    def selected(self) -> ScenarioFile | None:
        table = self.query_one(DataTable)
        if not table.row_count:
            return None
        row_key, _ = table.coordinate_to_cell_key(table.cursor_coordinate)
        return self.valid[int(str(row_key.value))]

    def show_details(self) -> None:
        from workshop.domain.scenario import PERSPECTIVE_LABELS, RISK_DOMAIN_LABELS

        file = self.selected()
        if file is None or file.scenario is None:
            return
        scenario = file.scenario
        credits = "; ".join(
            f"{a.name} ({PERSPECTIVE_LABELS[a.perspective].lower()})" for a in scenario.authors
        )
        domains = ", ".join(RISK_DOMAIN_LABELS[d] for d in scenario.risk_domains) or "not stated"
        from workshop.domain.scenario import EXAMPLE_NOTICE

        text = "\n\n".join(
            [
                scenario.title,
                *([f"⚠ {EXAMPLE_NOTICE}"] if scenario.is_example else []),
                plain_text(scenario.summary),
                f"{scenario.minutes} minutes · {len(scenario.stages)} stages",
                f"Perspectives: {perspectives_of(scenario)}",
                f"Risk explored: {domains}",
                *([f"Written for: {', '.join(scenario.audiences)}"] if scenario.audiences else []),
                f"Content note: {', '.join(scenario.content_note.topics) or 'none'}",
                *([] if scenario.is_example else [f"Written by: {credits}"]),
                f"File: {file.path.name}"
                + (f" ({len(file.warnings)} warning(s))" if file.warnings else ""),
            ]
        )
        self.query_one("#details-text", Static).update(text)

    @on(DataTable.RowHighlighted)
    def highlighted(self) -> None:
        self.show_details()

    @on(Input.Changed, "#search")
    def searched(self, event: Input.Changed) -> None:
        self.fill(event.value)

    @on(Input.Submitted, "#search")
    def search_done(self) -> None:
        self.query_one(DataTable).focus()

    def action_choose(self) -> None:
        file = self.selected()
        if file is not None:
            self.post_message(ScenarioChosen(file))

    def action_move(self, step: int) -> None:
        table = self.query_one(DataTable)
        if table.row_count:
            row = min(max(table.cursor_row + step, 0), table.row_count - 1)
            table.move_cursor(row=row)

    def action_search(self) -> None:
        self.query_one("#search", Input).focus()

    def action_clear_search(self) -> None:
        search = self.query_one("#search", Input)
        search.value = ""
        search.focus()

    def action_support(self) -> None:
        from workshop.tui.screens.support import SupportScreen

        self.app.push_screen(SupportScreen(self.config))

    def action_help(self) -> None:
        from workshop.tui.screens.help import HelpScreen, binding_rows

        rows = binding_rows(self.BINDINGS)
        self.app.push_screen(HelpScreen(rows))

    def on_key(self, event: object) -> None:
        """Typing a letter anywhere starts a search, even after clicking the list."""
        character = getattr(event, "character", None)
        search = self.query_one("#search", Input)
        if character and character.isprintable() and character != " " and not search.has_focus:
            search.focus()
            search.insert_text_at_cursor(character)
            getattr(event, "stop", lambda: None)()
