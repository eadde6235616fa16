"""Jurisdiction and sector hints: regulations a policy normally cites and does not.

The rules are data (``hint_rules``: ``templates/common/hints.yaml``). ``warnings``
applies them to a valid config: a rule that applies to the company (its country,
industry, markets, the items it lists) and whose regulations the policy does not
cite gives one warning, located at the config's ``regulations`` and naming the rule,
unless the config acknowledges it under ``hints.acknowledged`` with a reason. An
acknowledgement with nothing left to silence is a warning too (stale), and one that
names no rule is an error: ``problems``, which validation reports with the rest.
Both are pure functions of the config; neither prints.
"""

from __future__ import annotations

import difflib
from collections.abc import Iterator
from dataclasses import dataclass
from typing import Any

from policy_builder.chars import clip, printable
from policy_builder.models import Issue
from policy_builder.pipeline import hint_rules
from policy_builder.pipeline.hint_rules import Condition, Rule
from policy_builder.pipeline.read import LoadedConfig
from policy_builder.pipeline.source_map import JsonPath, format_path

ACKNOWLEDGED: JsonPath = ("hints", "acknowledged")
REGULATIONS: JsonPath = ("regulations",)


@dataclass(frozen=True, order=True)
class Hint:
    """One warning at ``file:line:column``, and the rule that gave it."""

    file: str
    line: int
    column: int
    path: str
    message: str
    rule: str

    def __str__(self) -> str:
        where = f"{self.path}: " if self.path else ""
        return printable(
            f"{self.file}:{self.line}:{self.column}: {where}warning: {self.message} "
            f"(hint {self.rule})"
        )


def problems(config: LoadedConfig) -> Iterator[Issue]:
    """Acknowledgements naming no rule (with a "did you mean"), or a rule twice."""
    entries = _get(config.data, ACKNOWLEDGED)
    if not isinstance(entries, list) or not entries:
        return
    known = hint_rules.ids()
    seen: dict[str, int] = {}
    for i, name in _acknowledged(entries):
        path = (*ACKNOWLEDGED, i, "hint")
        if name not in known:
            close = difflib.get_close_matches(name, known, n=1, cutoff=0.6)
            hint = f" (did you mean '{close[0]}'?)" if close else f" (hints: {', '.join(known)})"
            message = f"there is no hint '{clip(name)}' to acknowledge{hint}"
        elif name in seen:
            message = f"the hint '{name}' is acknowledged twice (first as item {seen[name] + 1})"
        else:
            seen[name] = i
            continue
        yield Issue(*config.source.where(path), format_path(path), message)


def warnings(config: LoadedConfig) -> tuple[Hint, ...]:
    """Every hint for ``config``, in the order of the rules.

    A rule that applies and finds a regulation it expects missing warns at
    ``regulations``, unless acknowledged; an acknowledgement of a rule that does not
    apply, or finds nothing missing, warns at the acknowledgement (stale).
    """
    data = config.data
    cited = _cited(data)
    acknowledged = {name: i for i, name in _acknowledged(_get(data, ACKNOWLEDGED))}
    found: list[Hint] = []
    for rule in hint_rules.rules():
        why = _applies(rule, data)
        missing = _missing(rule, cited)
        at = acknowledged.get(rule.id)
        if at is not None:
            path = (*ACKNOWLEDGED, at, "hint")
            if why is None:
                message = (
                    f"the hint '{rule.id}' does not apply to this company, so its "
                    "acknowledgement is stale; remove it"
                )
            elif not missing:
                message = (
                    f"the policy cites {_and(rule.expects)}, so the hint '{rule.id}' has "
                    "nothing to warn about and its acknowledgement is stale; remove it"
                )
            else:
                continue
            found.append(Hint(*config.source.where(path), format_path(path), message, rule.id))
        elif why is not None and missing:
            where = config.source.where(REGULATIONS, key=True)
            message = f"{_not_cited(rule, missing)} ({', '.join(why)}): {rule.reason}"
            found.append(Hint(*where, format_path(REGULATIONS), message, rule.id))
    return tuple(found)


def _applies(rule: Rule, data: Any) -> list[str] | None:
    """Why ``rule`` applies (``company.country is ES``…), or None when it does not."""
    why = _holds(rule.when, data)
    if why is None or (rule.unless is not None and _holds(rule.unless, data) is not None):
        return None
    return why


def _holds(condition: Condition, data: Any) -> list[str] | None:
    why: list[str] = []
    for field, codes in (("country", condition.country), ("industry", condition.industry)):
        if codes is None:
            continue
        value = _get(data, ("company", field))
        if value not in codes:
            return None
        why.append(f"company.{field} is {value}")
    if condition.listed_on is not None:
        listed = _get(data, ("company", "listed_on"))
        markets = (
            [m for m in listed if m in condition.listed_on] if isinstance(listed, list) else []
        )
        if not markets:
            return None
        why.append(f"company.listed_on includes {', '.join(markets)}")
    for path, keys in condition.lists:
        items = _get(data, path)
        named = (
            [x for x in items if isinstance(x, str) and x in keys]
            if isinstance(items, list)
            else []
        )
        if not named:
            return None
        why.append(f"{'.'.join(path)} lists {', '.join(named)}")
    return why


def _missing(rule: Rule, cited: set[str]) -> tuple[str, ...]:
    """The expected ids not cited: all of them for ``any_of`` when none is."""
    if not rule.every and cited & set(rule.expects):
        return ()
    return tuple(x for x in rule.expects if x not in cited)


def _not_cited(rule: Rule, missing: tuple[str, ...]) -> str:
    if not rule.every:
        return f"cites none of {', '.join(missing)}"
    return f"does not cite {_and(missing)}"


def _cited(data: Any) -> set[str]:
    """The regulation ids the policy cites: bundled keys and custom entries' ids."""
    entries = _get(data, REGULATIONS)
    if not isinstance(entries, list):
        return set()
    ids = (e.get("id") if isinstance(e, dict) else e for e in entries)
    return {x for x in ids if isinstance(x, str)}


def _acknowledged(entries: Any) -> Iterator[tuple[int, str]]:
    """(index, rule id) of each acknowledgement that names one as text."""
    for i, entry in enumerate(entries if isinstance(entries, list) else ()):
        name = entry.get("hint") if isinstance(entry, dict) else None
        if isinstance(name, str):
            yield i, name


def _and(ids: tuple[str, ...]) -> str:
    return ids[0] if len(ids) == 1 else f"{', '.join(ids[:-1])} and {ids[-1]}"


def _get(data: Any, path: JsonPath) -> Any:
    for key in path:
        if not isinstance(data, dict):
            return None
        data = data.get(key)
    return data
