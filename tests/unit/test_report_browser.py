"""The HTML reports as a person sees them: opened in a real headless Chromium.

The other report tests read the HTML as text; these open it from a file, as
someone would from their downloads folder, and ask the live page what was
laid out: how many charts each stage has, that every chart and bar has a real
size on the page, that each bar's length matches the figures written beside
it, that every group is named in text, that nothing is fetched from anywhere
but the file itself, and that the charts survive print media. Screenshots
(screen and print) and a PDF are left in the test's tmp folder to look at.

Debian's Chromium is driven through Playwright; Playwright's own browser
download is never used. Without /usr/bin/chromium the module is skipped on a
developer's machine (`apt-get install -y chromium`), and fails in CI, where
it is installed and must run.
"""

from __future__ import annotations

import os
import re
import shutil
import struct
import subprocess
from collections.abc import AsyncIterator
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import pytest
import pytest_asyncio
from playwright.async_api import Browser, Page, Route, ViewportSize, async_playwright

from tests.unit.test_report_sessions import fixture_scenario, other_cohort, played_session
from workshop.report.compare import compare_html
from workshop.report.html import session_html

CHROMIUM = Path("/usr/bin/chromium")
IN_CI = os.environ.get("CI", "").lower() not in ("", "0", "false")
CHROMIUM_ARGS = [
    "--headless",
    "--no-sandbox",
    "--disable-gpu",
    "--disable-background-networking",
    "--no-first-run",
    "--disable-component-update",
    "--disable-sync",
]
VIEWPORT: ViewportSize = {"width": 1024, "height": 768}

pytestmark = [
    pytest.mark.skipif(
        not CHROMIUM.exists() and not IN_CI,
        reason=f"Debian's Chromium is not installed at {CHROMIUM}: `apt-get install -y chromium` "
        "(never `playwright install`). In CI (CI set) these tests fail instead of skipping.",
    ),
    pytest.mark.asyncio(loop_scope="module"),
]

LIVED, PROFESSIONAL, ALL = "Lived experience", "Professional", "All votes"
COHORT_3, COHORT_4 = "Cohort 3, adult social care", "Cohort 4, student nurses"
SHARE = re.compile(r"^(\d+) of (\d+) · \d+%$")
NO_VOTES = "no votes"  # a cohort that entered no votes in the round: an empty track, no figures
MOVED = re.compile(r"^(\d+)(?: \(([+-]\d+|0)\))?$")


@pytest_asyncio.fixture(loop_scope="module", scope="module")
async def browser() -> AsyncIterator[Browser]:
    if not CHROMIUM.exists():
        pytest.fail(
            f"CI is set but {CHROMIUM} is missing: the CI image must `apt-get install -y "
            "chromium` so that the HTML report is checked in a real browser",
            pytrace=False,
        )
    async with async_playwright() as playwright:
        launched = await playwright.chromium.launch(
            executable_path=str(CHROMIUM), args=CHROMIUM_ARGS
        )
        yield launched
        await launched.close()


@dataclass
class Opened:
    page: Page
    requests: list[str]  # every request other than the report file itself


async def open_file(browser: Browser, path: Path) -> Opened:
    """Open a local file with every other request recorded and refused."""
    url = path.as_uri()
    page = await browser.new_page(viewport=VIEWPORT)
    others: list[str] = []

    async def only_the_file(route: Route) -> None:
        if route.request.url == url:
            await route.continue_()
        else:
            others.append(route.request.url)
            await route.abort()

    await page.route("**/*", only_the_file)
    await page.goto(url, wait_until="load")
    return Opened(page, others)


async def open_report(browser: Browser, html: str, path: Path) -> Opened:
    path.write_text(html, encoding="utf-8")
    return await open_file(browser, path)


# What the page laid out, read with the page's own geometry

CHART_ROWS = """
(svg) => {
  const box = (el) => {
    const r = el.getBoundingClientRect();
    return {x: r.x, y: r.y, width: r.width, height: r.height};
  };
  const rows = [];
  for (const el of svg.children) {
    const tag = el.tagName.toLowerCase();
    if (tag === 'text' && el.getAttribute('x') === '0') {
      rows.push({label: el.textContent, label_box: box(el), track: null, bar: null,
                 fill: null, fill_is_pattern: false, value: null, value_box: null});
    } else if (tag === 'rect' && el.classList.contains('bar')) {
      const fill = el.getAttribute('fill');
      const id = (fill.match(/^url\\(#(.+)\\)$/) || [])[1];
      const target = id ? document.getElementById(id) : null;
      Object.assign(rows.at(-1), {bar: box(el), fill: fill,
        fill_is_pattern: !!target && target.tagName.toLowerCase() === 'pattern'});
    } else if (tag === 'rect') {
      rows.at(-1).track = box(el);
    } else if (tag === 'text') {
      Object.assign(rows.at(-1), {value: el.textContent, value_box: box(el)});
    }
  }
  const style = getComputedStyle(svg);
  return {box: box(svg), label: svg.getAttribute('aria-label') || '',
          visible: style.display !== 'none' && style.visibility !== 'hidden', rows: rows};
}
"""


