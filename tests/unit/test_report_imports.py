"""The report modules load quickly: standard library and the project's own code only."""

from __future__ import annotations

import json
import subprocess
import sys

import pytest

from tests.conftest import REPO

MODULES = [
    "workshop.report.commands",
    "workshop.report.model",
    "workshop.report.markdown",
    "workshop.report.html",
    "workshop.report.csv_export",
    "workshop.report.compare",
]
HEAVY = ("textual", "rich", "aiohttp", "platformdirs", "jsonschema")


@pytest.mark.parametrize("module", MODULES)
def test_importing_a_report_module_loads_nothing_heavy(module: str) -> None:
    script = (
        f"import json, sys; import {module}; "
        "print(json.dumps(sorted(m.split('.')[0] for m in sys.modules)))"
    )
    result = subprocess.run(
        [sys.executable, "-c", script], cwd=REPO, capture_output=True, text=True, check=True
    )
    loaded = set(json.loads(result.stdout))
    assert not loaded & set(HEAVY)
