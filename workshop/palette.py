"""The perspective groups' colours, patterns and marks, for the screen and the charts alike.

Okabe-Ito colours (safe for the common kinds of colour blindness), and with
every colour a pattern and a mark, so that nothing is ever told by colour
alone: on a washed-out projector, a printout in grey, or to a colour-blind
participant. Pure data, no Textual.
"""

from __future__ import annotations

OKABE_ITO = {
    "lived_experience": "#E69F00",
    "professional": "#56B4E9",
    "carer": "#009E73",
    "not_given": "#BBBBBB",
    "shared": "#CC79A7",
}
"""On dark backgrounds (and in print, where they are drawn with their patterns)."""
OKABE_ITO_ON_LIGHT = {
    "lived_experience": "#A65E00",
    "professional": "#0072B2",
    "carer": "#007A58",
    "not_given": "#555555",
    "shared": "#A0407F",
}
"""The same hues darkened to keep their contrast on light backgrounds."""

BAR_PATTERNS = {
    "lived_experience": "█",
    "professional": "▓",
    "carer": "▒",
    "not_given": "░",
    "all": "▀",
}
"""What fills a bar in the terminal: each group, and the total, a different texture."""
MARKS = {
    "lived_experience": "●",
    "professional": "■",
    "carer": "▲",
    "not_given": "○",
    "shared": "◆",
}
"""The shape beside a group's name wherever it is named."""
SVG_PATTERNS = {
    "lived_experience": "solid",
    "professional": "stripes",
    "carer": "dots",
    "not_given": "crosshatch",
    "all": "hstripes",
}
"""How each group's bars are filled in the HTML charts."""


def css_variable(group: str) -> str:
    """The stylesheet's name for a group's colour: `$group-lived-experience`."""
    return "group-" + group.replace("_", "-")
