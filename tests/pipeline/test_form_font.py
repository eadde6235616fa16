"""The form fields' font, Policy Form Sans: the committed file is the Latin subset of the
bundled Noto Sans Regular that ``form_font`` makes, and it is what keeps PDFs small."""

from __future__ import annotations

from pathlib import Path

import pytest
from fontTools.pens.recordingPen import DecomposingRecordingPen
from fontTools.ttLib import TTFont

from policy_builder.commands.build import BuildResult
from policy_builder.pipeline import fonts, form_font
from tests.conftest import EXAMPLES
from tests.pipeline.pdf_reading import catalog, reader

COMMITTED = fonts.fonts_dir() / form_font.TARGET
SOURCE = fonts.fonts_dir() / form_font.SOURCE
# What employees type: Spanish and English names, IDs, departments and dates.
TYPED = "José Ñúñez-Güell, Mª Ángeles O'Brien Łukasz Šťastný Çağla Øyvind 12/03/2026 \u2013 №"


def _glyphs(path: Path) -> dict[int, tuple[object, int]]:
    """Each mapped character's outline (components drawn in) and advance width."""
    with TTFont(path) as font:
        glyphs = font.getGlyphSet()
        drawn = {}
        for code, name in font.getBestCmap().items():
            pen = DecomposingRecordingPen(glyphs)
            glyphs[name].draw(pen)
            drawn[code] = (pen.value, glyphs[name].width)
        return drawn


def test_the_committed_form_font_is_what_form_font_makes(tmp_path: Path) -> None:
    """Regenerating gives the same characters, outlines and widths (the same bytes with
    the fontTools this was made with)."""
    made = tmp_path / "made.ttf"
    made.write_bytes(form_font.make())
    assert _glyphs(made) == _glyphs(COMMITTED)
    with TTFont(COMMITTED) as font:
        assert font["name"].getDebugName(1) == fonts.FORM
        assert font["head"].modified == TTFont(SOURCE)["head"].modified


def test_it_is_the_latin_part_of_the_bundled_noto_sans_regular() -> None:
    source, subset = _glyphs(SOURCE), _glyphs(COMMITTED)
    assert list(subset) == form_font.wanted(fonts.code_points(SOURCE))
    assert all(subset[code] == source[code] for code in subset)  # same outlines, same widths
    assert fonts.code_points(COMMITTED) == frozenset(subset)  # the struct reader agrees
    for first, last in form_font.RANGES:  # every letter of the Latin blocks is there
        letters = [c for c in range(first, last + 1) if chr(c).isalpha()]
        assert all(c in subset for c in letters), hex(first)
    assert [c for c in TYPED if ord(c) not in subset] == ["№"]  # outside the blocks
    assert COMMITTED.stat().st_size < 40_000 < SOURCE.stat().st_size // 10


def test_the_form_font_is_declared_and_served_with_the_bundled_ones() -> None:
    assert form_font.TARGET in {face.file for face in fonts.FACES}
    assert f'font-family: "{fonts.FORM}"' in fonts.font_face_css()
    # Validation reads the text faces only: Cyrillic, which the form font lacks, passes.
    assert ord("Ж") not in fonts.code_points(COMMITTED)
    assert fonts.undrawable("Жанна 漢") == ["漢"]
    assert form_font.main(["--check"]) == 0


@pytest.mark.parametrize("slug", [p.stem for p in EXAMPLES])
def test_the_fields_type_in_the_small_form_font_so_the_pdf_stays_small(
    built: dict[str, BuildResult], slug: str
) -> None:
    """With the fields in Noto Sans, WeasyPrint embedded the whole 500 kB font and every
    PDF weighed about 350 kB; with the form font they are about a third of that."""
    for artifact in (a for a in built[slug].artifacts if a.format == "pdf"):
        path = built[slug].directory / artifact.path
        assert path.stat().st_size < 200_000, artifact.path
        if "+" in artifact.lang:  # the bilingual edition is read side by side, not signed
            continue
        pdf = reader(path)
        resources = catalog(pdf)["/AcroForm"]["/DR"]["/Font"]
        widgets = [
            annotation.get_object()
            for page in pdf.pages
            for annotation in page.get("/Annots", [])
            if annotation.get_object()["/Subtype"] == "/Widget"
        ]
        assert widgets
        for widget in widgets:
            tokens = str(widget["/DA"]).split()
            font = resources[tokens[tokens.index("Tf") - 2]].get_object()
            assert str(font["/BaseFont"]).endswith("+Policy-Form-Sans")
            descriptor = font["/DescendantFonts"][0].get_object()["/FontDescriptor"]
            embedded = descriptor.get_object()["/FontFile2"].get_object().get_data()
            assert embedded == COMMITTED.read_bytes()  # the small font, whole
