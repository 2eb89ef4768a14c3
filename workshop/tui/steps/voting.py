"""The vote and its results: while a vote is open only the number of votes in is shown.

The running split never reaches the projector: the vote step shows the
question, the options and one figure, how many votes are in (and, with
phones, how many phones have joined). The split appears on the results step,
once the vote is closed.
"""

from __future__ import annotations

from textual.app import ComposeResult
from textual.containers import Horizontal, Vertical
from textual.widgets import Static

from workshop.domain.tally import GROUP_LABELS
from workshop.palette import BAR_PATTERNS, MARKS
from workshop.tui.steps.view import ShownInPlace, View
from workshop.tui.widgets.blocks import Block, Blocks, block
from workshop.tui.widgets.figures import BigFigure
from workshop.tui.widgets.tally import bar_width_for, tally_blocks
from workshop.tui.widgets.text import Prose, bullets, numbered, update_if_changed
from workshop.words import plural

KEYPAD_KEYS = ("1-9 vote", "G group", "U undo", "C count", "B blank screen")
DISCLOSURE = "Saying your group is your choice: not saying is always fine."


def _options(view: View) -> tuple[str, ...]:
    question = view.stage.question
    return tuple(o.text for o in question.options) if question else ()


def vote_blocks(view: View) -> tuple[Block, ...]:
    stage = view.stage
    assert stage.question is not None
    voting = view.session.current_round()
    is_open = bool(voting and voting.open)
    if is_open:
        status = "Voting is open: the split stays hidden until the vote is closed."
    elif voting is None:  # stepped back to a vote the group skipped past
        status = "This vote was never opened. Press R to open it."
    else:
        status = "This vote is closed. Press R to reopen it."
    return (
        block(stage.question.prompt, "prompt"),
        Block(numbered(_options(view)), "options"),
        block(status, "hint"),
    )


def group_label(group: str) -> str:
    """The group the keypad counts for: its mark, its name and its pattern, never colour alone."""
    return f"{MARKS[group]} {GROUP_LABELS[group].upper()} {BAR_PATTERNS[group] * 3}"


class VoteStep(ShownInPlace, Horizontal):
    def __init__(self, view: View) -> None:
        super().__init__(classes="vote")
        self.view = view

    def compose(self) -> ComposeResult:
        view = self.view
        yield Blocks(vote_blocks(view), classes="reading vote-question")
        with Vertical(classes="vote-panel"):
            yield Static("Votes in", classes="count-label")
            yield BigFigure(self._votes_in(view), id="votes-in", classes="count")
            yield Static(self._phones_line(view), id="phones-joined", classes="count-label")
            with Vertical(id="keypad"):
                yield Static("Voting for", classes="count-label")
                yield Static(group_label(view.group), id="current-group", markup=False)
                yield Prose((("", DISCLOSURE),), classes="hint")
                yield Prose(bullets(KEYPAD_KEYS, "· "), classes="hint keypad-keys")

    def update_view(self, view: View) -> None:
        self.query_one(Blocks).show(vote_blocks(view))
        self.query_one("#votes-in", BigFigure).value = self._votes_in(view)
        update_if_changed(self.query_one("#phones-joined", Static), self._phones_line(view))
        self._show_panel(view)

    def _show_panel(self, view: View) -> None:
        voting = view.session.current_round()
        keypad = self.query_one("#keypad")
        keypad.display = bool(voting and voting.open)
        current = self.query_one("#current-group", Static)
        update_if_changed(current, group_label(view.group))
        current.set_classes(f"current-group group-{view.group}")
        self.query_one("#phones-joined").display = view.phones is not None

    @staticmethod
    def _votes_in(view: View) -> str:
        voting = view.session.current_round()
        return str(voting.votes_in if voting else 0)

    @staticmethod
    def _phones_line(view: View) -> str:
        if view.phones is None:
            return ""
        voting = view.session.current_round()
        from_phones = voting.votes_from("phones") if voting else 0
        return (
            f"{plural(view.phones.joined, 'phone')} joined · "
            f"{plural(from_phones, 'vote')} from phones"
        )


def results_blocks(view: View) -> tuple[Block, ...]:
    stage, visit = view.stage, view.session.current_visit
    assert stage.question is not None
    assert visit is not None
    first = visit.round(1)
    revote = view.phase == "revote_results"
    now = view.session.current_round() if revote else first
    options = len(stage.question.options)
    prompt = block(stage.question.prompt, "prompt")
    if now is None or not now.votes_in:
        what = "re-vote" if revote else "vote"
        said = (
            "In a session the split by perspective group appears here once the vote closes."
            if view.preview
            else f"No votes were entered in this {what}. Press ← to go back and reopen it "
            "(R), or carry on."
        )
        return (prompt, block(said, "hint"))
    before = first.tally(options) if revote and first is not None and first.votes_in else None
    hint: list[Block] = []
    leaders = now.tally(options).leaders()
    if revote and visit.chosen and leaders and visit.chosen not in leaders:
        hint.append(
            block(
                f"Most votes in the re-vote went to {', '.join(map(str, leaders))}; the group "
                f"went with {visit.chosen} earlier. Press O to change the group's choice.",
                "hint",
            )
        )
    bars = tally_blocks(
        now.tally(options),
        _options(view),
        view.session.info.min_group,
        before=before,
        chosen=visit.chosen,
        bar_width=bar_width_for(view.width),
    )
    return (prompt, *bars, *hint)


class ResultsStep(Blocks):
    def __init__(self, view: View) -> None:
        super().__init__(results_blocks(view), classes="reading results")

    def show_view(self, view: View) -> None:
        self.show(results_blocks(view))
