"""What the projected screen shows at each step of a session, built from state.

Each builder takes the scenario, the session and the screen's view settings
and returns the widgets for the body. Nothing here changes the session.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path

from textual.containers import Horizontal, Vertical, VerticalScroll
from textual.widget import Widget
from textual.widgets import Digits, Input, Label, OptionList, RadioButton, RadioSet, Static
from textual.widgets.option_list import Option

from workshop.domain.scenario import PERSPECTIVE_LABELS, RISK_DOMAIN_LABELS, Scenario, Stage
from workshop.domain.session import NOTE_PERSPECTIVES, Phase, Session, current_stage
from workshop.domain.tally import GROUP_LABELS
from workshop.storage.config import Config, what_is_recorded
from workshop.tui.screens.dialogs import NOTE_LABELS
from workshop.tui.screens.support import contact_lines
from workshop.tui.themes import GROUP_MARKS, GROUP_PATTERNS
from workshop.tui.widgets.perspectives import PerspectiveColumns
from workshop.tui.widgets.tally import TallyBars
from workshop.tui.widgets.text import TextBlock
from workshop.tui.widgets.timer import DiscussionTimer, TimerState

PHASE_TITLES: dict[Phase, str] = {
    "welcome": "Welcome",
    "content_note": "Content note",
    "narrative": "The story so far",
    "vote": "What would you do? Vote privately",
    "results": "How the room voted",
    "perspectives": "Perspectives, side by side",
    "consequence": "What happened next",
    "discussion": "Discussion",
    "revote": "Re-vote: has your view moved?",
    "revote_results": "How views moved",
    "notes": "Notes",
    "wellbeing": "Wellbeing check",
    "epilogue": "What actually happened",
    "debrief": "Debrief",
    "takeaways": "Take-aways",
    "support": "Support and signposting",
    "summary": "Summary",
}

DEBRIEF_MODELS = {
    "diamond": (
        "Diamond debrief",
        [
            "Description: what happened?",
            "Analysis: why, and how did it feel?",
            "Application: what will you take into your practice?",
        ],
    ),
    "pearls": (
        "PEARLS debrief",
        [
            "Reactions: how are you feeling?",
            "Description: what happened?",
            "Analysis: what went well, what would you change?",
            "Summary: key take-aways",
        ],
    ),
    "plus_delta": (
        "Plus / delta",
        ["Plus: what helped the person?", "Delta: what would you change?"],
    ),
    "open": ("Open debrief", []),
}

NOTES_REMINDER = (
    "Write themes, not people: no names or identifying details of anyone in the room "
    "or in their stories."
)


@dataclass(frozen=True)
class View:
    """What the screen needs to build a step, beyond the session itself."""

    scenario: Scenario
    session: Session
    config: Config
    group: str
    record: Path
    clock: Callable[[], float]
    note_perspective: str = "shared"
    width: int = 80
    show_notes: bool = False
    timer: TimerState | None = None


def build(view: View) -> list[Widget]:
    phase = view.session.position.phase
    builder = _BUILDERS.get(phase)
    return builder(view) if builder else [Label(PHASE_TITLES[phase])]


def _stage(view: View) -> Stage:
    stage = current_stage(view.scenario, view.session)
    assert stage is not None
    return stage


def _options(stage: Stage) -> tuple[str, ...]:
    return tuple(o.text for o in stage.question.options) if stage.question else ()


def _contacts(view: View) -> Static:
    """The support contacts: the organisers' list and the scenario's local services."""
    return Static(
        contact_lines(view.config.contacts, view.scenario.signposting_extra),
        classes="contacts",
        markup=False,
    )


def _scroll(*children: Widget, classes: str = "") -> VerticalScroll:
    return VerticalScroll(*children, classes=f"reading {classes}".strip())


def welcome(view: View) -> list[Widget]:
    scenario, info = view.scenario, view.session.info
    credits = "\n".join(
        f"{GROUP_MARKS[a.perspective]} {a.name} ({PERSPECTIVE_LABELS[a.perspective].lower()})"
        + (f": {a.contribution}" if a.contribution else "")
        for a in scenario.authors
    )
    roles = [role[0].lower() + role[1:] for role in info.facilitation]
    facilitators = (
        " and ".join([", ".join(f"a {r}" for r in roles[:-1]), f"a {roles[-1]}"])
        if len(roles) > 1
        else (f"a {roles[0]}" if roles else "the facilitators")
    )
    children: list[Widget] = [
        Static(scenario.title, classes="big-title", markup=False),
        Static(f"Facilitated together by {facilitators}.", markup=False),
        Label("Written by, as equal co-authors", classes="section"),
        Static(credits, markup=False),
    ]
    if scenario.provenance and scenario.provenance.statement:
        children.append(TextBlock(scenario.provenance.statement, classes="provenance"))
    children += [
        Label("Ground rules", classes="section"),
        Static("\n".join(f"• {rule}" for rule in view.config.ground_rules), markup=False),
        Label("What this tool records", classes="section"),
        Static(
            "\n".join("• " + line for line in what_is_recorded(info.min_group)),
            markup=False,
        ),
    ]
    return [_scroll(*children)]


def content_note(view: View) -> list[Widget]:
    note = view.scenario.content_note
    topics = ", ".join(note.topics) or "none listed"
    return [
        _scroll(
            Static(f"Topics: {topics}", classes="section", markup=False),
            TextBlock(note.text),
            Label("Looking after yourself", classes="section"),
            Static(
                "Leave the room or take a break whenever you need to; you do not have to say why. "
                "Either facilitator is available to talk in private. Press S at any point to "
                "show support contacts.",
                markup=False,
            ),
            _contacts(view),
        )
    ]


def narrative(view: View) -> list[Widget]:
    stage = _stage(view)
    children: list[Widget] = [TextBlock(stage.narrative)]
    if stage.question:
        children.append(Static(stage.question.prompt, classes="prompt", markup=False))
    return [_scroll(*children)]


def vote(view: View) -> list[Widget]:
    stage = _stage(view)
    assert stage.question is not None
    voting = view.session.current_round()
    votes_in = voting.votes_in if voting else 0
    is_open = bool(voting and voting.open)
    options = "\n".join(f"{n}. {text}" for n, text in enumerate(_options(stage), 1))
    group = view.group
    status = (
        "Voting is open: the split stays hidden until the vote is closed."
        if is_open
        else "This vote is closed. Press R to reopen it."
    )
    return [
        Horizontal(
            _scroll(
                Static(stage.question.prompt, classes="prompt", markup=False),
                Static(options, classes="options", markup=False),
                Static(status, classes="hint", markup=False),
            ),
            Vertical(
                Label("Votes in", classes="count-label"),
                Digits(str(votes_in), id="votes-in", classes="count"),
                *(_keypad(group) if is_open else ()),
                classes="vote-panel",
            ),
            classes="vote",
        )
    ]


def _keypad(group: str) -> tuple[Widget, ...]:
    """Whose votes the keys count: only while the vote is open, when keys add votes."""
    return (
        Label("Voting for", classes="count-label"),
        Label(
            f"{GROUP_MARKS[group]} {GROUP_LABELS[group].upper()} {GROUP_PATTERNS[group] * 3}",
            id="current-group",
            classes=f"current-group group-{group}",
            markup=False,
        ),
        Static("1-9 vote · G group · U undo · C count", classes="hint"),
    )


def results(view: View) -> list[Widget]:
    stage = _stage(view)
    assert stage.question is not None
    visit = view.session.current_visit
    assert visit is not None
    first = visit.round(1)
    phase = view.session.position.phase
    now = view.session.current_round() if phase == "revote_results" else first
    options = len(stage.question.options)
    if now is None or not now.votes_in:
        what = "re-vote" if phase == "revote_results" else "vote"
        return [
            _scroll(
                Static(stage.question.prompt, classes="prompt", markup=False),
                Static(
                    f"No votes were entered in this {what}. Press ← to go back and reopen it "
                    "(R), or carry on.",
                    classes="hint",
                    markup=False,
                ),
            )
        ]
    before = (
        first.tally(options)
        if phase == "revote_results" and first is not None and first.votes_in
        else None
    )
    hint: list[Widget] = []
    leaders = now.tally(options).leaders()
    if phase == "revote_results" and visit.chosen and leaders and visit.chosen not in leaders:
        hint.append(
            Static(
                f"Most votes in the re-vote went to {', '.join(map(str, leaders))}; the group "
                f"went with {visit.chosen} earlier. Press O to change the group's choice.",
                classes="hint",
                markup=False,
            )
        )
    return [
        _scroll(
            Static(stage.question.prompt, classes="prompt", markup=False),
            TallyBars(
                now.tally(options),
                _options(stage),
                view.session.info.min_group,
                before=before,
                chosen=visit.chosen,
                bar_width=max(20, min(60, view.width - 50)),
            ),
            *hint,
        )
    ]


def perspectives(view: View) -> list[Widget]:
    return [PerspectiveColumns(view.scenario, _stage(view))]


def consequence(view: View) -> list[Widget]:
    stage = _stage(view)
    visit = view.session.current_visit
    assert stage.question is not None
    assert visit is not None
    if visit.chosen is None:
        return [_scroll(Label("The group has not chosen an option yet. Press O to choose."))]
    option = stage.question.options[visit.chosen - 1]
    chosen_by_facilitators = visit.chosen_by == "facilitator"
    how = "chosen by the facilitators" if chosen_by_facilitators else "by majority"
    return [
        _scroll(
            Static(
                f"{'The facilitators chose' if chosen_by_facilitators else 'The group went with'} "
                f"{visit.chosen}. {option.text}",
                classes="prompt",
                markup=False,
            ),
            Static(f"({how}; press O to go with another option)", classes="hint", markup=False),
            TextBlock(
                option.consequence
                or "The scenario does not say what followed this option: "
                "discuss what might have happened."
            ),
        )
    ]


def timer_label(paused: bool) -> str:
    return "PAUSED · T resumes" if paused else "Running · T pauses"


def discussion(view: View) -> list[Widget]:
    stage = _stage(view)
    prompts = "\n".join(f"• {p}" for p in stage.discussion) or "• What stood out for you?"
    children: list[Widget] = [
        _scroll(Label("Talk it through", classes="section"), Static(prompts, markup=False))
    ]
    if stage.minutes:
        timer = view.timer or TimerState(stage.minutes * 60.0)
        children.append(
            Vertical(
                Label(f"{stage.minutes} minutes planned", classes="count-label"),
                Label(timer_label(timer.paused), id="timer-label", classes="count-label"),
                DiscussionTimer(timer, view.clock, id="timer"),
                classes="timer-panel",
            )
        )
    return [Horizontal(*children, classes="discussion")]


def notes(view: View) -> list[Widget]:
    """The facilitators' notes: written here, shown only when they open their view (F)."""
    visit = view.session.current_visit
    assert visit is not None
    if view.show_notes:
        columns: Widget = Horizontal(
            *(
                Vertical(
                    Label(f"{GROUP_MARKS[kind]} {NOTE_LABELS[kind]}", classes="notes-heading"),
                    OptionList(
                        *(
                            Option(f"• {note.text}", id=str(note.id))
                            for note in visit.notes
                            if note.perspective == kind
                        ),
                        classes="notes-list",
                        markup=False,
                    ),
                    classes=f"notes-column group-{kind}",
                )
                for kind in NOTE_PERSPECTIVES
            ),
            classes="notes-columns",
        )
    else:
        count = len(visit.notes)
        noun = "note" if count == 1 else "notes"
        saved = f"{count} {noun} saved for this stage." if count else "No notes yet."
        columns = Static(
            f"{saved} F opens the facilitator view: the notes, to edit or delete, and the "
            "stage's facilitator notes. The room sees it while it is open.",
            classes="notes-columns hint",
            markup=False,
        )
    label = NOTE_LABELS[view.note_perspective].upper()
    return [
        Vertical(
            Static(NOTES_REMINDER, classes="reminder", markup=False),
            columns,
            RadioSet(
                *(
                    RadioButton(NOTE_LABELS[k], value=k == view.note_perspective)
                    for k in NOTE_PERSPECTIVES
                ),
                id="note-perspective",
            ),
            Input(
                placeholder=f"Note for {label} (P changes): type, then Enter; Esc leaves the box",
                id="note-input",
            ),
            classes="notes",
        )
    ]


