"""A scenario as the rest of the tool sees it: checked, immutable values.

Only the validator builds these, so code that holds a `Scenario` can rely on
every rule of the format (ids unique, references resolved, 2 to 9 options).
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date
from typing import Literal

PerspectiveKind = Literal["lived_experience", "professional", "carer"]
PERSPECTIVE_KINDS: tuple[PerspectiveKind, ...] = ("lived_experience", "professional", "carer")
PERSPECTIVE_LABELS: dict[str, str] = {
    "lived_experience": "Lived experience",
    "professional": "Professional",
    "carer": "Carer",
}
RISK_DOMAINS = ("to_self", "to_others", "from_others", "self_neglect", "exploitation", "other")
RISK_DOMAIN_LABELS: dict[str, str] = {
    "to_self": "risk to self",
    "to_others": "risk to others",
    "from_others": "risk from others",
    "self_neglect": "self-neglect",
    "exploitation": "exploitation",
    "other": "other",
}
BASES = ("real_story", "composite", "fictional", "example")
REVEALS = ("lived_experience_first", "professional_first", "carer_first")
DEBRIEF_MODELS = ("diamond", "pearls", "plus_delta", "open")
MAX_OPTIONS = 9
REAL_STORY_EPILOGUE_TITLE = "What actually happened"
DEFAULT_EPILOGUE_TITLE = "What happened next"
"""Neutral, for composites, fictional stories and examples: only a real story 'actually'
happened."""
EXAMPLE_NOTICE = (
    "Example scenario: written to show the format, not co-produced. Adapt it with "
    "lived-experience co-authors before using it in training."
)
"""What the library, the welcome screen and every report say of an example."""


@dataclass(frozen=True)
class Author:
    ref: str
    name: str
    perspective: PerspectiveKind
    contribution: str | None = None


@dataclass(frozen=True)
class Provenance:
    basis: str | None = None
    consent_recorded: bool | None = None
    statement: str | None = None


@dataclass(frozen=True)
class ContentNote:
    topics: tuple[str, ...]
    text: str


@dataclass(frozen=True)
class Perspective:
    perspective: PerspectiveKind
    text: str
    voice: str | None = None
    author: str | None = None


@dataclass(frozen=True)
class Option:
    text: str
    consequence: str | None = None
    next: str | None = None


@dataclass(frozen=True)
class Question:
    prompt: str
    options: tuple[Option, ...]
    revote: bool = False


@dataclass(frozen=True)
class Stage:
    id: str
    title: str
    narrative: str
    perspectives: tuple[Perspective, ...]
    question: Question | None = None
    minutes: int | None = None
    discussion: tuple[str, ...] = ()
    facilitator_notes: str | None = None
    reveal: str = "lived_experience_first"
    wellbeing_check: bool = False
    next: str | None = None

    def perspectives_in_reveal_order(self) -> tuple[Perspective, ...]:
        """Lived experience leads unless the stage says otherwise; carers follow both.

        `carer_first` is for the carer's own stage: the carer is heard first, then
        lived experience, then the professional.
        """
        order = _REVEAL_ORDERS.get(self.reveal, _REVEAL_ORDERS["lived_experience_first"])
        return tuple(sorted(self.perspectives, key=lambda p: order.index(p.perspective)))


_REVEAL_ORDERS: dict[str, tuple[str, ...]] = {
    "lived_experience_first": ("lived_experience", "professional", "carer"),
    "professional_first": ("professional", "lived_experience", "carer"),
    "carer_first": ("carer", "lived_experience", "professional"),
}


@dataclass(frozen=True)
class Epilogue:
    text: str
    title: str = DEFAULT_EPILOGUE_TITLE
    author: str | None = None


@dataclass(frozen=True)
class Debrief:
    model: str = "open"
    prompts: tuple[str, ...] = ()


@dataclass(frozen=True)
class Scenario:
    id: str
    title: str
    summary: str
    minutes: int
    learning_outcomes: tuple[str, ...]
    authors: tuple[Author, ...]
    content_note: ContentNote
    stages: tuple[Stage, ...]
    format: int = 1
    version: str | None = None
    language: str = "en-GB"
    audiences: tuple[str, ...] = ()
    risk_domains: tuple[str, ...] = ()
    review_by: date | None = None
    provenance: Provenance | None = None
    epilogue: Epilogue | None = None
    debrief: Debrief | None = None
    signposting_extra: tuple[str, ...] = ()

    @property
    def basis(self) -> str | None:
        return self.provenance.basis if self.provenance else None

    @property
    def is_example(self) -> bool:
        """Written to show the tool and the format: no real or co-produced story behind it."""
        return self.basis == "example"

    def stage(self, stage_id: str) -> Stage:
        for stage in self.stages:
            if stage.id == stage_id:
                return stage
        raise KeyError(stage_id)

    def author(self, ref: str | None) -> Author | None:
        return next((a for a in self.authors if a.ref == ref), None)

    def default_next(self, stage_id: str) -> str | None:
        """The stage after `stage_id` when no option says otherwise; None ends the story."""
        stage = self.stage(stage_id)
        if stage.next is not None:
            return stage.next
        index = self.stages.index(stage)
        return self.stages[index + 1].id if index + 1 < len(self.stages) else None

    def next_stage_id(self, stage_id: str, option_number: int | None) -> str | None:
        """Where the story goes after `stage_id` when the group went with option N (1-based)."""
        stage = self.stage(stage_id)
        if option_number is not None and stage.question is not None:
            option = stage.question.options[option_number - 1]
            if option.next is not None:
                return option.next
        return self.default_next(stage_id)

    def successors(self, stage_id: str) -> tuple[str | None, ...]:
        """Every stage the story can go to next; None stands for the end."""
        stage = self.stage(stage_id)
        if stage.question is None:
            return (self.default_next(stage_id),)
        return tuple(
            dict.fromkeys(
                self.next_stage_id(stage_id, n) for n in range(1, len(stage.question.options) + 1)
            )
        )
