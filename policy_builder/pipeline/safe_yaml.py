"""Safe YAML with positions: a config's bytes become plain data and a ``SourceMap``.

PyYAML composes the node graph; we build the Python values ourselves so that we
can keep each node's line and column, reject duplicate keys, refuse every tag
that is not plain data, and bound what aliases and nesting can blow up into.
Dates stay as text here: the schema checks their format and *resolve* parses them.
"""

from __future__ import annotations

import copy
from typing import Any

import yaml
from yaml.events import AliasEvent
from yaml.nodes import MappingNode, Node, ScalarNode, SequenceNode

from policy_builder.errors import InvalidConfigError
from policy_builder.models import Issue
from policy_builder.pipeline.source_map import JsonPath, SourceMap

MAX_DEPTH = 40  # the schema nests 4 levels deep
MAX_NODES = 50_000  # counts values after alias expansion ("billion laughs")
MAX_TEXT = 2_000_000  # characters of text after alias expansion (a few long texts, repeated)

_YAML = "tag:yaml.org,2002:"
_SCALAR_TAGS = {f"{_YAML}{name}" for name in ("str", "int", "float", "bool", "null")}
_TIMESTAMP = f"{_YAML}timestamp"


def parse(raw: bytes, shown: str) -> tuple[dict[str, Any], SourceMap]:
    """The mapping a config file's bytes hold, and where each value sits in ``shown``.

    Raise ``InvalidConfigError`` with the position of the first problem.
    """
    text = _decode(raw, shown)
    node, loader = _compose(text, shown)
    if node is None:
        raise error_at(shown, 1, 1, "the file is empty; a policy config is a YAML mapping")
    source = SourceMap(shown)
    data = _Builder(loader, shown, source).build(node)
    if not isinstance(data, dict):
        line, col = _mark(node)
        raise error_at(shown, line, col, "a policy config must be a YAML mapping of fields")
    return data, source


def error_at(shown: str, line: int, col: int, message: str) -> InvalidConfigError:
    """The error for one problem at ``shown:line:col`` that stops a file being read."""
    return InvalidConfigError([Issue(shown, line, col, "", message)])


def _decode(raw: bytes, shown: str) -> str:
    try:
        text = raw.decode("utf-8")
    except UnicodeDecodeError as exc:
        before = raw[: exc.start]
        line = before.count(b"\n") + 1
        col = len(before) - (before.rfind(b"\n") + 1) + 1
        raise error_at(
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
        raise error_at(
            shown,
            line,
            col,
            f"the control character U+{exc.character:04X} is not allowed in YAML; remove it",
        ) from None
    except yaml.MarkedYAMLError as exc:
        mark = exc.problem_mark or exc.context_mark
        line, col = (mark.line + 1, mark.column + 1) if mark else (1, 1)
        raise error_at(shown, line, col, f"YAML syntax error: {_syntax_problem(exc)}") from None
    except yaml.YAMLError as exc:
        raise error_at(shown, 1, 1, f"YAML error: {exc}") from None
    except RecursionError:
        raise error_at(shown, 1, 1, f"nesting is too deep (at most {MAX_DEPTH} levels)") from None


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
            raise error_at(
                self.shown, line, col, f"nesting is too deep (at most {MAX_DEPTH} levels)"
            )
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
                raise error_at(
                    self.shown, line, col, "merge keys (<<) are not supported; write the fields out"
                )
            if not isinstance(key_node, ScalarNode) or key_node.tag != f"{_YAML}str":
                raise error_at(self.shown, line, col, "field names must be plain text")
            key = key_node.value
            self._count_text(key_node)
            if key in result:
                first, _ = self.source.keys[(*path, key)]
                raise error_at(
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
        raise error_at(
            self.shown,
            line,
            col,
            f"the document expands to {what} (aliases repeated too many times?)",
        )

    def _require_tag(self, node: Node, *allowed: str) -> None:
        if node.tag not in allowed:
            line, col = _mark(node)
            tag = node.tag.replace(_YAML, "!!")
            raise error_at(
                self.shown, line, col, f"the YAML tag {tag} is not allowed; use plain values"
            )


def _mark(node: Node) -> tuple[int, int]:
    return node.start_mark.line + 1, node.start_mark.column + 1
