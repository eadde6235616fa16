"""Paths into a config (``policy.approvers[0].name``) and where each one sits in its files.

Every stage that reports a problem names the value by its path and locates it with
the ``SourceMap`` the YAML reader recorded, so a message points at the line to fix.
"""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import dataclass, field
from typing import Any, Literal

JsonPath = tuple[str | int, ...]
Place = tuple[str, int, int]  # (file, line, column)
Status = Literal["inherited", "added", "overridden", "removed"]


@dataclass(frozen=True)
class SourceMap:
    """Where each value (and each mapping key) sits, 1-based, and in which file.

    ``origin`` names the file of values inherited through ``extends``; every other
    value comes from ``file``.
    """

    file: str = ""
    values: dict[JsonPath, tuple[int, int]] = field(default_factory=dict)
    keys: dict[JsonPath, tuple[int, int]] = field(default_factory=dict)
    text: dict[JsonPath, str] = field(default_factory=dict)
    origin: dict[JsonPath, str] = field(default_factory=dict)

    def where(self, path: JsonPath, *, key: bool = False) -> tuple[str, int, int]:
        """(file, line, column) of ``path``, or of its nearest ancestor that has one."""
        table = self.keys if key and path in self.keys else self.values
        while path not in table and path:
            path = path[:-1]
            table = self.values
        line, column = table.get(path, (1, 1))
        return self.origin.get(path, self.file), line, column


@dataclass(frozen=True)
class ItemTrace:
    """Where one item of a list merged by id (``extend``) came from and what happened to it.

    ``status`` is seen from the config being read: ``added`` by its own file,
    ``inherited`` from a base untouched, ``overridden`` (some fields given again by a
    later file), ``removed`` (by a later file's ``remove:`` or ``replace: true``).
    """

    id: str | None  # the built-in key or custom id (None: an item without one)
    status: Status
    index: int | None  # its position in the merged list; None once removed
    defined: Place  # where the item was first written
    overrides: tuple[tuple[JsonPath, Place, Place | None], ...] = ()  # (field, given at, was at)
    removed: Place | None = None  # the entry that removed it


def format_path(path: JsonPath) -> str:
    """``('policy', 'approvers', 0, 'name')`` → ``policy.approvers[0].name``."""
    out = ""
    for part in path:
        out += f"[{part}]" if isinstance(part, int) else (f".{part}" if out else str(part))
    return out


def texts(data: Any, path: JsonPath = ()) -> Iterator[tuple[JsonPath, str, bool]]:
    """Every mapping key and every text value in ``data``, with its path.

    The flag says whether the text is a key (its path ends with the key itself).
    Checks on what a config *says* (hidden characters, drawable characters) walk it
    through here.
    """
    if isinstance(data, str):
        yield path, data, False
    elif isinstance(data, dict):
        for key, value in data.items():
            if isinstance(key, str):
                yield (*path, key), key, True
            yield from texts(value, (*path, key))
    elif isinstance(data, list):
        for index, value in enumerate(data):
            yield from texts(value, (*path, index))
