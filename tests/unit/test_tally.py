"""Counting votes without singling anyone out."""

from __future__ import annotations

from workshop.domain.tally import Tally, movement


def tally(*entries: tuple[int, str, int], options: int = 3) -> Tally:
    return Tally.from_entries(options, entries)


def test_counts_add_up_per_option_group_and_total() -> None:
    t = tally((1, "professional", 4), (2, "professional", 1), (1, "carer", 2))
    assert (t.count(1), t.count(1, "professional"), t.total) == (6, 4, 7)


def test_groups_under_the_minimum_are_shown_only_inside_the_total() -> None:
    t = tally(
        (1, "professional", 5),
        (2, "lived_experience", 4),
        (1, "not_given", 1),
        (2, "carer", 1),
        (1, "carer", 1),
    )
    assert t.shown_groups(3) == ("lived_experience", "professional")
    assert t.folded_voters(3) == 3
    assert t.total == 12


def test_one_small_group_alone_is_never_left_to_subtraction() -> None:
    """Total minus the shown groups would give the lone carer's vote: fold one more."""
    t = tally((1, "professional", 5), (2, "lived_experience", 4), (2, "carer", 1))
    assert t.shown_groups(3) == ("professional",)
    assert t.folded_voters(3) == 5


def test_with_one_group_shown_and_one_folded_only_the_total_is_shown() -> None:
    t = tally((1, "professional", 5), (2, "carer", 2))
    assert t.shown_groups(3) == ()
    assert t.folded_voters(3) == 7


def test_the_minimum_is_configurable() -> None:
    t = tally((1, "professional", 5), (2, "carer", 2))
    assert t.shown_groups(1) == ("professional", "carer")


def test_a_tie_has_several_leaders_and_no_votes_has_none() -> None:
    assert tally((1, "carer", 2), (3, "carer", 2)).leaders() == (1, 3)
    assert tally().leaders() == ()


def test_the_option_where_groups_differ_most_is_marked() -> None:
    t = tally(
        (1, "professional", 4),
        (2, "lived_experience", 4),
        (3, "professional", 1),
        (3, "lived_experience", 1),
    )
    assert t.most_divergent(3) == (1, 2)


def test_groups_that_agree_mark_nothing() -> None:
    t = tally((1, "professional", 4), (1, "lived_experience", 4), (2, "lived_experience", 1))
    assert t.most_divergent(3) == ()


def test_movement_is_the_change_per_option() -> None:
    before = tally((1, "carer", 5), (2, "carer", 3))
    after = tally((1, "carer", 2), (2, "carer", 6))
    assert movement(before, after) == {1: -3, 2: 3, 3: 0}
