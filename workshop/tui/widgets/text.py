"""Text as people wrote it, wrapped with hanging indents, never read as markup.

Organisers' paragraphs and `- ` bullets, numbered options and lists of
prompts all wrap so that a continued line starts under the words, not under
the bullet or the number: on a projector a wrapped option must still read as
one option. `[brackets]` stay as typed.
"""

from __future__ import annotations

import textwrap
from collections.abc import Iterable, Sequence
from dataclasses import dataclass

from rich.text import Text
from textual import events
from textual.geometry import Size
from textual.message import Message
from textual.widget import Widget
from textual.widgets import Input, Static

Line = tuple[str, str]
"""(marker, text): the marker ('• ', '3. ', a key) sets the hanging indent of the text."""
BLANK: Line = ("", "")


def plain_text(text: str) -> str:
    """Paragraphs joined by blank lines; `- item` becomes a bullet; lines re-flowed."""
    paragraphs: list[str] = []
    for lines in _paragraphs(text):
        paragraphs.append("\n".join(f"  • {t}" if m else t for m, t in lines))
    return "\n\n".join(paragraphs)


def prose(text: str) -> tuple[Line, ...]:
    """An organiser's text as lines: paragraphs, and bullets that hang under their words."""
    out: list[Line] = []
    for lines in _paragraphs(text):
        if out:
            out.append(BLANK)
        out += [("  • ", t) if bullet else ("", t) for bullet, t in lines]
    return tuple(out)


def bullets(items: Iterable[str], marker: str = "• ") -> tuple[Line, ...]:
    return tuple((marker, item) for item in items)


def numbered(items: Sequence[str]) -> tuple[Line, ...]:
    """`1. text`, wrapping under the text; the numbers line up up to 9."""
    return tuple((f"{n}. ", item) for n, item in enumerate(items, 1))


def _paragraphs(text: str) -> list[list[tuple[bool, str]]]:
    """Blocks of (is a bullet, text), with each paragraph's or bullet's lines joined."""
    result: list[list[tuple[bool, str]]] = []
    for block in text.strip().split("\n\n"):
        lines: list[tuple[bool, str]] = []
        for line in (raw.strip() for raw in block.strip().splitlines()):
            if not line:
                continue
            if line.startswith("- "):
                lines.append((True, line[2:].strip()))
            elif lines:
                lines[-1] = (lines[-1][0], f"{lines[-1][1]} {line}")
            else:
                lines.append((False, line))
        if lines:
            result.append(lines)
    return result


def wrap(lines: Sequence[Line], width: int) -> list[str]:
    """Each line wrapped to `width`, continued lines indented as far as the marker."""
    out: list[str] = []
    for marker, text in lines:
        if not text:
            out.append(marker.rstrip())
            continue
        if len(marker) + len(text) <= width:
            out.append(marker + text)  # as written: a bar's spacing is part of it
            continue
        indent = " " * len(marker)
        room = max(width, len(marker) + 8)
        out += textwrap.wrap(
            text,
            room,
            initial_indent=marker,
            subsequent_indent=indent,
            break_on_hyphens=False,
        ) or [marker]
    return out


def update_if_changed(widget: Static, text: str) -> None:
    """A Static given new words only when they differ: each update lays out the screen again."""
    if str(widget.content) != text:
        widget.update(text)


class Prose(Widget):
    """Lines of text with hanging indents, as tall as they wrap to at the widget's width."""

    DEFAULT_CSS = "Prose { height: auto; }"

    def __init__(
        self, lines: Sequence[Line], *, id: str | None = None, classes: str | None = None
    ) -> None:
        super().__init__(id=id, classes=classes)
        self.lines = tuple(lines)

    def show(self, lines: Sequence[Line]) -> None:
        if tuple(lines) != self.lines:
            self.lines = tuple(lines)
            self.refresh(layout=True)

    @property
    def text(self) -> str:
        """The words as they are drawn at the current width: what the room reads."""
        return "\n".join(wrap(self.lines, self.content_size.width or 80))

    def get_content_height(self, container: Size, viewport: Size, width: int) -> int:
        return len(wrap(self.lines, width))

    def render(self) -> Text:
        return Text("\n".join(wrap(self.lines, self.content_size.width)))


class TextBlock(Prose):
    """An organiser's text: paragraphs and `- ` bullets, nothing else interpreted."""

    def __init__(self, text: str, *, id: str | None = None, classes: str | None = None) -> None:
        super().__init__(prose(text), id=id, classes=classes)


class WritingBox(Input):
    """A box for a note or a take-away: Enter hands the words over and empties it at once.

    An Input's own Enter only asks for the words to be taken, and the box is
    emptied later, once they are saved; words typed in between (a quick
    typist, a second note straight away) were run into the first note or
    lost. Here the box is empty before the next key is read, and Enter is
    taken as it arrives, in order with the letters (as a binding it is found
    only after the key has travelled up the screen, by when the letters typed
    after it are already in the box).
    """

    @dataclass
    class Written(Message):
        box: WritingBox
        text: str

        @property
        def control(self) -> WritingBox:
            """The box written in: what `@on(..., "#id")` matches."""
            return self.box

    async def _on_key(self, event: events.Key) -> None:
        if event.key == "enter":
            event.stop()
            event.prevent_default()
            await self.action_submit()
            return
        await super()._on_key(event)

    async def action_submit(self) -> None:
        text = self.value
        self.value = ""
        self.post_message(self.Written(self, text))
