"""Regional variants: BCP 47 tags (``es-ES``, ``es-MX``, ``en-US``, ``en-GB``) as small
overlays on a base language's templates, catalogue and glossary.

All of it is data under ``templates/``:

- ``templates/<base>/catalogue.yaml`` names the variant the base folder is written in
  (``variant: es-ES``);
- ``templates/<base>/variants/<tag>.yaml`` is an overlay: ``locale`` (Babel, for dates
  and numbers), ``replace`` (a whole-word, case-preserving word map applied to the base's
  template sources, catalogue strings and glossary entries), ``quotes`` (the variant's
  quotation marks in place of the base's, e.g. ``«»`` → ``“”``) and optional
  ``catalogue`` / ``glossary`` keys deep-merged over the base;
- ``templates/common/variants.yaml`` says which variant a plain ``es`` or ``en`` takes for
  the company's country.

Only template, catalogue and glossary text is rewritten, never a config's own text.
"""

from __future__ import annotations

import re
from collections.abc import Callable, Mapping
from dataclasses import dataclass, field
from functools import cache
from pathlib import Path
from typing import Any

import yaml

from policy_builder import resources
from policy_builder.errors import TemplateError

TAG = re.compile(r"^(?P<base>[a-z]{2})(?:-(?P<region>[A-Z]{2}))?$")
# Never rewritten: Jinja code, {placeholders} in catalogue strings, and URLs.
_PROTECTED = re.compile(
    r"\{\{.*?\}\}|\{%.*?%\}|\{#.*?#\}|\{[A-Za-z_][A-Za-z0-9_]*\}|https?://\S+|mailto:\S+",
    re.DOTALL,
)


def base(lang: str) -> str:
    """``es-MX`` → ``es``; a base code is its own base."""
    return lang.split("-", 1)[0]


def is_base(lang: str) -> bool:
    return "-" not in lang


@dataclass(frozen=True)
class Overlay:
    """One variant's differences from its base language."""

    tag: str
    locale: str | None = None
    replace: tuple[tuple[str, str], ...] = ()
    catalogue: dict[str, Any] = field(default_factory=dict)
    glossary: dict[str, Any] = field(default_factory=dict)
    quotes: tuple[tuple[str, str], ...] = ()

    def rewrite(self, text: str) -> str:
        """``text`` with the word map and the quotation marks applied outside Jinja code,
        placeholders and URLs."""
        if not self.replace and not self.quotes:
            return text
        words = _swapper(self.replace) if self.replace else (lambda s: s)
        marks = str.maketrans(dict(self.quotes))

        def swap(chunk: str) -> str:
            return words(chunk).translate(marks)

        out, pos = [], 0
        for match in _PROTECTED.finditer(text):
            out.append(swap(text[pos : match.start()]))
            out.append(match.group(0))
            pos = match.end()
        out.append(swap(text[pos:]))
        return "".join(out)

    def apply(self, data: Any, overrides: Mapping[str, Any]) -> Any:
        """Every string of ``data`` rewritten, then ``overrides`` deep-merged over it."""
        return deep_merge(_rewrite_strings(data, self.rewrite), overrides)


@cache
def tags() -> dict[str, tuple[str, ...]]:
    """Base language → its variants, the base folder's own variant first."""
    found: dict[str, tuple[str, ...]] = {}
    for catalogue in sorted(resources.templates_dir().glob("*/catalogue.yaml")):
        lang = catalogue.parent.name
        overlays = sorted(p.stem for p in (catalogue.parent / "variants").glob("*.yaml"))
        found[lang] = (own_variant(lang), *(t for t in overlays if t != own_variant(lang)))
    return found


def all_tags() -> tuple[str, ...]:
    return tuple(sorted(t for group in tags().values() for t in group))


@cache
def own_variant(lang: str) -> str:
    """The variant a base folder is written in (its catalogue's ``variant``)."""
    path = resources.templates_dir() / lang / "catalogue.yaml"
    variant = read_mapping(path).get("variant", lang)
    if not isinstance(variant, str) or base(variant) != lang:
        raise TemplateError(f"{path}: 'variant' must be a tag of {lang}, such as {lang}-XX")
    return variant


def for_country(lang: str, country: Any) -> str:
    """The tag a policy's language stands for: itself if a tag, else the country's variant.

    A plain ``es`` in a Mexican company's policy is ``es-MX``; the rule per base language
    is ``templates/common/variants.yaml``, and a base it does not list takes the variant
    its folder is written in.
    """
    if not is_base(lang) or lang not in tags():
        return lang  # a tag as written; a language without templates is validate's to report
    rule = _country_rules().get(lang, {})
    if isinstance(country, str):
        for tag, countries in rule.get("countries", {}).items():
            if country in countries:
                return str(tag)
    return str(rule.get("default", own_variant(lang)))


