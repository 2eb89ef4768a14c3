"""`workshop preview FILE`: the scenario as a session shows it, redrawn on every save.

The same steps and widgets as the session screen, driven by a live session
that keeps no record; the file watcher is one more source of change. While
the file has errors, the last good drawing stays and the problems are listed
above it, exactly as `workshop check` prints them. Each stage says whether it
fits the projected screen and how its two voices' airtime compares.
"""

from __future__ import annotations

import asyncio
from collections.abc import Sequence
from datetime import date
from pathlib import Path

from textual import on, work
from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Horizontal, Vertical, VerticalScroll
from textual.screen import Screen
from textual.widgets import OptionList, Static
from textual.widgets.option_list import Option

from workshop.domain.scenario import Scenario
from workshop.domain.transitions import (
    ChoiceNeeded,
    choose_option,
    current_stage,
    next_step,
    previous_step,
)
from workshop.live import Change, LiveSession, Transition
from workshop.storage.config import Config
from workshop.storage.scenarios import LocatedProblem, ScenarioFile, read_scenario
from workshop.tui.messages import SessionChanged
from workshop.tui.screens.preview_session import (
    PROJECTED,
    preview_header,
    preview_info,
    problems_line,
    session_on,
    stage_before,
    stage_checks,
    still_timer,
    where_now,
)
from workshop.tui.steps import StepBody
from workshop.tui.steps.view import View
from workshop.tui.widgets.keybar import KeyBar
from workshop.tui.widgets.text import Prose, prose