def wellbeing(view: View) -> list[Widget]:
    return [
        _scroll(
            Label("Let's pause for a moment", classes="section"),
            Static(
                "How is everyone doing? Take a few minutes: stretch, get a drink, step out if "
                "you need to. Nobody has to share anything. Either facilitator is around to talk "
                "in private.",
                markup=False,
            ),
            _contacts(view),
        )
    ]


def epilogue(view: View) -> list[Widget]:
    epilogue = view.scenario.epilogue
    assert epilogue is not None
    author = view.scenario.author(epilogue.author)
    children: list[Widget] = [Static(epilogue.title, classes="big-title", markup=False)]
    if author:
        children.append(Label(f"In the words of {author.name}", classes="byline", markup=False))
    children.append(TextBlock(epilogue.text))
    return [_scroll(*children)]


def debrief(view: View) -> list[Widget]:
    debrief = view.scenario.debrief
    model = debrief.model if debrief else "open"
    name, steps = DEBRIEF_MODELS.get(model, DEBRIEF_MODELS["open"])
    prompts = list(debrief.prompts) if debrief else []
    if not prompts and not steps:
        prompts = ["What will you take from this story into your practice?"]
    children: list[Widget] = [Label(name, classes="section", markup=False)]
    if steps:
        children.append(Static("\n".join(f"• {s}" for s in steps), markup=False))
    if prompts:
        children += [
            Label("Questions for the group", classes="section"),
            Static("\n".join(f"• {p}" for p in prompts), markup=False),
        ]
    outcomes = "\n".join(f"• {o}" for o in view.scenario.learning_outcomes)
    children += [Label("Learning outcomes", classes="section"), Static(outcomes, markup=False)]
    return [_scroll(*children)]


