"""App-wide messages: screens say what the person chose; the app decides what follows."""

from __future__ import annotations

from dataclasses import dataclass

from textual.message import Message

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
