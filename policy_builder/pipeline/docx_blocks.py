"""The handbook's rendered Markdown as Word blocks with Word's own styles.

The Word document is made from the same Markdown as the HTML (the templates stay the
one source of every word): markdown-it's tokens become paragraphs and tables styled
with Word's built-in styles, so a reviewer's Navigation pane, outline and table of
contents work: the title ``Title``, ``## N.`` sections ``Heading 1``, ``###``
``Heading 2``, ``####`` ``Heading 3``, list items ``List Bullet`` / ``List Number``
(each numbered list restarts at its own first number), tables a table style with a
``Caption`` above and their header row repeated on every page, bold and italic the
``Strong`` and ``Emphasis`` character styles, links real hyperlinks.
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from functools import cache
from typing import TYPE_CHECKING, Any

from docx.enum.style import WD_STYLE_TYPE
from docx.enum.text import WD_BREAK
from docx.opc.constants import RELATIONSHIP_TYPE
from docx.oxml import OxmlElement
from docx.oxml.ns import qn
from docx.shared import RGBColor
from markdown_it import MarkdownIt

if TYPE_CHECKING:
    from docx.document import Document
    from docx.text.paragraph import Paragraph
    from markdown_it.token import Token

TABLE_STYLE = "Light List Accent 1"
_HEADINGS = {"h1": "Title", "h2": "Heading 1", "h3": "Heading 2", "h4": "Heading 3"}
_NUMBERED = re.compile(r"^\d+\.\s+")


@cache
def _markdown() -> MarkdownIt:
    """The handbook's Markdown dialect (as ``render``): CommonMark and tables, no HTML."""
    md = MarkdownIt("commonmark", {"html": False, "linkify": False, "typographer": False})
    md.enable("table")
    md.disable("image")
    return md


class Writer:
    """Appends Markdown to a ``Document``; ``table_label`` words the captions (``Table``)."""

    def __init__(self, document: Document, table_label: str) -> None:
        self.document = document
        self.table_label = table_label
        self.heading = ""  # the text of the latest section or subsection heading
        self.lists: list[tuple[str, int | None]] = []  # (style, numbering id) per level
        self.seen_section = False
        self.last_style = ""
        self.tables = 0
        _hyperlink_style(document)
        # Style ids looked up once: python-docx searches every style on each use by name.
        self.ids = {style.name: style.style_id for style in document.styles}

    def add(self, style: str) -> Paragraph:
        """A new paragraph at the end of the body, in the paragraph style named ``style``."""
        paragraph = self.document.add_paragraph()
        paragraph._p.style = self.ids[style]
        self.last_style = style
        return paragraph

    def write(self, markdown: str) -> None:
        tokens = _markdown().parse(markdown)
        i = 0
        while i < len(tokens):
            i = self._block(tokens, i)

    def _block(self, tokens: Sequence[Token], i: int) -> int:
        token = tokens[i]
        kind = token.type
        if kind == "heading_open":
            self._heading(token.tag, tokens[i + 1])
            return i + 3
        if kind == "paragraph_open":
            self._paragraph(tokens[i + 1], token.hidden)
            return i + 3
        if kind in ("bullet_list_open", "ordered_list_open"):
            self._open_list(kind == "ordered_list_open", token)
        elif kind in ("bullet_list_close", "ordered_list_close"):
            self.lists.pop()
        elif kind == "table_open":
            return self._table(tokens, i)
        elif kind in ("fence", "code_block"):
            self.add("macro").add_run(token.content.rstrip("\n"))
        elif kind == "hr":
            self.add("Normal").add_run().add_break(WD_BREAK.PAGE)
        return i + 1

    def _heading(self, tag: str, inline: Token) -> None:
        style = _HEADINGS.get(tag, "Heading 3")
        paragraph = self.add(style)
        if tag == "h2" and not self.seen_section:
            paragraph.paragraph_format.page_break_before = True  # the cover stands alone
            self.seen_section = True
        self._inline(paragraph, inline)
        if tag in ("h2", "h3"):
            self.heading = _NUMBERED.sub("", paragraph.text)

    def _paragraph(self, inline: Token, in_list: bool) -> None:
        style = "Normal"
        if in_list and self.lists:
            style, num = self.lists[-1]
            paragraph = self.add(style)
            if num is not None:
                _number(paragraph, num)
            self._inline(paragraph, inline)
            return
        if not self.seen_section and self.last_style == "Title":
            style = "Subtitle"  # the company line under the cover's title
        self._inline(self.add(style), inline)

    def _open_list(self, ordered: bool, token: Token) -> None:
        depth = len(self.lists)
        base = "List Number" if ordered else "List Bullet"
        style = base if depth == 0 else f"{base} {min(depth + 1, 3)}"
        num = None
        if ordered:
            start = int(str(token.attrGet("start") or 1))
            num = _restart(self.document, style, start)
        self.lists.append((style, num))

    def _table(self, tokens: Sequence[Token], i: int) -> int:
        rows: list[list[Token]] = []
        header_rows = 0
        in_head = False
        while tokens[i].type != "table_close":
            kind = tokens[i].type
            if kind == "thead_open":
                in_head = True
            elif kind == "thead_close":
                in_head = False
            elif kind == "tr_open":
                rows.append([])
                header_rows += in_head
            elif kind == "inline":
                rows[-1].append(tokens[i])
            i += 1
        if self.seen_section and self.heading:
            self._caption(self.heading)
        columns = max(len(row) for row in rows)
        table = self.document.add_table(rows=len(rows), cols=columns, style=TABLE_STYLE)
        for r, (row, cells) in enumerate(zip(table.rows, rows, strict=True)):
            _keep_row_whole(row._tr, header=r < header_rows)
            for cell, inline in zip(row.cells, cells, strict=False):
                self._inline(cell.paragraphs[0], inline)
        return i + 1

    def _caption(self, subject: str) -> None:
        """``Table 2. Revision history``, numbered by a SEQ field as Word's own captions."""
        paragraph = self.add("Caption")
        paragraph.paragraph_format.keep_with_next = True
        paragraph.add_run(f"{self.table_label} ")
        self.tables += 1
        _field(paragraph, "SEQ Table \\* ARABIC", str(self.tables))
        paragraph.add_run(f". {subject}")

    def _inline(self, paragraph: Paragraph, inline: Token) -> None:
        bold = italic = 0
        link: Any = None
        for child in inline.children or []:
            kind = child.type
            if kind in ("strong_open", "strong_close"):
                bold += 1 if kind == "strong_open" else -1
            elif kind in ("em_open", "em_close"):
                italic += 1 if kind == "em_open" else -1
            elif kind == "link_open":
                link = _hyperlink(paragraph, str(child.attrGet("href") or ""))
            elif kind == "link_close":
                link = None
            elif kind in ("text", "code_inline", "softbreak", "hardbreak"):
                text = child.content if kind in ("text", "code_inline") else " "
                run = paragraph.add_run(text)
                style = "Hyperlink" if link is not None else "Strong" if bold else "Emphasis"
                if link is not None or bold or italic:
                    run._r.style = self.ids[style]
                if bold and italic:
                    run.italic = True
                if link is not None:
                    run.bold = bool(bold) or None
                    link.append(run._r)


