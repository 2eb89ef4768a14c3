"""The join banner's QR code, read back off the screen the way a phone's camera would.

The real app runs a phones session on 127.0.0.1; at the welcome step the QR
code is taken as the screen draws it (the compositor's cells, not the string
given to segno), each half-block cell turned into two black-or-white pixels
by its characters and colours, and decoded with zxing-cpp. It must give the
join URL `http://127.0.0.1:PORT/j/CODE`, as a regular QR code (phone cameras
do not read Micro QR), drawn black on white with its quiet zone in the dark
and the light theme alike, at 80x24 and larger on a projector's 200x60.
"""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

import pytest
import zxingcpp
from rich.style import Style
from textual.geometry import Region
from textual.pilot import Pilot

from tests.conftest import DATA
from tests.tui.conftest import make_services
from tests.tui.test_rules import go_to, start
from workshop.launch import PhoneAddress, RunFile
from workshop.tui.app import WorkshopApp
from workshop.tui.widgets.join import QUIET_ZONE, QRCode
from workshop.web.server import PhoneServer

MINIMAL = DATA / "valid/minimal.toml"
SIZES = [(80, 24), (200, 60)]
THEMES = ["workshop-dark", "workshop-light"]
TOP, BOTTOM = {"█", "▀"}, {"█", "▄"}  # the half-blocks whose top / bottom half is ink
MARGIN, ENLARGE = 8, 4


def phones_app(tmp_path: Path) -> WorkshopApp:
    start_at = RunFile(MINIMAL, vote="phones", phones=PhoneAddress(host="127.0.0.1", port=0))
    return WorkshopApp(make_services(tmp_path / "data"), start_at)


async def serving(pilot: Pilot[None], app: WorkshopApp) -> tuple[PhoneServer, QRCode]:
    """Set-up's Ctrl+S, then wait (a deadline, not a pause) until the banner shows the server."""
    await start(pilot)
    for _ in range(500):
        server = app.phones.server if app.phones else None
        codes = app.screen.query(QRCode)
        if server is not None and codes and codes.first().text == server.join_url:
            await pilot.pause()
            return server, codes.first()
        await pilot.pause(0.01)
    raise AssertionError("the join banner never showed the phone server's address")


@dataclass(frozen=True)
class Drawn:
    """The QR code's cells as the screen draws them: rows of (character, style)."""

    cells: list[list[tuple[str, Style]]]

    def colours(self) -> set[str]:
        found = set()
        for row in self.cells:
            for _, style in row:
                for colour in (style.color, style.bgcolor):
                    assert colour is not None, "a colour left to the terminal follows its theme"
                    found.add(colour.get_truecolor().hex)
        return found

    def pixels(self) -> list[list[bool]]:
        """Two pixels per cell, one above the other: True where it is dark."""
        grid: list[list[bool]] = []
        for row in self.cells:
            top, bottom = [], []
            for char, style in row:
                assert char in TOP | BOTTOM | {" "}, f"not a half-block: {char!r}"
                assert style.color is not None
                assert style.bgcolor is not None
                ink, paper = dark(style.color.get_truecolor()), dark(style.bgcolor.get_truecolor())
                top.append(ink if char in TOP else paper)
                bottom.append(ink if char in BOTTOM else paper)
            grid += [top, bottom]
        return grid


def dark(rgb: tuple[int, int, int]) -> bool:
    red, green, blue = rgb
    return 0.2126 * red + 0.7152 * green + 0.0722 * blue < 128


def drawn(app: WorkshopApp, widget: QRCode) -> Drawn:
    """The cells of the widget's region, from the screen's compositor: what is on screen."""
    region: Region = widget.region
    screen = app.screen._compositor.render_strips()
    cells = []
    for y in range(region.y, region.bottom):
        strip = screen[y].crop(region.x, region.right)
        cells.append(
            [(char, segment.style or Style()) for segment in strip for char in segment.text]
        )
    assert all(len(row) == region.width for row in cells), "the code is cut off on screen"
    return Drawn(cells)


