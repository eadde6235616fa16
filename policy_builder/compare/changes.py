"""The semantic changes between two versions of a policy, as data and as sentences.

Items are matched by their stable ids (vocabulary key or custom ``id``, people by
name) and each change is described in the words of every language's catalogue.
"""

from __future__ import annotations

import dataclasses
import datetime as dt
from collections.abc import Callable, Iterator
from dataclasses import dataclass, field
from typing import Any, Literal

from policy_builder.compare.fields import FIELDS, UNITS, Shape, name_in, pick, show
from policy_builder.compare.sides import Side
from policy_builder.i18n import catalogue
from policy_builder.models import Contact, Item, Person, Policy, Regulation
from policy_builder.registry import ITEM_LISTS

ChangeKind = Literal["added", "removed", "changed"]


@dataclass(frozen=True)
class Change:
    """One semantic change between two versions of a policy, as data (what, which
    entry, its title per language) and as sentences.

    Reports and changelog drafts work from ``subject``, ``item`` and ``title``; the
    ``message`` is only for people to read. (An entry of a policy's recorded history
    is a ``models.ChangelogEntry``, not a ``Change``.)
    """

    kind: ChangeKind
    path: str
    old: Any
    new: Any
    message: dict[str, str]  # lang -> sentence
    substantive: bool = True  # False for bookkeeping: version, dates, changelog
    subject: str = ""  # a list (banned_content…), a field (cadence_months…), section, logo
    item: str | None = None  # the entry's stable id (or person's name) within the list
    title: dict[str, str] = field(default_factory=dict)  # lang -> the entry's title


# The catalogue's sentence (diff.<key>) for each kind of change to a list's entry.
KEYS: dict[str, str] = {"added": "added", "removed": "removed", "changed": "changed_item"}


def changes(old: Side, new: Side, langs: tuple[str, ...]) -> Iterator[Change]:
    """Every semantic change from ``old`` to ``new``, in the order of the handbook."""
    words = _Words(langs)
    a, b = old.policy, new.policy
    for f in FIELDS:
        if f.read(a) != f.read(b):
            yield words.field_change(f.key, f.path, f.read(a), f.read(b), f.shape, f.substantive)
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
        words, "policy.approvers", "approvers", a.approvers, b.approvers, _by_name, name_in
    )
    yield from _sections(words, a, b)
    for lst in ITEM_LISTS:
        old_items, new_items = _items(lst.read(a)), _items(lst.read(b))
        yield from _matched(words, lst.name, lst.kind, old_items, new_items, _by_id, _label)
    yield from _matched(
        words,
        "incidents.contacts",
        "incident_contacts",
        a.incidents.contacts,
        b.incidents.contacts,
        _by_name,
        name_in,
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


def _items(entries: tuple[Item, ...] | tuple[Regulation, ...]) -> tuple[Item, ...]:
    """A list's entries as items; a regulation compares by its title and summary."""
    return tuple(
        Item(e.id, e.builtin, e.title, e.summary or e.title) if isinstance(e, Regulation) else e
        for e in entries
    )


def _by_id(item: Item) -> str:
    return item.id


def _by_name(person: Person | Contact) -> str:
    return str(person.name)


def _sections(words: _Words, a: Policy, b: Policy) -> Iterator[Change]:
    sides: tuple[tuple[ChangeKind, Policy, Policy], ...] = (("added", b, a), ("removed", a, b))
    for kind, here, there in sides:
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
        kind: ChangeKind = "added" if old is None else "changed"
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
        kind: ChangeKind,
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
        self, key: str, path: str, old: Any, new: Any, shape: Shape, substantive: bool
    ) -> Change:
        def sentence(t: dict[str, Any], lang: str) -> str:
            field = t["fields"][key]
            if shape == "text":
                return str(t["changed_text"].format(field=field))
            if shape in UNITS and None not in (old, new):
                return str(
                    t["changed_value_unit"].format(
                        field=field,
                        old=show(old, "value", lang),
                        new=show(new, "value", lang),
                        unit=t["units"][shape],
                    )
                )
            return str(
                t["changed_value"].format(
                    field=field, old=show(old, shape, lang), new=show(new, shape, lang)
                )
            )

        return Change(
            "changed", path, _plain(old), _plain(new), self.each(sentence), substantive, subject=key
        )


def _label(item: Item, lang: str) -> str:
    return pick(item.title, lang) if item.title else pick(item.text, lang)


def _plain(value: Any) -> Any:
    """A JSON-friendly copy of a resolved value."""
    if dataclasses.is_dataclass(value) and not isinstance(value, type):
        return {f.name: _plain(getattr(value, f.name)) for f in dataclasses.fields(value)}
    if isinstance(value, tuple | list):
        return [_plain(v) for v in value]
    if isinstance(value, dt.date):
        return value.isoformat()
    return value
