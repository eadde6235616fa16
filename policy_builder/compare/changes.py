"""The semantic changes between two versions of a policy, as data and as sentences.

Items are matched by their stable ids (vocabulary key or custom ``id``, people by
name) and each change is described in the words of every language's catalogue.
"""

from __future__ import annotations

import dataclasses
import datetime as dt
from collections.abc import Callable, Iterator
from dataclasses import dataclass, field
from typing import Any

from babel import Locale
from babel.dates import format_date

from policy_builder.compare.sides import Side
from policy_builder.i18n import catalogue
from policy_builder.models import Item, LocalText, Policy


@dataclass(frozen=True)
class Change:
    """One change, as data (what, which entry, its title per language) and as sentences.

    Reports and changelog drafts work from ``subject``, ``item`` and ``title``; the
    ``message`` is only for people to read.
    """

    kind: str  # added · removed · changed
    path: str
    old: Any
    new: Any
    message: dict[str, str]  # lang -> sentence
    substantive: bool = True  # False for bookkeeping: version, dates, changelog
    subject: str = ""  # a list (banned_content…), a field (cadence_months…), section, logo
    item: str | None = None  # the entry's stable id (or person's name) within the list
    title: dict[str, str] = field(default_factory=dict)  # lang -> the entry's title


# --- semantic changes ---------------------------------------------------------------

ITEM_LISTS: tuple[tuple[str, str, Callable[[Policy], tuple[Item, ...]]], ...] = (
    ("permitted_shares", "permitted_shares", lambda p: p.permitted_shares),
    ("prohibited_shares", "prohibited_shares", lambda p: p.prohibited_shares),
    ("banned_content", "banned_content", lambda p: p.banned_content),
    ("security_guidelines", "security_guidelines", lambda p: p.security_guidelines),
    ("posting_rules", "posting_rules", lambda p: p.posting_rules),
    (
        "onboarding.topics",
        "onboarding_topics",
        lambda p: p.onboarding.topics if p.onboarding else (),
    ),
    (
        "customer_listening.channels",
        "listening_channels",
        lambda p: p.listening.channels if p.listening else (),
    ),
    ("incidents.preserve", "incident_evidence", lambda p: p.incidents.preserve),
    (
        "regulations",
        "regulations",
        lambda p: tuple(
            Item(r.id, r.builtin, r.title, r.summary or r.title) for r in p.regulations
        ),
    ),
)

# (catalogue key, config path, getter, how to show the value)
FIELDS: tuple[tuple[str, str, Callable[[Policy], Any], str], ...] = (
    ("company_name", "company.name", lambda p: p.company_name, "value"),
    ("legal_name", "company.legal_name", lambda p: p.legal_name, "value"),
    ("country", "company.country", lambda p: p.country, "country"),
    ("sector", "company.sector", lambda p: p.sector, "text"),
    ("contact", "company.contact", lambda p: p.contact, "person"),
    ("version", "policy.version", lambda p: p.version, "value"),
    ("effective_date", "policy.effective_date", lambda p: p.effective_date, "date"),
    ("owner", "policy.owner", lambda p: p.owner, "person"),
    ("languages", "policy.languages", lambda p: p.variants, "languages"),
    (
        "authoritative_language",
        "policy.authoritative_language",
        lambda p: p.authoritative_language,
        "languages",
    ),
    ("cadence_months", "review.cadence_months", lambda p: p.cadence_months, "months"),
    ("last_review", "review.last_review", lambda p: p.last_review, "date"),
    (
        "acknowledge_within_days",
        "onboarding.acknowledge_within_days",
        lambda p: p.onboarding.acknowledge_within_days if p.onboarding else None,
        "days",
    ),
    (
        "listening_route",
        "customer_listening.route",
        lambda p: p.listening.route if p.listening else None,
        "text",
    ),
    (
        "response_hours",
        "customer_listening.response_hours",
        lambda p: p.listening.response_hours if p.listening else None,
        "hours",
    ),
    (
        "report_within_hours",
        "incidents.report_within_hours",
        lambda p: p.incidents.report_within_hours,
        "hours",
    ),
    (
        "consequences_framework",
        "consequences.framework",
        lambda p: p.consequences_framework,
        "text",
    ),
)
KEYS = {"added": "added", "removed": "removed", "changed": "changed_item"}  # catalogue keys
BOOKKEEPING = {"policy.version", "policy.effective_date", "review.last_review"}


