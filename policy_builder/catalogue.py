"""The per-language catalogues (labels, section titles, vocabulary, regulation
names), glossaries, and the bundled vocabulary keys.

A language exists when ``templates/<lang>/catalogue.yaml`` does, a regional variant
when its overlay ``templates/<lang>/variants/<tag>.yaml`` does (see ``variants``):
adding either needs no code change.
"""

from __future__ import annotations

from functools import cache
from typing import Any

import yaml

from policy_builder import resources, variants


@cache
def available_languages() -> tuple[str, ...]:
    root = resources.templates_dir()
    return tuple(sorted(p.parent.name for p in root.glob("*/catalogue.yaml")))


@cache
def load(lang: str) -> dict[str, Any]:
    """The catalogue of a language (``es``: its folder as written) or a variant
    (``es-MX``: the base catalogue with the variant's overlay applied), parsed once."""
    data = _read(variants.base(lang), "catalogue.yaml")
    if variants.is_base(lang):
        return data
    overlay = variants.overlay(lang)
    merged: dict[str, Any] = overlay.apply(data, overlay.catalogue)
    merged["variant"] = lang
    merged["locale"] = overlay.locale or data["locale"]
    return merged


@cache
def glossary(lang: str) -> dict[str, Any]:
    """``templates/<base>/glossary.yaml`` (terms templates use as ``{{ g.term }}``) with
    the variant's overlay applied; empty when the language has no glossary."""
    path = resources.templates_dir() / variants.base(lang) / "glossary.yaml"
    data = _read(variants.base(lang), "glossary.yaml") if path.is_file() else {}
    if variants.is_base(lang):
        return data
    overlay = variants.overlay(lang)
    merged: dict[str, Any] = overlay.apply(data, overlay.glossary)
    return merged


def _read(lang: str, name: str) -> dict[str, Any]:
    return variants.read_mapping(resources.templates_dir() / lang / name)


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
