"""Item lists merged by id over a base (``policy.extends``), each item's history kept.

In a config that extends a base, every list of items (``registry.ITEM_LISTS``:
permitted and prohibited shares, banned content, security guidelines, posting
rules, onboarding topics, listening channels, incident evidence, regulations)
merges with the base's list by id, a built-in key or a custom item's ``id``:

- an item the base lacks is *added* after the inherited ones, in the config's order;
- a custom item with the id of an inherited custom item *overrides* the fields it
  gives (``text.es`` alone, say) and keeps the inherited item's place;
- a built-in key the base already lists changes nothing (a config that copied its
  base's whole list still reads the same, and now follows the base's additions);
- ``- remove: <id>`` leaves an inherited item out;
- ``- replace: true``, as the list's first entry, drops every inherited item: the
  list is exactly the entries that follow.

Every other list (languages, omitted sections, approvers, contacts, changelog) is
the company's own setting or record and replaces the base's whole: people are
named, not identified, and a changelog is one company's history.
"""

from __future__ import annotations

import difflib
from collections.abc import Iterator
from dataclasses import dataclass, field
from typing import TYPE_CHECKING, Any

from policy_builder.chars import clip
from policy_builder.models import Issue
from policy_builder.pipeline.source_map import ItemTrace, JsonPath, Place, format_path
from policy_builder.registry import ITEM_LISTS

if TYPE_CHECKING:
    from policy_builder.pipeline.read import LoadedConfig

LIST_ORDER: tuple[JsonPath, ...] = tuple(x.path for x in ITEM_LISTS)
LISTS: frozenset[JsonPath] = frozenset(LIST_ORDER)
HOLDERS: frozenset[JsonPath] = frozenset(
    x.path[:n] for x in ITEM_LISTS for n in range(1, len(x.path))
)
Copy = tuple[JsonPath, "LoadedConfig", JsonPath, bool]  # (to, from config, from path, subtree)


@dataclass
class _Slot:
    """One item of the merged list while it is being merged."""

    trace: ItemTrace
    value: Any
    base: int | None = None  # its index in the base's list
    child: int | None = None  # its index in the child's list
    fields: list[JsonPath] = field(default_factory=list)  # fields the child gave again
    overrides: list[tuple[JsonPath, Place, Place | None]] = field(default_factory=list)


def item_id(item: Any) -> str | None:
    """A list item's id: the built-in key, or a custom item's ``id``."""
    if isinstance(item, str):
        return item
    ident = item.get("id") if isinstance(item, dict) else None
    return ident if isinstance(ident, str) else None


def change_of(item: Any) -> str | None:
    """``remove`` or ``replace`` when ``item`` is a change to the inherited list."""
    if isinstance(item, dict):
        return next((key for key in ("remove", "replace") if key in item), None)
    return None


def traces_of(path: JsonPath, config: LoadedConfig) -> tuple[ItemTrace, ...]:
    """The list at ``path`` of ``config`` as a base sees it: every item inherited."""
    if path in config.items:
        return tuple(_inherited(t) for t in config.items[path])
    items = get(config.data, path)
    return tuple(
        ItemTrace(item_id(x), "inherited", i, config.source.where((*path, i)))
        for i, x in enumerate(items if isinstance(items, list) else ())
    )


def _inherited(trace: ItemTrace) -> ItemTrace:
    if trace.status != "added":
        return trace
    return ItemTrace(trace.id, "inherited", trace.index, trace.defined, trace.overrides)


def merge_list(
    path: JsonPath,
    old: Any,
    new: list[Any],
    base: LoadedConfig,
    child: LoadedConfig,
    issues: list[Issue],
) -> tuple[list[Any], tuple[ItemTrace, ...], list[Copy]]:
    """The base's list ``old`` (None when it has none) merged with the child's ``new``.

    Return the merged items, each item's trace and the source-map copies that keep
    every value's file and line; problems go to ``issues`` at the child's line.
    """
    inherited = traces_of(path, base) if isinstance(old, list) else ()
    slots = [_Slot(t, old[t.index] if t.index is not None else None, t.index) for t in inherited]
    entries = list(enumerate(new))
    if entries and change_of(entries[0][1]) == "replace":
        index, entry = entries.pop(0)
        if entry != {"replace": True}:
            _issue(issues, child, (*path, index), "write 'replace: true' alone in its entry")
        for slot in _live(slots):
            slot.trace = _removed(slot.trace, child.source.where((*path, index)))
    for index, entry in entries:
        _apply(path, index, entry, slots, base, child, issues)
    return _result(path, slots, base, child)


def _apply(
    path: JsonPath,
    index: int,
    entry: Any,
    slots: list[_Slot],
    base: LoadedConfig,
    child: LoadedConfig,
    issues: list[Issue],
) -> None:
    at = (*path, index)
    change = change_of(entry)
    if change == "replace":
        _issue(issues, child, at, "'replace: true' must be the list's first entry")
        return
    if change == "remove":
        _remove(path, index, entry, slots, child, issues)
        return
    ident = item_id(entry)
    slot = next((s for s in _live(slots) if s.base is not None and s.trace.id == ident), None)
    if ident is None or slot is None:
        slots[:] = [s for s in slots if not (s.trace.status == "removed" and s.trace.id == ident)]
        added = ItemTrace(ident, "added", None, child.source.where(at))
        slots.append(_Slot(added, entry, child=index))
    elif isinstance(entry, str) and isinstance(slot.value, dict):
        _issue(
            issues,
            child,
            at,
            f"'{clip(entry)}' is a custom item in the base ({_place(slot.trace.defined)}); "
            f"to change it, give {{id: {clip(entry)}, …}} with the fields to override",
        )
    elif isinstance(entry, dict) and isinstance(slot.value, str):
        _issue(
            issues,
            child,
            (*at, "id"),
            f"'{clip(ident)}' is a built-in key in the base: it has no fields to override; "
            f"remove it ('- remove: {clip(ident)}') and add a custom item with an id of its own",
        )
    elif isinstance(entry, dict):
        slot.child = index
        slot.value = _overlay(slot.value, entry, (), slot, path, base, child, issues)


