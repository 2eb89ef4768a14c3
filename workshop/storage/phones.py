"""The phones file: what phone voting needs to survive a crash, and nothing more.

Beside the session record, readable by its owner only, while a phones
session runs: the join code and the address phones joined, the secret that
turns a phone's token into its per-round ballot key, and each joined phone's
token with the perspective it chose. No IP address, no browser, no vote. It
is deleted when the session finishes, so that no token is left anywhere.
"""

from __future__ import annotations

import contextlib
import json
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from workshop.storage.sessions import write_atomically

PHONES_FORMAT = 1


class PhonesFileError(Exception):
    """The phones file is damaged; the message says which file."""


@dataclass
class PhonesState:
    code: str
    host: str
    port: int
    secret: str
    show_results: bool = False
    phones: dict[str, str] = field(default_factory=dict)
    """token -> perspective group chosen on the phone."""


def phones_path(record: Path) -> Path:
    return record.with_name(f".{record.stem}.phones.json")


def save_phones(state: PhonesState, path: Path) -> None:
    data = {
        "phones_format": PHONES_FORMAT,
        "code": state.code,
        "host": state.host,
        "port": state.port,
        "secret": state.secret,
        "show_results": state.show_results,
        "phones": state.phones,
    }
    write_atomically(path, json.dumps(data, sort_keys=True).encode("utf-8"))


def load_phones(path: Path) -> PhonesState | None:
    """The phones of an interrupted session; None when it had none."""
    try:
        text = path.read_text("utf-8")
    except FileNotFoundError:
        return None
    except (OSError, UnicodeDecodeError) as error:
        raise PhonesFileError(f"{path}: cannot read the phones file ({error})") from error
    try:
        data: Any = json.loads(text)
        phones = data["phones"]
        if data.get("phones_format") != PHONES_FORMAT or not isinstance(phones, dict):
            raise ValueError("not a phones file of this version")
        return PhonesState(
            code=str(data["code"]),
            host=str(data["host"]),
            port=int(data["port"]),
            secret=str(data["secret"]),
            show_results=bool(data.get("show_results", False)),
            phones={str(k): str(v) for k, v in phones.items()},
        )
    except (ValueError, KeyError, TypeError) as error:
        raise PhonesFileError(f"{path}: the phones file is damaged ({error})") from error


def delete_phones(path: Path) -> None:
    with contextlib.suppress(FileNotFoundError):
        path.unlink()
