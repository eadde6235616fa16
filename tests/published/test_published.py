"""A published folder is verified completely before diff, status, build or validate trust it."""

from __future__ import annotations

import copy
import json
import shutil
from collections.abc import Callable
from pathlib import Path
from typing import Any

import pytest
import yaml
from typer.testing import CliRunner

from policy_builder import published
from policy_builder.cli import app
from policy_builder.commands.build import build
from policy_builder.commands.diff import compare
from policy_builder.pipeline.resolve import fingerprint
from policy_builder.published.verify import content_sha256
from tests.commands.test_diff import ORIGINAL, next_version, write
from tests.conftest import CASES, CONFIGS

MINIMAL = CASES / "valid" / "minimal.yaml"


def run(*args: str) -> tuple[int, str, str]:
    result = CliRunner().invoke(app, list(args))
    return result.exit_code, result.stdout, result.stderr


def rewrite(folder: Path, change: Callable[[dict[str, Any]], Any]) -> None:
    path = folder / "manifest.json"
    manifest = json.loads(path.read_text(encoding="utf-8"))
    change(manifest)
    path.write_text(json.dumps(manifest, indent=2, ensure_ascii=False), encoding="utf-8")


@pytest.fixture
def tonalli(tmp_path: Path) -> tuple[Path, Path]:
    """Tonalli 1.1.0 published (Markdown), and the 1.2.0 config that drops company_events."""
    release = build(CONFIGS / "tonalli.yaml", out_dir=tmp_path / "out", formats=["md"])
    return release.directory, write(tmp_path / "new", next_version(ORIGINAL))


def drop_company_events(manifest: dict[str, Any]) -> None:
    manifest["config"]["permitted_shares"].remove("company_events")


def test_diff_against_a_published_folder_reports_the_removal(tonalli: tuple[Path, Path]) -> None:
    result = compare(*tonalli)
    assert "permitted_shares.company_events" in [c.path for c in result.changes]


def test_a_logo_does_not_stop_the_text_being_rechecked(tmp_path: Path) -> None:
    config = tmp_path / "minimal.yaml"
    (tmp_path / "logo.svg").write_text('<svg xmlns="http://www.w3.org/2000/svg"/>')
    text = MINIMAL.read_text(encoding="utf-8")
    config.write_text(text.replace("  country: ES\n", "  country: ES\n  logo: logo.svg\n"))
    folder = build(config, out_dir=tmp_path / "out", formats=["md", "html"]).directory
    assert published.read(folder).note is None  # its Markdown re-rendered and matched
    assert compare(folder, config).equivalent


def test_edited_stored_config_is_tampered_never_the_old_side_of_a_diff(
    tonalli: tuple[Path, Path],
) -> None:
    old, new = tonalli
    rewrite(old, drop_company_events)  # would hide the removal of company_events
    with pytest.raises(published.TamperedError, match=r"stored in manifest\.json was edited"):
        compare(old, new)
    code, stdout, stderr = run("diff", str(old), str(new))
    assert (code, stdout) == (2, "")
    assert stderr == (
        f"error: {old}: the config stored in manifest.json was edited after it was built "
        "(it no longer matches its content_sha256)\n"
    )


def test_forged_config_with_recomputed_hashes_is_caught_by_its_text(
    tonalli: tuple[Path, Path],
) -> None:
    old, new = tonalli

    def forge(manifest: dict[str, Any]) -> None:
        drop_company_events(manifest)
        manifest["content_sha256"] = content_sha256(manifest["config"])
        manifest["fingerprint"] = fingerprint(manifest["config"])

    rewrite(old, forge)
    with pytest.raises(published.TamperedError, match=r"\.md is not the text its stored config"):
        compare(old, new)


def test_other_templates_verify_hashes_only_and_say_so(tonalli: tuple[Path, Path]) -> None:
    old, new = tonalli
    rewrite(old, lambda m: m.update(templates_sha256="0" * 64, tool_version="0.0.1"))
    release = published.read(old)
    assert release.note is not None and "cannot be re-checked with these templates" in release.note
    code, _, stderr = run("diff", str(old), str(new))
    assert code == 1 and stderr.startswith(f"note: {old}: built by policy-builder 0.0.1")
    rewrite(old, drop_company_events)  # the stored config's hash is still checked
    with pytest.raises(published.TamperedError, match="was edited"):
        published.read(old)


def test_manifest_must_belong_to_its_folder(tonalli: tuple[Path, Path], tmp_path: Path) -> None:
    old, _ = tonalli
    for moved in (old.parent / "1.1.9", tmp_path / "elsewhere" / "acme" / "1.1.0"):
        shutil.copytree(old, moved)
        with pytest.raises(published.TamperedError, match="not for the folder it is in"):
            published.read(moved)


def test_unlisted_or_swapped_files_are_tampering(tonalli: tuple[Path, Path]) -> None:
    old, _ = tonalli
    (old / "tonalli-social-media-policy.es.pdf").write_bytes(b"%PDF-1.7 unsigned")
    with pytest.raises(published.TamperedError, match=r"es\.pdf is in the folder but not in"):
        published.read(old)


# --- malformed manifests: one clean line, never a traceback --------------------------------


def deep(levels: int) -> Any:
    value: Any = "x"
    for _ in range(levels):
        value = [value]
    return value


def as_json(change: Callable[[dict[str, Any]], Any]) -> Callable[[dict[str, Any]], bytes]:
    def apply(manifest: dict[str, Any]) -> bytes:
        changed = copy.deepcopy(manifest)
        change(changed)
        return json.dumps(changed).encode()

    return apply


