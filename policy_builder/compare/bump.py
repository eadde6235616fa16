"""Which version a change calls for: one rule for ``build``'s refusal and ``diff --changelog-entry``.

- **major**: a rule is withdrawn: an entry is removed from what employees may share,
  must never share or must not post, from the security guidelines or the posting
  rules, or a section is dropped. People who signed the old version were told
  something that no longer holds.
- **minor**: any other change to what the policy says or asks: entries added or
  reworded, deadlines, the review cadence, languages, regulations, onboarding,
  customer listening, evidence to preserve.
- **patch**: only reference details change (company name, sector, contact, logo,
  owner, approvers, incident contacts, dates, the changelog), or nothing in the
  config at all (the templates' wording).
"""

from __future__ import annotations

from collections.abc import Iterable
from typing import TYPE_CHECKING

from policy_builder import semver
from policy_builder.errors import PolicyError
from policy_builder.registry import RULE_LISTS

if TYPE_CHECKING:
    from policy_builder.compare.changes import Change
    from policy_builder.pipeline.read import LoadedConfig
    from policy_builder.published import Published

# Removing one of these withdraws a rule (``Change.subject``: a list's vocabulary, "section").
WITHDRAWS_A_RULE = frozenset({*(x.kind for x in RULE_LISTS), "section"})
REFERENCE_DETAILS = frozenset(
    {
        "company_name",
        "legal_name",
        "sector",
        "contact",
        "logo",
        "owner",
        "approvers",
        "incident_contacts",
        "version",
        "effective_date",
        "last_review",
        "changelog",
    }
)


def level(changes: Iterable[Change]) -> semver.Level:
    """``major``, ``minor`` or ``patch``, by the rule above."""
    changes = list(changes)
    if any(c.kind == "removed" and c.subject in WITHDRAWS_A_RULE for c in changes):
        return "major"
    if any(c.subject not in REFERENCE_DETAILS for c in changes):
        return "minor"
    return "patch"


def suggest(old_version: str, changes: Iterable[Change]) -> str:
    """The version that follows ``old_version`` after ``changes``."""
    return semver.bump(old_version, level(changes))


def suggest_for(existing: Published, loaded: LoadedConfig) -> str:
    """The version to publish ``loaded`` as, since ``existing`` already holds its version."""
    from policy_builder.compare.changes import changes
    from policy_builder.compare.sides import Side, published_side
    from policy_builder.pipeline.resolve import resolve

    try:
        old = published_side(existing, str(existing.directory))
    except PolicyError:  # its stored config no longer validates: nothing to compare
        return semver.bump(existing.version, "patch")
    new = Side(loaded.display, loaded.data, resolve(loaded))
    langs = tuple(dict.fromkeys((*new.policy.languages, *old.policy.languages)))
    return suggest(existing.version, changes(old, new, langs))
