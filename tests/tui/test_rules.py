"""The rules a projected session must never break, one test each."""

from __future__ import annotations

from dataclasses import replace
from pathlib import Path

import pytest
from textual.color import Color
from textual.css.stylesheet import Stylesheet
from textual.geometry import Region
from textual.pilot import Pilot
from textual.widget import Widget
from textual.widgets import OptionList

from tests.conftest import DATA, STORIES
from tests.tui.conftest import AppFactory
from tests.tui.driver import library_ready
from workshop.domain.transitions import ChoiceNeeded, next_step
from workshop.tui.app import WorkshopApp
from workshop.tui.screens.help import HelpScreen
from workshop.tui.screens.library import LibraryScreen
from workshop.tui.screens.session import SessionScreen
from workshop.tui.screens.support import SupportScreen
from workshop.tui.themes import THEMES
from workshop.tui.widgets.figures import BigFigure
from workshop.tui.widgets.text import Prose
from workshop.tui.widgets.timer import DiscussionTimer

MINIMAL = DATA / "valid/minimal.toml"


async def start(pilot: Pilot[None]) -> None:
    await pilot.pause()
    await pilot.press("ctrl+s")
    await pilot.pause()


async def go_to(pilot: Pilot[None], app: WorkshopApp, phase: str) -> None:
    for _ in range(40):
        assert app.live is not None
        if app.live.session.position.phase == phase:
            return
        await pilot.press("space")
    raise AssertionError(f"never reached {phase}")


async def to_first_notes(pilot: Pilot[None], app: WorkshopApp) -> None:
    """Start the session, give the first vote one vote, and go on to that stage's Notes."""
    await start(pilot)
    await go_to(pilot, app, "vote")
    await pilot.press("1")
    await go_to(pilot, app, "notes")


def screen_text(app: WorkshopApp) -> str:
    """Every text on the screen on top, as drawn (hidden widgets left out)."""
    return "\n".join(
        w.text if isinstance(w, Prose) else str(w.render())
        for w in app.screen.query("Static, Prose")
        if w.display and all(a.display for a in w.ancestors_with_self if hasattr(a, "display"))
    )


async def test_while_the_vote_is_open_only_the_count_shows(make_app: AppFactory) -> None:
    app = make_app(run_file=MINIMAL)
    async with app.run_test(size=(80, 24)) as pilot:
        await start(pilot)
        await go_to(pilot, app, "vote")
        await pilot.press("1", "1", "g", "2")
        assert app.screen.query_one("#votes-in", BigFigure).value == "3"
        assert not app.screen.query(".bar")
        assert "%" not in screen_text(app)
        await pilot.press("space")
        assert app.screen.query(".bar")


async def test_a_group_under_three_voters_has_no_bar_of_its_own(make_app: AppFactory) -> None:
    app = make_app(run_file=STORIES / "sam-crisis-to-safety-plan.toml")
    async with app.run_test(size=(80, 24)) as pilot:
        await start(pilot)
        await go_to(pilot, app, "vote")
        screen = app.screen
        assert isinstance(screen, SessionScreen)
        votes = {
            "lived_experience": "1112",
            "professional": "2221",
            "carer": "1",
            "not_given": "22",
        }
        for group, keys in votes.items():
            while screen.group != group:
                await pilot.press("g")
            await pilot.press(*keys)
        await pilot.press("space")
        assert app.screen.query(".bar.group-lived_experience")
        assert app.screen.query(".bar.group-professional")
        assert not app.screen.query(".bar.group-carer")
        assert not app.screen.query(".bar.group-not_given")
        assert "3 votes are counted only in the total" in screen_text(app)


async def test_undo_removes_the_last_vote_only(make_app: AppFactory) -> None:
    app = make_app(run_file=MINIMAL)
    async with app.run_test(size=(80, 24)) as pilot:
        await start(pilot)
        await go_to(pilot, app, "vote")
        await pilot.press("1", "2", "2", "u")
        assert app.live is not None
        voting = app.live.session.current_round()
        assert voting is not None
        assert [(e.option, e.votes) for e in voting.entries] == [(1, 1), (2, 1)]
        assert app.screen.query_one("#votes-in", BigFigure).value == "2"


