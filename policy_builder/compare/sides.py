"""The two sides of a diff: a config file, or a published version folder (its
manifest keeps the config it was built from, verified before it is used)."""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path
from typing import Any

from policy_builder import published
from policy_builder.errors import PolicyError, UsageError
from policy_builder.models import Policy
from policy_builder.pipeline.resolve import resolve
from policy_builder.pipeline.validate import load_valid, validate


@dataclass(frozen=True)
class Side:
    label: str  # as the user gave it
    data: dict[str, Any]
    policy: Policy
    note: str | None = None  # a published folder whose text could not be re-checked
    published: bool = False  # a published version folder, not a config file


def load_side(path: Path) -> Side:
    """A config file, or a published version folder (verified against its manifest)."""
    if path.is_dir():
        return published_side(published.read(path), str(path))
    if not path.exists():
        raise UsageError(f"{path}: no such file or folder")
    loaded = load_valid(path)
    return Side(str(path), loaded.data, resolve(loaded))


def published_side(release: published.Published, label: str) -> Side:
    """The side of a verified published version: the config its manifest keeps."""
    loaded = release.loaded()
    issues = validate(loaded)
    if issues:
        raise PolicyError(
            f"{release.directory}: the config this version was published from no longer "
            f"validates ({issues[0].path}: {issues[0].message})"
        )
    return Side(label, release.config, release.policy(loaded), release.note, published=True)


def same_company(a: Policy, b: Policy) -> bool:
    return a.legal_name == b.legal_name or a.company_name == b.company_name