@dataclass
class Chart:
    box: dict[str, float]
    label: str
    visible: bool
    rows: list[dict[str, Any]]

    @property
    def labels(self) -> list[str]:
        return [row["label"] for row in self.rows]


async def charts(page: Page, selector: str) -> list[Chart]:
    found = await page.locator(f"{selector} svg.bars").evaluate_all(
        f"(svgs) => svgs.map({CHART_ROWS.strip()})"
    )
    return [Chart(**chart) for chart in found]


def has_size(box: dict[str, float] | None) -> bool:
    return box is not None and box["width"] > 0 and box["height"] > 0


def assert_drawn(chart: Chart) -> None:
    """The chart, each label, track and value have a size; each bar's length fits its figures."""
    assert chart.visible, chart.label
    assert chart.box["width"] >= 300, (chart.label, chart.box)
    assert chart.box["height"] > 0, chart.label
    assert chart.label, "a chart without an accessible name"
    for row in chart.rows:
        where = (chart.label, row["label"])
        assert has_size(row["label_box"]), where
        assert has_size(row["track"]), where
        assert has_size(row["value_box"]), where
        # The label sits above its bar and the figures to its right, never on top of it.
        assert row["label_box"]["y"] + row["label_box"]["height"] <= row["track"]["y"] + 1, where
        assert row["value_box"]["x"] >= row["track"]["x"] + row["track"]["width"], where


def assert_shares(chart: Chart) -> None:
    """Each bar is as long, against its track, as the 'n of N' written after it."""
    for row in chart.rows:
        if row["value"] == NO_VOTES:
            assert row["bar"] is None, (chart.label, row)
            continue
        match = SHARE.match(row["value"])
        assert match, (chart.label, row["value"])
        count, total = int(match[1]), int(match[2])
        if count == 0:
            assert row["bar"] is None, (chart.label, row)
            continue
        assert has_size(row["bar"]), (chart.label, row)
        drawn = row["bar"]["width"] / row["track"]["width"]
        assert drawn == pytest.approx(count / total, abs=0.02), (chart.label, row["label"])


def assert_png(path: Path, width: int, min_height: int) -> None:
    data = path.read_bytes()
    assert data[:8] == b"\x89PNG\r\n\x1a\n", path
    assert data[12:16] == b"IHDR", path
    png_width, png_height = struct.unpack(">II", data[16:24])
    assert png_width == width, (png_width, width)
    assert png_height >= min_height, png_height
    assert len(data) > 50_000, f"{path} is only {len(data)} bytes: is the page blank?"


# One session


async def test_the_recorder_sees_requests_for_anything_but_the_file(
    browser: Browser, tmp_path: Path
) -> None:
    """The 'no external requests' checks below would catch a fetch, not pass vacuously."""
    probe = (
        '<!DOCTYPE html><html><head><link rel="stylesheet" href="https://example.invalid/a.css">'
        '</head><body><img src="beside.png" alt=""></body></html>'
    )
    opened = await open_report(browser, probe, tmp_path / "probe.html")
    await opened.page.close()
    assert sorted(opened.requests) == sorted(
        ["https://example.invalid/a.css", (tmp_path / "beside.png").as_uri()]
    )


async def test_the_session_report_draws_every_chart_with_real_sizes(
    browser: Browser, tmp_path: Path
) -> None:
    opened = await open_report(
        browser, session_html(played_session(), fixture_scenario()), tmp_path / "session.html"
    )
    page = opened.page
    shot = tmp_path / "session.png"
    await page.screenshot(path=str(shot), full_page=True)
    assert_png(shot, VIEWPORT["width"], min_height=3000)

    # Vote charts per stage: one per option and round; the stage without a question has none.
    per_stage = {
        n: await page.locator(f"#stage-{n} section.round svg.bars").count() for n in (1, 2, 3)
    }
    assert per_stage == {1: 3 + 3, 2: 0, 3: 2}

    # Each perspective group shown has its own bar, named in text; small groups are folded.
    expected = {
        "#s1-r1": [LIVED, PROFESSIONAL, ALL],
        "#s1-r2": [PROFESSIONAL, ALL],
        "#s3-r1": [ALL],
    }
    for section, labels in expected.items():
        found = await charts(page, section)
        assert found, section
        for chart in found:
            assert chart.labels == labels, (section, chart.label)
            assert_drawn(chart)
            assert_shares(chart)
    first_vote = (await charts(page, "#s1-r1"))[0]
    # Not colour alone: besides the names, groups differ by fill, and patterns resolve.
    fills = [row["fill"] for row in first_vote.rows]
    assert len(set(fills)) == len(fills), fills
    assert any(row["fill_is_pattern"] for row in first_vote.rows), fills
    for section in expected:
        for chart in await charts(page, section):
            for row in chart.rows:
                if row["fill"] and row["fill"].startswith("url("):
                    assert row["fill_is_pattern"], (chart.label, row["fill"])

    assert await page.get_by_text("Lived experience", exact=True).count() >= 3
    assert opened.requests == []
    await page.close()


