"""Stage 1: read a YAML config safely and remember where every value came from.

PyYAML composes the node graph; we build the Python values ourselves so that we
can keep each node's line and column, reject duplicate keys, refuse every tag
that is not plain data, and bound what aliases and nesting can blow up into.
Dates stay as text here: the schema checks their format and *resolve* parses them.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import yaml
from yaml.nodes import MappingNode, Node, ScalarNode, SequenceNode

from policy_builder.errors import InvalidConfigError
from policy_builder.models import Issue

MAX_BYTES = 1_000_000  # a rich policy is ~20 kB; anything near this is not a policy
MAX_DEPTH = 40  # the schema nests 4 levels deep
MAX_NODES = 50_000  # counts values after alias expansion ("billion laughs")

JsonPath = tuple[str | int, ...]

_YAML = "tag:yaml.org,2002:"
_SCALAR_TAGS = {f"{_YAML}{name}" for name in ("str", "int", "float", "bool", "null")}
_TIMESTAMP = f"{_YAML}timestamp"


@dataclass(frozen=True)
class SourceMap:
    """Where each value (and each mapping key) sits, 1-based, and in which file.

    ``origin`` names the file of values inherited through ``extends``; every other
    value comes from ``file``.
    """

    file: str = ""
    values: dict[JsonPath, tuple[int, int]] = field(default_factory=dict)
    keys: dict[JsonPath, tuple[int, int]] = field(default_factory=dict)
    text: dict[JsonPath, str] = field(default_factory=dict)
    origin: dict[JsonPath, str] = field(default_factory=dict)

    def where(self, path: JsonPath, *, key: bool = False) -> tuple[str, int, int]:
        """(file, line, column) of ``path``, or of its nearest ancestor that has one."""
        table = self.keys if key and path in self.keys else self.values
        while path not in table and path:
            path = path[:-1]
            table = self.values
        line, column = table.get(path, (1, 1))
        return self.origin.get(path, self.file), line, column


@dataclass(frozen=True)
class LoadedConfig:
    path: Path
    display: str  # the path as the user should read it in messages
    raw: bytes
    data: Any
    source: SourceMap
    bases: tuple[Path, ...] = ()  # the configs it extends, outermost first


def format_path(path: JsonPath) -> str:
    """``('policy', 'approvers', 0, 'name')`` → ``policy.approvers[0].name``."""
    out = ""
    for part in path:
        out += f"[{part}]" if isinstance(part, int) else (f".{part}" if out else str(part))
    return out


def load(path: Path, display: str | None = None) -> LoadedConfig:
    """Read and parse ``path`` and the bases it extends.

    Raise ``InvalidConfigError`` with positions on failure.
    """
    return _load(path, display or str(path), ())


def _load(path: Path, shown: str, chain: tuple[Path, ...]) -> LoadedConfig:
    from policy_builder.extend import apply_extends  # extend builds on this module

    return apply_extends(_parse(path, shown), _load, chain)


def _parse(path: Path, shown: str) -> LoadedConfig:
    raw = path.read_bytes()
    if len(raw) > MAX_BYTES:
        raise _error(
            shown, 1, 1, f"file is {len(raw):,} bytes; a config may be at most {MAX_BYTES:,}"
        )
    text = _decode(raw, shown)
    node, loader = _compose(text, shown)
    if node is None:
        raise _error(shown, 1, 1, "the file is empty; a policy config is a YAML mapping")
    source = SourceMap(shown)
    data = _Builder(loader, shown, source).build(node)
    if not isinstance(data, dict):
        line, col = _mark(node)
        raise _error(shown, line, col, "a policy config must be a YAML mapping of fields")
    return LoadedConfig(path=path, display=shown, raw=raw, data=data, source=source)


def _decode(raw: bytes, shown: str) -> str:
    try:
        text = raw.decode("utf-8")
    except UnicodeDecodeError as exc:
        before = raw[: exc.start]
        line = before.count(b"\n") + 1
        col = len(before) - (before.rfind(b"\n") + 1) + 1
        raise _error(
            shown, line, col, f"invalid UTF-8 at byte {exc.start}; save the file as UTF-8"
        ) from None
    return text.removeprefix("\ufeff")


def _compose(text: str, shown: str) -> tuple[Node | None, yaml.SafeLoader]:
    try:
        loader = yaml.SafeLoader(text)  # checks every character up front
        try:
            return loader.get_single_node(), loader
        finally:
            loader.dispose()
    except yaml.reader.ReaderError as exc:
        before = text[: exc.position]
        line, col = before.count("\n") + 1, exc.position - (before.rfind("\n") + 1) + 1
        raise _error(
            shown,
            line,
            col,
            f"the control character U+{exc.character:04X} is not allowed in YAML; remove it",
        ) from None
    except yaml.MarkedYAMLError as exc:
        mark = exc.problem_mark or exc.context_mark
        line, col = (mark.line + 1, mark.column + 1) if mark else (1, 1)
        problem = exc.problem or "malformed YAML"
        if "expected a single document" in (exc.context or ""):
            problem = "the file holds more than one YAML document; keep one policy per file"
        raise _error(shown, line, col, f"YAML syntax error: {problem}") from None
    except yaml.YAMLError as exc:
        raise _error(shown, 1, 1, f"YAML error: {exc}") from None
    except RecursionError:
        raise _error(shown, 1, 1, f"nesting is too deep (at most {MAX_DEPTH} levels)") from None


class _Builder:
    """Turns composed nodes into plain Python data, recording positions."""

    def __init__(self, loader: yaml.SafeLoader, shown: str, source: SourceMap) -> None:
        self.loader = loader
        self.shown = shown
        self.source = source
        self.count = 0

    def build(self, node: Node, path: JsonPath = (), depth: int = 0) -> Any:
        self.count += 1
        line, col = _mark(node)
        if self.count > MAX_NODES:
            raise _error(
                self.shown,
                line,
                col,
                f"the document expands to more than {MAX_NODES:,} values "
                "(aliases repeated too many times?)",
            )
        if depth > MAX_DEPTH:
            raise _error(self.shown, line, col, f"nesting is too deep (at most {MAX_DEPTH} levels)")
        self.source.values[path] = (line, col)
        if isinstance(node, MappingNode):
            return self._mapping(node, path, depth)
        if isinstance(node, SequenceNode):
            self._require_tag(node, f"{_YAML}seq")
            return [self.build(item, (*path, i), depth + 1) for i, item in enumerate(node.value)]
        assert isinstance(node, ScalarNode)
        self.source.text[path] = node.value
        if node.tag == _TIMESTAMP:
            return node.value  # the schema checks the format; resolve parses it
        self._require_tag(node, *_SCALAR_TAGS)
        return self.loader.construct_object(node, deep=True)

    def _mapping(self, node: MappingNode, path: JsonPath, depth: int) -> dict[str, Any]:
        self._require_tag(node, f"{_YAML}map")
        result: dict[str, Any] = {}
        for key_node, value_node in node.value:
            line, col = _mark(key_node)
            if key_node.tag == f"{_YAML}merge":
                raise _error(
                    self.shown, line, col, "merge keys (<<) are not supported; write the fields out"
                )
            if not isinstance(key_node, ScalarNode) or key_node.tag != f"{_YAML}str":
                raise _error(self.shown, line, col, "field names must be plain text")
            key = key_node.value
            if key in result:
                first, _ = self.source.keys[(*path, key)]
                raise _error(
                    self.shown, line, col, f"duplicate key '{key}' (first defined on line {first})"
                )
            self.source.keys[(*path, key)] = (line, col)
            result[key] = self.build(value_node, (*path, key), depth + 1)
        return result

    def _require_tag(self, node: Node, *allowed: str) -> None:
        if node.tag not in allowed:
            line, col = _mark(node)
            tag = node.tag.replace(_YAML, "!!")
            raise _error(
                self.shown, line, col, f"the YAML tag {tag} is not allowed; use plain values"
            )


def _mark(node: Node) -> tuple[int, int]:
    return node.start_mark.line + 1, node.start_mark.column + 1


def _error(shown: str, line: int, col: int, message: str) -> InvalidConfigError:
    return InvalidConfigError([Issue(shown, line, col, "", message)])
