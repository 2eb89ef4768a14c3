"""The keys of the step on screen, in a fixed order, wrapped so that none is ever cut off.

Textual's footer scrolls sideways when its keys do not fit, which at 80
columns cut "Facilitator view" to "Facilita"; this bar wraps instead, keeps
the order the screen declares (moving on first), and shows only what works
at this step.
"""

from __future__ import annotations

import re

from textual.binding import Binding
from textual.widgets import Input

from workshop.tui.widgets.text import Prose

_TYPES_NOTHING = re.compile(r"(f\d+|ctrl\+.+|escape|enter|tab|up|down|left|right|pageup|pagedown)")
"""Keys that reach the screen while a box has the focus: they type no character."""


def first_key(keys: str, *, typing: bool = False) -> str | None:
    """The key to print for a binding, as it is printed on a keyboard.

    While a box has the focus, letters go into the box, so only a key that
    types nothing (F2 rather than S) is shown; None when there is none.
    """
    from workshop.tui.screens.help import format_key

    candidates = keys.split(",")
    if typing:
        candidates = [key for key in candidates if _TYPES_NOTHING.fullmatch(key)]
    return format_key(candidates[0]) if candidates else None


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
        typing = isinstance(self.screen.focused, Input)
        items = []
        for binding in self.screen.BINDINGS:
            if not isinstance(binding, Binding) or not binding.show or not binding.description:
                continue
            key = first_key(binding.key, typing=typing)
            if key is not None and binding.action in active:
                # no break inside an item: "→ Next" never becomes "→" and "Next"
                items.append(f"{key} {binding.description}".replace(" ", "\u00a0"))
        self.show((("", "   ".join(items)),))
