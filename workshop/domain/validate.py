"""Turn the dict that tomllib read into a Scenario, or say everything wrong with it.

Two passes. The first checks every key against the declarations in
`format_spec` (unknown keys, kinds, required keys, limits) and keeps only the
values that passed. The second applies the rules that span keys (unique ids,
references, perspectives per stage, the story's paths, language) to what the
first kept, so that one mistake is reported once and all problems of a file
come out together.
"""

from __future__ import annotations

import difflib
import re
from collections.abc import Iterator, Mapping
from dataclasses import dataclass
from datetime import date, datetime
from typing import Any, cast

from workshop.domain.format_spec import SCENARIO_KEYS, Key
from workshop.domain.problems import KeyPath, Problem, Severity, format_key_path
from workshop.domain.scenario import (
    DEFAULT_EPILOGUE_TITLE,
    Author,
    ContentNote,
    Debrief,
    Epilogue,
    Option,
    Perspective,
    PerspectiveKind,
    Provenance,
    Question,
    Scenario,
    Stage,
)

RISK_STRATIFICATION = ("low risk", "medium risk", "high risk", "risk score")
UNSAFE_LANGUAGE = (
    "committed suicide",
    "successful suicide",
    "failed attempt",
    "attention seeking",
    "attention-seeking",
    "manipulative",
)
SAFER_WORDING = {
    "committed suicide": "say 'died by suicide' or 'took their own life'",
    "successful suicide": "say 'died by suicide'",
    "failed attempt": "say 'survived a suicide attempt' or describe what happened",
    "attention seeking": "describe the need behind the behaviour, e.g. 'seeking help'",
    "attention-seeking": "describe the need behind the behaviour, e.g. 'seeking help'",
    "manipulative": "describe what the person did and the need behind it",
}
AIRTIME_RATIO = 3
SCORING_KEYS = frozenset({"correct", "right", "wrong", "score", "points", "best", "answer"})

_KIND_NAMES = {
    "string": "text in quotes",
    "integer": "a whole number (no quotes)",
    "boolean": "true or false (no quotes)",
    "date": "a date such as 2027-06-30 (no quotes)",
    "strings": 'a list of texts, e.g. ["first", "second"]',
    "table": "a table",
}


@dataclass(frozen=True)
class Validation:
    """The outcome of checking one file: a scenario when there is no error."""

    scenario: Scenario | None
    problems: tuple[Problem, ...]

    @property
    def errors(self) -> tuple[Problem, ...]:
        return tuple(p for p in self.problems if p.is_error)

    @property
    def warnings(self) -> tuple[Problem, ...]:
        return tuple(p for p in self.problems if not p.is_error)


def validate(data: Mapping[str, Any], today: date) -> Validation:
    """Check a parsed scenario file; `today` decides whether `review_by` has passed."""
    checker = _Checker(today)
    clean = checker.table(data, SCENARIO_KEYS, ())
    checker.cross_checks(clean)
    scenario = None if any(p.is_error for p in checker.problems) else _build(clean)
    return Validation(scenario, tuple(checker.problems))


def _type_name(value: object) -> str:
    if isinstance(value, bool):
        return "true/false"
    if isinstance(value, int | float):
        return "a number"
    if isinstance(value, str):
        return "text"
    if isinstance(value, datetime):
        return "a date with a time"
    if isinstance(value, date):
        return "a date"
    if isinstance(value, list):
        return "a list"
    if isinstance(value, dict):
        return "a table"
    return type(value).__name__


def _header(path: KeyPath) -> str:
    """How a table at `path` is written as a header: `stages.question`, without indexes."""
    return ".".join(part for part in path if isinstance(part, str))


def _kind_name(key: Key, path: KeyPath) -> str:
    if key.kind == "tables":
        return f"an array of tables, each written [[{_header(path)}]]"
    if key.kind == "date":
        return "a date without a time, such as 2027-06-30 (no quotes)"
    return _KIND_NAMES[key.kind]


def _plural(count: int, noun: str) -> str:
    return f"{count} {noun}" if count == 1 else f"{count} {noun}s"