def _remove(
    path: JsonPath,
    index: int,
    entry: dict[str, Any],
    slots: list[_Slot],
    child: LoadedConfig,
    issues: list[Issue],
) -> None:
    ident = entry.get("remove")
    if not isinstance(ident, str) or len(entry) != 1:
        _issue(issues, child, (*path, index), "write '- remove: <id>' alone, with an inherited id")
        return
    live = [s for s in _live(slots) if s.base is not None and s.trace.id is not None]
    slot = next((s for s in live if s.trace.id == ident), None)
    if slot is not None:
        slot.trace = _removed(slot.trace, child.source.where((*path, index)))
        slot.value = None
        return
    gone = next((s for s in slots if s.trace.id == ident and s.trace.removed), None)
    ids = [s.trace.id for s in live if s.trace.id]
    if gone is not None and gone.trace.removed is not None:
        hint = f" (already removed at {_place(gone.trace.removed)})"
    elif close := difflib.get_close_matches(ident, ids, n=1, cutoff=0.6):
        hint = f" (did you mean '{close[0]}'?)"
    else:
        hint = f" (it inherits: {', '.join(ids)})" if ids else " (the base lists none)"
    name = format_path(path)
    message = f"cannot remove '{clip(ident)}': the base's {name} has no such item{hint}"
    _issue(issues, child, (*path, index, "remove"), message)


def _overlay(
    old: dict[str, Any],
    new: dict[str, Any],
    where: JsonPath,
    slot: _Slot,
    path: JsonPath,
    base: LoadedConfig,
    child: LoadedConfig,
    issues: list[Issue],
) -> dict[str, Any]:
    """``old`` with the fields ``new`` gives, mapping by mapping; each override recorded."""
    merged = dict(old)
    for key, value in new.items():
        here = (*where, key)
        if key == "id" and not where:
            continue
        mine: JsonPath = (*path, slot.child or 0, *here)
        theirs: JsonPath = (*path, slot.base or 0, *here)
        if key in old and isinstance(old[key], dict) != isinstance(value, dict):
            expected = "texts per language" if isinstance(old[key], dict) else "one value"
            field_name = format_path(here)
            message = (
                f"overrides the inherited {field_name} ({_place(base.source.where(theirs))}), "
                f"which is {expected}, with {_kind(value)}"
            )
            _issue(issues, child, mine, message)
        elif key in old and isinstance(value, dict):
            merged[key] = _overlay(old[key], value, here, slot, path, base, child, issues)
        else:
            was = base.source.where(theirs) if key in old else None
            slot.fields.append(here)
            slot.overrides.append((here, child.source.where(mine), was))
            merged[key] = value
    return merged


def _result(
    path: JsonPath, slots: list[_Slot], base: LoadedConfig, child: LoadedConfig
) -> tuple[list[Any], tuple[ItemTrace, ...], list[Copy]]:
    items: list[Any] = []
    traces: list[ItemTrace] = []
    copies: list[Copy] = []
    for slot in slots:
        trace = slot.trace
        if trace.status == "removed":
            traces.append(trace)
            continue
        here = (*path, len(items))
        if slot.base is not None:
            copies.append((here, base, (*path, slot.base), True))
        elif slot.child is not None:
            copies.append((here, child, (*path, slot.child), True))
        for name in slot.fields:
            copies.append(((*here, *name), child, (*path, slot.child or 0, *name), True))
        status = "overridden" if slot.overrides else trace.status
        overrides = (*trace.overrides, *slot.overrides)
        traces.append(ItemTrace(trace.id, status, len(items), trace.defined, overrides))
        items.append(slot.value)
    return items, tuple(traces), copies


def refused_changes(config: LoadedConfig) -> Iterator[Issue]:
    """A ``remove`` or ``replace`` entry in a config that extends no base."""
    for item_list in ITEM_LISTS:
        items = get(config.data, item_list.path)
        for index, entry in enumerate(items if isinstance(items, list) else ()):
            if change := change_of(entry):
                at: JsonPath = (*item_list.path, index)
                what = "remove an inherited item" if change == "remove" else "replace a base's list"
                message = f"only a config that extends a base (policy.extends) can {what}"
                yield Issue(*config.source.where(at), format_path(at), message)


def _live(slots: list[_Slot]) -> list[_Slot]:
    return [s for s in slots if s.trace.status != "removed"]


def _removed(trace: ItemTrace, at: Place) -> ItemTrace:
    return ItemTrace(trace.id, "removed", None, trace.defined, trace.overrides, at)


def _issue(issues: list[Issue], config: LoadedConfig, path: JsonPath, message: str) -> None:
    issues.append(Issue(*config.source.where(path), format_path(path), message))


def _place(place: Place) -> str:
    return f"{place[0]}:{place[1]}"


def _kind(value: Any) -> str:
    if isinstance(value, dict):
        return "a mapping of fields"
    if isinstance(value, list):
        return "a list"
    return f"'{clip(str(value))}'"


def get(data: Any, path: JsonPath) -> Any:
    for key in path:
        data = data.get(key) if isinstance(data, dict) else None
    return data
