"""The acknowledgement can be signed: fillable fields in the PDF (valid in PDF/A), the
same block in the HTML printing as lines, the version and fingerprint beside the fields,
and a copy for the employee."""

from __future__ import annotations

import json
import re
import subprocess
from html.parser import HTMLParser
from pathlib import Path

import pytest

from policy_builder.commands.build import BuildResult
from policy_builder.i18n import catalogue
from tests.pipeline.pdf_reading import catalog, reader

FIELDS = ["employee_name", "employee_id", "department", "date", "signature"]
LABELS = {
    "en-US": ["Full name", "Employee ID", "Department", "Date", "Signature"],
    "en-GB": ["Full name", "Employee ID", "Department", "Date", "Signature"],
    "es-ES": ["Nombre y apellidos", "Número de empleado", "Departamento", "Fecha", "Firma"],
    "es-MX": ["Nombre completo", "Número de empleado", "Departamento", "Fecha", "Firma"],
}
COPIES = {
    "en": ("Company copy", "Employee copy"),
    "es": ("Ejemplar para la empresa", "Ejemplar para el empleado"),
}


def _artifacts(result: BuildResult, fmt: str) -> dict[str, Path]:
    """The per-language editions' files (the bilingual edition is for reading side by
    side; employees sign their own language's handbook)."""
    return {
        a.lang: result.directory / a.path
        for a in result.artifacts
        if a.format == fmt and "+" not in a.lang
    }


def _fingerprint(result: BuildResult) -> str:
    return str(json.loads((result.directory / "manifest.json").read_bytes())["fingerprint"])


@pytest.mark.parametrize("slug", ["acme", "banco-meridiano"])
def test_the_pdf_has_named_form_fields_for_both_copies(
    built: dict[str, BuildResult], slug: str
) -> None:
    for lang, path in _artifacts(built[slug], "pdf").items():
        pdf = reader(path)
        fields = pdf.get_fields()
        assert fields is not None
        assert list(fields) == [*FIELDS, *(f"copy_{name}" for name in FIELDS)]
        assert all(field["/FT"] == "/Tx" and field["/V"] == "" for field in fields.values())
        labels = [str(fields[name]["/TU"]) for name in FIELDS]
        assert labels == LABELS[lang]  # what a screen reader or a form filler shows


def test_the_form_is_valid_pdfa_every_field_drawn_and_printed(
    built: dict[str, BuildResult],
) -> None:
    """PDF/A forbids NeedAppearances true and widgets without an appearance; every widget
    must print."""
    pdf = reader(_artifacts(built["acme"], "pdf")["en-US"])
    form = catalog(pdf)["/AcroForm"]
    assert form["/NeedAppearances"].value is False
    widgets = [
        annotation.get_object()
        for page in pdf.pages
        for annotation in page.get("/Annots", [])
        if annotation.get_object()["/Subtype"] == "/Widget"
    ]
    assert len(widgets) == 10
    for widget in widgets:
        assert "/N" in widget["/AP"]
        assert widget["/F"] & 4  # Print
        font = form["/DR"]["/Font"]
        tokens = str(widget["/DA"]).split()  # "… /F1 7.5 Tf": the font typed text is drawn in
        assert tokens[tokens.index("Tf") - 2] in font  # an embedded font of the form's resources


def _page_texts(path: Path) -> list[str]:
    text = subprocess.run(
        ["pdftotext", "-layout", str(path), "-"], capture_output=True, check=True, text=True
    ).stdout
    return text.split("\f")


@pytest.mark.parametrize("slug", ["acme", "tonalli"])
def test_both_copies_share_one_page_with_the_version_and_fingerprint(
    built: dict[str, BuildResult], slug: str
) -> None:
    result = built[slug]
    fingerprint = _fingerprint(result)
    for lang, path in _artifacts(result, "pdf").items():
        texts = [re.sub(r"\s+", " ", page) for page in _page_texts(path) if page.strip()]
        pages = [page.upper() for page in texts]
        last = pages[-1]
        company, employee = (title.upper() for title in COPIES[lang[:2]])  # set in capitals
        assert company in last and employee in last  # one sheet, cut in two
        assert not any(company in page for page in pages[:-1])
        assert last.count(fingerprint.upper()) >= 3  # each copy and the page's footer
        assert len(re.findall(rf"\b{re.escape(result.version)}\b", last)) >= 4
        label = catalogue.glossary(lang)["fingerprint"]
        declared = re.findall(rf"\({re.escape(label)}: (\w+)\)", texts[-1])
        assert declared == [fingerprint] * 2  # as characters, never an "ﬀ" ligature


class _Form(HTMLParser):
    """The acknowledgement section's forms: each one's inputs, with their label text."""

    def __init__(self) -> None:
        super().__init__()
        self.forms: list[dict[str, str]] = []
        self._label: list[str] | None = None
        self._name = ""
        self.in_section = False

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        attributes = dict(attrs)
        if tag == "section" and attributes.get("id") == "acknowledgement":
            self.in_section = True
        if not self.in_section:
            return
        if tag == "form":
            self.forms.append({})
        elif tag == "label":
            self._label, self._name = [], ""
        elif tag == "input" and self._label is not None:
            assert attributes.get("type") == "text"
            self._name = attributes.get("name") or ""

    def handle_data(self, data: str) -> None:
        if self._label is not None:
            self._label.append(data)

    def handle_endtag(self, tag: str) -> None:
        if tag == "label" and self._label is not None:
            self.forms[-1][self._name] = "".join(self._label).strip()
            self._label = None
        elif tag == "section":
            self.in_section = False


def test_the_html_has_the_same_block_with_labelled_inputs(built: dict[str, BuildResult]) -> None:
    result = built["tonalli"]
    fingerprint = _fingerprint(result)
    for lang, path in _artifacts(result, "html").items():
        html = path.read_text(encoding="utf-8")
        parser = _Form()
        parser.feed(html)
        company, employee = parser.forms
        assert company == dict(zip(FIELDS, LABELS[lang], strict=True))
        assert employee == {f"copy_{k}": v for k, v in company.items()}
        start = html.index('id="acknowledgement"')
        section = html[start : html.index("</section>", start)]
        assert section.count(f"<code>{fingerprint}</code>") == 2
        assert all(title in section for title in COPIES[lang[:2]])


def test_the_inputs_print_as_lines(built: dict[str, BuildResult]) -> None:
    """The stylesheet draws each field as a line to write on, not a box."""
    html = _artifacts(built["acme"], "html")["en-US"].read_text(encoding="utf-8")
    rule = re.search(r"\.signing-field input \{([^}]*)\}", html)
    assert rule is not None
    assert "border: 0;" in rule[1] and "border-bottom: 1px solid" in rule[1]


def test_the_markdown_edition_keeps_lines_for_every_field(built: dict[str, BuildResult]) -> None:
    for lang, path in _artifacts(built["banco-meridiano"], "md").items():
        tail = path.read_text(encoding="utf-8").split("\n## ")[-1]
        for label in LABELS[lang]:
            assert re.search(rf"^{re.escape(label)}: _{{10,}}$", tail, re.MULTILINE), label