class _Checker:
    def __init__(self, today: date) -> None:
        self.today = today
        self.problems: list[Problem] = []

    def add(self, severity: Severity, path: KeyPath, message: str) -> None:
        self.problems.append(Problem(severity, path, message))

    # First pass: each key against its declaration.

    def table(
        self, raw: Mapping[str, Any], keys: Mapping[str, Key], path: KeyPath
    ) -> dict[str, Any]:
        clean: dict[str, Any] = {}
        suggested: set[str] = set()
        for name, value in raw.items():
            key = keys.get(name)
            if key is None:
                close = difflib.get_close_matches(name, [k for k in keys if k not in raw], n=1)
                suggested.update(close)
                self.add("error", (*path, name), self._unknown_key_message(name, keys, close))
                continue
            checked = self.value(value, key, (*path, name), name)
            if checked is not None:
                clean[name] = checked
        for name, key in keys.items():
            if key.required and name not in raw and name not in suggested:
                where = format_where(path)
                self.add(
                    "error",
                    (*path, name),
                    f"missing required key '{name}' {where}: {key.description}",
                )
        return clean

    def _unknown_key_message(self, name: str, keys: Mapping[str, Key], close: list[str]) -> str:
        if name.lower() in SCORING_KEYS:
            return (
                f"unknown key '{name}': options cannot be marked right or wrong; risk "
                "decisions are judged on the quality of reasoning, not scored"
            )
        close = close or difflib.get_close_matches(name, list(keys), n=1)
        if close:
            return f"unknown key '{name}'; did you mean '{close[0]}'?"
        return f"unknown key '{name}'; the keys allowed here are: {', '.join(keys)}"

    def value(self, value: object, key: Key, path: KeyPath, name: str) -> Any:
        if key.kind == "table":
            if not isinstance(value, dict):
                self.add(
                    "error",
                    path,
                    f"must be {_kind_name(key, path)}, written [{_header(path)}], "
                    f"not {_type_name(value)}",
                )
                return None
            return self.table(value, key.keys, path)
        if key.kind == "tables":
            return self.tables(value, key, path, name)
        if key.kind == "strings":
            return self.strings(value, key, path)
        return self.scalar(value, key, path, name)

    def tables(
        self, value: object, key: Key, path: KeyPath, name: str
    ) -> list[dict[str, Any]] | None:
        if not isinstance(value, list) or not all(isinstance(item, dict) for item in value):
            self.add("error", path, f"must be {_kind_name(key, path)}, not {_type_name(value)}")
            return None
        self.count(len(value), key, path, name.removesuffix("s"))
        return [self.table(item, key.keys, (*path, index)) for index, item in enumerate(value)]

    def count(self, count: int, key: Key, path: KeyPath, noun: str) -> None:
        if key.low is not None and key.high is not None and not key.low <= count <= key.high:
            self.add("error", path, f"needs {key.low} to {key.high} {noun}s, found {count}")
        elif key.low is not None and count < key.low:
            self.add("error", path, f"needs at least {_plural(key.low, noun)}, found {count}")

    def strings(self, value: object, key: Key, path: KeyPath) -> tuple[str, ...] | None:
        if not isinstance(value, list):
            self.add("error", path, f"must be {_KIND_NAMES['strings']}, not {_type_name(value)}")
            return None
        kept: list[str] = []
        for index, item in enumerate(value):
            item_path = (*path, index)
            if not isinstance(item, str):
                self.add("error", item_path, f"must be text in quotes, not {_type_name(item)}")
            elif not item.strip():
                self.add("error", item_path, "must not be empty")
            elif key.choices and item not in key.choices:
                self.add("error", item_path, self._choice_message(item, key.choices))
            else:
                kept.append(item)
        if key.low is not None and len(value) < key.low:
            self.add("error", path, f"needs at least {_plural(key.low, 'entry')}, found none")
        return tuple(kept)

    def scalar(self, value: object, key: Key, path: KeyPath, name: str) -> Any:
        expected: tuple[type, ...] = {
            "string": (str,),
            "integer": (int,),
            "boolean": (bool,),
            "date": (date,),
        }[key.kind]
        wrong_type = (
            not isinstance(value, expected)
            or (key.kind == "integer" and isinstance(value, bool))
            or (key.kind == "date" and isinstance(value, datetime))
        )
        if wrong_type:
            self.add("error", path, f"must be {_kind_name(key, path)}, not {_type_name(value)}")
            return None
        if isinstance(value, str):
            return self.text(value, key, path)
        if key.kind == "integer":
            number = cast(int, value)
            if (key.low is not None and number < key.low) or (
                key.high is not None and number > key.high
            ):
                if key.low == key.high:
                    self.add(
                        "error",
                        path,
                        f"must be {key.low}; this tool reads format {key.low}, found {number}",
                    )
                else:
                    self.add(
                        "error", path, f"must be between {key.low} and {key.high}, found {number}"
                    )
                return None
        return value

    def text(self, value: str, key: Key, path: KeyPath) -> str | None:
        if key.choices and value not in key.choices:
            self.add("error", path, self._choice_message(value, key.choices))
            return None
        if key.pattern and not re.fullmatch(key.pattern, value):
            self.add("error", path, f"'{value}' is not a valid value here: use {key.pattern_rule}")
            return None
        if key.low and not value.strip():
            self.add("error", path, "must not be empty")
            return None
        if key.high and len(value) > key.high:
            self.add("error", path, f"is {len(value)} characters long; the limit is {key.high}")
            return None
        return value

    def _choice_message(self, value: str, choices: tuple[str, ...]) -> str:
        close = difflib.get_close_matches(value, choices, n=1, cutoff=0.6)
        hint = f"; did you mean '{close[0]}'?" if close else ""
        return f"'{value}' is not one of: {', '.join(choices)}{hint}"

    # Second pass: rules that span keys.

    def cross_checks(self, clean: dict[str, Any]) -> None:
        authors: list[dict[str, Any]] = clean.get("authors", [])
        stages: list[dict[str, Any]] = clean.get("stages", [])
        author_refs = self.unique(authors, "ref", ("authors",), "author ref")
        stage_ids = self.unique(stages, "id", ("stages",), "stage id")
        self.provenance(clean.get("provenance"))
        self.review_date(clean.get("review_by"))
        self.co_production(authors, stages)
        self.references(clean, author_refs, stage_ids)
        for index, stage in enumerate(stages):
            self.stage_perspectives(stage, ("stages", index))
        if stages and len(stages) == len(stage_ids) and all("id" in s for s in stages):
            self.story_paths(stages)
        self.language(clean)

    def unique(self, entries: list[dict[str, Any]], key: str, path: KeyPath, noun: str) -> set[str]:
        seen: dict[str, int] = {}
        for index, entry in enumerate(entries):
            value = entry.get(key)
            if value is None:
                continue
            if value in seen:
                self.add(
                    "error",
                    (*path, index, key),
                    f"{noun} '{value}' is already used by {path[-1]}[{seen[value] + 1}]; "
                    "each must be unique",
                )
            else:
                seen[value] = index
        return set(seen)

    def provenance(self, provenance: dict[str, Any] | None) -> None:
        if (
            provenance
            and provenance.get("basis") == "real_story"
            and provenance.get("consent_recorded") is not True
        ):
            where: KeyPath = ("provenance", "consent_recorded")
            self.add(
                "error",
                where,
                "a real story needs the person's consent: set consent_recorded = true once it is "
                'recorded, or use basis = "composite"',
            )

    def review_date(self, review_by: date | None) -> None:
        if review_by is not None and review_by < self.today:
            self.add(
                "warning",
                ("review_by",),
                f"the review date {review_by.isoformat()} has passed: check the content and "
                "support contacts are current, then set a new date",
            )

    def co_production(self, authors: list[dict[str, Any]], stages: list[dict[str, Any]]) -> None:
        if authors and not any(a.get("perspective") == "lived_experience" for a in authors):
            self.add(
                "warning",
                ("authors",),
                "no author has the lived_experience perspective: credit the lived-experience "
                "co-author(s) so that co-production is visible",
            )
        reveals = [s.get("reveal") for s in stages]
        if stages and all(r == "professional_first" for r in reveals):
            self.add(
                "warning",
                ("stages", 0, "reveal"),
                'every stage sets reveal = "professional_first": lived experience never leads; '
                "let it go first on at least one stage",
            )

    def references(self, clean: dict[str, Any], author_refs: set[str], stage_ids: set[str]) -> None:
        def check_author(ref: str | None, path: KeyPath) -> None:
            if ref is not None and ref not in author_refs:
                self.add(
                    "error",
                    path,
                    self._missing_message("author", ref, author_refs, "[[authors]] ref"),
                )

        def check_stage(target: str | None, path: KeyPath) -> None:
            if target is not None and target not in stage_ids:
                self.add(
                    "error", path, self._missing_message("stage", target, stage_ids, "stage id")
                )

        epilogue = clean.get("epilogue")
        if epilogue:
            check_author(epilogue.get("author"), ("epilogue", "author"))
        for index, stage in enumerate(clean.get("stages", [])):
            path: KeyPath = ("stages", index)
            check_stage(stage.get("next"), (*path, "next"))
            for p_index, perspective in enumerate(stage.get("perspectives", [])):
                check_author(perspective.get("author"), (*path, "perspectives", p_index, "author"))
            for o_index, option in enumerate(stage.get("question", {}).get("options", [])):
                check_stage(option.get("next"), (*path, "question", "options", o_index, "next"))

    def _missing_message(self, noun: str, name: str, known: set[str], what: str) -> str:
        close = difflib.get_close_matches(name, sorted(known), n=1, cutoff=0.6)
        if close:
            return f"no {noun} '{name}' in this file; did you mean '{close[0]}'?"
        listing = ", ".join(sorted(known)) or "none yet"
        return f"no {noun} '{name}' in this file; use a {what} ({listing})"

    def stage_perspectives(self, stage: dict[str, Any], path: KeyPath) -> None:
        perspectives: list[dict[str, Any]] | None = stage.get("perspectives")
        if perspectives is None:
            return
        if not perspectives:
            return  # "needs at least 1 perspective" has said it already
        kinds = {p.get("perspective") for p in perspectives}
        missing = [k for k in ("lived_experience", "professional") if k not in kinds]
        if missing and all("perspective" in p for p in perspectives):
            self.add(
                "error",
                (*path, "perspectives"),
                f"each stage needs a lived_experience and a professional perspective; add a "
                f'[[stages.perspectives]] with perspective = "{missing[0]}"',
            )
            return
        lengths = {
            kind: sum(len(p.get("text", "")) for p in perspectives if p.get("perspective") == kind)
            for kind in ("lived_experience", "professional")
        }
        longer, shorter = sorted(lengths, key=lambda k: lengths[k], reverse=True)
        ratio = lengths[longer] / lengths[shorter] if lengths[shorter] else 0.0
        longer_name, shorter_name = longer.replace("_", "-"), shorter.replace("_", "-")
        if ratio > AIRTIME_RATIO:
            self.add(
                "warning",
                (*path, "perspectives"),
                f"the {longer_name} text is {ratio:.1f} times as long as the {shorter_name} "
                "text: give both voices similar airtime",
            )

    def story_paths(self, stages: list[dict[str, Any]]) -> None:
        index_of = {stage["id"]: index for index, stage in enumerate(stages)}

        def successors(index: int) -> list[int | None]:
            stage = stages[index]
            default = stage.get("next")
            default_index = (
                index_of.get(default)
                if default
                else (index + 1 if index + 1 < len(stages) else None)
            )
            options = stage.get("question", {}).get("options") or [{}]
            return [index_of.get(o["next"]) if o.get("next") else default_index for o in options]

        graph = {index: successors(index) for index in range(len(stages))}
        reachable = _closure({0}, lambda i: [n for n in graph[i] if n is not None])
        ends = {i for i, nexts in graph.items() if None in nexts}
        reverse: dict[int, list[int]] = {i: [] for i in graph}
        for source, targets in graph.items():
            for target in targets:
                if target is not None:
                    reverse[target].append(source)
        reaches_end = _closure(ends, lambda i: reverse[i])
        for index, stage in enumerate(stages):
            if index not in reachable:
                self.add(
                    "warning",
                    ("stages", index),
                    f"stage '{stage['id']}' cannot be reached from the first stage "
                    f"'{stages[0]['id']}': point a `next` at it, or remove it",
                )
            elif index not in reaches_end:
                self.add(
                    "warning",
                    ("stages", index),
                    f"no path from stage '{stage['id']}' reaches the end of the story: "
                    "its `next` keys only loop back",
                )

    def language(self, clean: dict[str, Any]) -> None:
        for path, text in _texts(clean, ()):
            scored_text = (
                len(path) >= 4
                and path[0] == "stages"
                and (path[2] == "perspectives" or path[2:4] == ("question", "options"))
                and path[-1] == "text"
            )
            if scored_text:
                for phrase in _phrases_in(
                    _RISK_STRATIFICATION_RE, text, _RISK_STRATIFICATION_KEYWORDS
                ):
                    self.add(
                        "warning",
                        path,
                        f"'{phrase}' is risk-stratification language, which current guidance "
                        "(NICE NG225) advises against: describe the person's needs, "
                        "strengths and safety instead",
                    )
            for phrase in _phrases_in(_UNSAFE_LANGUAGE_RE, text, _UNSAFE_LANGUAGE_KEYWORDS):
                self.add(
                    "warning",
                    path,
                    f"'{phrase}' is language that safe-messaging guidance advises against: "
                    f"{SAFER_WORDING[phrase]}",
                )


