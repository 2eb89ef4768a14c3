"""Several cohorts through the same scenario, side by side.

Records of different scenarios are refused with MixedScenariosError rather
than grouped: their stages and options do not line up, and a comparison that
quietly put them together would mislead. Each cohort keeps its own
small-group folding, by its own `min_group`: a group folded in one cohort's
round (too small to show, or the smallest shown group folded with the only
small one) is counted only in that cohort's total.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass

from workshop.domain.scenario import Scenario
from workshop.domain.session import Session
from workshop.domain.tally import folded_sentence, folding_rule
from workshop.report import html as page_html
from workshop.report import markdown as md
from workshop.report.charts import Bar, esc, option_block
from workshop.report.csv_export import sessions_csv
from workshop.report.html import counts_table
from workshop.report.model import (
    ALL_VOTES,
    RoundView,
    SessionView,
    StageView,
    group_label,
    option_label,
    same_scenario,
    session_view,
    stage_order,
)
from workshop.words import EXAMPLE_NOTICE, minutes, percent, round_label


@dataclass(frozen=True)
class CohortVisit:
    """One cohort's visit of one stage."""

    label: str
    series: int  # which session, for the chart style
    stage: StageView


@dataclass(frozen=True)
class StageComparison:
    stage_id: str
    title: str
    prompt: str | None
    options: tuple[str, ...]
    known_options: int
    visits: tuple[CohortVisit, ...]
    missing: tuple[str, ...]  # labels of the sessions that never reached this stage

    def option_label(self, number: int) -> str:
        return option_label(self.options, self.known_options, number)

    @property
    def rounds(self) -> tuple[int, ...]:
        return tuple(sorted({r.number for v in self.visits for r in v.stage.rounds}))


@dataclass(frozen=True)
class Comparison:
    views: tuple[SessionView, ...]
    labels: tuple[str, ...]  # one per view, unique
    stages: tuple[StageComparison, ...]

    @property
    def title(self) -> str:
        return self.views[0].title

    @property
    def facts(self) -> list[tuple[str, str]]:
        first = self.views[0]
        versions = sorted({v.info.scenario_version or "none" for v in self.views})
        files = {v.info.scenario_sha256 for v in self.views}
        scenario = f"{first.title} ({first.info.scenario_id}, version {', '.join(versions)})"
        facts = [("Scenario", scenario)]
        if len(files) > 1:
            facts.append(
                (
                    "Caution",
                    f"the records were made with {len(files)} different versions of the "
                    "scenario file; option texts are shown only when they are known",
                )
            )
        if first.example:
            facts.append(("Example", EXAMPLE_NOTICE))
        else:
            authors = "; ".join(first.authors) if first.authors else "not shown"
            facts.append(("Written by", authors))
        facts.append(("Sessions compared", str(len(self.views))))
        return facts

    @property
    def privacy_note(self) -> str:
        """The folding rule, once per small-group limit the sessions were run with."""
        apart = "Each session's groups are folded on their own, inside that session's total."
        sizes = sorted({v.info.min_group for v in self.views})
        if sizes == [1]:
            return folding_rule(1)  # nothing is folded, in any session
        if len(sizes) == 1:
            return f"{folding_rule(sizes[0])} {apart}"
        pairs = list(zip(self.labels, self.views, strict=True))
        rules = [
            f"In {_listed([label for label, v in pairs if v.info.min_group == size])}: "
            f"{folding_rule(size)}"
            for size in sizes
        ]
        return " ".join([f"{apart[:-1]}, by the limit that session was run with.", *rules])


def compare(sessions: Sequence[Session], scenario: Scenario | None) -> Comparison:
    """Line up the sessions stage by stage; MixedScenariosError if their scenarios differ."""
    same_scenario(sessions)
    views = tuple(session_view(s, scenario) for s in sessions)
    labels = _labels(views)
    stages = []
    for stage_id in stage_order(views, scenario):
        visits: list[CohortVisit] = []
        missing: list[str] = []
        for series, view in enumerate(views):
            found = [s for s in view.stages if s.stage_id == stage_id]
            if not found:
                missing.append(labels[series])
            for stage in found:
                again = f" (stage visit {stage.order})" if len(found) > 1 else ""
                visits.append(CohortVisit(labels[series] + again, series, stage))
        longest = max((v.stage for v in visits), key=lambda s: len(s.options))
        known = next((v.stage for v in visits if v.stage.prompt), longest)
        stages.append(
            StageComparison(
                stage_id=stage_id,
                title=known.title,
                prompt=known.prompt,
                options=longest.options,
                known_options=min(v.stage.known_options for v in visits),
                visits=tuple(visits),
                missing=tuple(missing),
            )
        )
    return Comparison(views, labels, tuple(stages))


