"""Key figures (votes in, the timer, phones joined) drawn as large as the space allows.

On a laptop at 80x24 they are Textual's three-row digits; on a projector-sized
terminal, pyfiglet's ANSI Regular font, scaled up whole cells at a time, so the
back of the room can read them. pyfiglet is imported only when a figure is
first drawn that large, never at start-up.
"""

from __future__ import annotations

from functools import lru_cache
from typing import Any

from rich.segment import Segment
from rich.style import Style
from rich.text import Text
from textual.geometry import Size
from textual.reactive import reactive
from textual.renderables.digits import Digits
from textual.widget import Widget

FIGLET_FONT = "ansi_regular"
MAX_SCALE = 4


def digits_lines(value: str) -> tuple[str, ...]:
    """Textual's own three-row digits, as plain lines."""
    rows = "".join(s.text for s in Digits(value).render(Style()) if isinstance(s, Segment))
    return tuple(rows.split("\n")[:3])


@lru_cache(maxsize=1)
def _figlet() -> Any:
    """The font, loaded once (a few milliseconds each time otherwise)."""
    import pyfiglet

    return pyfiglet.Figlet(font=FIGLET_FONT, width=1000)


@lru_cache(maxsize=256)
def figlet_lines(value: str, scale: int) -> tuple[str, ...]:
    """`value` in ANSI Regular, every cell repeated `scale` times across and down."""
    drawn = _figlet().renderText(value).rstrip("\n")
    rows = [row.rstrip() for row in drawn.split("\n")]
    while rows and not rows[-1]:
        rows.pop()
    width = max((len(row) for row in rows), default=0)
    scaled: list[str] = []
    for row in rows:
        wide = "".join(ch * scale for ch in row.ljust(width))
        scaled += [wide] * scale
    return tuple(scaled)


def figure_lines(value: str, width: int, rows: int) -> tuple[str, ...]:
    """The largest drawing of `value` that fits `width` columns and `rows` rows."""
    best = digits_lines(value)
    if rows < 5:
        return best
    for scale in range(1, MAX_SCALE + 1):
        drawn = figlet_lines(value, scale)
        if len(drawn) > rows or max((len(r) for r in drawn), default=0) > width:
            break
        best = drawn
    return best


class BigFigure(Widget):
    """A number or a time, as large as its share of the screen allows, in plain characters.

    `rows` caps its height as a share of the terminal's (a figure should not
    push the words it stands beside off the screen).
    """

    DEFAULT_CSS = "BigFigure { height: auto; width: 1fr; }"

    value: reactive[str] = reactive("")

    def __init__(
        self, value: str, *, share: float = 0.3, id: str | None = None, classes: str | None = None
    ) -> None:
        super().__init__(id=id, classes=classes)
        self.share = share
        self.set_reactive(BigFigure.value, value)

    def watch_value(self, old: str, new: str) -> None:
        """A figure as wide as the last draws in place; a wider or narrower one lays out again."""
        self.refresh(layout=len(old) != len(new))

    def _lines(self, width: int) -> tuple[str, ...]:
        rows = int(self.app.size.height * self.share)
        return figure_lines(self.value, width, rows)

    def get_content_height(self, container: Size, viewport: Size, width: int) -> int:
        return len(self._lines(width))

    def render(self) -> Text:
        return Text("\n".join(self._lines(self.content_size.width)), no_wrap=True)
