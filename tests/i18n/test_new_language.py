"""Adding a language is adding data: Portuguese from a fixture folder passes the
translation check once confirmed, and a handbook builds in it."""

from __future__ import annotations

import json
import shutil
from pathlib import Path
from typing import Any

import docx
import yaml
from typer.testing import CliRunner

from policy_builder.cli import app
from policy_builder.commands.build import build
from policy_builder.regulations.catalogue import load
from tests.conftest import CASES, clear_template_caches

FIXTURE = CASES / "new_language"


def run(*args: str) -> tuple[int, str, str]:
    result = CliRunner().invoke(app, list(args))
    return result.exit_code, result.stdout, result.stderr


def add_language(blocks: Any, texts: Any, lang: str) -> None:
    """Put ``lang``'s texts (``texts``, shaped like the file) into each per-language
    mapping of ``blocks``, a regulation file as loaded."""
    if isinstance(texts, dict):
        for key, text in texts.items():
            if isinstance(text, str):
                assert isinstance(blocks[key], dict), key  # a per-language block
                blocks[key][lang] = text
            else:
                add_language(blocks[key], text, lang)
    else:
        assert len(texts) == len(blocks)
        for block, text in zip(blocks, texts, strict=True):
            add_language(block, text, lang)


def add_portuguese(templates: Path) -> None:
    """The fixture's language folder, and its texts in every regulation file."""
    shutil.copytree(FIXTURE / "pt", templates / "pt")
    add_regulation_texts(templates)


def add_regulation_texts(templates: Path) -> None:
    """The fixture's texts of each regulation, merged into the file's per-language blocks."""
    files = sorted((templates / "regulations").glob("*.yaml"))
    assert {f"{f.stem}.pt.yaml" for f in files} == {
        f.name for f in (FIXTURE / "regulations").iterdir()
    }
    for path in files:
        data = yaml.safe_load(path.read_text(encoding="utf-8"))
        fixture = FIXTURE / "regulations" / f"{path.stem}.pt.yaml"
        texts = yaml.safe_load(fixture.read_text(encoding="utf-8"))
        add_language(data, texts, "pt")
        path.write_text(yaml.safe_dump(data, allow_unicode=True, sort_keys=False), "utf-8")
    clear_template_caches()


def test_a_third_language_from_a_fixture_folder(templates_copy: Path, tmp_path: Path) -> None:
    add_portuguese(templates_copy)

    # In step with Spanish and English at once, but not yet confirmed.
    code, out, _ = run("i18n", "check")
    problems = out.splitlines()[:-1]
    assert code == 1 and problems
    assert all("never confirmed in pt" in line for line in problems), problems[:3]
    assert out.splitlines()[-1].endswith("units (en, es, pt)")
    assert run("i18n", "confirm", "pt")[0] == 0
    code, out, _ = run("i18n", "check")
    assert code == 0, out

    config = tmp_path / "minima.yaml"
    shutil.copy(FIXTURE / "minimal-pt.yaml", config)
    result = build(config, out_dir=tmp_path / "out", formats=("md", "html", "docx"))
    manifest = json.loads((result.directory / "manifest.json").read_text())
    assert manifest["languages"] == ["pt-PT", "en-GB"]  # Portugal: British English
    markdown = (result.directory / "minima-social-media-policy.pt-PT.md").read_text()
    assert markdown.startswith("# Política de Redes Sociais\n")
    assert "## 1. Objetivo e âmbito" in markdown
    assert "| Data de entrada em vigor | 1 de junho de 2026 |" in markdown
    assert "no prazo de 10 dias a contar da data de início de funções" in markdown
    # The regulation's own file speaks Portuguese too, glossary names included.
    assert "Regulamento Geral sobre a Proteção de Dados (RGPD)" in markdown
    assert "gozam de proteção reforçada. Nunca os publique" in markdown
    html = (result.directory / "minima-social-media-policy.pt-PT.html").read_text()
    assert '<html lang="pt-PT">' in html
    word = docx.Document(str(result.directory / "minima-social-media-policy.pt-PT.docx"))
    assert word.core_properties.language == "pt-PT"
    assert word.paragraphs[0].text == "Política de Redes Sociais"


def test_a_missing_translation_in_the_new_language_is_named(templates_copy: Path) -> None:
    add_portuguese(templates_copy)
    (templates_copy / "pt" / "sections" / "security.md.j2").unlink()
    catalogue = templates_copy / "pt" / "catalogue.yaml"
    text = catalogue.read_text(encoding="utf-8")
    catalogue.write_text(text.replace('  table: "Quadro"\n', ""), encoding="utf-8")
    clear_template_caches()
    out = run("i18n", "check")[1]
    assert (
        f"{templates_copy}/pt/sections/security.md.j2:1: sections/security.md.j2: missing in pt"
        in out
    )
    assert (
        f"{templates_copy}/pt/catalogue.yaml:1: catalogue.yaml#labels.table: missing in pt" in out
    )


def test_a_regulation_file_needs_the_new_language_too(templates_copy: Path) -> None:
    assert load(None).issues == ()
    shutil.copytree(FIXTURE / "pt", templates_copy / "pt")  # the folder, not the texts
    clear_template_caches()
    catalogue = load(None)
    assert catalogue.ids() == []
    gdpr = [f"{i.file}:{i.line}: {i.path}: {i.message}" for i in catalogue.issues]
    gdpr = [line for line in gdpr if "eu_gdpr.yaml" in line]
    assert gdpr[0].endswith(
        "eu_gdpr.yaml:11: name.pt: missing the 'pt' text (every entry is written in en, es, pt)"
    ), gdpr
    assert len(gdpr) == 5  # name, description and the three clauses
    add_regulation_texts(templates_copy)
    catalogue = load(None)
    assert catalogue.issues == () and len(catalogue.ids()) == 10
    entry = catalogue.get("mx_lfpdppp")
    assert entry is not None and entry.clauses[0].article["pt"] == "Princípios e deveres"
