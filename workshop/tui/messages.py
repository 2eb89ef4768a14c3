"""App-wide messages: screens say what the person chose; the app decides what follows."""

from __future__ import annotations

from dataclasses import dataclass
from typing import TYPE_CHECKING

from textual.message import Message

if TYPE_CHECKING:
    from workshop.storage.scenarios import ScenarioFile


@dataclass
class ScenarioChosen(Message):
    """A scenario was picked in the library."""

    file: ScenarioFile


@dataclass
class SessionConfigured(Message):
    """The set-up screen is complete: start the session."""

    file: ScenarioFile
    cohort: str
    voting_mode: str
    facilitation: tuple[str, ...]


class ResumeAgreed(Message):
    """The facilitator agreed to continue against the changed scenario file."""
