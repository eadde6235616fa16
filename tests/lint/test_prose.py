"""The handbook's prose: one name per term (the glossary) and clean punctuation."""

from __future__ import annotations

import re
from functools import cache

import pytest
import yaml

from policy_builder import resources
from policy_builder.i18n import catalogue
from policy_builder.pipeline.localize import localize
from policy_builder.pipeline.render import render_handbook
from policy_builder.pipeline.resolve import resolve
from policy_builder.pipeline.validate import load_valid
from tests.conftest import EXAMPLES

TEMPLATES = resources.templates_dir()
LANGS = catalogue.available_languages()
# `g.term` in a template; `{g.term}` in a catalogue string.
TEMPLATE_REF = re.compile(r"\bg\.([A-Za-z_][A-Za-z0-9_]*)")


def raw_glossary(lang: str) -> dict[str, object]:
    data = yaml.safe_load((TEMPLATES / lang / "glossary.yaml").read_text(encoding="utf-8"))
    assert isinstance(data, dict)
    return data


def test_glossaries_have_the_same_keys_and_no_empty_term() -> None:
    glossaries = {lang: raw_glossary(lang) for lang in LANGS}
    first = set(glossaries[LANGS[0]])
    for lang, terms in glossaries.items():
        assert set(terms) == first, f"{lang}: {sorted(set(terms) ^ first)}"
        for key, value in terms.items():
            assert isinstance(value, str) and value.strip(), f"{lang} glossary: {key} is empty"


@pytest.mark.parametrize("lang", LANGS)
def test_every_glossary_reference_exists(lang: str) -> None:
    terms = raw_glossary(lang)
    for path in (TEMPLATES / lang / "sections").glob("*.md.j2"):
        for name in TEMPLATE_REF.findall(path.read_text(encoding="utf-8")):
            assert name in terms, f"{path.name}: g.{name} is not in the {lang} glossary"
    raw = (TEMPLATES / lang / "catalogue.yaml").read_text(encoding="utf-8")
    for name in catalogue.GLOSSARY_REF.findall(raw):
        assert name in terms, f"{lang} catalogue: {{g.{name}}} is not in the glossary"
    assert catalogue.GLOSSARY_REF.findall(raw), "the catalogue should draw on the glossary"


@pytest.mark.parametrize("lang", LANGS)
def test_catalogue_references_are_resolved_on_load(lang: str) -> None:
    cat = catalogue.load(lang)
    terms = catalogue.glossary(lang)
    assert cat["labels"]["document_title"] == terms["policy_title"]

    def strings(value: object) -> list[str]:
        if isinstance(value, dict):
            return [s for v in value.values() for s in strings(v)]
        return [value] if isinstance(value, str) else []

    assert not [s for s in strings(cat) if "{g." in s]


@cache
def handbook(slug: str, lang: str) -> str:
    path = next(p for p in EXAMPLES if p.stem == slug)
    return render_handbook(localize(resolve(load_valid(path)), lang)).markdown


CASES = [(p.stem, lang) for p in EXAMPLES for lang in ("es", "en")]
# Capitalized words that may follow a colon: proper nouns the examples use.
PROPER = re.compile(
    r"(January|February|March|April|May|June|July|August|September|October|November|"
    r"December|English|Spanish|Acme|Banco|Tonalli|Comercial|Finalised|CNMV|FTC|GDPR|RGPD|LOPDGDD)\b"
)


@pytest.mark.parametrize(("slug", "lang"), CASES)
def test_no_doubled_punctuation(slug: str, lang: str) -> None:
    text = handbook(slug, lang)
    for mark in ("..", ",,", " .", " ,"):
        lines = [line for line in text.splitlines() if mark in line and "..." not in line]
        assert not lines, f"{slug} {lang}: {mark!r} in {lines[0]!r}"


@pytest.mark.parametrize(("slug", "lang"), CASES)
def test_no_capital_after_a_colon_in_running_text(slug: str, lang: str) -> None:
    text = handbook(slug, lang)
    for match in re.finditer(r": ([A-ZÁÉÍÓÚÑ]\w*)", text):
        assert PROPER.match(match[1]), (
            f"{slug} {lang}: capital after a colon in "
            f"{text[max(0, match.start() - 60) : match.end() + 20]!r}"
        )


@pytest.mark.parametrize(("slug", "lang"), CASES)
def test_consequences_section_reads_cleanly(slug: str, lang: str) -> None:
    section = handbook(slug, lang).split(
        "Consecuencias del incumplimiento" if lang == "es" else "Consequences of breaches"
    )[1]
    section = section.split("\n## ")[0]
    assert ".." not in section
    assert not re.search(r": [A-ZÁÉÍÓÚ]", section)
