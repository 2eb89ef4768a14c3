"""The rules of scenario format v1, one test each.

Every fixture under tests/data/ is a small file with one mistake (or, under
warnings/, one thing the checker asks about). Each test says what the checker
reports: kind, line, column, key path (indexes from 1, as organisers count)
and the heart of the message.
"""

from __future__ import annotations

import tomllib
from pathlib import Path

import pytest

from tests.conftest import DATA, REPO, TODAY
from workshop.domain.problems import format_key_path
from workshop.domain.scenario import Epilogue
from workshop.storage.scenarios import LocatedProblem, ScenarioFile, read_scenario

Report = tuple[str, int, int, str]


def check(relative: str) -> ScenarioFile:
    return read_scenario(DATA / relative, TODAY)


def reports(relative: str) -> list[Report]:
    """(kind, line, column, key path) of every problem, in file order."""
    return [_report(p) for p in check(relative).problems]


def _report(problem: LocatedProblem) -> Report:
    return (problem.severity, problem.line, problem.column, format_key_path(problem.problem.path))


def only_message(relative: str) -> str:
    (problem,) = check(relative).problems
    return problem.problem.message


# A valid file


def test_the_minimal_file_loads_without_any_problem() -> None:
    result = check("valid/minimal.toml")
    assert result.problems == ()
    assert result.scenario is not None
    assert [stage.id for stage in result.scenario.stages] == ["one", "two"]


def test_optional_keys_take_their_documented_defaults() -> None:
    scenario = check("valid/minimal.toml").scenario
    assert scenario is not None
    assert scenario.language == "en-GB"
    first = scenario.stages[0]
    assert first.reveal == "lived_experience_first"
    assert first.wellbeing_check is False
    assert first.question is not None
    assert first.question.revote is False
    assert scenario.epilogue is None


def test_an_example_credits_no_one_and_needs_no_authors() -> None:
    result = check("valid/example.toml")
    assert result.problems == ()
    assert result.scenario is not None
    assert result.scenario.is_example
    assert result.scenario.authors == ()


def test_only_an_example_may_leave_out_the_authors() -> None:
    assert reports("invalid/no-authors.toml") == [("error", 1, 1, "authors")]
    assert "missing required key 'authors'" in only_message("invalid/no-authors.toml")
    assert 'an example, basis = "example"' in only_message("invalid/no-authors.toml")


def test_an_example_that_names_authors_is_asked_to_change_its_basis() -> None:
    assert reports("warnings/example-names-authors.toml") == [("warning", 12, 1, "authors")]
    assert "names no person as an author" in only_message("warnings/example-names-authors.toml")


def test_carer_first_puts_the_carer_on_the_left_then_lived_experience() -> None:
    scenario = check("valid/carer-first.toml").scenario
    assert scenario is not None
    order = [p.perspective for p in scenario.stages[0].perspectives_in_reveal_order()]
    assert order == ["carer", "lived_experience", "professional"]


def test_the_epilogue_says_actually_happened_only_of_a_real_story() -> None:
    from workshop.domain.build import build_scenario

    example = tomllib.loads((DATA / "valid/example.toml").read_text("utf-8"))
    example["epilogue"] = {"text": "Where Alex is now."}
    assert build_scenario(example).epilogue == Epilogue("Where Alex is now.", "What happened next")
    real = {**example, "provenance": {"basis": "real_story", "consent_recorded": True}}
    assert build_scenario(real).epilogue == Epilogue("Where Alex is now.", "What actually happened")


def test_every_placeholder_that_workshop_new_wrote_is_named() -> None:
    assert reports("warnings/placeholders-left.toml") == [
        ("warning", 5, 1, "summary"),
        ("warning", 34, 1, "stages[1].perspectives[2].text"),
    ]
    assert check("warnings/placeholders-left.toml").scenario is not None


def test_the_bundled_examples_are_honest_examples_that_name_no_one() -> None:
    for path in sorted((REPO / "scenarios").glob("*.toml")):
        data = tomllib.loads(path.read_text("utf-8"))
        assert data["provenance"]["basis"] == "example", path.name
        assert "authors" not in data, f"{path.name} credits people who did not write it"
        credited = [p for s in data["stages"] for p in s["perspectives"] if "author" in p] + (
            [data["epilogue"]] if "author" in data.get("epilogue", {}) else []
        )
        assert credited == [], path.name


