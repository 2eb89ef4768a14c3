"""Specification of key_positions: where each key path of a TOML file is written.

Every example document here is also cross-checked against tomllib at the bottom: the
scanner must find exactly the paths tomllib parses, and each position must point at the
key, header or value it names.
"""

from __future__ import annotations

import datetime as dt
import tomllib
from typing import Any

import pytest
import tomli_w
from hypothesis import given, settings
from hypothesis import strategies as st

from workshop.storage.toml_positions import KeyPath, _Scanner, key_positions


def lines(*rows: str) -> str:
    """A document whose line N is the Nth argument, so expected lines read off directly."""
    return "\n".join(rows) + "\n"


def paths_in(value: Any, prefix: KeyPath = ()) -> set[KeyPath]:
    """Every key path of parsed TOML: dict keys at any depth and list indexes."""
    if isinstance(value, dict):
        items: Any = value.items()
    elif isinstance(value, list):
        items = enumerate(value)
    else:
        return set()
    found: set[KeyPath] = set()
    for key, child in items:
        path = (*prefix, key)
        found.add(path)
        found |= paths_in(child, path)
    return found


# --- Keys -------------------------------------------------------------------------------

KEYS = lines(
    "plain = 1",
    '"with space" = 2',
    "'C:\\dir' = 3",
    '"tab\\there \\u00e9" = 4',
    "  indented = 5",
)


def test_a_key_maps_to_its_first_character_and_quoted_keys_are_unquoted() -> None:
    assert key_positions(KEYS) == {
        ("plain",): (1, 1),
        ("with space",): (2, 1),
        ("C:\\dir",): (3, 1),
        ("tab\there é",): (4, 1),
        ("indented",): (5, 3),
    }


DOTTED = lines(
    'question.prompt = "x"',
    "a . b = 1",
    '"a.b".c = 2',
    'site."google.com" = true',
)


def test_each_segment_of_a_dotted_key_maps_to_where_it_stands() -> None:
    assert key_positions(DOTTED) == {
        ("question",): (1, 1),
        ("question", "prompt"): (1, 10),
        ("a",): (2, 1),
        ("a", "b"): (2, 5),
        ("a.b",): (3, 1),
        ("a.b", "c"): (3, 7),
        ("site",): (4, 1),
        ("site", "google.com"): (4, 6),
    }


FIRST_WINS = lines(
    "fruit.apple = 1",
    "fruit.banana = 2",
)


def test_the_first_place_a_path_is_named_wins() -> None:
    positions = key_positions(FIRST_WINS)
    assert positions[("fruit",)] == (1, 1)
    assert positions[("fruit", "banana")] == (2, 7)


# --- Tables ---------------------------------------------------------------------------

TABLES = lines(
    'title = "t"',
    "",
    "[owner]",
    'name = "A"',
    '  [ owner . "contact details" ]  # indented, spaced, quoted',
    '  email = "a@example.org"',
)


def test_a_table_header_maps_to_its_bracket_and_keys_below_are_relative_to_it() -> None:
    assert key_positions(TABLES) == {
        ("title",): (1, 1),
        ("owner",): (3, 1),
        ("owner", "name"): (4, 1),
        ("owner", "contact details"): (5, 3),
        ("owner", "contact details", "email"): (6, 3),
    }


IMPLIED = lines(
    "[a.b.c]",
    "x = 1",
    "[a]",
    "y = 2",
    "[a.b.d]",
)


def test_implied_parent_tables_take_the_header_position_until_a_header_names_them() -> None:
    assert key_positions(IMPLIED) == {
        ("a",): (3, 1),  # named by [a] on line 3, which replaces the implied position
        ("a", "b"): (1, 1),  # only ever implied, by the first header
        ("a", "b", "c"): (1, 1),
        ("a", "b", "c", "x"): (2, 1),
        ("a", "y"): (4, 1),
        ("a", "b", "d"): (5, 1),
    }


# --- Arrays of tables -------------------------------------------------------------------

ARRAY_OF_TABLES = lines(
    "[[stages]]",
    'id = "one"',
    "",
    "[[stages]]",
    'id = "two"',
    "[[stages]]",
)


