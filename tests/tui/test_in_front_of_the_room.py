"""In front of the room: what a facilitator trial found, one rule each.

Typing never becomes a command, no figure of an open vote reaches the
projector, private panels open only when asked, nothing a facilitator needs
is cut off at 80 columns, and the keys say what they did.
"""

from __future__ import annotations

import re
from pathlib import Path

from textual.binding import Binding
from textual.widgets import Input

from tests.conftest import DATA, STORIES
from tests.tui.conftest import AppFactory
from tests.tui.test_rules import go_to, screen_text, start, to_first_notes
from workshop.palette import BAR_PATTERNS
from workshop.tui.app import WorkshopApp
from workshop.tui.screens.dialogs import BlankScreen, CountScreen
from workshop.tui.screens.help import HelpScreen
from workshop.tui.screens.session import SessionScreen
from workshop.tui.screens.session_keys import SessionKeys
from workshop.tui.screens.support import SupportScreen
from workshop.tui.widgets.keybar import KeyBar, first_key

MINIMAL = DATA / "valid/minimal.toml"
SAM = STORIES / "sam-crisis-to-safety-plan.toml"


def drawn_text(app: WorkshopApp) -> str:
    """Every character on the terminal, as the projector shows it (from Textual's own export)."""
    svg = app.export_screenshot()
    texts = re.findall(r"<text[^>]*>(.*?)</text>", svg, re.S)
    import html

    return "\n".join(html.unescape(re.sub(r"<[^>]+>", "", t)) for t in texts).replace("\xa0", " ")


def phase(app: WorkshopApp) -> str:
    assert app.live is not None
    return app.live.session.position.phase


# 1. Typing never becomes a command


async def test_notes_typed_one_after_another_are_all_saved_and_the_step_stays(
    make_app: AppFactory,
) -> None:
    app = make_app(run_file=MINIMAL)
    async with app.run_test(size=(100, 30)) as pilot:
        await to_first_notes(pilot, app)
        notes = [
            "Asked about strengths first",
            "space then f, s and q are letters",
            "j and b and . too",
            "Her own words",
            "Hope",
            "Family asked",
        ]
        await pilot.press("n")
        for text in notes:
            await pilot.press(*text, "enter")  # each Enter saves, and re-renders the step
            await pilot.pause()
        assert app.live is not None
        assert [n.text for n in app.live.session.visits[0].notes] == notes
        assert phase(app) == "notes"
        assert isinstance(app.screen, SessionScreen)
        assert isinstance(app.screen.focused, Input)
        await pilot.press("escape", "space")  # leaving the box is the person's own act
        assert phase(app) != "notes"


async def test_take_aways_typed_in_a_row_stay_in_their_box(make_app: AppFactory) -> None:
    app = make_app(run_file=MINIMAL)
    async with app.run_test(size=(80, 24)) as pilot:
        await start(pilot)
        for _ in range(40):
            if phase(app) == "takeaways":
                break
            assert app.live is not None
            voting = app.live.session.open_round()
            if voting is not None and not voting.votes_in:
                await pilot.press("1")
            await pilot.press("space")
        await pilot.press("n", *"Ask first", "enter", *"Say what you see", "enter")
        await pilot.pause()
        assert app.live is not None
        assert app.live.session.takeaways == ("Ask first", "Say what you see")
        assert phase(app) == "takeaways"


# 2. No figure of an open vote on the projector


