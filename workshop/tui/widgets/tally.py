"""A closed vote as bars: per option, a bar for each group shown and one for all votes.

Groups too small to show on their own are only in the total. The option(s)
where the groups differ most are marked in words, not just colour; every bar
has its group's name and its own pattern, the total's included.
"""

from __future__ import annotations

from workshop.domain.tally import GROUP_LABELS, Tally, folded_sentence, movement
from workshop.palette import BAR_PATTERNS
from workshop.tui.widgets.blocks import Block, block
from workshop.words import ALL_VOTES_LABEL, percent

BAR_WIDTH = 30
LABEL_WIDTH = 17


def bar(share: float, pattern: str, width: int = BAR_WIDTH) -> str:
    filled = round(share * width)
    return pattern * filled + "·" * (width - filled)


def bar_width_for(terminal_width: int) -> int:
    """Bars use the width of the terminal, less the labels and figures beside them."""
    return max(12, min(120, terminal_width - 2 * LABEL_WIDTH - 14))


def tally_blocks(
    tally: Tally,
    option_texts: tuple[str, ...],
    min_group: int,
    *,
    before: Tally | None = None,
    chosen: int | None = None,
    bar_width: int = BAR_WIDTH,
) -> tuple[Block, ...]:
    shown = tally.shown_groups(min_group)
    divergent = tally.most_divergent(min_group)
    moved = movement(before, tally) if before else {}
    summary = f"{tally.total} votes"
    folded = tally.folded_voters(min_group)
    if folded:
        summary += f" · {folded_sentence(folded)}"
    if before is not None:
        summary += " · (+n) and (−n): change since the first vote"
    blocks = [block(summary, "tally-summary")]
    if shown:
        legend = [f"{BAR_PATTERNS[g]} {GROUP_LABELS[g]}" for g in shown]
        legend.append(f"{BAR_PATTERNS['all']} {ALL_VOTES_LABEL}")
        blocks.append(block("   ".join(legend), "tally-legend"))
    for number, text in enumerate(option_texts, 1):
        marks = []
        if number in divergent:
            marks.append("◆ groups differ most here")
        if number == chosen:
            marks.append("► the group's choice")
        title = text + (f"   [{' · '.join(marks)}]" if marks else "")
        classes = "tally-option-title" + (" divergent" if number in divergent else "")
        blocks.append(Block(((f"{number}. ", title),), classes))
        for group in shown:
            count = tally.count(number, group)
            line = (
                f"  {GROUP_LABELS[group]:<{LABEL_WIDTH}} "
                f"{bar(tally.share(number, group), BAR_PATTERNS[group], bar_width)} "
                f"{count:>3}  {percent(count, tally.group_total(group)):>4}"
            )
            blocks.append(block(line, f"bar group-{group}"))
        total = tally.count(number)
        change = ""
        if number in moved:
            delta = moved[number]
            change = f"  ({'+' if delta > 0 else '−' if delta < 0 else '±'}{abs(delta)})"
        share = total / tally.total if tally.total else 0.0
        blocks.append(
            block(
                f"  {ALL_VOTES_LABEL:<{LABEL_WIDTH}} {bar(share, BAR_PATTERNS['all'], bar_width)} "
                f"{total:>3}  {percent(total, tally.total):>4}{change}",
                "bar bar-total",
            )
        )
    return tuple(blocks)