def test_each_array_of_tables_header_adds_an_element_counted_from_zero() -> None:
    assert key_positions(ARRAY_OF_TABLES) == {
        ("stages",): (1, 1),  # the array itself: its first header
        ("stages", 0): (1, 1),
        ("stages", 0, "id"): (2, 1),
        ("stages", 1): (4, 1),
        ("stages", 1, "id"): (5, 1),
        ("stages", 2): (6, 1),
    }


NESTED_ARRAY_OF_TABLES = lines(
    "[[stages]]",
    "[[stages.perspectives]]",
    'role = "patient"',
    '  [[ stages . "perspectives" ]]',
    'role = "nurse"',
    "[[stages]]",
    "[[stages.perspectives]]",
    'role = "carer"',
)


def test_a_nested_array_of_tables_belongs_to_the_latest_element_of_its_parent() -> None:
    assert key_positions(NESTED_ARRAY_OF_TABLES) == {
        ("stages",): (1, 1),
        ("stages", 0): (1, 1),
        ("stages", 0, "perspectives"): (2, 1),
        ("stages", 0, "perspectives", 0): (2, 1),
        ("stages", 0, "perspectives", 0, "role"): (3, 1),
        ("stages", 0, "perspectives", 1): (4, 3),
        ("stages", 0, "perspectives", 1, "role"): (5, 1),
        ("stages", 1): (6, 1),
        ("stages", 1, "perspectives"): (7, 1),
        ("stages", 1, "perspectives", 0): (7, 1),
        ("stages", 1, "perspectives", 0, "role"): (8, 1),
    }


SUB_TABLES = lines(
    "[[stages]]",
    "[stages.question]",
    'prompt = "?"',
    "[[stages.question.options]]",
    'text = "a"',
    "[[stages.question.options]]",
    'text = "b"',
    "[[stages]]",
    "[stages.question]",
    "[[stages.question.options]]",
)


def test_tables_under_an_array_of_tables_extend_its_latest_element() -> None:
    positions = key_positions(SUB_TABLES)
    assert positions[("stages", 0, "question")] == (2, 1)
    assert positions[("stages", 0, "question", "prompt")] == (3, 1)
    assert positions[("stages", 0, "question", "options")] == (4, 1)
    assert positions[("stages", 0, "question", "options", 0)] == (4, 1)
    assert positions[("stages", 0, "question", "options", 1, "text")] == (7, 1)
    assert positions[("stages", 1, "question")] == (9, 1)
    assert positions[("stages", 1, "question", "options", 0)] == (10, 1)
    assert ("stages", 1, "question", "options", 1) not in positions


# --- Inline arrays ------------------------------------------------------------------------

INLINE_ARRAY = lines(
    'learning_outcomes = ["a", "b"]',
    "empty = []",
)


def test_inline_array_elements_map_to_the_first_character_of_each_value() -> None:
    assert key_positions(INLINE_ARRAY) == {
        ("learning_outcomes",): (1, 1),
        ("learning_outcomes", 0): (1, 22),
        ("learning_outcomes", 1): (1, 27),
        ("empty",): (2, 1),
    }


MULTILINE_ARRAY = lines(
    "outcomes = [",
    '  "Spot the change",  # a comment, [not] = structure',
    "",
    "  'Escalate',",
    "    # another comment",
    '  """Listen',
    'to "family" """,',
    "]",
)


def test_arrays_may_span_lines_with_comments_and_a_trailing_comma() -> None:
    assert key_positions(MULTILINE_ARRAY) == {
        ("outcomes",): (1, 1),
        ("outcomes", 0): (2, 3),
        ("outcomes", 1): (4, 3),
        ("outcomes", 2): (6, 3),
    }


NESTED_ARRAYS = lines(
    "k = [[1,2],[3]]",
    "m = [ [ 1 ], [ ], ]",
)


def test_nested_arrays_index_each_level() -> None:
    assert key_positions(NESTED_ARRAYS) == {
        ("k",): (1, 1),
        ("k", 0): (1, 6),
        ("k", 0, 0): (1, 7),
        ("k", 0, 1): (1, 9),
        ("k", 1): (1, 12),
        ("k", 1, 0): (1, 13),
        ("m",): (2, 1),
        ("m", 0): (2, 7),
        ("m", 0, 0): (2, 9),
        ("m", 1): (2, 14),
    }


