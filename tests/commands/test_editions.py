"""``policy build --edition``: the bilingual edition beside the per-language ones, in the
manifest, verified, kept current by the build record; a one-language policy has none."""

from __future__ import annotations

import hashlib
import json
import re
from pathlib import Path

import pytest
from typer.testing import CliRunner

from policy_builder import published
from policy_builder.cli import app
from policy_builder.commands.build import build
from policy_builder.commands.incremental import up_to_date
from policy_builder.commands.status import status
from policy_builder.errors import TamperedError
from policy_builder.published.shape import shape_problem
from tests.conftest import CASES, CONFIGS

runner = CliRunner()
TONALLI = CONFIGS / "tonalli.yaml"  # Spanish prevails: es-MX first
BOTH = "tonalli-social-media-policy.es-MX+en-US.html"


def _one_language(folder: Path) -> Path:
    """minimal.yaml in Spanish only: its English texts dropped."""
    text = (CASES / "valid" / "minimal.yaml").read_text(encoding="utf-8")
    text = re.sub(r", en: [^}]*\}", "}", text)
    text = text.replace("  omit_sections:", "  languages: [es]\n  omit_sections:")
    path = folder / "minima.yaml"
    path.write_text(text, encoding="utf-8")
    return path


def test_the_manifest_lists_the_bilingual_edition_and_verify_accepts_it(tmp_path: Path) -> None:
    result = build(TONALLI, out_dir=tmp_path, formats=["html", "md"])
    names = [a.path for a in result.artifacts]
    assert names[-1] == BOTH  # after the per-language editions
    manifest = json.loads((result.directory / "manifest.json").read_text(encoding="utf-8"))
    entry = next(a for a in manifest["artifacts"] if a["path"] == BOTH)
    assert (entry["lang"], entry["format"]) == ("es-MX+en-US", "html")
    assert manifest["languages"] == ["es-MX", "en-US"]
    assert manifest["editions"] == ["languages", "bilingual"]
    assert shape_problem(manifest) is None
    folder = published.read(result.directory)  # verified: hashes and the page re-rendered
    assert folder.note is None
    assert ("es-MX+en-US", "html") in folder.artifacts()
    (row,) = status([TONALLI], out_dir=tmp_path).rows
    assert row.build == "current"


def test_a_forged_bilingual_page_is_found_out(tmp_path: Path) -> None:
    result = build(TONALLI, out_dir=tmp_path, formats=["html"])
    page = result.directory / BOTH
    forged = page.read_bytes().replace(b"prevalecer", b"no prevalecer", 1)
    page.write_bytes(forged)
    manifest_path = result.directory / "manifest.json"
    manifest = json.loads(manifest_path.read_text(encoding="utf-8"))
    for entry in manifest["artifacts"]:  # the forger fixes the hashes too
        if entry["path"] == BOTH:
            entry["bytes"], entry["sha256"] = len(forged), hashlib.sha256(forged).hexdigest()
    manifest_path.write_text(json.dumps(manifest), encoding="utf-8")
    with pytest.raises(TamperedError, match="not the page its stored config renders to"):
        published.read(result.directory)


def test_changing_the_edition_set_rebuilds_and_keeps_what_was_published(tmp_path: Path) -> None:
    first = build(TONALLI, out_dir=tmp_path, formats=["html"], editions=["languages"])
    assert [a.lang for a in first.artifacts] == ["es-MX", "en-US"]
    assert up_to_date(TONALLI, out_dir=tmp_path, langs=None, formats=["html"]) is None
    again = build(TONALLI, out_dir=tmp_path, formats=["html"])  # default: every edition
    assert again.state == "written"
    assert [a.lang for a in again.artifacts] == ["es-MX", "en-US", "es-MX+en-US"]
    assert build(TONALLI, out_dir=tmp_path, formats=["html"]).state == "unchanged"
    assert up_to_date(TONALLI, out_dir=tmp_path, langs=None, formats=["html"]) is not None
    only = build(TONALLI, out_dir=tmp_path, formats=["html"], editions=["bilingual"])
    assert only.state == "unchanged"


def test_the_bilingual_edition_alone_publishes_only_it(tmp_path: Path) -> None:
    result = build(TONALLI, out_dir=tmp_path, formats=["html"], editions=["bilingual"])
    assert [a.path for a in result.artifacts] == [BOTH]
    assert published.read(result.directory).note is None  # its page was re-rendered


def test_a_one_language_policy_skips_the_bilingual_edition_with_a_note(tmp_path: Path) -> None:
    config = _one_language(tmp_path)
    out = tmp_path / "out"
    alone = runner.invoke(
        app, ["build", str(config), "--out", str(out), "--format", "html", "--edition", "bilingual"]
    )
    assert alone.exit_code == 0, alone.output
    note = "note: no bilingual edition: it needs two languages and this build has one (es-ES)"
    assert note in alone.stdout and "nothing to build" in alone.stdout
    assert not out.exists()  # no empty version folder
    both = runner.invoke(
        app, ["build", str(config), "--out", str(out), "--format", "html", "--edition", "all"]
    )
    assert both.exit_code == 0, both.output
    assert note in both.stdout
    assert sorted(p.name for p in (out / "minima" / "1.1.0").iterdir()) == [
        "manifest.json",
        "minima-social-media-policy.es-ES.html",
    ]
    quiet = runner.invoke(app, ["build", str(config), "--out", str(out), "--format", "html"])
    assert quiet.exit_code == 0 and "note:" not in quiet.stdout  # the default says nothing
    again = runner.invoke(
        app, ["build", str(config), "--out", str(out), "--format", "html", "--edition", "all"]
    )
    assert "already published" in again.stdout and note in again.stdout


@pytest.mark.parametrize(
    ("args", "message"),
    [
        (["--edition", "both"], "--edition must be one of all, languages, bilingual"),
        (["--edition", "bilingual", "--format", "md"], "leaves it nothing to build"),
    ],
)
def test_an_edition_that_cannot_be_built_is_a_usage_error(
    tmp_path: Path, args: list[str], message: str
) -> None:
    result = runner.invoke(app, ["build", str(TONALLI), "--out", str(tmp_path), *args])
    assert result.exit_code == 2
    assert message in result.stderr
    assert not any(tmp_path.iterdir())
