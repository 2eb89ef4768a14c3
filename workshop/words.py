"""The words every screen, report and the phone page share, defined once.

Labels of perspectives and notes, how a round, a share and a duration are
written, how an author is credited and how an example says what it is, so
that the projector, the exports and the phones always say the same thing.
Pure: no Textual, no files.
"""

from __future__ import annotations

from pathlib import Path
from typing import TYPE_CHECKING

from workshop.domain.problems import plural
from workshop.domain.scenario import EXAMPLE_NOTICE, PERSPECTIVE_LABELS, Author, Scenario
from workshop.domain.tally import GROUP_LABELS

if TYPE_CHECKING:
    from workshop.domain.session import Session

__all__ = ["EXAMPLE_NOTICE", "GROUP_LABELS", "PERSPECTIVE_LABELS", "plural"]

NOTE_LABELS: dict[str, str] = {**PERSPECTIVE_LABELS, "shared": "Shared"}
ROUND_LABELS: dict[int, str] = {1: "Vote", 2: "Re-vote"}
ALL_VOTES_LABEL = "All votes"
CHOSEN_BY_LABELS = {"majority": "by majority vote", "facilitator": "by the facilitators"}

DEBRIEF_MODELS: dict[str, tuple[str, tuple[str, ...]]] = {
    "diamond": (
        "Diamond debrief",
        (
            "Description: what happened?",
            "Analysis: why, and how did it feel?",
            "Application: what will you take into your practice?",
        ),
    ),
    "pearls": (
        "PEARLS debrief",
        (
            "Reactions: how are you feeling?",
            "Description: what happened?",
            "Analysis: what went well, what would you change?",
            "Summary: key take-aways",
        ),
    ),
    "plus_delta": (
        "Plus / delta",
        ("Plus: what helped the person?", "Delta: what would you change?"),
    ),
    "open": ("Open debrief", ()),
}


def round_label(number: int) -> str:
    return ROUND_LABELS.get(number, f"Round {number}")


def percent(count: int, total: int) -> str:
    return f"{round(100 * count / total)}%" if total else "–"


def minutes(seconds: float) -> str:
    if 0 < seconds < 30:
        return "under 1 min"
    return f"{round(seconds / 60)} min"


def credit(author: Author) -> str:
    """`Name (lived experience): contribution`, as the welcome screen and reports credit people."""
    line = f"{author.name} ({PERSPECTIVE_LABELS[author.perspective].lower()})"
    return line + (f": {author.contribution}" if author.contribution else "")


def epilogue_byline(scenario: Scenario) -> str | None:
    """Whose words the epilogue is in: only a real story is 'in the words of' someone."""
    epilogue = scenario.epilogue
    author = scenario.author(epilogue.author) if epilogue else None
    if author is None:
        return None
    if scenario.basis == "real_story":
        return f"In the words of {author.name}"
    return f"Written by {author.name}"


def farewell(session: Session, record: Path | None) -> str:
    """What the terminal says after Q: where the record is, and what to do with it next."""
    after = (
        f"Export it with: workshop report {session.info.short_id}"
        if session.finished
        else "Continue it later with: workshop resume"
    )
    return f"Session saved to {record}\n{after}"


def zoom_hint(width: int, height: int) -> str:
    """Said once on a very large terminal: small characters are hard to read from the back."""
    return (
        f"This terminal is {width}×{height} characters: from the back of a room its text "
        "is small. Make the font bigger (Ctrl and + in most terminals, Cmd and + on a "
        "Mac) until it is about 100 columns wide."
    )


FACILITATOR_NOTES_HEADING = (
    "Facilitator notes: visible on the projector while open (F hides; "
    "longer notes scroll: Tab to them, then ↑ ↓)"
)
