"""What ``policy explain`` prints: the resolved config as YAML, each line ending in
a comment that names the file:line it came from, or the same as JSON.

List items merged by id say what happened to them (inherited, added, overridden,
removed); a removed item is shown commented out, where it stood. Files are named
relative to the config's folder, so the comments stay short enough for 80 columns.
"""

from __future__ import annotations

import os
from typing import Any

from policy_builder.chars import printable, to_json
from policy_builder.commands.explain import Explanation, Line
from policy_builder.pipeline.source_map import Place, format_path
from policy_builder.report.printout import Printout, as_lines

WIDTH = 80
MIN_LEFT = 24  # narrower than this and the YAML stops reading as YAML
STATUS = 11  # "overridden" and a space


def render(explanation: Explanation, *, json_output: bool, width: int = WIDTH) -> Printout:
    """The text report (fitted to ``width`` columns) or the JSON one, on stdout."""
    if json_output:
        return Printout(as_lines(to_json(as_json(explanation))))
    return Printout(as_lines(*text(explanation, width)))


def text(explanation: Explanation, width: int = WIDTH) -> list[str]:
    """A heading naming the config and its bases, then one line per value."""
    folder = os.path.dirname(explanation.file)
    head = [printable(explanation.file)]
    for n, base in enumerate(reversed(explanation.bases)):
        head.append(printable(f"  {'which ' if n else ''}extends {base}"))
    rows = [_row(line, folder) for line in explanation.lines]
    notes = [note for _left, note, more in rows for note in (note, more) if note]
    room = max(MIN_LEFT, width - 4 - max((len(n) for n in notes), default=0))  # "  # "
    left_width = min(room, max((len(left) for left, _n, _m in rows), default=0))
    body = []
    for left, note, more in rows:
        shown = left if len(left) <= left_width else f"{left[: left_width - 1]}…"
        body.append(f"{shown:<{left_width}}  # {note}".rstrip())
        if more:
            body.append(f"{'':<{left_width}}  # {more}")
    return [*head, "", *body] if body else head


def _row(line: Line, folder: str) -> tuple[str, str, str]:
    """(the YAML, the comment, a second comment line or "") for one line."""
    indent = "  " * line.depth
    if line.item and line.status == "removed":
        indent = f"{indent}# - "  # commented out: no longer part of the policy
    elif line.item:
        indent = f"{indent}- "
    value = "" if line.value is None else _scalar(line.value)
    if line.key is None:
        yaml = f"{indent}{value}"
    else:
        yaml = f"{indent}{line.key}:" + (f" {value}" if value else "")
    place = _place(line.at, folder)
    note = f"{line.status:<{STATUS}}{place}" if line.status else place
    more = ""
    if line.was and line.status == "removed":
        more = f"  from {_place(line.was, folder)}"
    elif line.was:
        more = f"  overrides {_place(line.was, folder)}"
    return printable(yaml), printable(note), printable(more)


def _scalar(value: Any) -> str:
    if isinstance(value, bool):
        return str(value).lower()
    return " ".join(str(value).split()) if isinstance(value, str) else str(value)


def _place(place: Place | None, folder: str) -> str:
    if place is None:
        return ""
    file = os.path.relpath(place[0], folder or ".") if place[0] else "?"
    return f"{file}:{place[1]}"


def as_json(explanation: Explanation) -> dict[str, Any]:
    """The same lines as data: path, value, where, and what happened to list items."""
    return {
        "file": explanation.file,
        "bases": list(explanation.bases),
        "field": explanation.field,
        "lines": [
            {
                "path": format_path(line.path),
                "key": line.key,
                "item": line.item,
                "value": line.value,
                "at": _where(line.at),
                "status": line.status,
                "was": _where(line.was),
            }
            for line in explanation.lines
        ],
    }


def _where(place: Place | None) -> dict[str, Any] | None:
    if place is None:
        return None
    return {"file": place[0], "line": place[1], "column": place[2]}
