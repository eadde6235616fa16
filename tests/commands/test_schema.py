"""The schema editors use: titled, described, closed."""

from __future__ import annotations

import json
from collections.abc import Iterator
from typing import Any

from jsonschema import Draft202012Validator

from policy_builder import resources
from tests.conftest import EXAMPLES


def properties(node: Any, path: str = "") -> Iterator[tuple[str, dict[str, Any]]]:
    if isinstance(node, dict):
        for name, sub in node.get("properties", {}).items():
            yield f"{path}.{name}", sub
        for key, sub in node.items():
            yield from properties(sub, f"{path}/{key}")
    elif isinstance(node, list):
        for i, sub in enumerate(node):
            yield from properties(sub, f"{path}[{i}]")


def test_schema_is_valid_draft_2020_12() -> None:
    schema = resources.schema()
    assert schema["$schema"] == "https://json-schema.org/draft/2020-12/schema"
    Draft202012Validator.check_schema(schema)


def test_every_property_has_a_title_and_a_description() -> None:
    missing = [
        path
        for path, sub in properties(resources.schema())
        if not sub.get("title") or not sub.get("description")
    ]
    assert missing == []


def test_every_object_rejects_unknown_keys() -> None:
    def objects(node: Any) -> Iterator[dict[str, Any]]:
        if isinstance(node, dict):
            if "properties" in node:
                yield node
            for sub in node.values():
                yield from objects(sub)
        elif isinstance(node, list):
            for sub in node:
                yield from objects(sub)

    assert all(o.get("additionalProperties") is False for o in objects(resources.schema()))


def test_examples_point_editors_at_the_schema() -> None:
    for path in EXAMPLES:
        first = path.read_text(encoding="utf-8").splitlines()[0]
        assert first == "# yaml-language-server: $schema=../schemas/policy.schema.json"
        assert (path.parent / "../schemas/policy.schema.json").resolve() == resources.schema_path()


def test_schema_file_is_pretty_json() -> None:
    text = resources.schema_path().read_text(encoding="utf-8")
    assert json.loads(text) == resources.schema()
