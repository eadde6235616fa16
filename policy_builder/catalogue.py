"""The per-language catalogues (labels, section titles, vocabulary, regulation
names) and the bundled vocabulary keys.

A language exists when ``templates/<lang>/catalogue.yaml`` does: adding one needs
no code change.
"""

from __future__ import annotations

from functools import cache
from typing import Any

import yaml

from policy_builder import resources
from policy_builder.errors import TemplateError


@cache
def available_languages() -> tuple[str, ...]:
    root = resources.templates_dir()
    return tuple(sorted(p.parent.name for p in root.glob("*/catalogue.yaml")))


@cache
def load(lang: str) -> dict[str, Any]:
    """``templates/<lang>/catalogue.yaml``, parsed once."""
    path = resources.templates_dir() / lang / "catalogue.yaml"
    try:
        data = yaml.safe_load(path.read_text(encoding="utf-8"))
    except (OSError, yaml.YAMLError) as exc:
        raise TemplateError(f"cannot read the {lang} catalogue {path}: {exc}") from None
    if not isinstance(data, dict):
        raise TemplateError(f"the {lang} catalogue {path} is not a mapping")
    return data


@cache
def regulation_facts() -> dict[str, dict[str, Any]]:
    """Language-neutral facts (official links) about the bundled regulations."""
    path = resources.templates_dir() / "common" / "regulations.yaml"
    data: dict[str, dict[str, Any]] = yaml.safe_load(path.read_text(encoding="utf-8"))
    return data


def vocabulary_keys(kind: str) -> list[str]:
    """The built-in keys of one list (``posting_rules``…), as the schema lists them."""
    vocab = resources.schema()["$defs"]["vocabulary"]
    keys: list[str] = vocab.get(kind, {}).get("enum", [])
    return keys