@cache
def overlay(tag: str) -> Overlay:
    """The overlay of ``tag``; the base folder's own variant has an empty one."""
    lang = base(tag)
    if tag == own_variant(lang):
        return Overlay(tag)
    path = resources.templates_dir() / lang / "variants" / f"{tag}.yaml"
    if not path.is_file():
        raise TemplateError(f"no templates for {tag} (available: {', '.join(all_tags())})")
    data = read_mapping(path)
    replace = data.get("replace") or {}
    if not isinstance(replace, dict) or not all(
        isinstance(k, str) and isinstance(v, str) for k, v in replace.items()
    ):
        raise TemplateError(f"{path}: 'replace' must map words to words")
    quotes = data.get("quotes") or {}
    if not isinstance(quotes, dict) or not all(
        isinstance(k, str) and isinstance(v, str) and len(k) == 1 and len(v) == 1
        for k, v in quotes.items()
    ):
        raise TemplateError(f"{path}: 'quotes' must map one quotation mark to another")
    return Overlay(
        tag,
        data.get("locale"),
        tuple(replace.items()),
        data.get("catalogue") or {},
        data.get("glossary") or {},
        tuple(quotes.items()),
    )


def deep_merge(base_data: Any, overrides: Mapping[str, Any]) -> Any:
    """``overrides`` over ``base_data``, mapping by mapping; anything else replaces."""
    if not isinstance(base_data, dict):
        return overrides
    merged = dict(base_data)
    for key, value in overrides.items():
        if isinstance(value, dict) and isinstance(merged.get(key), dict):
            merged[key] = deep_merge(merged[key], value)
        else:
            merged[key] = value
    return merged


def _rewrite_strings(data: Any, rewrite: Callable[[str], str]) -> Any:
    if isinstance(data, str):
        return rewrite(data)
    if isinstance(data, dict):
        return {k: _rewrite_strings(v, rewrite) for k, v in data.items()}
    if isinstance(data, list):
        return [_rewrite_strings(v, rewrite) for v in data]
    return data


@cache
def _swapper(replace: tuple[tuple[str, str], ...]) -> Callable[[str], str]:
    """One pass over the text, longest phrase first, so no replacement is replaced again.

    Whole words only. A lowercase source word matches in any case and keeps it
    (``Vídeo`` → ``Video``); a source with capitals (``CV``) matches only as written.
    A space in a phrase matches any run of whitespace.
    """
    table = {_norm(src): (src, dst) for src, dst in replace}
    alternation = "|".join(
        re.escape(src).replace(r"\ ", r"\s+") for src in sorted(table, key=lambda s: (-len(s), s))
    )
    pattern = re.compile(rf"(?<!\w)(?:{alternation})(?!\w)", re.IGNORECASE)

    def one(match: re.Match[str]) -> str:
        found = match.group(0)
        src, dst = table[_norm(found)]
        if src != src.lower():
            return dst if " ".join(found.split()) == src else found
        if len(found) > 1 and found.isupper():
            return dst.upper()
        if found[0].isupper():
            return dst[:1].upper() + dst[1:]
        return dst

    return lambda text: pattern.sub(one, text)


def _norm(text: str) -> str:
    return " ".join(text.split()).lower()


@cache
def _country_rules() -> dict[str, Any]:
    path = resources.templates_dir() / "common" / "variants.yaml"
    return read_mapping(path) if path.is_file() else {}


def read_mapping(path: Path) -> dict[str, Any]:
    """A bundled YAML file that must hold a mapping (``TemplateError`` if not)."""
    try:
        # libyaml's safe loader where installed: the same data, ten times faster.
        loader = getattr(yaml, "CSafeLoader", yaml.SafeLoader)
        data = yaml.load(path.read_text(encoding="utf-8"), Loader=loader)
    except (OSError, yaml.YAMLError) as exc:
        raise TemplateError(f"cannot read {path}: {exc}") from None
    if not isinstance(data, dict):
        raise TemplateError(f"{path} is not a mapping")
    return data


def clear_caches() -> None:
    """Forget every loaded overlay (after the templates folder changed, in tests)."""
    for fn in (tags, own_variant, overlay, _swapper, _country_rules):
        fn.cache_clear()
