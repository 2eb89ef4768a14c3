"""The phones that joined: a random token each, the group it chose, its ballot keys.

A token is given at join and kept in the phones file, so a phone keeps
working after a crash and resume. What a phone voted is never stored with
its token: the ballot in the record is kept under a key made from the token,
the round and a secret (HMAC), which cannot be turned back into the token.
A join is answered once the phones file that holds it is written; joins that
arrive together are written together.
"""

from __future__ import annotations

import hashlib
import hmac
import secrets
import time
from collections import deque
from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path

from workshop.domain.tally import GROUPS
from workshop.group_commit import GroupCommit
from workshop.storage.phones import PhonesState, delete_phones, save_phones

CODE_ALPHABET = "ABCDEFGHJKMNPQRSTUVWXYZ23456789"
"""No 0/O, 1/I/L: a code read off a projector is typed right first time."""
CODE_LENGTH = 6


def new_code(choose: Callable[[str], str] = secrets.choice) -> str:
    return "".join(choose(CODE_ALPHABET) for _ in range(CODE_LENGTH))


def normal_code(typed: str) -> str:
    """What a person typed, as a code: case, spaces and dashes do not matter."""
    return "".join(ch for ch in typed.upper() if ch.isalnum())


class Registry:
    def __init__(self, state: PhonesState, path: Path | None) -> None:
        self.state = state
        self.path = path
        self._commit: GroupCommit[None] = GroupCommit(self._write)

    @classmethod
    def new(cls, host: str, port: int, path: Path | None, *, show_results: bool) -> Registry:
        state = PhonesState(new_code(), host, port, secrets.token_hex(32), show_results)
        return cls(state, path)

    @property
    def code(self) -> str:
        return self.state.code

    @property
    def joined(self) -> int:
        return len(self.state.phones)

    def group_of(self, token: str | None) -> str | None:
        return self.state.phones.get(token) if token else None

    async def join(self, perspective: str, token: str | None = None) -> str:
        """A phone joins (or, with its token, changes its group); saved before it is answered."""
        assert perspective in GROUPS
        if token is None or token not in self.state.phones:
            token = secrets.token_urlsafe(24)
        self.state.phones[token] = perspective
        await self._saved(self._commit.changed())
        return token

    def ballot_key(self, token: str, visit: int, number: int) -> str:
        """The phone's key in one round: the same after a resume, unlinkable across rounds."""
        message = f"{token}/{visit}/{number}".encode()
        return hmac.new(bytes.fromhex(self.state.secret), message, hashlib.sha256).hexdigest()[:24]

    def save_now(self) -> None:
        with self._commit.lock:
            self._write()
            self._commit.changed()
            self._commit.written_all()

    def forget(self) -> None:
        """The session has finished: no token is left anywhere."""
        self.state.phones.clear()
        if self.path is not None:
            delete_phones(self.path)

    async def _saved(self, change: int) -> None:
        if self.path is None:
            return
        await self._commit.wait(change)

    def _write(self) -> None:
        if self.path is not None:
            save_phones(self.state, self.path)


MAX_PHONES = 5000
"""More phones than any room holds: beyond this, joins are refused (memory and file stay small)."""


@dataclass
class JoinLimiter:
    """After `limit` wrong codes from one address in `window` seconds, it waits: guessing is slow.

    Only wrong codes count: a room full of phones joining at once with the code
    on the projector is never held up, whatever address they share.
    """

    limit: int = 10
    window: float = 60.0
    clock: Callable[[], float] = time.monotonic
    _seen: dict[str, deque[float]] = field(default_factory=dict)

    def allow(self, address: str) -> bool:
        """May this address try a code now?"""
        attempts = self._recent(address)
        return len(attempts) < self.limit

    def failed(self, address: str) -> None:
        self._recent(address).append(self.clock())
        if len(self._seen) > 10_000:  # an address per phone in a room: never this many
            now = self.clock()
            self._seen = {a: q for a, q in self._seen.items() if q and q[-1] > now - self.window}

    def _recent(self, address: str) -> deque[float]:
        now = self.clock()
        attempts = self._seen.setdefault(address, deque())
        while attempts and attempts[0] <= now - self.window:
            attempts.popleft()
        return attempts