async def test_a_revote_has_a_movement_chart(browser: Browser, tmp_path: Path) -> None:
    opened = await open_report(
        browser, session_html(played_session(), fixture_scenario()), tmp_path / "session.html"
    )
    page = opened.page
    moved = await charts(page, "#s1-moved")
    assert len(moved) == 3
    assert await page.locator("#s3-moved").count() == 0  # stage 3 had no re-vote
    figures = []
    for chart in moved:
        assert chart.labels == ["Vote", "Re-vote"]
        assert_drawn(chart)
        figures.append([row["value"] for row in chart.rows])
    assert figures == [["5", "8 (+3)"], ["4", "2 (-2)"], ["3", "1 (-2)"]]
    # Bars are drawn against the largest count of either round (8).
    for chart in moved:
        for row in chart.rows:
            match = MOVED.match(row["value"])
            assert match, row["value"]
            drawn = row["bar"]["width"] / row["track"]["width"]
            assert drawn == pytest.approx(int(match[1]) / 8, abs=0.02), (chart.label, row)
    assert opened.requests == []
    await page.close()


async def test_the_charts_survive_print_media(browser: Browser, tmp_path: Path) -> None:
    opened = await open_report(
        browser, session_html(played_session(), fixture_scenario()), tmp_path / "session.html"
    )
    page = opened.page
    on_screen = await page.locator("svg.bars").count()
    await page.emulate_media(media="print")
    # The print style sheet is in force (it lifts the reading width)...
    assert await page.evaluate("getComputedStyle(document.body).maxWidth") == "none"
    # ...and every chart is still laid out, with its bars.
    assert await page.locator("svg.bars").count() == on_screen == 3 + 3 + 2 + 3
    for section in ("#s1-r1", "#s1-r2", "#s3-r1", "#s1-moved"):
        for chart in await charts(page, section):
            assert_drawn(chart)
            assert any(has_size(row["bar"]) for row in chart.rows), chart.label
    adjust = await page.evaluate(
        "getComputedStyle(document.querySelector('svg.bars rect.bar')).printColorAdjust"
    )
    assert adjust == "exact"
    shot = tmp_path / "session-print.png"
    await page.screenshot(path=str(shot), full_page=True)
    assert_png(shot, VIEWPORT["width"], min_height=3000)
    pdf = await page.pdf(format="A4")
    (tmp_path / "session.pdf").write_bytes(pdf)
    assert pdf.startswith(b"%PDF"), pdf[:8]
    assert opened.requests == []
    await page.close()


PRINT_BREAKS = """
(selectors) => Object.fromEntries(selectors.map((selector) => {
  const style = getComputedStyle(document.querySelector(selector));
  return [selector, [style.breakAfter, style.breakInside]];
}))
"""


async def test_printing_keeps_headings_with_what_follows_and_lets_charts_break(
    browser: Browser, tmp_path: Path
) -> None:
    opened = await open_report(
        browser, session_html(played_session(), fixture_scenario()), tmp_path / "session.html"
    )
    page = opened.page
    await page.emulate_media(media="print")
    selectors = [
        "h2", "p.question", "section.round h3", "figcaption", "p.option-text",
        "div.option", "figure.chart", "section.round", "table.counts tr",
    ]  # fmt: skip
    breaks = await page.evaluate(PRINT_BREAKS, selectors)
    # Headings, the question and captions stay with what follows them...
    for selector in ("h2", "p.question", "section.round h3", "figcaption", "p.option-text"):
        assert breaks[selector][0] == "avoid", (selector, breaks[selector])
    # ...each option's chart stays whole, and a round may break between options.
    assert breaks["div.option"][1] == "avoid"
    assert breaks["table.counts tr"][1] == "avoid"
    assert breaks["figure.chart"][1] == "auto"
    assert breaks["section.round"][1] == "auto"
    await page.close()


def pdf_pages(pdf: Path) -> list[list[str]]:
    """The non-blank lines of each page of a PDF, read with poppler's pdftotext."""
    if shutil.which("pdftotext") is None:
        if os.environ.get("CI"):
            pytest.fail("pdftotext is missing: .ci/run installs poppler-utils")
        pytest.skip("pdftotext (poppler-utils) is not installed to read the printed pages")
    text = subprocess.run(
        ["pdftotext", "-layout", str(pdf), "-"], check=True, capture_output=True, text=True
    ).stdout
    return [[ln.strip() for ln in page.splitlines() if ln.strip()] for page in text.split("\f")]


