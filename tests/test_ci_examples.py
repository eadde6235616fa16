"""The CI examples in docs/ci/: valid YAML whose shards cover every config exactly once."""

from __future__ import annotations

import re
from typing import Any

import yaml

from tests.conftest import ROOT

DOCS = ROOT / "docs" / "ci"
INSTALL = ".ci/install-system-packages && python3 -m venv .venv && .venv/bin/pip install -e ."
SHARD = re.compile(r"--shard (\S+)")


def load(name: str) -> dict[Any, Any]:
    data = yaml.safe_load((DOCS / name).read_text(encoding="utf-8"))
    assert isinstance(data, dict), name
    return data


def shards(commands: list[str], values: dict[str, str]) -> list[tuple[int, int]]:
    """Each ``--shard K/N`` of a build command, with the CI's variables filled in."""
    found = []
    for command in commands:
        if "policy build" not in command or "--list" in command:
            continue
        for name, value in values.items():
            command = command.replace(name, value)
        (expression,) = SHARD.findall(command)
        k, n = expression.split("/")
        found.append((int(k), int(n)))
        assert "--jobs 2" in command
    return found


def test_the_install_step_is_the_readmes() -> None:
    assert INSTALL in (ROOT / "README.md").read_text(encoding="utf-8")
    for name in ("github-actions.yml", "gitlab-ci.yml"):
        assert INSTALL in (DOCS / name).read_text(encoding="utf-8"), name


def test_the_github_matrix_builds_shards_1_to_n_once_each() -> None:
    jobs = load("github-actions.yml")["jobs"]
    build = jobs["build"]
    matrix = build["strategy"]["matrix"]["shard"]
    total = len(matrix)
    assert total >= 2
    commands = [step["run"] for step in build["steps"] if "run" in step]
    built = [
        shard for value in matrix for shard in shards(commands, {"${{ matrix.shard }}": str(value)})
    ]
    assert sorted(built) == [(k, total) for k in range(1, total + 1)]
    # The collecting job waits for every shard and downloads each one's artifact.
    assert jobs["collect"]["needs"] == "build"
    uploads = [s for s in build["steps"] if s.get("uses", "").startswith("actions/upload-artifact")]
    (upload,) = uploads
    assert "${{ matrix.shard }}" in upload["with"]["name"]
    downloads = [
        s["with"] for s in jobs["collect"]["steps"] if "download-artifact" in s.get("uses", "")
    ]
    assert downloads == [
        {"pattern": "handbooks-shard-*", "merge-multiple": True, "path": "output/"}
    ]


def test_the_gitlab_parallel_job_builds_shards_1_to_n_once_each() -> None:
    pipeline = load("gitlab-ci.yml")
    build = pipeline["build"]
    total = build["parallel"]
    assert isinstance(total, int) and total >= 2
    built = [
        shard
        for index in range(1, total + 1)  # GitLab numbers parallel jobs 1..N
        for shard in shards(
            build["script"], {"${CI_NODE_INDEX}": str(index), "${CI_NODE_TOTAL}": str(total)}
        )
    ]
    assert sorted(built) == [(k, total) for k in range(1, total + 1)]
    assert build["artifacts"]["paths"] == ["output/"]
    stages = pipeline["stages"]
    assert stages.index(pipeline["collect"]["stage"]) > stages.index(build["stage"])
    assert pipeline["collect"]["artifacts"]["paths"] == ["output/"]
