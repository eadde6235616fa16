"""Stage 3: turn a validated config into a ``Policy``: vocabulary keys become text
in every language, regulations are looked up, dates are parsed and the next
review is computed.
"""

from __future__ import annotations

import datetime as dt
from typing import Any

from policy_builder.errors import InvalidConfigError, TemplateError, os_reason
from policy_builder.files import read_at_most
from policy_builder.hashes import fingerprint
from policy_builder.i18n import catalogue, variants
from policy_builder.models import (
    ChangelogEntry,
    Contact,
    Incidents,
    Issue,
    Item,
    Listening,
    LocalText,
    Logo,
    Onboarding,
    Person,
    Policy,
    Regulation,
    RegulationClause,
)
from policy_builder.naming import slug_of
from policy_builder.pipeline import brand
from policy_builder.pipeline.read import LoadedConfig
from policy_builder.pipeline.review import add_months
from policy_builder.pipeline.rules import MAX_LOGO_BYTES
from policy_builder.pipeline.validate import declared_languages, declared_tags
from policy_builder.registry import SECTION_IDS
from policy_builder.regulations.catalogue import Catalogue, for_config
from policy_builder.regulations.text import localized

_LOGO_TYPES = {
    ".png": "image/png",
    ".jpg": "image/jpeg",
    ".jpeg": "image/jpeg",
    ".svg": "image/svg+xml",
}


def resolve(config: LoadedConfig) -> Policy:
    """Resolve a config that ``validate`` found valid."""
    data = config.data
    meta = data["policy"]
    langs = declared_languages(data)
    tags = tuple(
        variants.for_country(lang, data["company"]["country"]) for lang in declared_tags(data)
    )
    omitted = set(meta.get("omit_sections", []))
    company = data["company"]
    last_review = dt.date.fromisoformat(data["review"]["last_review"])
    cadence = data["review"]["cadence_months"]
    onboarding = data.get("onboarding") if "onboarding" not in omitted else None
    listening = data.get("customer_listening") if "customer_listening" not in omitted else None
    items = _Items(langs, tags)
    return Policy(
        slug=slug_of(config.path),
        source=config.path,
        company_name=company["name"],
        legal_name=company["legal_name"],
        country=company["country"],
        sector=company["sector"],
        contact=_contact(company["contact"]),
        logo=_logo(config, company.get("logo")),
        version=meta["version"],
        effective_date=dt.date.fromisoformat(meta["effective_date"]),
        owner=_person(meta["owner"]),
        approvers=tuple(_person(p) for p in meta["approvers"]),
        languages=langs,
        variants=tags,
        authoritative_language=variants.base(meta.get("authoritative_language", langs[0])),
        sections=tuple(s for s in SECTION_IDS if s not in omitted),
        cadence_months=cadence,
        last_review=last_review,
        next_review=add_months(last_review, cadence),
        onboarding=Onboarding(
            onboarding["acknowledge_within_days"],
            items.resolve("onboarding_topics", onboarding["topics"]),
        )
        if onboarding
        else None,
        permitted_shares=items.resolve("permitted_shares", data["permitted_shares"]),
        prohibited_shares=items.resolve("prohibited_shares", data["prohibited_shares"]),
        banned_content=items.resolve("banned_content", data["banned_content"]),
        security_guidelines=items.resolve("security_guidelines", data["security_guidelines"]),
        posting_rules=items.resolve("posting_rules", data["posting_rules"]),
        listening=Listening(
            items.resolve("listening_channels", listening["channels"]),
            listening["route"],
            listening["response_hours"],
        )
        if listening
        else None,
        incidents=Incidents(
            data["incidents"]["report_within_hours"],
            tuple(_contact(c) for c in data["incidents"]["contacts"]),
            items.resolve("incident_evidence", data["incidents"]["preserve"]),
        ),
        consequences_framework=data.get("consequences", {}).get("framework"),
        regulations=_regulations(config, data["regulations"], langs, tags),
        changelog=tuple(_entry(e) for e in data["changelog"]),
        fingerprint=fingerprint(data),
        brand_color=None if brand.problem(color := company.get("brand_color")) else color,
    )


