"""Warnings that do not pile up over the keypad.

A person pressing a key that does nothing here (an option number the question
does not have) may press it again and again; each press used to add a notice,
and a stack of them covered the group being voted for. The same warning is
said again only once the last one has gone; other notices are left alone.
"""

from __future__ import annotations

from collections.abc import Callable

SHOWN_FOR = 5.0
"""Seconds a warning stays on screen."""


class Warnings:
    def __init__(self, clock: Callable[[], float], notify: Callable[..., None]) -> None:
        self.clock = clock
        self.notify = notify
        self.said_at: dict[str, float] = {}

    def say(self, message: str) -> None:
        now = self.clock()
        said = self.said_at.get(message)
        if said is not None and now - said < SHOWN_FOR:
            return  # still on screen
        self.said_at[message] = now
        self.notify(message, severity="warning", timeout=SHOWN_FOR)
