"""Bar charts as inline SVG, for the HTML exports: labelled, patterned, readable in grey.

Each bar has its label above it and its figures after it, and each group a
fill pattern as well as a colour, so a chart printed in black and white
still says which bar is whose.
"""

from __future__ import annotations

import html
from collections.abc import Sequence
from dataclasses import dataclass

CHART_WIDTH = 560
BAR_AREA = 380
LABEL_HEIGHT = 16
BAR_HEIGHT = 14
ROW_GAP = 8
ROW_HEIGHT = LABEL_HEIGHT + BAR_HEIGHT + ROW_GAP
MAX_LABEL = 80


def esc(value: object) -> str:
    return html.escape(str(value), quote=True)


@dataclass(frozen=True)
class Bar:
    """One labelled bar: its length (0 to 1) and the figures written after it."""

    label: str
    length: float
    value: str
    style: tuple[str, str]  # (colour, pattern)


def option_block(chart_id: str, label: str, bars: Sequence[Bar], what: str, tags: str = "") -> str:
    """One option of a chart: its text (with any tags) over its bars, kept together in print."""
    return "\n".join(
        [
            '<div class="option">',
            f'<p class="option-text">{esc(label)}{tags}</p>',
            bars_svg(chart_id, bars, f"{what}, option {label}"),
            "</div>",
        ]
    )


def bars_svg(chart_id: str, bars: Sequence[Bar], description: str) -> str:
    """Horizontal bars, each with its label above it and its figures after it."""
    height = len(bars) * ROW_HEIGHT
    used = dict.fromkeys(bar.style for bar in bars)
    patterns = {style: f"{chart_id}-p{i}" for i, style in enumerate(used)}
    lines = [
        f'<svg xmlns="http://www.w3.org/2000/svg" class="bars" width="{CHART_WIDTH}" '
        'font-family="system-ui, sans-serif" font-size="13" '
        f'height="{height}" viewBox="0 0 {CHART_WIDTH} {height}" role="img" '
        f'aria-label="{esc(description)}">',
        f"<title>{esc(description)}</title>",
    ]
    defs = [_pattern(patterns[style], *style) for style in used if style[1] != "solid"]
    if defs:
        lines += ["<defs>", *defs, "</defs>"]
    for row, bar in enumerate(bars):
        top = row * ROW_HEIGHT
        label = bar.label if len(bar.label) <= MAX_LABEL else bar.label[: MAX_LABEL - 1] + "…"
        fill = bar.style[0] if bar.style[1] == "solid" else f"url(#{patterns[bar.style]})"
        width = round(max(0.0, min(1.0, bar.length)) * BAR_AREA, 1)
        bar_top = top + LABEL_HEIGHT
        lines.append(f'<text x="0" y="{top + LABEL_HEIGHT - 4}">{esc(label)}</text>')
        lines.append(
            f'<rect x="0.5" y="{bar_top}" width="{BAR_AREA}" height="{BAR_HEIGHT}" '
            'fill="#f2f2f2" stroke="#999" stroke-width="1"/>'
        )
        if width > 0:
            lines.append(
                f'<rect class="bar" x="0.5" y="{bar_top}" width="{width}" height="{BAR_HEIGHT}" '
                f'fill="{fill}" stroke="#000" stroke-width="1"/>'
            )
        lines.append(
            f'<text x="{BAR_AREA + 8}" y="{bar_top + BAR_HEIGHT - 2}">{esc(bar.value)}</text>'
        )
    lines.append("</svg>")
    return "\n".join(lines)


def _pattern(pattern_id: str, colour: str, kind: str) -> str:
    """A fill of `colour` with marks over it: dark marks, or light ones on black."""
    light = colour.upper() == "#000000"
    ink = 'stroke="#fff" stroke-opacity="0.8"' if light else 'stroke="#000" stroke-opacity="0.55"'
    marks = {
        "stripes": f'<path d="M0,0 L0,6" {ink} stroke-width="2"/>',
        "hstripes": f'<path d="M0,3 L6,3" {ink} stroke-width="1.5"/>',
        "vstripes": f'<path d="M3,0 L3,6" {ink} stroke-width="1.5"/>',
        "dots": f'<circle cx="3" cy="3" r="1.3" fill="{"#fff" if light else "#000"}" '
        'fill-opacity="0.6"/>',
        "crosshatch": f'<path d="M0,0 L6,6 M6,0 L0,6" {ink} stroke-width="1"/>',
    }
    rotate = ' patternTransform="rotate(45)"' if kind == "stripes" else ""
    return (
        f'<pattern id="{pattern_id}" width="6" height="6" patternUnits="userSpaceOnUse"{rotate}>'
        f'<rect width="6" height="6" fill="{colour}"/>{marks[kind]}</pattern>'
    )
