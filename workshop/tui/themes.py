"""The app's three themes: dark, light and high contrast.

Perspective groups use the Okabe-Ito colour-blind-safe palette of
`workshop.palette`, always together with a label and a fill pattern, so no
information is carried by colour alone. The stylesheet refers to these only
through variables.
"""

from __future__ import annotations

from textual.theme import Theme

from workshop.palette import OKABE_ITO, OKABE_ITO_ON_LIGHT, css_variable

_ON_DARK = {css_variable(group): colour for group, colour in OKABE_ITO.items()}
_ON_LIGHT = {css_variable(group): colour for group, colour in OKABE_ITO_ON_LIGHT.items()}

THEMES = (
    Theme(
        name="workshop-dark",
        primary="#56B4E9",
        secondary="#E69F00",
        accent="#F0E442",
        foreground="#F2F2F2",
        background="#101418",
        surface="#1A2027",
        panel="#242C35",
        warning="#F0E442",
        error="#FF7B72",
        success="#4FC08D",
        dark=True,
        variables=_ON_DARK,
    ),
    Theme(
        name="workshop-light",
        primary="#0072B2",
        secondary="#A65E00",
        accent="#8A2B7A",
        foreground="#111111",
        background="#FAFAF7",
        surface="#EFEFEA",
        panel="#E2E2DC",
        warning="#8A6D00",
        error="#B3261E",
        success="#1E7A46",
        dark=False,
        variables=_ON_LIGHT,
    ),
    Theme(
        name="workshop-contrast",
        primary="#FFFF00",
        secondary="#00FFFF",
        accent="#FFFFFF",
        foreground="#FFFFFF",
        background="#000000",
        surface="#000000",
        panel="#1A1A1A",
        warning="#FFFF00",
        error="#FF6666",
        success="#66FF66",
        dark=True,
        variables={
            "group-lived-experience": "#FFB000",
            "group-professional": "#66CCFF",
            "group-carer": "#33FFAA",
            "group-not-given": "#FFFFFF",
            "group-shared": "#FF99DD",
        },
    ),
)
THEME_NAMES = tuple(theme.name for theme in THEMES)

GROUP_COLOURS = _ON_DARK
"""The perspective colours for themes that do not set their own (Textual's built-ins)."""
