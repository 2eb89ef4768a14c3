"""The layers point one way: only the TUI (and the CLI that starts it) loads Textual.

Each headless module is imported in a fresh interpreter, which then reports
whether Textual (or Rich) came with it. `workshop check` must stay cheap.
"""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

import pytest

from tests.conftest import REPO

HEADLESS = sorted(
    [
        ".".join(path.relative_to(REPO).with_suffix("").parts)
        for folder in ("domain", "storage", "report")
        for path in (REPO / "workshop" / folder).glob("*.py")
    ]
    + [f"workshop.{name}" for name in ("live", "words", "palette", "launch")]
)


def loaded_after_import(module: str) -> set[str]:
    code = (
        f"import sys, {module}; print(' '.join(sorted({{m.split('.')[0] for m in sys.modules}})))"
    )
    result = subprocess.run(
        [sys.executable, "-c", code], capture_output=True, text=True, check=True, cwd=REPO
    )
    return set(result.stdout.split())


@pytest.mark.parametrize("module", HEADLESS)
def test_headless_modules_do_not_load_textual(module: str) -> None:
    assert not {"textual", "rich"} & loaded_after_import(module)


def test_the_domain_uses_nothing_of_the_project_but_itself() -> None:
    for path in (REPO / "workshop/domain").glob("*.py"):
        source = path.read_text("utf-8")
        for layer in ("storage", "report", "tui", "web", "cli"):
            assert f"workshop.{layer}" not in source, f"{path.name} imports workshop.{layer}"


def test_check_does_not_load_textual() -> None:
    code = (
        "import sys, io, contextlib\n"
        "from workshop.cli import main\n"
        "with contextlib.redirect_stdout(io.StringIO()):\n"
        f"    main(['check', {str(REPO / 'scenarios')!r}])\n"
        "print('textual' in sys.modules)"
    )
    result = subprocess.run(
        [sys.executable, "-c", code], capture_output=True, text=True, check=True, cwd=REPO
    )
    assert result.stdout.strip() == "False"


def test_layer_list_is_not_empty() -> None:
    assert len(HEADLESS) > 10
    assert Path(REPO / "workshop/domain/session.py").exists()
