"""Rendered Markdown → plain-text segments, each under its ``## N. Title`` section.

A segment is one paragraph, list item, heading or table cell, with the Markdown
(emphasis, links, escapes) taken off so the checks read what the reader reads.
"""

from __future__ import annotations

import re
from collections.abc import Iterator
from dataclasses import dataclass
from typing import Literal

_SECTION = re.compile(r"^##\s+(?P<title>\d+\.\s.*)$")
_HEADING = re.compile(r"^#{1,6}\s+")
_LIST = re.compile(r"^\s*(?:[-*+]|\d+[.)])\s+")
_LINK = re.compile(r"\[(?P<label>[^\]]*)\]\((?P<url>[^)\s]*)\)")
_EMPHASIS = re.compile(r"(?<!\\)(\*\*|\*|__)")
_ESCAPE = re.compile(r"\\(.)")
_CELL_SPLIT = re.compile(r"(?<!\\)\|")
_RULE_ROW = re.compile(r"^\|?(\s*:?-{2,}:?\s*\|)+\s*:?-*:?\s*\|?$")

SegmentKind = Literal["heading", "paragraph", "item", "cell"]


@dataclass(frozen=True)
class Segment:
    section: str  # "4. Qué puede compartir y qué no", or "cover" before the first section
    kind: SegmentKind
    text: str


def segments(markdown: str, cover: str = "cover") -> Iterator[Segment]:
    """Every piece of reader-visible text of a rendered handbook, in order."""
    section = cover
    for raw in markdown.splitlines():
        line = raw.strip()
        if not line:
            continue
        if match := _SECTION.match(line):
            section = plain(match["title"])
            yield Segment(section, "heading", section)
        elif _HEADING.match(line):
            yield Segment(section, "heading", plain(_HEADING.sub("", line)))
        elif line.startswith("|"):
            if _RULE_ROW.match(line):
                continue
            for cell in _CELL_SPLIT.split(line.strip("|")):
                if text := plain(cell):
                    yield Segment(section, "cell", text)
        elif _LIST.match(line):
            yield Segment(section, "item", plain(_LIST.sub("", line)))
        else:
            yield Segment(section, "paragraph", plain(line))


def plain(markdown: str) -> str:
    """Inline Markdown → the text a reader sees."""
    text = _LINK.sub(lambda m: m["label"], markdown)
    text = _EMPHASIS.sub("", text)
    return _ESCAPE.sub(r"\1", text).strip()
