"""What a handbook PDF carries besides its pages: the variant, the evidence, the metadata.

- ``naming.PDF_VARIANTS``: PDF/A-3b for archives (the default), PDF/UA-1 for assistive
  technology (tagged), or a plain PDF.
- ``Edition.attachments``: files embedded as PDF/A-3 associated files (``/AF`` with an
  ``AFRelationship``), so the PDF alone shows what it was built from: the resolved
  config (``Source``) and the build's record (``Data``). Their dates are the policy's
  effective date, like every other date in the file.
- ``finish`` (a WeasyPrint finisher): the XMP packet gains the language, the policy's
  version (``xmpMM:VersionID``) and an identifier (``dc:identifier``), all properties
  of predefined XMP schemas, so PDF/A needs no extension schema; the form fields of
  the acknowledgement get an appearance stream each and ``NeedAppearances`` is false,
  as PDF/A requires (ISO 19005-2, 6.3.3 and 6.4.1).
"""

from __future__ import annotations

import base64
import datetime as dt
import io
from dataclasses import dataclass, field
from typing import Any
from xml.sax.saxutils import escape

from policy_builder.naming import DEFAULT_PDF_VARIANT

RELATIONSHIPS = ("Source", "Data", "Supplement", "Alternative", "Unspecified")


@dataclass(frozen=True)
class Attachment:
    """A file embedded in the PDF."""

    name: str
    mime: str
    relationship: str  # RELATIONSHIPS
    description: str
    data: bytes

    def to_json(self) -> dict[str, str]:
        return {**vars(self), "data": base64.b64encode(self.data).decode("ascii")}

    @classmethod
    def from_json(cls, data: dict[str, str]) -> Attachment:
        return cls(**{**data, "data": base64.b64decode(data["data"])})  # type: ignore[arg-type]


@dataclass(frozen=True)
class Edition:
    """How one page becomes a PDF: its variant, metadata and embedded files."""

    variant: str = DEFAULT_PDF_VARIANT
    version: str = ""  # the policy's version, for xmpMM:VersionID
    identifier: str = ""  # dc:identifier: slug, version, language and fingerprint
    attachments: tuple[Attachment, ...] = field(default=())

    def to_json(self) -> dict[str, Any]:
        return {**vars(self), "attachments": [a.to_json() for a in self.attachments]}

    @classmethod
    def from_json(cls, data: dict[str, Any]) -> Edition:
        found = tuple(Attachment.from_json(a) for a in data["attachments"])
        return cls(data["variant"], data["version"], data["identifier"], found)


def write_options(edition: Edition, effective_date: dt.date, document: Any) -> dict[str, Any]:
    """The keyword arguments of WeasyPrint's ``write_pdf`` of ``document`` for ``edition``."""
    from weasyprint import Attachment as WeasyAttachment

    fetcher = document.url_fetcher
    stamp = dt.datetime.combine(effective_date, dt.time(), dt.UTC)
    attachments = [
        WeasyAttachment(
            url=f"data:{a.mime};base64,{base64.b64encode(a.data).decode('ascii')}",
            url_fetcher=fetcher,
            name=a.name,
            description=a.description,
            created=stamp,
            modified=stamp,
            relationship=a.relationship,
        )
        for a in edition.attachments
    ]
    options: dict[str, Any] = {
        "pdf_forms": True,
        "attachments": attachments,
        "finisher": lambda document, pdf: finish(document, pdf, edition),
    }
    if edition.variant != "plain":
        options["pdf_variant"] = edition.variant
    if edition.variant.startswith("pdf/a"):
        options["output_intent"] = _srgb(document)
    else:
        options["pdf_identifier"] = True  # the same ID the variants get: a hash of the file
    return options


def _srgb(document: Any) -> str:
    """The sRGB profile of PDF/A's output intent, read here: WeasyPrint's own ``srgb``
    leaves its file open (a ResourceWarning on every PDF)."""
    from importlib.resources import files

    from weasyprint.css import ColorProfile

    data = (files("weasyprint.pdf") / "sRGB2014.icc").read_bytes()
    components = (["r"], ["g"], ["b"])
    profile = ColorProfile(io.BytesIO(data), "sRGB2014.icc", "relative-colorimetric", components)
    document.color_profiles["archive-srgb"] = profile
    return "archive-srgb"


def finish(document: Any, pdf: Any, edition: Edition) -> None:
    """The XMP additions and the form fields' appearances (see the module's doc)."""
    _appearances(pdf)
    if "Metadata" not in pdf.catalog:  # a plain PDF: WeasyPrint writes no XMP for it
        document.metadata.include_in_pdf(pdf, "a", None, None, compress=True)
    number = int(pdf.catalog["Metadata"].split()[0])
    stream = pdf.objects[number]
    packet = b"".join(_bytes(part) for part in stream.stream)
    extra = _description(document.metadata.lang or "", edition)
    stream.stream = [packet.replace(b"</rdf:RDF>", extra + b"</rdf:RDF>", 1)]


def _bytes(part: Any) -> bytes:
    return part if isinstance(part, bytes) else str(part).encode()


def _description(lang: str, edition: Edition) -> bytes:
    parts = []
    if lang:
        parts.append(
            f"<dc:language><rdf:Bag><rdf:li>{escape(lang)}</rdf:li></rdf:Bag></dc:language>"
        )
    if edition.identifier:
        parts.append(f"<dc:identifier>{escape(edition.identifier)}</dc:identifier>")
    if edition.version:
        parts.append(f"<xmpMM:VersionID>{escape(edition.version)}</xmpMM:VersionID>")
    if not parts:
        return b""
    return (
        '<rdf:Description rdf:about="" xmlns:dc="http://purl.org/dc/elements/1.1/" '
        'xmlns:xmpMM="http://ns.adobe.com/xap/1.0/mm/">' + "".join(parts) + "</rdf:Description>"
    ).encode()


def _appearances(pdf: Any) -> None:
    """Each text field gets an empty normal appearance (the blank field, whose box the page
    itself draws), and viewers are told they need not make their own."""
    import pydyf  # type: ignore[import-untyped]

    form = pdf.catalog.get("AcroForm")
    if form is None:
        return
    form["NeedAppearances"] = "false"
    for reference in form["Fields"]:
        widget = pdf.objects[int(reference.split()[0])]
        if "AP" in widget or widget.get("FT") != "/Tx":
            continue
        left, top, right, bottom = (float(v) for v in widget["Rect"])
        box = pydyf.Array((0, 0, abs(right - left), abs(top - bottom)))
        blank = pydyf.Stream(
            [b"/Tx BMC EMC"], {"Type": "/XObject", "Subtype": "/Form", "BBox": box}
        )
        pdf.add_object(blank)
        widget["AP"] = pydyf.Dictionary({"N": blank.reference})
