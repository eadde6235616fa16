"""Published versions never change; every one keeps its changelog entry."""

from __future__ import annotations

import json
import shutil
from pathlib import Path

import pytest
import yaml
from typer.testing import CliRunner

from policy_builder.cli import app
from policy_builder.commands.build import build
from policy_builder.errors import PublishedVersionError
from tests.conftest import CASES

MINIMAL = CASES / "valid" / "minimal.yaml"


@pytest.fixture
def config(tmp_path: Path) -> Path:
    path = tmp_path / "minimal.yaml"
    shutil.copy(MINIMAL, path)
    return path


def snapshot(folder: Path) -> dict[str, tuple[bytes, int]]:
    return {p.name: (p.read_bytes(), p.stat().st_mtime_ns) for p in sorted(folder.iterdir())}


def edit(path: Path, old: str, new: str) -> None:
    text = path.read_text(encoding="utf-8")
    assert old in text
    path.write_text(text.replace(old, new, 1), encoding="utf-8")


def test_rebuilding_changed_content_under_the_same_version_is_refused(
    config: Path, tmp_path: Path
) -> None:
    first = build(config, out_dir=tmp_path / "out", formats=["md", "html"])
    before = snapshot(first.directory)
    edit(
        config,
        "[discriminatory_material, sexual_imagery]",
        "[discriminatory_material, sexual_imagery, religious_or_political_content]",
    )
    with pytest.raises(PublishedVersionError) as refused:
        build(config, out_dir=tmp_path / "out", formats=["md", "html"])
    message = str(refused.value)
    assert "is already published and the config changed (banned_content)" in message
    assert "Bump policy.version (e.g. 1.2.0), add a changelog entry" in message  # an addition
    assert "--force" in message
    assert snapshot(first.directory) == before  # byte-identical, not even touched


def test_identical_rebuild_is_a_no_op(config: Path, tmp_path: Path) -> None:
    first = build(config, out_dir=tmp_path / "out", formats=["md"])
    before = snapshot(first.directory)
    again = build(config, out_dir=tmp_path / "out", formats=["md"])
    assert again.state == "unchanged" and snapshot(first.directory) == before
    result = CliRunner().invoke(
        app, ["build", str(config), "--out", str(tmp_path / "out"), "--format", "md"]
    )
    assert result.exit_code == 0 and "already published" in result.stdout


def test_adding_a_format_to_a_published_version_keeps_the_others(
    config: Path, tmp_path: Path
) -> None:
    first = build(config, out_dir=tmp_path / "out", formats=["md"])
    md = {p.name: p.read_bytes() for p in first.directory.glob("*.md")}
    second = build(config, out_dir=tmp_path / "out", formats=["html"], editions=["languages"])
    assert {a.format for a in second.artifacts} == {"md", "html"}
    assert {p.name: p.read_bytes() for p in first.directory.glob("*.md")} == md
    manifest = json.loads((first.directory / "manifest.json").read_text())
    assert manifest["formats"] == ["html", "md"] and len(manifest["artifacts"]) == 4


def test_force_overwrites_and_says_so_in_the_manifest(config: Path, tmp_path: Path) -> None:
    build(config, out_dir=tmp_path / "out", formats=["md", "html"])
    edit(config, "name: Minima\n", "name: Minima Consulting\n")
    result = CliRunner().invoke(
        app, ["build", str(config), "--out", str(tmp_path / "out"), "--format", "md", "--force"]
    )
    assert result.exit_code == 0 and "rebuilt with --force" in result.stdout
    folder = tmp_path / "out" / "minimal" / "1.1.0"
    manifest = json.loads((folder / "manifest.json").read_text())
    assert manifest["forced"] is True
    assert sorted(p.name for p in folder.iterdir()) == [  # the old HTML is gone, not orphaned
        "manifest.json",
        "minimal-social-media-policy.en-GB.md",
        "minimal-social-media-policy.es-ES.md",
    ]
    assert "Minima Consulting" in (folder / "minimal-social-media-policy.en-GB.md").read_text()


def test_refusal_is_one_line_and_exit_1(config: Path, tmp_path: Path) -> None:
    build(config, out_dir=tmp_path / "out", formats=["md"])
    edit(config, "cadence_months: 12", "cadence_months: 6")
    result = CliRunner().invoke(
        app, ["build", str(config), "--out", str(tmp_path / "out"), "--format", "md"]
    )
    assert result.exit_code == 1
    assert result.stderr.startswith("error: ") and result.stderr.count("\n") == 1
    assert "the config changed (review)" in result.stderr


def next_release(config: Path, version: str, date: str) -> None:
    data = yaml.safe_load(config.read_text(encoding="utf-8"))
    data["policy"]["version"] = version
    data["policy"]["effective_date"] = date
    data["changelog"].append({**data["changelog"][-1], "version": version, "date": date})
    config.write_text(yaml.safe_dump(data, allow_unicode=True), encoding="utf-8")


def test_new_version_publishes_beside_the_old_one(config: Path, tmp_path: Path) -> None:
    old = build(config, out_dir=tmp_path / "out", formats=["md"])
    before = snapshot(old.directory)
    next_release(config, "1.2.0", "2026-07-01")
    new = build(config, out_dir=tmp_path / "out", formats=["md"])
    assert new.directory.name == "1.2.0" and snapshot(old.directory) == before


def test_every_published_version_keeps_its_changelog_entry(config: Path, tmp_path: Path) -> None:
    build(config, out_dir=tmp_path / "out", formats=["md"])
    data = yaml.safe_load(config.read_text(encoding="utf-8"))
    data["policy"]["version"] = "2.0.0"
    data["changelog"] = [{**data["changelog"][-1], "version": "2.0.0"}]
    config.write_text(yaml.safe_dump(data, allow_unicode=True), encoding="utf-8")
    with pytest.raises(
        PublishedVersionError, match=r"published version 1\.1\.0 .* has no changelog"
    ):
        build(config, out_dir=tmp_path / "out", formats=["md"])


def test_a_version_that_goes_backwards_is_refused(config: Path, tmp_path: Path) -> None:
    next_release(config, "1.2.0", "2026-07-01")
    build(config, out_dir=tmp_path / "out", formats=["md"])
    shutil.copy(MINIMAL, config)
    edit(config, "version: 1.1.0\n  effective", "version: 1.1.5\n  effective")
    edit(config, "  - version: 1.1.0", "  - version: 1.1.5")
    with pytest.raises(
        PublishedVersionError,
        match=r"1\.1\.5 is lower than the latest published "
        r"version 1\.2\.0; versions only go up \(next: 1\.2\.1\)",
    ):
        build(config, out_dir=tmp_path / "out", formats=["md"])


def test_validate_with_out_checks_published_versions(config: Path, tmp_path: Path) -> None:
    next_release(config, "1.2.0", "2026-07-01")
    build(config, out_dir=tmp_path / "out", formats=["md"])
    shutil.copy(MINIMAL, config)
    edit(config, "version: 1.1.0\n  effective", "version: 1.1.5\n  effective")
    edit(config, "  - version: 1.1.0", "  - version: 1.1.5")
    runner = CliRunner()
    assert runner.invoke(app, ["validate", str(config)]).exit_code == 0
    result = runner.invoke(app, ["validate", str(config), "--out", str(tmp_path / "out")])
    assert result.exit_code == 1
    assert f"{config}:13:12: policy.version: version 1.1.5 is lower than the latest published" in (
        result.stdout
    )