async def test_a_show_of_cards_adds_a_count_at_once(make_app: AppFactory) -> None:
    app = make_app(run_file=MINIMAL)
    async with app.run_test(size=(80, 24)) as pilot:
        await start(pilot)
        await go_to(pilot, app, "vote")
        await pilot.press("c", "2", "enter", "1", "2", "enter")
        await pilot.pause()
        assert app.live is not None
        voting = app.live.session.current_round()
        assert voting is not None
        assert voting.tally(2).count(2, "not_given") == 12


async def test_facilitator_notes_are_hidden_until_asked_for(make_app: AppFactory) -> None:
    app = make_app(run_file=STORIES / "sam-crisis-to-safety-plan.toml")
    async with app.run_test(size=(80, 24)) as pilot:
        await start(pilot)
        await go_to(pilot, app, "narrative")
        panel = app.screen.query_one("#facilitator-notes")
        assert not panel.display
        await pilot.press("f")
        assert panel.display
        assert app.live is not None
        stage = app.live.scenario.stage("sunday-night")
        assert stage.facilitator_notes is not None
        assert stage.facilitator_notes.split()[0] in screen_text(app)
        await pilot.press("space", "f")
        assert not panel.display


async def test_support_is_one_key_away_at_every_step(make_app: AppFactory) -> None:
    app = make_app(run_file=MINIMAL)
    seen: set[str] = set()
    async with app.run_test(size=(80, 24)) as pilot:
        await start(pilot)
        assert app.live is not None
        while app.live.session.position.phase != "summary":
            await pilot.press("s")
            assert isinstance(app.screen, SupportScreen), app.live.session.position
            assert "116 123" in screen_text(app)
            await pilot.press("escape")
            assert isinstance(app.screen, SessionScreen)
            seen.add(app.live.session.position.phase)
            step = next_step(app.live.scenario, app.live.session, 0)
            await pilot.press("space")
            if isinstance(step, ChoiceNeeded):
                await pilot.press("1")
    assert {"welcome", "content_note", "vote", "results", "notes", "support"} <= seen


async def test_support_and_help_from_the_library(make_app: AppFactory) -> None:
    app = make_app()
    async with app.run_test(size=(80, 24)) as pilot:
        await library_ready(pilot)
        assert isinstance(app.screen, LibraryScreen)
        await pilot.press("f2")
        assert isinstance(app.screen, SupportScreen)
        await pilot.press("escape", "f1")
        assert isinstance(app.screen, HelpScreen)


async def test_help_lists_every_key_of_the_session_with_what_it_does(
    make_app: AppFactory,
) -> None:
    from textual.binding import Binding

    from workshop.tui.screens.help import format_key
    from workshop.tui.screens.session_help import HELP_TEXT
    from workshop.tui.screens.session_keys import SessionKeys

    app = make_app(run_file=MINIMAL)
    async with app.run_test(size=(80, 24)) as pilot:
        await start(pilot)
        await pilot.press("question_mark")
        assert isinstance(app.screen, HelpScreen)
        text = " ".join(screen_text(app).split())
        shown = [b for b in SessionKeys.BINDINGS if isinstance(b, Binding) and b.show]
        assert len(shown) >= 15
        for binding in shown:
            explained = HELP_TEXT[binding.description]
            assert f"{format_key(binding.key)} {explained}" in text, binding.key
        for words in ("1-9", "Ctrl+T", "Ctrl+P"):
            assert words in text


async def test_a_broken_scenario_is_listed_with_its_problem_not_a_crash(
    make_app: AppFactory, tmp_path: Path
) -> None:
    folder = tmp_path / "mine"
    folder.mkdir()
    (folder / "broken.toml").write_text('format = 1\ntitle = "Unfinished\n')
    app = make_app(STORIES, folder)
    async with app.run_test(size=(80, 24)) as pilot:
        await library_ready(pilot)
        assert isinstance(app.screen, LibraryScreen)
        text = screen_text(app)
        assert "broken.toml:2:" in text
        assert "not valid TOML" in text
        assert app.screen.query_one("#scenarios").row_count == 3  # type: ignore[attr-defined]


