"""Loading the catalogue: the bundled entries, then a project's own folder over them.

Each file is read within a size limit by the safe YAML reader (positions kept), then
checked (``check``); a file with problems adds its issues and no entry. A
``Catalogue`` is cached per folder while its files are unchanged, so a batch of
configs pays for it once.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Mapping
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from policy_builder.errors import InvalidConfigError, TooLargeError, os_reason
from policy_builder.files import read_at_most
from policy_builder.i18n.catalogue import available_languages
from policy_builder.models import Issue
from policy_builder.pipeline.safe_yaml import parse
from policy_builder.pipeline.source_map import SourceMap
from policy_builder.regulations import check
from policy_builder.regulations.entry import Entry, shown
from policy_builder.regulations.paths import bundled_folder, project_folder

MAX_BYTES = 200_000  # a rich entry is ~5 kB


@dataclass(frozen=True)
class Catalogue:
    """Every valid entry by id (a project's over the bundled ones) and every problem."""

    entries: Mapping[str, Entry]
    issues: tuple[Issue, ...] = ()
    project: Path | None = None  # the project folder that was read, when it exists
    files: Mapping[str, str] = field(default_factory=dict)  # id → file, bundled or project

    def ids(self) -> list[str]:
        return sorted(self.entries)

    def get(self, regulation: str) -> Entry | None:
        return self.entries.get(regulation)

    def raise_if_invalid(self) -> None:
        if self.issues:
            raise InvalidConfigError(list(self.issues))


def for_config(config: Path) -> Catalogue:
    """The catalogue a config sees: the bundled entries and its project's folder."""
    return load(project_folder(config))


def load(project: Path | None = None, today: dt.date | None = None) -> Catalogue:
    """The bundled catalogue with ``project``'s entries over it (when the folder exists)."""
    day = today or dt.date.today()
    folders = [bundled_folder(), *([project] if project is not None and project.is_dir() else [])]
    # The templates' languages are part of the key: each entry must be written in all of them.
    key = (day, available_languages(), *(_signature(f) for f in folders))
    if key not in _CACHE:
        if len(_CACHE) > 64:
            _CACHE.clear()
        _CACHE[key] = _load(folders[0], folders[1] if len(folders) > 1 else None, day)
    return _CACHE[key]


_CACHE: dict[tuple[Any, ...], Catalogue] = {}


def _signature(folder: Path) -> tuple[Any, ...]:
    found: list[Any] = [str(folder)]
    for path in _files(folder):
        try:
            info = path.stat()
        except OSError:
            found.append((path.name, None))
            continue
        found.append((path.name, info.st_size, info.st_mtime_ns, info.st_ctime_ns, info.st_ino))
    return tuple(found)


def _files(folder: Path) -> list[Path]:
    try:
        return sorted(p for p in folder.iterdir() if p.suffix in (".yaml", ".yml"))
    except OSError:
        return []


def _load(bundled: Path, project: Path | None, today: dt.date) -> Catalogue:
    entries: dict[str, Entry] = {}
    files: dict[str, str] = {}
    issues: list[Issue] = []
    for folder, is_bundled in ((bundled, True), *(((project, False),) if project else ())):
        seen: dict[str, Entry] = {}
        for path in _files(folder):
            parsed = _read(path, issues)
            if parsed is None:
                continue
            data, source = parsed
            entry, problems = check.entry(path, data, source, bundled=is_bundled, today=today)
            problems += check.against_others(entry, data, source, seen, entries, is_bundled)
            issues += problems
            if entry is not None and not problems:
                seen[entry.id] = entry
                entries[entry.id] = entry
                files[entry.id] = str(path)
    return Catalogue(entries, tuple(sorted(set(issues))), project, files)


def _read(path: Path, issues: list[Issue]) -> tuple[dict[str, Any], SourceMap] | None:
    name = shown(path)
    try:
        raw = read_at_most(path, MAX_BYTES)
    except TooLargeError as exc:
        issues.append(Issue(name, 1, 1, "", f"file is {exc.size:,} bytes; at most {MAX_BYTES:,}"))
        return None
    except (OSError, ValueError) as exc:
        issues.append(Issue(name, 1, 1, "", f"cannot read the file ({os_reason(exc)})"))
        return None
    try:
        return parse(raw, name)
    except InvalidConfigError as exc:
        issues += [
            Issue(
                i.file, i.line, i.column, i.path, i.message.replace("policy config", "regulation")
            )
            for i in exc.issues
        ]
        return None