def test_the_bundled_examples_between_them_cover_every_kind_of_risk() -> None:
    covered = set()
    for path in sorted((REPO / "scenarios").glob("*.toml")):
        covered |= set(tomllib.loads(path.read_text("utf-8")).get("risk_domains", []))
    assert {"to_self", "to_others", "from_others", "self_neglect", "exploitation"} <= covered


@pytest.mark.parametrize("path", sorted((REPO / "scenarios").glob("*.toml")), ids=lambda p: p.name)
def test_every_bundled_scenario_is_clean_under_strict(path: Path) -> None:
    result = read_scenario(path, TODAY)
    assert [str(p) for p in result.problems] == []


# Errors: the file is refused


def test_a_file_that_is_not_toml_is_reported_where_the_parser_stopped() -> None:
    assert reports("invalid/not-toml.toml") == [("error", 4, 28, "(file)")]
    assert "close its quotes" in only_message("invalid/not-toml.toml")


def test_a_file_that_is_not_utf8_is_reported_at_the_first_bad_byte() -> None:
    assert reports("invalid/not-utf8.toml") == [("error", 3, 13, "(file)")]
    assert "save it as UTF-8" in only_message("invalid/not-utf8.toml")


def test_a_value_of_the_wrong_type_names_the_type_expected() -> None:
    assert reports("invalid/wrong-type.toml") == [("error", 6, 1, "minutes")]
    assert only_message("invalid/wrong-type.toml") == (
        "must be a whole number (no quotes), not text"
    )


def test_a_missing_top_level_key_points_at_the_start_of_the_file() -> None:
    assert reports("invalid/missing-top-level-key.toml") == [("error", 1, 1, "title")]
    assert "missing required key 'title'" in only_message("invalid/missing-top-level-key.toml")


def test_a_missing_key_in_a_stage_points_at_that_stages_header() -> None:
    assert reports("invalid/missing-stage-key.toml") == [("error", 45, 1, "stages[2].narrative")]


def test_an_unknown_key_suggests_the_closest_known_key() -> None:
    assert reports("invalid/unknown-key.toml") == [("error", 48, 1, "stages[2].narative")]
    assert only_message("invalid/unknown-key.toml") == (
        "unknown key 'narative'; did you mean 'narrative'?"
    )


def test_a_stage_key_written_below_a_perspective_says_where_it_belongs() -> None:
    """In TOML every key below a [[...]] line belongs to that table, wherever it was meant."""
    assert reports("invalid/misplaced-key.toml") == [
        ("error", 35, 1, "stages[1].perspectives[2].minutes")
    ]
    assert only_message("invalid/misplaced-key.toml") == (
        "'minutes' belongs to [[stages]], not to [[stages.perspectives]]: every key below a "
        "[[stages.perspectives]] line belongs to it, so move `minutes = ...` up, above the "
        "first [[stages.perspectives]] of this stage"
    )


def test_a_top_level_key_below_a_table_is_not_also_reported_missing() -> None:
    assert reports("invalid/misplaced-top-level-key.toml") == [
        ("error", 21, 1, "content_note.minutes")
    ]
    assert only_message("invalid/misplaced-top-level-key.toml") == (
        "'minutes' belongs to the top of the file, not to [content_note]: every key below a "
        "[content_note] line belongs to it, so move `minutes = ...` up, above the first line "
        "in square brackets"
    )


def test_an_option_cannot_be_marked_correct() -> None:
    assert reports("invalid/correct-option.toml") == [
        ("error", 44, 1, "stages[1].question.options[2].correct")
    ]
    assert "not scored" in only_message("invalid/correct-option.toml")


def test_a_number_out_of_range_states_the_range() -> None:
    assert reports("invalid/out-of-range.toml") == [("error", 6, 1, "minutes")]
    assert only_message("invalid/out-of-range.toml") == "must be between 5 and 480, found 2"


def test_only_format_1_is_read() -> None:
    assert reports("invalid/format-2.toml") == [("error", 2, 1, "format")]


