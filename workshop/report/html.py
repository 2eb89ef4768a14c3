"""A session as one self-contained HTML file, with charts, to read on screen or print.

No scripts, fonts, images or style sheets from elsewhere: the file opens on a
machine with no network, and the charts are inline SVG, which prints even when
a browser leaves out background colours. Each perspective group has an
Okabe-Ito colour, a fill pattern and its name written beside every bar, so
nothing is carried by colour alone. Every text is escaped.
"""

from __future__ import annotations

from collections.abc import Sequence

from workshop.domain.scenario import Scenario
from workshop.domain.session import Session
from workshop.domain.tally import GROUPS, folded_sentence
from workshop.palette import OKABE_ITO, SVG_PATTERNS
from workshop.report.charts import Bar, esc, option_block
from workshop.report.model import (
    ALL_VOTES,
    PHASE_LABELS,
    RoundView,
    SessionView,
    StageView,
    group_label,
    session_view,
)
from workshop.words import ALL_VOTES_LABEL, EXAMPLE_NOTICE, NOTE_LABELS, minutes, percent

# Okabe-Ito colours with a fill pattern each: (colour, pattern); the total in black, striped.
STYLES: dict[str, tuple[str, str]] = {
    **{group: (OKABE_ITO[group], SVG_PATTERNS[group]) for group in GROUPS},
    ALL_VOTES: ("#000000", SVG_PATTERNS[ALL_VOTES]),
    "vote": ("#BBBBBB", "stripes"),
    "revote": ("#0072B2", "solid"),
}
SERIES_STYLES: tuple[tuple[str, str], ...] = (
    ("#0072B2", "solid"),
    ("#E69F00", "stripes"),
    ("#009E73", "dots"),
    ("#CC79A7", "crosshatch"),
    ("#D55E00", "hstripes"),
    ("#56B4E9", "vstripes"),
    ("#F0E442", "dots"),
    ("#BBBBBB", "vstripes"),
)

CSS = """
:root { color-scheme: light; }
* { box-sizing: border-box; }
body { font-family: system-ui, -apple-system, "Segoe UI", Roboto, Arial, sans-serif;
  color: #111; background: #fff; line-height: 1.45; margin: 0 auto; padding: 1.5rem;
  max-width: 48rem; }
h1 { font-size: 1.7rem; margin: 0 0 .5rem; }
h2 { font-size: 1.35rem; margin: 2.2rem 0 .4rem; padding-top: .6rem; border-top: 2px solid #111; }
h3 { font-size: 1.1rem; margin: 1.4rem 0 .3rem; }
h4 { font-size: 1rem; margin: 1rem 0 .2rem; }
dl.facts { display: grid; grid-template-columns: max-content 1fr; gap: .15rem 1rem; }
dl.facts dt { font-weight: 600; }
dl.facts dd { margin: 0; }
.privacy, .folded, .note-small { font-size: .92rem; color: #333; }
.example { border-left: .35rem solid #111; padding: .3rem .7rem; background: #f2f2f2; }
.status { font-weight: 600; padding: .3rem .6rem; border: 2px solid #111; display: inline-block; }
.status.unfinished, .tag.open { border-style: dashed; }
.tag { display: inline-block; font-size: .8rem; font-weight: 600; border: 1px solid #111;
  border-radius: .25rem; padding: 0 .35rem; margin-left: .3rem; white-space: nowrap; }
.question { font-size: 1.05rem; font-style: italic; }
figure.chart { margin: .6rem 0 1rem; }
figure.chart figcaption { font-size: .92rem; color: #333; margin-bottom: .3rem; }
.option { margin: .5rem 0 .2rem; }
.option-text { margin: 0; font-weight: 600; }
svg { display: block; max-width: 100%; height: auto; }
svg text { font-family: inherit; font-size: 13px; fill: #111; }
table { border-collapse: collapse; margin: .4rem 0 .8rem; font-size: .92rem; }
caption { text-align: left; padding-bottom: .2rem; }
th, td { border: 1px solid #999; padding: .2rem .5rem; text-align: left; vertical-align: top; }
td.n, th.n { text-align: right; font-variant-numeric: tabular-nums; white-space: nowrap; }
ul { margin: .2rem 0 .6rem; padding-left: 1.4rem; }
footer { margin-top: 2.5rem; font-size: .85rem; color: #333; border-top: 1px solid #999; }
@media print {
  @page { margin: 15mm; }
  body { max-width: none; padding: 0; font-size: 10.5pt; }
  * { -webkit-print-color-adjust: exact; print-color-adjust: exact; }
  h2, h3, h4, .question, figcaption, caption, thead, .option-text {
    break-after: avoid; page-break-after: avoid; }
  .option, tr, dl.facts { break-inside: avoid; page-break-inside: avoid; }
}
""".strip()


