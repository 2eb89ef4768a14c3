"""Every key binding of the screen underneath, in one list."""

from __future__ import annotations

from collections.abc import Iterable

from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import VerticalScroll
from textual.screen import ModalScreen
from textual.widgets import Footer, Label, Static

from workshop.tui.widgets.text import Prose


def format_key(key: str) -> str:
    """`left,pageup` -> `← / PgUp`: keys as they are printed on a keyboard."""
    names = {
        "right": "→",
        "left": "←",
        "space": "Space",
        "enter": "Enter",
        "escape": "Esc",
        "pagedown": "PgDn",
        "pageup": "PgUp",
        "question_mark": "?",
        "slash": "/",
        "up": "↑",
        "down": "↓",
        "tab": "Tab",
        "full_stop": ".",
        "left_square_bracket": "[",
        "right_square_bracket": "]",
    }

    def one(key: str) -> str:
        if key in names:
            return names[key]
        if "+" in key:
            modifier, _, rest = key.partition("+")
            return f"{modifier.capitalize()}+{one(rest)}"
        return key.upper()

    return " / ".join(one(part) for part in key.split(","))


def binding_rows(bindings: Iterable[Binding | tuple[str, ...]]) -> list[tuple[str, str]]:
    """(keys, description) of every binding worth telling a person about."""
    return [
        (b.key, b.description)
        for b in bindings
        if isinstance(b, Binding) and b.description and b.show
    ]


def help_rows(
    bindings: Iterable[Binding | tuple[str, ...]], explained: dict[str, str]
) -> list[tuple[str, str]]:
    """Every binding shown, in the screen's order, each with its longer explanation."""
    return [(key, explained.get(text, text)) for key, text in binding_rows(bindings)]


class HelpScreen(ModalScreen[None]):
    BINDINGS = [Binding("escape,question_mark,f1,q", "dismiss", "Close help")]

    def __init__(self, bindings: list[tuple[str, str]]) -> None:
        super().__init__()
        self.rows = bindings

    def compose(self) -> ComposeResult:
        with VerticalScroll(id="help", classes="dialog"):
            yield Label("Keys", classes="dialog-title")
            width = max((len(format_key(k)) for k, _ in self.rows), default=8)
            # A description that wraps goes on under itself, not under the keys.
            yield Prose(
                [(f"{format_key(key):>{width}}   ", text) for key, text in self.rows],
                id="help-keys",
            )
            yield Static(
                "Ctrl+P opens the command palette with the same commands.",
                classes="hint",
                markup=False,
            )
        yield Footer()

    def action_dismiss(self, result: None = None) -> None:  # type: ignore[override]
        self.dismiss(result)
