"""A scrolling column of text blocks that is shown again in place, never rebuilt needlessly.

A step of the session is described as data (a tuple of Blocks) and drawn by
one Blocks widget. When the step's words change (a vote came in, the
scenario file was saved, the group's choice was changed) the same widgets
are given their new lines, so the reader's scroll position, and whatever
else they are doing, stays where it was.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass

from textual.app import ComposeResult
from textual.containers import VerticalScroll

from workshop.tui.widgets.text import Line, Prose


@dataclass(frozen=True)
class Block:
    lines: tuple[Line, ...]
    classes: str = ""


def block(text: str, classes: str = "") -> Block:
    """One paragraph of the tool's own words (not parsed: brackets stay as typed)."""
    return Block((("", text),), classes)


class Blocks(VerticalScroll):
    """Blocks in a column that scrolls when they are longer than the screen."""

    def __init__(
        self, blocks: Sequence[Block], *, id: str | None = None, classes: str = "reading"
    ) -> None:
        super().__init__(id=id, classes=classes)
        self.blocks = tuple(blocks)
        self.drawn: tuple[Block, ...] = ()

    def compose(self) -> ComposeResult:
        self.drawn = self.blocks
        for each in self.blocks:
            yield Prose(each.lines, classes=each.classes or None)

    def on_mount(self) -> None:
        self._draw()  # blocks given while it was being mounted

    def show(self, blocks: Sequence[Block]) -> None:
        self.blocks = tuple(blocks)
        if self.is_mounted:
            self._draw()

    def _draw(self) -> None:
        blocks = self.blocks
        if blocks == self.drawn:
            return
        same_shape = [b.classes for b in blocks] == [b.classes for b in self.drawn]
        self.drawn = blocks
        if same_shape:
            for widget, each in zip(self.query_children(Prose), blocks, strict=True):
                widget.show(each.lines)
            return
        with self.app.batch_update():
            self.remove_children()
            self.mount_all(Prose(b.lines, classes=b.classes or None) for b in blocks)
