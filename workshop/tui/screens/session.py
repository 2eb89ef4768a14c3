"""The projected session: one step at a time, rendered from the session value.

Every key the facilitator presses becomes events through the SessionRunner,
which saves the record before the screen changes. This screen keeps only
view settings of its own (the perspective group at the keypad, whether the
facilitator notes are open).
"""

from __future__ import annotations

import math
from collections.abc import Callable
from pathlib import Path

from textual import on
from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Vertical, VerticalScroll
from textual.dom import NoScreen
from textual.screen import Screen
from textual.widgets import (
    Digits,
    Footer,
    Input,
    Label,
    OptionList,
    RadioSet,
    Static,
)

from workshop.domain.session import (
    NOTE_PERSPECTIVES,
    ChoiceNeeded,
    NoteDeleted,
    NoteEdited,
    Phase,
    RoundOpened,
    Session,
    SessionRuleError,
    Step,
    add_note,
    add_takeaway,
    add_vote,
    choose_option,
    current_stage,
    edit_takeaway,
    next_step,
    previous_step,
    remove_takeaway,
    skip_stage,
    stage_phases,
    undo_vote,
)
from workshop.domain.tally import GROUPS
from workshop.storage.config import Config
from workshop.tui.runner import SessionRunner
from workshop.tui.screens import phases
from workshop.tui.screens.dialogs import (
    ChoiceScreen,
    CountEntry,
    CountScreen,
    NoteChange,
    NoteEditScreen,
    TakeawayChange,
    TakeawayEditScreen,
)
from workshop.tui.screens.help import HelpScreen, binding_rows
from workshop.tui.screens.support import SupportScreen
from workshop.tui.widgets.timer import DiscussionTimer, TimerState

VOTING = ("vote", "revote")
HELP_TEXT = {
    "Next": "Next step (closes an open vote)",
    "Back": "Previous step (nothing is undone)",
    "Support": "Support and signposting, over any step",
    "Help": "This list of keys",
    "Quit": "Quit (saved already; `workshop resume` carries on)",
    "Group": "Switch the perspective group being voted for",
    "Undo": "Undo vote: remove the last vote or count added",
    "Count": "Add a count at once (a show of cards)",
    "Reopen vote": "Reopen a closed vote (for someone who arrived late)",
    "Choose option": "Choose the option the group goes with (ties, override)",
    "Timer": "Pause or resume the discussion timer",
    "Write": "Write a note or take-away (Enter saves it)",
    "Note perspective": "Change the perspective a note is tagged with",
    "Skip stage": "Skip the rest of this stage (an open vote is kept)",
    "Facilitator view": "Show or hide facilitator notes and the notes written (on the projector)",
}
CHOOSING = ("results", "perspectives", "consequence", "revote_results")
# The choice changes the story: it is made through O (a dialog), never a stray digit.
CHOOSING_BY_NUMBER: tuple[str, ...] = ()


def farewell(session: Session, record: Path) -> str:
    """What the terminal says after Q: where the record is, and what to do with it next."""
    after = (
        f"Export it with: workshop report {session.info.short_id}"
        if session.finished
        else "Continue it later with: workshop resume"
    )
    return f"Session saved to {record}\n{after}"


