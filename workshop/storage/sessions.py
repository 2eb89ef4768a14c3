"""Session records on disk: written after every change, never torn, never shared.

A record is a versioned TOML file (`storage.records`, docs/session-record.md),
written whole to a temporary file in the same folder, flushed and fsynced,
then moved over the old one and the folder fsynced, so a crash at any moment
leaves either the previous record or the new one, never half of one. Records
are readable by their owner only (0600).
"""

from __future__ import annotations

import contextlib
import os
import tomllib
from dataclasses import dataclass
from pathlib import Path

from workshop.domain.session import Session, SessionInfo
from workshop.storage.records import RecordError, from_record, record_text

__all__ = ["RecordError"]  # raised by load_session; callers catch it from here


def record_name(info: SessionInfo) -> str:
    return f"{info.started:%Y-%m-%d-%H%M}-{info.scenario_id}-{info.short_id}.toml"


def record_path(folder: Path, info: SessionInfo) -> Path:
    return folder / record_name(info)


def save_session(session: Session, path: Path) -> None:
    """Replace the record at `path` atomically and durably."""
    write_atomically(path, record_text(session).encode("utf-8"))


def make_private_folder(folder: Path) -> None:
    """Create `folder` and any missing parents readable by the owner only."""
    missing: list[Path] = []
    while not folder.exists():
        missing.append(folder)
        folder = folder.parent
    for each in reversed(missing):
        each.mkdir(mode=0o700, exist_ok=True)


def write_atomically(path: Path, data: bytes) -> None:
    make_private_folder(path.parent)
    temporary = path.with_name(f".{path.name}.{os.getpid()}.tmp")
    descriptor = os.open(temporary, os.O_WRONLY | os.O_CREAT | os.O_TRUNC, 0o600)
    try:
        with os.fdopen(descriptor, "wb") as handle:
            handle.write(data)
            handle.flush()
            os.fsync(handle.fileno())
        os.replace(temporary, path)
    except BaseException:
        with contextlib.suppress(FileNotFoundError):
            temporary.unlink()
        raise
    folder = os.open(path.parent, os.O_RDONLY)
    try:
        os.fsync(folder)
    finally:
        os.close(folder)


# Reading


def load_session(path: Path) -> Session:
    """Read a record; anything wrong with it is a RecordError naming the file."""
    try:
        text = path.read_text("utf-8")
    except (OSError, UnicodeDecodeError) as error:
        raise RecordError(f"{path}: cannot read the record ({error})") from error
    try:
        data = tomllib.loads(text)
    except tomllib.TOMLDecodeError as error:
        raise RecordError(f"{path}: not a session record: the file is damaged ({error})") from error
    try:
        return from_record(data)
    except RecordError as error:
        raise RecordError(f"{path}: {error}") from error


@dataclass(frozen=True)
class StoredSession:
    """A record found on disk: the session, or why it could not be read."""

    path: Path
    session: Session | None
    error: str | None = None


def list_sessions(folder: Path) -> list[StoredSession]:
    """Every record in the folder, newest first; unreadable ones carry their error."""
    if not folder.is_dir():
        return []
    found: list[StoredSession] = []
    for path in sorted(folder.glob("*.toml"), reverse=True):
        try:
            found.append(StoredSession(path, load_session(path)))
        except RecordError as error:
            found.append(StoredSession(path, None, str(error)))
    return found


class RecordLookupError(ValueError):
    """A SESSION argument that names no record, or more than one."""


def resolve_record(argument: str, folder: Path, stored: list[StoredSession] | None = None) -> Path:
    """A record named on the command line: a path, a file name in `folder`, or an id prefix."""
    if not argument.strip():
        raise RecordLookupError("an empty session name")
    given = Path(argument)
    if given.is_dir():
        raise RecordLookupError(f"{argument} is a folder; name a session record file or id")
    if given.is_file():
        return given
    if given.name == argument:
        for name in (argument, f"{argument}.toml"):
            if (folder / name).is_file():
                return folder / name
    records = list_sessions(folder) if stored is None else stored
    prefix = argument.lower()
    matches = [
        s
        for s in records
        if s.session is not None and s.session.info.session_id.lower().startswith(prefix)
    ]
    if len(matches) == 1:
        return matches[0].path
    if matches:
        names = ", ".join(m.path.name for m in matches)
        raise RecordLookupError(
            f"{argument} matches {len(matches)} sessions ({names}); give more of it"
        )
    unreadable = sum(s.session is None for s in records)
    hint = f"; {unreadable} record(s) there could not be read" if unreadable else ""
    raise RecordLookupError(
        f"no session {argument}: not a record file, and no session in {folder} has an id "
        f"starting with it (see `workshop sessions`){hint}"
    )


# The scenario as it was when a session started, kept beside the records so
# that a session can be resumed, and reported, even after the file changed.


def archived_scenario_path(folder: Path, sha256: str) -> Path:
    return folder / "scenarios" / f"{sha256}.toml"


def archive_scenario(folder: Path, sha256: str, data: bytes) -> Path:
    path = archived_scenario_path(folder, sha256)
    if not path.is_file():
        write_atomically(path, data)
    return path
