"""The app with every changing input pinned: clock, ids, date, version, folders."""

from __future__ import annotations

import itertools
from collections.abc import Callable
from datetime import date, datetime
from pathlib import Path

import pytest

from tests.conftest import STORIES
from workshop.launch import OpenLibrary, RunFile
from workshop.storage.config import Config
from workshop.storage.paths import DataPaths
from workshop.tui.app import Services, WorkshopApp

AppFactory = Callable[..., WorkshopApp]


def make_services(
    data_dir: Path,
    *folders: Path,
    config: Config | None = None,
    clock: Callable[[], float] | None = None,
) -> Services:
    """By default the clock moves on five seconds at every read; a test may bring its own."""
    ticks = itertools.count()
    ids = (f"{n:016x}" for n in itertools.count(0xABCDEF00))
    return Services(
        paths=DataPaths(data_dir),
        config=config or Config(),
        scenario_folders=folders or (STORIES,),
        today=date(2026, 11, 29),
        now=lambda: datetime(2026, 11, 29, 9, 30, 41),
        clock=clock or (lambda: float(next(ticks)) * 5.0),
        new_id=lambda: next(ids),
        version="0.0.test",
    )


@pytest.fixture
def make_app(tmp_path: Path) -> AppFactory:
    def factory(*folders: Path, run_file: Path | None = None, **services: object) -> WorkshopApp:
        start = RunFile(run_file) if run_file else OpenLibrary()
        return WorkshopApp(make_services(tmp_path / "data", *folders, **services), start)  # type: ignore[arg-type]

    return factory