async def test_quitting_leaves_the_record_saved(make_app: AppFactory) -> None:
    app = make_app(run_file=MINIMAL)
    async with app.run_test(size=(80, 24)) as pilot:
        await start(pilot)
        await go_to(pilot, app, "vote")
        await pilot.press("2", "q")
        assert app.live is not None
        record = app.live.record
    from workshop.storage.sessions import load_session

    saved = load_session(record)
    assert saved.position.phase == "vote"
    assert saved.visits[0].rounds[0].votes_in == 1


async def test_any_theme_from_the_palette_keeps_the_perspective_colours(
    make_app: AppFactory,
) -> None:
    app = make_app(run_file=MINIMAL)
    async with app.run_test(size=(80, 24)) as pilot:
        await start(pilot)
        await go_to(pilot, app, "vote")
        await pilot.press("1", "1", "1", "space")
        app.theme = "nord"  # a Textual theme that knows nothing of perspective groups
        await pilot.pause()
        assert app.screen.query(".bar")
        assert app.get_css_variables()["group-lived-experience"]


async def test_the_app_opens_in_its_own_dark_theme_and_ctrl_t_cycles_the_three(
    make_app: AppFactory, monkeypatch: pytest.MonkeyPatch
) -> None:
    reparsed: list[object] = []
    reparse = Stylesheet.reparse
    monkeypatch.setattr(Stylesheet, "reparse", lambda self: reparsed.append(reparse(self)))
    app = make_app()
    async with app.run_test(size=(80, 24)) as pilot:
        await pilot.pause()
        assert reparsed == []  # the stylesheet is parsed once, already in the right theme
        assert app.theme == "workshop-dark"
        assert app.has_class("-theme-workshop-dark", "-dark-mode")
        assert app.screen.styles.background == Color.parse(THEMES[0].background or "")
        seen = []
        for _ in range(3):
            await pilot.press("ctrl+t")
            await pilot.pause()
            seen.append(app.theme)
            assert app.screen.styles.background == Color.parse(app.current_theme.background or "")
        assert seen == ["workshop-light", "workshop-contrast", "workshop-dark"]
        assert len(reparsed) == 3  # a change of theme does reparse
        assert app.has_class("-dark-mode")
        assert not app.has_class("-theme-workshop-light")


async def test_escape_in_set_up_without_a_library_behind_it_does_nothing(
    make_app: AppFactory,
) -> None:
    app = make_app(run_file=MINIMAL)
    async with app.run_test(size=(80, 24)) as pilot:
        await pilot.pause()
        await pilot.press("escape", "f2")
        assert isinstance(app.screen, SupportScreen)


async def test_skip_after_a_tie_leaves_the_stage(make_app: AppFactory) -> None:
    app = make_app(run_file=MINIMAL)
    async with app.run_test(size=(80, 24)) as pilot:
        await start(pilot)
        await go_to(pilot, app, "vote")
        await pilot.press("1", "2", "j")
        await pilot.pause()
        await pilot.press("2")
        await pilot.pause()
        assert app.live is not None
        assert app.live.session.position.phase == "narrative"
        assert [v.stage_id for v in app.live.session.visits] == ["one", "two"]
        assert app.live.session.visits[0].chosen == 2


async def to_first_discussion(pilot: Pilot[None], app: WorkshopApp) -> None:
    """Sam's first stage plans twelve minutes of discussion: one vote, then on to it."""
    await start(pilot)
    await go_to(pilot, app, "vote")
    await pilot.press("1")
    await go_to(pilot, app, "discussion")


