"""Set-up: the cohort, how people vote, and who is facilitating (roles, never names)."""

from __future__ import annotations

from textual import on
from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import VerticalScroll
from textual.screen import Screen
from textual.widgets import (
    Button,
    Footer,
    Input,
    Label,
    RadioButton,
    RadioSet,
    SelectionList,
    Static,
)

from workshop.storage.scenarios import ScenarioFile
from workshop.tui.messages import SessionConfigured

ROLES = (
    "Trainer with lived experience",
    "Practitioner",
    "Carer trainer",
    "Peer support worker",
    "Student facilitator",
)


class SetupScreen(Screen[None]):
    BINDINGS = [
        Binding("ctrl+s", "start", "Start session"),
        Binding("escape", "back", "Back to library"),
        Binding("f2", "app.support", "Support"),
    ]

    def __init__(self, file: ScenarioFile, cohort: str = "", voting_mode: str = "keypad") -> None:
        super().__init__()
        self.file = file
        self.cohort = cohort
        self.voting_mode = voting_mode

    def compose(self) -> ComposeResult:
        scenario = self.file.scenario
        assert scenario is not None
        with VerticalScroll(id="setup", classes="dialog"):
            yield Label(f"Set up: {scenario.title}", classes="dialog-title", markup=False)
            yield Label("Cohort label (e.g. Cohort 3, adult social care)")
            yield Input(self.cohort, placeholder="Cohort label", id="cohort")
            yield Label("How will people vote?")
            with RadioSet(id="voting-mode"):
                yield RadioButton("Keypad: votes entered at this laptop", value=True)
                yield RadioButton("Phones: not available in this version", disabled=True)
            yield Label("Who is facilitating? (roles, not names)")
            yield SelectionList[str](
                *((role, role, index < 2) for index, role in enumerate(ROLES)), id="roles"
            )
            yield Static("The record holds counts, roles and notes; never names.", classes="hint")
            yield Button("Start session", id="start", variant="primary")
        yield Footer()

    def action_back(self) -> None:
        self.app.pop_screen()

    def check_action(self, action: str, parameters: tuple[object, ...]) -> bool | None:
        if action == "back":
            return len(self.app.screen_stack) > 1  # `workshop run FILE` has no library behind
        return True

    def on_mount(self) -> None:
        self.query_one("#cohort", Input).focus()

    @on(Input.Submitted, "#cohort")
    def cohort_done(self) -> None:
        self.query_one("#start", Button).focus()

    @on(Button.Pressed, "#start")
    def action_start(self) -> None:
        roles = tuple(self.query_one("#roles", SelectionList).selected)
        cohort = self.query_one("#cohort", Input).value.strip()
        self.post_message(SessionConfigured(self.file, cohort, "keypad", roles))
