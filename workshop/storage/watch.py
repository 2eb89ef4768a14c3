"""Told when a scenario file is saved, moved away or comes back: for the preview only.

The folder is watched, not the file: editors such as vim, VS Code and
JetBrains save by writing a new file and renaming it over the old one, which
a watch on the file itself would lose. The operating system tells watchfiles
(inotify, FSEvents, ReadDirectoryChangesW): nothing is polled, and nothing
happens while the file is left alone. watchfiles is imported only here.
"""

from __future__ import annotations

import asyncio
from collections.abc import AsyncIterator
from dataclasses import dataclass
from pathlib import Path
from typing import Literal

Event = Literal["saved", "gone"]
DEBOUNCE_MS = 80
"""A save is often several writes in a row: they are told as one, this soon after the last."""


@dataclass(frozen=True)
class FileEvent:
    event: Event
    path: Path


async def file_events(path: Path, stop: asyncio.Event | None = None) -> AsyncIterator[FileEvent]:
    """Each time the file is saved (or appears again) or goes away, until `stop` is set."""
    from watchfiles import Change, awatch

    target = path.resolve()

    def ours(change: Change, changed: str) -> bool:
        return Path(changed).name == target.name

    async for changes in awatch(
        target.parent,
        watch_filter=ours,
        debounce=DEBOUNCE_MS,
        step=20,
        recursive=False,
        stop_event=stop,
    ):
        if not changes:
            continue
        yield FileEvent("saved" if target.is_file() else "gone", target)