def page(title: str, body: Sequence[str]) -> str:
    """A whole HTML document around the given parts."""
    return "\n".join(
        [
            "<!DOCTYPE html>",
            '<html lang="en-GB">',
            "<head>",
            '<meta charset="utf-8">',
            '<meta name="viewport" content="width=device-width, initial-scale=1">',
            f"<title>{esc(title)}</title>",
            f"<style>\n{CSS}\n</style>",
            "</head>",
            "<body>",
            *body,
            "</body>",
            "</html>",
            "",
        ]
    )


def paragraphs(value: str, css_class: str | None = None) -> str:
    attribute = f' class="{css_class}"' if css_class else ""
    blocks = [b.strip() for b in value.split("\n\n") if b.strip()]
    return "\n".join(f"<p{attribute}>{esc(b).replace(chr(10), '<br>')}</p>" for b in blocks)


def items(values: Sequence[str]) -> str:
    lines = [f"<li>{esc(v.strip()).replace(chr(10), '<br>')}</li>" for v in values]
    return "\n".join(["<ul>", *lines, "</ul>"])


def counts_table(
    caption: str, header: Sequence[str], rows: Sequence[Sequence[str]], numeric_from: int = 1
) -> str:
    """A table whose first column names the row; columns from `numeric_from` on are figures."""

    def kind(index: int) -> str:
        return ' class="n"' if index >= numeric_from else ""

    head = "".join(f'<th scope="col"{kind(i)}>{esc(h)}</th>' for i, h in enumerate(header))
    body = [
        "<tr>"
        + "".join(
            f'<th scope="row">{esc(v)}</th>' if i == 0 else f"<td{kind(i)}>{esc(v)}</td>"
            for i, v in enumerate(row)
        )
        + "</tr>"
        for row in rows
    ]
    return "\n".join(
        [
            '<table class="counts">',
            f'<caption class="note-small">{esc(caption)}</caption>',
            f"<thead><tr>{head}</tr></thead>",
            "<tbody>",
            *body,
            "</tbody>",
            "</table>",
        ]
    )


# One session


def session_html(session: Session, scenario: Scenario | None) -> str:
    """The printable record of one session, with charts."""
    view = session_view(session, scenario)
    body = [_header(view), "<main>"]
    body += [_stage(stage) for stage in view.stages]
    body += [_takeaways(view), "</main>", _footer(view)]
    return page(f"Session record: {view.title} ({view.cohort}, {view.date})", body)


def _header(view: SessionView) -> str:
    info = view.info
    version = f", version {info.scenario_version}" if info.scenario_version else ""
    authors = (
        items(view.authors)
        if view.authors
        else "not shown, because the scenario file was not found or has changed since the session"
    )
    facts = [
        ("Scenario", f"{esc(view.title)} ({esc(info.scenario_id)}{esc(version)})"),
        ("Written by", authors),
        ("Cohort", esc(view.cohort)),
        ("Date", esc(view.date)),
        ("Voting mode", esc(info.voting_mode)),
        ("Facilitation", esc(", ".join(info.facilitation)) or "not recorded"),
    ]
    if view.example:
        facts.pop(1)  # an example credits no one
    state = "finished" if view.finished else "unfinished"
    notice = (
        f'<p class="example"><strong>{esc(EXAMPLE_NOTICE)}</strong></p>' if view.example else ""
    )
    return "\n".join(
        [
            "<header>",
            f"<h1>Session record: {esc(view.title)}</h1>",
            *([notice] if notice else []),
            f'<p class="status {state}">{esc(view.status)}</p>',
            '<dl class="facts">',
            *[f"<dt>{name}</dt><dd>{value}</dd>" for name, value in facts],
            "</dl>",
            f'<p class="privacy">{esc(view.privacy_note)}</p>',
            "</header>",
        ]
    )


def _stage(stage: StageView) -> str:
    parts = [f'<section class="stage" id="stage-{stage.order}">']
    parts.append(f"<h2>{stage.order}. {esc(stage.title)}</h2>")
    if stage.stopped_here:
        where = PHASE_LABELS.get(stage.stopped_here, stage.stopped_here)
        parts.append(
            f'<p class="status unfinished">Unfinished: the session stopped here, at {esc(where)}.'
            "</p>"
        )
    if stage.prompt:
        parts.append(f'<p class="question">{esc(stage.prompt)}</p>')
    elif stage.has_question:
        parts.append('<p class="question">Question not available without the scenario file.</p>')
    parts += [_round(stage, voting) for voting in stage.rounds]
    if stage.movement:
        parts.append(_movement(stage))
    facts = []
    if stage.has_question:
        chosen = stage.chosen_label
        facts.append(f"Chosen: {esc(chosen)}" if chosen else "Chosen: no choice recorded")
    facts.append(f"Time spent: {esc(minutes(stage.seconds))}")
    parts.append(_plain_list(facts))
    if stage.notes:
        parts.append("<h3>Notes</h3>")
        for perspective, texts in stage.notes:
            parts.append(f"<h4>{esc(NOTE_LABELS.get(perspective, perspective))}</h4>")
            parts.append(items(texts))
    parts.append("</section>")
    return "\n".join(parts)


