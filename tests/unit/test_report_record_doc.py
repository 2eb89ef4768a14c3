"""docs/session-record.md describes the record the tool really writes.

The example in the document must load, and every key the tool writes must
be described in it, so the document cannot quietly fall behind the code.
"""

from __future__ import annotations

import re
import tomllib
from collections.abc import Iterator, Mapping
from typing import Any

from tests.conftest import REPO
from tests.unit.test_report_sessions import played_session, unfinished_session
from workshop.storage.records import RECORD_FORMAT, from_record, to_record

DOC = REPO / "docs/session-record.md"


def doc() -> str:
    return DOC.read_text("utf-8")


def example() -> dict[str, Any]:
    blocks = re.findall(r"```toml\n(.*?)```", doc(), re.S)
    assert len(blocks) == 1
    return tomllib.loads(blocks[0])


def keys(table: Mapping[str, Any], prefix: str = "") -> Iterator[str]:
    for key, value in table.items():
        yield key
        if isinstance(value, dict):
            yield from keys(value, f"{prefix}{key}.")
        if isinstance(value, list):
            for item in value:
                if isinstance(item, dict):
                    yield from keys(item, f"{prefix}{key}.")


def test_the_example_is_a_record_the_tool_reads() -> None:
    session = from_record(example())
    assert session.info.cohort == "Cohort 3, adult social care"
    assert not session.finished
    assert session.visits[2].rounds[0].open


def test_the_example_is_in_the_current_format_and_written_as_the_tool_writes() -> None:
    data = example()
    assert data["record_format"] == RECORD_FORMAT
    assert f"record_format = {RECORD_FORMAT}" in doc()
    assert set(keys(data)) == set(keys(to_record(unfinished_session())))


def test_every_key_the_tool_writes_is_described() -> None:
    text = doc()
    written = set(keys(to_record(played_session()))) | set(keys(to_record(unfinished_session())))
    undocumented = sorted(k for k in written if f"| `{k}` |" not in text)
    assert undocumented == []


def test_the_csv_columns_are_the_ones_described() -> None:
    from workshop.report.csv_export import COLUMNS

    assert ", ".join(COLUMNS) in " ".join(doc().split())


def test_the_document_describes_folding_as_the_reports_do() -> None:
    """Both small-group rules, including the extra fold that stops working out by subtraction."""
    text = " ".join(doc().split())
    assert "fewer than `min_group` voters in a round is shown only inside the total" in text
    assert "When only one group is that small, the next smallest group is folded in with it" in text
    assert "counted only in the total" in text