# --- Inline tables ------------------------------------------------------------------------

INLINE_TABLES = lines(
    'q = { prompt = "x", opts = [{ text = "a" }, { text = "b", score = 1 }] }',
    "e = {}",
)


def test_inline_tables_record_their_keys_and_tables_in_arrays_map_to_their_brace() -> None:
    assert key_positions(INLINE_TABLES) == {
        ("q",): (1, 1),
        ("q", "prompt"): (1, 7),
        ("q", "opts"): (1, 21),
        ("q", "opts", 0): (1, 29),
        ("q", "opts", 0, "text"): (1, 31),
        ("q", "opts", 1): (1, 45),
        ("q", "opts", 1, "text"): (1, 47),
        ("q", "opts", 1, "score"): (1, 59),
        ("e",): (2, 1),
    }


INLINE_DOTTED = lines('point = { x.y = 1, "a b" . c = 2 }')


def test_dotted_keys_inside_inline_tables() -> None:
    assert key_positions(INLINE_DOTTED) == {
        ("point",): (1, 1),
        ("point", "x"): (1, 11),
        ("point", "x", "y"): (1, 13),
        ("point", "a b"): (1, 20),
        ("point", "a b", "c"): (1, 28),
    }


# --- What is not structure ------------------------------------------------------------------

COMMENTS = lines(
    "# [commented.out]",
    '# key = "value"',
    "a = 1 # b = 2",
    "#####################################",
    "c = [ # [[not.a.table]]",
    "  1, # ## # ## # ## # ## # ## # ## # ## # ## # ## # ## # ## # ##",
    "] # end",
)


def test_comments_are_skipped_however_many_hashes_they_hold() -> None:
    assert key_positions(COMMENTS) == {
        ("a",): (3, 1),
        ("c",): (5, 1),
        ("c", 0): (6, 3),
    }


STRINGS = lines(
    'a = "a \\" [ = # b"',
    'b = "\\\\"',
    "c = 'C:\\path\\'  # a literal string ends at its next quote",
    "d = 1",
    'e = ["]", \'[\', "\\"]"]',
)


def test_basic_and_literal_strings_hide_brackets_equals_and_hashes() -> None:
    assert key_positions(STRINGS) == {
        ("a",): (1, 1),
        ("b",): (2, 1),
        ("c",): (3, 1),
        ("d",): (4, 1),
        ("e",): (5, 1),
        ("e", 0): (5, 6),
        ("e", 1): (5, 11),
        ("e", 2): (5, 16),
    }


MULTILINE_BASIC = lines(
    'text = """',
    'Quotes "inside" and ""two"" [[fake]]',
    'key = "x"',
    "# not a comment",
    'escaped \\""" still inside \\',
    "    continued after a line-ending backslash",
    'ends with two quotes"""""',
    "after = 1",
    'short = """x"""',
    "last = 2",
)


def test_multiline_basic_strings_end_only_at_an_unescaped_closing_delimiter() -> None:
    assert key_positions(MULTILINE_BASIC) == {
        ("text",): (1, 1),
        ("after",): (8, 1),
        ("short",): (9, 1),
        ("last",): (10, 1),
    }


MULTILINE_LITERAL = lines(
    "a = ''''quoted' and '' two'''''",
    "b = '''",
    "[[fake]]",
    "c = 'x' \\n stays ''' # comment",
    "d = 1",
)


def test_multiline_literal_strings_may_start_and_end_with_extra_quotes() -> None:
    assert key_positions(MULTILINE_LITERAL) == {
        ("a",): (1, 1),
        ("b",): (2, 1),
        ("d",): (5, 1),
    }


SCALARS = lines(
    "int = +1_000",
    "hex = 0xDEAD_beef",
    "float = -3.14e+10",
    "special = [inf, -nan, +inf]",
    "bool = true",
    "odt = 1979-05-27T07:32:00Z",
    "ldt = 1979-05-27 07:32:00.999",
    "ld = 2026-01-01",
    "lt = 07:32:00",
    "mixed = [2026-01-01, 1979-05-27 07:32:00+01:00, false, 1.5]",
    'after = "end"',
)


