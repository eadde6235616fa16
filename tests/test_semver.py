"""Semantic versions: read, ordered and raised in one place."""

from __future__ import annotations

import pytest

from policy_builder import semver


@pytest.mark.parametrize(
    ("text", "parsed"),
    [
        ("1.2.3", (1, 2, 3)),
        ("0.0.0", (0, 0, 0)),
        ("999999999.0.1", (999999999, 0, 1)),
        ("1.2", None),
        ("01.2.3", None),
        ("1.2.3-rc1", None),
        ("1000000000.0.0", None),  # more than MAX_DIGITS: never handed to int()
        (3, None),
    ],
)
def test_parse(text: object, parsed: semver.Version | None) -> None:
    assert semver.parse(text) == parsed


def test_overlong_numbers_are_told_apart_from_other_shapes() -> None:
    assert semver.has_overlong_number("1." + "9" * 10 + ".0")
    assert not semver.has_overlong_number("1.2.3")
    assert not semver.has_overlong_number("not a version")


def test_versions_sort_by_number_not_by_text() -> None:
    assert sorted(["1.10.0", "1.9.2", "0.9.0"], key=semver.key) == ["0.9.0", "1.9.2", "1.10.0"]
    assert semver.show(semver.key("2.0.10")) == "2.0.10"


@pytest.mark.parametrize(
    ("level", "raised"), [("major", "2.0.0"), ("minor", "1.3.0"), ("patch", "1.2.4")]
)
def test_bump(level: semver.Level, raised: str) -> None:
    assert semver.bump("1.2.3", level) == raised
    assert semver.next_patch("1.2.3") == "1.2.4"
