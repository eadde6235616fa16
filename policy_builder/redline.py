"""The redline: word-level insertions and deletions in each section's text.

Both versions are rendered with the current templates, reduced to plain text
(one line per paragraph, list item or table row) and compared section by
section, so a change shows where a reader of the handbook would meet it.
"""

from __future__ import annotations

import difflib
import re
from dataclasses import dataclass
from html.parser import HTMLParser

from policy_builder.models import Policy

_TOKENS = re.compile(r"\n|[^\S\n]+|[^\s]+")
_BLOCKS = {"p", "li", "h3", "h4", "tr", "table", "ul", "ol"}


@dataclass(frozen=True)
class SectionDiff:
    id: str
    title: str
    ops: tuple[tuple[str, str], ...]  # (equal | insert | delete, text)


def redline(old: Policy, new: Policy, lang: str) -> list[SectionDiff]:
    """The sections whose text differs in ``lang``, in the new version's order."""
    before, after = section_texts(old, lang), section_texts(new, lang)
    order = list(after) + [sid for sid in before if sid not in after]
    diffs = []
    for sid in order:
        old_title, old_text = before.get(sid, ("", ""))
        new_title, new_text = after.get(sid, ("", ""))
        if old_text != new_text:
            diffs.append(SectionDiff(sid, new_title or old_title, word_diff(old_text, new_text)))
    return diffs


def section_texts(policy: Policy, lang: str) -> dict[str, tuple[str, str]]:
    """section id → (title, plain text of its body) as the handbook renders it."""
    from policy_builder.render import render_handbook
    from policy_builder.view import localize

    rendered = render_handbook(localize(policy, lang))
    return {s.ref.id: (s.ref.title, _plain_text(s.html)) for s in rendered.sections}


def word_diff(old: str, new: str) -> tuple[tuple[str, str], ...]:
    a, b = _TOKENS.findall(old), _TOKENS.findall(new)
    ops: list[tuple[str, str]] = []
    for tag, i1, i2, j1, j2 in difflib.SequenceMatcher(None, a, b, autojunk=False).get_opcodes():
        if tag in ("delete", "replace"):
            _append(ops, "delete", "".join(a[i1:i2]))
        if tag in ("insert", "replace"):
            _append(ops, "insert", "".join(b[j1:j2]))
        if tag == "equal":
            _append(ops, "equal", "".join(a[i1:i2]))
    return tuple(ops)


def _append(ops: list[tuple[str, str]], kind: str, text: str) -> None:
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
