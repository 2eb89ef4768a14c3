"""The branch map: every stage, where each of its options leads, and the end.

A stage that cannot be reached, or from which no path reaches the end, is
marked in words as well as colour, as the checker warns of it. Enter on a
stage shows it in the preview.
"""

from __future__ import annotations

from textual import on
from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Vertical
from textual.content import Content
from textual.screen import ModalScreen
from textual.widgets import Label, OptionList, Static
from textual.widgets.option_list import Option

from workshop.domain.scenario import Scenario
from workshop.domain.story_map import MapStage, branch_map


def map_lines(scenario: Scenario, stage: MapStage) -> str:
    """One stage of the map as text that fits 80 columns."""
    numbers = {s.id: n for n, s in enumerate(scenario.stages, 1)}
    lines = [f"{stage.number}. {stage.title}  ({stage.stage_id})"]
    if not stage.reachable:
        lines.append("   ✗ UNREACHABLE: no stage leads here")
    elif not stage.reaches_end:
        lines.append("   ✗ NEVER ENDS: every path from here loops back")
    for branch in stage.branches:
        target = (
            "the end of the story"
            if branch.target is None
            else f"{numbers[branch.target]}. {scenario.stage(branch.target).title}"
        )
        lines.append(f"   {branch.label} → {target}")
    return "\n".join(lines)


class BranchMapScreen(ModalScreen[str | None]):
    BINDINGS = [Binding("escape,m,q", "close", "Close the map")]

    def __init__(self, scenario: Scenario) -> None:
        super().__init__()
        self.scenario = scenario
        self.stages = branch_map(scenario)

    def compose(self) -> ComposeResult:
        problems = sum(not s.reachable or not s.reaches_end for s in self.stages)
        summary = (
            "Every stage can be reached and every path reaches the end."
            if not problems
            else f"{problems} stage{'s' if problems != 1 else ''} marked ✗ below: the checker "
            "warns of them."
        )
        with Vertical(id="branch-map", classes="dialog"):
            yield Label(f"Branch map: {self.scenario.title}", classes="dialog-title", markup=False)
            yield Static(summary, classes="hint", markup=False)
            yield OptionList(
                *(Option(self._prompt(stage), id=stage.stage_id) for stage in self.stages),
                id="map-stages",
                markup=False,
            )
            yield Static("↑ ↓ choose · Enter shows the stage · Esc closes", classes="hint")

    def on_mount(self) -> None:
        self.query_one(OptionList).focus()

    def _prompt(self, stage: MapStage) -> Content:
        """The stage's lines; a stage the checker warns of in the theme's error colour too."""
        text = map_lines(self.scenario, stage)
        warned = not stage.reachable or not stage.reaches_end
        return Content.styled(text, "$error bold") if warned else Content(text)

    @on(OptionList.OptionSelected)
    def chosen(self, event: OptionList.OptionSelected) -> None:
        self.dismiss(event.option.id)

    def action_close(self) -> None:
        self.dismiss(None)
