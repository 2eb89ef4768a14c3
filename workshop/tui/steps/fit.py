"""Whether a stage's words fit the projected screen without scrolling, and by how much not.

Worked out from the same blocks and the same wrapping the steps draw, for a
terminal of a given size: the lines each step needs against the rows it
has. An author sees it while writing (the preview), before a room does.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass, replace

from workshop.domain.scenario import Scenario, Stage
from workshop.domain.session import Phase, Session, Visit
from workshop.tui.steps.reading import consequence, narrative
from workshop.tui.steps.talk import discussion_blocks, perspective_blocks
from workshop.tui.steps.view import View
from workshop.tui.widgets.blocks import Block
from workshop.tui.widgets.text import wrap

READING_WIDTH = 116  # .reading max-width, padding included
SCROLLBAR = 2
EXTRA_LINES = {
    "prompt": 2,
    "section": 1,
    "hint": 1,
    "big-title": 1,
    "byline": 1,
    "perspective-heading": 1,
    "chosen-how": 1,
}
"""Blank lines the stylesheet puts around blocks of these classes."""


@dataclass(frozen=True)
class Overflow:
    phase: Phase
    lines: int  # how many lines more than the screen has
    what: str  # which text, in words


def rows_needed(blocks: Sequence[Block], width: int) -> int:
    total = 0
    for each in blocks:
        total += len(wrap(each.lines, width))
        total += max((EXTRA_LINES.get(c, 0) for c in each.classes.split()), default=0)
    return total


def body_rows(height: int, width: int) -> int:
    """Rows for a step: the terminal less the header and the key bar (two lines when narrow)."""
    return height - 1 - (2 if width < 100 else 1)


def overflows(
    scenario: Scenario, session: Session, stage: Stage, size: tuple[int, int]
) -> list[Overflow]:
    """Every step of the stage whose words need more rows than `size` gives them."""
    width, height = size
    view = _view(scenario, session, stage, width, height)
    rows = body_rows(height, width)
    reading = min(width - 2, READING_WIDTH) - 4
    found: list[Overflow] = []

    def check(phase: Phase, blocks: Sequence[Block], text_width: int, room: int, what: str) -> None:
        over = rows_needed(blocks, text_width) - room
        if over > 0:  # then a scrollbar takes two columns, and the text wraps a little more
            over = rows_needed(blocks, text_width - SCROLLBAR) - room
            found.append(Overflow(phase, over, what))

    check("narrative", narrative(view), reading, rows - 2, "the story")
    columns = stage.perspectives_in_reveal_order()
    column_width = (width - 2 - len(columns)) // max(1, len(columns)) - 4
    for perspective in columns:
        what = f"the {perspective.perspective.replace('_', '-')} perspective"
        check("perspectives", perspective_blocks(view, perspective), column_width, rows - 2, what)
    if stage.question is not None:
        for number in range(1, len(stage.question.options) + 1):
            chosen = _choosing(view, number)
            check(
                "consequence",
                consequence(chosen),
                reading,
                rows - 2,
                f"option {number}'s consequence",
            )
    discussion_width = (reading * 3) // 5 if stage.minutes else reading
    check(
        "discussion", discussion_blocks(view), discussion_width, rows - 2, "the discussion prompts"
    )
    return found


def _view(scenario: Scenario, session: Session, stage: Stage, width: int, height: int) -> View:
    """A view of `stage` alone, as if a session were on it."""
    from workshop.domain.session import Position
    from workshop.storage.config import Config

    on_stage = replace(session, visits=(Visit(stage.id),), position=Position("narrative", 0))
    return View(scenario, on_stage, Config(), None, lambda: 0.0, width=width, height=height)


def _choosing(view: View, option: int) -> View:
    visit = replace(view.session.visits[0], chosen=option, chosen_by="majority")
    return replace(view, session=replace(view.session, visits=(visit,)))
