"""The participant page as a phone shows it: Debian's headless Chromium at a phone's size.

Against a real PhoneServer on 127.0.0.1, with the facilitator moving the live
session on from the test: the QR's join URL fills in the code; a participant
picks a perspective, votes, sees their vote marked and changes it; the next
question appears without a reload; a closed vote says so, with the room's
split only where the facilitators share it; all of it works with JavaScript
off; the saved record holds what the browser voted. In every page state: no
axe-core violation, touch targets at least 44 px high, visible focus, `lang`
from the scenario, no request elsewhere, no sideways scroll at 320 px.
Without /usr/bin/chromium it is skipped on a developer's machine and fails in
CI, as tests/unit/test_report_browser.py (never `playwright install`).
"""

from __future__ import annotations

import itertools
import re
from collections.abc import AsyncIterator, Awaitable, Callable
from dataclasses import dataclass, field
from pathlib import Path

import pytest
import pytest_asyncio
from axe_playwright_python.async_playwright import Axe
from playwright.async_api import (
    Browser,
    BrowserContext,
    ConsoleMessage,
    Page,
    ViewportSize,
    async_playwright,
    expect,
)

from tests.factories import load, session_for
from tests.unit.test_report_browser import CHROMIUM, CHROMIUM_ARGS, IN_CI
from tests.unit.test_session import walk_to
from tests.web.conftest import MINIMAL, Served
from workshop.domain.transitions import ChoiceNeeded, add_vote, choose_option, next_step
from workshop.live import LiveSession
from workshop.storage.phones import phones_path
from workshop.storage.sessions import load_session, save_session
from workshop.web.registry import JoinLimiter, Registry
from workshop.web.server import PhoneServer
from workshop.web.sink import LiveSink

pytestmark = [
    pytest.mark.skipif(
        not CHROMIUM.exists() and not IN_CI,
        reason=f"Debian's Chromium is not installed at {CHROMIUM}: `apt-get install -y chromium` "
        "(never `playwright install`). In CI (CI set) these tests fail instead of skipping.",
    ),
    pytest.mark.asyncio(loop_scope="module"),
]

PHONE: ViewportSize = {"width": 390, "height": 844}
NARROW: ViewportSize = {"width": 320, "height": 640}
expect.set_options(timeout=10_000)  # the page asks every 2 s: a deadline, never a pause
LANGUAGE = "en-IE"  # not the default en-GB: the page's lang must come from the scenario
FIRST, SECOND = "What would you do?", "What would help Alex most now?"
SECOND_QUESTION = f"""
[stages.question]
prompt = "{SECOND}"
options = [{{text = "Plan the next meeting together"}}, {{text = "Write to Alex's GP"}},
  {{text = "Leave it to Alex to get in touch"}}]
"""
WCAG = ["wcag2a", "wcag2aa", "wcag21a", "wcag21aa", "wcag22aa", "best-practice"]
AXE_RULES = {"runOnly": {"type": "tag", "values": WCAG}, "resultTypes": ["violations"]}
TARGETS = "button, label.choice, a, input:not([type=hidden]):not([type=radio])"


@pytest_asyncio.fixture(loop_scope="module", scope="module")
async def browser() -> AsyncIterator[Browser]:
    if not CHROMIUM.exists():
        pytest.fail(f"CI is set but {CHROMIUM} is missing: `apt-get install -y chromium`")
    async with async_playwright() as playwright:
        launched = await playwright.chromium.launch(
            executable_path=str(CHROMIUM), args=CHROMIUM_ARGS
        )
        yield launched
        await launched.close()


# The room: a live session of two stages with a question each, and its phone server


async def serve_story(tmp_path: Path, *, show_results: bool) -> Served:
    """The minimal scenario in another language, with a question in stage two too."""
    text = MINIMAL.read_text(encoding="utf-8")
    text = text.replace("minutes = 30\n", f'minutes = 30\nlanguage = "{LANGUAGE}"\n', 1)
    (tmp_path / "story.toml").write_text(text + SECOND_QUESTION, encoding="utf-8")
    scenario = load(tmp_path / "story.toml")
    session = walk_to(scenario, session_for(scenario), "vote")
    record, ticks = tmp_path / "sessions" / "record.toml", itertools.count()
    live = LiveSession(
        scenario, session, clock=lambda: float(next(ticks)), record=record, save=save_session
    )
    live.start()
    phones = Registry.new("127.0.0.1", 0, phones_path(record), show_results=show_results)
    server = PhoneServer(LiveSink(live), phones, host="127.0.0.1", port=0, limiter=JoinLimiter())
    await server.start()
    return Served(server, live, record)


