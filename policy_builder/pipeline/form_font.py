"""The form fields' font: "Policy Form Sans", a Latin-only subset of Noto Sans Regular.

WeasyPrint embeds a font used by a form field whole, never subset (a PDF viewer draws
what the employee types with it), and every other use of the same face with it: with
the fields in the handbook's own Noto Sans, every PDF carried the whole 500 kB font.
The fields therefore get a face of their own, cut from the bundled Noto Sans Regular
to the characters a Spanish or English name, ID, department or date needs: Basic
Latin, Latin-1 Supplement, Latin Extended-A and General Punctuation. Only that small
face is embedded whole; the handbook's text is subset as before.

The subset is committed (``templates/common/fonts/PolicyFormSans-Regular.ttf``), so
builds do not depend on fontTools' subsetter; this module makes it, and the tests check
that the committed file is what it makes. Regenerate with
``python -m policy_builder.pipeline.form_font``.
"""

from __future__ import annotations

import io
import sys
from pathlib import Path

from policy_builder.pipeline import fonts

SOURCE = "NotoSans-Regular.ttf"
TARGET = "PolicyFormSans-Regular.ttf"

# Basic Latin, Latin-1 Supplement, Latin Extended-A, General Punctuation.
RANGES = ((0x0020, 0x007E), (0x00A0, 0x00FF), (0x0100, 0x017F), (0x2000, 0x206F))

# The subset is renamed (OFL 1.1 allows it; Noto Sans reserves no name), so no one takes
# it for the whole Noto Sans and the PDF names it apart from the handbook's text face.
_NAMES = {
    1: fonts.FORM,
    3: f"2.004;GOOG;{fonts.FORM.replace(' ', '')}-Regular",
    4: f"{fonts.FORM} Regular",
    6: f"{fonts.FORM.replace(' ', '')}-Regular",
}


def wanted(source: frozenset[int]) -> list[int]:
    """The code points of ``RANGES`` that the source font maps, in order."""
    return [code for first, last in RANGES for code in range(first, last + 1) if code in source]


def make(source: Path | None = None) -> bytes:
    """The form font's bytes, made from the bundled Noto Sans Regular.

    Outlines and advance widths are the source's; hinting, glyph substitution and
    positioning (which a form field's text never uses), glyph names and the digital
    signature are left out. The source's dates are kept, so the bytes do not depend
    on when they are made.
    """
    from fontTools import subset
    from fontTools.ttLib import TTFont

    path = source or fonts.fonts_dir() / SOURCE
    options = subset.Options()
    options.layout_features = []
    options.drop_tables += ["GSUB", "GPOS", "GDEF", "DSIG"]
    options.hinting = False
    options.glyph_names = False
    options.notdef_outline = True
    options.name_IDs = [0, 1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11, 12, 13, 14]
    options.name_languages = [0x409]
    with TTFont(path, recalcTimestamp=False) as font:
        subsetter = subset.Subsetter(options)
        subsetter.populate(unicodes=wanted(fonts.code_points(path)))
        subsetter.subset(font)
        for record in font["name"].names:
            if record.nameID in _NAMES:
                record.string = _NAMES[record.nameID]
        out = io.BytesIO()
        font.save(out)
    return out.getvalue()


def main(argv: list[str] | None = None) -> int:
    """Write the form font next to the bundled fonts (``--check``: only compare)."""
    args = sys.argv[1:] if argv is None else argv
    target = fonts.fonts_dir() / TARGET
    made = make()
    if "--check" in args:
        same = target.is_file() and target.read_bytes() == made
        print(f"{target}: {'up to date' if same else 'differs from what fontTools makes'}")
        return 0 if same else 1
    target.write_bytes(made)
    print(f"{target}: {len(made)} bytes")
    return 0


if __name__ == "__main__":  # pragma: no cover
    sys.exit(main())
