"""One language's handbook as a Word document, for legal review with tracked changes.

Made from the handbook's rendered Markdown (``docx_blocks``), so it holds the same
words as the HTML and the PDF, with Word's own styles. Around it: A4 pages, a footer
with the title, version, fingerprint and page numbers, the variant's language on the
styles (``es-MX``, ``en-GB``: Word checks the spelling in the right dictionary), and
the core properties (title, author, subject, keywords, language, version).

Reproducible: every date in the file is the policy's effective date, never the clock,
and the package is zipped again with fixed names, order, timestamps and permissions,
so the same handbook gives the same bytes on any machine (python-docx itself stamps
each zip entry with the current time).
"""

from __future__ import annotations

import datetime as dt
import io
import zipfile
from functools import cache
from typing import TYPE_CHECKING, Any

from docx.oxml import OxmlElement
from docx.oxml.ns import qn
from docx.shared import Cm

from policy_builder.i18n import catalogue
from policy_builder.pipeline.docx_blocks import Writer, field
from policy_builder.version import __version__

if TYPE_CHECKING:
    from docx.document import Document

    from policy_builder.models import Handbook

# Parts of python-docx's starting document that describe nothing of ours: a picture of
# an empty page and the template's custom XML.
_DROPPED = ("docProps/thumbnail.jpeg", "customXml/")


def handbook_docx(hb: Handbook, markdown: str) -> bytes:
    """``markdown`` (the handbook ``render`` made for ``hb``) as a .docx file's bytes."""
    t = catalogue.load(hb.lang)["labels"]
    document = new_document(hb.lang)
    Writer(document, t["table"]).write(markdown)
    _footer(document, hb, t)
    when = dt.datetime.combine(dt.date.fromisoformat(hb.effective_date_iso), dt.time())
    properties(
        document,
        title=f"{hb.title} · {hb.legal_name}",
        author=hb.legal_name,
        subject=f"{hb.title} · {t['version']} {hb.version}",
        keywords=f"{hb.title}, {hb.company_name}, {hb.version}, {hb.fingerprint}",
        language=hb.lang,
        version=hb.version,
        when=when,
    )
    return package_bytes(document, when)


def new_document(lang: str) -> Document:
    """An empty A4 document whose styles are written in ``lang`` (a BCP 47 tag)."""
    import docx

    document = docx.Document()
    for section in document.sections:
        section.page_width, section.page_height = Cm(21), Cm(29.7)
        section.left_margin = section.right_margin = Cm(2.5)
        section.top_margin, section.bottom_margin = Cm(2.5), Cm(2.2)
    set_language(document, lang)
    return document


def set_language(document: Document, lang: str) -> None:
    """Every style's text is in ``lang``: the default run properties and Normal carry it."""
    styles = document.styles.element
    targets = list(styles.iterfind(f"{qn('w:docDefaults')}/{qn('w:rPrDefault')}/{qn('w:rPr')}"))
    targets.append(document.styles["Normal"].element.get_or_add_rPr())
    targets += [s.element.rPr for s in document.styles if s.element.rPr is not None]
    for rpr in targets:
        found = rpr.find(qn("w:lang"))
        if found is None:
            found = OxmlElement("w:lang")
            rpr.append(found)
        found.set(qn("w:val"), lang)
    theme_lang = document.settings.element.find(qn("w:themeFontLang"))
    if theme_lang is not None:
        theme_lang.set(qn("w:val"), lang)


def properties(document: Document, *, when: dt.datetime, **values: str) -> None:
    """Core properties (``docProps/core.xml``) with no clock in them."""
    core = document.core_properties
    for name, value in values.items():
        setattr(core, name, value)
    core.comments = f"policy-builder {__version__}"
    core.last_modified_by = "policy-builder"
    core.category = ""
    core.revision = 1
    core.created = core.modified = when


def _footer(document: Document, hb: Handbook, t: dict[str, Any]) -> None:
    paragraph = document.sections[0].footer.paragraphs[0]
    paragraph.style = document.styles["Footer"]
    paragraph.add_run(
        f"{hb.title} · {t['version']} {hb.version} · {t['fingerprint']} {hb.fingerprint} · "
        f"{t['page']} "
    )
    field(paragraph, "PAGE", "1")
    paragraph.add_run(f" {t['page_of']} ")
    field(paragraph, "NUMPAGES", "1")


def package_bytes(document: Document, when: dt.datetime) -> bytes:
    """The document's .docx bytes, zipped again so nothing depends on the clock."""
    _drop_template_leftovers(document)
    raw = io.BytesIO()
    document.save(raw)
    out = io.BytesIO()
    stamp = (max(when.year, 1980), when.month, when.day, 0, 0, 0)
    with (
        zipfile.ZipFile(raw) as source,
        zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED) as target,
    ):
        for info in source.infolist():  # python-docx writes [Content_Types].xml first
            entry = zipfile.ZipInfo(info.filename, date_time=stamp)
            entry.compress_type = zipfile.ZIP_DEFLATED
            entry.create_system = 3
            entry.external_attr = 0o644 << 16
            target.writestr(entry, source.read(info.filename))
    return out.getvalue()


def _drop_template_leftovers(document: Document) -> None:
    package = document.part.package
    for rel_id, rel in list(package.rels.items()):
        if not rel.is_external and str(rel.target_part.partname).lstrip("/").startswith(_DROPPED):
            del package.rels[rel_id]
    for rel_id, rel in list(document.part.rels.items()):
        if not rel.is_external and str(rel.target_part.partname).lstrip("/").startswith(_DROPPED):
            del document.part.rels[rel_id]


@cache
def writer_versions() -> dict[str, str]:
    """The versions that decide a .docx file's bytes, for the manifest."""
    from importlib.metadata import version

    return {name: version(name) for name in ("python-docx", "lxml")}
