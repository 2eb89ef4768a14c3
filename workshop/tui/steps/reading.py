"""The steps that are read aloud: welcome, content note, story, consequence, closing steps.

Each is a tuple of Blocks worked out from the view; `ReadingStep` draws them
and shows them again in place when they change.
"""

from __future__ import annotations

from collections.abc import Callable

from workshop.domain.scenario import RISK_DOMAIN_LABELS
from workshop.domain.session import Phase
from workshop.palette import MARKS
from workshop.storage.config import support_lines, what_is_recorded
from workshop.tui.steps.view import View
from workshop.tui.widgets.blocks import Block, Blocks, block
from workshop.tui.widgets.text import bullets, prose
from workshop.words import DEBRIEF_MODELS, EXAMPLE_NOTICE, credit, epilogue_byline

LOOKING_AFTER_YOURSELF = (
    "Leave the room or take a break whenever you need to; you do not have to say why, and "
    "one of the facilitators will check on you. You can ask either facilitator for the "
    "support contacts, or to talk in private, at any time."
)
WELLBEING = (
    "How is everyone doing? Take a few minutes: stretch, get a drink, step out if you need "
    "to. Nobody has to share anything. Either facilitator is around to talk in private."
)


def welcome(view: View) -> tuple[Block, ...]:
    scenario, info = view.scenario, view.session.info
    roles = [role[0].lower() + role[1:] for role in info.facilitation]
    facilitators = (
        " and ".join([", ".join(f"a {r}" for r in roles[:-1]), f"a {roles[-1]}"])
        if len(roles) > 1
        else (f"a {roles[0]}" if roles else "the facilitators")
    )
    blocks = [block(scenario.title, "big-title")]
    if scenario.is_example:
        blocks.append(block(EXAMPLE_NOTICE, "example-notice"))
    blocks.append(block(f"Facilitated together by {facilitators}."))
    if scenario.authors:
        blocks += [
            block("Written by, as equal co-authors", "section"),
            Block(tuple((f"{MARKS[a.perspective]} ", credit(a)) for a in scenario.authors)),
        ]
    if scenario.provenance and scenario.provenance.statement:
        blocks.append(Block(prose(scenario.provenance.statement), "provenance"))
    blocks += [
        block("Ground rules", "section"),
        Block(bullets(view.config.ground_rules)),
        block("What this tool records", "section"),
        Block(bullets(what_is_recorded(info.min_group, info.voting_mode))),
    ]
    return tuple(blocks)


def content_note(view: View) -> tuple[Block, ...]:
    note = view.scenario.content_note
    topics = ", ".join(note.topics) or "none listed"
    return (
        block(f"Topics: {topics}", "section"),
        Block(prose(note.text)),
        block("Looking after yourself", "section"),
        block(LOOKING_AFTER_YOURSELF),
        _contacts(view),
    )


def narrative(view: View) -> tuple[Block, ...]:
    stage = view.stage
    blocks = [Block(prose(stage.narrative))]
    if stage.question:
        blocks.append(block(stage.question.prompt, "prompt"))
    return tuple(blocks)


def consequence(view: View) -> tuple[Block, ...]:
    stage, visit = view.stage, view.session.current_visit
    assert stage.question is not None
    assert visit is not None
    if visit.chosen is None:
        return (block("The group has not chosen an option yet. Press O to choose."),)
    option = stage.question.options[visit.chosen - 1]
    by_facilitators = visit.chosen_by == "facilitator"
    who = "The facilitators chose" if by_facilitators else "The group went with"
    how = "chosen by the facilitators" if by_facilitators else "by majority"
    return (
        Block((("", f"{who} {visit.chosen}. {option.text}"),), "prompt"),
        block(f"({how}; press O to go with another option)", "chosen-how"),
        Block(
            prose(
                option.consequence
                or "The scenario does not say what followed this option: "
                "discuss what might have happened."
            )
        ),
    )


def wellbeing(view: View) -> tuple[Block, ...]:
    return (block("Let's pause for a moment", "section"), block(WELLBEING), _contacts(view))


def epilogue(view: View) -> tuple[Block, ...]:
    epilogue = view.scenario.epilogue
    assert epilogue is not None
    blocks = [block(epilogue.title, "big-title")]
    byline = epilogue_byline(view.scenario)
    if byline:
        blocks.append(block(byline, "byline"))
    blocks.append(Block(prose(epilogue.text)))
    return tuple(blocks)


def debrief(view: View) -> tuple[Block, ...]:
    debrief = view.scenario.debrief
    model = debrief.model if debrief else "open"
    name, steps = DEBRIEF_MODELS.get(model, DEBRIEF_MODELS["open"])
    prompts = list(debrief.prompts) if debrief else []
    if not prompts and not steps:
        prompts = ["What will you take from this story into your practice?"]
    blocks = [block(name, "section")]
    if steps:
        blocks.append(Block(bullets(steps)))
    if prompts:
        blocks += [block("Questions for the group", "section"), Block(bullets(prompts))]
    blocks += [
        block("Learning outcomes", "section"),
        Block(bullets(view.scenario.learning_outcomes)),
    ]
    return tuple(blocks)


def support(view: View) -> tuple[Block, ...]:
    return (
        block(view.config.closing_words),
        _contacts(view),
    )


def summary(view: View) -> tuple[Block, ...]:
    if view.preview:
        return (
            block("The summary", "section"),
            block(
                "In a session this step says where the record was saved and how to export "
                "it. A preview keeps no record."
            ),
        )
    session = view.session
    stages = " → ".join(view.scenario.stage(v.stage_id).title for v in session.visits) or "none"
    votes = sum(r.votes_in for v in session.visits for r in v.rounds)
    note_count = sum(len(v.notes) for v in session.visits)
    domains = ", ".join(RISK_DOMAIN_LABELS[d] for d in view.scenario.risk_domains)
    facts = [
        f"Path through the story: {stages}",
        f"Votes recorded: {votes} · notes: {note_count} · take-aways: {len(session.takeaways)}",
    ]
    if domains:
        facts.append(f"Risk explored: {domains}")
    prefix = session.info.short_id
    return (
        Block(tuple(("", fact) for fact in facts)),
        block("The record is saved", "section"),
        block(str(view.record), "path"),
        block("Export it", "section"),
        Block(
            tuple(
                ("", f"workshop report {prefix} --format {fmt} -o session.{fmt}")
                for fmt in ("md", "html", "csv")
            ),
            "commands",
        ),
        block("Press Q to quit.", "hint"),
    )


def _contacts(view: View) -> Block:
    """The support contacts: the organisers' list and the scenario's local services."""
    return Block(support_lines(view.config, view.scenario.signposting_extra), "contacts")


READING: dict[Phase, Callable[[View], tuple[Block, ...]]] = {
    "welcome": welcome,
    "content_note": content_note,
    "narrative": narrative,
    "consequence": consequence,
    "wellbeing": wellbeing,
    "epilogue": epilogue,
    "debrief": debrief,
    "support": support,
    "summary": summary,
}


class ReadingStep(Blocks):
    """A step to read: its blocks in a centred column that scrolls."""

    def __init__(self, view: View) -> None:
        super().__init__(READING[view.phase](view), classes=f"reading step-{view.phase}")

    def show_view(self, view: View) -> None:
        self.show(READING[view.phase](view))
