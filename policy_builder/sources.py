"""Which config files a command works on: files as given, folders' *.yaml, and
the share of them one machine of a sharded build takes (``--shard K/N``)."""

from __future__ import annotations

import hashlib
from collections.abc import Iterable
from pathlib import Path

from policy_builder.errors import UsageError, os_reason
from policy_builder.naming import slug_of

SUFFIXES = (".yaml", ".yml")


def discover(paths: Iterable[Path]) -> list[Path]:
    """Expand folders into their configs (sorted); check that every path exists.

    In a folder, files whose names start with ``_`` are shared bases that configs
    extend, not policies of their own, and are left out.
    """
    found: list[Path] = []
    for path in paths:
        if path.is_dir():
            try:
                configs = sorted(
                    p
                    for p in path.iterdir()
                    if p.suffix in SUFFIXES and p.is_file() and not p.name.startswith("_")
                )
            except OSError as exc:
                raise UsageError(f"{path}: cannot list this folder ({os_reason(exc)})") from None
            if not configs:
                raise UsageError(f"{path}: no .yaml configs in this folder")
            found.extend(configs)
        elif path.is_file():
            found.append(path)
        elif path.exists():
            raise UsageError(f"{path}: not a file or folder")
        else:
            raise UsageError(f"{path}: no such file or folder")
    return list(dict.fromkeys(found))


def in_shard(path: Path, shard: int, shards: int) -> bool:
    """Whether ``path`` belongs to shard ``shard`` of ``shards`` (1 ≤ shard ≤ shards).

    Chosen by the config's slug through a hash, never by its place in a list: adding
    or removing a config never moves another one to a different shard, so a CI
    matrix of ``shards`` jobs builds every config exactly once, whatever the order.
    """
    digest = hashlib.sha256(slug_of(path).encode()).digest()
    return int.from_bytes(digest[:8], "big") % shards == shard - 1


def select(paths: Iterable[Path], shard: tuple[int, int] | None = None) -> list[Path]:
    """The configs ``paths`` name (``discover``), only shard ``K`` of ``N`` if given."""
    configs = discover(paths)
    if shard is None:
        return configs
    return [path for path in configs if in_shard(path, *shard)]
