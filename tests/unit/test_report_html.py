"""The HTML report: one well-formed, self-contained file with SVG charts.

The file is parsed with the standard library's html.parser, so these tests
read it as a browser would, not as a string.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from html.parser import HTMLParser

from tests.unit.test_report_sessions import (
    fixture_scenario,
    other_cohort,
    played_session,
    unfinished_session,
)
from workshop.report.compare import compare_html
from workshop.report.html import SERIES_STYLES, STYLES, session_html

VOID = {"meta", "br", "link", "img", "input", "hr", "col", "source", "wbr"}
OKABE_ITO = {
    "#000000",
    "#E69F00",
    "#56B4E9",
    "#009E73",
    "#F0E442",
    "#0072B2",
    "#D55E00",
    "#CC79A7",
    "#BBBBBB",  # Okabe-Ito's grey, for "not given" and the first vote
}


@dataclass
class Chart:
    """One <svg>: its attributes, its texts and its bars."""

    attributes: dict[str, str]
    texts: list[str] = field(default_factory=list)
    bars: list[dict[str, str]] = field(default_factory=list)
    patterns: list[str] = field(default_factory=list)
    title: str = ""


class Page(HTMLParser):
    """What a browser would see: elements, texts, charts, and any nesting mistakes."""

    def __init__(self, document: str) -> None:
        super().__init__(convert_charrefs=True)
        self.stack: list[str] = []
        self.errors: list[str] = []
        self.tags: list[tuple[str, dict[str, str]]] = []
        self.charts: list[Chart] = []
        self.text_in: dict[str, list[str]] = {}
        self.style = ""
        self.feed(document)
        self.close()
        if self.stack:
            self.errors.append(f"unclosed: {self.stack}")

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        attributes = {k: v or "" for k, v in attrs}
        self.tags.append((tag, attributes))
        if tag == "svg":
            self.charts.append(Chart(attributes))
        if tag == "rect" and attributes.get("class") == "bar":
            self.charts[-1].bars.append(attributes)
        if tag == "pattern":
            self.charts[-1].patterns.append(attributes["id"])
        if tag not in VOID:
            self.stack.append(tag)

    def handle_startendtag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        self.handle_starttag(tag, attrs)
        if tag not in VOID:
            self.handle_endtag(tag)

    def handle_endtag(self, tag: str) -> None:
        if not self.stack or self.stack[-1] != tag:
            self.errors.append(f"</{tag}> closes {self.stack[-1:] or 'nothing'}")
            return
        self.stack.pop()

    def handle_data(self, data: str) -> None:
        if not self.stack:
            return
        current = self.stack[-1]
        self.text_in.setdefault(current, []).append(data)
        if current == "style":
            self.style += data
        if "svg" in self.stack and current == "text":
            self.charts[-1].texts.append(data)
        if "svg" in self.stack and current == "title":
            self.charts[-1].title += data

    def texts(self, tag: str) -> list[str]:
        return self.text_in.get(tag, [])


def test_the_report_is_well_formed_html() -> None:
    page = Page(session_html(played_session(), fixture_scenario()))
    assert page.errors == []
    assert [t for t, _ in page.tags[:3]] == ["html", "head", "meta"]


def test_every_round_has_an_svg_chart_per_option_with_a_labelled_bar_per_group() -> None:
    page = Page(session_html(played_session(), fixture_scenario()))
    # Stage 1: 3 options in the vote, 3 in the re-vote, 3 movement charts; stage 3: 2 options.
    assert len(page.charts) == 3 + 3 + 3 + 2
    first = page.charts[0]
    assert first.attributes["role"] == "img"
    assert first.title.startswith("Vote, option 1. Listen first")
    assert first.texts == [
        "Lived experience",
        "3 of 4 · 75%",
        "Professional",
        "1 of 5 · 20%",
        "All votes",
        "5 of 12 · 42%",
    ]
    assert [float(b["width"]) for b in first.bars] == [285.0, 76.0, 158.3]


def test_the_movement_chart_shows_each_option_before_and_after() -> None:
    page = Page(session_html(played_session(), fixture_scenario()))
    movement = [c for c in page.charts if c.title.startswith("Movement")]
    assert [c.texts for c in movement] == [
        ["Vote", "5", "Re-vote", "8 (+3)"],
        ["Vote", "4", "Re-vote", "2 (-2)"],
        ["Vote", "3", "Re-vote", "1 (-2)"],
    ]


def test_groups_have_an_okabe_ito_colour_a_pattern_and_a_label() -> None:
    colours = {colour for colour, _ in (*STYLES.values(), *SERIES_STYLES)}
    assert colours <= OKABE_ITO
    groups = ["lived_experience", "professional", "carer", "not_given"]
    assert len({STYLES[g] for g in groups}) == len(groups)
    assert len({STYLES[g][1] for g in groups}) == len(groups), "each group has its own pattern"
    assert STYLES["all"][1] not in {STYLES[g][1] for g in groups}, "and so has the total"
    page = Page(session_html(played_session(), fixture_scenario()))
    for chart in page.charts:
        labels = chart.texts[0::2]
        assert len(labels) >= len(chart.bars)  # an empty bar draws nothing but keeps its label
        assert all(label.strip() for label in labels)
        for bar in chart.bars:
            fill = bar["fill"]
            assert fill in OKABE_ITO or fill.removeprefix("url(#").rstrip(")") in chart.patterns


def test_the_file_needs_nothing_from_elsewhere_and_no_script() -> None:
    for document in (
        session_html(played_session(), fixture_scenario()),
        compare_html([played_session(), other_cohort()], fixture_scenario()),
    ):
        page = Page(document)
        names = {tag for tag, _ in page.tags}
        assert not names & {"script", "link", "img", "iframe", "object", "embed"}
        for _, attributes in page.tags:
            for key in ("src", "href"):
                assert attributes.get(key, "#").startswith("#")
            assert not any(k.startswith("on") for k in attributes)
        assert "@import" not in page.style
        assert not re.search(r"url\((?!#)", document)


def css_rules(style: str) -> dict[str, str]:
    """Selector -> declarations, one entry per selector of each rule (no nesting but @media)."""
    rules: dict[str, str] = {}
    for selectors, body in re.findall(r"([^{}]+)\{([^{}]*)\}", style):
        for selector in selectors.split(","):
            name = " ".join(selector.split())
            rules[name] = rules.get(name, "") + " " + " ".join(body.split())
    return rules


def test_the_page_prints_well() -> None:
    page = Page(session_html(played_session(), fixture_scenario()))
    assert "@media print" in page.style
    printed = css_rules(page.style.split("@media print", 1)[1])
    # Headings, the question and captions are never left alone at the foot of a page.
    for selector in (
        "h2",
        "h3",
        "h4",
        ".question",
        "figcaption",
        "caption",
        "thead",
        ".option-text",
    ):
        assert "break-after: avoid;" in printed[selector], selector
        assert "page-break-after: avoid;" in printed[selector], selector
    # Each option's chart stays whole; a round's chart may break between options.
    assert "break-inside: avoid;" in printed[".option"]
    assert "page-break-inside: avoid;" in printed[".option"]
    for whole_round in ("figure", "figure.chart", "section", ".round", "table"):
        assert "break-inside" not in printed.get(whole_round, ""), whole_round


def test_counts_never_wrap_and_captions_sit_left() -> None:
    rules = css_rules(Page(compare_html([played_session(), other_cohort()], None)).style)
    assert "white-space: nowrap;" in rules["td.n"]
    assert "text-align: left;" in rules["caption"]


def test_every_text_is_escaped() -> None:
    document = session_html(played_session(), fixture_scenario())
    page = Page(document)
    names = {tag for tag, _ in page.tags}
    assert "crisis" not in names
    assert "tags" not in names
    assert "2. Go through the <crisis plan> & the next steps" in page.texts("p")
    assert "Think about | pipes & <tags> in a *note*." in page.texts("li")
    assert "&lt;crisis plan&gt; &amp; the next steps" in document


def test_an_unfinished_session_says_so_in_words_not_only_in_style() -> None:
    page = Page(session_html(unfinished_session(), None))
    assert page.errors == []
    statuses = [attributes.get("class", "") for tag, attributes in page.tags if tag == "p"]
    assert "status unfinished" in statuses
    assert any(t.startswith("Unfinished: the session stopped at the vote") for t in page.texts("p"))
    assert "vote still open: the counts so far" in page.texts("span")


def test_the_comparison_is_well_formed_with_a_bar_per_cohort() -> None:
    page = Page(compare_html([played_session(), other_cohort()], fixture_scenario()))
    assert page.errors == []
    first = page.charts[0]
    assert first.texts == [
        "Cohort 3, adult social care, 2026-11-29 09:30",
        "5 of 12 · 42%",
        "Cohort 4, student nurses, 2026-11-29 09:30",
        "4 of 10 · 40%",
    ]
    assert len(first.bars) == 2
