"""The organisers' settings: ground rules, support contacts, small-group size.

Read from `DATA_DIR/config.toml`. Everything has a sensible default, and a
broken config file never stops a session: its problems are reported and the
defaults are used for what could not be read.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from workshop.domain.tally import DEFAULT_MIN_GROUP, small_groups_rule


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

DEFAULT_GROUND_RULES = (
    "This is a learning space, not therapy.",
    "No one has to disclose anything about themselves.",
    "Stories and what people say stay in the room.",
    "You can step out at any time, without explaining why.",
    "Lived experience and professional views are equal voices here.",
)


def what_is_recorded(min_group: int) -> tuple[str, ...]:
    """What the welcome screen tells the room the record will hold, and what it won't."""
    return (
        "Votes as counts per option and perspective group, never who voted what.",
        small_groups_rule(min_group),
        "Notes typed by the facilitators, tagged by perspective: themes, never names.",
        "The cohort label, the facilitators' roles and the date, to the minute.",
    )


@dataclass(frozen=True)
class Config:
    ground_rules: tuple[str, ...] = DEFAULT_GROUND_RULES
    contacts: tuple[Contact, ...] = DEFAULT_CONTACTS
    min_group: int = DEFAULT_MIN_GROUP
    problems: tuple[str, ...] = field(default=(), compare=False)


EXAMPLE = """\
# workshop settings. Every key is optional.
min_group = 3   # groups with fewer voters in a round are shown only inside the total
ground_rules = ["This is a learning space, not therapy."]

[support]
replace_defaults = false   # true: show only the contacts below
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
    contacts = _contacts(data.get("support", {}), path, problems)
    return Config(tuple(rules), contacts, min_group, tuple(problems))


def _contacts(support: object, path: Path, problems: list[str]) -> tuple[Contact, ...]:
    if not isinstance(support, dict):
        problems.append(f"{path}: [support] must be a table; using the default contacts")
        return DEFAULT_CONTACTS
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