@pytest_asyncio.fixture(loop_scope="module")
async def room(tmp_path: Path) -> AsyncIterator[Served]:
    served = await serve_story(tmp_path, show_results=False)
    yield served
    await served.server.stop()


@pytest_asyncio.fixture(loop_scope="module")
async def sharing_room(tmp_path: Path) -> AsyncIterator[Served]:
    """The facilitators turned on "show each closed vote's result on the phones"."""
    served = await serve_story(tmp_path, show_results=True)
    yield served
    await served.server.stop()


def move_on(served: Served, phase: str, stage: int) -> None:
    """The facilitator presses Next until `phase` of stage `stage` (0-based) is on screen."""
    for _ in range(20):
        position = served.live.session.position
        if position.phase == phase and position.visit == stage:
            return
        if isinstance(served.live.apply(next_step), ChoiceNeeded):
            served.live.apply(lambda sc, s, at: choose_option(sc, s, 1, at))
    raise AssertionError(f"never reached {phase} of stage {stage}")


def saved_votes(served: Served, stage: int) -> list[tuple[int, str, str, int]]:
    """(option, group, source, votes) of a stage's first round, as the record on disk holds it."""
    voting = load_session(served.record).visits[stage].round(1)
    assert voting is not None
    return sorted(voting.all_counts())


# A phone: its own browser context (cookie jar), every request and console error recorded


@dataclass
class Phone:
    page: Page
    origin: str
    requests: list[str] = field(default_factory=list)
    console_errors: list[str] = field(default_factory=list)  # "URL: text"
    page_errors: list[str] = field(default_factory=list)

    def paths(self) -> list[str]:
        return [url.removeprefix(self.origin) for url in self.requests]

    def errors(self) -> list[str]:
        """Errors logged, but the wrong code's page itself (answered 403 on purpose)."""
        wrong_code = re.compile(r".*/join: .*status of 403")
        return self.page_errors + [m for m in self.console_errors if not wrong_code.match(m)]


OpenPhone = Callable[..., Awaitable[Phone]]


def logged(phone: Phone, message: ConsoleMessage) -> None:
    if message.type == "error":
        phone.console_errors.append(f"{message.location['url']}: {message.text}")


@pytest_asyncio.fixture(loop_scope="module")
async def open_phone(browser: Browser) -> AsyncIterator[OpenPhone]:
    contexts: list[BrowserContext] = []

    async def factory(served: Served, *, viewport: ViewportSize = PHONE, js: bool = True) -> Phone:
        context = await browser.new_context(viewport=viewport, java_script_enabled=js)
        contexts.append(context)
        phone = Phone(await context.new_page(), served.url)
        context.on("request", lambda request: phone.requests.append(request.url))
        phone.page.on("console", lambda m: logged(phone, m))
        phone.page.on("pageerror", lambda error: phone.page_errors.append(str(error)))
        return phone

    yield factory
    for context in contexts:
        await context.close()


# What is checked in every state


async def assert_accessible(page: Page, state: str) -> None:
    results = await Axe().run(page, options=AXE_RULES)
    assert results.violations_count == 0, f"{state}:\n{results.generate_report()}"


TARGET_BOXES = """(selector) => [...document.querySelectorAll(selector)]
  .filter((el) => el.getClientRects().length > 0)
  .map((el) => ({what: el.outerHTML.slice(0, 80), width: el.getBoundingClientRect().width,
                 height: el.getBoundingClientRect().height}))"""


async def assert_touch_targets(page: Page, state: str) -> None:
    boxes = await page.evaluate(TARGET_BOXES, TARGETS)
    assert boxes, f"{state}: nothing to touch?"
    small = [box for box in boxes if box["height"] < 44 or box["width"] < 24]  # 24: WCAG 2.5.8
    assert not small, (state, small)


async def join(page: Page) -> None:
    """Join, and wait for the vote page's script: a tap before it runs is a plain form post."""
    await page.get_by_role("button", name="Join").click()
    await expect(page.get_by_role("heading", name=FIRST)).to_be_visible()
    await page.wait_for_load_state("load")