def test_an_id_must_be_lower_case_letters_digits_and_dashes() -> None:
    assert reports("invalid/bad-id.toml") == [("error", 3, 1, "id")]
    assert "lower-case letters, digits and '-'" in only_message("invalid/bad-id.toml")


def test_a_value_outside_a_fixed_list_suggests_the_closest_choice() -> None:
    assert reports("invalid/unknown-choice.toml") == [
        ("error", 33, 1, "stages[1].perspectives[2].perspective")
    ]
    assert "did you mean 'professional'?" in only_message("invalid/unknown-choice.toml")


def test_stage_ids_are_unique() -> None:
    assert reports("invalid/duplicate-stage-id.toml") == [("error", 46, 1, "stages[2].id")]
    assert "already used by stages[1]" in only_message("invalid/duplicate-stage-id.toml")


def test_author_refs_are_unique() -> None:
    assert reports("invalid/duplicate-author-ref.toml") == [("error", 15, 1, "authors[2].ref")]


def test_a_next_must_name_a_stage() -> None:
    assert reports("invalid/next-names-nothing.toml") == [
        ("error", 44, 1, "stages[1].question.options[2].next")
    ]
    assert "use a stage id (one, two)" in only_message("invalid/next-names-nothing.toml")


def test_an_author_must_name_an_author() -> None:
    assert reports("invalid/author-names-nothing.toml") == [
        ("error", 52, 1, "stages[2].perspectives[1].author")
    ]
    assert "did you mean 'alex'?" in only_message("invalid/author-names-nothing.toml")


def test_every_stage_has_a_lived_experience_and_a_professional_perspective() -> None:
    assert reports("invalid/missing-professional.toml") == [
        ("error", 50, 1, "stages[2].perspectives")
    ]


def test_a_question_has_at_least_two_options() -> None:
    assert reports("invalid/one-option.toml") == [("error", 39, 1, "stages[1].question.options")]
    assert only_message("invalid/one-option.toml") == "needs 2 to 9 options, found 1"


def test_a_question_has_at_most_nine_options_one_per_key() -> None:
    assert reports("invalid/ten-options.toml") == [("error", 39, 1, "stages[1].question.options")]
    assert only_message("invalid/ten-options.toml") == "needs 2 to 9 options, found 10"


def test_a_real_story_needs_recorded_consent() -> None:
    assert reports("invalid/real-story-without-consent.toml") == [
        ("error", 9, 1, "provenance.consent_recorded")
    ]


def test_stages_must_be_an_array_of_tables() -> None:
    assert reports("invalid/stages-not-an-array.toml") == [("error", 23, 1, "stages")]
    assert "[[stages]]" in only_message("invalid/stages-not-an-array.toml")


def test_all_problems_of_a_file_come_at_once_at_exact_positions() -> None:
    """Multi-line strings, inline tables, inline arrays and dotted keys are all located."""
    assert reports("invalid/several-problems.toml") == [
        ("error", 8, 1, "minutes"),
        ("error", 9, 29, "learning_outcomes[2]"),
        ("error", 25, 55, "stages[1].perspectives[1].author"),
        ("error", 26, 53, "stages[1].perspectives[2].voice"),
        ("error", 28, 91, "stages[1].question.options[2].nxt"),
        ("error", 35, 10, "stages[2].question.revote"),
        ("error", 36, 10, "stages[2].question.options"),
    ]


def test_a_file_with_errors_gives_no_scenario() -> None:
    assert check("invalid/unknown-key.toml").scenario is None


# Warnings: the file loads, `check --strict` refuses it


def test_a_stage_nothing_leads_to_is_unreachable() -> None:
    assert reports("warnings/unreachable-stage.toml") == [("warning", 46, 1, "stages[2]")]
    assert "cannot be reached from the first stage 'one'" in only_message(
        "warnings/unreachable-stage.toml"
    )


def test_a_story_that_only_loops_never_reaches_the_end() -> None:
    assert reports("warnings/story-loops.toml") == [
        ("warning", 23, 1, "stages[1]"),
        ("warning", 45, 1, "stages[2]"),
    ]


def test_a_passed_review_date_is_a_warning() -> None:
    assert reports("warnings/review-date-passed.toml") == [("warning", 7, 1, "review_by")]
    assert "2020-01-31 has passed" in only_message("warnings/review-date-passed.toml")


