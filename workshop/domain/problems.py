"""Problems found in a file: what is wrong, where, and how bad.

A key path is a tuple of names and 0-based indexes, as the code sees it; it
is shown to people the way the format document writes it, with indexes from 1
(`stages[2].perspectives`).
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Literal

Severity = Literal["error", "warning"]
KeyPath = tuple[str | int, ...]


def format_key_path(path: KeyPath) -> str:
    """`("stages", 1, "question")` -> `stages[2].question`; the empty path is the file itself."""
    text = ""
    for part in path:
        if isinstance(part, int):
            text += f"[{part + 1}]"
        else:
            text += f".{part}" if text else part
    return text or "(file)"


@dataclass(frozen=True)
class Problem:
    severity: Severity
    path: KeyPath
    message: str

    @property
    def is_error(self) -> bool:
        return self.severity == "error"


def plural(count: int, noun: str, plural_noun: str | None = None) -> str:
    """`1 vote`, `2 votes`; `1 entry`, `2 entries` with the plural given."""
    return f"{count} {noun}" if count == 1 else f"{count} {plural_noun or noun + 's'}"
