"""Frozen data passed between the pipeline's stages.

``Policy`` is the language-neutral result of *resolve*: every piece of text is a
mapping ``lang -> str``. ``Handbook`` is one language's view of it, with plain
strings and formatted dates; it is the only thing templates ever see.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from pathlib import Path

from policy_builder.chars import printable

LocalText = dict[str, str]


@dataclass(frozen=True, order=True)
class Issue:
    """One problem found in a config, located at ``file:line:column``."""

    file: str
    line: int
    column: int
    path: str
    message: str

    def __str__(self) -> str:
        where = f"{self.path}: " if self.path else ""
        return printable(f"{self.file}:{self.line}:{self.column}: {where}{self.message}")


# --- resolved, language-neutral -------------------------------------------


@dataclass(frozen=True)
class Item:
    """A built-in vocabulary item or a company's custom item."""

    id: str
    builtin: bool
    title: LocalText | None
    text: LocalText


@dataclass(frozen=True)
class Person:
    name: str
    role: LocalText


@dataclass(frozen=True)
class Contact:
    name: str  # as written, or in the first language a team's name is given in
    role: LocalText
    email: str
    phone: str | None
    names: LocalText | None = None  # a team's name in every language, when given so


@dataclass(frozen=True)
class RegulationClause:
    """One article the handbook quotes in its own words: reference and text per language."""

    article: LocalText
    text: LocalText


@dataclass(frozen=True)
class Regulation:
    id: str
    builtin: bool  # from the catalogue (bundled or the project's), not written in the config
    title: LocalText
    summary: LocalText | None
    url: str | None
    citation: str | None = None
    as_of: dt.date | None = None  # the date of the version of the text the catalogue reflects
    clauses: tuple[RegulationClause, ...] = ()
    file: str | None = None  # the catalogue file it came from


@dataclass(frozen=True)
class ChangelogEntry:
    """One entry of the policy's recorded history (the config's ``changelog``).

    A semantic change found by comparing two versions is a ``compare.changes.Change``.
    """

    version: str
    date: dt.date
    summary: LocalText
    reason: LocalText
    regulation: str | None
    approver: str


@dataclass(frozen=True)
class Onboarding:
    acknowledge_within_days: int
    topics: tuple[Item, ...]


@dataclass(frozen=True)
class Listening:
    channels: tuple[Item, ...]
    route: LocalText
    response_hours: int


@dataclass(frozen=True)
class Incidents:
    report_within_hours: int
    contacts: tuple[Contact, ...]
    preserve: tuple[Item, ...]


@dataclass(frozen=True)
class Logo:
    mime: str
    data: bytes


@dataclass(frozen=True)
class Policy:
    """A validated config with vocabulary, regulations and dates resolved."""

    slug: str
    source: Path
    company_name: str
    legal_name: str
    country: str
    sector: LocalText
    contact: Contact
    logo: Logo | None
    version: str
    effective_date: dt.date
    owner: Person
    approvers: tuple[Person, ...]
    languages: tuple[str, ...]  # codes (es, en): what its texts are keyed by
    variants: tuple[str, ...]  # the same languages as published tags (es-MX, en-US)
    authoritative_language: str  # a code
    sections: tuple[str, ...]
    cadence_months: int
    last_review: dt.date
    next_review: dt.date
    onboarding: Onboarding | None
    permitted_shares: tuple[Item, ...]
    prohibited_shares: tuple[Item, ...]
    banned_content: tuple[Item, ...]
    security_guidelines: tuple[Item, ...]
    posting_rules: tuple[Item, ...]
    listening: Listening | None
    incidents: Incidents
    consequences_framework: LocalText | None
    regulations: tuple[Regulation, ...]
    changelog: tuple[ChangelogEntry, ...]
    fingerprint: str
    brand_color: str | None = None  # company.brand_color when it keeps text readable

    def variant(self, lang: str) -> str | None:
        """The tag this policy publishes for ``lang`` (a code or a tag), or ``None``."""
        for code, tag in zip(self.languages, self.variants, strict=True):
            if lang in (code, tag):
                return tag
        return None


# --- one language's view, for templates --------------------------------------


@dataclass(frozen=True)
class ItemView:
    id: str
    title: str | None
    text: str


@dataclass(frozen=True)
class PersonView:
    name: str
    role: str


@dataclass(frozen=True)
class ContactView:
    name: str
    role: str
    email: str
    phone: str | None


@dataclass(frozen=True)
class RegulationView:
    id: str
    title: str
    summary: str | None
    url: str | None
    citation: str | None = None
    clauses: tuple[ClauseView, ...] = ()


@dataclass(frozen=True)
class ClauseView:
    article: str
    text: str


@dataclass(frozen=True)
class ChangelogEntryView:
    """A ``ChangelogEntry`` in one language, its date written out, for the revision history."""

    version: str
    date: str
    summary: str
    reason: str
    regulation: str | None
    approver: str


@dataclass(frozen=True)
class OnboardingView:
    acknowledge_within_days: int
    topics: tuple[ItemView, ...]


@dataclass(frozen=True)
class ListeningView:
    channels: tuple[ItemView, ...]
    route: str
    response_hours: int


@dataclass(frozen=True)
class IncidentsView:
    report_within_hours: int
    contacts: tuple[ContactView, ...]
    preserve: tuple[ItemView, ...]


@dataclass(frozen=True)
class SectionRef:
    id: str
    number: int
    title: str


@dataclass(frozen=True)
class LanguageLink:
    lang: str
    name: str
    href: str


@dataclass(frozen=True)
class Handbook:
    """Everything a template may use, in one language, as plain text."""

    lang: str
    slug: str
    title: str
    company_name: str
    legal_name: str
    country: str
    sector: str
    contact: ContactView
    logo_data_uri: str | None
    version: str
    effective_date: str
    effective_date_iso: str
    owner: PersonView
    approvers: tuple[PersonView, ...]
    languages: tuple[str, ...]
    language_names: tuple[str, ...]
    authoritative_language: str
    authoritative_language_name: str
    other_languages: tuple[LanguageLink, ...]
    cadence_months: int
    last_review: str
    next_review: str
    onboarding: OnboardingView | None
    permitted_shares: tuple[ItemView, ...]
    prohibited_shares: tuple[ItemView, ...]
    banned_content: tuple[ItemView, ...]
    security_guidelines: tuple[ItemView, ...]
    posting_rules: tuple[ItemView, ...]
    listening: ListeningView | None
    incidents: IncidentsView
    consequences_framework: str | None
    regulations: tuple[RegulationView, ...]
    changelog: tuple[ChangelogEntryView, ...]
    sections: tuple[SectionRef, ...]
    fingerprint: str
    brand_color: str | None = None  # the accent colour, or None for the default palette
    bilingual_editions: tuple[tuple[LanguageLink, ...], ...] = ()  # published, with this one
