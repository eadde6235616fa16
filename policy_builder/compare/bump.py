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

from policy_builder.errors import PolicyError
from policy_builder.published import version_key

if TYPE_CHECKING:
    from policy_builder.compare.changes import Change
    from policy_builder.pipeline.load import LoadedConfig
    from policy_builder.published import Published

RULE_LISTS = frozenset(
    {
        "permitted_shares",
        "prohibited_shares",
        "banned_content",
        "security_guidelines",
        "posting_rules",
        "section",
    }
)
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


def level(changes: Iterable[Change]) -> str:
    """``major``, ``minor`` or ``patch``, by the rule above."""
    changes = list(changes)
    if any(c.kind == "removed" and c.subject in RULE_LISTS for c in changes):
        return "major"
    if any(c.subject not in REFERENCE_DETAILS for c in changes):
        return "minor"
    return "patch"


def bump(version: str, how: str) -> str:
    """``version`` raised by one ``major``, ``minor`` or ``patch`` step."""
    major, minor, patch = version_key(version)
    if how == "major":
        return f"{major + 1}.0.0"
    if how == "minor":
        return f"{major}.{minor + 1}.0"
    return f"{major}.{minor}.{patch + 1}"


def suggest(old_version: str, changes: Iterable[Change]) -> str:
    """The version that follows ``old_version`` after ``changes``."""
    return bump(old_version, level(changes))


def suggest_for(existing: Published, loaded: LoadedConfig) -> str:
    """The version to publish ``loaded`` as, since ``existing`` already holds its version."""
    from policy_builder.compare.changes import changes
    from policy_builder.compare.sides import Side, published_side
    from policy_builder.pipeline.resolve import resolve

    try:
        old = published_side(existing, str(existing.directory))
    except PolicyError:  # its stored config no longer validates: nothing to compare
        return bump(existing.version, "patch")
    new = Side(loaded.display, loaded.data, resolve(loaded))
    langs = tuple(dict.fromkeys((*new.policy.languages, *old.policy.languages)))
    return suggest(existing.version, changes(old, new, langs))
