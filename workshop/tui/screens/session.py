"""The projected session: one step at a time, drawn from the live session.

Every key becomes a domain transition applied through the live session, which
saves the record and then tells its subscribers; this screen is one of them,
and redraws on a change message that merges bursts, whoever made the change
(a key, a phone, a file watcher). It keeps only view settings of its own: the
keypad's group, the note tag, which private panels are open, the timers and
half-typed words.
"""

from __future__ import annotations

from collections.abc import Callable
from time import monotonic

from textual import on
from textual.app import ComposeResult
from textual.containers import Horizontal, Vertical, VerticalScroll
from textual.screen import Screen
from textual.timer import Timer
from textual.widgets import Input, OptionList, Static

from workshop.domain.session import NOTE_PERSPECTIVES, OPENING, VOTING
from workshop.domain.tally import GROUPS
from workshop.domain.transitions import (
    SessionRuleError,
    add_note,
    add_takeaway,
    add_vote,
    current_stage,
)
from workshop.live import Change, LiveSession, Transition
from workshop.storage.config import Config
from workshop.tui.messages import SessionChanged
from workshop.tui.screens.session_keys import SessionKeys
from workshop.tui.steps import StepBody
from workshop.tui.steps.view import PHASE_TITLES, Phones, View
from workshop.tui.warnings import Warnings
from workshop.tui.widgets.keybar import KeyBar
from workshop.tui.widgets.text import Prose, WritingBox, prose, update_if_changed
from workshop.tui.widgets.timer import Timers
from workshop.words import FACILITATOR_NOTES_HEADING, zoom_hint

REMOTE_PACE = 0.2
"""Seconds between two redraws for changes from phones: five a second at the most."""
LARGE_TERMINAL = (180, 55)
"""Columns or rows beyond which the room is told how to make the text bigger."""


