"""The redline as a Word document with Word's own tracked changes.

Each changed section's text (``redline.word_diff``: one paragraph per paragraph, list
item or table row of the handbook) is written once, with the words the new version
adds as tracked insertions (``w:ins``) and those it drops as tracked deletions
(``w:del``), by the author ``policy-builder`` on the new version's effective date. A
paragraph that is added or removed whole has its paragraph mark tracked too, so a
lawyer who accepts every change in Word gets the new version's text, and one who
rejects every change gets the old one.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Sequence
from dataclasses import dataclass
from itertools import count
from typing import TYPE_CHECKING, Any

from docx.oxml import OxmlElement
from docx.oxml.ns import qn

from policy_builder.compare.redline import SectionDiff

if TYPE_CHECKING:
    from docx.document import Document

AUTHOR = "policy-builder"


@dataclass(frozen=True)
class RedlineLanguage:
    tag: str  # the BCP 47 tag its text is in (es-MX): Word's spelling language
    heading: str  # "Redline (Español)"
    sections: tuple[SectionDiff, ...]


def redline_docx(
    *,
    title: str,
    lang: str,
    changes_heading: str,
    changes: Sequence[str],
    languages: Sequence[RedlineLanguage],
    date: dt.date,
    properties: dict[str, str],
) -> bytes:
    """The report as .docx bytes: ``title``, the list of ``changes``, then each
    language's redline with its sections' insertions and deletions tracked."""
    from policy_builder.pipeline.docx import new_document, package_bytes
    from policy_builder.pipeline.docx import properties as set_properties

    document = new_document(lang)
    when = dt.datetime.combine(date, dt.time())
    document.add_paragraph(title, style="Title")
    if changes:
        document.add_paragraph(changes_heading, style="Heading 1")
        for change in changes:
            document.add_paragraph(change, style="List Bullet")
    tracked = _Tracker(when)
    for language in languages:
        document.add_paragraph(language.heading, style="Heading 1")
        for section in language.sections:
            heading = document.add_paragraph(section.title, style="Heading 2")
            _language(heading._p, language.tag)
            tracked.write(document, section.ops, language.tag)
    set_properties(document, when=when, language=lang, title=title, **properties)
    return package_bytes(document, when)


class _Tracker:
    """Writes ops as paragraphs whose runs are tracked insertions and deletions."""

    def __init__(self, when: dt.datetime) -> None:
        self.stamp = when.strftime("%Y-%m-%dT%H:%M:%SZ")
        self.ids = count(1)

    def _mark(self, tag: str) -> Any:
        element = OxmlElement(tag)
        element.set(qn("w:id"), str(next(self.ids)))
        element.set(qn("w:author"), AUTHOR)
        element.set(qn("w:date"), self.stamp)
        return element

    def write(self, document: Document, ops: Sequence[tuple[str, str]], tag: str) -> None:
        paragraph = document.add_paragraph()._p
        for kind, text in ops:
            parts = text.split("\n")
            for i, part in enumerate(parts):
                if part:
                    paragraph.append(self._run(kind, part, tag))
                if i < len(parts) - 1:  # the paragraph ends here
                    if kind != "equal":
                        ppr = paragraph.get_or_add_pPr()
                        rpr = ppr.find(qn("w:rPr"))
                        if rpr is None:  # the paragraph mark's own properties: last in pPr
                            rpr = OxmlElement("w:rPr")
                            ppr.append(rpr)
                        rpr.append(self._mark("w:ins" if kind == "insert" else "w:del"))
                    paragraph = document.add_paragraph()._p

    def _run(self, kind: str, text: str, tag: str) -> Any:
        run = OxmlElement("w:r")
        props = OxmlElement("w:rPr")
        lang = OxmlElement("w:lang")
        lang.set(qn("w:val"), tag)
        props.append(lang)
        run.append(props)
        body = OxmlElement("w:delText" if kind == "delete" else "w:t")
        body.set(qn("xml:space"), "preserve")
        body.text = text
        run.append(body)
        if kind == "equal":
            return run
        wrapper = self._mark("w:ins" if kind == "insert" else "w:del")
        wrapper.append(run)
        return wrapper


def _language(paragraph: Any, tag: str) -> None:
    for run in paragraph.iterfind(qn("w:r")):
        props = run.get_or_add_rPr()
        lang = OxmlElement("w:lang")
        lang.set(qn("w:val"), tag)
        props.append(lang)
