"""Scenario values from the tables of a checked file.

Kept apart from the checks so that the rules and the shapes they guard can be
read separately; only `validate` calls it, once a file has no error.
"""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any, cast

from workshop.domain.scenario import (
    DEFAULT_EPILOGUE_TITLE,
    REAL_STORY_EPILOGUE_TITLE,
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


def build_scenario(clean: Mapping[str, Any]) -> Scenario:
    """The values, once the file has no error: every key here passed both checks."""
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
        authors=tuple(Author(**a) for a in clean.get("authors", ())),
        content_note=ContentNote(**clean["content_note"]),
        stages=tuple(_build_stage(s) for s in clean["stages"]),
        epilogue=Epilogue(
            text=epilogue["text"],
            title=epilogue.get("title", _default_epilogue_title(provenance)),
            author=epilogue.get("author"),
        )
        if epilogue is not None
        else None,
        debrief=Debrief(**debrief) if debrief is not None else None,
        signposting_extra=clean.get("signposting", {}).get("extra", ()),
    )


def _build_stage(stage: Mapping[str, Any]) -> Stage:
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


def _default_epilogue_title(provenance: Mapping[str, Any] | None) -> str:
    """Only a real story 'actually' happened; anything else gets the neutral title."""
    basis = provenance.get("basis") if provenance else None
    return REAL_STORY_EPILOGUE_TITLE if basis == "real_story" else DEFAULT_EPILOGUE_TITLE
