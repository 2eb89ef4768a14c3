"""Small questions the facilitator answers (a count, a tie, a note), and the blank screen.

Each is shown over the projected session, so none shows a figure of an open
vote: the count typed at the keypad is hidden as it is typed.
"""

from __future__ import annotations

from dataclasses import dataclass

from textual import events, on
from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Horizontal, Vertical, VerticalScroll
from textual.screen import ModalScreen
from textual.widgets import Button, Input, Label, OptionList, Static
from textual.widgets.option_list import Option

from workshop.domain.session import NOTE_PERSPECTIVES, Note
from workshop.domain.tally import GROUP_LABELS
from workshop.palette import MARKS
from workshop.tui.steps.view import Phones
from workshop.tui.widgets.choices import Choices
from workshop.tui.widgets.secret import SecretNumber
from workshop.words import NOTE_LABELS


class JoinScreen(ModalScreen[None]):
    """The join banner over any step, as large as the screen allows: W or Esc closes it."""

    BINDINGS = [Binding("w,escape", "dismiss", "Close")]

    def __init__(self, phones: Phones) -> None:
        super().__init__()
        self.phones = phones

    def compose(self) -> ComposeResult:
        from workshop.tui.widgets.join import JoinBanner

        yield JoinBanner(self.phones, share=0.9, id="join-big")

    def action_dismiss(self, result: None = None) -> None:  # type: ignore[override]
        self.dismiss(result)


class BlankScreen(ModalScreen[None]):
    """A neutral screen for the projector, over whatever step is on: B or . brings it back.

    What presenter clickers send as "blank screen". Votes from phones still
    come in meanwhile; nothing is shown.
    """

    BINDINGS = [Binding("b,full_stop,escape", "dismiss", "Back to the session")]

    def compose(self) -> ComposeResult:
        yield Static("B or . returns", id="blank-hint", markup=False)

    def action_dismiss(self, result: None = None) -> None:  # type: ignore[override]
        self.dismiss(result)


@dataclass(frozen=True)
class CountEntry:
    option: int
    votes: int


class CountScreen(ModalScreen[CountEntry | None]):
    """A show of cards: type how many voted for which option, in the current group.

    The dialog itself takes every key, in the order typed, and hands digits to
    the current field: with C a priority key, digits typed straight after it
    reach this dialog, never the keypad or a field that focus has not reached.
    """

    BINDINGS = [Binding("escape", "cancel", "Cancel")]

    def __init__(self, options: tuple[str, ...], group: str) -> None:
        super().__init__()
        self.options = options
        self.group = group
        self.field = "option"
        """The field the digits go into: the option, then (Enter or Tab) the votes."""

    def compose(self) -> ComposeResult:
        with VerticalScroll(id="count", classes="dialog"):
            yield Label(f"Add a count for {GROUP_LABELS[self.group]}", classes="dialog-title")
            yield Static(
                "\n".join(f"{n}. {text}" for n, text in enumerate(self.options, 1)),
                markup=False,
                classes="count-options",
            )
            yield Static("", id="count-error", markup=False, classes="warning-label")
            with Horizontal(classes="count-fields"):
                yield Label("Option", classes="field-label")
                yield SecretNumber(id="option")
                yield Label("Votes", classes="field-label")
                yield SecretNumber(id="votes")
            yield Static(
                "What you type is hidden: the room can see this screen while the vote is open. "
                "Enter to add · Esc to cancel · U undoes a count added by mistake",
                classes="hint",
                markup=False,
            )

    def on_mount(self) -> None:
        self.choose_field("option")

    def choose_field(self, field: str) -> None:
        self.field = field
        for number in self.query(SecretNumber):
            number.set_class(number.id == field, "-current")

    @on(SecretNumber.Clicked)
    def field_clicked(self, event: SecretNumber.Clicked) -> None:
        self.choose_field(event.field.id or "option")

    def on_key(self, event: events.Key) -> None:
        if event.key in ("tab", "shift+tab"):
            self.choose_field("votes" if self.field == "option" else "option")
        elif event.key == "enter" and self.field == "option":
            self.choose_field("votes")
        elif event.key == "enter":
            self.submit()
        elif not self.query_one(f"#{self.field}", SecretNumber).take(event):
            return  # Esc and the rest: the dialog's bindings
        event.stop()
        event.prevent_default()

    def submit(self) -> None:
        option_text = self.query_one("#option", SecretNumber).value
        votes_text = self.query_one("#votes", SecretNumber).value
        error = self.query_one("#count-error", Static)
        if not option_text.isdigit() or not 1 <= int(option_text) <= len(self.options):
            error.update(f"Option must be a number from 1 to {len(self.options)}.")
            self.choose_field("option")
            return
        if not votes_text.isdigit() or not 1 <= int(votes_text) <= 999:
            error.update("How many votes: a number from 1 to 999.")
            return
        self.dismiss(CountEntry(int(option_text), int(votes_text)))

    def action_cancel(self) -> None:
        self.dismiss(None)


