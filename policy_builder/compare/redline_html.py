"""The HTML redline: the handbook's own blocks, marked with <ins> and <del>.

A section's rendered HTML is cut into blocks (paragraphs, headings, list items,
table rows). Blocks are matched by their text; a block that changed is compared
word by word, keeping the new version's inline markup, so list items stay list
items and bold stays bold. Added and removed blocks keep their markup whole.
"""

from __future__ import annotations

import difflib
import re
from collections.abc import Iterator, Sequence

_TOKENS = re.compile(r"<[^>]*>|\s+|[^\s<]+")
_TAG = re.compile(r"<(/?)([a-zA-Z0-9]+)")
_LEAVES = {"p", "li", "h3", "h4", "h5", "h6", "tr", "blockquote", "pre", "dl"}
_CONTAINERS = {"ul": "ul", "ol": "ol", "table": "table", "thead": "table", "tbody": "table"}
_VOID = {"br", "hr", "img", "wbr"}
Block = tuple[str, list[str]]  # (container: "" | ul | ol | table, tokens of the element)


def html_redline(old: str, new: str) -> str:
    """``new`` with the words that differ from ``old`` marked, block by block."""
    before, after = _blocks(old), _blocks(new)
    marked: list[tuple[str, str]] = []
    matcher = difflib.SequenceMatcher(
        None, [_text(b) for b in before], [_text(b) for b in after], autojunk=False
    )
    for tag, i1, i2, j1, j2 in matcher.get_opcodes():
        if tag == "equal":
            marked += [(c, "".join(tokens)) for c, tokens in after[j1:j2]]
        else:
            marked += _changed(before[i1:i2], after[j1:j2])
    return _assemble(marked)


def _changed(olds: Sequence[Block], news: Sequence[Block]) -> Iterator[tuple[str, str]]:
    """Pair similar blocks in order and compare their words; the rest are removed or added."""
    i = j = 0
    while i < len(olds) or j < len(news):
        if i < len(olds) and j < len(news) and _similar(olds[i], news[j]):
            yield news[j][0], _words(olds[i][1], news[j][1])
            i, j = i + 1, j + 1
        elif j < len(news) and (i == len(olds) or any(_similar(olds[i], n) for n in news[j:])):
            yield news[j][0], _mark(news[j][1], "ins", keep_tags=True)
            j += 1
        else:
            yield olds[i][0], _mark(olds[i][1], "del", keep_tags=True)
            i += 1


def _similar(a: Block, b: Block) -> bool:
    return a[0] == b[0] and difflib.SequenceMatcher(None, _text(a), _text(b)).ratio() >= 0.5


def _words(old: list[str], new: list[str]) -> str:
    out = []
    for tag, i1, i2, j1, j2 in difflib.SequenceMatcher(
        None, old, new, autojunk=False
    ).get_opcodes():
        if tag == "equal":
            out.append("".join(new[j1:j2]))
        if tag in ("delete", "replace"):  # the new version's markup stands: drop deleted tags
            out.append(_mark(old[i1:i2], "del", keep_tags=False))
        if tag in ("insert", "replace"):
            out.append(_mark(new[j1:j2], "ins", keep_tags=True))
    return "".join(out)


def _mark(tokens: Sequence[str], wrap: str, *, keep_tags: bool) -> str:
    """Text runs wrapped in ``<wrap>``; tags kept between them (or dropped)."""
    parts: list[str] = []
    run: list[str] = []

    def flush() -> None:
        text = "".join(run)
        parts.append(f"<{wrap}>{text}</{wrap}>" if text.strip() else text)
        run.clear()

    for token in tokens:
        if token.startswith("<"):
            flush()
            if keep_tags:
                parts.append(token)
        else:
            run.append(token)
    flush()
    return "".join(parts)


def _blocks(html: str) -> list[Block]:
    """The leaf blocks of ``html``, each with the list or table it sits in."""
    blocks: list[Block] = []
    containers: list[str] = []
    current: list[str] | None = None
    leaf, depth = "", 0
    for token in _TOKENS.findall(html):
        closing, name = _tag(token)
        if current is not None:
            current.append(token)
            if name == leaf:
                depth += -1 if closing else 1
                if depth == 0:
                    blocks.append((containers[-1] if containers else "", current))
                    current = None
        elif name in _LEAVES and not closing:
            current, leaf, depth = [token], name, 1
        elif name in _CONTAINERS:
            if closing and containers:
                containers.pop()
            elif not closing:
                containers.append(_CONTAINERS[name])
        elif not name and token.strip():  # stray text outside any block
            blocks.append(("", [token]))
    return blocks


def _tag(token: str) -> tuple[bool, str]:
    match = _TAG.match(token)
    if not match or match.group(2).lower() in _VOID:
        return False, ""
    return bool(match.group(1)), match.group(2).lower()


def _text(block: Block) -> str:
    return " ".join("".join(t for t in block[1] if not t.startswith("<")).split())


def _assemble(blocks: Sequence[tuple[str, str]]) -> str:
    """Blocks back into HTML, consecutive list items and rows inside their list or table."""
    out: list[str] = []
    open_container = ""
    for container, html in blocks:
        if container != open_container:
            if open_container:
                out.append(f"</{open_container}>")
            if container:
                out.append(f"<{container}>")
            open_container = container
        out.append(html)
    if open_container:
        out.append(f"</{open_container}>")
    return "\n".join(out)
