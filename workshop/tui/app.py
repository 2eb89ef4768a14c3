"""WorkshopApp: wires what the command line asked for to the screens, and nothing more.

Starting and resuming sessions is storage's (`storage.starting`), the
running session is the live session's (`workshop.live`); the app builds the
first screen for its `Start`, opens the live session when set-up is done,
and hands it to the session screen. Time, ids, the version string and every
path come in through `Services`, so tests and snapshots are deterministic
without test-only branches.
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

from workshop.launch import (
    OpenLibrary,
    PhoneAddress,
    PreviewFile,
    ResumeSession,
    RunFile,
    Start,
)
from workshop.tui.messages import ResumeAgreed, ScenarioChosen, SessionConfigured
from workshop.tui.themes import GROUP_COLOURS, THEME_NAMES, THEMES

if TYPE_CHECKING:
    # Checking and running a session is imported when first needed, so that
    # the library's first frame pays only for Textual and the screen itself.
    from workshop.live import Change, LiveSession
    from workshop.storage.config import Config
    from workshop.storage.paths import DataPaths
    from workshop.storage.scenarios import ScenarioFile
    from workshop.storage.starting import OpenedSession
    from workshop.tui.phones import PhoneVoting


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

    def __init__(self, services: Services, start: Start | None = None) -> None:
        super().__init__()
        self.services = services
        self.start: Start = start or OpenLibrary()
        self.live: LiveSession | None = None
        self.phones: PhoneVoting | None = None
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
        start = self.start
        if isinstance(start, ResumeSession):
            return self._resume_screen(start)
        if isinstance(start, RunFile):
            return self._file_screen(start)
        if isinstance(start, PreviewFile):
            from workshop.tui.screens.preview import PreviewScreen

            services = self.services
            return PreviewScreen(start.path, services.config, services.today, services.version)
        return self._library_screen()

    def on_mount(self) -> None:
        for problem in self.services.config.problems:
            self.notify(problem, severity="warning", timeout=10)
        stale = self.services.config.stale_contacts(self.services.today)
        if stale:
            self.notify(stale, severity="warning", timeout=15)
        if isinstance(self.start, ResumeSession) and self.start.plan.note:
            self.notify(self.start.plan.note, timeout=10)

    # The first screens

    def _library_screen(self) -> Screen[None]:
        from workshop.tui.screens.library import LibraryScreen

        return LibraryScreen(self.load_library, self.services.config)

    def load_library(self) -> list[ScenarioFile]:
        """Every scenario file in the library folders; runs in a worker thread."""
        from workshop.storage.scenarios import scan_folder

        files: list[ScenarioFile] = []
        for folder in self.services.scenario_folders:
            files += scan_folder(folder, self.services.today)
        return files

    def _file_screen(self, start: RunFile) -> Screen[None]:
        from workshop.storage.scenarios import read_scenario
        from workshop.tui.screens.library import LibraryScreen

        file = read_scenario(start.path, self.services.today)
        if file.scenario is None:  # the CLI refuses such a file; a file changed since is listed
            return LibraryScreen(lambda: [file], self.services.config)
        return self._setup_screen(file)

    def _setup_screen(self, file: ScenarioFile) -> Screen[None]:
        from workshop.tui.screens.setup import SetupScreen

        start = self.start
        cohort = start.cohort if isinstance(start, RunFile) else ""
        vote = start.vote if isinstance(start, RunFile) else "keypad"
        host = start.phones.host if isinstance(start, RunFile) else None
        return SetupScreen(
            file, cohort=cohort, voting_mode=vote, today=self.services.today, host=host
        )

    def _resume_screen(self, start: ResumeSession) -> Screen[None]:
        """Straight back into the session, or first ask about a changed scenario."""
        if start.plan.needs_consent:
            from workshop.tui.screens.resume import ResumeConsentScreen

            return ResumeConsentScreen(start.plan)
        from workshop.storage.starting import resume_session

        return self._session_screen(resume_session(start.plan), start.phones)

    @on(ScenarioChosen)
    def scenario_chosen(self, message: ScenarioChosen) -> None:
        self.push_screen(self._setup_screen(message.file))

    @on(ResumeAgreed)
    def resume_agreed(self) -> None:
        from workshop.storage.starting import resume_session

        assert isinstance(self.start, ResumeSession)
        self.push_screen(self._session_screen(resume_session(self.start.plan), self.start.phones))

    @on(SessionConfigured)
    def session_configured(self, message: SessionConfigured) -> None:
        from workshop.storage.starting import start_session

        services = self.services
        opened = start_session(
            message.file,
            message.settings,
            folder=services.paths.sessions,
            session_id=services.new_id(),
            now=services.now(),
            version=services.version,
            min_group=services.config.min_group,
        )
        asked = self.start.phones if isinstance(self.start, RunFile) else PhoneAddress()
        address = PhoneAddress(message.host or asked.host, asked.port)
        screen = self._session_screen(opened, address, show_results=message.show_results)
        if len(self.screen_stack) > 1:
            self.switch_screen(screen)  # the set-up screen gives way to the session
        else:
            self.push_screen(screen)  # set-up is the first screen: keep it underneath

    def _session_screen(
        self, opened: OpenedSession, address: PhoneAddress, *, show_results: bool = False
    ) -> Screen[None]:
        """The live session for an opened session, its first record saved, on screen."""
        from workshop.live import LiveSession
        from workshop.storage.sessions import save_session
        from workshop.tui.screens.session import SessionScreen

        live = LiveSession(
            opened.scenario,
            opened.session,
            clock=self.services.clock,
            record=opened.record,
            save=save_session,
        )
        live.start()
        self.live = live
        if opened.session.info.voting_mode != "phones":
            return SessionScreen(live, self.services.config)
        from workshop.tui.phones import PhoneVoting

        screen = SessionScreen(live, self.services.config, phones=lambda: phones.view())
        phones = PhoneVoting(
            live,
            address,
            show_results=show_results,
            on_join=screen.redraw_soon,
        )
        self.phones = phones
        live.subscribe(lambda change: self._phones_finished(change, screen))
        self.call_later(self._start_phones, screen)
        return screen

    async def _start_phones(self, screen: Screen[None]) -> None:
        """Serve the phones on this loop; if they cannot join, say so: the keypad still works."""
        assert self.phones is not None
        said = await self.phones.start()
        if said:
            self.notify(said, severity="warning", timeout=20)
        from workshop.tui.messages import SessionChanged

        screen.post_message(SessionChanged())

    def _phones_finished(self, change: Change, screen: Screen[None]) -> None:
        if change.session.finished and self.phones is not None:
            phones, self.phones = self.phones, None
            self.call_later(self._stop_phones, phones, screen)

    async def _stop_phones(self, phones: PhoneVoting, screen: Screen[None]) -> None:
        """The summary: the server stops, no token is left anywhere, the screen says so."""
        await phones.stop()
        from workshop.tui.messages import SessionChanged

        screen.post_message(SessionChanged())

    async def on_unmount(self) -> None:
        if self.phones is not None:
            await self.phones.stop()

    # Everywhere

    def get_css_variables(self) -> dict[str, str]:
        """Any theme, even one picked from the palette, gets the perspective colours."""
        variables = super().get_css_variables()
        for name, value in GROUP_COLOURS.items():
            variables.setdefault(name, value)
        return variables

    async def action_quit(self) -> None:
        """Ctrl+Q, like Q: leave saying where the record is, when a session is running."""
        if self.live is not None and self.live.record is not None:
            from workshop.words import farewell

            self.exit(message=farewell(self.live.session, self.live.record))
        else:
            self.exit()

    def action_support(self) -> None:
        """Support, one key away on every screen (screens add S where it is free)."""
        from workshop.tui.screens.support import SupportScreen

        if isinstance(self.screen, SupportScreen):
            return
        extra = self.live.scenario.signposting_extra if self.live else ()
        self.push_screen(SupportScreen(self.services.config, extra))

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
