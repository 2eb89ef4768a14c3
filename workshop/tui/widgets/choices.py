"""Radio buttons and check boxes whose chosen and unchosen states differ in shape.

Textual draws a chosen and an unchosen button with the same mark and tells
them apart by colour only, which a projector washes out (WCAG 1.4.1). These
draw ● / ○ and ✓ / a blank instead, in every theme.
"""

from __future__ import annotations

from textual.widgets import Checkbox, RadioButton, RadioSet


class Choice(RadioButton):
    BUTTON_INNER = "○"

    def watch_value(self) -> None:
        self.BUTTON_INNER = "●" if self.value else "○"
        super().watch_value()


class Tick(Checkbox):
    BUTTON_INNER = " "

    def watch_value(self) -> None:
        self.BUTTON_INNER = "✓" if self.value else " "
        super().watch_value()


class Choices(RadioSet):
    """One of several, each named by a key; `chosen` is the key of the one pressed."""

    def __init__(
        self, options: tuple[tuple[str, str], ...], chosen: str, *, id: str | None = None
    ) -> None:
        super().__init__(*(Choice(label, value=key == chosen) for key, label in options), id=id)
        self.keys = tuple(key for key, _ in options)

    @property
    def chosen(self) -> str | None:
        index = self.pressed_index
        return self.keys[index] if index >= 0 else None
