"""Run the prose checks on a policy's handbooks, or on a config's own texts."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path
from typing import Any

from policy_builder.lint import (
    Context,
    Finding,
    check_item,
    english_variant,
    lint_markdown,
)
from policy_builder.lint.checks import check_text
from policy_builder.lint.text import excerpt, mid_sentence_capitals
from policy_builder.models import Issue, Item, Policy
from policy_builder.pipeline.read import LoadedConfig
from policy_builder.pipeline.source_map import JsonPath, format_path
from policy_builder.registry import ITEM_LISTS, ItemList

# The lists whose custom items are the company's own prose (regulations only cite a law).
_PROSE_LISTS = tuple(x for x in ITEM_LISTS if x.role != "references")


def lint_file(path: Path, display: str | None = None) -> list[Finding]:
    """Load, validate and lint one config; ``InvalidConfigError`` when it is invalid."""
    from policy_builder.pipeline.resolve import resolve
    from policy_builder.pipeline.validate import load_valid

    loaded = load_valid(path, display)
    return lint_policy(resolve(loaded), loaded.display)


def lint_policy(policy: Policy, display: str) -> list[Finding]:
    """Render each language the policy publishes to Markdown and check it."""
    from policy_builder.pipeline.localize import localize
    from policy_builder.pipeline.render import render_handbook

    found: list[Finding] = []
    for tag in policy.languages:
        hb = localize(policy, tag)
        names = (*_policy_names(policy), *hb.language_names)
        ctx = Context(
            tag,
            english_variant(tag, policy.country),
            tuple(sorted(set(names), key=len, reverse=True)),
        )
        found += lint_markdown(render_handbook(hb).markdown, ctx, display)
        titles = {ref.id: f"{ref.number}. {ref.title}" for ref in hb.sections}
        for where, item in _custom_items(policy):
            problem = check_item(item.text[tag], tag, where.role == "rules")
            if problem:
                section = titles.get(where.section, where.name)
                text = item.text[tag]
                message = f'custom item "{item.id}" {problem}: "{excerpt(text, 0, 0, 60)}"'
                found.append(Finding(display, tag, section, "rule", message))
    return list(dict.fromkeys(found))


def lint_config(loaded: LoadedConfig) -> list[Issue]:
    """The prose checks on a valid config's own texts, as ``file:line:col`` issues.

    Custom items (title, text), changelog summaries and reasons, the listening route
    and the consequences framework, in each language of the policy.
    """
    data = loaded.data
    policy = data.get("policy", {})
    country = str(data.get("company", {}).get("country", ""))
    names = tuple(sorted(set(_config_names(data)), key=len, reverse=True))
    issues: list[Issue] = []
    for tag in policy.get("languages", ()):
        texts = list(_config_texts(data, tag))
        ctx = Context(
            tag, english_variant(tag, country), names, mid_sentence_capitals(t for _, t, _ in texts)
        )
        for path, text, role in texts:
            messages = [
                m for _, m in check_text(text, "heading" if role == "title" else "paragraph", ctx)
            ]
            if role in ("rule", "description"):
                problem = check_item(text, tag, role == "rule")
                if problem:
                    messages.append(f"custom item {problem}")
            file, line, column = loaded.source.where(path)
            issues += [Issue(file, line, column, format_path(path), m) for m in messages]
    return sorted(set(issues))


def _custom_items(policy: Policy) -> Iterator[tuple[ItemList, Item]]:
    for where in _PROSE_LISTS:
        for item in where.read(policy):
            if isinstance(item, Item) and not item.builtin:
                yield where, item


def _policy_names(policy: Policy) -> Iterator[str]:
    yield from (policy.company_name, policy.legal_name, policy.owner.name, policy.contact.name)
    yield from (p.name for p in policy.approvers)
    for contact in (policy.contact, *policy.incidents.contacts):
        yield from (contact.names or {}).values()
    yield from (c.name for c in policy.incidents.contacts)
    for regulation in policy.regulations:
        yield from regulation.title.values()
        yield from (regulation.citation,) if regulation.citation else ()


def _config_names(data: dict[str, Any]) -> Iterator[str]:
    company = data.get("company", {})
    yield from (str(company.get(k, "")) for k in ("name", "legal_name"))
    yield from _names(company.get("contact", {}).get("name", ""))
    policy = data.get("policy", {})
    for person in [policy.get("owner", {}), *policy.get("approvers", ())]:
        if isinstance(person, dict):
            yield str(person.get("name", ""))
    for contact in data.get("incidents", {}).get("contacts", ()):
        if isinstance(contact, dict):
            yield from _names(contact.get("name", ""))
    for regulation in data.get("regulations", ()):
        if isinstance(regulation, dict):
            yield from (str(t) for t in (regulation.get("title") or {}).values())


def _names(name: Any) -> Iterator[str]:
    """A contact's name as written: one text, or a team's name in every language."""
    if isinstance(name, dict):
        yield from (str(n) for n in name.values())
    else:
        yield str(name)


def _config_texts(data: dict[str, Any], tag: str) -> Iterator[tuple[JsonPath, str, str]]:
    """(path, text, role) of each of the config's own texts in ``tag``."""
    for where in _PROSE_LISTS:
        container: Any = data
        for key in where.path:
            container = container.get(key, {}) if isinstance(container, dict) else {}
        if not isinstance(container, list):
            continue
        base: JsonPath = where.path
        role = "rule" if where.role == "rules" else "description"
        for index, item in enumerate(container):
            if not isinstance(item, dict):
                continue
            for field, field_role in (("title", "title"), ("text", role)):
                value = (item.get(field) or {}).get(tag)
                if isinstance(value, str):
                    yield (*base, index, field, tag), value, field_role
    for index, entry in enumerate(data.get("changelog", ())):
        for field in ("summary", "reason"):
            value = ((entry or {}).get(field) or {}).get(tag)
            if isinstance(value, str):
                yield ("changelog", index, field, tag), value, "prose"
    for path in (("customer_listening", "route"), ("consequences", "framework")):
        value = (data.get(path[0], {}) or {}).get(path[1], {}) or {}
        if isinstance(value, dict) and isinstance(value.get(tag), str):
            yield (*path, tag), value[tag], "prose"
