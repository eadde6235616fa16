"""Shared fixtures: the repository's folders and one real build of the examples."""

from __future__ import annotations

from pathlib import Path

import pytest

from policy_builder.commands.build import BuildResult, build

ROOT = Path(__file__).resolve().parent.parent
CONFIGS = ROOT / "company_configs"
CASES = Path(__file__).resolve().parent / "cases"
EXAMPLES = sorted(CONFIGS.glob("*.yaml"))


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
