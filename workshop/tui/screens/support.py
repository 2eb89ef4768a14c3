"""Support and signposting: one key away from every screen."""

from __future__ import annotations

from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import VerticalScroll
from textual.screen import ModalScreen
from textual.widgets import Footer, Label, Static

from workshop.storage.config import Config, support_lines
from workshop.tui.widgets.text import Prose


class SupportScreen(ModalScreen[None]):
    """Shown over whatever is on screen; closing it returns exactly there."""

    BINDINGS = [
        Binding("escape,s,q", "dismiss", "Close support"),
    ]

    def __init__(self, config: Config, extra: tuple[str, ...] = ()) -> None:
        super().__init__()
        self.config = config
        self.extra = extra

    def compose(self) -> ComposeResult:
        with VerticalScroll(id="support", classes="dialog"):
            yield Label("Support is available", classes="dialog-title")
            yield Static(
                "If anything today has brought up difficult feelings, you are not alone. "
                "You can step out at any time, and talk to either facilitator in private.",
                markup=False,
            )
            yield Prose(support_lines(self.config, self.extra), classes="contacts")
        yield Footer()

    def action_dismiss(self, result: None = None) -> None:  # type: ignore[override]
        self.dismiss(result)
