"""Semantic versions (``MAJOR.MINOR.PATCH``): the one place that reads, orders and
raises them.

A policy's version, its changelog entries' versions and the names of published
version folders are all read here. Which *level* a set of changes calls for is
``compare.bump``'s rule; the arithmetic of a step is here.
"""

from __future__ import annotations

import re
from typing import Literal

PATTERN = re.compile(r"^(0|[1-9]\d*)\.(0|[1-9]\d*)\.(0|[1-9]\d*)$")
MAX_DIGITS = 9  # per number: 1.2.3 up to 999999999.999999999.999999999

Version = tuple[int, int, int]
Level = Literal["major", "minor", "patch"]


def parse(value: object) -> Version | None:
    """``"1.2.3"`` → ``(1, 2, 3)``; None for anything else, or a number over ``MAX_DIGITS``.

    The digit limit comes first: ``int()`` of a 5,000-digit number raises.
    """
    match = PATTERN.match(value) if isinstance(value, str) else None
    if not match or max(map(len, match.groups())) > MAX_DIGITS:
        return None
    major, minor, patch = (int(x) for x in match.groups())
    return major, minor, patch


def has_overlong_number(value: str) -> bool:
    """Whether ``value`` is a semantic version with a number longer than ``MAX_DIGITS``."""
    match = PATTERN.match(value)
    return match is not None and max(map(len, match.groups())) > MAX_DIGITS


def key(version: str) -> Version:
    """The sort key of a version already known to match ``PATTERN`` (a folder name…)."""
    major, minor, patch = (int(part) for part in version.split("."))
    return major, minor, patch


def show(version: Version) -> str:
    """``(1, 2, 3)`` → ``"1.2.3"``."""
    return ".".join(map(str, version))


def bump(version: str, level: Level) -> str:
    """``version`` raised by one ``major``, ``minor`` or ``patch`` step."""
    major, minor, patch = key(version)
    if level == "major":
        return f"{major + 1}.0.0"
    if level == "minor":
        return f"{major}.{minor + 1}.0"
    return f"{major}.{minor}.{patch + 1}"


def next_patch(version: str) -> str:
    """The smallest version after ``version``: what a build suggests when one went back."""
    return bump(version, "patch")