def _labels(views: Sequence[SessionView]) -> tuple[str, ...]:
    """Cohort and date; the session id as well where two sessions would look the same."""
    plain = [v.label for v in views]
    labels = [
        f"{v.label} ({v.info.short_id})" if plain.count(v.label) > 1 else v.label for v in views
    ]
    return tuple(
        f"{label} #{i}" if labels.count(label) > 1 else label for i, label in enumerate(labels, 1)
    )


def _listed(items: Sequence[str]) -> str:
    """'A', 'A and B', 'A; B and C': labels contain commas, so a list of three uses semicolons."""
    if len(items) < 3:
        return " and ".join(items)
    return f"{'; '.join(items[:-1])} and {items[-1]}"


def _voted(stage: StageComparison, number: int) -> list[tuple[CohortVisit, RoundView]]:
    return [
        (visit, voting)
        for visit in stage.visits
        if (voting := visit.stage.round(number)) is not None
    ]


def _split_rows(stage: StageComparison, number: int) -> list[list[str]]:
    """Each cohort's split by group; a cohort with no votes in the round has no rows."""
    rows = []
    for visit, voting in _voted(stage, number):
        if voting.empty:
            continue
        tally = voting.tally
        open_mark = " (vote still open)" if voting.open else ""
        for group in (*voting.shown, ALL_VOTES):
            total = tally.total if group == ALL_VOTES else tally.group_total(group)
            row = [visit.label + open_mark, group_label(group)]
            for option in range(1, len(stage.options) + 1):
                count = tally.count(option, None if group == ALL_VOTES else group)
                row.append(f"{count} ({percent(count, total)})")
            row.append(str(total))
            rows.append(row)
    return rows


def _round_notes(stage: StageComparison, number: int) -> list[tuple[str, str]]:
    """Per cohort, (kind, sentence): that no votes were entered, or how many are folded."""
    notes = []
    for visit, voting in _voted(stage, number):
        if voting.empty:
            notes.append(("no-votes", f"{visit.label}: {voting.no_votes}"))
        elif voting.folded:
            notes.append(("folded", f"{visit.label}: {folded_sentence(voting.folded)}"))
    return notes


def _times(stage: StageComparison) -> list[str]:
    return [f"{visit.label}: {minutes(visit.stage.seconds)}" for visit in stage.visits]


def _chosen(stage: StageComparison) -> list[str]:
    return [
        f"{visit.label}: {visit.stage.chosen_label or 'no choice recorded'}"
        for visit in stage.visits
        if visit.stage.has_question
    ]


# Markdown


def compare_markdown(sessions: Sequence[Session], scenario: Scenario | None) -> str:
    """Per stage and option, each cohort's split side by side, as Markdown tables."""
    comparison = compare(sessions, scenario)
    lines = [f"# Cohort comparison: {md.text(comparison.title)}", ""]
    lines += [f"- {name}: {md.text(value)}" for name, value in comparison.facts]
    lines += ["", md.text(comparison.privacy_note), "", "## Sessions", ""]
    lines.append(
        md.table(
            ["Session", "Voting mode", "Status", "Stages visited"],
            (
                [
                    md.cell(label),
                    md.cell(v.info.voting_mode),
                    "finished" if v.finished else "unfinished",
                    str(len(v.stages)),
                ]
                for label, v in zip(comparison.labels, comparison.views, strict=True)
            ),
            numeric_from=3,
        )
    )
    for stage in comparison.stages:
        lines += ["", f"## {md.text(stage.title)}", ""]
        if stage.prompt:
            lines += [f"Question: {md.text(stage.prompt)}", ""]
        if stage.known_options:
            lines += [md.cell(stage.option_label(n)) for n in range(1, stage.known_options + 1)]
            lines.append("")
        for number in stage.rounds:
            lines += [f"### {round_label(number)}", ""]
            header = ["Cohort", "Group", *[str(n) for n in range(1, len(stage.options) + 1)]]
            rows = [[md.cell(r[0]), *r[1:]] for r in _split_rows(stage, number)]
            if rows:
                lines += [md.table([*header, "Voters"], rows, numeric_from=2), ""]
            notes = _round_notes(stage, number)
            if notes:
                lines += [*[f"- {md.text(note)}" for _, note in notes], ""]
        if not stage.rounds:
            lines += ["No vote at this stage.", ""]
        chosen = _chosen(stage)
        if chosen:
            lines += ["Chosen:", "", *[f"- {md.text(c)}" for c in chosen], ""]
        lines += ["Time spent:", "", *[f"- {md.text(t)}" for t in _times(stage)], ""]
        if stage.missing:
            lines += [f"Not reached by: {md.text('; '.join(stage.missing))}.", ""]
        while lines[-1] == "":
            lines.pop()
    return "\n".join(lines) + "\n"


