"""Shared fixtures: the repository's folders and one real build of the examples."""

from __future__ import annotations

import shutil
from collections.abc import Iterator
from pathlib import Path

import pytest

from policy_builder import resources
from policy_builder.commands.build import BuildResult, build
from policy_builder.i18n import catalogue, variants
from policy_builder.pipeline import render

ROOT = Path(__file__).resolve().parent.parent
CONFIGS = ROOT / "company_configs"
CASES = Path(__file__).resolve().parent / "cases"
EXAMPLES = sorted(p for p in CONFIGS.glob("*.yaml") if not p.name.startswith("_"))  # bases left out


@pytest.fixture(scope="session")
def built(tmp_path_factory: pytest.TempPathFactory) -> dict[str, BuildResult]:
    """Every example built once (all languages, all formats) for the whole session."""
    out = tmp_path_factory.mktemp("output")
    return {path.stem: build(path, out_dir=out) for path in EXAMPLES}


@pytest.fixture(autouse=True)
def _validate_cache(
    tmp_path_factory: pytest.TempPathFactory, monkeypatch: pytest.MonkeyPatch
) -> None:
    """``policy validate`` keeps its cache in a folder of each test's own, never in the
    checkout (commands/validate_cache.py)."""
    monkeypatch.setenv("POLICY_BUILDER_CACHE", str(tmp_path_factory.mktemp("validate-cache")))


def clear_template_caches() -> None:
    """Forget every cache the templates fill, so the tool reads the templates afresh."""
    variants.clear_caches()
    for fn in (
        catalogue.load,
        catalogue.glossary,
        catalogue.available_languages,
        render._markdown_env,
        resources.templates_sha256,
    ):
        fn.cache_clear()


@pytest.fixture
def templates_copy(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Iterator[Path]:
    """A copy of the bundled templates that the tool uses instead of the real ones."""
    copy = tmp_path / "templates"
    shutil.copytree(resources.templates_dir(), copy)
    monkeypatch.setattr(resources, "templates_dir", lambda: copy)
    clear_template_caches()
    yield copy
    monkeypatch.undo()
    clear_template_caches()