MALFORMED: dict[str, Callable[[dict[str, Any]], bytes]] = {
    "not-utf8": lambda m: b"\xff\xfe" + json.dumps(m).encode(),
    "not-json": lambda m: b'{"slug": ',
    "a-list": lambda m: b"[]",
    "huge-nesting": lambda m: b'{"config": ' + b"[" * 200_000 + b"]" * 200_000 + b"}",
    "duplicate-key": lambda m: json.dumps(m).encode()[:-1] + b', "config": {}}',
    "huge-number": lambda m: json.dumps(m).encode()[:-1] + b', "n": ' + b"9" * 5000 + b"}",
    "artifacts-not-a-list": as_json(lambda m: m.update(artifacts={"path": "x.md"})),
    "artifacts-empty": as_json(lambda m: m.update(artifacts=[])),
    "entries-not-dicts": as_json(lambda m: m.update(artifacts=["a.md", 3])),
    "path-not-a-string": as_json(lambda m: m["artifacts"][0].update(path=["x"])),
    "path-escapes": as_json(lambda m: m["artifacts"][0].update(path="../../../../etc/passwd")),
    "lang-escapes": as_json(lambda m: m["artifacts"][0].update(lang="es/../../x")),
    "bytes-a-string": as_json(lambda m: m["artifacts"][0].update(bytes="100")),
    "bytes-a-bool": as_json(lambda m: m["artifacts"][0].update(bytes=True)),
    "unknown-format": as_json(lambda m: m["artifacts"][0].update(format="exe")),
    "listed-twice": as_json(lambda m: m["artifacts"].append(m["artifacts"][0])),
    "version-a-number": as_json(lambda m: m.update(version=1)),
    "version-not-the-folder": as_json(lambda m: m.update(version="1.1.1")),
    "slug-not-the-folder": as_json(lambda m: m.update(slug="other")),
    "config-a-list": as_json(lambda m: m.update(config=[])),
    "config-too-deep": as_json(lambda m: m["config"].update(extra=deep(100))),
    "no-content-hash": as_json(lambda m: m.pop("content_sha256")),
    "no-tool-version": as_json(lambda m: m.pop("tool_version")),
}


@pytest.mark.parametrize("kind", MALFORMED)
def test_malformed_manifest_is_one_clean_error_everywhere(tmp_path: Path, kind: str) -> None:
    config = tmp_path / "minimal.yaml"
    shutil.copy(MINIMAL, config)
    out = tmp_path / "out"
    folder = build(config, out_dir=out, formats=["md"]).directory
    manifest = json.loads((folder / "manifest.json").read_text(encoding="utf-8"))
    (folder / "manifest.json").write_bytes(MALFORMED[kind](manifest))
    with pytest.raises(published.TamperedError):
        published.read(folder)
    runs = {
        "diff": run("diff", str(folder), str(config)),
        "status": run("status", str(config), "--out", str(out), "--today", "2026-07-01"),
        "build": run("build", str(config), "--out", str(out), "--format", "md"),
        "validate": run("validate", str(config), "--out", str(out)),
    }
    for command, (code, stdout, stderr) in runs.items():
        assert code in (1, 2), (command, stdout, stderr)
        assert "Traceback" not in stdout + stderr and "internal error" not in stderr, command
    assert runs["diff"][0] == 2 and runs["diff"][2].count("\n") == 1
    assert "tampered" in runs["status"][1]
    assert runs["build"][2].startswith(f"error: {config}: ") and runs["build"][2].count("\n") == 1
    assert f"{config}:" in runs["validate"][1] and "policy.version" in runs["validate"][1]


# --- build and validate ---------------------------------------------------------------------


def test_force_repairs_a_tampered_folder_and_records_it(tmp_path: Path) -> None:
    config = tmp_path / "minimal.yaml"
    shutil.copy(MINIMAL, config)
    out = tmp_path / "out"
    folder = build(config, out_dir=out, formats=["md"]).directory
    (folder / "minimal-social-media-policy.en-GB.md").write_text(
        "edited by hand\n", encoding="utf-8"
    )
    code, _, stderr = run("build", str(config), "--out", str(out), "--format", "md")
    assert code == 1 and "en-GB.md: its content does not match the manifest's sha256" in stderr
    assert "policy build --force rebuilds it" in stderr
    code, stdout, _ = run("build", str(config), "--out", str(out), "--format", "md", "--force")
    assert code == 0 and "rebuilt with --force" in stdout
    release = published.read(folder)
    assert release.manifest["forced"] is True
    assert release.manifest["forced_because"] == (
        "repaired a tampered folder: minimal-social-media-policy.en-GB.md: its content does not "
        "match the manifest's sha256; the published version was altered after it was built"
    )


def test_validate_out_refuses_a_changed_version_with_builds_message(tmp_path: Path) -> None:
    config = tmp_path / "minimal.yaml"
    shutil.copy(MINIMAL, config)
    out = tmp_path / "out"
    build(config, out_dir=out, formats=["md"])
    data = yaml.safe_load(config.read_text(encoding="utf-8"))
    data["review"]["cadence_months"] = 6
    config.write_text(yaml.safe_dump(data, allow_unicode=True, sort_keys=False), encoding="utf-8")
    code, _, stderr = run("build", str(config), "--out", str(out), "--format", "md")
    assert code == 1
    message = stderr.removeprefix(f"error: {config}: ").rstrip("\n")
    assert message.startswith(f"{out / 'minimal' / '1.1.0'} is already published and the config")
    code, stdout, _ = run("validate", str(config), "--out", str(out))
    assert code == 1
    assert f"policy.version: {message}" in stdout
