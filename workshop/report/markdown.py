"""A session as Markdown: a record to read, share and paste into an evaluation.

Texts from the scenario and the notes are escaped so that a `|` cannot break
a table and a `<` cannot become HTML in a Markdown viewer.
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Sequence

from workshop.domain.scenario import Scenario
from workshop.domain.session import Session
from workshop.domain.tally import folded_sentence
from workshop.report.model import (
    PHASE_LABELS,
    RoundView,
    SessionView,
    StageView,
    group_label,
    options_phrase,
    session_view,
)
from workshop.words import ALL_VOTES_LABEL, EXAMPLE_NOTICE, NOTE_LABELS, minutes, percent

_SPECIAL = re.compile(r"([\\`*_\[\]<>|#])")


def text(value: str) -> str:
    """Plain text made safe for Markdown; line breaks are kept."""
    return _SPECIAL.sub(r"\\\1", value)


def cell(value: str) -> str:
    """Plain text made safe for one table cell: one line, `|` escaped."""
    return text(" ".join(value.split()))


def table(header: Sequence[str], rows: Iterable[Sequence[str]], numeric_from: int = 1) -> str:
    """A pipe table; columns from `numeric_from` on are right-aligned."""
    align = [":--" if i < numeric_from else "--:" for i in range(len(header))]
    lines = [f"| {' | '.join(header)} |", f"| {' | '.join(align)} |"]
    lines += [f"| {' | '.join(row)} |" for row in rows]
    return "\n".join(lines)


def bullets(items: Iterable[str]) -> str:
    """A list whose items may run over several lines."""
    return "\n".join("- " + text(item.strip()).replace("\n", "\n  ") for item in items)


def session_markdown(session: Session, scenario: Scenario | None) -> str:
    """The readable record of one session."""
    view = session_view(session, scenario)
    parts = [header(view)]
    parts += [stage_section(stage) for stage in view.stages]
    parts.append(takeaways_section(view))
    return "\n\n".join(parts) + "\n"


def header(view: SessionView) -> str:
    info = view.info
    version = f", version {info.scenario_version}" if info.scenario_version else ""
    facts = [
        f"Scenario: {text(view.title)} ({text(info.scenario_id)}{text(version)})",
        "Written by: "
        + (
            text("; ".join(view.authors))
            if view.authors
            else "not shown, because the scenario file was not found or has changed "
            "since the session"
        ),
        f"Cohort: {text(view.cohort)}",
        f"Date: {view.date}",
        f"Voting mode: {text(info.voting_mode)}",
        "Facilitation: "
        + (text(", ".join(info.facilitation)) if info.facilitation else "not recorded"),
        f"Status: {text(view.status)}",
        f"Record: session {text(info.session_id)}, workshop {text(info.tool_version)}, "
        f"scenario file SHA-256 {text(info.scenario_sha256[:12])}…",
    ]
    if view.example:
        facts.pop(1)  # an example credits no one
    lines = [f"# Session record: {text(view.title)}", ""]
    if view.example:
        lines += [f"> {EXAMPLE_NOTICE}", ""]
    lines += [f"- {fact}" for fact in facts]
    lines += ["", text(view.privacy_note)]
    return "\n".join(lines)


def stage_section(stage: StageView) -> str:
    lines = [f"## {stage.order}. {text(stage.title)}"]
    if stage.stopped_here:
        where = PHASE_LABELS.get(stage.stopped_here, stage.stopped_here)
        lines += ["", f"**Unfinished:** the session stopped here, at {where}."]
    if stage.prompt:
        lines += ["", f"Question: {text(stage.prompt)}"]
    elif stage.has_question:
        lines += ["", "Question: not available without the scenario file."]
    for voting in stage.rounds:
        lines += ["", round_section(stage, voting)]
    if stage.movement:
        lines += ["", "### Movement from the vote to the re-vote", ""]
        rows = (
            [cell(stage.option_label(n)), str(first), str(second), signed(change)]
            for n, first, second, change in stage.movement
        )
        lines.append(table(["Option", "Vote", "Re-vote", "Change"], rows))
    lines.append("")
    if stage.has_question:
        chosen = stage.chosen_label
        lines.append(f"- Chosen: {text(chosen)}" if chosen else "- Chosen: no choice recorded")
    lines.append(f"- Time spent: {minutes(stage.seconds)}")
    if stage.notes:
        lines += ["", "### Notes"]
        for perspective, texts in stage.notes:
            lines += ["", f"**{text(NOTE_LABELS.get(perspective, perspective))}**", ""]
            lines.append(bullets(texts))
    return "\n".join(lines)


def signed(change: int) -> str:
    return f"{change:+d}" if change else "0"


def round_section(stage: StageView, voting: RoundView) -> str:
    title = voting.label + (" (vote still open: the counts so far)" if voting.open else "")
    lines = [f"### {title}", ""]
    if voting.empty:
        lines.append(voting.no_votes)
        return "\n".join(lines)
    tally = voting.tally
    header_row = ["Option", *[group_label(g) for g in voting.shown], ALL_VOTES_LABEL]
    rows: list[list[str]] = []
    for number in range(1, tally.options + 1):
        row = [cell(stage.option_label(number))]
        row += [
            f"{tally.count(number, g)} ({percent(tally.count(number, g), tally.group_total(g))})"
            for g in voting.shown
        ]
        row.append(f"{tally.count(number)} ({percent(tally.count(number), tally.total)})")
        rows.append(row)
    rows.append(["Voters", *[str(tally.group_total(g)) for g in voting.shown], str(tally.total)])
    lines.append(table(header_row, rows))
    notes = []
    if voting.folded:
        notes.append(folded_sentence(voting.folded))
    if voting.divergent:
        notes.append(f"The groups differ most on {options_phrase(voting.divergent)}.")
    if notes:
        lines += ["", " ".join(notes)]
    return "\n".join(lines)


def takeaways_section(view: SessionView) -> str:
    lines = ["## Take-aways", ""]
    lines.append(bullets(view.takeaways) if view.takeaways else "None recorded.")
    return "\n".join(lines)
