"""Aligned text tables that fit a terminal's width.

When the full table is too wide, the least important columns go first; when even
the narrowest table is too wide, each row is stacked as ``name: value`` lines.
"""

from __future__ import annotations

import textwrap
from collections.abc import Sequence

GAP = 2  # spaces between columns


def fit(
    header: Sequence[str], rows: Sequence[Sequence[str]], width: int, drop: Sequence[int]
) -> list[int] | None:
    """The columns to show, dropping ``drop`` in order until the table fits; None if it never does."""
    keep = list(range(len(header)))
    for column in (None, *drop):
        if column is not None:
            keep.remove(column)
        if sum(widths(header, rows, keep)) + GAP * (len(keep) - 1) <= width:
            return keep
    return None


def widths(header: Sequence[str], rows: Sequence[Sequence[str]], keep: Sequence[int]) -> list[int]:
    return [max(len(line[i]) for line in (header, *rows)) for i in keep]


def aligned(header: Sequence[str], rows: Sequence[Sequence[str]], keep: Sequence[int]) -> list[str]:
    sizes = widths(header, rows, keep)
    return [
        (" " * GAP).join(line[i].ljust(w) for i, w in zip(keep, sizes, strict=True)).rstrip()
        for line in (header, *rows)
    ]


def stacked(header: Sequence[str], row: Sequence[str], width: int) -> list[str]:
    """One row as its first cell, then ``name: value`` lines, wrapped to ``width``."""
    lines = textwrap.wrap(row[0], width) or [""]
    for name, cell in zip(header[1:], row[1:], strict=True):
        lines += wrap(f"{name}: {cell}", width, indent="  ")
    return lines


def wrap(line: str, width: int, indent: str = "") -> list[str]:
    """``line`` wrapped to ``width``; continuation lines indented two more spaces.

    A word longer than the line (a file path) is kept whole, so it can still be copied.
    """
    lead = len(line) - len(line.lstrip(" "))
    first = indent + line[:lead]
    return textwrap.wrap(
        line[lead:],
        width,
        initial_indent=first,
        subsequent_indent=first + "  ",
        break_long_words=False,
        break_on_hyphens=False,
    ) or [line]
