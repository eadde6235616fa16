"""Stage 2: check a loaded config against the JSON Schema and the semantic rules.

Every problem is collected and located at ``file:line:col``; nothing stops at the
first one. Schema errors are translated into the words a compliance officer uses.
"""

from __future__ import annotations

import copy
import difflib
import unicodedata
from collections.abc import Iterator
from functools import cache
from pathlib import Path
from typing import Any

from jsonschema import Draft202012Validator, FormatChecker, ValidationError

from policy_builder import resources
from policy_builder.chars import clip, describe, is_hidden
from policy_builder.errors import InvalidConfigError
from policy_builder.i18n import variants
from policy_builder.models import Issue
from policy_builder.pipeline import drawable, hints, rules
from policy_builder.pipeline.load import load
from policy_builder.pipeline.read import LoadedConfig
from policy_builder.pipeline.source_map import JsonPath, format_path, texts
from policy_builder.regulations.catalogue import for_config

DEFAULT_LANGUAGES = ("es", "en")
# Texts given per language that may run to paragraphs: a line break or a tab is
# allowed there (it renders as a space). Every other text is one line.
PROSE = frozenset({"text", "summary", "reason", "route"})

_TYPE_WORDS = {
    "string": "text",
    "integer": "a whole number",
    "number": "a number",
    "array": "a list",
    "object": "a mapping of fields",
    "boolean": "true or false",
    "null": "nothing",
}


def validate(config: LoadedConfig) -> list[Issue]:
    """Every problem in ``config``, sorted by position; empty when it is valid."""
    data = config.data
    languages = declared_languages(data)
    found = for_config(config.path)  # bundled + the project's regulations/
    issues = {
        Issue(*config.source.where(path, key=at_key), format_path(path), message)
        for error in _validator(languages, tuple(found.ids())).iter_errors(data)
        for path, message, at_key in _describe(error, config, languages)
    }
    issues.update(rules.check(config, languages))
    issues.update(drawable.check(config))
    issues.update(hints.problems(config))  # an acknowledgement naming no hint
    issues.update(_hidden_characters(config))
    issues.update(found.issues)  # a broken catalogue entry stops every config of the project
    return sorted(issues)


def _hidden_characters(config: LoadedConfig) -> Iterator[Issue]:
    """Control and invisible characters in any key or value, after YAML escapes."""
    for path, text, is_key in texts(config.data):
        prose = not is_key and len(path) >= 2 and path[-2] in PROSE and isinstance(path[-1], str)
        if message := _hidden_problem(text, one_line=not prose):
            yield Issue(*config.source.where(path, key=is_key), format_path(path), message)


def _hidden_problem(text: str, *, one_line: bool) -> str | None:
    if text.isprintable():
        return None
    found = [c for c in dict.fromkeys(text) if is_hidden(c) and (one_line or c not in "\n\t")]
    if not found:
        return None
    char = found[0]
    if char in "\n\t":
        what = "a line break" if char == "\n" else "a tab"
        why = f"{what}, and this field is one line of text; remove it"
    elif unicodedata.category(char) == "Cf":
        why = "an invisible character that changes how the text reads; remove it"
    elif unicodedata.category(char) == "Cs":
        why = "half of a surrogate pair, which is not a character; remove it"
    elif unicodedata.category(char) in ("Zl", "Zp"):
        why = "a line break that some viewers show and others do not; remove it"
    else:
        why = "a control character, which terminals act on instead of showing; remove it"
    more = len(found) - 1
    also = f" (and {more} more such character{'s' if more > 1 else ''})" if more else ""
    return f"contains {describe(char)}, {why}{also}"


def declared_languages(data: Any) -> tuple[str, ...]:
    """The policy's languages as codes (``es-MX`` → ``es``): what its texts are keyed by.

    The default when absent or malformed.
    """
    return tuple(dict.fromkeys(variants.base(lang) for lang in declared_tags(data)))


def declared_tags(data: Any) -> tuple[str, ...]:
    """The policy's languages as written (``es``, ``es-MX``), or the default."""
    policy = data.get("policy") if isinstance(data, dict) else None
    langs = policy.get("languages") if isinstance(policy, dict) else None
    if isinstance(langs, list) and langs and all(isinstance(x, str) for x in langs):
        return tuple(dict.fromkeys(langs))
    return DEFAULT_LANGUAGES


@cache
def _validator(languages: tuple[str, ...], regulation_ids: tuple[str, ...]) -> Draft202012Validator:
    """The schema's validator for a policy in ``languages``, built once per process.

    A validator is stateless between ``iter_errors`` calls; keeping it keeps the
    references it has resolved, so a batch of configs pays for the schema once.
    """
    # Every text the policy gives per language must come in exactly its languages:
    # narrowing the schema's localText per config lets the schema report it in place.
    schema = copy.deepcopy(resources.schema())
    local = schema["$defs"]["localText"]
    local["required"] = list(languages)
    local["propertyNames"] = {"enum": list(languages), "x-languages": True}
    # The ids a config may cite: the bundled catalogue and its project's own entries.
    schema["$defs"]["vocabulary"]["regulations"]["enum"] = list(regulation_ids)
    return Draft202012Validator(schema, format_checker=FormatChecker())


