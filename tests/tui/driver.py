"""A facilitator at the keyboard: plays a whole session through the real app."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field

from textual.pilot import Pilot

from workshop.tui.app import WorkshopApp
from workshop.tui.screens.dialogs import ChoiceScreen, CountScreen
from workshop.tui.screens.session import SessionScreen


@dataclass
class Plan:
    """What the room does: votes per stage and round, notes, take-aways, tie-breaks."""

    votes: dict[tuple[str, int], list[tuple[str, int, int]]] = field(default_factory=dict)
    notes: dict[str, list[tuple[str, str]]] = field(default_factory=dict)
    takeaways: list[str] = field(default_factory=list)
    tie_break: int = 1
    overrides: dict[str, int] = field(default_factory=dict)


async def until(pilot: Pilot[None], happened: Callable[[], object], what: str) -> None:
    """Let the app run, no key pressed, until something has happened (a phone's vote drawn,
    a saved file previewed), or fail saying what never did: nothing here is timed."""
    for _ in range(500):
        if happened():
            return
        await pilot.pause(0.01)
    raise AssertionError(f"never happened: {what}")


async def library_ready(pilot: Pilot[None]) -> None:
    """The library reads its folders in a worker thread after the first frame."""
    await pilot.pause()
    await pilot.app.workers.wait_for_complete()
    await pilot.pause()


async def set_group(pilot: Pilot[None], screen: SessionScreen, group: str) -> None:
    for _ in range(4):
        if screen.group == group:
            return
        await pilot.press("g")
    raise AssertionError(f"group {group} never selected")


async def vote(pilot: Pilot[None], app: WorkshopApp, votes: list[tuple[str, int, int]]) -> None:
    screen = app.screen
    assert isinstance(screen, SessionScreen)
    for group, option, count in votes:
        await set_group(pilot, screen, group)
        if count <= 3:
            await pilot.press(*[str(option)] * count)
        else:
            await pilot.press("c")
            assert isinstance(app.screen, CountScreen)
            await pilot.press(*str(option), "enter", *str(count), "enter")
            await pilot.pause()


async def type_in(pilot: Pilot[None], text: str) -> None:
    await pilot.press("n")
    await pilot.press(*text, "enter")
    await pilot.pause()
    await pilot.press("escape")


async def play(pilot: Pilot[None], app: WorkshopApp, plan: Plan, limit: int = 200) -> None:
    """Step through to the summary, doing what the plan says at each step."""
    for _ in range(limit):
        await pilot.pause()
        if isinstance(app.screen, ChoiceScreen):
            await pilot.press(str(plan.tie_break))
            continue
        live = app.live
        assert live is not None
        session = live.session
        phase = session.position.phase
        visit = session.current_visit
        if phase == "summary":
            return
        if phase in ("vote", "revote") and visit is not None:
            number = 1 if phase == "vote" else 2
            planned = plan.votes.get((visit.stage_id, number), [])
            voting = session.current_round()
            if voting is not None and voting.open and planned and not voting.entries:
                await vote(pilot, app, planned)
        if phase == "consequence" and visit is not None and visit.stage_id in plan.overrides:
            wanted = plan.overrides[visit.stage_id]
            if visit.chosen != wanted:
                await pilot.press("o")  # the choice changes through a dialog, never a stray digit
                assert isinstance(app.screen, ChoiceScreen)
                await pilot.press(str(wanted))
        if phase == "notes" and visit is not None:
            for perspective, text in plan.notes.get(visit.stage_id, []):
                if any(n.text == text for n in visit.notes):
                    continue
                await choose_note_perspective(pilot, app, perspective)
                await type_in(pilot, text)
        if phase == "takeaways":
            for text in plan.takeaways:
                if text not in session.takeaways:
                    await type_in(pilot, text)
        await pilot.press("space")
    raise AssertionError("the session never reached the summary")


async def choose_note_perspective(pilot: Pilot[None], app: WorkshopApp, perspective: str) -> None:
    screen = app.screen
    assert isinstance(screen, SessionScreen)
    for _ in range(4):
        if screen.note_perspective == perspective:
            return
        await pilot.press("p")
    raise AssertionError(f"note perspective {perspective} never selected")
