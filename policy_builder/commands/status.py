"""Where every policy stands: when its review is due and whether its build is current.

``status`` reads each config and the manifest of its published version; it never
builds or writes anything. A config that does not validate, or a published folder
that was altered, is a row of the answer rather than an error.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Sequence
from dataclasses import dataclass
from pathlib import Path

from policy_builder.errors import InvalidConfigError
from policy_builder.models import Issue
from policy_builder.pipeline.resolve import resolve
from policy_builder.pipeline.validate import load_valid
from policy_builder.pipeline.write import version_dir
from policy_builder.published import history

DUE_SOON_DAYS = 30
BUILD_STATES = ("current", "missing", "stale", "tampered", "invalid")


@dataclass(frozen=True)
class PolicyStatus:
    """One policy's review dates and build state; dates are None when it is invalid."""

    file: str
    slug: str
    build: str  # one of BUILD_STATES
    company: str | None = None
    version: str | None = None
    effective_date: dt.date | None = None
    last_review: dt.date | None = None
    next_review: dt.date | None = None
    days: int | None = None  # negative: overdue by that many days; positive: days left
    overdue: bool = False
    message: str | None = None  # why the build is stale or tampered, or the config invalid
    issues: tuple[Issue, ...] = ()

    @property
    def due_soon(self) -> bool:
        """Due today or within the next ``DUE_SOON_DAYS`` days."""
        return self.days is not None and 0 <= self.days <= DUE_SOON_DAYS


def status(paths: Sequence[Path], *, out_dir: Path, today: dt.date) -> list[PolicyStatus]:
    """The status of each config in ``paths``, most urgent first.

    Invalid configs come first (nothing about them can be trusted), then the
    most overdue review, then the nearest; ties by slug.
    """
    rows = [_one(path, out_dir, today) for path in paths]
    return sorted(rows, key=lambda r: (r.days is not None, r.days or 0, r.slug))


def _one(path: Path, out_dir: Path, today: dt.date) -> PolicyStatus:
    try:
        loaded = load_valid(path)
    except InvalidConfigError as exc:
        issues = tuple(exc.issues)
        return PolicyStatus(str(path), path.stem, "invalid", message=exc.message, issues=issues)
    policy = resolve(loaded)
    days = (policy.next_review - today).days
    build, message = history.folder_state(loaded, version_dir(out_dir, policy.slug, policy.version))
    return PolicyStatus(
        file=loaded.display,
        slug=policy.slug,
        build=build,
        company=policy.legal_name,
        version=policy.version,
        effective_date=policy.effective_date,
        last_review=policy.last_review,
        next_review=policy.next_review,
        days=days,
        overdue=days < 0,
        message=message,
    )
