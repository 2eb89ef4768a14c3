"""The organisers' settings file: every key optional, never fatal."""

from __future__ import annotations

from pathlib import Path

from workshop.storage.config import (
    DEFAULT_CONTACTS,
    EXAMPLE,
    Contact,
    load_config,
    what_is_recorded,
)


def test_no_file_means_the_uk_defaults(tmp_path: Path) -> None:
    config = load_config(tmp_path / "config.toml")
    assert [c.name for c in config.contacts] == ["Samaritans", "NHS 111", "Emergency", "Shout"]
    assert "116 123" in config.contacts[0].detail
    assert config.min_group == 3
    assert config.problems == ()


def test_the_documented_example_is_a_valid_file(tmp_path: Path) -> None:
    path = tmp_path / "config.toml"
    path.write_text(EXAMPLE)
    config = load_config(path)
    assert config.problems == ()
    assert config.contacts == (
        *DEFAULT_CONTACTS,
        Contact("Local crisis line", "Call 0800 000 0000, any time"),
    )
    assert config.ground_rules == ("This is a learning space, not therapy.",)


def test_contacts_can_replace_the_defaults(tmp_path: Path) -> None:
    path = tmp_path / "config.toml"
    path.write_text(
        '[support]\nreplace_defaults = true\n[[support.contacts]]\nname = "Lifeline"\n'
        'detail = "Call 0808 808 8000 (Northern Ireland)"\n'
    )
    assert load_config(path).contacts == (
        Contact("Lifeline", "Call 0808 808 8000 (Northern Ireland)"),
    )


def test_replacing_with_nothing_keeps_the_defaults_and_says_so(tmp_path: Path) -> None:
    path = tmp_path / "config.toml"
    path.write_text("[support]\nreplace_defaults = true\n")
    config = load_config(path)
    assert config.contacts == DEFAULT_CONTACTS
    assert "keeping the defaults" in config.problems[0]


def test_a_broken_file_is_reported_and_the_defaults_used(tmp_path: Path) -> None:
    path = tmp_path / "config.toml"
    path.write_text("min_group = \n")
    config = load_config(path)
    assert config.contacts == DEFAULT_CONTACTS
    assert "cannot read settings" in config.problems[0]


def test_bad_values_are_named_and_replaced(tmp_path: Path) -> None:
    path = tmp_path / "config.toml"
    path.write_text('min_group = 0\nground_rules = "be kind"\ncolour = "red"\n')
    config = load_config(path)
    assert config.min_group == 3
    assert len(config.ground_rules) > 1
    assert len(config.problems) == 3
    assert any("unknown setting 'colour'" in p for p in config.problems)


def test_the_welcome_screen_says_how_small_groups_are_kept_private() -> None:
    assert "fewer than 3 voters are shown only inside the total" in what_is_recorded(3)[1]
    assert what_is_recorded(1)[1] == (
        "Every perspective group is shown on its own, however few voted in it."
    )
