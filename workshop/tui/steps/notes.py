"""Notes and take-aways: typed in a box that stays put while everything around it changes.

The text box is made once per step and never rebuilt: saving a note, a
change arriving from a phone, or a re-render leaves the focus, the cursor and
any half-typed words where they were. Only Esc leaves the box.

The notes written are private to the facilitators: they appear in their
perspective columns only when asked for (V), without the stage's
facilitator notes.
"""

from __future__ import annotations

from textual.app import ComposeResult
from textual.containers import Horizontal, Vertical
from textual.widgets import OptionList
from textual.widgets.option_list import Option

from workshop.domain.session import NOTE_PERSPECTIVES
from workshop.palette import MARKS
from workshop.tui.steps.view import ShownInPlace, View
from workshop.tui.widgets.text import Line, Prose, WritingBox
from workshop.words import NOTE_LABELS, plural

NOTES_REMINDER = (
    "Write themes, not people: no names or identifying details of anyone in the room "
    "or in their stories."
)


def _say(text: str) -> tuple[Line, ...]:
    return (("", text),)


def tag_line(chosen: str) -> tuple[Line, ...]:
    """Which perspective the next note is tagged with, chosen and not chosen in other shapes."""
    tags = "   ".join(
        f"▶ {MARKS[k]} {NOTE_LABELS[k].upper()}" if k == chosen else f"{MARKS[k]} {NOTE_LABELS[k]}"
        for k in NOTE_PERSPECTIVES
    )
    return (("Tag (P changes): ", tags),)


def notes_count_line(view: View) -> tuple[Line, ...]:
    visit = view.session.current_visit
    count = len(visit.notes) if visit else 0
    saved = f"{plural(count, 'note')} saved for this stage." if count else "No notes yet."
    return _say(f"{saved} V shows them in their perspective columns (the room sees them).")


def note_options(view: View, kind: str) -> list[Option]:
    visit = view.session.current_visit
    notes = visit.notes if visit else ()
    return [Option(f"• {n.text}", id=str(n.id)) for n in notes if n.perspective == kind]


def _same(options: OptionList, wanted: list[Option]) -> bool:
    current = [(o.id, str(o.prompt)) for o in options.options]
    return current == [(o.id, str(o.prompt)) for o in wanted]


def update_options(options: OptionList, wanted: list[Option]) -> None:
    """Give a list new entries only when they differ, keeping the highlight where it was."""
    if _same(options, wanted):
        return
    highlighted = options.highlighted or 0
    options.clear_options()
    options.add_options(wanted)
    if wanted:
        options.highlighted = min(highlighted, len(wanted) - 1)


class NotesStep(ShownInPlace, Vertical):
    def __init__(self, view: View) -> None:
        super().__init__(classes="notes")
        self.view = view

    def compose(self) -> ComposeResult:
        view = self.view
        yield Prose(_say(NOTES_REMINDER), classes="reminder")
        yield Prose(notes_count_line(view), id="notes-count", classes="hint")
        with Horizontal(id="notes-columns", classes="notes-columns"):
            for kind in NOTE_PERSPECTIVES:
                with Vertical(classes=f"notes-column group-{kind}"):
                    heading = f"{MARKS[kind]} {NOTE_LABELS[kind]}"
                    yield Prose(_say(heading), classes="notes-heading")
                    yield OptionList(
                        *note_options(view, kind),
                        id=f"notes-{kind}",
                        classes="notes-list",
                        markup=False,  # "[draft]" is what the facilitator typed
                    )
        if view.preview:  # nothing to write down: keys stay keys
            yield Prose(_say("In a session the facilitators type notes here."), classes="hint")
            return
        yield Prose(tag_line(view.note_perspective), id="note-tag", classes="note-tag")
        yield WritingBox(
            placeholder="Type a note, then Enter; Esc leaves the box",
            id="note-input",
            select_on_focus=False,
        )

    def update_view(self, view: View) -> None:
        self.query_one("#notes-count", Prose).show(notes_count_line(view))
        for tag in self.query("#note-tag").results(Prose):
            tag.show(tag_line(view.note_perspective))
        for kind in NOTE_PERSPECTIVES:
            update_options(self.query_one(f"#notes-{kind}", OptionList), note_options(view, kind))
        self.query_one("#notes-columns").display = view.show_notes
        self.query_one("#notes-count").display = not view.show_notes


def takeaway_options(view: View) -> list[Option]:
    return [
        Option(f"{n}. {text}", id=str(n - 1)) for n, text in enumerate(view.session.takeaways, 1)
    ]


class TakeawaysStep(ShownInPlace, Vertical):
    """What the group will take back to practice, in their words, on the projector."""

    HINT = "Enter adds it. To reword or remove one: Tab to the list, ↑ ↓, Enter."

    def __init__(self, view: View) -> None:
        super().__init__(classes="notes")
        self.view = view

    def compose(self) -> ComposeResult:
        yield Prose(_say(NOTES_REMINDER), classes="reminder")
        yield Prose(_say("None yet."), id="takeaways-none", classes="hint")
        yield OptionList(*takeaway_options(self.view), id="takeaway-list", markup=False)
        if self.view.preview:
            return
        yield WritingBox(
            placeholder="Type a take-away and press Enter",
            id="takeaway-input",
            select_on_focus=False,
        )
        yield Prose(_say(self.HINT), classes="hint")

    def update_view(self, view: View) -> None:
        update_options(self.query_one("#takeaway-list", OptionList), takeaway_options(view))
        self.query_one("#takeaway-list").display = bool(view.session.takeaways)
        self.query_one("#takeaways-none").display = not view.session.takeaways
