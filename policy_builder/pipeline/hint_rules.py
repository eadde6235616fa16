"""The hint rules as data: ``templates/common/hints.yaml``, read and checked once.

Each rule says when it applies (the company's country, industry, markets, items it
lists) and which regulation ids a policy it applies to normally cites. The file's
shape is ``schemas/hints.schema.json``; what a schema cannot say (unique ids, known
groups, industries, lists and keys) is checked here too, so a broken rules file
stops with its line instead of giving wrong hints. ``hints`` applies the rules.
"""

from __future__ import annotations

import json
from dataclasses import dataclass
from functools import cache
from typing import Any, NoReturn

from policy_builder import resources
from policy_builder.errors import InvalidConfigError, TemplateError
from policy_builder.i18n import catalogue
from policy_builder.pipeline.safe_yaml import parse
from policy_builder.pipeline.source_map import JsonPath, SourceMap, format_path
from policy_builder.registry import ITEM_LISTS

FILE = ("common", "hints.yaml")
SCHEMA = "hints.schema.json"
KINDS = ("country", "industry", "listed_on", "lists")  # a condition's keys, in message order


@dataclass(frozen=True)
class Condition:
    """Every field given must hold (``lists``: the list names one of the keys)."""

    country: frozenset[str] | None = None
    industry: frozenset[str] | None = None
    listed_on: frozenset[str] | None = None
    lists: tuple[tuple[tuple[str, ...], frozenset[str]], ...] = ()


@dataclass(frozen=True)
class Rule:
    id: str
    when: Condition
    unless: Condition | None
    expects: tuple[str, ...]
    every: bool  # all_of (True) or any_of (False)
    reason: str


@cache
def rules() -> tuple[Rule, ...]:
    """The bundled rules, in the file's order; ``TemplateError`` if the file is broken."""
    path = resources.templates_dir().joinpath(*FILE)
    shown = "/".join(("templates", *FILE))
    try:
        data, source = parse(path.read_bytes(), shown)
    except OSError as exc:
        raise TemplateError(f"cannot read {shown} ({exc.strerror})") from None
    except InvalidConfigError as exc:
        raise TemplateError(str(exc.issues[0])) from None
    _check_shape(data, source)
    groups: dict[str, frozenset[str]] = {
        name: frozenset(codes) for name, codes in data.get("groups", {}).items()
    }
    found: list[Rule] = []
    for i, raw in enumerate(data["rules"]):
        at = ("rules", i)
        if raw["id"] in (r.id for r in found):
            _fail(source, (*at, "id"), f"the rule id '{raw['id']}' is used twice")
        every = "all_of" in raw["expects"]
        found.append(
            Rule(
                id=raw["id"],
                when=_condition(raw["when"], groups, source, (*at, "when")),
                unless=_condition(raw["unless"], groups, source, (*at, "unless"))
                if "unless" in raw
                else None,
                expects=tuple(raw["expects"]["all_of" if every else "any_of"]),
                every=every,
                reason=" ".join(raw["reason"].split()),
            )
        )
    return tuple(found)


def ids() -> list[str]:
    """Every rule's id, as a config's acknowledgement names it."""
    return [rule.id for rule in rules()]


def _condition(
    raw: dict[str, Any], groups: dict[str, frozenset[str]], source: SourceMap, at: JsonPath
) -> Condition:
    def places(kind: str) -> frozenset[str] | None:
        if kind not in raw:
            return None
        codes: set[str] = set()
        for j, code in enumerate(raw[kind]):
            if len(code) > 2 and code not in groups:
                _fail(source, (*at, kind, j), f"no group '{code}' under groups")
            codes |= groups.get(code, {code})
        return frozenset(codes)

    industries = set(_industries())
    for j, code in enumerate(raw.get("industry", [])):
        if code not in industries:
            _fail(source, (*at, "industry", j), f"'{code}' is not a company.industry code")
    lists: list[tuple[tuple[str, ...], frozenset[str]]] = []
    for name, keys in raw.get("lists", {}).items():
        item_list = next((x for x in ITEM_LISTS if x.name == name), None)
        if item_list is None:
            _fail(source, (*at, "lists", name), f"'{name}' is not a list of a policy")
        known = set(catalogue.vocabulary_keys(item_list.kind))
        for j, key in enumerate(keys):
            if key not in known:
                _fail(source, (*at, "lists", name, j), f"'{key}' is not a built-in key of {name}")
        lists.append((item_list.path, frozenset(keys)))
    industry = frozenset(raw["industry"]) if "industry" in raw else None
    return Condition(places("country"), industry, places("listed_on"), tuple(lists))


def _industries() -> list[str]:
    company = resources.schema()["properties"]["company"]["properties"]
    codes: list[str] = company.get("industry", {}).get("enum", [])
    return codes


def _check_shape(data: Any, source: SourceMap) -> None:
    from jsonschema import Draft202012Validator

    schema = json.loads((resources.data_dir("schemas") / SCHEMA).read_text(encoding="utf-8"))
    errors = list(Draft202012Validator(schema).iter_errors(data))
    if errors:  # the first in the file
        first = min(errors, key=lambda e: source.where(tuple(e.absolute_path))[1:])
        _fail(source, tuple(first.absolute_path), first.message)


def _fail(source: SourceMap, path: JsonPath, message: str) -> NoReturn:
    file, line, column = source.where(path)
    where = f"{format_path(path)}: " if path else ""
    raise TemplateError(f"{file}:{line}:{column}: {where}{message}")
