"""Counting votes without exposing anyone.

Votes are counts per option and perspective group. A group with fewer than
`min_group` voters in a round is folded into the total, so that the one carer
in the room cannot be singled out; the places where the visible groups differ
most are marked, because that is where the discussion is.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field

GROUPS = ("lived_experience", "professional", "carer", "not_given")
GROUP_LABELS: dict[str, str] = {
    "lived_experience": "Lived experience",
    "professional": "Professional",
    "carer": "Carer",
    "not_given": "Not given",
}
DEFAULT_MIN_GROUP = 3
DIVERGENCE_THRESHOLD = 0.25  # share points between the most and least keen visible group


@dataclass(frozen=True)
class Tally:
    """Counts per (option, group) for one round; options are numbered from 1."""

    options: int
    counts: Mapping[tuple[int, str], int] = field(default_factory=dict)

    @classmethod
    def from_entries(cls, options: int, entries: Iterable[tuple[int, str, int]]) -> Tally:
        counts: dict[tuple[int, str], int] = {}
        for option, group, count in entries:
            counts[(option, group)] = counts.get((option, group), 0) + count
        return cls(options, {key: n for key, n in counts.items() if n > 0})

    def count(self, option: int, group: str | None = None) -> int:
        if group is None:
            return sum(n for (o, _), n in self.counts.items() if o == option)
        return self.counts.get((option, group), 0)

    @property
    def total(self) -> int:
        return sum(self.counts.values())

    def group_total(self, group: str) -> int:
        return sum(n for (_, g), n in self.counts.items() if g == group)

    def shown_groups(self, min_group: int = DEFAULT_MIN_GROUP) -> tuple[str, ...]:
        """Groups with enough voters to be shown on their own, in the standard order.

        When exactly one group is folded, its votes per option could be read off
        as the total minus the shown groups; so the smallest shown group is
        folded with it, and no small group can be worked out by subtraction.
        """
        shown = [g for g in GROUPS if self.group_total(g) >= max(1, min_group)]
        folded = [g for g in GROUPS if g not in shown and self.group_total(g) > 0]
        if len(folded) == 1 and shown:
            shown.remove(min(shown, key=lambda g: (self.group_total(g), -GROUPS.index(g))))
        return tuple(shown)

    def folded_voters(self, min_group: int = DEFAULT_MIN_GROUP) -> int:
        """Voters counted only inside the total, because their group is small."""
        shown = self.shown_groups(min_group)
        return sum(self.group_total(g) for g in GROUPS if g not in shown)

    def share(self, option: int, group: str) -> float:
        total = self.group_total(group)
        return self.count(option, group) / total if total else 0.0

    def leaders(self) -> tuple[int, ...]:
        """The option(s) with the most votes overall; more than one is a tie."""
        if not self.total:
            return ()
        best = max(self.count(o) for o in range(1, self.options + 1))
        return tuple(o for o in range(1, self.options + 1) if self.count(o) == best)

    def divergence(self, min_group: int = DEFAULT_MIN_GROUP) -> dict[int, float]:
        """Per option, how far apart the visible groups' shares are (0 to 1)."""
        shown = self.shown_groups(min_group)
        if len(shown) < 2:
            return {}
        result: dict[int, float] = {}
        for option in range(1, self.options + 1):
            shares = [self.share(option, g) for g in shown]
            result[option] = max(shares) - min(shares)
        return result

    def most_divergent(self, min_group: int = DEFAULT_MIN_GROUP) -> tuple[int, ...]:
        """The options where the groups differ most, if they differ enough to discuss."""
        spread = self.divergence(min_group)
        if not spread:
            return ()
        widest = max(spread.values())
        if widest < DIVERGENCE_THRESHOLD:
            return ()
        return tuple(o for o, value in spread.items() if value == widest)


def movement(before: Tally, after: Tally) -> dict[int, int]:
    """How many more (or fewer) votes each option has in the re-vote."""
    return {o: after.count(o) - before.count(o) for o in range(1, before.options + 1)}


def folding_rule(min_group: int) -> str:
    """The rule in words, for every screen and export that folds groups."""
    if min_group <= 1:
        return (
            "Votes are counts, never linked to a person. Every perspective group is shown on "
            "its own, however few voted in it: small groups are not folded (min_group = 1)."
        )
    return (
        f"Votes are counts, never linked to a person. A perspective group with fewer than "
        f"{min_group} voters in a round is shown only inside the total; when only one group "
        "is that small, the next smallest group is folded in with it, so that no group's "
        "votes can be worked out by subtraction."
    )


def small_groups_rule(min_group: int) -> str:
    """The rule in short, for the list of what is recorded on the welcome screen."""
    if min_group <= 1:
        return "Every perspective group is shown on its own, however few voted in it."
    return (
        f"Groups of fewer than {min_group} voters are shown only inside the total "
        "(with the next smallest group, when only one is that small)."
    )


def folded_sentence(folded: int) -> str:
    """How many votes are only in the total, without saying whose."""
    votes = "1 vote is" if folded == 1 else f"{folded} votes are"
    return f"{votes} counted only in the total, so that no small group can be singled out."
