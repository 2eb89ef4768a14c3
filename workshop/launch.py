"""What the app is asked to open: the library, one file, a resumed session or a preview.

The CLI builds one of these from the command line and hands it to the app,
which only wires up what it says. Pure values, no Textual.
"""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from workshop.storage.resume import ResumePlan


@dataclass(frozen=True)
class PhoneAddress:
    """Where phones join: the host and port asked for (None: the tool chooses)."""

    host: str | None = None
    port: int | None = None


@dataclass(frozen=True)
class OpenLibrary:
    """`workshop`: the library of scenarios."""


@dataclass(frozen=True)
class RunFile:
    """`workshop run FILE`: straight to the set-up of one checked scenario."""

    path: Path
    cohort: str = ""
    vote: str = "keypad"
    phones: PhoneAddress = PhoneAddress()


@dataclass(frozen=True)
class ResumeSession:
    """`workshop resume`: back into an interrupted session where it stopped."""

    plan: ResumePlan
    phones: PhoneAddress = PhoneAddress()


@dataclass(frozen=True)
class PreviewFile:
    """`workshop preview FILE`: the scenario drawn as a session would show it, live."""

    path: Path


Start = OpenLibrary | RunFile | ResumeSession | PreviewFile
