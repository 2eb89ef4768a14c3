"""WorkshopApp: owns the running session and the services injected into it.

Time, ids, the version string and every path come in through `Services`, so
tests and snapshots are deterministic without test-only branches.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable
from dataclasses import dataclass
from datetime import date, datetime
from pathlib import Path
from typing import TYPE_CHECKING

from textual import on
from textual.app import App, SystemCommand
from textual.binding import Binding
from textual.screen import Screen

from workshop.tui.messages import ResumeAgreed, ScenarioChosen, SessionConfigured
from workshop.tui.themes import GROUP_COLOURS, THEME_NAMES, THEMES

if TYPE_CHECKING:
    # Checking and running a session is imported when first needed, so that
    # the library's first frame pays only for Textual and the screen itself.
    from workshop.storage.config import Config
    from workshop.storage.paths import DataPaths
    from workshop.storage.resume import ResumePlan
    from workshop.storage.scenarios import ScenarioFile
    from workshop.tui.runner import SessionRunner


@dataclass(frozen=True)
class Services:
    """Everything from outside the app: folders, settings, clock, ids, version."""

    paths: DataPaths
    config: Config
    scenario_folders: tuple[Path, ...]
    today: date
    now: Callable[[], datetime]
    clock: Callable[[], float]
    new_id: Callable[[], str]
    version: str


class WorkshopApp(App[None]):
    CSS_PATH = "workshop.tcss"
    TITLE = "workshop"
    BINDINGS = [
        Binding("ctrl+t", "next_theme", "Theme", show=False),
        Binding("f2", "support", "Support", show=False),
    ]

    def __init__(
        self,
        services: Services,
        run_file: Path | None = None,
        cohort: str = "",
        resume: ResumePlan | None = None,
    ) -> None:
        super().__init__()
        self.services = services
        self.run_file = run_file
        self.cohort = cohort
        self.resume = resume
        self.runner: SessionRunner | None = None
        for theme in THEMES:
            self.register_theme(theme)
        self._start_in_theme(THEME_NAMES[0])

    def _start_in_theme(self, name: str) -> None:
        """Start in our theme without the theme watcher, which parses every stylesheet twice.

        Setting `theme` queues a second full parse and restyle after the first frame
        is built (about a tenth of the start-up time). Before the app runs, what the
        watcher does can be done once: the variables, the classes, the ANSI palette.
        Later changes (Ctrl+T, the palette) go through the watcher as usual.
        """
        assert not self.is_running, "only before the first frame"
        theme = self.get_theme(name)
        assert theme is not None, f"{name} is registered in __init__"
        dark = theme.dark
        self.set_reactive(WorkshopApp.theme, name)
        self.stylesheet.set_variables(self.get_css_variables())
        self.update_classes(
            {f"-theme-{name}": True, "-dark-mode": dark, "-light-mode": not dark}, update=False
        )
        # Textual's own step (private; Textual is pinned): ANSI colours follow the theme,
        # even when TEXTUAL_THEME named a light one.
        self._refresh_truecolor_filter(self.ansi_theme)

    def get_default_screen(self) -> Screen[None]:
        """The first screen is the real one: no blank frame before the library."""
        if self.resume is not None:
            return self.resume_screen(self.resume)
        if self.run_file is not None:
            return self.file_screen(self.run_file)
        return self.library_screen()

    def on_mount(self) -> None:
        for problem in self.services.config.problems:
            self.notify(problem, severity="warning", timeout=10)
        if self.resume is not None and self.resume.note:
            self.notify(self.resume.note, timeout=10)

    def resume_screen(self, plan: ResumePlan) -> Screen[None]:
        """Straight back into the session, or first ask about a changed scenario."""
        from workshop.tui.screens.session import SessionScreen

        if plan.needs_consent:
            from workshop.tui.screens.resume import ResumeConsentScreen

            return ResumeConsentScreen(plan)
        runner = self.resumed_runner(plan)
        return SessionScreen(runner, self.services.config)

    def resumed_runner(self, plan: ResumePlan) -> SessionRunner:
        from workshop.storage.sessions import save_session
        from workshop.tui.runner import SessionRunner

        assert plan.scenario is not None
        assert plan.scenario.scenario is not None
        runner = SessionRunner(
            scenario=plan.scenario.scenario,
            session=plan.session,
            record=plan.record,
            save=save_session,
            clock=self.services.clock,
        )
        runner.start()
        self.runner = runner
        return runner

    @on(ResumeAgreed)
    def resume_agreed(self, message: ResumeAgreed) -> None:
        from workshop.tui.screens.session import SessionScreen

        assert self.resume is not None
        runner = self.resumed_runner(self.resume)
        self.push_screen(SessionScreen(runner, self.services.config))

    def library_screen(self) -> Screen[None]:
        from workshop.tui.screens.library import LibraryScreen

        return LibraryScreen(self.load_library, self.services.config.contacts)

    def load_library(self) -> list[ScenarioFile]:
        """Every scenario file in the library folders; runs in a worker thread."""
        from workshop.storage.scenarios import scan_folder

        files: list[ScenarioFile] = []
        for folder in self.services.scenario_folders:
            files += scan_folder(folder, self.services.today)
        return files

    def file_screen(self, path: Path) -> Screen[None]:
        from workshop.storage.scenarios import read_scenario
        from workshop.tui.screens.library import LibraryScreen

        file = read_scenario(path, self.services.today)
        if file.scenario is None:
            return LibraryScreen(lambda: [file], self.services.config.contacts)
        return self.setup_screen(file)

    def setup_screen(self, file: ScenarioFile) -> Screen[None]:
        from workshop.tui.screens.setup import SetupScreen

        return SetupScreen(file, cohort=self.cohort)

    @on(ScenarioChosen)
    def scenario_chosen(self, message: ScenarioChosen) -> None:
        self.push_screen(self.setup_screen(message.file))

    @on(SessionConfigured)
    def session_configured(self, message: SessionConfigured) -> None:
        from workshop.domain.session import SessionInfo, new_session
        from workshop.storage.sessions import archive_scenario, record_path, save_session
        from workshop.tui.runner import SessionRunner

        scenario = message.file.scenario
        assert scenario is not None
        services = self.services
        info = SessionInfo(
            session_id=services.new_id(),
            started=services.now().replace(second=0, microsecond=0),
            tool_version=services.version,
            scenario_id=scenario.id,
            scenario_version=scenario.version,
            scenario_sha256=message.file.sha256,
            scenario_title=scenario.title,
            scenario_path=str(message.file.path.resolve()),
            cohort=message.cohort,
            voting_mode=message.voting_mode,
            facilitation=message.facilitation,
            min_group=services.config.min_group,
        )
        runner = SessionRunner(
            scenario=scenario,
            session=new_session(info),
            record=record_path(services.paths.sessions, info),
            save=save_session,
            clock=services.clock,
        )
        import hashlib

        data = message.file.path.read_bytes()
        if hashlib.sha256(data).hexdigest() == message.file.sha256:
            archive_scenario(services.paths.sessions, message.file.sha256, data)
        runner.start()
        self.start_session(runner)

    def start_session(self, runner: SessionRunner) -> None:
        from workshop.tui.screens.session import SessionScreen

        self.runner = runner
        screen = SessionScreen(runner, self.services.config)
        if len(self.screen_stack) > 1:
            self.switch_screen(screen)  # the set-up screen gives way to the session
        else:
            self.push_screen(screen)  # set-up is the first screen: keep it underneath

    def get_css_variables(self) -> dict[str, str]:
        """Any theme, even one picked from the palette, gets the perspective colours."""
        variables = super().get_css_variables()
        for name, value in GROUP_COLOURS.items():
            variables.setdefault(name, value)
        return variables

    def action_support(self) -> None:
        """Support, one key away on every screen (screens add S where it is free)."""
        from workshop.tui.screens.support import SupportScreen

        if isinstance(self.screen, SupportScreen):
            return
        extra = self.runner.scenario.signposting_extra if self.runner else ()
        self.push_screen(SupportScreen(self.services.config.contacts, extra))

    def action_next_theme(self) -> None:
        index = THEME_NAMES.index(self.theme) if self.theme in THEME_NAMES else -1
        self.theme = THEME_NAMES[(index + 1) % len(THEME_NAMES)]
        self.notify(f"Theme: {self.theme.removeprefix('workshop-')}")

    def get_system_commands(self, screen: Screen[object]) -> Iterable[SystemCommand]:
        yield from super().get_system_commands(screen)
        yield SystemCommand("Next theme", "Dark, light, high contrast", self.action_next_theme)
        for binding in screen.active_bindings.values():
            if binding.binding.description and binding.enabled:
                action = binding.binding.action
                yield SystemCommand(
                    binding.binding.description,
                    f"Key: {binding.binding.key}",
                    lambda a=action, s=screen: self.call_later(s.run_action, a),
                )
