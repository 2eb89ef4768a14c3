"""Shared fixtures: where the test data lives and a fixed 'today'."""

from __future__ import annotations

from datetime import date
from pathlib import Path

import pytest

DATA = Path(__file__).parent / "data"
REPO = Path(__file__).parent.parent
# Copies of earlier bundled examples: the stories the session tests play, so that
# reworking the bundled examples never moves a test.
STORIES = DATA / "stories"
TODAY = date(2026, 11, 29)


@pytest.fixture
def today() -> date:
    return TODAY
