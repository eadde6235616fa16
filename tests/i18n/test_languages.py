"""The languages are in step: same sections, same catalogue keys, no empty text."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import pytest
import yaml

from policy_builder import resources
from policy_builder.i18n import catalogue
from policy_builder.registry import SECTION_IDS

TEMPLATES = resources.templates_dir()
LANGS = catalogue.available_languages()


def key_tree(data: Any, prefix: str = "") -> set[str]:
    if isinstance(data, dict):
        return set().union(*(key_tree(v, f"{prefix}{k}.") for k, v in data.items()), {prefix})
    return {prefix}


def leaves(data: Any, prefix: str = "") -> list[tuple[str, Any]]:
    if isinstance(data, dict):
        return [leaf for k, v in data.items() for leaf in leaves(v, f"{prefix}.{k}")]
    return [(prefix, data)]


def test_spanish_and_english_are_bundled() -> None:
    assert {"es", "en"} <= set(LANGS)


@pytest.mark.parametrize("lang", LANGS)
def test_every_section_has_a_template_and_a_title(lang: str) -> None:
    files = {p.name.removesuffix(".md.j2") for p in (TEMPLATES / lang / "sections").glob("*.md.j2")}
    assert files == {*SECTION_IDS, "cover"}
    assert set(catalogue.load(lang)["sections"]) == set(SECTION_IDS)


def test_catalogues_have_the_same_keys() -> None:
    trees = {lang: key_tree(catalogue.load(lang)) for lang in LANGS}
    first = trees[LANGS[0]]
    for lang, tree in trees.items():
        assert tree == first, f"{lang}: {sorted(tree ^ first)}"


@pytest.mark.parametrize("lang", LANGS)
def test_no_empty_text(lang: str) -> None:
    for where, value in leaves(catalogue.load(lang)):
        assert isinstance(value, str) and value.strip(), f"{lang}{where} is empty"
    for path in (TEMPLATES / lang / "sections").glob("*.md.j2"):
        assert path.read_text(encoding="utf-8").strip(), f"{path} is empty"


@pytest.mark.parametrize("lang", LANGS)
def test_vocabulary_matches_the_schema(lang: str) -> None:
    schema_vocab = resources.schema()["$defs"]["vocabulary"]
    cat = catalogue.load(lang)
    for kind, spec in schema_vocab.items():
        if kind != "regulations":  # the catalogue's entries: templates/regulations/
            assert sorted(cat["vocabulary"][kind]) == sorted(spec["enum"]), f"{lang}: {kind}"
    assert set(cat["vocabulary"]) | {"regulations"} == set(schema_vocab)


def test_bundled_regulations_are_the_schemas_ids_with_official_links() -> None:
    files = sorted((TEMPLATES / "regulations").glob("*.yaml"))
    keys = resources.schema()["$defs"]["vocabulary"]["regulations"]["enum"]
    assert sorted(p.stem for p in files) == sorted(keys)
    for path in files:
        entry = yaml.safe_load(path.read_text(encoding="utf-8"))
        assert entry["url"].startswith("https://") and entry["source"].startswith("https://")


def test_section_templates_have_no_heading_of_their_own() -> None:
    for path in Path(TEMPLATES).glob("*/sections/*.md.j2"):
        if path.name != "cover.md.j2":
            text = path.read_text(encoding="utf-8")
            assert not any(line.startswith(("# ", "## ")) for line in text.splitlines()), path
