"""``policy diff``: what changed between two versions of one policy.

Each side is a config file or a published version folder. Changes are matched by
stable ids and described in the words of each language's catalogue
(``compare.changes``); ``compare.redline`` compares the rendered text.
"""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

from policy_builder.compare.changes import Change, changes
from policy_builder.compare.drift import Drift, drift
from policy_builder.compare.redline import SectionDiff, redline
from policy_builder.compare.sides import Side, load_side, same_company
from policy_builder.errors import UsageError


@dataclass(frozen=True)
class DiffResult:
    old: Side
    new: Side
    languages: tuple[str, ...]
    changes: tuple[Change, ...]
    redlines: dict[str, tuple[SectionDiff, ...]]
    drift: tuple[Drift, ...]

    @property
    def equivalent(self) -> bool:
        return not self.changes and not any(self.redlines.values())

    @property
    def tags(self) -> tuple[str, ...]:
        """The shared languages as either version publishes them (es-ES, es-MX, en-US)."""
        found = (
            side.policy.variant(code) for code in self.languages for side in (self.new, self.old)
        )
        return tuple(dict.fromkeys(t for t in found if t))


def compare(old_path: Path, new_path: Path) -> DiffResult:
    """Compare two versions of the same policy, in every language they share."""
    old, new = load_side(old_path), load_side(new_path)
    if not same_company(old.policy, new.policy):
        raise UsageError(
            f"{old.label} is {old.policy.legal_name} and {new.label} is {new.policy.legal_name}: "
            "diff compares two versions of one company's policy"
        )
    shared = tuple(lang for lang in new.policy.languages if lang in old.policy.languages)
    langs = tuple(dict.fromkeys((*new.policy.languages, *old.policy.languages)))
    redlines = {lang: tuple(redline(old.policy, new.policy, lang)) for lang in shared}
    return DiffResult(
        old, new, shared, tuple(changes(old, new, langs)), redlines, tuple(drift(redlines))
    )