class ChoiceScreen(ModalScreen[int | None]):
    """Which option does the group go with? Asked on a tie, or to override the majority."""

    BINDINGS = [Binding("escape", "cancel", "Cancel")]

    def __init__(self, title: str, options: tuple[str, ...], offered: tuple[int, ...]) -> None:
        super().__init__()
        self.title_text = title
        self.options = options
        self.offered = offered

    def compose(self) -> ComposeResult:
        with Vertical(id="choice", classes="dialog"):
            yield Label(self.title_text, classes="dialog-title", markup=False)
            yield OptionList(
                *(Option(f"{n}. {self.options[n - 1]}", id=str(n)) for n in self.offered),
                id="choice-options",
                markup=False,
            )
            yield Label("Enter or the option's number to choose · Esc to cancel", classes="hint")

    def on_key(self, event: object) -> None:
        key = getattr(event, "key", "")
        if key.isdigit() and int(key) in self.offered:
            self.dismiss(int(key))

    @on(OptionList.OptionSelected)
    def chosen(self, event: OptionList.OptionSelected) -> None:
        assert event.option.id is not None
        self.dismiss(int(event.option.id))

    def action_cancel(self) -> None:
        self.dismiss(None)


@dataclass(frozen=True)
class NoteChange:
    note_id: int
    perspective: str
    text: str
    delete: bool = False


class NoteEditScreen(ModalScreen[NoteChange | None]):
    BINDINGS = [Binding("escape", "cancel", "Cancel")]
    AUTO_FOCUS = "#edit-text"  # the words: typing must never go to the perspective buttons

    def __init__(self, note: Note) -> None:
        super().__init__()
        self.note = note

    def compose(self) -> ComposeResult:
        with Vertical(id="note-edit", classes="dialog"):
            yield Label("Edit note", classes="dialog-title")
            yield Choices(
                tuple((kind, f"{MARKS[kind]} {NOTE_LABELS[kind]}") for kind in NOTE_PERSPECTIVES),
                chosen=self.note.perspective,
                id="edit-perspective",
            )
            yield Input(self.note.text, id="edit-text", select_on_focus=False)
            with Horizontal(classes="buttons"):
                yield Button("Save", id="save", variant="primary")
                yield Button("Delete note", id="delete", variant="error")
                yield Button("Cancel", id="cancel")

    def _perspective(self) -> str:
        return self.query_one(Choices).chosen or self.note.perspective

    @on(Input.Submitted)
    @on(Button.Pressed, "#save")
    def save(self) -> None:
        text = self.query_one("#edit-text", Input).value.strip()
        if text:
            self.dismiss(NoteChange(self.note.id, self._perspective(), text))

    @on(Button.Pressed, "#delete")
    def delete(self) -> None:
        self.dismiss(NoteChange(self.note.id, self.note.perspective, self.note.text, delete=True))

    @on(Button.Pressed, "#cancel")
    def action_cancel(self) -> None:
        self.dismiss(None)


@dataclass(frozen=True)
class TakeawayChange:
    index: int
    text: str
    delete: bool = False


class TakeawayEditScreen(ModalScreen[TakeawayChange | None]):
    """Reword or remove one take-away; the room sees the list, so it is easy to correct."""

    BINDINGS = [Binding("escape", "cancel", "Cancel")]
    AUTO_FOCUS = "#edit-text"

    def __init__(self, index: int, text: str) -> None:
        super().__init__()
        self.index = index
        self.text = text

    def compose(self) -> ComposeResult:
        with Vertical(id="takeaway-edit", classes="dialog"):
            yield Label(f"Edit take-away {self.index + 1}", classes="dialog-title")
            yield Input(self.text, id="edit-text", select_on_focus=False)
            with Horizontal(classes="buttons"):
                yield Button("Save", id="save", variant="primary")
                yield Button("Remove", id="delete", variant="error")
                yield Button("Cancel", id="cancel")

    @on(Input.Submitted)
    @on(Button.Pressed, "#save")
    def save(self) -> None:
        self.dismiss(TakeawayChange(self.index, self.query_one("#edit-text", Input).value))

    @on(Button.Pressed, "#delete")
    def delete(self) -> None:
        self.dismiss(TakeawayChange(self.index, self.text, delete=True))

    @on(Button.Pressed, "#cancel")
    def action_cancel(self) -> None:
        self.dismiss(None)