async def test_opening_facilitator_notes_does_not_restart_the_timer(
    make_app: AppFactory,
) -> None:
    app = make_app(run_file=STORIES / "sam-crisis-to-safety-plan.toml")
    async with app.run_test(size=(80, 24)) as pilot:
        await to_first_discussion(pilot, app)
        timer = app.screen.query_one(DiscussionTimer)
        await pilot.press("t")
        assert timer.paused
        assert "PAUSED" in screen_text(app)
        await pilot.press("f")
        assert app.screen.query_one(DiscussionTimer) is timer
        assert timer.paused


async def test_stepping_back_from_the_discussion_and_returning_keeps_the_timer(
    make_app: AppFactory,
) -> None:
    app = make_app(run_file=STORIES / "sam-crisis-to-safety-plan.toml")
    async with app.run_test(size=(80, 24)) as pilot:
        await to_first_discussion(pilot, app)
        await pilot.pause()
        await pilot.pause()
        await pilot.press("t")
        left = app.screen.query_one(DiscussionTimer).remaining()
        await pilot.press("left")  # back to re-read what happened next
        await pilot.pause()
        assert not app.screen.query(DiscussionTimer)
        await pilot.press("right")
        await pilot.pause()
        timer = app.screen.query_one(DiscussionTimer)
        assert timer.paused
        assert "PAUSED" in screen_text(app)
        assert timer.remaining() == left
        assert app.live is not None
        assert left < 60 * current_minutes(app)  # it had been running, and was not reset


class FakeClock:
    """Session time that moves only when the test says so."""

    def __init__(self) -> None:
        self.now = 1000.0

    def __call__(self) -> float:
        return self.now


async def test_moving_on_from_the_discussion_stops_its_timer_and_going_back_keeps_it_running(
    make_app: AppFactory,
) -> None:
    clock = FakeClock()
    app = make_app(run_file=STORIES / "sam-crisis-to-safety-plan.toml", clock=clock)
    async with app.run_test(size=(80, 24)) as pilot:
        await to_first_discussion(pilot, app)
        await pilot.pause()
        await pilot.press("left", "right")  # back to re-read, and return: still running
        await pilot.pause()
        timer = app.screen.query_one(DiscussionTimer)
        assert not timer.paused
        before = timer.remaining()
        clock.now += 30
        assert timer.remaining() == before - 30  # running: the clock moves it
        await pilot.press("right")  # on to the next step: the discussion is over
        await pilot.pause()
        assert app.live is not None
        assert app.live.session.position.phase != "discussion"
        clock.now += 60
        await pilot.press("left")
        await pilot.pause()
        timer = app.screen.query_one(DiscussionTimer)
        assert timer.paused
        assert "PAUSED" in screen_text(app)
        stopped = timer.remaining()
        assert stopped == before - 30  # the minute after moving on was not counted
        clock.now += 60
        assert timer.remaining() == stopped  # stopped: the clock moves, it does not


def current_minutes(app: WorkshopApp) -> int:
    from workshop.domain.transitions import current_stage

    assert app.live is not None
    stage = current_stage(app.live.scenario, app.live.session)
    assert stage is not None
    assert stage.minutes is not None
    return stage.minutes


async def test_the_choice_changes_only_through_the_dialog_never_a_stray_digit(
    make_app: AppFactory,
) -> None:
    app = make_app(run_file=MINIMAL)
    async with app.run_test(size=(80, 24)) as pilot:
        await start(pilot)
        await go_to(pilot, app, "vote")
        await pilot.press("1", "space")
        await go_to(pilot, app, "consequence")
        assert app.live is not None
        await pilot.press("2")
        assert (app.live.session.visits[0].chosen, app.live.session.visits[0].chosen_by) == (
            1,
            "majority",
        )
        await pilot.press("o", "2")
        assert (app.live.session.visits[0].chosen, app.live.session.visits[0].chosen_by) == (
            2,
            "facilitator",
        )
        assert "The facilitators chose 2." in screen_text(app)


