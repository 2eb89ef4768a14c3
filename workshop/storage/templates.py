"""The commented starting scenario that `workshop new` writes."""

from __future__ import annotations

import re
from datetime import date
from importlib.resources import files
from pathlib import Path

REVIEW_AFTER_DAYS = 365


def scenario_id_for(file_stem: str) -> str:
    """A valid scenario id made from a file name, e.g. `Sam's story` -> `sam-s-story`."""
    slug = re.sub(r"[^a-z0-9]+", "-", file_stem.lower()).strip("-")[:64].strip("-")
    return slug if len(slug) >= 3 else "my-scenario"


def new_scenario_text(file_name: str, today: date) -> str:
    template = files("workshop.storage").joinpath("new_scenario.toml").read_text("utf-8")
    stem = file_name.rsplit(".", 1)[0]
    title = re.sub(r"[-_]+", " ", stem).strip().capitalize() or "My scenario"
    values = {
        "{file_name}": file_name,
        "{scenario_id}": scenario_id_for(stem),
        "{title}": title.replace("\\", "").replace('"', "'")[:120],
        "{review_by}": date.fromordinal(today.toordinal() + REVIEW_AFTER_DAYS).isoformat(),
    }
    for placeholder, value in values.items():
        template = template.replace(placeholder, value)
    return template


def write_new_scenario(path: Path, today: date) -> Path | None:
    """Write the starting scenario, never over a file; and its schema beside it, if missing.

    Returns the schema's path when it was written. OSError (the file exists,
    the folder is not writable) is for the caller to say.
    """
    from workshop.domain.schema import schema_json

    with path.open("x", encoding="utf-8") as file:
        file.write(new_scenario_text(path.name, today))
    schema_path = path.parent / "scenario.schema.json"
    if schema_path.exists():
        return None
    try:
        with schema_path.open("x", encoding="utf-8") as file:
            file.write(schema_json())
    except OSError:
        return None  # the scenario is written; editors only lose checking as you type
    return schema_path
