"""Stage 1: read a YAML config safely and remember where every value came from.

PyYAML composes the node graph; we build the Python values ourselves so that we
can keep each node's line and column, reject duplicate keys, refuse every tag
that is not plain data, and bound what aliases and nesting can blow up into.
Dates stay as text here: the schema checks their format and *resolve* parses them.
"""

from __future__ import annotations

import copy
import errno
import os
import stat
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import yaml
from yaml.events import AliasEvent
from yaml.nodes import MappingNode, Node, ScalarNode, SequenceNode

from policy_builder.errors import InvalidConfigError, os_reason
from policy_builder.models import Issue

MAX_BYTES = 1_000_000  # a rich policy is ~20 kB; anything near this is not a policy
MAX_DEPTH = 40  # the schema nests 4 levels deep
MAX_NODES = 50_000  # counts values after alias expansion ("billion laughs")
MAX_TEXT = 2_000_000  # characters of text after alias expansion (a few long texts, repeated)

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
    from policy_builder.pipeline.extend import apply_extends  # extend builds on this module

    return apply_extends(_parse(path, shown), _load, chain)


class TooLargeError(ValueError):
    """A file is larger than the limit for its kind (found before reading it)."""

    def __init__(self, size: int, limit: int) -> None:
        super().__init__(f"is {size:,} bytes; at most {limit:,} allowed")
        self.size = size
        self.limit = limit


def read_at_most(path: Path, limit: int) -> bytes:
    """The bytes of the regular file ``path``, refused before reading if over ``limit``.

    Raise ``TooLargeError``, or ``OSError`` (unreadable, not a regular file…). The size
    is checked on the open file, and at most ``limit + 1`` bytes are ever read, so
    neither a huge (even sparse) file nor one that grows meanwhile costs memory.
    """
    fd = os.open(path, os.O_RDONLY | os.O_NONBLOCK)  # a FIFO must not block us
    with os.fdopen(fd, "rb") as handle:
        info = os.fstat(fd)
        if not stat.S_ISREG(info.st_mode):
            raise OSError(errno.EINVAL, "not a regular file", str(path))
        if info.st_size > limit:
            raise TooLargeError(info.st_size, limit)
        raw = handle.read(limit + 1)
    if len(raw) > limit:
        raise TooLargeError(len(raw), limit)
    return raw


def locate(folder: Path, ref: str) -> tuple[Path, bool]:
    """``folder / ref`` with links resolved, and whether it is a regular file.

    Raise ``OSError``, ``ValueError`` or (Python 3.11, a link loop) ``RuntimeError``
    for a name that cannot be used: a link loop, a name too long, a NUL in it.
    """
    target = (folder / ref).resolve()
    try:
        return target, stat.S_ISREG(target.stat().st_mode)
    except (FileNotFoundError, NotADirectoryError):
        return target, False


def _parse(path: Path, shown: str) -> LoadedConfig:
    try:
        raw = read_at_most(path, MAX_BYTES)
    except TooLargeError as exc:
        raise _error(
            shown, 1, 1, f"file is {exc.size:,} bytes; a config may be at most {MAX_BYTES:,}"
        ) from None
    except (OSError, ValueError) as exc:
        raise _error(shown, 1, 1, f"cannot read the file ({os_reason(exc)})") from None
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


class _Loader(yaml.SafeLoader):
    """PyYAML's safe loader, except that an alias keeps its own position.

    The composer hands back the anchored node itself for ``*name``; we return a
    shallow copy placed where the alias is written, and remember it, so the builder
    can say which alias blew the document up.
    """

    def __init__(self, stream: str) -> None:
        super().__init__(stream)
        self.aliases: set[int] = set()  # ids of the nodes that stand for an alias

    def compose_node(self, parent: Node | None, index: Any) -> Node | None:
        if not self.check_event(AliasEvent):
            return super().compose_node(parent, index)
        mark = self.peek_event().start_mark  # type: ignore[no-untyped-call]
        node = copy.copy(super().compose_node(parent, index))
        if node is not None:
            node.start_mark = mark
            self.aliases.add(id(node))  # the node lives in the graph: its id stays unique
        return node


