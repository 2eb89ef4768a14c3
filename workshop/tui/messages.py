"""App-wide messages: screens say what the person chose; the app decides what follows."""

from __future__ import annotations

from dataclasses import dataclass
from typing import TYPE_CHECKING

from textual.message import Message

if TYPE_CHECKING:
    from workshop.storage.scenarios import ScenarioFile
    from workshop.storage.starting import SessionSettings


@dataclass
class ScenarioChosen(Message):
    """A scenario was picked in the library."""

    file: ScenarioFile


@dataclass
class SessionConfigured(Message):
    """The set-up screen is complete: start the session."""

    file: ScenarioFile
    settings: SessionSettings
    host: str | None = None
    """For phones: the address the phones join at, as chosen in set-up."""
    show_results: bool = False
    """For phones: show each closed vote's result on the phones too."""


class ResumeAgreed(Message):
    """The facilitator agreed to continue against the changed scenario file."""


class SessionChanged(Message):
    """The live session changed (from any source); a burst of them is drawn once."""

    def can_replace(self, message: Message) -> bool:
        return isinstance(message, SessionChanged)
