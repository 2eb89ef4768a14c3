"""A warning pressed for again and again is said once while it is on screen, not piled up."""

from __future__ import annotations

from typing import Any

from workshop.tui.warnings import SHOWN_FOR, Warnings


def test_the_same_warning_is_said_again_only_once_the_last_has_gone() -> None:
    now = [0.0]
    said: list[tuple[str, dict[str, Any]]] = []
    warnings = Warnings(lambda: now[0], lambda message, **kw: said.append((message, kw)))
    warnings.say("There is no option 4")
    now[0] = 1.0
    warnings.say("There is no option 4")  # still on screen
    warnings.say("No vote is open")  # another warning is never held back
    now[0] = SHOWN_FOR + 0.5
    warnings.say("There is no option 4")
    assert [m for m, _ in said] == [
        "There is no option 4",
        "No vote is open",
        "There is no option 4",
    ]
    assert said[0][1] == {"severity": "warning", "timeout": SHOWN_FOR}