def takeaways(view: View) -> list[Widget]:
    """What the group will take back to practice, in their words, on the projector."""
    items = view.session.takeaways
    listing: Widget = (
        OptionList(
            *(Option(f"{n}. {text}", id=str(n - 1)) for n, text in enumerate(items, 1)),
            id="takeaway-list",
            markup=False,
        )
        if items
        else Static("None yet.", id="takeaway-list", classes="hint", markup=False)
    )
    hint = "Enter adds it. To reword or remove one: Tab until the list is highlighted, ↑ ↓, Enter."
    return [
        Vertical(
            Static(NOTES_REMINDER, classes="reminder", markup=False),
            listing,
            Input(placeholder="Type a take-away and press Enter", id="takeaway-input"),
            Static(hint, classes="hint", markup=False),
            classes="notes",
        )
    ]


def support(view: View) -> list[Widget]:
    return [
        _scroll(
            Static(
                "Thank you for taking part. Conversations like today's can stay with people. "
                "If something has come up for you, please reach out.",
                markup=False,
            ),
            _contacts(view),
        )
    ]


def summary(view: View) -> list[Widget]:
    session = view.session
    stages = " → ".join(view.scenario.stage(v.stage_id).title for v in session.visits) or "none"
    votes = sum(r.votes_in for v in session.visits for r in v.rounds)
    note_count = sum(len(v.notes) for v in session.visits)
    domains = ", ".join(RISK_DOMAIN_LABELS[d] for d in view.scenario.risk_domains)
    lines = [
        f"Path through the story: {stages}",
        f"Votes recorded: {votes} · notes: {note_count} · take-aways: {len(session.takeaways)}",
    ]
    if domains:
        lines.append(f"Risk explored: {domains}")
    prefix = session.info.short_id
    return [
        _scroll(
            Static("\n".join(lines), markup=False),
            Label("The record is saved", classes="section"),
            Static(str(view.record), markup=False, classes="path"),
            Label("Export it", classes="section"),
            Static(
                f"workshop report {prefix} --format md -o session.md\n"
                f"workshop report {prefix} --format html -o session.html\n"
                f"workshop report {prefix} --format csv -o session.csv",
                markup=False,
                classes="commands",
            ),
            Static("Press Q to quit.", classes="hint"),
        )
    ]


_BUILDERS: dict[Phase, Callable[[View], list[Widget]]] = {
    "welcome": welcome,
    "content_note": content_note,
    "narrative": narrative,
    "vote": vote,
    "results": results,
    "perspectives": perspectives,
    "consequence": consequence,
    "discussion": discussion,
    "revote": vote,
    "revote_results": results,
    "notes": notes,
    "wellbeing": wellbeing,
    "epilogue": epilogue,
    "debrief": debrief,
    "takeaways": takeaways,
    "support": support,
    "summary": summary,
}
