"""Asked before resuming against a scenario file that changed since the session began."""

from __future__ import annotations

from typing import TYPE_CHECKING

from textual import on
from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Horizontal, VerticalScroll
from textual.screen import Screen
from textual.widgets import Button, Footer, Label, Static

from workshop.tui.messages import ResumeAgreed

if TYPE_CHECKING:
    from workshop.storage.resume import ResumePlan


class ResumeConsentScreen(Screen[None]):
    BINDINGS = [
        Binding("y", "agree", "Continue with the changed file"),
        Binding("n,escape,q", "app.quit", "Do not resume"),
    ]

    def __init__(self, plan: ResumePlan) -> None:
        super().__init__()
        self.plan = plan

    def compose(self) -> ComposeResult:
        info = self.plan.session.info
        with VerticalScroll(id="resume", classes="dialog"):
            yield Label("The scenario has changed", classes="dialog-title")
            yield Static(
                f"Session {info.short_id} ({info.cohort or 'no cohort label'}) of "
                f"'{info.scenario_title}' stopped at {self.plan.session.position.phase}.",
                markup=False,
            )
            yield Static("\n".join(f"• {change}" for change in self.plan.changes), markup=False)
            yield Static(
                "Continue with the file as it is now, or stop here and put the earlier "
                "version back. The record is not changed until you continue.",
                classes="hint",
                markup=False,
            )
            with Horizontal(classes="buttons"):
                yield Button("Continue (Y)", id="agree", variant="primary")
                yield Button("Do not resume (N)", id="refuse")
        yield Footer()

    @on(Button.Pressed, "#agree")
    def action_agree(self) -> None:
        self.post_message(ResumeAgreed())

    @on(Button.Pressed, "#refuse")
    def refuse(self) -> None:
        self.app.exit(message="Not resumed; the record is unchanged.")
