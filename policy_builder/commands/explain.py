"""``policy explain``: a config resolved over its bases, every value with its file:line.

It answers "why does this subsidiary's policy say that?": each value names the
file and line it came from (the company's own file or a base), and each item of a
list merged by id says whether it was inherited, added, overridden or removed,
and where. ``report.explain`` prints the lines as YAML or JSON.
"""

from __future__ import annotations

import datetime as dt
import difflib
from collections.abc import Iterator
from dataclasses import dataclass, replace
from pathlib import Path
from typing import Any

from policy_builder import resources
from policy_builder.chars import clip
from policy_builder.errors import ExitCode, UsageError
from policy_builder.i18n import catalogue
from policy_builder.pipeline.inherit import item_id
from policy_builder.pipeline.load import load
from policy_builder.pipeline.read import LoadedConfig
from policy_builder.pipeline.source_map import ItemTrace, JsonPath, Place, Status, format_path
from policy_builder.pipeline.validate import load_valid
from policy_builder.registry import ITEM_LISTS


@dataclass(frozen=True)
class Line:
    """One line of the resolved config: a key, a list entry, or both (``- id: x``)."""

    path: JsonPath  # where it sits in the resolved config (a removed item: its id)
    names: tuple[tuple[str, ...], ...]  # per step of the path, the names FIELD may use
    depth: int  # nesting, for the indentation
    key: str | None  # the mapping key the line shows, if any
    item: bool  # the line starts a list entry ("- ")
    value: Any  # a scalar; None for a mapping or list that follows on the next lines
    at: Place | None  # where the value was written
    status: Status | None = None  # for an item of a list merged by id
    was: Place | None = (
        None  # an overridden field: the value it replaced; a removed item: where it was
    )

    @property
    def leaf(self) -> bool:
        return self.value is not None


@dataclass(frozen=True)
class Explanation:
    """The resolved config as lines, narrowed to ``field`` when one was asked for."""

    file: str
    bases: tuple[str, ...]  # the files it extends, outermost first
    field: str | None
    lines: tuple[Line, ...]
    exit_code: ExitCode = ExitCode.OK


def explain(path: Path, field: str | None = None) -> Explanation:
    """``policy explain``: ``InvalidConfigError`` for an invalid config, ``UsageError``
    for a FIELD the config does not have.

    A base (``_name.yaml``) is not a policy on its own: it is explained as far as it
    goes, without checking that it is complete.
    """
    loaded = load(path, str(path)) if path.name.startswith("_") else load_valid(path)
    order = list(resources.schema()["properties"])  # the order the schema documents
    data = dict(sorted(loaded.data.items(), key=lambda kv: _rank(order, kv[0])))
    lines = tuple(_lines(loaded, data, (), (), 0))
    if field:
        lines = _narrow(lines, field, loaded.display)
    bases = tuple(_shown(loaded, base) for base in loaded.bases)
    return Explanation(loaded.display, bases, field, lines)


def _rank(order: list[str], key: str) -> int:
    return order.index(key) if key in order else len(order)


def _shown(loaded: LoadedConfig, base: Path) -> str:
    """A base as the user named it: under the company's folder as shown."""
    return str(Path(loaded.display).parent / base.relative_to(loaded.path.parent))


def _lines(
    config: LoadedConfig,
    value: Any,
    path: JsonPath,
    names: tuple[tuple[str, ...], ...],
    depth: int,
    item: bool = False,
) -> Iterator[Line]:
    """``value`` at ``path``; ``item``: it is a list entry, whose first line is ``- …``."""
    if isinstance(value, dict):
        first = item
        for key, child in value.items():
            here, named = (*path, key), (*names, (str(key),))
            if _scalar(child) or child == [] or child == {}:
                yield Line(here, named, depth, str(key), first, _text(child), _at(config, here))
            else:
                yield Line(
                    here, named, depth, str(key), first, None, config.source.where(here, key=True)
                )
                yield from _entries(config, child, here, named, depth + 1)
            first = False
    elif isinstance(value, list):
        yield from _entries(config, value, path, names, depth)


