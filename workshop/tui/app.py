"""WorkshopApp: owns the running session and the services injected into it.

Time, ids, the version string and every path come in through `Services`, so
tests and snapshots are deterministic without test-only branches.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable
from dataclasses import dataclass
from datetime import date, datetime
from pathlib import Path

from textual import on
from textual.app import App, SystemCommand
from textual.binding import Binding
from textual.screen import Screen

from workshop.domain.session import SessionInfo, new_session
from workshop.storage.config import Config
from workshop.storage.paths import DataPaths
from workshop.storage.scenarios import ScenarioFile, read_scenario, scan_folder
from workshop.storage.sessions import record_path, save_session
from workshop.tui.messages import ScenarioChosen, SessionConfigured
from workshop.tui.runner import SessionRunner
from workshop.tui.themes import THEME_NAMES, THEMES


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
    BINDINGS = [Binding("ctrl+t", "next_theme", "Theme", show=False)]

    def __init__(
        self,
        services: Services,
        run_file: Path | None = None,
        cohort: str = "",
    ) -> None:
        super().__init__()
        self.services = services
        self.run_file = run_file
        self.cohort = cohort
        self.runner: SessionRunner | None = None
        for theme in THEMES:
            self.register_theme(theme)
        self.theme = THEME_NAMES[0]

    def on_mount(self) -> None:
        for problem in self.services.config.problems:
            self.notify(problem, severity="warning", timeout=10)
        if self.run_file is not None:
            self.open_file(self.run_file)
        else:
            self.push_screen(self.library_screen())

    def library_screen(self) -> Screen[None]:
        from workshop.tui.screens.library import LibraryScreen

        files: list[ScenarioFile] = []
        for folder in self.services.scenario_folders:
            files += scan_folder(folder, self.services.today)
        return LibraryScreen(files, self.services.config.contacts)

    def open_file(self, path: Path) -> None:
        from workshop.tui.screens.library import LibraryScreen

        file = read_scenario(path, self.services.today)
        if file.scenario is None:
            self.push_screen(LibraryScreen([file], self.services.config.contacts))
            return
        self.push_screen(self.setup_screen(file))

    def setup_screen(self, file: ScenarioFile) -> Screen[None]:
        from workshop.tui.screens.setup import SetupScreen

        return SetupScreen(file, cohort=self.cohort)

    @on(ScenarioChosen)
    def scenario_chosen(self, message: ScenarioChosen) -> None:
        self.push_screen(self.setup_screen(message.file))

    @on(SessionConfigured)
    def session_configured(self, message: SessionConfigured) -> None:
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
        runner.start()
        self.start_session(runner)

    def start_session(self, runner: SessionRunner) -> None:
        from workshop.tui.screens.session import SessionScreen

        self.runner = runner
        self.switch_screen(SessionScreen(runner, self.services.config))

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