async def tour(phone: Phone, served: Served) -> AsyncIterator[str]:
    """Every state of the page, in the order a participant meets them; yields its name."""
    page = phone.page
    await page.goto(served.server.join_url)
    yield "join"
    code = page.get_by_label("Join code")
    await expect(code).to_have_value(served.code)  # filled in from the QR's URL
    await code.fill("WRONG9")
    async with page.expect_response(f"{served.url}/join") as answer:
        await page.get_by_role("button", name="Join").click()
    assert (await answer.value).status == 403
    await expect(page.get_by_role("alert")).to_have_text(
        "That is not the join code on the screen. Check it and try again."
    )
    await expect(code).to_have_value("WRONG9")  # kept, to correct rather than retype
    yield "join with an error"
    await code.fill(f" {served.code[:3].lower()}-{served.code[3:]} ")  # as people type it
    await page.get_by_label("Lived experience of mental illness").check()
    await join(page)
    yield "vote before voting"
    await page.get_by_role("button", name="Ask Alex what would help today").click()
    await expect(page.locator("#my-vote")).to_contain_text("Your vote: 1")
    yield "voted"
    await page.get_by_role("link", name="Change my perspective group").click()
    await expect(page.get_by_role("heading", name="Your perspective group")).to_be_visible()
    yield "change group"
    await page.get_by_role("button", name="Save").click()
    move_on(served, "results", 0)
    await page.reload()
    await expect(page.get_by_role("heading", name="Vote closed")).to_be_visible()
    yield "closed with result" if served.server.registry.state.show_results else "closed"
    move_on(served, "perspectives", 0)
    await page.reload()
    await expect(page.get_by_role("heading", name="No vote is open")).to_be_visible()
    yield "waiting for a question"
    move_on(served, "vote", 1)
    await page.reload()
    await expect(page.get_by_role("heading", name=SECOND)).to_be_visible()
    yield "the next question"


TOUR = ["join", "join with an error", "vote before voting", "voted", "change group", "closed"]
TOUR += ["waiting for a question", "the next question"]


# One participant, start to finish


async def test_a_phone_joins_from_the_qr_url_votes_changes_and_follows_the_room_live(
    open_phone: OpenPhone, room: Served
) -> None:
    phone = await open_phone(room)
    page = phone.page
    await page.goto(room.server.join_url)
    await expect(page.get_by_label("Join code")).to_have_value(room.code)
    await page.get_by_label("Carer, family or friend").check()
    await join(page)
    options = page.locator("button.option")
    await expect(options).to_have_text(
        [re.compile(r"^1\s+Ask Alex what would help today$"), re.compile(r"^2\s+Explain")]
    )
    mine = page.locator("#my-vote")
    await expect(mine).to_have_text("Choose one. Only you see your vote.")
    await page.evaluate("window.neverReloaded = true")  # a reload or a navigation drops it

    await options.nth(0).click()
    await expect(mine).to_contain_text("Your vote: 1.")
    await expect(options.nth(0)).to_have_attribute("aria-pressed", "true")
    await expect(options.nth(0)).to_contain_text("(your vote)")
    assert saved_votes(room, 0) == [(1, "carer", "phones", 1)]

    await options.nth(1).click()
    await expect(mine).to_contain_text("Your vote: 2.")
    await expect(options.nth(1)).to_have_attribute("aria-pressed", "true")
    await expect(options.nth(0)).to_have_attribute("aria-pressed", "false")
    await expect(options.nth(0)).not_to_contain_text("(your vote)")
    assert saved_votes(room, 0) == [(2, "carer", "phones", 1)]  # changed, not added

    move_on(room, "results", 0)  # the facilitator closes the vote: the page follows by itself
    await expect(page.get_by_role("heading", name="Vote closed")).to_be_visible()
    await expect(options).to_have_count(0)
    await expect(page.locator("main")).not_to_contain_text("How the room voted")  # not shared

    move_on(room, "perspectives", 0)
    await expect(page.get_by_role("heading", name="No vote is open")).to_be_visible()
    move_on(room, "vote", 1)
    await expect(page.get_by_role("heading", name=SECOND)).to_be_visible()
    await expect(options).to_have_count(3)
    await expect(mine).to_have_text("Choose one. Only you see your vote.")
    await options.nth(2).click()
    await expect(mine).to_contain_text("Your vote: 3.")

    assert await page.evaluate("window.neverReloaded") is True
    assert saved_votes(room, 0) == [(2, "carer", "phones", 1)]
    assert saved_votes(room, 1) == [(3, "carer", "phones", 1)]
    assert phone.errors() == []
    # Every request went to the server; the recorder saw the page's files and its script's
    # requests, so it would have seen any other.
    assert [url for url in phone.requests if not url.startswith(f"{room.url}/")] == []
    assert {"/static/page.css", "/static/page.js", "/api/vote?html=1"} <= set(phone.paths())