# HTML


def compare_html(sessions: Sequence[Session], scenario: Scenario | None) -> str:
    """The comparison as one self-contained HTML file, with a chart per stage and round."""
    comparison = compare(sessions, scenario)
    body = ["<header>", f"<h1>Cohort comparison: {esc(comparison.title)}</h1>"]
    body.append('<dl class="facts">')
    body += [f"<dt>{esc(n)}</dt><dd>{esc(v)}</dd>" for n, v in comparison.facts]
    body += ["</dl>", f'<p class="privacy">{esc(comparison.privacy_note)}</p>', "</header>"]
    body.append("<main>")
    body.append("<h2>Sessions</h2>")
    body.append(
        counts_table(
            "The sessions compared",
            ["Session", "Voting mode", "Status", "Stages visited"],
            [
                [
                    label,
                    v.info.voting_mode,
                    "finished" if v.finished else "unfinished",
                    str(len(v.stages)),
                ]
                for label, v in zip(comparison.labels, comparison.views, strict=True)
            ],
            numeric_from=3,
        )
    )
    for index, stage in enumerate(comparison.stages, 1):
        body.append(_stage_html(index, stage))
    body.append("</main>")
    return page_html.page(f"Cohort comparison: {comparison.title}", body)


def _stage_html(index: int, stage: StageComparison) -> str:
    parts = [f'<section class="stage" id="stage-{index}">', f"<h2>{esc(stage.title)}</h2>"]
    if stage.prompt:
        parts.append(f'<p class="question">{esc(stage.prompt)}</p>')
    styles = page_html.SERIES_STYLES
    for number in stage.rounds:
        voted = _voted(stage, number)
        chart_id = f"c{index}-r{number}"
        parts += [f'<section class="round" id="{chart_id}">', f"<h3>{round_label(number)}</h3>"]
        if all(voting.empty for _, voting in voted):
            parts += [f'<p class="{k}">{esc(n)}</p>' for k, n in _round_notes(stage, number)]
            parts.append("</section>")
            continue
        parts += [
            '<figure class="chart">',
            "<figcaption>For each option, each cohort's votes as a share of all its votes."
            "</figcaption>",
        ]
        for option in range(1, len(stage.options) + 1):
            bars = []
            for visit, voting in voted:
                tally = voting.tally
                count, total = tally.count(option), tally.total
                open_mark = " (vote still open)" if voting.open else ""
                bars.append(
                    Bar(
                        visit.label + open_mark,
                        count / total if total else 0.0,
                        f"{count} of {total} · {percent(count, total)}" if total else "no votes",
                        styles[visit.series % len(styles)],
                    )
                )
            label = stage.option_label(option)
            parts.append(option_block(f"{chart_id}-o{option}", label, bars, round_label(number)))
        parts.append("</figure>")
        header = ["Cohort · group", *[str(n) for n in range(1, len(stage.options) + 1)], "Voters"]
        rows = [[f"{r[0]} · {r[1]}", *r[2:]] for r in _split_rows(stage, number)]
        caption = f"{round_label(number)}: each cohort's split by group"
        parts.append(counts_table(caption, header, rows))
        parts += [f'<p class="{k}">{esc(n)}</p>' for k, n in _round_notes(stage, number)]
        parts.append("</section>")
    if not stage.rounds:
        parts.append("<p>No vote at this stage.</p>")
    chosen = _chosen(stage)
    if chosen:
        parts += ["<h3>Chosen</h3>", page_html.items(chosen)]
    parts += ["<h3>Time spent</h3>", page_html.items(_times(stage))]
    if stage.missing:
        parts.append(f"<p>Not reached by: {esc('; '.join(stage.missing))}.</p>")
    parts.append("</section>")
    return "\n".join(parts)


# CSV


def compare_csv(sessions: Sequence[Session], scenario: Scenario | None) -> str:
    """The rows of every session under one header."""
    same_scenario(sessions)
    return sessions_csv([(s, scenario) for s in sessions])
