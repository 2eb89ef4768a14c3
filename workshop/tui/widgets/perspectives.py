"""The perspectives of a stage side by side, in the order the stage asks for."""

from __future__ import annotations

from textual.app import ComposeResult
from textual.containers import Horizontal, VerticalScroll
from textual.widgets import Label, Static

from workshop.domain.scenario import PERSPECTIVE_LABELS, Scenario, Stage
from workshop.tui.themes import GROUP_MARKS
from workshop.tui.widgets.text import TextBlock


class PerspectiveColumns(Horizontal):
    """One scrolling column per perspective: lived experience leads unless the stage says not."""

    def __init__(self, scenario: Scenario, stage: Stage) -> None:
        super().__init__(classes="perspectives")
        self.scenario = scenario
        self.stage = stage

    def compose(self) -> ComposeResult:
        for perspective in self.stage.perspectives_in_reveal_order():
            kind = perspective.perspective
            author = self.scenario.author(perspective.author)
            heading = f"{GROUP_MARKS[kind]} {PERSPECTIVE_LABELS[kind].upper()}"
            with VerticalScroll(classes=f"perspective group-{kind}"):
                yield Label(heading, classes="perspective-heading", markup=False)
                byline = " · ".join(
                    part
                    for part in (
                        perspective.voice,
                        f"written by {author.name}" if author else None,
                    )
                    if part
                )
                if byline:
                    yield Static(byline, classes="byline", markup=False)
                yield TextBlock(perspective.text)
