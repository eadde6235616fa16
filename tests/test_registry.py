"""The registry (item lists, handbook sections) and semver agree with the JSON Schema.

(That every section has a template and a title in each language is
``tests/i18n/test_languages.py``'s.)
"""

from __future__ import annotations

import re
from collections.abc import Iterator
from typing import Any

import pytest

from policy_builder import resources, semver
from policy_builder.i18n import catalogue
from policy_builder.registry import (
    ITEM_LISTS,
    OPTIONAL_SECTIONS,
    REQUIRED_UNLESS_OMITTED,
    SECTION_IDS,
    ItemList,
)

SCHEMA = resources.schema()
VOCABULARY = "#/$defs/vocabulary/"


def _property(path: tuple[str, ...]) -> dict[str, Any]:
    node: dict[str, Any] = SCHEMA
    for key in path:
        node = node["properties"][key]
    return node


def _vocabulary_lists(
    node: dict[str, Any], path: tuple[str, ...] = ()
) -> Iterator[tuple[str, ...]]:
    """Every array in the schema whose items may be built-in vocabulary keys."""
    if node.get("type") == "array":
        refs = [branch.get("$ref", "") for branch in node.get("items", {}).get("anyOf", [])]
        if any(ref.startswith(VOCABULARY) for ref in refs):
            yield path
    for key, child in node.get("properties", {}).items():
        yield from _vocabulary_lists(child, (*path, key))


@pytest.mark.parametrize("item_list", ITEM_LISTS, ids=lambda x: x.name)
def test_every_list_is_an_array_of_its_vocabulary_or_custom_items(item_list: ItemList) -> None:
    node = _property(item_list.path)
    assert node["type"] == "array"
    refs = [branch.get("$ref") for branch in node["items"]["anyOf"]]
    assert f"{VOCABULARY}{item_list.kind}" in refs
    assert catalogue.vocabulary_keys(item_list.kind)  # the vocabulary has keys
    assert item_list.section in SECTION_IDS


def test_the_registry_lists_every_vocabulary_list_of_the_schema() -> None:
    assert sorted(_vocabulary_lists(SCHEMA)) == sorted(x.path for x in ITEM_LISTS)


def test_the_optional_sections_are_the_ones_a_config_may_omit() -> None:
    omittable = _property(("policy", "omit_sections"))["items"]["enum"]
    assert set(omittable) == OPTIONAL_SECTIONS
    # The order of the enum follows the handbook's.
    assert omittable == [s for s in SECTION_IDS if s in OPTIONAL_SECTIONS]


@pytest.mark.parametrize("field", sorted(REQUIRED_UNLESS_OMITTED))
def test_a_field_required_unless_omitted_is_optional_in_the_schema(field: str) -> None:
    """The schema cannot say "required unless its section is omitted": the rules do."""
    assert field in SCHEMA["properties"]
    assert field not in SCHEMA["required"]
    assert REQUIRED_UNLESS_OMITTED[field] in OPTIONAL_SECTIONS


def test_the_top_level_lists_are_required() -> None:
    top_lists = {x.path[0] for x in ITEM_LISTS if len(x.path) == 1}
    assert top_lists <= set(SCHEMA["required"])


def test_the_starter_config_offers_the_optional_sections() -> None:
    """``policy init``'s template lists the sections a company may omit, and says which
    of them also need their block deleted."""
    template = (resources.templates_dir() / "common" / "init.yaml.j2").read_text(encoding="utf-8")
    block = template.split("# omit_sections:", 1)[1].split("# extends:", 1)[0]
    offered = re.findall(r"#\s+- (\w+)", block)
    assert offered == [s for s in SECTION_IDS if s in OPTIONAL_SECTIONS]
    fields = re.findall(r"delete the `(\w+):` block", block)
    assert fields == list(REQUIRED_UNLESS_OMITTED)


def test_the_schema_reads_a_version_as_semver_does() -> None:
    policy_version = _property(("policy", "version"))["pattern"]
    entry_version = SCHEMA["$defs"]["changelogEntry"]["properties"]["version"]["pattern"]
    assert policy_version == entry_version == semver.PATTERN.pattern