def _entries(
    config: LoadedConfig,
    value: Any,
    path: JsonPath,
    names: tuple[tuple[str, ...], ...],
    depth: int,
) -> Iterator[Line]:
    if isinstance(value, dict):
        yield from _lines(config, value, path, names, depth)
        return
    traces = config.items.get(path)
    if traces is None:
        traces = tuple(
            ItemTrace(item_id(x), "added", i, config.source.where((*path, i)))
            for i, x in enumerate(value)
        )
        plain = True  # a list not merged by id: no status to show
    else:
        plain = False
    for trace in traces:
        yield from _item(config, value, path, names, depth, trace, plain)


def _item(
    config: LoadedConfig,
    items: list[Any],
    path: JsonPath,
    names: tuple[tuple[str, ...], ...],
    depth: int,
    trace: ItemTrace,
    plain: bool,
) -> Iterator[Line]:
    status = None if plain else trace.status
    ident = trace.id or ""
    if trace.index is None:  # removed: only its id is left to show
        named = (*names, (ident,))
        key = None if _is_key(path, ident) else "id"
        yield Line(
            (*path, ident), named, depth, key, True, ident, trace.removed, status, trace.defined
        )
        return
    here = (*path, trace.index)
    named = (*names, (ident, str(trace.index)) if ident else (str(trace.index),))
    entry = items[trace.index]
    if not isinstance(entry, dict):
        yield Line(here, named, depth, None, True, _text(entry), trace.defined, status)
        return
    lines = list(_lines(config, entry, here, named, depth + 1, item=True))
    overrides = {field: was for field, _given, was in trace.overrides}
    for n, line in enumerate(lines):
        if n == 0:  # the entry's first line stands for the item
            line = replace(line, depth=depth, item=True, at=trace.defined, status=status)
        elif line.path[len(here) :] in overrides:
            line = replace(line, was=overrides[line.path[len(here) :]])
        yield line


def _opens(line: Line) -> bool:
    """The line is a custom item's first (``- id: …``): it stands for the item."""
    return len(line.path) >= 2 and isinstance(line.path[-2], int) and line.key is not None


def _is_key(path: JsonPath, ident: str) -> bool:
    """Whether a removed item was a built-in key (shown bare) rather than a custom item."""
    kind = next((x.kind for x in ITEM_LISTS if x.path == path), None)
    return kind is not None and ident in catalogue.vocabulary_keys(kind)


def _at(config: LoadedConfig, path: JsonPath) -> Place:
    return config.source.where(path)


def _scalar(value: Any) -> bool:
    return not isinstance(value, dict | list)


def _text(value: Any) -> Any:
    """A scalar as the JSON and the text report show it."""
    if isinstance(value, dt.date):
        return value.isoformat()
    if value == [] or value == {}:
        return "[]" if value == [] else "{}"
    return value if value is not None else "null"


def _narrow(lines: tuple[Line, ...], field: str, file: str) -> tuple[Line, ...]:
    """The lines under ``field`` (a dotted path: ``company.country``,
    ``banned_content.political_content``), with the headers above them."""
    steps = field.split(".")
    chosen = list(lines)
    for depth, step in enumerate(steps):
        found = [line for line in chosen if len(line.names) > depth and step in line.names[depth]]
        if not found:
            options = dict.fromkeys(
                name for line in chosen if len(line.names) > depth for name in line.names[depth][:1]
            )
            close = difflib.get_close_matches(step, list(options), n=1, cutoff=0.6)
            where = ".".join(steps[:depth]) or "the config"
            hint = f" (did you mean '{close[0]}'?)" if close else ""
            raise UsageError(f"{file}: {where} has no field '{clip(step)}'{hint}")
        chosen = found
    selected = {format_path(line.path) for line in chosen}
    keep = {line.path[:n] for line in chosen for n in range(1, len(line.path))}
    return tuple(
        line
        for line in lines
        if format_path(line.path) in selected
        or line.path in keep
        or (line.item and _opens(line) and line.path[:-1] in keep)
    )
