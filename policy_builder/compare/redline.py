"""The redline: word-level insertions and deletions in each section's text.

Both versions are rendered with the current templates and compared section by
section, so a change shows where a reader of the handbook would meet it: as
plain text (one line per paragraph, list item or table row) for the terminal and
JSON, and as the handbook's own HTML blocks for the HTML report.
"""

from __future__ import annotations

import difflib
import re
from dataclasses import dataclass
from html.parser import HTMLParser
from typing import Literal

from policy_builder.models import Policy

_TOKENS = re.compile(r"\n|[^\S\n]+|[^\s]+")
_BLOCKS = {"p", "li", "h3", "h4", "tr", "table", "ul", "ol"}

Op = Literal["equal", "insert", "delete"]


@dataclass(frozen=True)
class SectionDiff:
    id: str
    title: str
    ops: tuple[tuple[Op, str], ...]  # (what happened to the text, the text)
    html: str = ""  # the new version's HTML with <ins> and <del>, block by block


def redline(old: Policy, new: Policy, lang: str) -> list[SectionDiff]:
    """The sections whose text differs in ``lang``, in the new version's order."""
    from policy_builder.compare.redline_html import html_redline

    before, after = section_html(old, lang), section_html(new, lang)
    order = list(after) + [sid for sid in before if sid not in after]
    diffs = []
    for sid in order:
        old_title, old_html = before.get(sid, ("", ""))
        new_title, new_html = after.get(sid, ("", ""))
        old_text, new_text = _plain_text(old_html), _plain_text(new_html)
        if old_text != new_text:
            ops = word_diff(old_text, new_text)
            marked = html_redline(_body(old_html), _body(new_html))
            diffs.append(SectionDiff(sid, new_title or old_title, ops, marked))
    return diffs


def section_html(policy: Policy, lang: str) -> dict[str, tuple[str, str]]:
    """section id → (title, HTML of the section) as the handbook renders it."""
    from policy_builder.pipeline.localize import localize
    from policy_builder.pipeline.render import render_handbook

    rendered = render_handbook(localize(policy, lang))
    return {s.ref.id: (s.ref.title, s.html) for s in rendered.sections}


def _body(html: str) -> str:
    """The section without its numbered heading (the report shows the title)."""
    return re.sub(r"<h2[^>]*>.*?</h2>", "", html, count=1, flags=re.DOTALL)


def word_diff(old: str, new: str) -> tuple[tuple[Op, str], ...]:
    a, b = _TOKENS.findall(old), _TOKENS.findall(new)
    ops: list[tuple[Op, str]] = []
    for tag, i1, i2, j1, j2 in difflib.SequenceMatcher(None, a, b, autojunk=False).get_opcodes():
        if tag in ("delete", "replace"):
            _append(ops, "delete", "".join(a[i1:i2]))
        if tag in ("insert", "replace"):
            _append(ops, "insert", "".join(b[j1:j2]))
        if tag == "equal":
            _append(ops, "equal", "".join(a[i1:i2]))
    return tuple(ops)


def _append(ops: list[tuple[Op, str]], kind: Op, text: str) -> None:
    if ops and ops[-1][0] == kind:
        ops[-1] = (kind, ops[-1][1] + text)
    else:
        ops.append((kind, text))


class _Text(HTMLParser):
    def __init__(self) -> None:
        super().__init__()
        self.parts: list[str] = []
        self.skip = False
        self.cells = 0  # cells seen in the current table row

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        self.skip = self.skip or tag == "h2"  # the numbered heading: shown as the title
        if tag == "tr":
            self.cells = 0
        elif tag in ("td", "th"):
            if self.cells:
                self.parts.append(" | ")
            self.cells += 1

    def handle_endtag(self, tag: str) -> None:
        if tag == "h2":
            self.skip = False
        elif tag in _BLOCKS:
            self.parts.append("\n")

    def handle_data(self, data: str) -> None:
        if not self.skip:
            self.parts.append(re.sub(r"\s+", " ", data))


def _plain_text(html: str) -> str:
    parser = _Text()
    parser.feed(html)
    lines = (" ".join(line.split()) for line in "".join(parser.parts).split("\n"))
    return "\n".join(line for line in lines if line)
