"""One language's view of a resolved policy: the ``Handbook`` templates see.

Texts are picked for the language, dates formatted for its locale (Babel), and
section titles numbered after the company's omitted sections are dropped.
"""

from __future__ import annotations

import base64
import datetime as dt
from collections.abc import Sequence
from typing import Any

from babel import Locale

from policy_builder.editions import joined
from policy_builder.i18n import catalogue, variants
from policy_builder.i18n.dates import long_date
from policy_builder.models import (
    ChangelogEntry,
    ChangelogEntryView,
    ClauseView,
    Contact,
    ContactView,
    Handbook,
    IncidentsView,
    Item,
    ItemView,
    LanguageLink,
    ListeningView,
    LocalText,
    OnboardingView,
    Person,
    PersonView,
    Policy,
    RegulationView,
    SectionRef,
)
from policy_builder.naming import artifact_name


def localize(policy: Policy, lang: str, bilingual: Sequence[tuple[str, str]] = ()) -> Handbook:
    """The handbook's content in ``lang`` (a code or a tag), ready for the templates.

    ``bilingual``: the bilingual editions the build publishes (``editions.pairs``); the
    handbook links those it is in (``Handbook.bilingual_editions``), and only those.

    The handbook is in the variant the policy publishes for that language: its
    catalogue, dates and ``lang`` are the variant's; the config's texts are the
    language's, whatever the variant.
    """
    tag = policy.variant(lang)
    if tag is None:
        raise ValueError(f"{policy.slug} is not published in {lang}")
    code = variants.base(tag)
    cat = catalogue.load(tag)
    locale = cat["locale"]

    def text(value: LocalText) -> str:
        return value[code]

    def date(day: dt.date) -> str:
        return long_date(day, tag)

    def items(values: tuple[Item, ...]) -> tuple[ItemView, ...]:
        return tuple(
            ItemView(i.id, text(i.title) if i.title else None, text(i.text)) for i in values
        )

    def person(p: Person) -> PersonView:
        return PersonView(p.name, text(p.role))

    def contact(c: Contact) -> ContactView:
        name = text(c.names) if c.names else c.name
        return ContactView(name, text(c.role), c.email, c.phone)

    regulation_titles = {r.id: text(r.title) for r in policy.regulations}

    def changelog_entry(e: ChangelogEntry) -> ChangelogEntryView:
        regulation = regulation_titles.get(e.regulation) if e.regulation else None
        return ChangelogEntryView(
            e.version, date(e.date), text(e.summary), text(e.reason), regulation, e.approver
        )

    names = {t: _language_name(t) for t in policy.variants}
    return Handbook(
        lang=tag,
        slug=policy.slug,
        title=cat["labels"]["document_title"],
        company_name=policy.company_name,
        legal_name=policy.legal_name,
        country=Locale.parse(locale).territories.get(policy.country, policy.country),
        sector=text(policy.sector),
        contact=contact(policy.contact),
        logo_data_uri=_data_uri(policy),
        version=policy.version,
        effective_date=date(policy.effective_date),
        effective_date_iso=policy.effective_date.isoformat(),
        owner=person(policy.owner),
        approvers=tuple(person(p) for p in policy.approvers),
        languages=policy.variants,
        language_names=tuple(_language_name(code, locale) for code in policy.languages),
        authoritative_language=policy.variant(policy.authoritative_language) or tag,
        authoritative_language_name=_language_name(policy.authoritative_language, locale),
        other_languages=tuple(
            LanguageLink(other, names[other], artifact_name(policy.slug, other, "html"))
            for other in policy.variants
            if other != tag
        ),
        bilingual_editions=tuple(
            tuple(
                LanguageLink(t, names[t], artifact_name(policy.slug, joined(pair), "html"))
                for t in pair
            )
            for pair in bilingual
            if tag in pair
        ),
        cadence_months=policy.cadence_months,
        last_review=date(policy.last_review),
        next_review=date(policy.next_review),
        onboarding=OnboardingView(
            policy.onboarding.acknowledge_within_days, items(policy.onboarding.topics)
        )
        if policy.onboarding
        else None,
        permitted_shares=items(policy.permitted_shares),
        prohibited_shares=items(policy.prohibited_shares),
        banned_content=items(policy.banned_content),
        security_guidelines=items(policy.security_guidelines),
        posting_rules=items(policy.posting_rules),
        listening=ListeningView(
            items(policy.listening.channels),
            text(policy.listening.route),
            policy.listening.response_hours,
        )
        if policy.listening
        else None,
        incidents=IncidentsView(
            policy.incidents.report_within_hours,
            tuple(contact(c) for c in policy.incidents.contacts),
            items(policy.incidents.preserve),
        ),
        consequences_framework=text(policy.consequences_framework)
        if policy.consequences_framework
        else None,
        regulations=tuple(
            RegulationView(
                r.id,
                text(r.title),
                text(r.summary) if r.summary else None,
                r.url,
                r.citation,
                tuple(ClauseView(text(c.article), text(c.text)) for c in r.clauses),
            )
            for r in policy.regulations
        ),
        changelog=tuple(changelog_entry(e) for e in policy.changelog),
        sections=tuple(
            SectionRef(sid, n, cat["sections"][sid])
            for n, sid in enumerate(policy.sections, start=1)
        ),
        fingerprint=policy.fingerprint,
        brand_color=policy.brand_color,
    )


def _language_name(lang: str, in_locale: str | None = None) -> str:
    """``es-MX`` → ``Español`` (its own name), or its name in ``in_locale`` (``español``).

    A handbook names languages, not variants: the reader of a Mexican handbook reads
    that it is published in Spanish and English.
    """
    if in_locale is None:
        name: Any = catalogue.load(lang)["language_name"]
        return str(name)
    code = variants.base(lang)
    return str(Locale.parse(in_locale).languages.get(code, code))


def _data_uri(policy: Policy) -> str | None:
    if policy.logo is None:
        return None

    return f"data:{policy.logo.mime};base64,{base64.b64encode(policy.logo.data).decode('ascii')}"