class _Items:
    """Resolves lists that mix built-in vocabulary keys and custom items."""

    def __init__(self, langs: tuple[str, ...], tags: tuple[str, ...]) -> None:
        self.langs = langs
        self.tags = tags  # built-in text comes from each language's variant

    def resolve(self, kind: str, raw: list[Any]) -> tuple[Item, ...]:
        return tuple(self._one(kind, entry) for entry in raw)

    def _one(self, kind: str, entry: Any) -> Item:
        if isinstance(entry, dict):
            return Item(entry["id"], False, entry.get("title"), entry["text"])
        texts = {
            lang: _vocabulary(tag, kind, entry)
            for lang, tag in zip(self.langs, self.tags, strict=True)
        }
        return Item(
            entry,
            True,
            {lang: t["title"] for lang, t in texts.items()},
            {lang: t["text"] for lang, t in texts.items()},
        )


def _vocabulary(lang: str, kind: str, key: str) -> dict[str, str]:
    try:
        entry: dict[str, str] = catalogue.load(lang)["vocabulary"][kind][key]
    except KeyError:
        raise TemplateError(f"the {lang} catalogue has no text for {kind}.{key}") from None
    return entry


def _regulations(
    config: LoadedConfig, raw: list[Any], langs: tuple[str, ...], tags: tuple[str, ...]
) -> tuple[Regulation, ...]:
    found = for_config(config.path)
    found.raise_if_invalid()
    return tuple(_regulation(r, found, langs, tags, config) for r in raw)


def _regulation(
    entry: Any,
    found: Catalogue,
    langs: tuple[str, ...],
    tags: tuple[str, ...],
    config: LoadedConfig,
) -> Regulation:
    if isinstance(entry, dict):
        return Regulation(
            entry["id"], False, entry["title"], entry.get("summary"), entry.get("url")
        )
    known = found.get(entry)
    if known is None:  # validate checked the id against this same catalogue
        raise TemplateError(f"{config.display}: the regulations catalogue has no {entry}")
    pairs = tuple(zip(langs, tags, strict=True))

    def text(values: Any) -> LocalText:
        try:
            return {lang: localized(values[lang], tag) for lang, tag in pairs}
        except KeyError as exc:
            raise TemplateError(f"{known.file}: no {exc.args[0]} text") from None

    return Regulation(
        entry,
        True,
        text(known.name),
        text(known.description),
        known.url,
        citation=known.citation,
        as_of=known.as_of,
        clauses=tuple(RegulationClause(text(c.article), text(c.text)) for c in known.clauses),
        file=known.file,
    )


def _person(raw: dict[str, Any]) -> Person:
    return Person(raw["name"], raw["role"])


def _contact(raw: dict[str, Any]) -> Contact:
    name = raw["name"]
    if isinstance(name, dict):  # a team named in every language
        first = str(next(iter(name.values())))
        return Contact(first, raw["role"], raw["email"], raw.get("phone"), dict(name))
    return Contact(name, raw["role"], raw["email"], raw.get("phone"))


def _entry(raw: dict[str, Any]) -> ChangelogEntry:
    summary: LocalText = raw["summary"]
    return ChangelogEntry(
        raw["version"],
        dt.date.fromisoformat(raw["date"]),
        summary,
        raw["reason"],
        raw.get("regulation"),
        raw["approver"],
    )


def _logo(config: LoadedConfig, logo: str | None) -> Logo | None:
    if logo is None:
        return None
    path = config.path.parent / logo
    try:  # validate checked it; read no more than it allowed, even if it changed since
        data = read_at_most(path, MAX_LOGO_BYTES)
    except (OSError, ValueError) as exc:
        where = config.source.where(("company", "logo"))
        problem = f"cannot read the logo ({os_reason(exc)})"
        raise InvalidConfigError([Issue(*where, "company.logo", problem)]) from None
    return Logo(_LOGO_TYPES[path.suffix.lower()], data)