class SessionScreen(SessionKeys, Screen[None]):
    AUTO_FOCUS = ""  # focus is placed when a step is built: on its text, never a box

    def __init__(
        self,
        live: LiveSession,
        config: Config,
        *,
        phones: Callable[[], Phones | None] = lambda: None,
    ) -> None:
        super().__init__()
        self.live = live
        self.config = config
        self.phones = phones
        self.group = "not_given"
        self.note_perspective = "shared"
        self.show_facilitator_notes = False
        self.show_notes = False
        self.empty_close_warned = False
        self.timers = Timers(live.now)
        self.warnings = Warnings(live.now, self.notify)
        self.drafts: dict[tuple[object, ...], str] = {}  # half-typed words, by step
        self.keypad_round: tuple[object, ...] | None = None
        self.zoom_suggested = False
        self._pending: Timer | None = None
        self._drawn_at = 0.0
        self.renders = 0
        """How many times the screen was drawn from the session: bursts merge into one."""
        self._unsubscribe: Callable[[], None] = lambda: None

    def compose(self) -> ComposeResult:
        with Vertical(id="session"):
            yield Static(id="header", markup=False)
            with Horizontal(id="middle"):
                yield StepBody(id="body")
                yield VerticalScroll(id="join")
            with VerticalScroll(id="facilitator-notes"):
                yield Static(FACILITATOR_NOTES_HEADING, classes="warning-label")
                yield Prose((), id="facilitator-notes-text")
        yield KeyBar()

    def on_mount(self) -> None:
        self._unsubscribe = self.live.subscribe(self._changed)
        self.render_session()
        self._suggest_zoom()

    def on_resize(self) -> None:
        self._suggest_zoom()
        self.render_session()  # bars and figures follow the width

    def _suggest_zoom(self) -> None:
        """Once, on a very large terminal: small characters are hard to read from the back."""
        width, height = self.app.size
        if self.zoom_suggested or (width < LARGE_TERMINAL[0] and height < LARGE_TERMINAL[1]):
            return
        self.zoom_suggested = True
        self.notify(zoom_hint(width, height), title="Reading from the back of the room", timeout=12)

    def on_unmount(self) -> None:
        self._unsubscribe()

    def _changed(self, change: Change) -> None:
        """Told by the live session, from any source: draw it on the next turn, merged.

        Changes from phones come in bursts: they are drawn at most every
        REMOTE_PACE seconds, so that a room voting at once does not hold up the keys.
        """
        if not change.remote:
            self.post_message(SessionChanged())
            return
        self.redraw_soon()

    def redraw_soon(self) -> None:
        """Redraw within REMOTE_PACE: phones' votes and joins, however many arrive."""
        if self._pending is not None:
            return  # a redraw is already on its way, and will show this too
        wait = self._drawn_at + REMOTE_PACE - monotonic()
        if wait <= 0:  # (a timer of 0 s divides by zero in Textual)
            self.post_message(SessionChanged())  # merged with any other on its way
            return
        self._pending = self.set_timer(wait, self._paced)

    def _paced(self) -> None:
        self._pending = None
        self.post_message(SessionChanged())

    @on(SessionChanged)
    def session_changed(self) -> None:
        self.render_session()

    # Drawing

    def view(self) -> View:
        session = self.live.session
        return View(
            scenario=self.live.scenario,
            session=session,
            config=self.config,
            record=self.live.record,
            clock=self.live_clock,
            group=self.group,
            note_perspective=self.note_perspective,
            width=self.size.width or self.app.size.width,
            height=self.size.height or self.app.size.height,
            show_notes=self.show_notes,
            timer=self.timers.for_step(self.live.scenario, session),
            phones=self.phones(),
        )

    def live_clock(self) -> float:
        return self.live.now()

    def render_session(self) -> None:
        self.renders += 1
        self._drawn_at = monotonic()
        self._reset_keypad_group()
        self.timers.stop_moved_past(self.live.scenario, self.live.session)
        view = self.view()
        update_if_changed(self.query_one("#header", Static), self._header(view))
        self._show_join(view)
        self._show_facilitator_notes(view)
        if self.query_one(StepBody).show_view(view):
            self.empty_close_warned = False
            self.call_later(self._placed, view.key)
        self.refresh_bindings()

    def _header(self, view: View) -> str:
        title = PHASE_TITLES[view.phase]
        phones = view.phones
        joined = f"  ·  Phones joined: {phones.joined}" if phones else ""
        visit = view.session.position.visit
        if visit is None:
            return f"{view.scenario.title}  ·  {title}{joined}"
        return f"Stage {visit + 1}: {view.stage.title}  ·  {title}{joined}"

    def _show_join(self, view: View) -> None:
        """With phones, the welcome and the content note show how to join, full size."""
        place = self.query_one("#join")
        shown = view.phones is not None and view.phase in OPENING
        place.display = shown
        if not shown or view.phones is None:
            return
        from workshop.tui.widgets.join import JoinBanner

        if place.children:
            place.query_one(JoinBanner).show(view.phones)
        else:
            place.mount(JoinBanner(view.phones, share=0.55))

    def _show_facilitator_notes(self, view: View) -> None:
        stage = current_stage(view.scenario, view.session)
        text = (stage.facilitator_notes if stage else None) or "No facilitator notes for this step."
        self.query_one("#facilitator-notes").display = self.show_facilitator_notes
        self.query_one("#facilitator-notes-text", Prose).show(prose(text))

    async def _placed(self, key: tuple[object, ...]) -> None:
        """A new step is up: restore its half-typed words; Up and Down scroll its text."""
        body = self.query_one(StepBody)
        if body.mounted is not None:
            await body.mounted
        if body.key != key:
            return  # another step was built meanwhile: its own placing will follow
        for box in self.query(Input):
            if key in self.drafts:
                box.value = self.drafts[key]
        for scrolling in body.query(VerticalScroll):
            if scrolling.focusable:
                scrolling.focus()
                return
        self.set_focus(None)

    def _reset_keypad_group(self) -> None:
        """Each vote, and each reopening of one, starts at "Not given"."""
        session = self.live.session
        voting = session.open_round()
        key = (session.position, voting.number) if voting else None
        if key is not None and key != self.keypad_round:
            self.group = "not_given"
        self.keypad_round = key

    # Changing the session: only ever through the live session

    def apply(self, transition: Transition) -> bool:
        """Apply a change; a rule that says no, or a record that cannot be saved, is said."""
        try:
            needed = self.live.apply(transition)
        except SessionRuleError as error:
            self.warnings.say(str(error).capitalize())
            return False
        except OSError as error:
            self.notify(
                f"Not saved: {error}. Nothing changed; free some space or check the folder, "
                "then try again.",
                severity="error",
                timeout=15,
            )
            return False
        if needed is not None:
            self.ask_choice(needed.options, then=transition)
            return False
        return True

    def action_number(self, number: int) -> None:
        if self.live.session.position.phase in VOTING:
            group = self.group
            self.apply(lambda sc, s, at: add_vote(sc, s, number, group, at))

    def action_cycle_group(self) -> None:
        self.group = GROUPS[(GROUPS.index(self.group) + 1) % len(GROUPS)]
        self.render_session()

    def action_cycle_note_perspective(self) -> None:
        index = NOTE_PERSPECTIVES.index(self.note_perspective)
        self.note_perspective = NOTE_PERSPECTIVES[(index + 1) % len(NOTE_PERSPECTIVES)]
        self.render_session()

    # Notes and take-aways: the box keeps the focus; only Esc leaves it

    @on(Input.Changed)
    def draft_changed(self, event: Input.Changed) -> None:
        self.drafts[self.query_one(StepBody).key or ()] = event.value

    @on(WritingBox.Written, "#note-input")
    def note_written(self, event: WritingBox.Written) -> None:
        perspective, text = self.note_perspective, event.text
        if not self.apply(lambda sc, s, at: add_note(s, perspective, text, at)):
            self._give_back(event)

    @on(WritingBox.Written, "#takeaway-input")
    def takeaway_written(self, event: WritingBox.Written) -> None:
        text = event.text
        if not self.apply(lambda sc, s, at: add_takeaway(text, at)):
            self._give_back(event)

    @staticmethod
    def _give_back(event: WritingBox.Written) -> None:
        """Not saved (the reason is said): the words go back into the box, nothing lost."""
        if not event.box.value:
            event.box.value = event.text

    @on(OptionList.OptionSelected, "#takeaway-list")
    def takeaway_selected(self, event: OptionList.OptionSelected) -> None:
        if event.option.id is not None:
            self.edit_takeaway(int(event.option.id))

    @on(OptionList.OptionSelected, ".notes-list")
    def note_selected(self, event: OptionList.OptionSelected) -> None:
        if event.option.id is not None:
            self.edit_note(int(event.option.id))