def _hyperlink(paragraph: Paragraph, url: str) -> Any:
    rid = paragraph.part.relate_to(url, RELATIONSHIP_TYPE.HYPERLINK, is_external=True)
    element = OxmlElement("w:hyperlink")
    element.set(qn("r:id"), rid)
    paragraph._p.append(element)
    return element


def _hyperlink_style(document: Document) -> None:
    styles = document.styles
    if "Hyperlink" not in [s.name for s in styles]:
        style = styles.add_style("Hyperlink", WD_STYLE_TYPE.CHARACTER)
        style.base_style = styles["Default Paragraph Font"]
        style.font.color.rgb = RGBColor(0x1F, 0x4E, 0x79)
        style.font.underline = True


def _keep_row_whole(tr: Any, *, header: bool) -> None:
    """A row never splits across pages; header rows repeat at the top of every page."""
    props = tr.get_or_add_trPr()
    props.append(OxmlElement("w:cantSplit"))
    if header:
        props.append(OxmlElement("w:tblHeader"))


def _field(paragraph: Paragraph, instruction: str, shown: str) -> None:
    """A field (``PAGE``, ``SEQ Table``) with ``shown`` as its current result, which Word
    updates (a complex field: readers that ignore fields still show the result)."""
    for kind, text in (("begin", None), (None, instruction), ("separate", None), (None, "")):
        run = paragraph.add_run()
        if kind is not None:
            char = OxmlElement("w:fldChar")
            char.set(qn("w:fldCharType"), kind)
            run._r.append(char)
        elif text:
            instr = OxmlElement("w:instrText")
            instr.set(qn("xml:space"), "preserve")
            instr.text = f" {text} "
            run._r.append(instr)
        else:
            run.text = shown
    end = OxmlElement("w:fldChar")
    end.set(qn("w:fldCharType"), "end")
    paragraph.add_run()._r.append(end)


def _restart(document: Document, style: str, start: int) -> int:
    """A new numbering instance of ``style``'s list that starts at ``start``."""
    numbering = document.part.numbering_part.numbering_definitions._numbering
    pPr = document.styles[style].element.pPr
    abstract = numbering.num_having_numId(pPr.numPr.numId.val).abstractNumId.val
    num = numbering.add_num(abstract)
    override = num.add_lvlOverride(ilvl=0)
    override.add_startOverride(start)
    return int(num.numId)


def _number(paragraph: Paragraph, num: int) -> None:
    numPr = paragraph._p.get_or_add_pPr().get_or_add_numPr()
    numPr.get_or_add_ilvl().val = 0
    numPr.get_or_add_numId().val = num


def field(paragraph: Paragraph, instruction: str, shown: str) -> None:
    """A Word field in ``paragraph`` (the footer's page numbers)."""
    _field(paragraph, instruction, shown)
