"""The keys of scenario format v1, declared once.

The validator checks files against these declarations and `workshop schema`
turns the same declarations into a JSON Schema, so the two cannot drift.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, field
from typing import Literal

from workshop.domain.scenario import (
    BASES,
    DEBRIEF_MODELS,
    MAX_OPTIONS,
    PERSPECTIVE_KINDS,
    REVEALS,
    RISK_DOMAINS,
)

Kind = Literal["string", "integer", "boolean", "date", "strings", "table", "tables"]

OPTIONAL_IN_AN_EXAMPLE = frozenset({"authors"})
"""Required keys that an example (`basis = "example"`) may leave out: it credits no one."""

ID_PATTERN = r"^[a-z0-9-]{3,64}$"
ID_RULE = "lower-case letters, digits and '-', 3 to 64 characters"
LANGUAGE_PATTERN = r"^[A-Za-z]{2,3}(-[A-Za-z0-9]{1,8})*$"


@dataclass(frozen=True)
class Key:
    """One key of a table: its kind, whether it must be there, and its limits.

    `low`/`high` bound an integer's value, a string's length, or an array's
    number of items.
    """

    kind: Kind
    description: str
    required: bool = False
    choices: tuple[str, ...] = ()
    pattern: str | None = None
    pattern_rule: str = ""
    low: int | None = None
    high: int | None = None
    keys: Mapping[str, Key] = field(default_factory=dict)
    example: str = ""


def _text(description: str, *, required: bool = False, high: int | None = None) -> Key:
    return Key("string", description, required=required, low=1, high=high)


def _choice(description: str, choices: tuple[str, ...], *, required: bool = False) -> Key:
    return Key("string", description, required=required, choices=choices)


PERSPECTIVE_KEYS: dict[str, Key] = {
    "perspective": _choice("whose perspective this is", PERSPECTIVE_KINDS, required=True),
    "text": _text("what they say about this point of the story", required=True),
    "voice": _text('who is speaking, e.g. "Sam" or "Crisis team nurse"'),
    "author": _text("the ref of the [[authors]] entry who wrote it"),
}

OPTION_KEYS: dict[str, Key] = {
    "text": _text("a decision the group could take (never a risk rating)", required=True),
    "consequence": _text("what followed, shown after the vote"),
    "next": _text("the id of the stage that follows when the group goes with this option"),
}

QUESTION_KEYS: dict[str, Key] = {
    "prompt": _text('the question, e.g. "What would you do?"', required=True),
    "revote": Key("boolean", "vote again after the discussion, to show how views moved"),
    "options": Key(
        "tables",
        "the choices, voted with keys 1 to 9 in file order",
        required=True,
        low=2,
        high=MAX_OPTIONS,
        keys=OPTION_KEYS,
    ),
}

STAGE_KEYS: dict[str, Key] = {
    "id": Key(
        "string",
        "the stage's id, unique within the file",
        required=True,
        pattern=ID_PATTERN,
        pattern_rule=ID_RULE,
    ),
    "title": _text("the stage's title", required=True, high=120),
    "narrative": _text("what happens at this point of the story", required=True),
    "minutes": Key(
        "integer", "planned discussion time; drives the on-screen timer", low=1, high=480
    ),
    "discussion": Key("strings", "prompts for the group's discussion"),
    "facilitator_notes": _text("notes for facilitators, never shown on the projected view"),
    "reveal": _choice("which perspective stands on the left and is read first", REVEALS),
    "wellbeing_check": Key("boolean", "offer a check-in or a break after this stage"),
    "next": _text("the id of the stage that follows (default: the next in the file)"),
    "perspectives": Key(
        "tables",
        "the perspectives revealed side by side",
        required=True,
        low=1,
        keys=PERSPECTIVE_KEYS,
    ),
    "question": Key("table", "the question the group votes on", keys=QUESTION_KEYS),
}

AUTHOR_KEYS: dict[str, Key] = {
    "ref": _text("a short id that `author = ...` uses elsewhere; unique", required=True),
    "name": _text("as the author wishes to be credited (a pseudonym is fine)", required=True),
    "perspective": _choice("the perspective the author brings", PERSPECTIVE_KINDS, required=True),
    "contribution": _text("what they contributed"),
}

SCENARIO_KEYS: dict[str, Key] = {
    "format": Key("integer", "the format version; must be 1", required=True, low=1, high=1),
    "id": Key(
        "string",
        "the scenario's id, unique within a library",
        required=True,
        pattern=ID_PATTERN,
        pattern_rule=ID_RULE,
    ),
    "title": _text("the scenario's title", required=True, high=120),
    "summary": _text("one paragraph for the library and the start screen", required=True),
    "minutes": Key(
        "integer", "planned length of the whole scenario", required=True, low=5, high=480
    ),
    "learning_outcomes": Key("strings", "what participants should take away", required=True, low=1),
    "version": _text('the organisers\' own version label, e.g. "1.2"'),
    "language": Key(
        "string",
        "BCP 47 language tag",
        pattern=LANGUAGE_PATTERN,
        pattern_rule='a language tag such as "en-GB" or "cy"',
    ),
    "audiences": Key("strings", 'free labels, e.g. "NHS staff"'),
    "risk_domains": Key("strings", "the kinds of risk the story explores", choices=RISK_DOMAINS),
    "review_by": Key("date", "when the content and contacts should be reviewed"),
    "provenance": Key(
        "table",
        "where the story comes from",
        keys={
            "basis": _choice("where the story comes from", BASES),
            "consent_recorded": Key("boolean", "consent of the person whose story it is"),
            "statement": _text("how the scenario was co-produced, or, for an example, what it is"),
        },
    ),
    "authors": Key(
        "tables",
        'everyone credited (an example, basis = "example", names no one and may leave it out)',
        required=True,
        low=1,
        keys=AUTHOR_KEYS,
    ),
    "content_note": Key(
        "table",
        "shown before the scenario starts",
        required=True,
        keys={
            "topics": Key("strings", 'the topics, e.g. "self-harm"; may be empty', required=True),
            "text": _text("a short, factual note", required=True),
        },
    ),
    "stages": Key("tables", "the story, in stages", required=True, low=1, keys=STAGE_KEYS),
    "epilogue": Key(
        "table",
        "what actually happened",
        keys={
            "title": _text("the epilogue's heading", high=120),
            "text": _text("the epilogue, in the lived-experience author's words", required=True),
            "author": _text("the ref of the [[authors]] entry who wrote it"),
        },
    ),
    "debrief": Key(
        "table",
        "the debrief after the story",
        keys={
            "model": _choice("the debrief model", DEBRIEF_MODELS),
            "prompts": Key("strings", "prompts for the debrief"),
        },
    ),
    "signposting": Key(
        "table",
        "local services added to the support screen",
        keys={"extra": Key("strings", "local services, one per entry")},
    ),
}
