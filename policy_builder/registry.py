"""What a policy is made of: its lists of items and its handbook's sections, in order.

One table of each, read by validation (unique ids, sections required unless
omitted), resolve (the sections a handbook has), diff (entries matched list by
list, and which removals withdraw a rule) and lint (which custom items must state
a rule). The JSON Schema describes the same lists and sections for editors;
``tests/test_registry.py`` proves the two agree.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from typing import Literal

from policy_builder.models import Item, Policy, Regulation

# rules: what employees may or must not do (lint: a custom item must state a rule;
# diff: removing one is a major change). descriptions: what the policy lists (lint:
# a custom item must be a sentence). references: regulations, which cite a law.
Role = Literal["rules", "descriptions", "references"]


@dataclass(frozen=True)
class ItemList:
    """One list of items in a config: built-in vocabulary keys or custom entries."""

    path: tuple[str, ...]  # where it sits in the config
    kind: str  # the catalogue vocabulary its built-in keys come from
    section: str  # the handbook section that shows it
    role: Role
    read: Callable[[Policy], tuple[Item, ...] | tuple[Regulation, ...]]  # from a resolved policy

    @property
    def name(self) -> str:
        """``onboarding.topics``: the list as a dotted config path."""
        return ".".join(self.path)


# One row per list: the table reads best unwrapped.
# fmt: off
ITEM_LISTS: tuple[ItemList, ...] = (
    ItemList(("permitted_shares",), "permitted_shares", "sharing", "rules", lambda p: p.permitted_shares),
    ItemList(("prohibited_shares",), "prohibited_shares", "sharing", "rules", lambda p: p.prohibited_shares),
    ItemList(("banned_content",), "banned_content", "inappropriate_content", "rules", lambda p: p.banned_content),
    ItemList(("security_guidelines",), "security_guidelines", "security", "rules", lambda p: p.security_guidelines),
    ItemList(("posting_rules",), "posting_rules", "posting_rules", "rules", lambda p: p.posting_rules),
    ItemList(("onboarding", "topics"), "onboarding_topics", "onboarding", "descriptions",
             lambda p: p.onboarding.topics if p.onboarding else ()),
    ItemList(("customer_listening", "channels"), "listening_channels", "customer_listening", "descriptions",
             lambda p: p.listening.channels if p.listening else ()),
    ItemList(("incidents", "preserve"), "incident_evidence", "incidents", "descriptions", lambda p: p.incidents.preserve),
    ItemList(("regulations",), "regulations", "regulations", "references", lambda p: p.regulations),
)
# fmt: on
RULE_LISTS: tuple[ItemList, ...] = tuple(x for x in ITEM_LISTS if x.role == "rules")


@dataclass(frozen=True)
class Section:
    """One section of the handbook (``templates/<lang>/sections/<id>.md.j2``)."""

    id: str
    optional: bool = False  # a company may leave it out (policy.omit_sections)
    needs: str | None = None  # the config field it is written from: required unless omitted


SECTIONS: tuple[Section, ...] = (
    Section("purpose"),
    Section("onboarding", optional=True, needs="onboarding"),
    Section("keeping_current"),
    Section("sharing"),
    Section("inappropriate_content"),
    Section("security"),
    Section("posting_rules"),
    Section("benefits_and_risks", optional=True),
    Section("customer_listening", optional=True, needs="customer_listening"),
    Section("incidents"),
    Section("consequences"),
    Section("regulations"),
    Section("revision_history"),
    Section("acknowledgement"),
)
SECTION_IDS: tuple[str, ...] = tuple(s.id for s in SECTIONS)  # in the handbook's order
OPTIONAL_SECTIONS = frozenset(s.id for s in SECTIONS if s.optional)
# config field -> the section that may be omitted instead of giving it
REQUIRED_UNLESS_OMITTED: dict[str, str] = {s.needs: s.id for s in SECTIONS if s.needs}
