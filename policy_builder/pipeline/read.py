"""Reading files a config names: the config itself, a base it extends, its logo.

Each file is refused before it is read when it is larger than its kind allows, and
a config's bytes go to the safe YAML reader (``safe_yaml``). Reading one config
here never follows ``policy.extends``: that is ``extend``'s, and ``load`` does both.
"""

from __future__ import annotations

import stat
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from policy_builder.errors import TooLargeError, os_reason
from policy_builder.files import read_at_most
from policy_builder.pipeline.safe_yaml import error_at, parse
from policy_builder.pipeline.source_map import ItemTrace, JsonPath, SourceMap

MAX_BYTES = 1_000_000  # a rich policy is ~20 kB; anything near this is not a policy

Config = dict[str, Any]  # a config's data as YAML gives it: the schema says what it holds


@dataclass(frozen=True)
class LoadedConfig:
    """A config's data and where each value came from: what *load* hands the stages."""

    path: Path
    display: str  # the path as the user should read it in messages
    raw: bytes
    data: Config
    source: SourceMap
    bases: tuple[Path, ...] = ()  # the configs it extends, outermost first
    # every item list merged over a base (``extend``): each item's history, in list
    # order, removed items where they stood; empty for a config without ``extends``
    items: dict[JsonPath, tuple[ItemTrace, ...]] = field(default_factory=dict)


def read_config(path: Path, shown: str) -> LoadedConfig:
    """One config file, parsed, without the bases it may extend.

    Raise ``InvalidConfigError`` with positions on failure.
    """
    try:
        raw = read_at_most(path, MAX_BYTES)
    except TooLargeError as exc:
        raise error_at(
            shown, 1, 1, f"file is {exc.size:,} bytes; a config may be at most {MAX_BYTES:,}"
        ) from None
    except (OSError, ValueError) as exc:
        raise error_at(shown, 1, 1, f"cannot read the file ({os_reason(exc)})") from None
    data, source = parse(raw, shown)
    return LoadedConfig(path=path, display=shown, raw=raw, data=data, source=source)


def locate(folder: Path, ref: str) -> tuple[Path, bool]:
    """``folder / ref`` with links resolved, and whether it is a regular file.

    Raise ``OSError``, ``ValueError`` or (Python 3.11, a link loop) ``RuntimeError``
    for a name that cannot be used: a link loop, a name too long, a NUL in it.
    """
    target = (folder / ref).resolve()
    try:
        return target, stat.S_ISREG(target.stat().st_mode)
    except (FileNotFoundError, NotADirectoryError):
        return target, False