def changes(old: Side, new: Side, langs: tuple[str, ...]) -> Iterator[Change]:
    """Every semantic change from ``old`` to ``new``, in the order of the handbook."""
    words = _Words(langs)
    a, b = old.policy, new.policy
    for key, path, get, shape in FIELDS:
        if get(a) != get(b):
            yield words.field_change(key, path, get(a), get(b), shape, path not in BOOKKEEPING)
    old_logo = old.data.get("company", {}).get("logo")
    new_logo = new.data.get("company", {}).get("logo")
    if old_logo != new_logo:
        yield Change(
            "changed",
            "company.logo",
            old_logo,
            new_logo,
            words.each(lambda t, lang: t["changed_field"].format(field=t["fields"]["logo"])),
            subject="logo",
        )
    yield from _matched(
        words, "policy.approvers", "approvers", a.approvers, b.approvers, _by_name, _name
    )
    yield from _sections(words, a, b)
    for path, kind, get in ITEM_LISTS:
        yield from _matched(words, path, kind, get(a), get(b), _by_id, _label)
    yield from _matched(
        words,
        "incidents.contacts",
        "incident_contacts",
        a.incidents.contacts,
        b.incidents.contacts,
        _by_name,
        _name,
    )
    yield from _changelog(words, a, b)


def _matched(
    words: _Words,
    path: str,
    what: str,
    old: tuple[Any, ...],
    new: tuple[Any, ...],
    key: Callable[[Any], str],
    label: Callable[[Any, str], str],
) -> Iterator[Change]:
    """Added, removed and changed entries of a list, matched by their stable ``key``."""
    before, after = {key(x): x for x in old}, {key(x): x for x in new}
    for k, entry in after.items():
        if k not in before:
            yield words.entry("added", path, k, what, None, entry, label)
    for k, entry in before.items():
        if k not in after:
            yield words.entry("removed", path, k, what, entry, None, label)
    for k, entry in after.items():
        if k in before and before[k] != entry:
            yield words.entry("changed", path, k, what, before[k], entry, label)


def _by_id(item: Item) -> str:
    return item.id


def _by_name(person: Any) -> str:
    return str(person.name)


def _name(person: Any, lang: str) -> str:
    names = getattr(person, "names", None)  # a team named in every language
    return str(names[lang]) if names and lang in names else str(person.name)


def _sections(words: _Words, a: Policy, b: Policy) -> Iterator[Change]:
    for kind, here, there in (("added", b, a), ("removed", a, b)):
        for section in here.sections:
            if section not in there.sections:
                title = {lang: words.section(lang, section) for lang in words.langs}
                yield Change(
                    kind,
                    f"sections.{section}",
                    section if kind == "removed" else None,
                    section if kind == "added" else None,
                    words.say(f"section_{kind}", item=title.get),
                    subject="section",
                    item=section,
                    title=title,
                )


def _changelog(words: _Words, a: Policy, b: Policy) -> Iterator[Change]:
    before = {e.version: e for e in a.changelog}
    for entry in b.changelog:
        old = before.get(entry.version)
        if old == entry:
            continue
        kind = "added" if old is None else "changed"
        yield Change(
            kind,
            f"changelog.{entry.version}",
            _plain(old),
            _plain(entry),
            words.say(f"changelog_{kind}", item=entry.version),
            substantive=False,
            subject="changelog",
            item=entry.version,
        )