def test_co_production_is_credited_to_a_lived_experience_author() -> None:
    assert reports("warnings/no-lived-experience-author.toml") == [("warning", 9, 1, "authors")]


def test_both_voices_get_similar_airtime() -> None:
    assert reports("warnings/airtime.toml") == [("warning", 50, 1, "stages[2].perspectives")]
    assert "6.3 times as long" in only_message("warnings/airtime.toml")


def test_lived_experience_leads_on_at_least_one_stage() -> None:
    assert reports("warnings/professional-always-first.toml") == [
        ("warning", 27, 1, "stages[1].reveal")
    ]


def test_options_are_decisions_not_risk_ratings() -> None:
    assert reports("warnings/risk-stratification.toml") == [
        ("warning", 43, 1, "stages[1].question.options[2].text")
    ]
    assert "NICE NG225" in only_message("warnings/risk-stratification.toml")


def test_language_that_safe_messaging_advises_against_is_flagged() -> None:
    assert reports("warnings/unsafe-language.toml") == [
        ("warning", 30, 1, "stages[1].perspectives[1].text")
    ]


def test_a_file_with_only_warnings_still_loads() -> None:
    assert check("warnings/unsafe-language.toml").scenario is not None


# Reading files


def test_a_file_that_cannot_be_read_is_a_problem_not_a_crash(tmp_path: Path) -> None:
    result = read_scenario(tmp_path / "gone.toml", TODAY)
    assert [(p.severity, p.line, p.column) for p in result.problems] == [("error", 1, 1)]
    assert "cannot read the file" in result.problems[0].problem.message


def test_each_problem_prints_as_one_compiler_style_line() -> None:
    (problem,) = check("invalid/unknown-key.toml").problems
    assert str(problem) == (
        f"{DATA / 'invalid/unknown-key.toml'}:48:1: error: stages[2].narative: "
        "unknown key 'narative'; did you mean 'narrative'?"
    )


# Messages that name the fix


def _inline(text: str) -> list[str]:
    from workshop.storage.scenarios import parse_scenario

    result = parse_scenario(text.encode(), TODAY, path=Path("inline.toml"))
    return [
        f"{p.line}:{p.column} {format_key_path(p.problem.path)}: {p.problem.message}"
        for p in result.problems
    ]


def test_a_date_with_a_time_is_not_a_date() -> None:
    base = (DATA / "valid/minimal.toml").read_text()
    problems = _inline(
        base.replace("minutes = 30", "minutes = 30\nreview_by = 2030-01-01T10:00:00")
    )
    assert problems == [
        "7:1 review_by: must be a date without a time, such as 2027-06-30 (no quotes), "
        "not a date with a time"
    ]


def test_a_table_written_as_an_array_names_the_right_header() -> None:
    base = (DATA / "valid/minimal.toml").read_text()
    problems = _inline(base.replace("[stages.question]", "[[stages.question]]"))
    assert problems == [
        "36:1 stages[1].question: must be a table, written [stages.question], not a list"
    ]


def test_an_empty_perspectives_list_is_one_problem_not_two() -> None:
    base = (DATA / "valid/minimal.toml").read_text()
    text = base.replace(
        'narrative = "Alex comes back."', 'narrative = "Alex comes back."\nperspectives = []'
    )
    text = text.split("perspectives = []")[0] + "perspectives = []\n"
    assert _inline(text) == ["49:1 stages[2].perspectives: needs at least 1 perspective, found 0"]


def test_every_flagged_phrase_is_found_whatever_its_case_and_spacing() -> None:
    """The checker skips texts without a key word; every phrase must contain one."""
    from workshop.domain.language import RISK_STRATIFICATION, UNSAFE_LANGUAGE

    base = (DATA / "valid/minimal.toml").read_text()
    for phrase in (*RISK_STRATIFICATION, *UNSAFE_LANGUAGE):
        shouted = phrase.upper().replace(" ", "  ")
        text = base.replace("Explain the service first", f"Explain it; {shouted} here")
        messages = _inline(text)
        assert len(messages) == 1, (phrase, messages)
        assert f"'{phrase}'" in messages[0]