def test_numbers_booleans_dates_and_times_are_skipped_as_values() -> None:
    positions = key_positions(SCALARS)
    keys = ["int", "hex", "float", "special", "bool", "odt", "ldt", "ld", "lt", "mixed", "after"]
    assert {key: positions[(key,)] for key in keys} == {
        key: (line, 1) for line, key in enumerate(keys, start=1)
    }
    assert positions[("special", 0)] == (4, 12)
    assert positions[("special", 1)] == (4, 17)
    assert positions[("special", 2)] == (4, 23)
    assert positions[("mixed", 0)] == (10, 10)
    assert positions[("mixed", 1)] == (10, 22)
    assert positions[("mixed", 2)] == (10, 49)
    assert positions[("mixed", 3)] == (10, 56)
    assert len(positions) == len(keys) + 3 + 4


# --- Text encoding ------------------------------------------------------------------------------

CRLF = 'a = 1\r\nb = [\r\n  1,\r\n  2,\r\n]\r\n[t]\r\nc = """x\r\ny"""\r\nd = 2\r\n'


def test_crlf_line_endings() -> None:
    assert key_positions(CRLF) == {
        ("a",): (1, 1),
        ("b",): (2, 1),
        ("b", 0): (3, 3),
        ("b", 1): (4, 3),
        ("t",): (6, 1),
        ("t", "c"): (7, 1),
        ("t", "d"): (9, 1),
    }


BOM = "\ufeffa = 1\nb = { c = 2 }\n"


def test_a_byte_order_mark_is_not_a_column() -> None:
    assert key_positions(BOM) == {("a",): (1, 1), ("b",): (2, 1), ("b", "c"): (2, 7)}


UNICODE = lines(
    '"é😀" = { "ü" = ["日本", "x"] }',
    "next = 1",
)


def test_columns_count_characters_not_bytes() -> None:
    assert key_positions(UNICODE) == {
        ("é😀",): (1, 1),
        ("é😀", "ü"): (1, 10),
        ("é😀", "ü", 0): (1, 17),
        ("é😀", "ü", 1): (1, 23),
        ("next",): (2, 1),
    }


def test_an_empty_document_has_no_keys() -> None:
    assert key_positions("") == {}
    assert key_positions("# only a comment\n\n") == {}


# --- A whole scenario -----------------------------------------------------------------------

SCENARIO = lines(
    '# Scenario: a patient who is "not quite right"',
    'id = "deteriorating-patient"',
    'title = "Night shift"',
    "learning_outcomes = [",
    '  "Recognise early warning signs",  # NEWS2',
    '  "Escalate using SBAR",',
    "]",
    'authors = { lead = "A. Nurse", "lived experience" = "R. Patient" }',
    "",
    "[[stages]]",
    'id = "handover"',
    "timing.minutes = 10",
    'narrative = """',
    'The day team say bed 4 is "fine, just tired".',
    "[[fake]]",
    'key = "x"',
    '"""',
    "",
    "[[stages.perspectives]]",
    'role = "patient"',
    "text = '''",
    "[stages.question]",
    "nobody = 'listens'",
    "'''",
    "",
    "[[stages.perspectives]]",
    'role = "nurse"',
    "",
    "[stages.question]",
    'prompt = "What do you do next?"',
    "",
    "[[stages.question.options]]",
    'text = "Recheck obs in four hours"',
    'feedback = { tone = "caution", text = "NEWS2 was already 5." }',
    "",
    "[[stages.question.options]]",
    'text = "Escalate now"',
    "",
    "[[stages]]",
    'id = "escalation"',
    "",
    "[[stages.perspectives]]",
    'role = "registrar"',
)


