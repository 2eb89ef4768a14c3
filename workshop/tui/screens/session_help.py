"""What each key of a session does, in words: the list that ? shows.

The key bar names each key in a word; the help says what it does, in the
order the screen declares them, so that the two always list the same keys.
"""

from __future__ import annotations

from collections.abc import Iterable

from textual.binding import Binding

from workshop.tui.screens.help import help_rows

HELP_TEXT = {
    "Next": "Next step (closes an open vote)",
    "Back": "Previous step (nothing is undone)",
    "Blank": "Blank the projector: a neutral screen, and back (B or .)",
    "Join": "In a phones session: show how phones join (QR code, address, code), at any step",
    "Support": "Support and signposting, over any step",
    "Help": "This list of keys",
    "Quit": "Quit (saved already; `workshop resume` carries on)",
    "Group": "Switch the perspective group being voted for",
    "Undo": "Undo vote: remove the last vote or count added at the keypad",
    "Count": "Add a count at once (a show of cards); what is typed is hidden",
    "Reopen": "Reopen a closed vote (for someone who arrived late)",
    "Choose": "Choose the option the group goes with (ties, override)",
    "Timer": "Pause or resume the discussion timer",
    "Write": "Write a note or take-away (Enter saves it; Esc leaves the box)",
    "Tag": "Change the perspective a note is tagged with",
    "Show notes": "Show or hide the notes written, in their perspective columns",
    "Skip": "Skip the rest of this stage (an open vote is kept; a wellbeing check is not skipped)",
    "Facilitator": "Show or hide the stage's facilitator notes (on the projector while open)",
    "Leave the box": "Leave a text box, so that keys work again",
}

MORE_KEYS = [
    ("up,down", "Scroll a long text"),
    ("tab", "Move between columns and boxes"),
    ("ctrl+t", "Next theme: dark, light, high contrast"),
    ("ctrl+p", "Command palette: every command by name"),
]


def session_help(bindings: Iterable[Binding | tuple[str, ...]]) -> list[tuple[str, str]]:
    rows = help_rows(bindings, HELP_TEXT)
    rows.insert(2, ("1-9", "While a vote is open: add a vote for that option"))
    return rows + MORE_KEYS
