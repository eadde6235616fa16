"""The bilingual edition: two languages' handbooks side by side, aligned item by item.

Each language's sections are rendered as for its own edition (``render.render_handbook``);
here each section's Markdown is cut into its block-level pieces (a heading, a paragraph,
one list item, a table) and the two languages' pieces are paired in order, one row of
the page per pair: the heading beside the heading, each paragraph beside its
translation, each list item beside the same item. The templates of both languages
give every section the same blocks (``tests/pipeline/test_bilingual.py`` checks every
example); a section whose blocks differ in kind or number is shown as two whole
columns instead (``PairedSection.aligned`` is then False), so nothing is ever paired
with the wrong text.

The page (``templates/common/bilingual.html.j2`` and ``bilingual.css``) opens with
both titles and the clause saying which language prevails, the prevailing language
first, in the left column.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from functools import cache

from markdown_it import MarkdownIt
from markdown_it.token import Token
from markupsafe import Markup

from policy_builder import resources
from policy_builder.i18n import catalogue
from policy_builder.models import Handbook
from policy_builder.naming import artifact_name
from policy_builder.pipeline import render
from policy_builder.version import __version__

LISTS = ("bullet_list_open", "ordered_list_open")


@dataclass(frozen=True)
class Block:
    """One block-level piece of a section, as HTML; ``kind`` is what must match to pair."""

    kind: str  # h2, h3, p, table, li (of a ul) or oli (of an ol), or markdown-it's type
    html: str
    first: bool = False  # a list item that opens its list
    last: bool = False  # a list item that closes it


@dataclass(frozen=True)
class Row:
    """One line of the page: the same block in each language, in the page's order."""

    kind: str  # a Block's kind, or "section" for a whole unaligned section
    cells: tuple[Markup, ...]
    first: bool = False
    last: bool = False


@dataclass(frozen=True)
class PairedSection:
    id: str
    number: int
    titles: tuple[str, ...]
    rows: tuple[Row, ...]
    aligned: bool  # False: the languages' blocks differ, so whole sections side by side


@dataclass(frozen=True)
class Column:
    """One language of the page: its handbook, catalogue and opening clause."""

    hb: Handbook
    t: dict[str, object]
    clause: str
    href: str  # its own edition, beside this one


def blocks(markdown: str) -> tuple[Block, ...]:
    """A section's Markdown as its block-level pieces, in order; a list as its items."""
    md = _parser()
    tokens = md.parse(markdown)
    found: list[Block] = []
    i = 0
    while i < len(tokens):
        end = _closing(tokens, i)
        group = tokens[i : end + 1]
        if group[0].type in LISTS:
            found.extend(_items(group))
        else:
            html = md.renderer.render(group, md.options, {})
            found.append(Block(_kind(group[0]), html))
        i = end + 1
    return tuple(found)


def pair_section(sections: Sequence[render.RenderedSection]) -> PairedSection:
    """One section in every language, row by row when their blocks match."""
    ref = sections[0].ref
    titles = tuple(s.ref.title for s in sections)
    pieces = [blocks(s.markdown) for s in sections]
    shapes = {tuple(b.kind for b in p) for p in pieces}
    if len(shapes) == 1 and len({s.ref.id for s in sections}) == 1:
        rows = tuple(
            Row(same[0].kind, tuple(Markup(b.html) for b in same), same[0].first, same[0].last)
            for same in zip(*pieces, strict=True)
        )
        return PairedSection(ref.id, ref.number, titles, rows, aligned=True)
    whole = Row("section", tuple(Markup(s.html) for s in sections))
    return PairedSection(ref.id, ref.number, titles, (whole,), aligned=False)


def render_bilingual(
    handbooks: Sequence[Handbook], rendered: Sequence[render.RenderedHandbook]
) -> str:
    """The bilingual page of ``handbooks`` (prevailing language first), from the same
    languages' ``rendered`` editions: self-contained HTML, like theirs."""
    by_id = [{s.ref.id: s for s in r.sections} for r in rendered]
    sections = [pair_section([found[s.ref.id] for found in by_id]) for s in rendered[0].sections]
    columns = [
        Column(hb, catalogue.load(hb.lang), _clause(hb, handbooks), _edition(hb))
        for hb in handbooks
    ]
    return render._render(  # its errors as render's: TemplateError, file and line
        render.html_environment(),
        "bilingual.html.j2",
        columns=columns,
        first=columns[0],
        sections=sections,
        css=Markup(_css()),
        tool_version=__version__,
    )


def _clause(hb: Handbook, handbooks: Sequence[Handbook]) -> str:
    """Which language prevails, in ``hb``'s language: the catalogue's ``bilingual_clause``."""
    names = dict(zip(hb.languages, hb.language_names, strict=True))
    first, second = (names[other.lang] for other in handbooks)
    text = str(catalogue.load(hb.lang)["labels"]["bilingual_clause"])
    text = text.replace("{first}", first).replace("{second}", second)
    return text.replace("{language}", hb.authoritative_language_name)


def _edition(hb: Handbook) -> str:
    return artifact_name(hb.slug, hb.lang, "html")


def _closing(tokens: Sequence[Token], i: int) -> int:
    """The index of the token closing the block that ``tokens[i]`` opens (itself if none)."""
    opening = tokens[i]
    if opening.nesting != 1:
        return i
    for j in range(i + 1, len(tokens)):
        if tokens[j].level == opening.level and tokens[j].nesting == -1:
            return j
    return len(tokens) - 1  # pragma: no cover - markdown-it always closes what it opens


def _items(group: Sequence[Token]) -> list[Block]:
    """A list's items, each rendered as a list of its own (numbered on where it stood)."""
    md = _parser()
    opening, closing = group[0], group[-1]
    ordered = opening.type == "ordered_list_open"
    start = int(opening.attrGet("start") or 1)
    items: list[list[Token]] = []
    for token in group[1:-1]:
        if token.type == "list_item_open" and token.level == opening.level + 1:
            items.append([])
        items[-1].append(token)
    found = []
    for n, item in enumerate(items):
        head = opening.copy(attrs={"start": start + n} if ordered and start + n != 1 else {})
        html = md.renderer.render([head, *item, closing], md.options, {})
        found.append(Block("oli" if ordered else "li", html, n == 0, n == len(items) - 1))
    return found


def _kind(token: Token) -> str:
    if token.type == "heading_open":
        return token.tag
    return {"paragraph_open": "p", "table_open": "table"}.get(token.type, token.type)


def _parser() -> MarkdownIt:
    return render._markdown_it()  # the editions' own parser: the same HTML as theirs


@cache
def _css() -> str:
    common = resources.templates_dir() / "common"
    names = (*render.STYLESHEETS, "bilingual.css")
    return "\n".join((common / name).read_text(encoding="utf-8") for name in names)
