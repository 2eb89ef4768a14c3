"""Group commit: many changes made at once in memory, written to disk together.

A change is made in memory straight away and numbered. Whoever made it may
wait until a write that holds it has finished; writes run one at a time in a
worker thread, each writing everything changed so far, so a burst of two
thousand changes costs a handful of writes and the event loop keeps running.
Used for the session record and for the phones file.
"""

from __future__ import annotations

import asyncio
import threading
from collections.abc import Callable
from typing import Generic, TypeVar

Written = TypeVar("Written")


class GroupCommit(Generic[Written]):
    def __init__(
        self,
        write: Callable[[], Written],
        on_written: Callable[[Written], None] = lambda _: None,
    ) -> None:
        """`write` writes the latest state and returns what it wrote; it runs in a thread."""
        self._write = write
        self._on_written = on_written
        self.lock = threading.Lock()
        """Held by every write, from any thread: one write at a time."""
        self.changes = 0
        self.durable = 0
        self.writes = 0
        self._waiting: list[tuple[int, asyncio.Future[None]]] = []
        self._flusher: asyncio.Task[None] | None = None

    def changed(self) -> int:
        """A change was made in memory; its number, to wait for."""
        self.changes += 1
        return self.changes

    def written_all(self) -> None:
        """Everything changed so far was just written by the caller, under `lock`."""
        self.writes += 1
        self.durable = self.changes
        self._release()

    async def wait(self, change: int) -> None:
        """Return once a write that holds `change` has finished (or raise its OSError)."""
        if change <= self.durable:
            return
        done: asyncio.Future[None] = asyncio.get_running_loop().create_future()
        self._waiting.append((change, done))
        if self._flusher is None:
            self._flusher = asyncio.create_task(self._flush())
        await asyncio.shield(done)

    async def _flush(self) -> None:
        try:
            while self.durable < self.changes:
                written = await asyncio.to_thread(self._write_latest)
                self._on_written(written)
                self._release()
        except OSError as error:
            for _, done in self._waiting:
                if not done.done():
                    done.set_exception(error)
            self._waiting = []
        finally:
            self._flusher = None

    def _write_latest(self) -> Written:
        with self.lock:
            changes = self.changes  # read before the state: what is written holds at least these
            written = self._write()
            self.writes += 1
            self.durable = max(self.durable, changes)
        return written

    def _release(self) -> None:
        still: list[tuple[int, asyncio.Future[None]]] = []
        for change, done in self._waiting:
            if change <= self.durable:
                if not done.done():
                    done.set_result(None)
            else:
                still.append((change, done))
        self._waiting = still
