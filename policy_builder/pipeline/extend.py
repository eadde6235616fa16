"""``policy.extends``: a company's config built on a shared base config.

An adviser keeps what many clients share in a base file (``_base.yaml``: names
starting with ``_`` are skipped when a folder is validated or built) and each
company's config names it in ``policy.extends``. Mappings merge field by field; a
list or a value in the company's file replaces the base's. Bases may extend other
bases. Every value keeps the file and line it came from, so a problem is reported
where it can be fixed.
"""

from __future__ import annotations

import os
from pathlib import Path
from typing import Any, NoReturn

from policy_builder.chars import clip
from policy_builder.errors import InvalidConfigError, os_reason
from policy_builder.models import Issue
from policy_builder.pipeline import inherit
from policy_builder.pipeline.inherit import Copy
from policy_builder.pipeline.read import LoadedConfig, locate, read_config
from policy_builder.pipeline.source_map import ItemTrace, JsonPath, SourceMap

MAX_BASES = 5


def apply_extends(config: LoadedConfig, chain: tuple[Path, ...] = ()) -> LoadedConfig:
    """``config`` merged over the base it extends (and that base's own bases).

    ``chain`` holds the configs that extend ``config``, the company's first.
    """
    policy = config.data.get("policy")
    ref = policy.get("extends") if isinstance(policy, dict) else None
    if not isinstance(ref, str):
        if ref is None and (refused := list(inherit.refused_changes(config))):
            raise InvalidConfigError(refused)
        return config
    here = config.path.resolve()
    root = (chain[0] if chain else here).parent  # every base lives under the company's folder
    try:
        target, found = locate(config.path.parent, ref)
    except (OSError, RuntimeError, ValueError) as exc:  # a link loop, a name too long…
        _fail(config, f"cannot open the base '{clip(ref)}' ({os_reason(exc)})")
    if not target.is_relative_to(root):
        _fail(config, "the base must be inside the config's folder")
    if target == here or target in chain:
        _fail(config, f"'{ref}' extends itself through its bases; remove the loop")
    if len(chain) >= MAX_BASES:
        _fail(config, f"more than {MAX_BASES} bases in a row")
    if not found:
        _fail(config, f"no such base config: {ref}")
    shown = os.path.normpath(os.path.join(os.path.dirname(config.display), ref))
    base = apply_extends(read_config(config.path.parent / ref, shown), (*chain, here))
    data, source, items = _merge(base, config)
    return LoadedConfig(
        config.path,
        config.display,
        config.raw,
        data,
        source,
        bases=(*base.bases, config.path.parent / ref),
        items=items,
    )


def _fail(config: LoadedConfig, message: str) -> NoReturn:
    path = ("policy", "extends")
    raise InvalidConfigError([Issue(*config.source.where(path), "policy.extends", message)])


class _Merge:
    """One level of ``extends``: the child's config over its (merged) base."""

    def __init__(self, base: LoadedConfig, child: LoadedConfig) -> None:
        self.base, self.child = base, child
        self.copies: list[Copy] = []
        self.items: dict[JsonPath, tuple[ItemTrace, ...]] = {}
        self.issues: list[Issue] = []

    def own(self, path: JsonPath, owner: LoadedConfig, subtree: bool) -> None:
        self.copies.append((path, owner, path, subtree))

    def deep(self, old: Any, new: Any, path: JsonPath) -> Any:
        if path in inherit.LISTS and isinstance(new, list):
            self.own(path, self.child, False)
            items, traces, copies = inherit.merge_list(
                path, old, new, self.base, self.child, self.issues
            )
            self.items[path] = traces
            self.copies.extend(copies)
            return items
        if path in inherit.HOLDERS and isinstance(new, dict) and not isinstance(old, dict):
            old = {}  # the child's mapping holds item lists: their changes still apply
        if not (isinstance(old, dict) and isinstance(new, dict)):
            self.own(path, self.child, True)
            return new
        self.own(path, self.child, False)
        merged: dict[str, Any] = {}
        for key in [*old, *(k for k in new if k not in old)]:
            here = (*path, key)
            if key in new and (key in old or here in inherit.LISTS or here in inherit.HOLDERS):
                merged[key] = self.deep(old.get(key), new[key], here)
            elif key in new:
                self.own(here, self.child, True)
                merged[key] = new[key]
            else:
                self.own(here, self.base, True)
                merged[key] = old[key]
        return merged


def _merge(
    base: LoadedConfig, child: LoadedConfig
) -> tuple[Any, SourceMap, dict[JsonPath, tuple[ItemTrace, ...]]]:
    merge = _Merge(base, child)
    data = merge.deep(base.data, child.data, ())
    if merge.issues:
        raise InvalidConfigError(merge.issues)
    for path in inherit.LISTS - merge.items.keys():  # lists the child left to its base
        if isinstance(inherit.get(data, path), list):
            merge.items[path] = inherit.traces_of(path, base)
    source = SourceMap(child.display)
    for prefix, owner, origin_prefix, subtree in merge.copies:
        tables: tuple[tuple[dict[JsonPath, Any], dict[JsonPath, Any]], ...] = (
            (owner.source.values, source.values),
            (owner.source.keys, source.keys),
            (owner.source.text, source.text),
        )
        size = len(origin_prefix)
        for mine, merged in tables:
            for path, value in mine.items():
                if path == origin_prefix or (subtree and path[:size] == origin_prefix):
                    target = (*prefix, *path[size:])
                    merged[target] = value
                    origin = owner.source.origin.get(path, owner.source.file)
                    if origin != child.display:
                        source.origin[target] = origin
                    else:
                        source.origin.pop(target, None)
    order = [x for x in inherit.LIST_ORDER if x in merge.items]
    return data, source, {path: merge.items[path] for path in order}
