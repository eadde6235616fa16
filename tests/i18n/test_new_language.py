"""Adding a language is adding data: Portuguese from a fixture folder passes the
translation check once confirmed, and a handbook builds in it."""

from __future__ import annotations

import json
import shutil
from pathlib import Path

import docx
from typer.testing import CliRunner

from policy_builder.cli import app
from policy_builder.commands.build import build
from tests.conftest import CASES, clear_template_caches

FIXTURE = CASES / "new_language"


def run(*args: str) -> tuple[int, str, str]:
    result = CliRunner().invoke(app, list(args))
    return result.exit_code, result.stdout, result.stderr


def test_a_third_language_from_a_fixture_folder(templates_copy: Path, tmp_path: Path) -> None:
    shutil.copytree(FIXTURE / "pt", templates_copy / "pt")
    clear_template_caches()

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
    html = (result.directory / "minima-social-media-policy.pt-PT.html").read_text()
    assert '<html lang="pt-PT">' in html
    word = docx.Document(str(result.directory / "minima-social-media-policy.pt-PT.docx"))
    assert word.core_properties.language == "pt-PT"
    assert word.paragraphs[0].text == "Política de Redes Sociais"


def test_a_missing_translation_in_the_new_language_is_named(templates_copy: Path) -> None:
    shutil.copytree(FIXTURE / "pt", templates_copy / "pt")
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