@pytest.mark.parametrize("report", ["session", "compare"])
async def test_the_printed_pages_start_the_first_stage_on_page_1_with_no_orphaned_heading(
    browser: Browser, tmp_path: Path, report: str
) -> None:
    document = (
        session_html(played_session(), fixture_scenario())
        if report == "session"
        else compare_html([played_session(), other_cohort()], fixture_scenario())
    )
    opened = await open_report(browser, document, tmp_path / f"{report}.html")
    page = opened.page
    headings = {
        " ".join(t.split())
        for t in await page.locator("h2, h3, h4, p.question, figcaption").all_inner_texts()
    }
    pdf = tmp_path / f"{report}.pdf"
    pdf.write_bytes(await page.pdf(format="A4"))
    await page.close()
    pages = [lines for lines in pdf_pages(pdf) if lines]
    assert len(pages) >= 2, pages
    # Page 1 goes on past the first stage's question into its first vote's chart.
    first = pages[0]
    assert "Vote" in first, first
    assert any(line.endswith("%") for line in first[first.index("Vote") :]), first
    # No page ends on a heading, a question or a chart's caption.
    for number, lines in enumerate(pages[:-1], 1):
        assert " ".join(lines[-1].split()) not in headings, (number, lines[-3:])


# Cohorts compared


async def test_a_comparison_of_two_cohorts_draws_a_bar_per_cohort(
    browser: Browser, tmp_path: Path
) -> None:
    sessions = [played_session(), other_cohort()]
    opened = await open_report(
        browser, compare_html(sessions, fixture_scenario()), tmp_path / "compare.html"
    )
    page = opened.page
    shot = tmp_path / "compare.png"
    await page.screenshot(path=str(shot), full_page=True)
    assert_png(shot, VIEWPORT["width"], min_height=1500)

    counts = {
        section: await page.locator(f"{section} svg.bars").count()
        for section in ("#c1-r1", "#c1-r2", "#c3-r1")
    }
    assert counts == {"#c1-r1": 3, "#c1-r2": 3, "#c3-r1": 2}
    assert await page.locator("#stage-2 svg.bars").count() == 0
    for section in counts:
        for chart in await charts(page, section):
            assert len(chart.rows) == 2, (section, chart.label)
            assert chart.rows[0]["label"].startswith(COHORT_3), chart.labels
            assert chart.rows[1]["label"].startswith(COHORT_4), chart.labels
            assert_drawn(chart)
            assert_shares(chart)
            fills = {row["fill"] for row in chart.rows if row["fill"]}
            assert len(fills) == sum(1 for row in chart.rows if row["fill"]), fills
    # Cohort 4 entered no votes in the last stage's vote: its bars say so, with no figures.
    for chart in await charts(page, "#c3-r1"):
        assert [row["value"] for row in chart.rows][1] == NO_VOTES, chart.label
        assert chart.rows[1]["bar"] is None, chart.label

    await page.emulate_media(media="print")
    for section in counts:
        for chart in await charts(page, section):
            assert_drawn(chart)
    assert opened.requests == []
    await page.close()


TABLE_LAYOUT = """
() => [...document.querySelectorAll('table.counts')].map((table) => {
  const cells = [...table.querySelectorAll('td.n')].map((td) => {
    const range = document.createRange();
    range.selectNodeContents(td);
    return {text: td.textContent, lines: new Set([...range.getClientRects()].map(r => r.y)).size};
  });
  const caption = table.querySelector('caption');
  return {cells: cells, caption_left: caption.getBoundingClientRect().x,
          caption_align: getComputedStyle(caption).textAlign,
          table_left: table.getBoundingClientRect().x};
})
"""


async def test_long_cohort_labels_never_wrap_a_count_and_captions_sit_left(
    browser: Browser, tmp_path: Path
) -> None:
    long = "Cohort 12, community mental health teams with peer support workers, north locality"
    sessions = [played_session(cohort=long), other_cohort()]
    opened = await open_report(
        browser, compare_html(sessions, fixture_scenario()), tmp_path / "compare.html"
    )
    page = opened.page
    tables = await page.evaluate(TABLE_LAYOUT)
    assert len(tables) == 1 + 3  # the sessions, then the two rounds of stage 1 and stage 3's vote
    for table in tables:
        assert table["caption_align"] == "left"
        assert table["caption_left"] == pytest.approx(table["table_left"], abs=1)
        for cell in table["cells"]:
            assert cell["lines"] == 1, cell  # "1 (25%)" on one line, however long the label
    assert any(cell["text"] == "1 (9%)" for t in tables for cell in t["cells"])
    await page.close()