def test_a_realistic_scenario() -> None:
    positions = key_positions(SCENARIO)
    options = ("stages", 0, "question", "options")
    assert {
        path: positions[path]
        for path in [
            ("id",),
            ("learning_outcomes", 0),
            ("learning_outcomes", 1),
            ("authors", "lead"),
            ("authors", "lived experience"),
            ("stages",),
            ("stages", 0),
            ("stages", 0, "id"),
            ("stages", 0, "timing"),
            ("stages", 0, "timing", "minutes"),
            ("stages", 0, "narrative"),
            ("stages", 0, "perspectives"),
            ("stages", 0, "perspectives", 0, "role"),
            ("stages", 0, "perspectives", 0, "text"),
            ("stages", 0, "perspectives", 1),
            ("stages", 0, "question"),
            ("stages", 0, "question", "prompt"),
            (*options, 0),
            (*options, 0, "feedback"),
            (*options, 0, "feedback", "tone"),
            (*options, 0, "feedback", "text"),
            (*options, 1),
            (*options, 1, "text"),
            ("stages", 1),
            ("stages", 1, "id"),
            ("stages", 1, "perspectives", 0),
            ("stages", 1, "perspectives", 0, "role"),
        ]
    } == {
        ("id",): (2, 1),
        ("learning_outcomes", 0): (5, 3),
        ("learning_outcomes", 1): (6, 3),
        ("authors", "lead"): (8, 13),
        ("authors", "lived experience"): (8, 32),
        ("stages",): (10, 1),
        ("stages", 0): (10, 1),
        ("stages", 0, "id"): (11, 1),
        ("stages", 0, "timing"): (12, 1),
        ("stages", 0, "timing", "minutes"): (12, 8),
        ("stages", 0, "narrative"): (13, 1),
        ("stages", 0, "perspectives"): (19, 1),
        ("stages", 0, "perspectives", 0, "role"): (20, 1),
        ("stages", 0, "perspectives", 0, "text"): (21, 1),
        ("stages", 0, "perspectives", 1): (26, 1),
        ("stages", 0, "question"): (29, 1),
        ("stages", 0, "question", "prompt"): (30, 1),
        (*options, 0): (32, 1),
        (*options, 0, "feedback"): (34, 1),
        (*options, 0, "feedback", "tone"): (34, 14),
        (*options, 0, "feedback", "text"): (34, 32),
        (*options, 1): (36, 1),
        (*options, 1, "text"): (37, 1),
        ("stages", 1): (39, 1),
        ("stages", 1, "id"): (40, 1),
        ("stages", 1, "perspectives", 0): (42, 1),
        ("stages", 1, "perspectives", 0, "role"): (43, 1),
    }
    # Text inside multi-line strings is never taken for structure.
    assert not any("fake" in path or "key" in path or "nobody" in path for path in positions)
    assert ("stages", 0, "perspectives", 2) not in positions


# --- Cross-check against tomllib ---------------------------------------------------------------

DOCUMENTS = {
    "keys": KEYS,
    "dotted": DOTTED,
    "first_wins": FIRST_WINS,
    "tables": TABLES,
    "implied": IMPLIED,
    "array_of_tables": ARRAY_OF_TABLES,
    "nested_array_of_tables": NESTED_ARRAY_OF_TABLES,
    "sub_tables": SUB_TABLES,
    "inline_array": INLINE_ARRAY,
    "multiline_array": MULTILINE_ARRAY,
    "nested_arrays": NESTED_ARRAYS,
    "inline_tables": INLINE_TABLES,
    "inline_dotted": INLINE_DOTTED,
    "comments": COMMENTS,
    "strings": STRINGS,
    "multiline_basic": MULTILINE_BASIC,
    "multiline_literal": MULTILINE_LITERAL,
    "scalars": SCALARS,
    "crlf": CRLF,
    "bom": BOM,
    "unicode": UNICODE,
    "scenario": SCENARIO,
}


def assert_agrees_with_tomllib(text: str) -> None:
    """The scanner finds exactly tomllib's paths, and each points at what it names."""
    positions = key_positions(text)
    found = set(positions)
    parsed = paths_in(tomllib.loads(text.removeprefix("\ufeff")))  # tomllib rejects a BOM
    # Every path whose leaf is a key exists in tomllib's result...
    assert {path for path in found if isinstance(path[-1], str)} <= parsed
    # ...and so does every path ending in an array index.
    assert found <= parsed
    # Every path of tomllib's result, dict keys and list indexes at any depth, has a position.
    assert parsed <= found
    rows = text.removeprefix("\ufeff").split("\n")
    for path, (line, column) in positions.items():
        there = rows[line - 1][column - 1 :]
        leaf = path[-1]
        if isinstance(leaf, str):  # the key itself, its opening quote or a header's [
            assert there.startswith((leaf, '"', "'", "[")), (path, there)
        else:  # the first character of a value
            assert there[:1] not in ("", " ", "\t", "\r", ",", "]", "}", "#", "="), (path, there)


