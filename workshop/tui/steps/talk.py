"""The perspectives side by side, and the discussion with its prompts and timer."""

from __future__ import annotations

from textual.app import ComposeResult
from textual.containers import Horizontal, Vertical

from workshop.domain.scenario import PERSPECTIVE_LABELS, Perspective
from workshop.palette import MARKS
from workshop.tui.steps.view import ShownInPlace, View
from workshop.tui.widgets.blocks import Block, Blocks, block
from workshop.tui.widgets.text import Prose, bullets, prose
from workshop.tui.widgets.timer import DiscussionTimer, TimerState


def perspective_blocks(view: View, perspective: Perspective) -> tuple[Block, ...]:
    kind = perspective.perspective
    author = view.scenario.author(perspective.author)
    blocks = [block(f"{MARKS[kind]} {PERSPECTIVE_LABELS[kind].upper()}", "perspective-heading")]
    byline = " · ".join(
        part
        for part in (perspective.voice, f"written by {author.name}" if author else None)
        if part
    )
    if byline:
        blocks.append(block(byline, "byline"))
    blocks.append(Block(prose(perspective.text)))
    return tuple(blocks)


class PerspectivesStep(ShownInPlace, Horizontal):
    """One column per perspective, in the stage's reveal order, as tall as its text."""

    def __init__(self, view: View) -> None:
        super().__init__(classes="perspectives")
        self.view = view

    def _columns(self, view: View) -> list[tuple[str, tuple[Block, ...]]]:
        return [
            (p.perspective, perspective_blocks(view, p))
            for p in view.stage.perspectives_in_reveal_order()
        ]

    def compose(self) -> ComposeResult:
        for kind, blocks in self._columns(self.view):
            yield Blocks(blocks, classes=f"perspective group-{kind}")

    def update_view(self, view: View) -> None:
        columns = self._columns(view)
        shown = list(self.query_children(Blocks))
        if [kind for kind, _ in columns] == [self._kind(c) for c in shown]:
            for widget, (_, blocks) in zip(shown, columns, strict=True):
                widget.show(blocks)
        else:
            self.remove_children()
            self.mount_all(Blocks(b, classes=f"perspective group-{k}") for k, b in columns)

    @staticmethod
    def _kind(column: Blocks) -> str:
        return next(c.removeprefix("group-") for c in column.classes if c.startswith("group-"))


def timer_label(paused: bool) -> str:
    return "PAUSED · T resumes" if paused else "Running · T pauses"


def discussion_blocks(view: View) -> tuple[Block, ...]:
    prompts = view.stage.discussion or ("What stood out for you?",)
    return (block("Talk it through", "section"), Block(bullets(prompts)))


class DiscussionStep(ShownInPlace, Horizontal):
    def __init__(self, view: View) -> None:
        super().__init__(classes="discussion")
        self.view = view

    def compose(self) -> ComposeResult:
        view = self.view
        yield Blocks(discussion_blocks(view), classes="reading")
        minutes = view.stage.minutes
        if minutes:
            timer = view.timer or TimerState(minutes * 60.0)
            with Vertical(classes="timer-panel"):
                yield Prose((("", f"{minutes} minutes planned"),), classes="count-label")
                said = "Counts down in a session" if view.preview else timer_label(timer.paused)
                yield Prose((("", said),), id="timer-label", classes="count-label")
                yield DiscussionTimer(timer, view.clock, id="timer")

    def update_view(self, view: View) -> None:
        if bool(view.stage.minutes) != bool(self.query(DiscussionTimer)):
            self.refresh(recompose=True)  # a preview's edited file planned the time, or not
            return
        self.query_one(Blocks).show(discussion_blocks(view))
        for timer in self.query(DiscussionTimer):
            if not view.preview:
                self.query_one("#timer-label", Prose).show((("", timer_label(timer.paused)),))
