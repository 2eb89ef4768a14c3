"""The JSON Schema of the scenario format, for editors (Taplo, Even Better TOML).

Built from the same declarations the validator uses. It covers what a schema
can say (keys, kinds, limits); the rules that span keys, such as references
and unique ids, stay with `workshop check`.
"""

from __future__ import annotations

import json
from collections.abc import Mapping
from typing import Any

from workshop.domain.format_spec import OPTIONAL_IN_AN_EXAMPLE, SCENARIO_KEYS, Key

SCHEMA_ID = "https://workshop.invalid/schema/scenario-format-1.json"


def scenario_schema() -> dict[str, Any]:
    schema = _table(SCENARIO_KEYS, "A co-produced clinical risk training scenario (format 1).")
    # An example credits no one, so what it may leave out is required only of the rest.
    schema["required"] = [k for k in schema["required"] if k not in OPTIONAL_IN_AN_EXAMPLE]
    an_example = {
        "properties": {
            "provenance": {"properties": {"basis": {"const": "example"}}, "required": ["basis"]}
        },
        "required": ["provenance"],
    }
    return {
        "$schema": "http://json-schema.org/draft-07/schema#",
        "$id": SCHEMA_ID,
        "title": "workshop scenario, format 1",
        **schema,
        "if": an_example,
        "else": {"required": sorted(OPTIONAL_IN_AN_EXAMPLE)},
    }


def schema_json() -> str:
    """The schema as editors read it from a file: indented JSON ending in a newline."""
    return json.dumps(scenario_schema(), indent=2) + "\n"


def _table(keys: Mapping[str, Key], description: str) -> dict[str, Any]:
    return {
        "type": "object",
        "description": description,
        "properties": {name: _key(key) for name, key in keys.items()},
        "required": [name for name, key in keys.items() if key.required],
        "additionalProperties": False,
    }


def _key(key: Key) -> dict[str, Any]:
    if key.kind == "table":
        return _table(key.keys, key.description)
    if key.kind == "tables":
        return {
            "type": "array",
            "description": key.description,
            "items": _table(key.keys, key.description),
            **_bounds(key, "minItems", "maxItems"),
        }
    if key.kind == "strings":
        item: dict[str, Any] = {"type": "string", "minLength": 1}
        if key.choices:
            item["enum"] = list(key.choices)
        return {
            "type": "array",
            "description": key.description,
            "items": item,
            **_bounds(key, "minItems", "maxItems"),
        }
    if key.kind == "date":
        # Taplo hands TOML dates to the schema as strings in ISO form.
        return {"description": key.description, "format": "date"}
    if key.kind == "boolean":
        return {"type": "boolean", "description": key.description}
    if key.kind == "integer":
        return {
            "type": "integer",
            "description": key.description,
            **_bounds(key, "minimum", "maximum"),
        }
    node: dict[str, Any] = {"type": "string", "description": key.description}
    if key.choices:
        node["enum"] = list(key.choices)
    if key.pattern:
        node["pattern"] = key.pattern
    node.update(_bounds(key, "minLength", "maxLength"))
    return node


def _bounds(key: Key, low_name: str, high_name: str) -> dict[str, int]:
    bounds: dict[str, int] = {}
    if key.low is not None:
        bounds[low_name] = key.low
    if key.high is not None:
        bounds[high_name] = key.high
    return bounds