def _plain_list(escaped: Sequence[str]) -> str:
    return "\n".join(["<ul>", *[f"<li>{line}</li>" for line in escaped], "</ul>"])


def _round(stage: StageView, voting: RoundView) -> str:
    tally = voting.tally
    chart_id = f"s{stage.order}-r{voting.number}"
    open_tag = (
        ' <span class="tag open">vote still open: the counts so far</span>' if voting.open else ""
    )
    parts = [f'<section class="round" id="{chart_id}">', f"<h3>{esc(voting.label)}{open_tag}</h3>"]
    if voting.empty:
        parts += [f'<p class="no-votes">{esc(voting.no_votes)}</p>', "</section>"]
        return "\n".join(parts)
    parts.append('<figure class="chart">')
    parts.append(
        "<figcaption>Votes for each option by perspective group, as a share of each "
        "group's votes.</figcaption>"
    )
    for number in range(1, tally.options + 1):
        tags = []
        if number == stage.chosen:
            tags.append('<span class="tag">the group\'s choice</span>')
        if number in voting.divergent:
            tags.append('<span class="tag">groups differ most here</span>')
        bars = [
            Bar(
                group_label(group),
                tally.share(number, group),
                f"{tally.count(number, group)} of {tally.group_total(group)} · "
                f"{percent(tally.count(number, group), tally.group_total(group))}",
                STYLES[group],
            )
            for group in voting.shown
        ]
        total = tally.total
        bars.append(
            Bar(
                ALL_VOTES_LABEL,
                tally.count(number) / total if total else 0.0,
                f"{tally.count(number)} of {total} · {percent(tally.count(number), total)}",
                STYLES[ALL_VOTES],
            )
        )
        label = stage.option_label(number)
        parts.append(
            option_block(f"{chart_id}-o{number}", label, bars, voting.label, "".join(tags))
        )
    parts.append("</figure>")
    header = ["Option", *[group_label(g) for g in voting.shown], ALL_VOTES_LABEL]
    rows = [
        [
            stage.option_label(n),
            *[str(tally.count(n, g)) for g in voting.shown],
            str(tally.count(n)),
        ]
        for n in range(1, tally.options + 1)
    ]
    rows.append(["Voters", *[str(tally.group_total(g)) for g in voting.shown], str(tally.total)])
    parts.append(counts_table(f"{voting.label}: votes per option and group", header, rows))
    if voting.folded:
        parts.append(f'<p class="folded">{esc(folded_sentence(voting.folded))}</p>')
    parts.append("</section>")
    return "\n".join(parts)


def _movement(stage: StageView) -> str:
    chart_id = f"s{stage.order}-moved"
    highest = max([1, *[max(first, second) for _, first, second, _ in stage.movement]])
    parts = [
        f'<section class="movement" id="{chart_id}">',
        "<h3>Movement from the vote to the re-vote</h3>",
        '<figure class="chart">',
        "<figcaption>All votes for each option in the vote and in the re-vote.</figcaption>",
    ]
    for number, first, second, change in stage.movement:
        label = stage.option_label(number)
        bars = [
            Bar("Vote", first / highest, str(first), STYLES["vote"]),
            Bar("Re-vote", second / highest, f"{second} ({_signed(change)})", STYLES["revote"]),
        ]
        parts.append(option_block(f"{chart_id}-o{number}", label, bars, "Movement"))
    parts.append("</figure>")
    rows = [
        [stage.option_label(n), str(first), str(second), _signed(change)]
        for n, first, second, change in stage.movement
    ]
    parts.append(counts_table("Movement per option", ["Option", "Vote", "Re-vote", "Change"], rows))
    parts.append("</section>")
    return "\n".join(parts)


def _signed(change: int) -> str:
    return f"{change:+d}" if change else "0"


def _takeaways(view: SessionView) -> str:
    body = items(view.takeaways) if view.takeaways else "<p>None recorded.</p>"
    return f'<section class="takeaways">\n<h2>Take-aways</h2>\n{body}\n</section>'


def _footer(view: SessionView) -> str:
    info = view.info
    return (
        f"<footer><p>Session {esc(info.session_id)} · workshop {esc(info.tool_version)} · "
        f"scenario file SHA-256 {esc(info.scenario_sha256[:12])}…</p></footer>"
    )
