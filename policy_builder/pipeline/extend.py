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
from policy_builder.pipeline.read import LoadedConfig, locate, read_config
from policy_builder.pipeline.source_map import JsonPath, SourceMap

MAX_BASES = 5


def apply_extends(config: LoadedConfig, chain: tuple[Path, ...] = ()) -> LoadedConfig:
    """``config`` merged over the base it extends (and that base's own bases).

    ``chain`` holds the configs that extend ``config``, the company's first.
    """
    policy = config.data.get("policy")
    ref = policy.get("extends") if isinstance(policy, dict) else None
    if not isinstance(ref, str):
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
    data, source = _merge(base, config)
    return LoadedConfig(
        config.path,
        config.display,
        config.raw,
        data,
        source,
        bases=(*base.bases, config.path.parent / ref),
    )


def _fail(config: LoadedConfig, message: str) -> NoReturn:
    path = ("policy", "extends")
    raise InvalidConfigError([Issue(*config.source.where(path), "policy.extends", message)])


def _merge(base: LoadedConfig, child: LoadedConfig) -> tuple[Any, SourceMap]:
    owners: list[tuple[JsonPath, LoadedConfig, bool]] = []  # (path, from, whole subtree?)
    data = _deep(base.data, child.data, (), base, child, owners)
    source = SourceMap(child.display)
    for prefix, owner, subtree in owners:
        tables: tuple[tuple[dict[JsonPath, Any], dict[JsonPath, Any]], ...] = (
            (owner.source.values, source.values),
            (owner.source.keys, source.keys),
            (owner.source.text, source.text),
        )
        for mine, merged in tables:
            for path, value in mine.items():
                if path == prefix or (subtree and path[: len(prefix)] == prefix):
                    merged[path] = value
                    origin = owner.source.origin.get(path, owner.source.file)
                    if origin != child.display:
                        source.origin[path] = origin
    return data, source


def _deep(
    old: Any,
    new: Any,
    path: JsonPath,
    base: LoadedConfig,
    child: LoadedConfig,
    owners: list[tuple[JsonPath, LoadedConfig, bool]],
) -> Any:
    if not (isinstance(old, dict) and isinstance(new, dict)):
        owners.append((path, child, True))
        return new
    owners.append((path, child, False))
    merged = {}
    for key in [*old, *(k for k in new if k not in old)]:
        if key in old and key in new:
            merged[key] = _deep(old[key], new[key], (*path, key), base, child, owners)
        elif key in new:
            owners.append(((*path, key), child, True))
            merged[key] = new[key]
        else:
            owners.append(((*path, key), base, True))
            merged[key] = old[key]
    return merged
