"""What each key does during a session, and the small questions some of them ask.

The session screen's keys, in the order the key bar shows them (moving on
first, then what the room may need at once, then what this step offers),
with `check_action` offering only what makes sense at the step on screen.
Every change goes through `apply`, so through the live session; the rest are
view settings and dialogs.
"""

from __future__ import annotations

from collections.abc import Callable

from textual.binding import Binding
from textual.screen import Screen
from textual.widgets import Input

from workshop.domain.session import VOTING
from workshop.domain.transitions import (
    add_vote,
    choose_option,
    current_stage,
    delete_note,
    edit_note,
    edit_takeaway,
    next_step,
    previous_step,
    remove_takeaway,
    reopen_vote,
    skip_stage,
    undo_vote,
)
from workshop.live import LiveSession, Transition
from workshop.storage.config import Config
from workshop.tui.screens.dialogs import (
    BlankScreen,
    ChoiceScreen,
    CountEntry,
    CountScreen,
    NoteChange,
    NoteEditScreen,
    TakeawayChange,
    TakeawayEditScreen,
)
from workshop.tui.screens.help import HelpScreen
from workshop.tui.screens.session_help import session_help
from workshop.tui.screens.support import SupportScreen
from workshop.tui.steps.view import Phones
from workshop.tui.widgets.timer import DiscussionTimer
from workshop.words import CHOSEN_BY_LABELS

CHOOSING = ("results", "perspectives", "consequence", "revote_results")


