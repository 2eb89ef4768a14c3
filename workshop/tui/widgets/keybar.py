"""The keys of the step on screen, in a fixed order, wrapped so that none is ever cut off.

Textual's footer scrolls sideways when its keys do not fit, which at 80
columns cut "Facilitator view" to "Facilita"; this bar wraps instead, keeps
the order the screen declares (moving on first), and shows only what works
at this step.
"""

from __future__ import annotations

from textual.binding import Binding

from workshop.tui.widgets.text import Prose


def first_key(keys: str) -> str:
    """The key to print for a binding: the first of its keys, as it is printed on a keyboard."""
    from workshop.tui.screens.help import format_key

    return format_key(keys.split(",")[0])


class KeyBar(Prose):
    DEFAULT_CSS = "KeyBar { dock: bottom; }"

    def __init__(self) -> None:
        super().__init__((), classes="keybar")

    def on_mount(self) -> None:
        self.screen.bindings_updated_signal.subscribe(self, self.bindings_changed)
        self.bindings_changed(self.screen)

    def on_unmount(self) -> None:
        self.screen.bindings_updated_signal.unsubscribe(self)

    def bindings_changed(self, _screen: object) -> None:
        active = {b.binding.action for b in self.screen.active_bindings.values() if b.enabled}
        items = [  # no break inside an item: "→ Next" never becomes "→" and "Next"
            f"{first_key(binding.key)} {binding.description}".replace(" ", "\u00a0")
            for binding in self.screen.BINDINGS
            if isinstance(binding, Binding)
            and binding.show
            and binding.description
            and binding.action in active
        ]
        self.show((("", "   ".join(items)),))
