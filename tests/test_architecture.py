"""The package's shape: no import cycle, dependencies pointing one way, small modules.

Imports are read from the source (``ast``), every one of them: at the top of a
module, inside a function, under ``TYPE_CHECKING``. A lazy import inside a function
still ties two modules together, so it counts.
"""

from __future__ import annotations

import ast
from collections.abc import Iterator
from pathlib import Path

import pytest

PACKAGE = Path(__file__).resolve().parent.parent / "policy_builder"
ROOT = "policy_builder"


def _module_name(path: Path) -> str:
    parts = path.relative_to(PACKAGE.parent).with_suffix("").parts
    return ".".join(parts[:-1] if parts[-1] == "__init__" else parts)


MODULES: dict[str, Path] = {_module_name(p): p for p in sorted(PACKAGE.rglob("*.py"))}


def _imported(module: str, path: Path) -> Iterator[str]:
    """The package's modules that ``module`` imports, anywhere in its source."""
    package = module if path.name == "__init__.py" else module.rpartition(".")[0]
    for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
        if isinstance(node, ast.Import):
            names = [alias.name for alias in node.names]
        elif isinstance(node, ast.ImportFrom):
            base = node.module or ""
            if node.level:  # from . import x, from ..pipeline import y
                anchor = package.split(".")[: len(package.split(".")) - node.level + 1]
                base = ".".join([*anchor, base] if base else anchor)
            # ``from a import b``: a.b when b is a module, module a when b is a name in it
            names = [
                f"{base}.{alias.name}" if f"{base}.{alias.name}" in MODULES else base
                for alias in node.names
            ]
        else:
            continue
        yield from (name for name in names if name in MODULES and name != module)


GRAPH: dict[str, set[str]] = {m: set(_imported(m, p)) for m, p in MODULES.items()}


def _cycles() -> list[list[str]]:
    """Every strongly connected group of modules larger than one (Tarjan), as a path."""
    index: dict[str, int] = {}
    low: dict[str, int] = {}
    stack: list[str] = []
    on_stack: set[str] = set()
    found: list[list[str]] = []

    def visit(node: str) -> None:
        index[node] = low[node] = len(index)
        stack.append(node)
        on_stack.add(node)
        for target in sorted(GRAPH[node]):
            if target not in index:
                visit(target)
                low[node] = min(low[node], low[target])
            elif target in on_stack:
                low[node] = min(low[node], index[target])
        if low[node] == index[node]:
            group = []
            while True:
                member = stack.pop()
                on_stack.discard(member)
                group.append(member)
                if member == node:
                    break
            if len(group) > 1:
                found.append(sorted(group))

    for node in sorted(GRAPH):
        if node not in index:
            visit(node)
    return found


def test_the_walker_sees_every_kind_of_import() -> None:
    """A guard for the tests below: top-level, function-level and TYPE_CHECKING imports."""
    assert "policy_builder.pipeline.extend" in GRAPH["policy_builder.pipeline.load"]
    assert "policy_builder.pipeline.resolve" in GRAPH["policy_builder.published.verify"]
    assert "policy_builder.compare.changes" in GRAPH["policy_builder.compare.bump"]
    assert "policy_builder.semver" in GRAPH["policy_builder.compare.bump"]  # from pkg import mod


def test_no_import_cycle() -> None:
    cycles = _cycles()
    assert not cycles, "modules that import each other: " + "; ".join(map(", ".join, cycles))


def test_nothing_imports_the_cli() -> None:
    importers = sorted(
        m
        for m, targets in GRAPH.items()
        if "policy_builder.cli" in targets and m != "policy_builder.__main__"
    )
    assert importers == []


# The core computes; commands run it for the CLI and report prints what it returns.
CORE = ("pipeline", "i18n", "published", "compare", "lint", "regulations")
OUTER = (
    "commands",
    "report",
    "cli",
    "cli_app",
    "cli_i18n",
    "cli_style",
    "cli_options",
    "cli_values",
    "cli_help",
)


@pytest.mark.parametrize("package", CORE)
def test_the_core_never_imports_commands_report_or_cli(package: str) -> None:
    prefix = f"{ROOT}.{package}"
    outer = tuple(f"{ROOT}.{name}" for name in OUTER)
    wrong = sorted(
        f"{m} -> {t}"
        for m, targets in GRAPH.items()
        if m == prefix or m.startswith(f"{prefix}.")
        for t in targets
        if t in outer or t.startswith(tuple(f"{o}." for o in outer))
    )
    assert wrong == []


def test_shared_modules_import_no_stage() -> None:
    """models, errors, chars, registry, semver…: what every stage builds on, and nothing else."""
    shared = [
        m
        for m, path in MODULES.items()
        if path.parent == PACKAGE and path.stem not in ("__init__", "__main__", *OUTER)
    ]
    packages = tuple(f"{ROOT}.{name}" for name in (*CORE, *OUTER))
    wrong = sorted(
        f"{m} -> {t}"
        for m in shared
        for t in GRAPH[m]
        if t in packages or t.startswith(tuple(f"{p}." for p in packages))
    )
    assert wrong == []


# ==== LINE COUNTS (issue 8: no module over 300 lines; cli.py under 250) ====================

MAX_LINES = 300
MAX_CLI_LINES = 250


def _lines(path: Path) -> int:
    return len(path.read_text(encoding="utf-8").splitlines())


@pytest.mark.parametrize(
    "path", sorted(MODULES.values()), ids=lambda p: str(p.relative_to(PACKAGE.parent))
)
def test_no_module_over_300_lines(path: Path) -> None:
    shown = str(path.relative_to(PACKAGE.parent))
    if shown == "policy_builder/cli.py":
        return  # its own, tighter limit below
    assert _lines(path) <= MAX_LINES, f"{shown}: {_lines(path)} lines"


def test_cli_under_250_lines() -> None:
    lines = _lines(PACKAGE / "cli.py")
    assert lines < MAX_CLI_LINES, f"cli.py: {lines} lines"