class SessionScreen(Screen[None]):
    AUTO_FOCUS = ""  # the body is rebuilt at every step; focus is placed by hand
    # Footer order: moving on, then what the room may need at once, then what
    # this step offers; at 80 columns the last ones give way (all are in help).
    BINDINGS = [
        Binding("right,space,pagedown", "next", "Next", priority=True),
        Binding("left,pageup", "back", "Back", priority=True),
        Binding("s,f2", "support", "Support"),
        Binding("question_mark,f1", "help", "Help"),
        Binding("q", "quit_session", "Quit"),
        *(Binding(str(n), f"number({n})", f"Option {n}", show=False) for n in range(1, 10)),
        Binding("g", "cycle_group", "Group"),
        Binding("u", "undo", "Undo"),
        Binding("c", "count", "Count"),
        Binding("r", "reopen", "Reopen vote"),
        Binding("o", "override", "Choose option"),
        Binding("t", "toggle_timer", "Timer"),
        Binding("n", "write_note", "Write"),
        Binding("p", "cycle_note_perspective", "Note perspective"),
        Binding("j", "skip", "Skip stage"),
        Binding("f", "facilitator_notes", "Facilitator view"),
        Binding("escape", "leave_input", "Leave text box", show=False),
    ]

    def __init__(self, runner: SessionRunner, config: Config) -> None:
        super().__init__()
        self.runner = runner
        self.config = config
        self.group = "not_given"
        self.note_perspective = "shared"
        self.show_facilitator_notes = False
        self.empty_close_warned = False
        self.rendered: tuple[object, ...] = ()
        self.timers: dict[int, TimerState] = {}  # per stage visit; view state, not recorded
        self.keypad_vote: tuple[object, ...] = ()  # the vote step the keypad group belongs to

    def compose(self) -> ComposeResult:
        with Vertical(id="session"):
            yield Static(id="header", markup=False)
            yield Vertical(id="body")
            with VerticalScroll(id="facilitator-notes"):
                yield Label(
                    "Facilitator notes: visible on the projector while open (F hides)",
                    classes="warning-label",
                )
                yield Static(id="facilitator-notes-text", markup=False)
        yield Footer()

    def on_mount(self) -> None:
        self.render_session()

    # Rendering

    def render_session(self) -> None:
        """Rebuild the body when the step changes; otherwise update what changed in place."""
        session = self.runner.session
        self.refresh_bindings()
        key = (session.position, len(session.visits))
        stage = current_stage(self.runner.scenario, session)
        self.query_one("#header", Static).update(self._header())
        notes_panel = self.query_one("#facilitator-notes")
        notes_panel.display = self.show_facilitator_notes
        text = (stage.facilitator_notes if stage else None) or "No facilitator notes for this step."
        self.query_one("#facilitator-notes-text", Static).update(text)
        if key == self.rendered and session.position.phase in VOTING:
            self._update_vote_panel()
            return
        if key == self.rendered and session.position.phase in ("notes", "takeaways"):
            self._rebuild_body(keep_focus=True)
            return
        if key == self.rendered:
            return  # same step, nothing in the body changed (the timer keeps running)
        self.rendered = key
        self._stop_timers_moved_past()
        if session.position.phase in VOTING and key != self.keypad_vote:
            # Each vote starts at "Not given": the last voter's group never carries over.
            self.keypad_vote, self.group = key, "not_given"
        self._rebuild_body(keep_focus=False)

    def _stop_timers_moved_past(self) -> None:
        """Moving on from a discussion ends it; stepping back to re-read does not.

        A timer left running behind the current step is paused, so coming back
        to it later shows the time the discussion had, not the time since.
        """
        here = self._place(self.runner.session.position.visit, self.runner.session.position.phase)
        for visit, state in self.timers.items():
            if state.since is not None and here > self._place(visit, "discussion"):
                state.toggle(self.app_clock())

    def _place(self, visit: int | None, phase: Phase) -> tuple[float, int]:
        """Where a step is in the session, for comparing: stage visits in order, steps within."""
        if visit is None:
            return (-1.0 if phase in ("welcome", "content_note") else math.inf, 0)
        stage = self.runner.scenario.stage(self.runner.session.visits[visit].stage_id)
        return (float(visit), stage_phases(stage).index(phase))

    def _timer_state(self) -> TimerState | None:
        """The discussion timer of this visit, kept while the facilitators step back and forth."""
        session = self.runner.session
        stage = current_stage(self.runner.scenario, session)
        visit = session.position.visit
        if session.position.phase != "discussion" or stage is None or visit is None:
            return None
        if not stage.minutes:
            return None
        return self.timers.setdefault(visit, TimerState(stage.minutes * 60.0))

    def _rebuild_body(self, keep_focus: bool) -> None:
        body = self.query_one("#body", Vertical)
        self.set_focus(None)  # never leave the focus on a widget about to go
        body.remove_children()
        view = phases.View(
            self.runner.scenario,
            self.runner.session,
            self.config,
            self.group,
            self.runner.record,
            self.app_clock,
            self.note_perspective,
            self.size.width,
            self.show_facilitator_notes,
            self._timer_state(),
        )
        body.mount_all(phases.build(view))
        self.call_after_refresh(self._focus_input if keep_focus else self._focus_body)

    def app_clock(self) -> float:
        return self.runner.clock()

    def on_screen_resume(self) -> None:
        """A dialog closed: its answer may have rebuilt the step under it."""
        self.call_after_refresh(self._refocus_if_stale)

    def _refocus_if_stale(self) -> None:
        focused = self.focused
        try:
            live = focused is not None and focused.screen is self
        except NoScreen:
            live = False
        if not live:
            self._focus_body()

    def _focus_body(self) -> None:
        """Up and down scroll the step's main text; nothing stale keeps the focus."""
        for scrolling in self.query_one("#body").query(VerticalScroll):
            if scrolling.focusable:
                scrolling.focus()
                return
        self.set_focus(None)

    def _focus_input(self) -> None:
        for box in self.query(Input):
            box.focus()
            return

    def _header(self) -> str:
        session = self.runner.session
        phase = session.position.phase
        title = phases.PHASE_TITLES[phase]
        stage = current_stage(self.runner.scenario, session)
        if stage is None or session.position.visit is None:
            return f"{self.runner.scenario.title}  ·  {title}"
        return f"Stage {session.position.visit + 1}: {stage.title}  ·  {title}"

    def _update_vote_panel(self) -> None:
        voting = self.runner.session.current_round()
        self.query_one("#votes-in", Digits).update(str(voting.votes_in if voting else 0))

    # Changing the session

    def _step(self, move: Callable[[SessionRunner], Step]) -> None:
        """Take a step; when the group's choice is needed first, ask, then take it again."""
        step = move(self.runner)
        if isinstance(step, ChoiceNeeded):
            visit = self.runner.session.current_visit
            first = visit.round(1) if visit else None
            title = (
                "The votes are tied: which option does the group go with?"
                if first is not None and first.votes_in
                else "No votes yet: which option does the group go with?"
            )
            self._ask_choice(title, step.options, then=move)
            return
        self.runner.run(step)
        self.render_session()

    def _all_options(self) -> tuple[int, ...]:
        stage = current_stage(self.runner.scenario, self.runner.session)
        count = len(stage.question.options) if stage and stage.question else 0
        return tuple(range(1, count + 1))

    def _ask_choice(
        self,
        title: str,
        offered: tuple[int, ...],
        then: Callable[[SessionRunner], Step] | None = None,
    ) -> None:
        stage = current_stage(self.runner.scenario, self.runner.session)
        assert stage is not None
        assert stage.question is not None
        texts = tuple(o.text for o in stage.question.options)

        def chosen(option: int | None) -> None:
            if option is None:
                return
            self.runner.run(choose_option(self.runner.session, option, self.runner.now()))
            self.rendered = ()
            if then is not None:
                self._step(then)
            else:
                self.render_session()

        self.app.push_screen(ChoiceScreen(title, texts, offered), chosen)

    def action_next(self) -> None:
        voting = self.runner.session.current_round()
        phase = self.runner.session.position.phase
        empty_vote = phase in VOTING and voting is not None and voting.open and not voting.votes_in
        if empty_vote and not self.empty_close_warned:
            self.empty_close_warned = True
            self.notify("No votes yet. Press → again to close the vote without votes.")
            return
        self.empty_close_warned = False
        self._step(lambda r: next_step(r.scenario, r.session, r.now()))

    def action_back(self) -> None:
        self._step(lambda r: previous_step(r.scenario, r.session, r.now()))

    def action_skip(self) -> None:
        self._step(lambda r: skip_stage(r.scenario, r.session, r.now()))

    def action_number(self, number: int) -> None:
        phase = self.runner.session.position.phase
        if phase in VOTING:
            try:
                events = add_vote(
                    self.runner.scenario, self.runner.session, number, self.group, self.runner.now()
                )
            except SessionRuleError as error:
                self.notify(str(error).capitalize(), severity="warning")
                return
            self.runner.run(events)
            self.render_session()
        elif phase in CHOOSING_BY_NUMBER and number in self._all_options():
            self.runner.run(choose_option(self.runner.session, number, self.runner.now()))
            self.rendered = ()
            self.render_session()

    def action_cycle_group(self) -> None:
        self.group = GROUPS[(GROUPS.index(self.group) + 1) % len(GROUPS)]
        self.rendered = ()
        self.render_session()

    def action_undo(self) -> None:
        self.runner.run(undo_vote(self.runner.session, self.runner.now()))
        self.render_session()

    def action_count(self) -> None:
        stage = current_stage(self.runner.scenario, self.runner.session)
        if stage is None or stage.question is None:
            return

        def counted(entry: CountEntry | None) -> None:
            if entry is None:
                return
            events = add_vote(
                self.runner.scenario,
                self.runner.session,
                entry.option,
                self.group,
                self.runner.now(),
                votes=entry.votes,
            )
            self.runner.run(events)
            self.render_session()

        self.app.push_screen(
            CountScreen(tuple(o.text for o in stage.question.options), self.group), counted
        )

    def action_reopen(self) -> None:
        session = self.runner.session
        voting = session.current_round()
        if voting is None or voting.open or session.position.visit is None:
            return
        self.runner.run((RoundOpened(self.runner.now(), session.position.visit, voting.number),))
        self.rendered = ()
        self.render_session()

    def action_override(self) -> None:
        self._ask_choice("Which option does the group go with?", self._all_options())

    def action_toggle_timer(self) -> None:
        for timer in self.query(DiscussionTimer):
            timer.toggle()
            self.query_one("#timer-label", Label).update(phases.timer_label(timer.paused))

    def action_write_note(self) -> None:
        self._focus_input()

    def action_cycle_note_perspective(self) -> None:
        index = NOTE_PERSPECTIVES.index(self.note_perspective)
        self.note_perspective = NOTE_PERSPECTIVES[(index + 1) % len(NOTE_PERSPECTIVES)]
        self.rendered = ()
        self.render_session()

    def action_leave_input(self) -> None:
        self.set_focus(None)

    def action_facilitator_notes(self) -> None:
        self.show_facilitator_notes = not self.show_facilitator_notes
        if self.runner.session.position.phase == "notes":
            self.rendered = ()  # the notes themselves are part of the facilitator view
        self.render_session()

    def action_support(self) -> None:
        self.app.push_screen(
            SupportScreen(self.config.contacts, self.runner.scenario.signposting_extra)
        )

    def action_help(self) -> None:
        rows = [(key, HELP_TEXT.get(text, text)) for key, text in binding_rows(self.BINDINGS)]
        rows.insert(5, ("1-9", "While a vote is open: add a vote for that option"))
        rows += [
            ("up,down", "Scroll a long text"),
            ("tab", "Move between columns and boxes"),
            ("escape", "Leave a text box, so that keys work again"),
            ("ctrl+t", "Next theme: dark, light, high contrast"),
            ("ctrl+p", "Command palette: every command by name"),
        ]
        self.app.push_screen(HelpScreen(rows))

    def action_quit_session(self) -> None:
        self.app.exit(message=farewell(self.runner.session, self.runner.record))

    def check_action(self, action: str, parameters: tuple[object, ...]) -> bool | None:
        phase = self.runner.session.position.phase
        voting = self.runner.session.current_round()
        open_vote = phase in VOTING and voting is not None and voting.open
        if action in ("cycle_group", "undo", "count"):
            return open_vote
        if action == "reopen":
            return phase in VOTING and voting is not None and not voting.open
        if action == "override":
            stage = current_stage(self.runner.scenario, self.runner.session)
            return phase in CHOOSING and stage is not None and stage.question is not None
        if action == "toggle_timer":
            return phase == "discussion"
        if action == "write_note":
            return phase in ("notes", "takeaways")
        if action == "cycle_note_perspective":
            return phase == "notes"
        if action == "skip":
            return self.runner.session.position.visit is not None
        if action in ("next", "back"):
            # Priority bindings, so that scrolling panes do not swallow the arrows;
            # while a text box has focus its own keys win.
            return not isinstance(self.focused, Input)
        return True

    # Notes and take-aways

    @on(RadioSet.Changed, "#note-perspective")
    def note_perspective_chosen(self, event: RadioSet.Changed) -> None:
        chosen = NOTE_PERSPECTIVES[event.radio_set.pressed_index]
        if chosen != self.note_perspective:
            self.note_perspective = chosen
            self.rendered = ()
            self.render_session()

    @on(Input.Submitted, "#note-input")
    def note_written(self, event: Input.Submitted) -> None:
        self.runner.run(
            add_note(self.runner.session, self.note_perspective, event.value, self.runner.now())
        )
        self.render_session()

    @on(Input.Submitted, "#takeaway-input")
    def takeaway_written(self, event: Input.Submitted) -> None:
        self.runner.run(add_takeaway(event.value, self.runner.now()))
        self.render_session()

    @on(OptionList.OptionSelected, "#takeaway-list")
    def takeaway_selected(self, event: OptionList.OptionSelected) -> None:
        if event.option.id is None:
            return

        def changed(change: TakeawayChange | None) -> None:
            if change is None:
                return
            session, now = self.runner.session, self.runner.now()
            if change.delete:
                self.runner.run(remove_takeaway(session, change.index, now))
            else:
                self.runner.run(edit_takeaway(session, change.index, change.text, now))
            self.render_session()

        index = int(event.option.id)
        self.app.push_screen(
            TakeawayEditScreen(index, self.runner.session.takeaways[index]), changed
        )

    @on(OptionList.OptionSelected, ".notes-list")
    def note_selected(self, event: OptionList.OptionSelected) -> None:
        visit = self.runner.session.current_visit
        index = self.runner.session.position.visit
        if visit is None or index is None or event.option.id is None:
            return
        note = next(n for n in visit.notes if n.id == int(event.option.id))

        def changed(change: NoteChange | None) -> None:
            if change is None:
                return
            now = self.runner.now()
            if change.delete:
                self.runner.run((NoteDeleted(now, index, change.note_id),))
            else:
                self.runner.run(
                    (NoteEdited(now, index, change.note_id, change.perspective, change.text),)
                )
            self.render_session()

        self.app.push_screen(NoteEditScreen(note), changed)
