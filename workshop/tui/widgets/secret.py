"""A number typed where the room can see the screen, showing nothing of what is typed.

A password box still shows one dot per digit, and the cursor moves with
them: a count of 12 and a count of 3 look different from the back of the
room. This field shows the same mark whatever is typed.
"""

from __future__ import annotations

from dataclasses import dataclass

from rich.text import Text
from textual import events
from textual.message import Message
from textual.widget import Widget

MAX_DIGITS = 3


class SecretNumber(Widget, can_focus=True):
    DEFAULT_CSS = """
    SecretNumber { height: 3; border: tall $border-blurred; padding: 0 1; width: 1fr; }
    SecretNumber:focus { border: tall $border; }
    """

    @dataclass
    class Submitted(Message):
        field: SecretNumber

        @property
        def control(self) -> SecretNumber:
            """The field that was submitted: what `@on(..., "#id")` matches."""
            return self.field

    def __init__(self, *, id: str | None = None) -> None:
        super().__init__(id=id)
        self.value = ""

    def render(self) -> Text:
        if not self.value:
            return Text("type the number", style="italic")
        return Text("■ typed, hidden · Backspace clears")

    def on_key(self, event: events.Key) -> None:
        if event.key == "enter":
            event.stop()
            self.post_message(self.Submitted(self))
        elif event.key == "backspace":
            event.stop()
            self.value = ""
            self.refresh()
        elif event.character is not None and event.character.isdigit():
            event.stop()
            if len(self.value) < MAX_DIGITS:
                self.value += event.character
            self.refresh()
