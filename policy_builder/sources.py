"""Which config files a command works on: files as given, folders' *.yaml."""

from __future__ import annotations

from collections.abc import Iterable
from pathlib import Path

from policy_builder.errors import UsageError, os_reason

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