def _describe(
    error: ValidationError, config: LoadedConfig, languages: tuple[str, ...]
) -> Iterator[tuple[JsonPath, str, bool]]:
    """(path, message, locate-at-key) for one schema error."""
    path: JsonPath = tuple(error.absolute_path)
    schema, instance, kind = error.schema, error.instance, error.validator
    if kind == "required":
        for name in error.validator_value:
            if isinstance(instance, dict) and name not in instance:
                yield (*path, name), _missing(schema, name, languages), False
        return
    if kind == "additionalProperties":
        allowed = list(schema.get("properties", {}))
        for name in instance:
            if name not in allowed:
                hint = _did_you_mean(name, allowed)
                yield (*path, name), f"unknown field '{clip(name)}'{hint}", True
        return
    if "propertyNames" in error.relative_schema_path:
        said = ", ".join(languages)
        message = (
            f"text in '{instance}', a language this policy does not declare (languages: {said})"
        )
        if isinstance(instance, str) and variants.base(instance) in languages:
            message = (
                f"texts are keyed by language, not by variant: write '{variants.base(instance)}' "
                f"instead of '{instance}'"
            )
        yield (*path, instance), message, True
        return
    if kind == "anyOf":
        yield from _describe_item(error, config, languages)
        return
    yield path, _message(error, config.source.text.get(path)), False


def _missing(schema: dict[str, Any], name: str, languages: tuple[str, ...]) -> str:
    if "x-message" in schema and name in languages:
        return f"missing the '{name}' text (the policy is published in {', '.join(languages)})"
    title = schema.get("properties", {}).get(name, {}).get("title", "")
    said = title and title.lower() != name.replace("_", " ")
    return f"missing required field '{name}'" + (f" ({title})" if said else "")


def _describe_item(
    error: ValidationError, config: LoadedConfig, languages: tuple[str, ...]
) -> Iterator[tuple[JsonPath, str, bool]]:
    """A list item that may be a built-in key (text) or a custom entry (mapping)."""
    path: JsonPath = tuple(error.absolute_path)
    instance = error.instance
    if isinstance(instance, str):
        keys: list[str] = next(
            (list(e.validator_value) for e in error.context or () if e.validator == "enum"), []
        )
        hint = _did_you_mean(instance, keys) or "; write a custom item as {id: …, text: {…}}"
        yield path, f"'{clip(instance)}' is not a built-in key for this list{hint}", False
        return
    if isinstance(instance, dict):
        # Report what is wrong with the custom-entry branch, the one the author meant.
        for sub in error.context or ():
            if sub.validator not in ("enum", "type") or sub.absolute_path != error.absolute_path:
                yield from _describe(sub, config, languages)
        return
    got = _type_name(instance)
    yield path, f"expected a built-in key or a custom item {{id: …, text: {{…}}}}, got {got}", False


def _message(error: ValidationError, text: str | None) -> str:
    schema, instance, kind = error.schema, error.instance, error.validator
    shown = f"'{clip(str(text if text is not None else instance))}'"
    if "x-message" in schema and kind in ("type", "pattern", "format", "minProperties"):
        prefix = f"{shown} " if not isinstance(instance, dict | list) else ""
        return prefix + str(schema["x-message"])
    if kind == "type":
        expected = error.validator_value
        return f"expected {_TYPE_WORDS.get(expected, expected)}, got {_type_name(instance)}"
    if kind == "enum":
        options = [str(v) for v in error.validator_value]
        hint = _did_you_mean(str(instance), options) or f" (allowed: {', '.join(options)})"
        return f"{shown} is not an allowed value{hint}"
    if kind in ("minLength", "pattern") and isinstance(instance, str) and not instance.strip():
        return "must not be empty"
    if kind == "minItems":
        return (
            "must list at least one item"
            if error.validator_value == 1
            else (f"must list at least {error.validator_value} items")
        )
    if kind == "maxLength":
        return f"is too long ({len(instance)} characters; at most {error.validator_value})"
    if kind == "minimum":
        return f"must be at least {error.validator_value} (got {instance})"
    if kind == "maximum":
        return f"must be at most {error.validator_value} (got {instance})"
    if kind == "uniqueItems":
        return "lists the same value more than once"
    return str(error.message)


def _type_name(value: Any) -> str:
    if isinstance(value, bool):
        return f"{str(value).lower()} (true/false)"
    if isinstance(value, int | float):
        return f"a number ({value})"
    if value is None:
        return "nothing (an empty value)"
    if isinstance(value, list):
        return "a list"
    if isinstance(value, dict):
        return "a mapping of fields"
    return f"text ('{clip(str(value))}')"


def _did_you_mean(word: str, options: list[str]) -> str:
    close = difflib.get_close_matches(word, options, n=1, cutoff=0.6)
    return f" (did you mean '{close[0]}'?)" if close else ""


def load_valid(path: Path, display: str | None = None) -> LoadedConfig:
    """Load and validate, raising ``InvalidConfigError`` with every problem."""
    loaded = load(path, display or str(path))
    issues = validate(loaded)
    if issues:
        raise InvalidConfigError(issues)
    return loaded
