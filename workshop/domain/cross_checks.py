"""The rules of the format that span keys: the checker's second pass.

They run on what the first pass kept, so that a key already reported as wrong
is not reported again: unique ids and refs, references, perspectives per
stage and their airtime, provenance and co-production credit, the story's
paths, and the language of every text.
"""

from __future__ import annotations

import difflib
from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from datetime import date
from typing import Any

from workshop.domain.language import language_problems
from workshop.domain.problems import KeyPath, Problem, Severity
from workshop.domain.story_map import paths, story_graph

AIRTIME_RATIO = 3
"""One voice's text more than this many times as long as the other's is a warning."""


@dataclass(frozen=True)
class Airtime:
    """How the lived-experience and professional texts of one stage compare in length."""

    lived_experience: int
    professional: int

    @property
    def ratio(self) -> float:
        """The longer text's length over the shorter's; 0 when one voice is silent."""
        longer = max(self.lived_experience, self.professional)
        shorter = min(self.lived_experience, self.professional)
        return longer / shorter if shorter else 0.0

    @property
    def longer(self) -> str:
        return "lived_experience" if self.lived_experience >= self.professional else "professional"

    @property
    def balanced(self) -> bool:
        return self.ratio <= AIRTIME_RATIO


def airtime(perspectives: Sequence[Mapping[str, Any]]) -> Airtime:
    def length(kind: str) -> int:
        return sum(len(p.get("text", "")) for p in perspectives if p.get("perspective") == kind)

    return Airtime(length("lived_experience"), length("professional"))


def cross_check(clean: Mapping[str, Any], today: date) -> list[Problem]:
    checks = _CrossChecks(today)
    checks.run(clean)
    return checks.problems


class _CrossChecks:
    def __init__(self, today: date) -> None:
        self.today = today
        self.problems: list[Problem] = []

    def add(self, severity: Severity, path: KeyPath, message: str) -> None:
        self.problems.append(Problem(severity, path, message))

    def run(self, clean: Mapping[str, Any]) -> None:
        authors: list[dict[str, Any]] = clean.get("authors", [])
        stages: list[dict[str, Any]] = clean.get("stages", [])
        author_refs = self.unique(authors, "ref", ("authors",), "author ref")
        stage_ids = self.unique(stages, "id", ("stages",), "stage id")
        provenance = clean.get("provenance")
        self.provenance(provenance)
        self.review_date(clean.get("review_by"))
        self.co_production(authors, stages, example=is_example(clean))
        self.references(clean, author_refs, stage_ids)
        for index, stage in enumerate(stages):
            self.stage_perspectives(stage, ("stages", index))
        if stages and len(stages) == len(stage_ids) and all("id" in s for s in stages):
            self.story_paths(stages)
        self.problems += language_problems(clean)

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

    def co_production(
        self, authors: list[dict[str, Any]], stages: list[dict[str, Any]], *, example: bool
    ) -> None:
        if example and authors:
            self.add(
                "warning",
                ("authors",),
                'an example (basis = "example") names no person as an author: remove the '
                "[[authors]], or, once lived-experience co-authors have written it with you, "
                "set basis to composite, fictional or real_story and credit them",
            )
        elif authors and not any(a.get("perspective") == "lived_experience" for a in authors):
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

    def references(
        self, clean: Mapping[str, Any], author_refs: set[str], stage_ids: set[str]
    ) -> None:
        def check_author(ref: str | None, path: KeyPath) -> None:
            if ref is not None and ref not in author_refs:
                self.add(
                    "error",
                    path,
                    _missing_message("author", ref, author_refs, "[[authors]] ref"),
                )

        def check_stage(target: str | None, path: KeyPath) -> None:
            if target is not None and target not in stage_ids:
                self.add("error", path, _missing_message("stage", target, stage_ids, "stage id"))

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

    def stage_perspectives(self, stage: dict[str, Any], path: KeyPath) -> None:
        perspectives: list[dict[str, Any]] | None = stage.get("perspectives")
        if not perspectives:
            return  # missing, or "needs at least 1 perspective" has said it already
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
        balance = airtime(perspectives)
        if not balance.balanced:
            longer = balance.longer
            shorter = "professional" if longer == "lived_experience" else "lived_experience"
            self.add(
                "warning",
                (*path, "perspectives"),
                f"the {longer.replace('_', '-')} text is {balance.ratio:.1f} times as long as "
                f"the {shorter.replace('_', '-')} text: give both voices similar airtime",
            )

    def story_paths(self, stages: list[dict[str, Any]]) -> None:
        graph = story_graph(
            [stage["id"] for stage in stages],
            lambda i: stages[i].get("next"),
            lambda i: [o.get("next") for o in stages[i].get("question", {}).get("options", [])],
        )
        found = paths(graph)
        for index in found.unreachable(len(stages)):
            self.add(
                "warning",
                ("stages", index),
                f"stage '{stages[index]['id']}' cannot be reached from the first stage "
                f"'{stages[0]['id']}': point a `next` at it, or remove it",
            )
        for index in found.never_ends(len(stages)):
            self.add(
                "warning",
                ("stages", index),
                f"no path from stage '{stages[index]['id']}' reaches the end of the story: "
                "its `next` keys only loop back",
            )


def is_example(clean: Mapping[str, Any]) -> bool:
    provenance = clean.get("provenance")
    return isinstance(provenance, Mapping) and provenance.get("basis") == "example"


def _missing_message(noun: str, name: str, known: set[str], what: str) -> str:
    close = difflib.get_close_matches(name, sorted(known), n=1, cutoff=0.6)
    if close:
        return f"no {noun} '{name}' in this file; did you mean '{close[0]}'?"
    listing = ", ".join(sorted(known)) or "none yet"
    return f"no {noun} '{name}' in this file; use a {what} ({listing})"
