"""The join banner: a QR code of the join address, the address, the code, phones joined.

The QR code is drawn from segno's module matrix (never Micro QR, which phone
cameras do not read), dark modules on light with a four-module quiet zone,
in black and white whatever the theme: a camera needs the contrast, and a
dark theme would otherwise invert it. Each module is a square of half-block
cells, as large as the space allows, so a phone can read it off a projector.
"""

from __future__ import annotations

from functools import lru_cache

from rich.segment import Segment
from rich.style import Style
from textual.app import ComposeResult
from textual.containers import Vertical
from textual.geometry import Size
from textual.strip import Strip
from textual.widget import Widget

from workshop.tui.steps.view import Phones
from workshop.tui.widgets.text import Prose

INK = Style(color="#000000", bgcolor="#ffffff")  # a QR code's own colours, not the theme's
QUIET_ZONE = 4
MAX_SCALE = 4
ROWS_BESIDE = 10
"""Rows of the screen the code leaves free: the words under it, a header, a footer, padding."""
SHORT_SCREEN = 28
"""Rows below which the words under the code shrink to two lines, so that none is cut off."""


@lru_cache(maxsize=8)
def qr_modules(text: str) -> tuple[tuple[bool, ...], ...]:
    """The QR code of `text` with its quiet zone: True for a dark module."""
    import segno

    code = segno.make(text, micro=False, error="m")
    return tuple(tuple(bool(m) for m in row) for row in code.matrix_iter(border=QUIET_ZONE))


def qr_lines(modules: tuple[tuple[bool, ...], ...], scale: int) -> list[str]:
    """The modules as half-block text: each module `scale` columns by `scale` half-rows."""
    pixels = [[dark for dark in row for _ in range(scale)] for row in modules for _ in range(scale)]
    if len(pixels) % 2:
        pixels.append([False] * len(pixels[0]))
    glyph = {(True, True): "█", (True, False): "▀", (False, True): "▄", (False, False): " "}
    return [
        "".join(glyph[(top, bottom)] for top, bottom in zip(upper, lower, strict=True))
        for upper, lower in zip(pixels[0::2], pixels[1::2], strict=True)
    ]


class QRCode(Widget):
    """A QR code drawn as large as the screen allows, in `share` of its width."""

    DEFAULT_CSS = "QRCode { width: auto; height: auto; }"

    def __init__(self, text: str, *, share: float = 0.8, id: str | None = None) -> None:
        super().__init__(id=id)
        self.text = text
        self.share = share

    def show(self, text: str) -> None:
        if text != self.text:
            self.text = text
            self.refresh(layout=True)

    def scale(self) -> int:
        """The largest whole scale that fits `share` of the screen's width and its height.

        The banner stands beside the step's text, so it shares the width; of the
        height it takes all but the rows of the words under it and the screen's
        header and footer.
        """
        size = len(qr_modules(self.text))
        rows = self.app.size.height - ROWS_BESIDE
        columns = self.app.size.width * self.share
        fits = [s for s in range(1, MAX_SCALE + 1) if size * s / 2 <= rows and size * s <= columns]
        return max(fits, default=1)

    def lines(self) -> list[str]:
        return qr_lines(qr_modules(self.text), self.scale())

    def get_content_width(self, container: Size, viewport: Size) -> int:
        return len(self.lines()[0])

    def get_content_height(self, container: Size, viewport: Size, width: int) -> int:
        return len(self.lines())

    def render_line(self, y: int) -> Strip:
        lines = self.lines()
        if y >= len(lines):
            return Strip.blank(self.size.width)
        return Strip([Segment(lines[y], INK)])


def spaced(code: str) -> str:
    """`ABCDEF` as `ABC DEF`: easier to read off a screen and to type."""
    return " ".join(code[i : i + 3] for i in range(0, len(code), 3))


def join_words(phones: Phones, *, short: bool = False) -> tuple[tuple[str, str], ...]:
    """How to join, under the code; on a short screen the address and the code alone.

    At 80x24 the code leaves two rows beside the step: the count of phones
    is in the header already, and the address and code matter most.
    """
    if short:
        return (
            ("", f"Scan, or open {phones.address}"),
            ("", f"and type the code  {spaced(phones.code)}"),
        )
    return (
        ("", "Vote privately on your phone: scan this with the camera, or open"),
        ("  ", phones.address),
        ("", f"and type the code  {spaced(phones.code)}"),
        ("", f"{phones.joined} phone{'s' if phones.joined != 1 else ''} joined."),
    )


class JoinBanner(Vertical):
    """The QR code and the words under it; shown again in place as phones join."""

    def __init__(self, phones: Phones, *, share: float = 0.8, id: str | None = None) -> None:
        super().__init__(id=id, classes="join-banner")
        self.phones = phones
        self.share = share

    def compose(self) -> ComposeResult:
        yield QRCode(self.phones.url, share=self.share, id="join-qr")
        yield Prose(self._words(), id="join-words", classes="join-words")

    def _words(self) -> tuple[tuple[str, str], ...]:
        short = self.app.size.height < SHORT_SCREEN
        self.set_class(short, "-short")
        return join_words(self.phones, short=short)

    def show(self, phones: Phones) -> None:
        """The same banner, with the count and the screen's size as they are now."""
        self.phones = phones
        if self.is_mounted:
            self.query_one(QRCode).show(phones.url)
            self.query_one("#join-words", Prose).show(self._words())