def format_where(path: KeyPath) -> str:
    if not path:
        return "at the top of the file"
    return f"in {format_key_path(path)}"


def _phrase_pattern(phrases: tuple[str, ...]) -> re.Pattern[str]:
    """One pass over a text finds every phrase, whatever the spacing and case."""
    alternatives = (r"\s+".join(map(re.escape, phrase.split())) for phrase in phrases)
    return re.compile(rf"\b(?:{'|'.join(alternatives)})\b", re.IGNORECASE)


_RISK_STRATIFICATION_RE = _phrase_pattern(RISK_STRATIFICATION)
_UNSAFE_LANGUAGE_RE = _phrase_pattern(UNSAFE_LANGUAGE)


# Words that every flagged phrase contains: texts without any of them, almost
# all of them, skip the regular expression.
_RISK_STRATIFICATION_KEYWORDS = ("risk",)
_UNSAFE_LANGUAGE_KEYWORDS = ("suicide", "attempt", "attention", "manipulative")


def _phrases_in(pattern: re.Pattern[str], text: str, keywords: tuple[str, ...]) -> list[str]:
    lowered = text.lower()
    if not any(keyword in lowered for keyword in keywords):
        return []
    found = (" ".join(match.group().lower().split()) for match in pattern.finditer(text))
    return list(dict.fromkeys(found))