async def test_closing_a_vote_with_no_votes_asks_for_a_second_press(make_app: AppFactory) -> None:
    app = make_app(run_file=MINIMAL)
    async with app.run_test(size=(80, 24)) as pilot:
        await start(pilot)
        await go_to(pilot, app, "vote")
        assert app.live is not None
        await pilot.press("space")
        assert app.live.session.position.phase == "vote"
        await pilot.press("space")
        assert app.live.session.position.phase == "results"
        assert "No votes were entered in this vote." in screen_text(app)


async def test_notes_stay_off_the_projector_until_asked_for_apart_from_facilitator_notes(
    make_app: AppFactory,
) -> None:
    app = make_app(run_file=MINIMAL)
    async with app.run_test(size=(80, 24)) as pilot:
        await to_first_notes(pilot, app)
        await pilot.press("n", *"Strengths first", "enter", "escape")
        assert "Strengths first" not in screen_text(app)
        assert "1 note saved for this stage." in screen_text(app)
        await pilot.press("f")  # the stage's facilitator notes: not the notes written
        await pilot.pause()
        assert "Strengths first" not in screen_text(app)
        await pilot.press("f", "v")  # the notes, in their columns, without the facilitator notes
        await pilot.pause()
        assert not app.screen.query_one("#facilitator-notes").display
        shared = app.screen.query_one(".group-shared .notes-list", OptionList)
        assert [str(o.prompt) for o in shared.options] == ["• Strengths first"]
        assert "• Strengths" in drawn(shared)


async def test_a_take_away_can_be_reworded_or_removed_and_the_record_follows(
    make_app: AppFactory,
) -> None:
    from workshop.storage.sessions import load_session
    from workshop.tui.screens.dialogs import TakeawayEditScreen

    app = make_app(run_file=MINIMAL)
    async with app.run_test(size=(80, 24)) as pilot:
        await start(pilot)
        assert app.live is not None
        for _ in range(60):  # one vote in each round, so that every stage moves on
            position = app.live.session.position
            if position.phase == "takeaways":
                break
            voting = app.live.session.current_round()
            if voting is not None and voting.open and not voting.votes_in:
                await pilot.press("1")
            await pilot.press("space")
        await pilot.pause()
        await pilot.press("n", *"Name the worry", "enter", *"Ask about strengths", "enter")
        await pilot.pause()
        await pilot.press("tab", "enter")  # the list, its first take-away
        await pilot.pause()
        assert isinstance(app.screen, TakeawayEditScreen)
        await pilot.press(*" out loud", "enter")
        await pilot.pause()
        await pilot.press("down", "enter")  # the list still has the focus: the second take-away
        await pilot.pause()
        await pilot.click("#delete")
        await pilot.pause()
        assert app.live is not None
        assert app.live.session.takeaways == ("Name the worry out loud",)
        assert load_session(app.live.record).takeaways == ("Name the worry out loud",)


def drawn(widget: Widget) -> str:
    """The characters a widget puts on screen, as the room would read them."""
    lines = widget.render_lines(Region(0, 0, *widget.outer_size))
    return "\n".join(line.text for line in lines)