async def test_with_results_shared_a_closed_vote_shows_the_split_with_small_groups_folded(
    open_phone: OpenPhone, sharing_room: Served
) -> None:
    room = sharing_room
    phone = await open_phone(room)
    page = phone.page
    await page.goto(room.server.join_url)
    await page.get_by_label("Lived experience of mental illness").check()
    await join(page)
    await page.get_by_role("button", name="Explain the service first").click()
    await expect(page.locator("#my-vote")).to_contain_text("Your vote: 2.")
    # People without a phone vote at the keypad in the same round.
    room.live.apply(lambda sc, s, at: add_vote(sc, s, 1, "professional", at, votes=3))
    room.live.apply(lambda sc, s, at: add_vote(sc, s, 2, "carer", at))
    await page.reload()
    question = page.locator("#question")
    await expect(question).not_to_contain_text("of 5")  # nobody's votes while it is open

    move_on(room, "results", 0)
    await expect(page.get_by_role("heading", name="How the room voted")).to_be_visible()
    rows = page.locator("ol.result > li")
    await expect(rows).to_have_text(
        [
            re.compile(r"^1\. Ask Alex what would help today: 3 of 5 \(60%\)\s*Professional: 3"),
            re.compile(r"^2\. Explain the service first: 2 of 5 \(40%\)\s*Professional: 0"),
        ]
    )
    for small in ("Lived experience", "Carer"):  # one voter each: only inside the total
        await expect(page.locator("ol.result")).not_to_contain_text(small)
    await expect(question).to_contain_text("2 votes are counted only in the total")
    await assert_accessible(page, "closed with result")
    assert phone.errors() == []


async def test_with_javascript_off_plain_forms_and_the_reload_link_do_it_all(
    open_phone: OpenPhone, sharing_room: Served
) -> None:
    room = sharing_room
    phone = await open_phone(room, js=False)
    page = phone.page
    await page.goto(room.server.join_url)
    await expect(page.get_by_label("Join code")).to_have_value(room.code)
    await expect(page.get_by_label("Prefer not to say")).to_be_checked()  # the default
    await page.get_by_label("Professional (staff, students)").check()
    await page.get_by_role("button", name="Join").click()

    mine = page.locator("#my-vote")
    await page.get_by_role("button", name="Ask Alex what would help today").click()
    await expect(mine).to_contain_text("Your vote: 1.")
    await page.get_by_role("button", name="Explain the service first").click()
    await expect(mine).to_contain_text("Your vote: 2.")
    await expect(page.locator("button.option.chosen")).to_contain_text("(your vote)")
    assert saved_votes(room, 0) == [(2, "professional", "phones", 1)]

    move_on(room, "results", 0)
    reload = page.get_by_role("link", name="Check for the next question")
    await reload.click()
    await expect(page.get_by_role("heading", name="Vote closed")).to_be_visible()
    await expect(page.locator("ol.result > li").nth(1)).to_contain_text("1 of 1 (100%)")

    move_on(room, "vote", 1)
    await reload.click()
    await expect(page.get_by_role("heading", name=SECOND)).to_be_visible()
    await page.get_by_role("button", name="Write to Alex's GP").click()
    await expect(mine).to_contain_text("Your vote: 2.")

    assert saved_votes(room, 0) == [(2, "professional", "phones", 1)]
    assert saved_votes(room, 1) == [(2, "professional", "phones", 1)]
    assert not [p for p in phone.paths() if p.startswith("/api/")], phone.paths()  # no script ran
    assert "/vote" in phone.paths()  # the plain form did the voting


