"""Reading back what a handbook PDF holds, for the archive and acknowledgement tests."""

from __future__ import annotations

import io
import xml.etree.ElementTree as ET
from pathlib import Path
from typing import Any

import pypdf

NS = {
    "rdf": "http://www.w3.org/1999/02/22-rdf-syntax-ns#",
    "dc": "http://purl.org/dc/elements/1.1/",
    "pdf": "http://ns.adobe.com/pdf/1.3/",
    "pdfaid": "http://www.aiim.org/pdfa/ns/id/",
    "pdfuaid": "http://www.aiim.org/pdfua/ns/id/",
    "xmpMM": "http://ns.adobe.com/xap/1.0/mm/",
}


def reader(path: Path | bytes) -> pypdf.PdfReader:
    data = path if isinstance(path, bytes) else path.read_bytes()
    return pypdf.PdfReader(io.BytesIO(data))


def catalog(pdf: pypdf.PdfReader) -> Any:
    return pdf.trailer["/Root"]


def xmp(pdf: pypdf.PdfReader) -> ET.Element:
    """The XMP packet's ``rdf:RDF``."""
    data = catalog(pdf)["/Metadata"].get_object().get_data()
    root = ET.fromstring(data)
    found = root.find("rdf:RDF", NS)
    assert found is not None
    return found


def xmp_values(rdf: ET.Element, name: str) -> list[str]:
    """Every value of the property ``prefix:name``, as an attribute or an element
    (``rdf:li`` items included)."""
    prefix, local = name.split(":")
    qualified = f"{{{NS[prefix]}}}{local}"
    values = []
    for description in rdf.findall("rdf:Description", NS):
        if qualified in description.attrib:
            values.append(description.attrib[qualified])
        for element in description.findall(qualified):
            items = element.findall(".//rdf:li", NS)
            values.extend(i.text or "" for i in items) if items else values.append(
                element.text or ""
            )
    return values


def outline_titles(pdf: pypdf.PdfReader) -> list[tuple[int, str]]:
    """The outline as (depth, title), depth 1 for the top level, in order."""
    found: list[tuple[int, str]] = []

    def walk(entries: list[Any], depth: int) -> None:
        for entry in entries:
            if isinstance(entry, list):
                walk(entry, depth + 1)
            else:
                found.append((depth, str(entry.title)))

    walk(pdf.outline, 1)
    return found


def associated_files(pdf: pypdf.PdfReader) -> dict[str, str]:
    """The catalog's associated files (``/AF``): name → AFRelationship."""
    return {
        str(spec.get_object()["/UF"]): str(spec.get_object()["/AFRelationship"])
        for spec in catalog(pdf).get("/AF", [])
    }
