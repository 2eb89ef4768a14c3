"""The organisers' settings: ground rules, support contacts, small-group size.

Read from `DATA_DIR/config.toml`. Everything has a sensible default, and a
broken config file never stops a session: its problems are reported and the
defaults are used for what could not be read. Support contacts carry a review
date: phone numbers and services change, and a stale list is said at start.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date, datetime
from pathlib import Path
from typing import Any

from workshop.domain.tally import DEFAULT_MIN_GROUP, small_groups_rule

Line = tuple[str, str]


@dataclass(frozen=True)
class Contact:
    name: str
    detail: str


DEFAULT_CONTACTS = (
    Contact("Samaritans", "Call 116 123, free, any time, day or night"),
    Contact("NHS 111", "Call 111 and choose the mental health option (England)"),
    Contact("Emergency", "Call 999 or go to A&E if a life is at immediate risk"),
    Contact("Shout", "Text SHOUT to 85258, free, any time"),
)

DEFAULT_CONTACTS_REVIEW_BY = date(2027, 11, 30)
"""When the UK defaults above are next to be checked against the services' own pages."""

DEFAULT_STAFF_SUPPORT = (
    "If today touched on your own work (distress from your practice, a patient's death, an "
    "incident review), talk to your supervisor or manager, or your employer's staff support "
    "or occupational health service."
)
DEFAULT_CLOSING_WORDS = (
    "Thank you for taking part. Conversations like today's can stay with people. If something "
    "has come up for you, please reach out: talking to someone can help, and people do come "
    "through times like these."
)

DEFAULT_GROUND_RULES = (
    "This is a learning space, not therapy.",
    "Assume that people with lived experience of mental illness, and carers, are in the room.",
    "Lived experience, carers' and families' experience and professional views are equal "
    "voices here.",
    "No one has to share anything about themselves; choosing a perspective group to vote in "
    "is optional too.",
    "Stories and what people say stay in the room, with one limit: if someone may be at risk "
    "now, or there is a safeguarding concern, the facilitators will act on it.",
    "You can step out at any time, without explaining why; one of the facilitators will "
    "check on you.",
)


def what_is_recorded(min_group: int, voting_mode: str = "keypad") -> tuple[str, ...]:
    """What the welcome screen tells the room the record will hold, and what it won't."""
    lines = [
        "Votes as counts per option and perspective group, never who voted what.",
        small_groups_rule(min_group),
        "Notes typed by the facilitators, tagged by perspective: themes, never names.",
        "The cohort label, the facilitators' roles and the date, to the minute.",
    ]
    if voting_mode == "phones":
        lines.append(
            "Phones: no names, numbers or addresses; which phone voted what is forgotten as "
            "each vote closes."
        )
    return tuple(lines)


@dataclass(frozen=True)
class Config:
    ground_rules: tuple[str, ...] = DEFAULT_GROUND_RULES
    contacts: tuple[Contact, ...] = DEFAULT_CONTACTS
    min_group: int = DEFAULT_MIN_GROUP
    staff_support: str = DEFAULT_STAFF_SUPPORT
    closing_words: str = DEFAULT_CLOSING_WORDS
    contacts_review_by: date = DEFAULT_CONTACTS_REVIEW_BY
    problems: tuple[str, ...] = field(default=(), compare=False)

    def stale_contacts(self, today: date) -> str | None:
        """A sentence once the contacts' review date has passed; None while they are current."""
        if today <= self.contacts_review_by:
            return None
        return (
            f"The support contacts were due for review on {self.contacts_review_by.isoformat()}: "
            "check each number is still right, then set support.review_by in config.toml"
        )


def support_lines(config: Config, extra: tuple[str, ...] = ()) -> tuple[Line, ...]:
    """The contacts, staff support and a scenario's local services, as bullet lines."""
    lines: list[Line] = [("• ", f"{c.name}: {c.detail}") for c in config.contacts]
    if config.staff_support:
        lines += [("", ""), ("• ", config.staff_support)]
    if extra:
        lines += [("", ""), ("", "Local services for this scenario:")]
        lines += [("• ", e) for e in extra]
    return tuple(lines)


