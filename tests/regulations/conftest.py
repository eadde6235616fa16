"""A project laid out as users lay it out: company_configs/ and regulations/ side by side."""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest

from tests.conftest import CASES, ROOT

BUNDLED = ROOT / "templates" / "regulations"


@pytest.fixture
def project(tmp_path: Path) -> Path:
    return make_project(tmp_path)


def make_project(tmp_path: Path) -> Path:
    """``tmp_path/project`` with a base, a child extending it and a config of its own."""
    root = tmp_path / "project"
    configs = root / "company_configs"
    configs.mkdir(parents=True)
    (root / "regulations").mkdir()
    shutil.copy(CASES / "extends" / "_asesoria.yaml", configs)  # cites eu_gdpr, es_lopdgdd
    shutil.copy(CASES / "extends" / "cliente-uno.yaml", configs)  # extends it
    shutil.copy(CASES / "valid" / "minimal.yaml", configs)  # cites eu_gdpr itself
    return root


def entry_text(regulation: str) -> str:
    return (BUNDLED / f"{regulation}.yaml").read_text(encoding="utf-8")


def write_entry(project: Path, name: str, text: str) -> Path:
    path = project / "regulations" / name
    path.write_text(text, encoding="utf-8")
    return path