@pytest.mark.parametrize("text", DOCUMENTS.values(), ids=DOCUMENTS.keys())
def test_every_example_agrees_with_tomllib(text: str) -> None:
    assert_agrees_with_tomllib(text)


_keys = st.text(max_size=6)
_scalars = st.one_of(
    st.booleans(),
    st.integers(),
    st.floats(),
    st.text(max_size=12),
    st.dates(),
    st.times(),
    st.datetimes(timezones=st.sampled_from([None, dt.UTC])),
)
_values = st.recursive(
    _scalars,
    lambda inner: st.lists(inner, max_size=4) | st.dictionaries(_keys, inner, max_size=4),
    max_leaves=20,
)


@settings(max_examples=300, deadline=None)
@given(
    document=st.dictionaries(_keys, _values, max_size=6),
    multiline_strings=st.booleans(),
    indent=st.integers(0, 4),
)
def test_documents_written_by_tomli_w_agree_with_tomllib(
    document: dict[str, Any], multiline_strings: bool, indent: int
) -> None:
    assert_agrees_with_tomllib(
        tomli_w.dumps(document, multiline_strings=multiline_strings, indent=indent)
    )


# --- Never raises ---------------------------------------------------------------------------------

_TOML_PIECES = st.sampled_from([*"[]{}=,.\"'#\\ \t\r\nabu01:-+_eé😀", '"""', "'''"])


def toml_ish(max_size: int) -> st.SearchStrategy[str]:
    """Text built from TOML's structural characters, to reach the scanner's corners."""
    return st.lists(_TOML_PIECES, max_size=max_size).map("".join)


def assert_scans_anything(text: str) -> None:
    # key_positions has a last-resort guard against exceptions; the scanner must not need it.
    _Scanner(text).scan()
    assert isinstance(key_positions(text), dict)


@settings(max_examples=500, deadline=None)
@given(st.text() | toml_ish(60))
def test_never_raises_on_arbitrary_text(text: str) -> None:
    assert_scans_anything(text)


@settings(max_examples=500, deadline=None)
@given(st.sampled_from(list(DOCUMENTS.values())), st.data())
def test_never_raises_on_truncated_or_damaged_documents(text: str, data: st.DataObject) -> None:
    cut = data.draw(st.integers(0, len(text)))
    assert_scans_anything(text[:cut])
    assert_scans_anything(text[:cut] + data.draw(toml_ish(3)) + text[cut:])


def test_deep_nesting_neither_overflows_nor_records_paths_past_depth_100() -> None:
    positions = key_positions("a = " + "[" * 100_000 + "]" * 100_000 + "\nb = 1\n")
    assert positions[("a", 0, 0, 0)] == (1, 8)
    assert max(len(path) for path in positions) == 100
    assert positions[("b",)] == (2, 1)  # the scan carries on after the deep value
    assert_scans_anything("a = " + "[{b=" * 50_000)


_TOML_FRAGMENTS = st.sampled_from(
    [
        *"[]{}=,.\"' \n",
        *['"""', "'''", "\r\n", "# c\n", "a", "b", "a = ", "b.c = ", "1", "true", "'x'", '"y"'],
        *["[a]\n", "[[a]]\n", "[a.b]\n", "[[a.b]]\n", "[1, 2]", "{ c = 1 }"],
    ]
)


@settings(max_examples=1000, deadline=None)
@given(st.lists(_TOML_FRAGMENTS, max_size=25).map("".join))
def test_any_random_text_that_tomllib_accepts_agrees_with_it(text: str) -> None:
    assert_scans_anything(text)
    try:
        tomllib.loads(text)
    except tomllib.TOMLDecodeError:
        return
    assert_agrees_with_tomllib(text)