async def test_while_a_vote_is_open_no_screen_or_dialog_shows_a_figure_per_option(
    make_app: AppFactory,
) -> None:
    app = make_app(run_file=MINIMAL)
    async with app.run_test(size=(100, 30)) as pilot:
        await start(pilot)
        await go_to(pilot, app, "vote")
        await pilot.press("2", "2", "2", "g", "1")  # 3 for option 2, 1 for option 1
        await pilot.press("c", "2", "enter", "7")  # a count typed while the room looks on
        await pilot.pause()
        assert isinstance(app.screen, CountScreen)
        seen = {"count dialog": drawn_text(app)}
        await pilot.press("enter")
        await pilot.pause()
        seen["vote step"] = drawn_text(app)
        dialogs = (("question_mark", HelpScreen), ("s", SupportScreen), ("b", BlankScreen))
        for key, dialog in dialogs:
            await pilot.press(key)
            await pilot.pause()
            assert isinstance(app.screen, dialog)
            seen[dialog.__name__] = drawn_text(app)
            await pilot.press("escape")
        assert app.live is not None
        voting = app.live.session.open_round()
        assert voting is not None
        assert voting.votes_in == 11
        for where, text in seen.items():
            assert "%" not in text, where
            assert not re.search(r"\b[37]\b", text), f"{where} shows a figure of one option"
            assert not any(p * 3 in text for p in ("▓", "▒", "░")), f"{where} shows a bar"


async def test_the_blank_key_hides_everything_and_brings_it_back(make_app: AppFactory) -> None:
    app = make_app(run_file=SAM)
    async with app.run_test(size=(80, 24)) as pilot:
        await start(pilot)
        await go_to(pilot, app, "vote")
        for key in ("b", "full_stop"):
            await pilot.press(key)
            assert isinstance(app.screen, BlankScreen)
            text = drawn_text(app)
            assert "Sam" not in text
            assert "Votes in" not in text
            await pilot.press(key)
            assert isinstance(app.screen, SessionScreen)
        assert phase(app) == "vote"


async def test_the_blank_key_types_a_b_in_a_box(make_app: AppFactory) -> None:
    app = make_app(run_file=MINIMAL)
    async with app.run_test(size=(80, 24)) as pilot:
        await to_first_notes(pilot, app)
        await pilot.press("n", "b", ".")
        assert isinstance(app.screen, SessionScreen)
        assert app.screen.query_one("#note-input", Input).value == "b."


async def test_while_typing_the_key_bar_offers_only_keys_that_type_nothing(
    make_app: AppFactory,
) -> None:
    """S and ? are letters in a box: the bar says F2 and F1 instead, and Esc to leave."""
    app = make_app(run_file=MINIMAL)
    async with app.run_test(size=(80, 24)) as pilot:
        await to_first_notes(pilot, app)
        bar = app.screen.query_one(KeyBar)
        assert "S\u00a0Support" in bar.text
        await pilot.press("n")
        await pilot.pause()
        words = bar.text.replace("\u00a0", " ")
        for offered in ("F2 Support", "F1 Help", "Esc Leave the box"):
            assert offered in words
        for letter in ("S Support", "Q Quit", "V Show notes"):
            assert letter not in words
        await pilot.press("escape")
        await pilot.pause()
        assert "S\u00a0Support" in bar.text


# 5. Notes apart from facilitator notes: tested in test_rules
# (test_notes_stay_off_the_projector_until_asked_for_apart_from_facilitator_notes)


# 6. Skipping never skips a wellbeing check, and says what was chosen


async def test_skipping_a_stage_with_a_wellbeing_check_goes_to_the_check_and_says_the_choice(
    make_app: AppFactory, tmp_path: Path
) -> None:
    scenario = tmp_path / "wellbeing.toml"
    scenario.write_text(
        MINIMAL.read_text().replace(
            'narrative = "Alex meets a support worker for the first time."',
            'narrative = "Alex meets a support worker for the first time."\nwellbeing_check = true',
        )
    )
    app = make_app(run_file=scenario)
    said: list[str] = []
    async with app.run_test(size=(80, 24)) as pilot:
        app.notify = lambda message, **kw: said.append(str(message))  # type: ignore[method-assign]
        await start(pilot)
        await go_to(pilot, app, "vote")
        await pilot.press("2", "2", "1", "j")
        await pilot.pause()
        assert phase(app) == "wellbeing"
        assert any("wellbeing check" in s and "option 2 (by majority vote)" in s for s in said)
        await pilot.press("j")
        assert app.live is not None
        assert app.live.session.current_visit is not None
        assert app.live.session.current_visit.stage_id == "two"
        assert said[-1].endswith("on to Stage 2: A week later.")


