"""`workshop sessions`: the saved records as a table that fits the terminal.

Only reads: safe while a session is still running. An unreadable record is
named on stderr with what is wrong and skipped, and the summary says how many
were skipped.
"""

from __future__ import annotations

import shutil
import sys
import unicodedata
from pathlib import Path
from typing import TextIO

from workshop.storage.sessions import StoredSession, list_sessions

EXIT_OK, EXIT_UNREADABLE = 0, 1
LINE_WIDTH = 79  # fits an 80-column terminal, even one that wraps on the last column
GAP = "  "
HEADER = ("ID", "DATE", "SCENARIO", "COHORT", "STAGES", "STATUS")
SHRINKABLE = (2, 3)  # the scenario id and the cohort label are cut to fit; the rest never are
MIN_SHRUNK = 8  # a column is cut no narrower than this
RIGHT_ALIGNED = (4,)  # STAGES


def sessions_command(folder: Path, out: TextIO, err: TextIO | None = None) -> int:
    """Print a table of the saved sessions, newest first; 1 if any record could not be read.

    The table fits an 80-column terminal (or the terminal's own width, when
    `out` is a wider one): a long scenario id or cohort label is cut short
    with "…", and the folder is named once, below the table.
    """
    errors = err if err is not None else sys.stderr
    stored = list_sessions(folder)
    readable = [s for s in stored if s.session is not None]
    for broken in stored:
        if broken.session is None:
            print(f"workshop: skipped {printable(broken.error or str(broken.path))}", file=errors)
    if not readable:
        where = printable(str(folder))
        if stored:
            records = f"{len(stored)} record{'s' if len(stored) != 1 else ''}"
            print(
                f"No readable sessions in {where}: {records} could not be read "
                "(each is named above with what is wrong).",
                file=out,
            )
            return EXIT_UNREADABLE
        print(f"No saved sessions in {where}.", file=out)
        return EXIT_OK
    rows = [HEADER, *[_row(s) for s in readable]]
    natural = [max(_width(row[i]) for row in rows) for i in range(len(HEADER))]
    widths = _fit(natural, _line_width(out))
    for row in rows:
        cells = [
            _pad(_short(cell, width), width, right=i in RIGHT_ALIGNED)
            for i, (cell, width) in enumerate(zip(row, widths, strict=True))
        ]
        print(GAP.join(cells).rstrip(), file=out)
    count = len(readable)
    skipped = len(stored) - count
    also = f" ({skipped} more could not be read: named above)" if skipped else ""
    print(
        f"\n{count} session{'s' if count != 1 else ''}{also}. "
        f"Records are in {printable(str(folder))}",
        "Export one with: workshop report ID [--format md|html|csv] [-o FILE]",
        sep="\n",
        file=out,
    )
    return EXIT_UNREADABLE if len(readable) < len(stored) else EXIT_OK


def _line_width(out: TextIO) -> int:
    """LINE_WIDTH, or one less than the terminal's width when `out` is a wider terminal."""
    try:
        if out.isatty():
            return max(LINE_WIDTH, shutil.get_terminal_size().columns - 1)
    except (AttributeError, ValueError, OSError):
        pass
    return LINE_WIDTH


def _fit(widths: list[int], line_width: int) -> list[int]:
    """Column widths that fit `line_width`, narrowing the widest cut-able column first."""
    fitted = list(widths)
    over = sum(fitted) + len(GAP) * (len(fitted) - 1) - line_width
    while over > 0:
        widest = max(SHRINKABLE, key=lambda i: fitted[i])
        if fitted[widest] <= MIN_SHRUNK:
            break
        fitted[widest] -= 1
        over -= 1
    return fitted


def _row(stored: StoredSession) -> tuple[str, ...]:
    session = stored.session
    assert session is not None
    info = session.info
    return (
        printable(info.short_id),
        f"{info.started:%Y-%m-%d %H:%M}",
        printable(info.scenario_id),
        printable(" ".join(info.cohort.split()) or "-"),
        str(len(session.visits)),
        "finished" if session.finished else "unfinished",
    )


def printable(text: str) -> str:
    """Text from a file, safe to print to a terminal: no control characters or escapes."""
    return "".join(ch if ch.isprintable() else "?" for ch in text)


def _char_width(ch: str) -> int:
    """Columns a character takes in a terminal: 2 for wide East Asian, 0 for combining."""
    if unicodedata.combining(ch):
        return 0
    return 2 if unicodedata.east_asian_width(ch) in ("W", "F") else 1


def _width(text: str) -> int:
    return sum(_char_width(ch) for ch in text)


def _short(text: str, width: int) -> str:
    """The text cut to `width` terminal columns, ending in "…" when it was cut."""
    if _width(text) <= width:
        return text
    kept: list[str] = []
    used = 0
    for ch in text:
        if used + _char_width(ch) > width - 1:
            break
        kept.append(ch)
        used += _char_width(ch)
    return "".join(kept).rstrip() + "…"


def _pad(text: str, width: int, *, right: bool = False) -> str:
    space = " " * max(0, width - _width(text))
    return space + text if right else text + space
