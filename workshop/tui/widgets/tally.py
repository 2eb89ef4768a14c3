"""Vote results as bars, one per perspective group, side by side under each option.

Groups too small to show on their own are only in the total. The option(s)
where the groups differ most are marked in words, not just colour.
"""

from __future__ import annotations

from textual.app import ComposeResult
from textual.containers import Vertical
from textual.widgets import Label, Static

from workshop.domain.tally import GROUP_LABELS, Tally, folded_sentence, movement
from workshop.tui.themes import GROUP_PATTERNS

BAR_WIDTH = 30


def bar(share: float, pattern: str, width: int = BAR_WIDTH) -> str:
    filled = round(share * width)
    return pattern * filled + "·" * (width - filled)


def percent(count: int, total: int) -> str:
    return f"{round(100 * count / total)}%" if total else "–"


class TallyBars(Vertical):
    """The closed vote: per option, a bar for each shown group and the total."""

    def __init__(
        self,
        tally: Tally,
        option_texts: tuple[str, ...],
        min_group: int,
        before: Tally | None = None,
        chosen: int | None = None,
        bar_width: int = BAR_WIDTH,
    ) -> None:
        super().__init__(classes="tally")
        self.tally = tally
        self.option_texts = option_texts
        self.min_group = min_group
        self.before = before
        self.chosen = chosen
        self.bar_width = bar_width

    def compose(self) -> ComposeResult:
        tally = self.tally
        shown = tally.shown_groups(self.min_group)
        divergent = tally.most_divergent(self.min_group)
        moved = movement(self.before, tally) if self.before else {}
        legend = "   ".join(f"{GROUP_PATTERNS[g]} {GROUP_LABELS[g]}" for g in shown)
        folded = tally.folded_voters(self.min_group)
        summary = f"{tally.total} votes"
        if folded:
            summary += f" · {folded_sentence(folded)}"
        if self.before is not None:
            summary += " · (+n) and (−n): change since the first vote"
        yield Static(summary, classes="tally-summary", markup=False)
        if legend:
            yield Label(legend, classes="tally-legend", markup=False)
        for number, text in enumerate(self.option_texts, 1):
            marks = []
            if number in divergent:
                marks.append("◆ groups differ most here")
            if number == self.chosen:
                marks.append("► the group's choice")
            title = f"{number}. {text}" + (f"   [{' · '.join(marks)}]" if marks else "")
            with Vertical(classes="tally-option" + (" divergent" if number in divergent else "")):
                yield Static(title, classes="tally-option-title", markup=False)
                for group in shown:
                    count = tally.count(number, group)
                    share = tally.share(number, group)
                    line = (
                        f"  {GROUP_LABELS[group]:<17} "
                        f"{bar(share, GROUP_PATTERNS[group], self.bar_width)} "
                        f"{count:>3}  {percent(count, tally.group_total(group)):>4}"
                    )
                    yield Static(line, classes=f"bar group-{group}", markup=False)
                total = tally.count(number)
                change = ""
                if number in moved:
                    delta = moved[number]
                    change = f"  ({'+' if delta > 0 else '−' if delta < 0 else '±'}{abs(delta)})"
                share = total / tally.total if tally.total else 0.0
                yield Static(
                    f"  {'All votes':<17} {bar(share, '█', self.bar_width)} {total:>3}  "
                    f"{percent(total, tally.total):>4}{change}",
                    classes="bar bar-total",
                    markup=False,
                )
