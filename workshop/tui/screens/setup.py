"""Set-up: the cohort, how people vote, and who is facilitating (roles, never names)."""

from __future__ import annotations

from datetime import date, datetime

from textual import on
from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Vertical, VerticalScroll
from textual.screen import Screen
from textual.widgets import Button, Footer, Input, Label, RadioSet, Static

from workshop.storage.scenarios import ScenarioFile
from workshop.storage.starting import SessionSettings, default_cohort
from workshop.tui.messages import SessionConfigured
from workshop.tui.widgets.choices import Choice, Choices, Tick
from workshop.tui.widgets.text import plain_text
from workshop.words import plural

ROLES = (
    "Trainer with lived experience",
    "Practitioner",
    "Carer trainer",
    "Peer support worker",
    "Student facilitator",
)
VOTING_CHOICES = (
    ("keypad", "Keypad: votes entered at this laptop"),
    ("phones", "Phones: each person votes privately on their own phone"),
)


ROOM_FOR_SUMMARY = 30
"""Rows from which the set-up screen shows the scenario's summary above the form."""


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
        host: str | None = None,
    ) -> None:
        super().__init__()
        self.file = file
        self.cohort = cohort
        self.voting_mode = voting_mode
        self.today = today or date.today()
        self.host = host
        """The address asked for with --host; else this laptop's on the network."""

    def compose(self) -> ComposeResult:
        scenario = self.file.scenario
        assert scenario is not None
        unnamed = default_cohort(datetime.combine(self.today, datetime.min.time()))
        with VerticalScroll(id="setup", classes="dialog"):
            yield Label(f"Set up: {scenario.title}", classes="dialog-title", markup=False)
            yield Static(plain_text(scenario.summary), id="setup-summary", markup=False)
            if self.file.warnings:
                yield Static(self._warnings_said(), classes="warning-label", markup=False)
            yield Label("Cohort label (e.g. Cohort 3, adult social care)")
            yield Input(self.cohort, placeholder=f"Left empty: '{unnamed}'", id="cohort")
            yield Label("How will people vote?")
            yield Choices(VOTING_CHOICES, chosen=self.voting_mode, id="voting-mode")
            with Vertical(id="phone-settings"):
                yield Static("", id="phones-said", markup=False, classes="hint")
                yield Label("Phones join at this address (the room's network):", id="hosts-label")
                yield Choices((), chosen="", id="hosts")
                yield Tick("Show each closed vote's result on the phones too", id="show-results")
            yield Label("Who is facilitating? (roles, not names)")
            for index, role in enumerate(ROLES):
                yield Tick(role, value=index < 2, classes="role")
            yield Static("The record holds counts, roles and notes; never names.", classes="hint")
            yield Button("Start session", id="start", variant="primary")
        yield Footer()

    def _warnings_said(self) -> str:
        """A file with warnings still runs; whoever runs it should know, before the room does."""
        warnings = self.file.warnings
        first = warnings[0]
        return (
            f"⚠ {plural(len(warnings), 'warning')} in {self.file.path.name}, the first at line "
            f"{first.line}: {first.problem.message}. It runs as it is; "
            f"see them all with: workshop check {self.file.path}"
        )

    def on_mount(self) -> None:
        self.query_one("#cohort", Input).focus()
        self._show_phone_settings()
        self.on_resize()

    def on_resize(self) -> None:
        """The summary where there is room: on a laptop's 24 rows it would push the form away."""
        self.query_one("#setup-summary").display = self.app.size.height >= ROOM_FOR_SUMMARY

    @on(RadioSet.Changed, "#voting-mode")
    def voting_changed(self) -> None:
        self._show_phone_settings()

    def _show_phone_settings(self) -> None:
        """Phones need an address on the room's network: found when phones are chosen."""
        settings = self.query_one("#phone-settings")
        phones = self.query_one("#voting-mode", Choices).chosen == "phones"
        settings.display = phones
        if not phones or self.query_one("#hosts", Choices).keys:
            return
        from workshop.web.address import NO_NETWORK, lan_addresses

        hosts = [self.host] if self.host else lan_addresses()
        said = self.query_one("#phones-said", Static)
        if not hosts:
            said.update(NO_NETWORK)
            self.query_one("#voting-mode", Choices).query(Choice).first().value = True
            settings.display = True
            self.query_one("#hosts-label").display = False
            self.query_one("#hosts").display = False
            self.query_one("#show-results").display = False
            return
        said.update(
            "Phones join by the code and QR code on the screen; nothing goes to the internet."
        )
        chooser = self.query_one("#hosts", Choices)
        chooser.keys = tuple(hosts)
        chooser.mount_all(Choice(host, value=index == 0) for index, host in enumerate(hosts))
        self.query_one("#hosts-label").display = len(hosts) > 1
        chooser.display = len(hosts) > 1

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
        roles = tuple(str(t.label) for t in self.query(".role").results(Tick) if t.value)
        mode = self.query_one("#voting-mode", Choices).chosen or "keypad"
        hosts = self.query_one("#hosts", Choices)
        if mode == "phones" and not hosts.keys:
            mode = "keypad"  # no network: said on the screen, and the keypad works
        settings = SessionSettings(
            cohort=self.query_one("#cohort", Input).value.strip(),
            voting_mode=mode,
            facilitation=roles,
        )
        show = self.query_one("#show-results", Tick).value
        host = hosts.chosen if mode == "phones" else None
        self.post_message(SessionConfigured(self.file, settings, host=host, show_results=show))