async def test_skipping_a_stage_before_its_vote_says_where_the_story_goes(
    make_app: AppFactory,
) -> None:
    app = make_app(run_file=MINIMAL)
    said: list[str] = []
    async with app.run_test(size=(80, 24)) as pilot:
        app.notify = lambda message, **kw: said.append(str(message))  # type: ignore[method-assign]
        await start(pilot)
        await go_to(pilot, app, "narrative")
        await pilot.press("j")
        await pilot.pause()
        assert said[-1] == (
            "Stage skipped. No option was chosen, so the story goes on the stage's own way: "
            "on to Stage 2: A week later."
        )


# 7. Reopening a vote starts at Not given


async def test_reopening_a_vote_starts_the_keypad_at_not_given(make_app: AppFactory) -> None:
    app = make_app(run_file=MINIMAL)
    async with app.run_test(size=(80, 24)) as pilot:
        await start(pilot)
        await go_to(pilot, app, "vote")
        screen = app.screen
        assert isinstance(screen, SessionScreen)
        await pilot.press("g", "g", "1", "space", "left")
        assert screen.group == "professional"
        await pilot.press("r")
        await pilot.pause()
        assert screen.group == "not_given"
        assert "NOT GIVEN" in screen_text(app)


# 8. T only where a timer runs


async def test_the_timer_key_is_offered_only_where_minutes_are_planned(
    make_app: AppFactory,
) -> None:
    app = make_app(run_file=MINIMAL)  # stage one plans no minutes
    async with app.run_test(size=(80, 24)) as pilot:
        await start(pilot)
        await go_to(pilot, app, "vote")
        await pilot.press("1")
        await go_to(pilot, app, "discussion")
        keybar = app.screen.query_one(KeyBar).text
        assert "Timer" not in keybar
        assert app.screen.check_action("toggle_timer", ()) is False


# 9 and 10. Nothing cut at 80 columns; the keys in a fixed order


async def test_at_80_columns_every_key_of_every_step_is_shown_whole_in_a_fixed_order(
    make_app: AppFactory,
) -> None:
    order = [b.description for b in SessionKeys.BINDINGS if isinstance(b, Binding) and b.show]
    app = make_app(run_file=SAM)
    async with app.run_test(size=(80, 24)) as pilot:
        await start(pilot)
        seen: set[str] = set()
        for _ in range(80):
            if phase(app) == "summary":
                break
            screen = app.screen
            assert isinstance(screen, SessionScreen)
            bar = " ".join(screen.query_one(KeyBar).text.split())
            offered = [
                b
                for b in SessionKeys.BINDINGS
                if isinstance(b, Binding) and b.show and screen.check_action(b.action, ())
            ]
            for binding in offered:
                assert f"{first_key(binding.key)} {binding.description}" in bar, (phase(app), bar)
            shown = [d for d in order if f" {d}" in f" {bar}"]
            assert shown == sorted(shown, key=order.index), "the keys keep their order"
            seen.add(phase(app))
            assert app.live is not None
            if app.live.session.open_round() and not app.live.session.open_round().votes_in:  # type: ignore[union-attr]
                await pilot.press("1")
            if phase(app) == "consequence":
                await pilot.press("o", "2")  # an override used to flip the key order
            await pilot.press("space")
            await pilot.pause()
            if type(app.screen).__name__ == "ChoiceScreen":
                await pilot.press("1")
        assert {"vote", "results", "discussion", "notes", "takeaways"} <= seen


async def test_options_and_help_wrap_under_their_words_not_the_left_edge(
    make_app: AppFactory,
) -> None:
    from workshop.tui.widgets.text import Prose

    app = make_app(run_file=SAM)
    async with app.run_test(size=(80, 24)) as pilot:
        await start(pilot)
        await go_to(pilot, app, "vote")
        options = app.screen.query_one(".options", Prose).text.splitlines()
        assert len(options) > 4  # the options of Sam's first stage wrap at 80 columns
        for line in options:
            assert re.match(r"\d\. \S|   \S", line), line
        await pilot.press("question_mark")
        await pilot.pause()
        rows = app.screen.query_one("#help-keys", Prose)
        indent = len(rows.lines[0][0])
        lines = rows.text.splitlines()
        assert len(lines) > len(rows.lines)  # some descriptions wrap
        for line in lines:
            assert line[indent : indent + 1] not in ("", " "), line  # words start in one column