class PreviewScreen(Screen[None]):
    BINDINGS = [
        Binding("right,space,pagedown", "next", "Next step", priority=True),
        Binding("left,pageup", "back", "Back", priority=True),
        Binding("left_square_bracket", "stage(-1)", "Stage before"),
        Binding("right_square_bracket", "stage(1)", "Stage after"),
        Binding("m", "branch_map", "Branch map"),
        Binding("z", "toggle_size", "80x24 / full size"),
        Binding("o", "choose", "Option"),
        Binding("f", "facilitator_notes", "Facilitator notes"),
        Binding("question_mark,f1", "help", "Help"),
        Binding("q", "app.quit", "Quit"),
    ]

    def __init__(self, path: Path, config: Config, today: date, version: str = "") -> None:
        super().__init__()
        self.path = path
        self.config = config
        self.today = today
        self.version = version
        self.file: ScenarioFile | None = None
        self.live: LiveSession | None = None
        self.as_projected = False
        self.show_facilitator_notes = False  # as projected; F shows them, marked
        self.reads = 0
        self.renders = 0
        """How many times the file was read and the preview drawn: nothing while it rests."""
        self.gone = False
        self._stop = asyncio.Event()

    def compose(self) -> ComposeResult:
        with Vertical(id="preview"):
            yield Static(id="header", markup=False)
            with VerticalScroll(id="problems"):
                yield Static(id="problems-count", markup=False)
                yield Prose((), id="problems-text")
            with Horizontal(id="preview-main"):
                yield OptionList(id="stage-list")
                with Vertical(id="preview-view"):
                    yield StepBody(id="body")
                    with VerticalScroll(id="facilitator-notes") as notes:
                        notes.display = False  # until F asks for them
                        yield Static(
                            "Facilitator notes: never shown to the room", classes="warning-label"
                        )
                        yield Prose((), id="facilitator-notes-text")
                    yield Prose((), id="checks", classes="hint")
        yield KeyBar()

    def on_mount(self) -> None:
        self.reload()
        self.watch_file()

    def on_unmount(self) -> None:
        self._stop.set()

    # The file

    @work(exclusive=True, group="watch")
    async def watch_file(self) -> None:
        from workshop.storage.watch import file_events

        async for event in file_events(self.path, self._stop):
            self.gone = event.event == "gone"
            if not self.gone:
                self.reload()
                continue
            gone = f"{self.path} is not there: moved or deleted. The preview waits for it."
            self.show_problems((), notice=gone)

    def reload(self) -> None:
        """Read and check the file; a good one replaces the drawing, staying on its stage."""
        self.reads += 1
        if not self.path.is_file() and self.live is None:
            self.query_one("#header", Static).update(
                f"Waiting for {self.path}: it is not there yet. The preview shows it as soon "
                "as it is saved (`workshop new` writes a starting file)."
            )
            return
        file = read_scenario(self.path, self.today)
        self.show_problems(file.problems)
        if file.scenario is None:
            if self.live is None:  # nothing good to show yet
                self.query_one("#header", Static).update(
                    f"Preview of {self.path.name}: fix the errors above to see it"
                )
            self._draw()  # the last good drawing stays, under the errors
            return
        before = (self.live.scenario, self.live.session) if self.live else None
        stage_id, phase = where_now(before, file.scenario)
        info = preview_info(file.scenario, self.path, self.today, self.version)
        session = session_on(file.scenario, info, stage_id, phase)
        self.file = file
        if self.live is None:
            self.live = LiveSession(file.scenario, session, clock=lambda: 0.0)
            self.live.subscribe(self._changed)
            self._draw()
        else:
            self.live.replace_scenario(file.scenario, session)
        self._list_stages(file.scenario)

    def show_problems(self, problems: Sequence[LocatedProblem], *, notice: str = "") -> None:
        """The problems as `check` prints them, errors first, counted; the list scrolls."""
        panel = self.query_one("#problems")
        errors_first = sorted(problems, key=lambda p: not p.is_error)
        lines = [str(p) for p in errors_first] + ([notice] if notice else [])
        self.query_one("#problems-text", Prose).show(tuple(("", line) for line in lines))
        panel.display = bool(lines)
        drawn = self.live is not None
        self.query_one("#problems-count", Static).update(problems_line(problems, drawn=drawn))
        panel.set_class(any(p.is_error for p in problems), "has-errors")

    # Drawing

    def _changed(self, change: Change) -> None:
        self.post_message(SessionChanged())

    @on(SessionChanged)
    def session_changed(self) -> None:
        self._draw()

    def _draw(self) -> None:
        if self.live is None:
            return
        self.renders += 1
        session, scenario = self.live.session, self.live.scenario
        stage = current_stage(scenario, session)
        width, height = PROJECTED if self.as_projected else (self.size.width, self.size.height)
        view = View(
            scenario,
            session,
            self.config,
            None,
            lambda: 0.0,
            width=width or PROJECTED[0],
            height=height or PROJECTED[1],
            timer=still_timer(stage),
            preview=True,
        )
        size = "as projected at 80x24" if self.as_projected else f"at {view.width}x{view.height}"
        header = preview_header(self.path.name, scenario, stage, view.phase, size)
        self.query_one("#header", Static).update(header)
        self.query_one(StepBody).show_view(view)
        self.query_one("#preview-view").set_class(self.as_projected, "as-projected")
        notes = (stage.facilitator_notes if stage else None) or "No facilitator notes here."
        self.query_one("#facilitator-notes").display = self.show_facilitator_notes
        self.query_one("#facilitator-notes-text", Prose).show(prose(notes))
        self.query_one("#checks", Prose).show(stage_checks(scenario, session, stage))
        self.refresh_bindings()

    def _list_stages(self, scenario: Scenario) -> None:
        listing = self.query_one("#stage-list", OptionList)
        listing.clear_options()
        listing.add_options(
            Option(f"{n}. {stage.title}", id=stage.id) for n, stage in enumerate(scenario.stages, 1)
        )
        stage = current_stage(scenario, self.live.session) if self.live else None
        if stage is not None:
            listing.highlighted = scenario.stages.index(stage)

    # Keys

    def check_action(self, action: str, parameters: tuple[object, ...]) -> bool | None:
        """Until the file has been drawn once, only help and quit do anything."""
        return self.live is not None or action in ("help", "app.quit", "quit")

    def _go(self, transition: Transition) -> None:
        if self.live is None:
            return
        needed = self.live.apply(transition)
        if isinstance(needed, ChoiceNeeded):  # a preview shows option 1; O shows another
            self.live.apply(lambda sc, s, at: choose_option(sc, s, needed.options[0], at))
            self.live.apply(transition)

    def action_next(self) -> None:
        self._go(next_step)

    def action_back(self) -> None:
        """Back within the stage; from its story, to the stage before it in the file."""
        if self.live is None:
            return
        before = stage_before(self.live.scenario, self.live.session)
        if before is None:
            self._go(previous_step)
        else:
            self.live.replace_scenario(self.live.scenario, before)

    def action_stage(self, step: int) -> None:
        if self.live is None:
            return
        stages = self.live.scenario.stages
        stage = current_stage(self.live.scenario, self.live.session)
        here = stages.index(stage) if stage else -1
        self.jump_to(stages[max(0, min(len(stages) - 1, here + step))].id)

    def jump_to(self, stage_id: str) -> None:
        """The stage's story, in a session of that stage alone."""
        if self.live is not None:
            scenario, info = self.live.scenario, self.live.session.info
            self.live.replace_scenario(scenario, session_on(scenario, info, stage_id, "narrative"))

    @on(OptionList.OptionSelected, "#stage-list")
    def stage_chosen(self, event: OptionList.OptionSelected) -> None:
        if event.option.id is not None:
            self.jump_to(event.option.id)

    def action_choose(self) -> None:
        if self.live is None:
            return
        stage = current_stage(self.live.scenario, self.live.session)
        visit = self.live.session.current_visit
        if stage is None or stage.question is None or visit is None:
            return
        following = (visit.chosen or 0) % len(stage.question.options) + 1
        self._go(lambda sc, s, at: choose_option(sc, s, following, at))

    def action_toggle_size(self) -> None:
        self.as_projected = not self.as_projected
        self._draw()

    def action_facilitator_notes(self) -> None:
        self.show_facilitator_notes = not self.show_facilitator_notes
        self._draw()

    def action_branch_map(self) -> None:
        if self.live is None:
            return
        from workshop.tui.screens.branch_map import BranchMapScreen

        def chosen(stage_id: str | None) -> None:
            if stage_id:
                self.jump_to(stage_id)

        self.app.push_screen(BranchMapScreen(self.live.scenario), chosen)

    def action_help(self) -> None:
        from workshop.tui.screens.help import HelpScreen, binding_rows

        self.app.push_screen(HelpScreen(binding_rows(self.BINDINGS)))

    def on_resize(self) -> None:
        self.query_one("#stage-list").display = self.size.width >= 100  # [ and ] still move
        self._draw()
