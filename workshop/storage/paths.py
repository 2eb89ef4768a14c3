"""Where the tool keeps things, every path overridable.

Precedence: `--data-dir`, then `WORKSHOP_DATA_DIR`, then the platform's user
data folder. Tests and organisers with strict information-governance rules
point it at a folder of their choosing.
"""

from __future__ import annotations

import os
from dataclasses import dataclass
from pathlib import Path

APP_NAME = "workshop"
DATA_DIR_VARIABLE = "WORKSHOP_DATA_DIR"


def bundled_scenarios_dir() -> Path:
    """The scenarios shipped with the tool: inside the wheel, or the checkout's own folder."""
    package = Path(__file__).resolve().parent.parent
    installed = package / "_bundled_scenarios"
    return installed if installed.is_dir() else package.parent / "scenarios"


def default_data_dir() -> Path:
    from platformdirs import user_data_path

    return user_data_path(APP_NAME, appauthor=False)


@dataclass(frozen=True)
class DataPaths:
    """The folders under one data directory."""

    root: Path

    @classmethod
    def resolve(cls, data_dir: str | os.PathLike[str] | None = None) -> DataPaths:
        chosen = data_dir or os.environ.get(DATA_DIR_VARIABLE) or default_data_dir()
        return cls(Path(chosen).expanduser())

    @property
    def scenarios(self) -> Path:
        return self.root / "scenarios"

    @property
    def sessions(self) -> Path:
        return self.root / "sessions"

    @property
    def config(self) -> Path:
        return self.root / "config.toml"