def _texts(value: object, path: KeyPath) -> Iterator[tuple[KeyPath, str]]:
    if isinstance(value, str):
        yield path, value
    elif isinstance(value, dict):
        for key, item in value.items():
            yield from _texts(item, (*path, key))
    elif isinstance(value, list | tuple):
        for index, item in enumerate(value):
            yield from _texts(item, (*path, index))


def _closure(start: set[int], neighbours: Any) -> set[int]:
    seen = set(start)
    todo = list(start)
    while todo:
        for following in neighbours(todo.pop()):
            if following not in seen:
                seen.add(following)
                todo.append(following)
    return seen


# Building the values, once the file has no error.


def _build(clean: dict[str, Any]) -> Scenario:
    provenance = clean.get("provenance")
    epilogue = clean.get("epilogue")
    debrief = clean.get("debrief")
    return Scenario(
        format=clean["format"],
        id=clean["id"],
        title=clean["title"],
        summary=clean["summary"],
        minutes=clean["minutes"],
        learning_outcomes=clean["learning_outcomes"],
        version=clean.get("version"),
        language=clean.get("language", "en-GB"),
        audiences=clean.get("audiences", ()),
        risk_domains=clean.get("risk_domains", ()),
        review_by=clean.get("review_by"),
        provenance=Provenance(**provenance) if provenance is not None else None,
        authors=tuple(Author(**a) for a in clean["authors"]),
        content_note=ContentNote(**clean["content_note"]),
        stages=tuple(_build_stage(s) for s in clean["stages"]),
        epilogue=Epilogue(
            text=epilogue["text"],
            title=epilogue.get("title", DEFAULT_EPILOGUE_TITLE),
            author=epilogue.get("author"),
        )
        if epilogue is not None
        else None,
        debrief=Debrief(**debrief) if debrief is not None else None,
        signposting_extra=clean.get("signposting", {}).get("extra", ()),
    )


def _build_stage(stage: dict[str, Any]) -> Stage:
    question = stage.get("question")
    return Stage(
        id=stage["id"],
        title=stage["title"],
        narrative=stage["narrative"],
        perspectives=tuple(
            Perspective(
                perspective=cast(PerspectiveKind, p["perspective"]),
                text=p["text"],
                voice=p.get("voice"),
                author=p.get("author"),
            )
            for p in stage["perspectives"]
        ),
        question=Question(
            prompt=question["prompt"],
            options=tuple(Option(**o) for o in question["options"]),
            revote=question.get("revote", False),
        )
        if question is not None
        else None,
        minutes=stage.get("minutes"),
        discussion=stage.get("discussion", ()),
        facilitator_notes=stage.get("facilitator_notes"),
        reveal=stage.get("reveal", "lived_experience_first"),
        wellbeing_check=stage.get("wellbeing_check", False),
        next=stage.get("next"),
    )
