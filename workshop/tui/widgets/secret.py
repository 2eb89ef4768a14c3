"""A number typed where the room can see the screen, showing nothing of what is typed.

A password box still shows one dot per digit, and the cursor moves with
them: a count of 12 and a count of 3 look different from the back of the
room. This field shows the same mark whatever is typed.

It takes no focus: the dialog it sits in hands it the keys, in the order they
were typed, so digits typed quickly can never land in the wrong place.
"""

from __future__ import annotations

from dataclasses import dataclass

from rich.text import Text
from textual import events
from textual.message import Message
from textual.widget import Widget

MAX_DIGITS = 3


class SecretNumber(Widget):
    DEFAULT_CSS = """
    SecretNumber { height: 3; border: tall $border-blurred; padding: 0 1; width: 1fr; }
    SecretNumber.-current { border: tall $border; }
    """

    @dataclass
    class Clicked(Message):
        field: SecretNumber

        @property
        def control(self) -> SecretNumber:
            """The field clicked: what `@on(..., "#id")` matches."""
            return self.field

    def __init__(self, *, id: str | None = None) -> None:
        super().__init__(id=id)
        self.value = ""

    def render(self) -> Text:
        if not self.value:
            return Text("type the number", style="italic")
        return Text("■ typed, hidden · Backspace clears")

    def take(self, event: events.Key) -> bool:
        """A digit or Backspace, handed on by the dialog: True when it was this field's."""
        if event.key == "backspace":
            self.value = ""
        elif event.character is not None and event.character.isdigit():
            if len(self.value) < MAX_DIGITS:
                self.value += event.character
        else:
            return False
        self.refresh()
        return True

    def on_click(self) -> None:
        self.post_message(self.Clicked(self))