class _Words:
    """Sentences about changes, in every language, from the catalogues."""

    def __init__(self, langs: tuple[str, ...]) -> None:
        self.langs = tuple(lang for lang in langs if lang in catalogue.available_languages())
        self.cats = {lang: catalogue.load(lang) for lang in self.langs}

    def each(self, sentence: Callable[[dict[str, Any], str], str]) -> dict[str, str]:
        return {lang: sentence(self.cats[lang]["diff"], lang) for lang in self.langs}

    def say(
        self, key: str, *, what: str = "", item: str | Callable[[str], str | None] = ""
    ) -> dict[str, str]:
        """``diff.<key>`` in every language, with ``{what}`` and ``{item}`` filled in."""
        return {
            lang: str(
                t[key].format(
                    what=t["what"][what] if what else "",
                    item=item(lang) if callable(item) else item,
                )
            )
            for lang, t in ((lang, self.cats[lang]["diff"]) for lang in self.langs)
        }

    def section(self, lang: str, section: str) -> str:
        return str(self.cats[lang]["sections"][section])

    def entry(
        self,
        kind: str,
        path: str,
        key: str,
        what: str,
        old: Any,
        new: Any,
        label: Callable[[Any, str], str],
    ) -> Change:
        """Entry ``key`` of the list ``what`` (at ``path``) was added, removed or changed."""
        shown = new if new is not None else old
        title = {lang: label(shown, lang) for lang in self.langs}
        message = self.say(KEYS[kind], what=what, item=title.get)
        return Change(
            kind,
            f"{path}.{key}",
            _plain(old),
            _plain(new),
            message,
            subject=what,
            item=key,
            title=title,
        )

    def field_change(
        self, key: str, path: str, old: Any, new: Any, shape: str, substantive: bool
    ) -> Change:
        def sentence(t: dict[str, Any], lang: str) -> str:
            field = t["fields"][key]
            if shape == "text":
                return str(t["changed_text"].format(field=field))
            if shape in ("months", "days", "hours") and None not in (old, new):
                return str(
                    t["changed_value_unit"].format(
                        field=field,
                        old=_show(old, "value", lang),
                        new=_show(new, "value", lang),
                        unit=t["units"][shape],
                    )
                )
            return str(
                t["changed_value"].format(
                    field=field, old=_show(old, shape, lang), new=_show(new, shape, lang)
                )
            )

        return Change(
            "changed", path, _plain(old), _plain(new), self.each(sentence), substantive, subject=key
        )


def _label(item: Item, lang: str) -> str:
    return _pick(item.title, lang) if item.title else _pick(item.text, lang)


def _pick(text: LocalText, lang: str) -> str:
    return text.get(lang) or next(iter(text.values()))


def _show(value: Any, shape: str, lang: str) -> str:
    locale = Locale.parse(catalogue.load(lang)["locale"])
    if value is None:
        return "—"
    if shape == "date":
        return str(format_date(value, format="long", locale=locale))
    if shape == "country":
        return str(locale.territories.get(value, value))
    if shape == "languages":
        codes = value if isinstance(value, tuple) else (value,)
        names = locale.languages  # a tag is named by its variant: "Mexican Spanish"
        return ", ".join(str(names.get(c.replace("-", "_"), names.get(c, c))) for c in codes)
    if shape == "person":
        return f"{_name(value, lang)} ({_pick(value.role, lang)})"
    if shape in ("months", "days", "hours"):  # one side only: the unit goes with the number
        return f"{value} {catalogue.load(lang)['diff']['units'][shape]}"
    return str(value)


def _plain(value: Any) -> Any:
    """A JSON-friendly copy of a resolved value."""
    if dataclasses.is_dataclass(value) and not isinstance(value, type):
        return {f.name: _plain(getattr(value, f.name)) for f in dataclasses.fields(value)}
    if isinstance(value, tuple | list):
        return [_plain(v) for v in value]
    if isinstance(value, dt.date):
        return value.isoformat()
    return value