# What PyYAML's "while parsing …" context means, said from where the construct began.
_CONTEXTS = {
    "while scanning a quoted scalar": "the quote opened at",
    "while scanning a double-quoted scalar": "the quote opened at",
    "while parsing a flow sequence": "the [ opened at",
    "while parsing a flow mapping": "the { opened at",
    "while scanning a simple key": "the key started at",
    "while parsing a block mapping": "the mapping started at",
    "while parsing a block collection": "the list started at",
    "while scanning a block scalar": "the block text started at",
}


def _syntax_problem(exc: yaml.MarkedYAMLError) -> str:
    """The problem, and where the broken construct began when that is elsewhere."""
    problem = exc.problem or "malformed YAML"
    context, began, failed = exc.context or "", exc.context_mark, exc.problem_mark
    if "expected a single document" in context:
        return "the file holds more than one YAML document; keep one policy per file"
    if context == "while scanning a quoted scalar" and "end of stream" in problem:
        problem = "unclosed quoted string"
    elif problem.startswith("expected <block end>"):
        problem = "this line is not indented like the lines it belongs with"
    if began is None or (failed and (began.line, began.column) == (failed.line, failed.column)):
        return problem
    where = _CONTEXTS.get(context, f"{context} at" if context else "it began at")
    return f"{problem} ({where} line {began.line + 1}, column {began.column + 1})"


def _compose(text: str, shown: str) -> tuple[Node | None, _Loader]:
    try:
        loader = _Loader(text)  # checks every character up front
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
        raise _error(shown, line, col, f"YAML syntax error: {_syntax_problem(exc)}") from None
    except yaml.YAMLError as exc:
        raise _error(shown, 1, 1, f"YAML error: {exc}") from None
    except RecursionError:
        raise _error(shown, 1, 1, f"nesting is too deep (at most {MAX_DEPTH} levels)") from None


class _Builder:
    """Turns composed nodes into plain Python data, recording positions."""

    def __init__(self, loader: _Loader, shown: str, source: SourceMap) -> None:
        self.loader = loader
        self.shown = shown
        self.source = source
        self.count = 0
        self.chars = 0  # characters of text so far, aliases expanded
        self.alias: tuple[int, int] | None = None  # the outermost alias being expanded

    def build(self, node: Node, path: JsonPath = (), depth: int = 0) -> Any:
        if self.alias is None and id(node) in self.loader.aliases:
            self.alias = _mark(node)
            try:
                return self.build(node, path, depth)
            finally:
                self.alias = None
        self.count += 1
        line, col = _mark(node)
        if self.count > MAX_NODES:
            self._too_big(f"more than {MAX_NODES:,} values", line, col)
        if depth > MAX_DEPTH:
            raise _error(self.shown, line, col, f"nesting is too deep (at most {MAX_DEPTH} levels)")
        self.source.values[path] = (line, col)
        if isinstance(node, MappingNode):
            return self._mapping(node, path, depth)
        if isinstance(node, SequenceNode):
            self._require_tag(node, f"{_YAML}seq")
            return [self.build(item, (*path, i), depth + 1) for i, item in enumerate(node.value)]
        assert isinstance(node, ScalarNode)
        self._count_text(node)
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
            self._count_text(key_node)
            if key in result:
                first, _ = self.source.keys[(*path, key)]
                raise _error(
                    self.shown, line, col, f"duplicate key '{key}' (first defined on line {first})"
                )
            self.source.keys[(*path, key)] = (line, col)
            result[key] = self.build(value_node, (*path, key), depth + 1)
        return result

    def _count_text(self, node: ScalarNode) -> None:
        self.chars += len(node.value)
        if self.chars > MAX_TEXT:
            self._too_big(f"more than {MAX_TEXT:,} characters of text", *_mark(node))

    def _too_big(self, what: str, line: int, col: int) -> None:
        """Blame the alias being expanded: that is what the author can change."""
        if self.alias is not None:
            line, col = self.alias
        raise _error(
            self.shown,
            line,
            col,
            f"the document expands to {what} (aliases repeated too many times?)",
        )

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
