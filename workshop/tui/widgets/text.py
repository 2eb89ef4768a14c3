"""Scenario text as written: paragraphs and `- ` bullets, nothing else interpreted."""

from __future__ import annotations

from textual.widgets import Static


def plain_text(text: str) -> str:
    """Paragraphs joined by blank lines; `- item` becomes a bullet; lines re-flowed."""
    paragraphs: list[str] = []
    for block in text.strip().split("\n\n"):
        lines = [line.strip() for line in block.strip().splitlines() if line.strip()]
        if not lines:
            continue
        out: list[str] = []
        for line in lines:
            if line.startswith("- "):
                out.append("  • " + line[2:].strip())
            elif out:
                out[-1] += " " + line
            else:
                out.append(line)
        paragraphs.append("\n".join(out))
    return "\n\n".join(paragraphs)


class TextBlock(Static):
    """Organisers' text, never parsed as markup: `[brackets]` stay as typed."""

    def __init__(self, text: str, *, id: str | None = None, classes: str | None = None) -> None:
        super().__init__(plain_text(text), markup=False, id=id, classes=classes)