class SessionKeys(Screen[None]):
    live: LiveSession
    config: Config
    phones: Callable[[], Phones | None]
    group: str
    show_facilitator_notes: bool
    show_notes: bool
    empty_close_warned: bool

    BINDINGS = [
        Binding("right,space,pagedown", "next", "Next", priority=True),
        Binding("left,pageup", "back", "Back", priority=True),
        *(Binding(str(n), f"number({n})", f"Option {n}", show=False) for n in range(1, 10)),
        Binding("g", "cycle_group", "Group"),
        Binding("u", "undo", "Undo"),
        # Priority: handled as the key arrives, so the keys typed straight after
        # (a quick typist) go into the box or dialog it opens, never to the session.
        Binding("c", "count", "Count", priority=True),
        Binding("r", "reopen", "Reopen"),
        Binding("o", "override", "Choose"),
        Binding("t", "toggle_timer", "Timer"),
        Binding("n", "write_note", "Write", priority=True),
        Binding("p", "cycle_note_perspective", "Tag"),
        Binding("v", "show_notes", "Show notes"),
        Binding("b,full_stop", "blank", "Blank"),
        Binding("w", "join", "Join"),
        Binding("s,f2", "support", "Support"),
        Binding("question_mark,f1", "help", "Help"),
        Binding("j", "skip", "Skip"),
        Binding("f", "facilitator_notes", "Facilitator"),
        Binding("q", "quit_session", "Quit"),
        Binding("escape", "leave_input", "Leave the box"),
    ]

    def apply(self, transition: Transition) -> bool:
        raise NotImplementedError

    def render_session(self) -> None:
        raise NotImplementedError

    # Moving through the session

    def action_next(self) -> None:
        session = self.live.session
        voting = session.open_round()
        if voting is not None and not voting.votes_in and not self.empty_close_warned:
            self.empty_close_warned = True
            self.notify("No votes yet. Press → again to close the vote without votes.")
            return
        self.apply(next_step)

    def action_back(self) -> None:
        self.apply(previous_step)

    def action_skip(self) -> None:
        before = self.live.session
        if not self.apply(skip_stage):
            return
        self.notify(self._skipped(before.position.visit))

    def _skipped(self, index: int | None) -> str:
        session = self.live.session
        if index is None:
            return "Skipped."
        visit = session.visits[index]
        said = "Stage skipped."
        if session.position.phase == "wellbeing" and session.position.visit == index:
            said = "Skipped to the stage's wellbeing check; J again leaves the stage."
        if visit.chosen is not None:
            how = CHOSEN_BY_LABELS.get(visit.chosen_by or "", "")
            said += f" The group went with option {visit.chosen} ({how})."
        arrived = current_stage(self.live.scenario, session)
        if arrived is not None and session.position.visit != index:
            scenario = self.live.scenario
            number = scenario.stages.index(arrived) + 1
            if visit.chosen is None and scenario.stage(visit.stage_id).question is not None:
                said += " No option was chosen, so the story goes on the stage's own way:"
            said += f" on to Stage {number}: {arrived.title}."
        return said

    # Voting

    def action_undo(self) -> None:
        self.apply(lambda sc, s, at: undo_vote(s, at))

    def action_reopen(self) -> None:
        self.apply(lambda sc, s, at: reopen_vote(s, at))

    def action_count(self) -> None:
        stage = current_stage(self.live.scenario, self.live.session)
        if stage is None or stage.question is None:
            return
        group = self.group

        def counted(entry: CountEntry | None) -> None:
            if entry is None:
                return
            added = self.apply(
                lambda sc, s, at: add_vote(sc, s, entry.option, group, at, entry.votes)
            )
            if added:
                self.notify("Count added.")  # never the figures: the room can see this

        options = tuple(o.text for o in stage.question.options)
        self.app.push_screen(CountScreen(options, group), counted)

    def action_override(self) -> None:
        stage = current_stage(self.live.scenario, self.live.session)
        count = len(stage.question.options) if stage and stage.question else 0
        self.ask_choice(tuple(range(1, count + 1)), title="Which option does the group go with?")

    def ask_choice(
        self, offered: tuple[int, ...], then: Transition | None = None, title: str | None = None
    ) -> None:
        """Which option the group goes with; then the step that needed it is taken again."""
        session = self.live.session
        stage = current_stage(self.live.scenario, session)
        assert stage is not None
        assert stage.question is not None
        if title is None:
            first = session.current_visit.round(1) if session.current_visit else None
            voted = first is not None and first.votes_in
            title = f"{'The votes are tied' if voted else 'No votes yet'}: which option does "
            title += "the group go with?"

        def chosen(option: int | None) -> None:
            if (
                option is not None
                and self.apply(lambda sc, s, at: choose_option(sc, s, option, at))
                and then is not None
            ):
                self.apply(then)

        texts = tuple(o.text for o in stage.question.options)
        self.app.push_screen(ChoiceScreen(title, texts, offered), chosen)

    # Notes

    def action_write_note(self) -> None:
        # At once (focus() waits for the keys already queued): words typed straight
        # after N would otherwise reach the session as commands.
        for box in self.query(Input):
            self.set_focus(box)
            return

    def action_leave_input(self) -> None:
        self.set_focus(None)

    def action_show_notes(self) -> None:
        self.show_notes = not self.show_notes
        self.render_session()

    def action_facilitator_notes(self) -> None:
        self.show_facilitator_notes = not self.show_facilitator_notes
        self.render_session()

    def edit_note(self, note_id: int) -> None:
        visit = self.live.session.current_visit
        note = visit.note(note_id) if visit else None
        if note is None:
            return

        def changed(change: NoteChange | None) -> None:
            if change is None:
                return
            if change.delete:
                self.apply(lambda sc, s, at: delete_note(s, change.note_id, at))
            else:
                self.apply(
                    lambda sc, s, at: edit_note(
                        s, change.note_id, change.perspective, change.text, at
                    )
                )

        self.app.push_screen(NoteEditScreen(note), changed)

    def edit_takeaway(self, index: int) -> None:
        def changed(change: TakeawayChange | None) -> None:
            if change is None:
                return
            if change.delete:
                self.apply(lambda sc, s, at: remove_takeaway(s, change.index, at))
            else:
                self.apply(lambda sc, s, at: edit_takeaway(s, change.index, change.text, at))

        self.app.push_screen(TakeawayEditScreen(index, self.live.session.takeaways[index]), changed)

    # Around the session

    def action_toggle_timer(self) -> None:
        for timer in self.query(DiscussionTimer):
            timer.toggle()
        self.render_session()

    def action_blank(self) -> None:
        self.app.clear_notifications()  # a neutral screen: no message left showing over it
        self.app.push_screen(BlankScreen())

    def action_join(self) -> None:
        phones = self.phones()
        if phones is not None:
            from workshop.tui.screens.dialogs import JoinScreen

            self.app.push_screen(JoinScreen(phones))

    def action_support(self) -> None:
        self.app.push_screen(SupportScreen(self.config, self.live.scenario.signposting_extra))

    def action_help(self) -> None:
        self.app.push_screen(HelpScreen(session_help(self.BINDINGS)))

    def action_quit_session(self) -> None:
        from workshop.words import farewell

        self.app.exit(message=farewell(self.live.session, self.live.record))

    def check_action(self, action: str, parameters: tuple[object, ...]) -> bool | None:
        session = self.live.session
        phase = session.position.phase
        voting = session.current_round()
        stage = current_stage(self.live.scenario, session)
        open_vote = session.open_round() is not None
        typing = isinstance(self.focused, Input)
        if typing and action in ("next", "back", "count", "write_note"):
            return False  # priority bindings: while a box has focus its own keys win
        return {
            "cycle_group": open_vote,
            "undo": open_vote,
            "count": open_vote,
            "reopen": phase in VOTING and (voting is None or not voting.open),
            "override": phase in CHOOSING and stage is not None and stage.question is not None,
            "toggle_timer": phase == "discussion" and stage is not None and bool(stage.minutes),
            "write_note": phase in ("notes", "takeaways"),
            "cycle_note_perspective": phase == "notes",
            "show_notes": phase == "notes",
            "skip": session.position.visit is not None,
            "leave_input": typing,
            "join": self.phones() is not None,
        }.get(action, True)
