"""Translation units: each piece of handbook text that exists once per language.

A language is a folder ``templates/<lang>/`` with a ``catalogue.yaml``. Its units:

- each template file (``sections/purpose.md.j2``): the whole file is one unit;
- each text of each YAML file (``catalogue.yaml#labels.version``,
  ``glossary.yaml#policy_contact``): one unit per string, keyed by its path;
- outside the language folders, each per-language block of any other YAML data file
  (``regulations/eu_gdpr.yaml#clauses.0.text``): a mapping whose keys are all
  language codes and whose values are all texts, as ``{es: …, en: …}``.

Left out: the prose checker's word lists (``lint.yaml``), which are per language by
nature, and variant overlays (``variants/<tag>.yaml``), which adapt one language to a
region rather than translate it. Nothing here knows which files exist: a new data file,
section or language is picked up as it is.
"""

from __future__ import annotations

import hashlib
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import yaml

NOT_TRANSLATED = frozenset({"lint.yaml"})
NOT_TRANSLATED_DIRS = frozenset({"variants", "__pycache__"})


@dataclass(frozen=True)
class Text:
    """One language's text of a unit, and where it is."""

    file: str  # relative to the templates folder: es/catalogue.yaml
    line: int
    sha: str  # the first 16 hex digits of the text's SHA-256
    value: str | None  # the text of a YAML string (None for a whole template file)


Units = dict[str, dict[str, Text]]  # unit id → language → its text


def languages(root: Path) -> tuple[str, ...]:
    return tuple(sorted(p.parent.name for p in root.glob("*/catalogue.yaml")))


def collect(root: Path) -> Units:
    """Every unit of the templates folder ``root``, in every language that has it."""
    langs = languages(root)
    units: Units = {}
    for lang in langs:
        folder = root / lang
        for path in sorted(p for p in folder.rglob("*") if p.is_file()):
            rel = path.relative_to(folder)
            if rel.name in NOT_TRANSLATED or NOT_TRANSLATED_DIRS & set(rel.parts[:-1]):
                continue
            shown = f"{lang}/{rel.as_posix()}"
            if path.suffix in (".yaml", ".yml"):
                for key, line, value in _strings(_compose(path)):
                    units.setdefault(f"{rel.as_posix()}#{key}", {})[lang] = Text(
                        shown, line, sha(value.encode()), value
                    )
            else:
                units.setdefault(rel.as_posix(), {})[lang] = Text(
                    shown, 1, sha(path.read_bytes()), None
                )
    for path in sorted(root.rglob("*.yaml")):
        rel = path.relative_to(root)
        if rel.parts[0] in langs or rel.name in NOT_TRANSLATED:
            continue
        for key, lang, line, value in _blocks(_compose(path), set(langs)):
            units.setdefault(f"{rel.as_posix()}#{key}", {})[lang] = Text(
                rel.as_posix(), line, sha(value.encode()), value
            )
    return units


def sha(data: bytes) -> str:
    return hashlib.sha256(data).hexdigest()[:16]


def _compose(path: Path) -> Any:
    loader = getattr(yaml, "CSafeLoader", yaml.SafeLoader)
    return yaml.compose(path.read_text(encoding="utf-8"), Loader=loader)


def _strings(node: Any, prefix: str = "") -> list[tuple[str, int, str]]:
    """(dotted key, line, text) of every string under ``node``."""
    if isinstance(node, yaml.MappingNode):
        found = []
        for key, value in node.value:
            found += _strings(value, f"{prefix}{key.value}.")
        return found
    if isinstance(node, yaml.SequenceNode):
        return [s for i, v in enumerate(node.value) for s in _strings(v, f"{prefix}{i}.")]
    if isinstance(node, yaml.ScalarNode) and node.tag.endswith(":str"):
        return [(prefix.rstrip("."), node.start_mark.line + 1, str(node.value))]
    return []


def _blocks(node: Any, langs: set[str], prefix: str = "") -> list[tuple[str, str, int, str]]:
    """(dotted key, language, line, text) of every per-language block under ``node``."""
    found: list[tuple[str, str, int, str]] = []
    if isinstance(node, yaml.MappingNode):
        keys = [k.value for k, _ in node.value]
        texts = all(isinstance(v, yaml.ScalarNode) for _, v in node.value)
        if len(keys) >= 2 and set(keys) <= langs and texts:
            return [
                (prefix.rstrip("."), k.value, v.start_mark.line + 1, str(v.value))
                for k, v in node.value
            ]
        for key, value in node.value:
            found += _blocks(value, langs, f"{prefix}{key.value}.")
    elif isinstance(node, yaml.SequenceNode):
        for i, value in enumerate(node.value):
            found += _blocks(value, langs, f"{prefix}{i}.")
    return found