# 11. Every bar has its own pattern


def test_every_group_and_the_total_fill_their_bars_with_a_pattern_of_their_own() -> None:
    assert len(set(BAR_PATTERNS.values())) == len(BAR_PATTERNS)


# 12. Set-up: chosen and not chosen differ in shape


async def test_set_up_shows_chosen_and_unchosen_in_different_shapes(
    make_app: AppFactory,
) -> None:
    from workshop.tui.widgets.choices import Choice, Tick

    app = make_app(run_file=MINIMAL)
    async with app.run_test(size=(80, 24)) as pilot:
        await pilot.pause()
        choices = list(app.screen.query(Choice))
        ticks = list(app.screen.query(Tick))
        assert {c.BUTTON_INNER for c in choices if c.value} == {"●"}
        assert {c.BUTTON_INNER for c in choices if not c.value} == {"○"}
        assert {t.BUTTON_INNER for t in ticks if t.value} == {"✓"}
        assert {t.BUTTON_INNER for t in ticks if not t.value} == {" "}
        text = drawn_text(app)
        assert "●" in text
        assert "○" in text
        assert "✓" in text


async def test_set_up_says_a_file_still_has_warnings_and_how_to_see_them(
    make_app: AppFactory, tmp_path: Path
) -> None:
    from datetime import date

    from workshop.storage.templates import new_scenario_text

    starter = tmp_path / "draft.toml"
    starter.write_text(new_scenario_text(starter.name, date(2026, 11, 29)), encoding="utf-8")
    app = make_app(run_file=starter)
    async with app.run_test(size=(100, 30)) as pilot:
        await pilot.pause()
        said = " ".join(drawn_text(app).split())
        assert "⚠ 19 warnings in draft.toml, the first at line 15: placeholder text from" in said
        assert "see them all with: workshop check" in said
    quiet = make_app(run_file=MINIMAL)
    async with quiet.run_test(size=(100, 30)) as pilot:
        await pilot.pause()
        assert "warning" not in drawn_text(quiet)


async def test_set_up_shows_the_summary_where_it_leaves_the_form_in_view(
    make_app: AppFactory,
) -> None:
    sam = STORIES / "sam-crisis-to-safety-plan.toml"
    for size, shown in (((100, 30), True), ((80, 24), False)):
        app = make_app(run_file=sam)
        async with app.run_test(size=size) as pilot:
            await pilot.pause()
            said = " ".join(drawn_text(app).split())
            assert ("comes to A&E on a Sunday night" in said) is shown, size
            assert "Set up: Sam" in said  # the title and the cohort box are never scrolled away
            assert "Cohort label" in said


# 13. Ctrl+Q says where the record is, as Q does


async def test_ctrl_q_leaves_saying_where_the_record_is(make_app: AppFactory) -> None:
    app = make_app(run_file=MINIMAL)
    said: list[object] = []
    async with app.run_test(size=(80, 24)) as pilot:
        await start(pilot)
        await pilot.press("space")
        assert app.live is not None
        record = app.live.record
        leave = app.exit
        app.exit = lambda *a, **kw: (said.append(kw.get("message")), leave(*a, **kw))  # type: ignore[method-assign,func-returns-value]
        await pilot.press("ctrl+q")
    assert said
    assert f"Session saved to {record}" in str(said[0])
    assert "workshop resume" in str(said[0])


# 14. A session nobody labelled: tested in tests/unit/test_starting.py


async def test_an_empty_cohort_label_says_the_date_it_will_get(make_app: AppFactory) -> None:
    app = make_app(run_file=MINIMAL)
    async with app.run_test(size=(80, 24)) as pilot:
        await pilot.pause()
        box = app.screen.query_one("#cohort", Input)
        assert "Session of" in box.placeholder
        await pilot.press("ctrl+s")
        await pilot.pause()
        assert app.live is not None
        assert app.live.session.info.cohort.startswith("Session of ")
