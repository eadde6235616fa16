"""``policy.extends``: shared bases for advisers serving many companies."""

from __future__ import annotations

import hashlib
import json
import shutil
from pathlib import Path

import pytest

from policy_builder.commands.build import build
from policy_builder.commands.validate import check
from policy_builder.errors import PublishedVersionError
from policy_builder.pipeline.load import load
from policy_builder.sources import discover
from tests.conftest import CASES

EXTENDS = CASES / "extends"


@pytest.fixture
def folder(tmp_path: Path) -> Path:
    target = tmp_path / "configs"
    shutil.copytree(EXTENDS, target)
    return target


def edit(path: Path, old: str, new: str) -> None:
    text = path.read_text(encoding="utf-8")
    assert old in text
    path.write_text(text.replace(old, new, 1), encoding="utf-8")


def test_company_values_override_and_the_rest_is_inherited() -> None:
    config = load(EXTENDS / "cliente-uno.yaml")
    assert config.data["review"] == {"cadence_months": 12, "last_review": "2026-08-20"}
    assert config.data["banned_content"][-1] == "misleading_claims"  # a list replaces the base's
    assert config.data["posting_rules"][0] == "respect_the_audience"  # inherited
    assert config.data["policy"]["version"] == "1.0.0"
    assert config.data["policy"]["languages"] == ["es", "en"]
    assert config.bases == (EXTENDS / "_asesoria.yaml",)


def test_every_value_remembers_its_file_and_line() -> None:
    source = load(EXTENDS / "cliente-uno.yaml").source
    base, company = str(EXTENDS / "_asesoria.yaml"), str(EXTENDS / "cliente-uno.yaml")
    assert source.where(("review", "cadence_months")) == (base, 10, 19)
    assert source.where(("review", "last_review")) == (company, 23, 16)
    assert source.where(("posting_rules", 2)) == (base, 25, 5)


def test_folders_leave_bases_out() -> None:
    assert discover([EXTENDS]) == [EXTENDS / "cliente-uno.yaml"]
    assert check(EXTENDS / "cliente-uno.yaml").issues == ()


def test_a_problem_in_an_inherited_value_is_reported_in_the_base(folder: Path) -> None:
    edit(folder / "_asesoria.yaml", "cadence_months: 12", "cadence_months: 48")
    issues = check(folder / "cliente-uno.yaml").issues
    assert [str(i) for i in issues] == [
        f"{folder / '_asesoria.yaml'}:10:19: review.cadence_months: must be at most 36 (got 48)"
    ]


@pytest.mark.parametrize(
    ("extends", "message"),
    [
        ("../outside.yaml", "the base must be inside the config's folder"),
        ("_missing.yaml", "no such base config: _missing.yaml"),
        (
            "cliente-uno.yaml",
            "'cliente-uno.yaml' extends itself through its bases; remove the loop",
        ),
    ],
)
def test_bad_bases_are_located_errors(folder: Path, extends: str, message: str) -> None:
    (folder.parent / "outside.yaml").write_text("review: {cadence_months: 6}\n", encoding="utf-8")
    edit(folder / "cliente-uno.yaml", "extends: _asesoria.yaml", f"extends: {extends}")
    assert [str(i) for i in check(folder / "cliente-uno.yaml").issues] == [
        f"{folder / 'cliente-uno.yaml'}:13:12: policy.extends: {message}"
    ]


def test_a_loop_through_bases_is_refused(folder: Path) -> None:
    edit(folder / "_asesoria.yaml", "policy:\n", "policy:\n  extends: cliente-uno.yaml\n")
    issues = check(folder / "cliente-uno.yaml").issues
    assert len(issues) == 1 and "extends itself through its bases" in issues[0].message


def test_build_records_its_bases_and_a_base_change_is_a_content_change(
    folder: Path, tmp_path: Path
) -> None:
    result = build(folder / "cliente-uno.yaml", out_dir=tmp_path / "out", formats=["md"])
    manifest = json.loads((result.directory / "manifest.json").read_text())
    base_bytes = (folder / "_asesoria.yaml").read_bytes()
    assert manifest["bases"] == [
        {"file": "_asesoria.yaml", "sha256": hashlib.sha256(base_bytes).hexdigest()}
    ]
    handbook = (result.directory / "cliente-uno-social-media-policy.es-ES.md").read_text()
    assert "Ley Orgánica 3/2018" in handbook  # a regulation listed only in the base
    edit(folder / "_asesoria.yaml", "report_within_hours: 24", "report_within_hours: 12")
    with pytest.raises(PublishedVersionError, match=r"the config changed \(incidents\)"):
        build(folder / "cliente-uno.yaml", out_dir=tmp_path / "out", formats=["md"])
