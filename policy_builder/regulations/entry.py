"""One catalogue entry as its file says it (texts not yet localized), and how a
catalogue file is named in messages."""

from __future__ import annotations

import datetime as dt
import os
from collections.abc import Mapping
from dataclasses import dataclass
from pathlib import Path


@dataclass(frozen=True)
class Clause:
    """One article the handbook includes: its reference and text, per language."""

    article: Mapping[str, str]
    text: Mapping[str, str]


@dataclass(frozen=True)
class Entry:
    """One regulation of the catalogue, as its file says (texts not yet localized)."""

    id: str
    file: str  # the path as messages show it
    bundled: bool
    jurisdictions: tuple[str, ...]
    sectors: tuple[str, ...]
    authority: str
    citation: str
    url: str
    source: str
    as_of: dt.date
    name: Mapping[str, str]
    description: Mapping[str, str]
    clauses: tuple[Clause, ...]
    line: int = 1  # where its id sits
    column: int = 1


def shown(path: Path) -> str:
    """A catalogue file as messages name it: relative to the current folder when inside it."""
    absolute = Path(os.path.abspath(path))
    try:
        return str(absolute.relative_to(Path.cwd()))
    except ValueError:
        return str(absolute)
