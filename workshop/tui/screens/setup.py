"""Set-up: the cohort, how people vote, and who is facilitating (roles, never names)."""

from __future__ import annotations

from datetime import date, datetime

from textual import on
from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import VerticalScroll
from textual.screen import Screen
from textual.widgets import Button, Footer, Input, Label, Static

from workshop.storage.scenarios import ScenarioFile
from workshop.storage.starting import SessionSettings, default_cohort
from workshop.tui.messages import SessionConfigured
from workshop.tui.widgets.choices import Choices, Tick

ROLES = (
    "Trainer with lived experience",
    "Practitioner",
    "Carer trainer",
    "Peer support worker",
    "Student facilitator",
)
VOTING_CHOICES = (
    ("keypad", "Keypad: votes entered at this laptop"),
    ("phones", "Phones: not available in this version"),
)


class SetupScreen(Screen[None]):
    BINDINGS = [
        Binding("ctrl+s", "start", "Start session"),
        Binding("escape", "back", "Back to library"),
        Binding("f2", "app.support", "Support"),
    ]

    def __init__(
        self,
        file: ScenarioFile,
        cohort: str = "",
        voting_mode: str = "keypad",
        today: date | None = None,
    ) -> None:
        super().__init__()
        self.file = file
        self.cohort = cohort
        self.voting_mode = voting_mode
        self.today = today or date.today()

    def compose(self) -> ComposeResult:
        scenario = self.file.scenario
        assert scenario is not None
        unnamed = default_cohort(datetime.combine(self.today, datetime.min.time()))
        with VerticalScroll(id="setup", classes="dialog"):
            yield Label(f"Set up: {scenario.title}", classes="dialog-title", markup=False)
            yield Label("Cohort label (e.g. Cohort 3, adult social care)")
            yield Input(self.cohort, placeholder=f"Left empty: '{unnamed}'", id="cohort")
            yield Label("How will people vote?")
            yield Choices(VOTING_CHOICES, chosen=self.voting_mode, id="voting-mode")
            yield Label("Who is facilitating? (roles, not names)")
            for index, role in enumerate(ROLES):
                yield Tick(role, value=index < 2, classes="role")
            yield Static("The record holds counts, roles and notes; never names.", classes="hint")
            yield Button("Start session", id="start", variant="primary")
        yield Footer()

    def on_mount(self) -> None:
        self.query_one("#cohort", Input).focus()
        self.query_one(Choices).query("Choice")[-1].disabled = True

    def action_back(self) -> None:
        self.app.pop_screen()

    def check_action(self, action: str, parameters: tuple[object, ...]) -> bool | None:
        if action == "back":
            return len(self.app.screen_stack) > 1  # `workshop run FILE` has no library behind
        return True

    @on(Input.Submitted, "#cohort")
    def cohort_done(self) -> None:
        self.query_one("#start", Button).focus()

    @on(Button.Pressed, "#start")
    def action_start(self) -> None:
        roles = tuple(str(t.label) for t in self.query(Tick) if t.value)
        settings = SessionSettings(
            cohort=self.query_one("#cohort", Input).value.strip(),
            voting_mode=self.query_one(Choices).chosen or "keypad",
            facilitation=roles,
        )
        self.post_message(SessionConfigured(self.file, settings))
