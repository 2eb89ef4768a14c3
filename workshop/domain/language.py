"""The words a scenario should not use, and the placeholders `workshop new` leaves.

Risk-stratification labels (NICE NG225 advises against them), phrases that
safe-messaging guidance advises against, and the marked placeholder texts of
the starting file. Each is a warning: the file loads, `check --strict` refuses
it, and the message says what to write instead.
"""

from __future__ import annotations

import re
from collections.abc import Iterator, Mapping
from typing import Any

from workshop.domain.problems import KeyPath, Problem

RISK_STRATIFICATION = ("low risk", "medium risk", "high risk", "risk score")
UNSAFE_LANGUAGE = (
    "committed suicide",
    "successful suicide",
    "failed attempt",
    "attention seeking",
    "attention-seeking",
    "manipulative",
)
SAFER_WORDING = {
    "committed suicide": "say 'died by suicide' or 'took their own life'",
    "successful suicide": "say 'died by suicide'",
    "failed attempt": "say 'survived a suicide attempt' or describe what happened",
    "attention seeking": "describe the need behind the behaviour, e.g. 'seeking help'",
    "attention-seeking": "describe the need behind the behaviour, e.g. 'seeking help'",
    "manipulative": "describe what the person did and the need behind it",
}
PLACEHOLDER_MARK = "TO WRITE:"
"""How `workshop new` marks every text the organiser still has to write."""


def language_problems(clean: Mapping[str, Any]) -> Iterator[Problem]:
    """Every flagged phrase and every placeholder left, in file order of keys."""
    for path, text in _texts(clean, ()):
        if PLACEHOLDER_MARK in text:
            yield Problem(
                "warning",
                path,
                f"placeholder text from `workshop new` is still here ('{PLACEHOLDER_MARK} ...'): "
                "replace it with your own words, or remove the key if it is optional",
            )
        if _is_scored_text(path):
            for phrase in _phrases_in(_RISK_STRATIFICATION_RE, text, _RISK_STRATIFICATION_KEYWORDS):
                yield Problem(
                    "warning",
                    path,
                    f"'{phrase}' is risk-stratification language, which current guidance "
                    "(NICE NG225) advises against: describe the person's needs, "
                    "strengths and safety instead",
                )
        for phrase in _phrases_in(_UNSAFE_LANGUAGE_RE, text, _UNSAFE_LANGUAGE_KEYWORDS):
            yield Problem(
                "warning",
                path,
                f"'{phrase}' is language that safe-messaging guidance advises against: "
                f"{SAFER_WORDING[phrase]}",
            )


def _is_scored_text(path: KeyPath) -> bool:
    """An option or a perspective: where a risk label would read as the answer."""
    return (
        len(path) >= 4
        and path[0] == "stages"
        and (path[2] == "perspectives" or path[2:4] == ("question", "options"))
        and path[-1] == "text"
    )


def _phrase_pattern(phrases: tuple[str, ...]) -> re.Pattern[str]:
    """One pass over a text finds every phrase, whatever the spacing and case."""
    alternatives = (r"\s+".join(map(re.escape, phrase.split())) for phrase in phrases)
    return re.compile(rf"\b(?:{'|'.join(alternatives)})\b", re.IGNORECASE)


_RISK_STRATIFICATION_RE = _phrase_pattern(RISK_STRATIFICATION)
_UNSAFE_LANGUAGE_RE = _phrase_pattern(UNSAFE_LANGUAGE)

# Words that every flagged phrase contains: texts without any of them, almost
# all of them, skip the regular expression.
_RISK_STRATIFICATION_KEYWORDS = ("risk",)
_UNSAFE_LANGUAGE_KEYWORDS = ("suicide", "attempt", "attention", "manipulative")


def _phrases_in(pattern: re.Pattern[str], text: str, keywords: tuple[str, ...]) -> list[str]:
    lowered = text.lower()
    if not any(keyword in lowered for keyword in keywords):
        return []
    found = (" ".join(match.group().lower().split()) for match in pattern.finditer(text))
    return list(dict.fromkeys(found))


def _texts(value: object, path: KeyPath) -> Iterator[tuple[KeyPath, str]]:
    if isinstance(value, str):
        yield path, value
    elif isinstance(value, Mapping):
        for key, item in value.items():
            yield from _texts(item, (*path, key))
    elif isinstance(value, list | tuple):
        for index, item in enumerate(value):
            yield from _texts(item, (*path, index))