async def test_square_brackets_are_shown_as_written_never_read_as_markup(
    make_app: AppFactory, tmp_path: Path
) -> None:
    """Organisers and facilitators type brackets ("[draft]", "[/]"); Textual must not parse them."""
    from textual.widgets import DataTable

    from workshop.tui.screens.dialogs import ChoiceScreen

    folder = tmp_path / "scenarios"
    folder.mkdir()
    text = MINIMAL.read_text(encoding="utf-8")
    text = text.replace('title = "A minimal scenario"', 'title = "Alex [draft] [/]"')
    text = text.replace("Explain the service first", "Explain the service [first] [/]")
    (folder / "brackets.toml").write_text(text, encoding="utf-8")
    app = make_app(folder)
    async with app.run_test(size=(100, 30)) as pilot:
        await library_ready(pilot)
        table = app.screen.query_one(DataTable)
        assert "Alex [draft] [/]" in drawn(table)
        await pilot.press("enter")
        await start(pilot)
        await go_to(pilot, app, "vote")
        await pilot.press("1", "2")  # a tie: the group's choice is asked, both options listed
        for _ in range(5):
            if isinstance(app.screen, ChoiceScreen):
                break
            await pilot.press("space")
            await pilot.pause()
        choices = app.screen.query_one(OptionList)
        assert "Explain the service [first] [/]" in drawn(choices)
        await pilot.press("1")
        await go_to(pilot, app, "notes")
        await pilot.press("n", *"Ask [gently] [/]", "enter", "escape", "v")
        await pilot.pause()
        assert app.live is not None
        assert app.live.session.visits[0].notes[0].text == "Ask [gently] [/]"
        columns = app.screen.query(".notes-list").results(OptionList)
        assert any("• Ask [gently] [/]" in drawn(column) for column in columns)
        await pilot.press("v")
        await go_to(pilot, app, "takeaways")
        await pilot.press("n", *"Plans [in their words] [/]", "enter")
        await pilot.pause()
        assert "1. Plans [in their words] [/]" in drawn(app.screen.query_one("#takeaway-list"))


async def test_each_vote_starts_at_not_given_whoever_voted_last(make_app: AppFactory) -> None:
    app = make_app(run_file=STORIES / "sam-crisis-to-safety-plan.toml")
    async with app.run_test(size=(80, 24)) as pilot:
        await start(pilot)
        await go_to(pilot, app, "vote")
        screen = app.screen
        assert isinstance(screen, SessionScreen)
        await pilot.press("g", "g", "g", "1")  # the last voter was a carer
        assert screen.group == "carer"
        assert app.live is not None
        assert app.live.session.visits[0].rounds[0].tally(4).count(1, "carer") == 1
        first_vote = app.live.session.position
        for _ in range(30):  # on to the next vote, whichever stage or round it is
            await pilot.press("space")
            position = app.live.session.position
            if position.phase in ("vote", "revote") and position != first_vote:
                break
        assert app.live.session.position.phase in ("vote", "revote")
        assert app.live.session.position != first_vote
        assert screen.group == "not_given"
        assert "NOT GIVEN" in screen_text(app)


async def test_a_closed_vote_shows_no_keypad_controls(make_app: AppFactory) -> None:
    app = make_app(run_file=MINIMAL)
    async with app.run_test(size=(80, 24)) as pilot:
        await start(pilot)
        await go_to(pilot, app, "vote")
        await pilot.press("1", "space", "left")  # close it, then look back at it
        await pilot.pause()
        assert "This vote is closed" in screen_text(app)
        assert not app.screen.query_one("#keypad").display
        await pilot.press("r")
        await pilot.pause()
        assert app.screen.query_one("#keypad").display


def test_quitting_says_how_to_continue_or_once_finished_how_to_export(tmp_path: Path) -> None:
    from tests.factories import minimal, session_for
    from workshop.words import farewell

    session = session_for(minimal())
    record = tmp_path / "record.toml"
    assert farewell(session, record).endswith("Continue it later with: workshop resume")
    done = replace(session, finished=True)
    prefix = session.info.session_id[:8]
    assert farewell(done, record) == (
        f"Session saved to {record}\nExport it with: workshop report {prefix}"
    )


async def test_editing_a_note_types_into_its_words_straight_away(make_app: AppFactory) -> None:
    from workshop.tui.screens.dialogs import NoteEditScreen

    app = make_app(run_file=MINIMAL)
    async with app.run_test(size=(100, 30)) as pilot:
        await to_first_notes(pilot, app)
        await pilot.press("n", *"Strengths first", "enter", "escape", "v")
        await pilot.pause()
        column = next(c for c in app.screen.query(".notes-list").results(OptionList) if c.options)
        column.focus()
        await pilot.press("enter")
        await pilot.pause()
        assert isinstance(app.screen, NoteEditScreen)
        await pilot.press(*", then risks", "enter")
        await pilot.pause()
        assert app.live is not None
        assert app.live.session.visits[0].notes[0].text == "Strengths first, then risks"