def decode(pixels: list[list[bool]]) -> list[zxingcpp.Barcode]:
    """A camera's view: a white margin around the pixels, each enlarged, read by zxing-cpp."""
    width = len(pixels[0]) + 2 * MARGIN
    blank = [False] * width
    framed = [blank] * MARGIN + [[False] * MARGIN + r + [False] * MARGIN for r in pixels]
    framed += [blank] * MARGIN
    image = bytes(
        0 if is_dark else 255
        for row in framed
        for _ in range(ENLARGE)
        for is_dark in row
        for _ in range(ENLARGE)
    )
    shape = (len(framed) * ENLARGE, width * ENLARGE)
    # Not tried inverted: light modules on dark would not count as read.
    return zxingcpp.read_barcodes(memoryview(image).cast("B", shape), try_invert=False)


@pytest.mark.parametrize("theme", THEMES)
@pytest.mark.parametrize("size", SIZES, ids=["80x24", "200x60"])
async def test_the_qr_code_on_screen_reads_back_as_the_join_url(
    tmp_path: Path, size: tuple[int, int], theme: str
) -> None:
    app = phones_app(tmp_path)
    async with app.run_test(size=size) as pilot:
        server, widget = await serving(pilot, app)
        app.theme = theme
        await pilot.pause()
        assert app.live is not None
        assert app.live.session.position.phase == "welcome"
        code = drawn(app, widget)
        scale = widget.scale()
        beside = app.screen._compositor.render_strips()[widget.region.y].crop(0, 1)  # left edge
    backdrop = next(iter(beside)).style
    assert backdrop is not None
    assert backdrop.bgcolor is not None
    assert dark(backdrop.bgcolor.get_truecolor()) == (theme == "workshop-dark")  # theme is on
    assert code.colours() == {"#000000", "#ffffff"}  # black on white, whatever the theme
    pixels = code.pixels()
    quiet = QUIET_ZONE * scale
    assert not any(any(row) for row in pixels[:quiet] + pixels[-quiet:]), "quiet zone, above/below"
    assert not any(any(row[:quiet] + row[-quiet:]) for row in pixels), "quiet zone, at the sides"
    found = decode(pixels)
    assert [barcode.text for barcode in found] == [
        f"http://127.0.0.1:{server.port}/j/{server.registry.code}"
    ]
    assert found[0].format == zxingcpp.BarcodeFormat.QRCode  # not Micro QR


async def test_on_a_projector_the_code_is_drawn_larger_than_at_80x24(tmp_path: Path) -> None:
    scales = []
    for size in SIZES:
        app = phones_app(tmp_path / f"{size[0]}x{size[1]}")
        async with app.run_test(size=size) as pilot:
            _, widget = await serving(pilot, app)
            scales.append(widget.scale())
            assert widget.region.bottom <= size[1], "the code runs off the screen"
    assert scales[1] > scales[0], scales


@pytest.mark.parametrize(
    "size", [(80, 24), (100, 30), (200, 60)], ids=["80x24", "100x30", "200x60"]
)
async def test_the_address_and_the_code_to_type_are_on_screen_with_the_qr_code(
    tmp_path: Path, size: tuple[int, int]
) -> None:
    app = phones_app(tmp_path)
    async with app.run_test(size=size) as pilot:
        server, _ = await serving(pilot, app)
        screen = "\n".join(strip.text for strip in app.screen._compositor.render_strips())
    code = server.registry.code
    assert f"127.0.0.1:{server.port}" in screen
    assert f"{code[:3]} {code[3:]}" in screen


async def test_the_code_one_key_away_at_a_vote_reads_back_too(tmp_path: Path) -> None:
    app = phones_app(tmp_path)
    async with app.run_test(size=(200, 60)) as pilot:
        server, _ = await serving(pilot, app)
        await go_to(pilot, app, "vote")
        await pilot.press("w")
        await pilot.pause()
        widget = app.screen.query_one("#join-big").query_one(QRCode)
        found = decode(drawn(app, widget).pixels())
    assert [barcode.text for barcode in found] == [
        f"http://127.0.0.1:{server.port}/j/{server.registry.code}"
    ]
    assert found[0].format == zxingcpp.BarcodeFormat.QRCode