EXAMPLE = """\
# workshop settings. Every key is optional.
min_group = 3   # groups with fewer voters in a round are shown only inside the total
ground_rules = ["This is a learning space, not therapy."]

[support]
replace_defaults = false   # true: show only the contacts below
review_by = 2027-11-30     # when to check the contacts again; a warning once it passes
staff = "Staff support: your employee assistance programme, or talk to your supervisor."
[[support.contacts]]
name = "Local crisis line"
detail = "Call 0800 000 0000, any time"
"""


def load_config(path: Path) -> Config:
    """Read the config; a missing file is the defaults, a broken one is reported."""
    try:
        text = path.read_text("utf-8")
    except FileNotFoundError:
        return Config()
    except (OSError, UnicodeDecodeError) as error:
        return Config(problems=(f"{path}: cannot read settings ({error}); using the defaults",))
    import tomllib  # only with a config file: most starts have none, and start sooner

    try:
        data = tomllib.loads(text)
    except tomllib.TOMLDecodeError as error:
        return Config(problems=(f"{path}: cannot read settings ({error}); using the defaults",))
    return _from_data(data, path)


def _from_data(data: dict[str, Any], path: Path) -> Config:
    problems: list[str] = []
    known = {"min_group", "ground_rules", "support"}
    problems += [f"{path}: unknown setting '{key}' ignored" for key in data if key not in known]
    min_group = data.get("min_group", DEFAULT_MIN_GROUP)
    if not isinstance(min_group, int) or isinstance(min_group, bool) or not 1 <= min_group <= 50:
        problems.append(f"{path}: min_group must be a whole number from 1 to 50; using 3")
        min_group = DEFAULT_MIN_GROUP
    rules = data.get("ground_rules", DEFAULT_GROUND_RULES)
    if not isinstance(rules, list | tuple) or not all(isinstance(r, str) for r in rules):
        problems.append(f"{path}: ground_rules must be a list of texts; using the defaults")
        rules = DEFAULT_GROUND_RULES
    support = data.get("support", {})
    contacts = _contacts(support, path, problems)
    staff, review_by = DEFAULT_STAFF_SUPPORT, DEFAULT_CONTACTS_REVIEW_BY
    if isinstance(support, dict):
        staff = _text(support, "staff", DEFAULT_STAFF_SUPPORT, path, problems)
        review_by = support.get("review_by", DEFAULT_CONTACTS_REVIEW_BY)
        if not isinstance(review_by, date) or isinstance(review_by, datetime):
            problems.append(f"{path}: support.review_by must be a date such as 2027-11-30")
            review_by = DEFAULT_CONTACTS_REVIEW_BY
    return Config(
        ground_rules=tuple(rules),
        contacts=contacts,
        min_group=min_group,
        staff_support=staff,
        contacts_review_by=review_by,
        problems=tuple(problems),
    )


def _text(table: dict[str, Any], key: str, default: str, path: Path, problems: list[str]) -> str:
    value = table.get(key, default)
    if not isinstance(value, str):
        problems.append(f"{path}: support.{key} must be text; using the default")
        return default
    return value


def _contacts(support: object, path: Path, problems: list[str]) -> tuple[Contact, ...]:
    if not isinstance(support, dict):
        problems.append(f"{path}: [support] must be a table; using the default contacts")
        return DEFAULT_CONTACTS
    unknown = set(support) - {"replace_defaults", "contacts", "review_by", "staff"}
    problems += [f"{path}: unknown setting 'support.{key}' ignored" for key in sorted(unknown)]
    extra: list[Contact] = []
    for index, entry in enumerate(support.get("contacts", []), 1):
        if (
            isinstance(entry, dict)
            and isinstance(entry.get("name"), str)
            and isinstance(entry.get("detail"), str)
        ):
            extra.append(Contact(entry["name"], entry["detail"]))
        else:
            problems.append(f"{path}: support.contacts[{index}] needs a name and a detail; skipped")
    replace = support.get("replace_defaults", False) is True
    if replace and not extra:
        problems.append(f"{path}: replace_defaults without any contacts; keeping the defaults")
        replace = False
    return tuple(extra) if replace else (*DEFAULT_CONTACTS, *extra)
