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
from typing import Literal

from policy_builder.errors import ExitCode, InvalidConfigError
from policy_builder.models import Issue
from policy_builder.pipeline.resolve import resolve
from policy_builder.pipeline.validate import load_valid
from policy_builder.pipeline.write import version_dir
from policy_builder.published import history
from policy_builder.published.history import FolderState
from policy_builder.sources import discover

DUE_SOON_DAYS = 30
BuildStatus = FolderState | Literal["invalid"]


@dataclass(frozen=True)
class PolicyStatus:
    """One policy's review dates and build state; dates are None when it is invalid."""

    file: str
    slug: str
    build: BuildStatus
    company: str | None = None
    version: str | None = None
    effective_date: dt.date | None = None
    last_review: dt.date | None = None
    next_review: dt.date | None = None
    days: int | None = None  # negative: overdue by that many days; positive: days left
    overdue: bool = False
    message: str | None = None  # why the build is stale or tampered, or the config invalid
    issues: tuple[Issue, ...] = ()
    # cited regulations whose text changed (catalogue as_of) after the last review
    changed_regulations: tuple[tuple[str, dt.date], ...] = ()

    @property
    def needs_review(self) -> bool:
        return bool(self.changed_regulations)

    @property
    def due_soon(self) -> bool:
        """Due today or within the next ``DUE_SOON_DAYS`` days."""
        return self.days is not None and 0 <= self.days <= DUE_SOON_DAYS


@dataclass(frozen=True)
class Portfolio:
    """Every policy's status, most urgent first."""

    rows: tuple[PolicyStatus, ...]

    @property
    def exit_code(self) -> ExitCode:
        """Found wanting: a review overdue, a config invalid or a published build tampered."""
        failing = any(r.overdue or r.build in ("invalid", "tampered") for r in self.rows)
        return ExitCode.FOUND_WANTING if failing else ExitCode.OK


def status(
    paths: Sequence[Path] | None = None,
    *,
    out_dir: Path = Path("output"),
    today: dt.date | None = None,
) -> Portfolio:
    """``policy status``: each config in ``paths`` (files or folders; by default
    company_configs), most urgent first.

    Invalid configs come first (nothing about them can be trusted), then the
    most overdue review, then the nearest; ties by slug. Days are counted from
    ``today`` (default: the real today).
    """
    day = today or dt.date.today()
    rows = [_one(path, out_dir, day) for path in discover(paths or [Path("company_configs")])]
    return Portfolio(tuple(sorted(rows, key=lambda r: (r.days is not None, r.days or 0, r.slug))))


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
        changed_regulations=tuple(
            (r.id, r.as_of)
            for r in policy.regulations
            if r.as_of is not None and policy.last_review < r.as_of
        ),
    )