async def test_a_vote_refused_because_it_just_closed_says_so_instead_of_doing_nothing(
    open_phone: OpenPhone, room: Served
) -> None:
    phone = await open_phone(room)
    page = phone.page
    await page.goto(room.server.join_url)
    await join(page)
    await page.route("**/api/question*", lambda route: route.abort())  # no poll gets through
    move_on(room, "results", 0)  # the vote closes as the participant taps
    await page.get_by_role("button", name="Explain the service first").click()
    await expect(page.locator("main")).to_contain_text("That vote is not open")
    assert saved_votes(room, 0) == []
    await assert_accessible(page, "a refused vote")
    await assert_touch_targets(page, "a refused vote")
    await page.get_by_role("link", name="Back").click()
    await expect(page.get_by_role("heading", name="Vote closed")).to_be_visible()


# Every state of the page


async def test_every_page_state_passes_axe_has_44px_targets_and_the_scenario_lang(
    open_phone: OpenPhone, room: Served
) -> None:
    """A closed vote with its result and a refused vote are scanned in their own tests above."""
    phone = await open_phone(room)
    seen = []
    async for state in tour(phone, room):
        seen.append(state)
        await assert_accessible(phone.page, state)
        await assert_touch_targets(phone.page, state)
        assert await phone.page.get_attribute("html", "lang") == LANGUAGE, state
    assert seen == TOUR


async def test_at_320px_wide_nothing_scrolls_sideways_and_targets_stay_large(
    open_phone: OpenPhone, sharing_room: Served, tmp_path: Path
) -> None:
    phone = await open_phone(sharing_room, viewport=NARROW)
    async for state in tour(phone, sharing_room):
        width = await phone.page.evaluate("[document.documentElement.scrollWidth, innerWidth]")
        assert width[0] <= width[1], (state, width)
        await assert_touch_targets(phone.page, state)
        await phone.page.screenshot(path=tmp_path / f"{state}.png", full_page=True)


async def test_keyboard_focus_is_clearly_visible_and_stays_on_the_option_voted_for(
    open_phone: OpenPhone, room: Served
) -> None:
    page = (await open_phone(room)).page
    await page.goto(room.server.join_url)
    await join(page)
    for _ in range(10):
        await page.keyboard.press("Tab")
        if await page.evaluate("document.activeElement.classList.contains('option')"):
            break
    focus = await page.evaluate(FOCUS_STYLE)
    assert focus["text"] == "1 Ask Alex what would help today", focus  # reached by Tab
    assert focus["visible"], focus
    assert focus["style"] == "solid", focus
    assert float(focus["width"].removesuffix("px")) >= 2, focus
    assert contrast(focus["colour"], focus["page"]) >= 3, focus  # WCAG 2.2 non-text contrast
    await page.keyboard.press("Tab")
    await page.keyboard.press("Enter")  # vote for the second option from the keyboard
    await expect(page.locator("#my-vote")).to_contain_text("Your vote: 2.")
    after = await page.evaluate(FOCUS_STYLE)
    assert after["text"] == "2 Explain the service first (your vote)", after  # focus kept
    assert after["visible"], after
    assert saved_votes(room, 0) == [(2, "not_given", "phones", 1)]


async def test_the_page_logs_no_error_to_the_console(open_phone: OpenPhone, room: Served) -> None:
    """Not even for the icon every browser asks for: it is answered 204, no icon."""
    phone = await open_phone(room)
    async for _ in tour(phone, room):
        pass
    assert phone.errors() == []


FOCUS_STYLE = """() => {
  const el = document.activeElement, style = getComputedStyle(el);
  return {text: el.textContent.replace(/\\s+/g, ' ').trim(), visible: el.matches(':focus-visible'),
          style: style.outlineStyle, width: style.outlineWidth, colour: style.outlineColor,
          page: getComputedStyle(document.body).backgroundColor};
}"""


def contrast(first: str, second: str) -> float:
    """The WCAG contrast ratio of two CSS colours written as rgb(r, g, b)."""

    def luminance(colour: str) -> float:
        channels = [int(c) / 255 for c in re.findall(r"\d+", colour)[:3]]
        linear = [c / 12.92 if c <= 0.03928 else ((c + 0.055) / 1.055) ** 2.4 for c in channels]
        return 0.2126 * linear[0] + 0.7152 * linear[1] + 0.0722 * linear[2]

    light, dark = sorted((luminance(first), luminance(second)), reverse=True)
    return (light + 0.05) / (dark + 0.05)
