"""The per-language catalogues (labels, section titles, vocabulary), their glossaries and the bundled vocabulary keys.

A language exists when ``templates/<lang>/catalogue.yaml`` does, a regional variant
when its overlay ``templates/<lang>/variants/<tag>.yaml`` does (see ``variants``):
adding either needs no code change. ``templates/<lang>/glossary.yaml`` names every
term the handbook uses (the policy, its owner, the regulations…); a catalogue string
refers to a term as ``{g.term}``, replaced when the catalogue is loaded (after the
variant's overlay), so one thing has one name everywhere.
"""

from __future__ import annotations

import re
from functools import cache
from typing import Any

from policy_builder import resources
from policy_builder.errors import TemplateError
from policy_builder.i18n import variants

GLOSSARY_REF = re.compile(r"\{g\.([A-Za-z_][A-Za-z0-9_]*)\}")


@cache
def available_languages() -> tuple[str, ...]:
    root = resources.templates_dir()
    return tuple(sorted(p.parent.name for p in root.glob("*/catalogue.yaml")))


@cache
def load(lang: str) -> dict[str, Any]:
    """The catalogue of a language (``es``: its folder as written) or a variant
    (``es-MX``: the base catalogue with the variant's overlay applied), with every
    ``{g.term}`` replaced from the glossary of the same variant; parsed once."""
    data = _read(variants.base(lang), "catalogue.yaml")
    if not variants.is_base(lang):
        overlay = variants.overlay(lang)
        data = overlay.apply(data, overlay.catalogue)
        data["variant"] = lang
        data["locale"] = overlay.locale or data["locale"]
    terms = glossary(lang)

    def term(match: re.Match[str]) -> str:
        if match[1] not in terms:
            raise TemplateError(f"the {lang} catalogue uses {match[0]}, not in its glossary")
        return str(terms[match[1]])

    def resolve(value: Any) -> Any:
        if isinstance(value, str):
            return GLOSSARY_REF.sub(term, value)
        if isinstance(value, dict):
            return {k: resolve(v) for k, v in value.items()}
        return value

    resolved: dict[str, Any] = resolve(data)
    return resolved


@cache
def glossary(lang: str) -> dict[str, str]:
    """``templates/<base>/glossary.yaml`` (terms templates use as ``{{ g.term }}``) with
    the variant's overlay applied; empty when the language has no glossary."""
    path = resources.templates_dir() / variants.base(lang) / "glossary.yaml"
    data = _read(variants.base(lang), "glossary.yaml") if path.is_file() else {}
    if not variants.is_base(lang):
        overlay = variants.overlay(lang)
        data = overlay.apply(data, overlay.glossary)
    if not all(isinstance(k, str) and isinstance(v, str) for k, v in data.items()):
        raise TemplateError(f"the {lang} glossary {path} is not a mapping of terms to text")
    return data


def _read(lang: str, name: str) -> dict[str, Any]:
    return variants.read_mapping(resources.templates_dir() / lang / name)


def vocabulary_keys(kind: str) -> list[str]:
    """The built-in keys of one list (``posting_rules``…), as the schema lists them."""
    vocab = resources.schema()["$defs"]["vocabulary"]
    keys: list[str] = vocab.get(kind, {}).get("enum", [])
    return keys
