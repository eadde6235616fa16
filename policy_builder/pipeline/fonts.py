"""The handbook's bundled fonts: Noto Sans and Noto Sans Mono (SIL OFL 1.1), and the
form fields' Latin-only subset of Noto Sans Regular (``form_font.py``).

The PDF is drawn with these files only, never with the machine's fonts, so the same
config gives the same PDF on any machine. Validation uses ``undrawable`` to refuse
text these fonts cannot draw, instead of printing a blank box or falling back to
whatever font the machine happens to have.
"""

from __future__ import annotations

import hashlib
import struct
from dataclasses import dataclass
from functools import cache
from pathlib import Path
from typing import Literal

from policy_builder import resources

# The CSS families the PDF stylesheet names. They are deliberately not "Noto Sans", so
# fontconfig can never swap in a system copy of another version.
SANS = "Handbook Sans"
MONO = "Handbook Mono"
# The acknowledgement's form fields: WeasyPrint embeds their font whole, so it is small.
FORM = "Policy Form Sans"


@dataclass(frozen=True)
class Face:
    file: str
    family: str  # the CSS family the handbook uses
    weight: int
    style: Literal["normal", "italic"]


FACES: tuple[Face, ...] = (
    Face("NotoSans-Regular.ttf", SANS, 400, "normal"),
    Face("NotoSans-Bold.ttf", SANS, 700, "normal"),
    Face("NotoSans-Italic.ttf", SANS, 400, "italic"),
    Face("NotoSans-BoldItalic.ttf", SANS, 700, "italic"),
    Face("NotoSansMono-Regular.ttf", MONO, 400, "normal"),
    Face("NotoSansMono-Bold.ttf", MONO, 700, "normal"),
    Face("PolicyFormSans-Regular.ttf", FORM, 400, "normal"),
)


@dataclass(frozen=True)
class FontInfo:
    file: str
    name: str  # the font's own full name, e.g. "Noto Sans Bold"
    version: str  # e.g. "2.004"
    sha256: str


def fonts_dir() -> Path:
    return resources.templates_dir() / "common" / "fonts"


def font_path(face: Face) -> Path:
    return fonts_dir() / face.file


def font_face_css() -> str:
    """``@font-face`` rules for every bundled face, as ``file:`` URLs WeasyPrint reads."""
    rules = []
    for face in FACES:
        rules.append(
            f'@font-face {{ font-family: "{face.family}"; font-weight: {face.weight}; '
            f'font-style: {face.style}; src: url("{font_path(face).as_uri()}"); }}'
        )
    return "\n".join(rules)


@cache
def info() -> tuple[FontInfo, ...]:
    """Name, version and hash of every bundled font file (for the manifest and doctor)."""
    from fontTools.ttLib import TTFont

    found = []
    for face in FACES:
        path = font_path(face)
        data = path.read_bytes()
        with TTFont(path, lazy=True) as font:
            full_name = str(font["name"].getDebugName(4))
            version = str(font["name"].getDebugName(5) or "").split(";")[0]
        found.append(
            FontInfo(
                face.file,
                full_name,
                version.removeprefix("Version ").strip(),
                hashlib.sha256(data).hexdigest(),
            )
        )
    return tuple(found)


@cache
def _drawable() -> frozenset[int]:
    """Code points every text face (regular, bold, italic, bold italic) can draw."""
    common: set[int] | None = None
    for face in FACES:
        if face.family != SANS:
            continue
        cmap = set(code_points(font_path(face)))
        common = cmap if common is None else common & cmap
    return frozenset(common or ())


# The Unicode subtables fontTools' getBestCmap prefers, in its order.
_BEST_CMAPS = ((3, 10), (0, 6), (0, 4), (3, 1), (0, 3), (0, 2), (0, 1), (0, 0))


def code_points(path: Path) -> frozenset[int]:
    """The characters a font maps to a glyph, as fontTools' ``getBestCmap`` lists them.

    Read with ``struct`` from the cmap's format 4 or 12 subtable: importing fontTools
    and parsing its table objects took a tenth of ``policy validate``'s time.
    """
    data = path.read_bytes()
    tables = {
        data[at : at + 4]: struct.unpack_from(">I", data, at + 8)[0]
        for at in range(12, 12 + 16 * struct.unpack_from(">H", data, 4)[0], 16)
    }
    cmap = tables.get(b"cmap")
    if cmap is not None:
        subtables = {}
        for at in range(cmap + 4, cmap + 4 + 8 * struct.unpack_from(">H", data, cmap + 2)[0], 8):
            platform, encoding, offset = struct.unpack_from(">HHI", data, at)
            subtables[platform, encoding] = cmap + offset
        for key in _BEST_CMAPS:
            if key in subtables:
                codes = _subtable_codes(data, subtables[key])
                if codes is not None:
                    return codes
                break
    return _fonttools_code_points(path)


def _subtable_codes(data: bytes, at: int) -> frozenset[int] | None:
    """The mapped characters of a format 4 or 12 subtable (None for another format)."""
    fmt = struct.unpack_from(">H", data, at)[0]
    codes: set[int] = set()
    if fmt == 4:
        count = struct.unpack_from(">H", data, at + 6)[0] // 2
        ends = struct.unpack_from(f">{count}H", data, at + 14)
        starts = struct.unpack_from(f">{count}H", data, at + 16 + 2 * count)
        deltas = struct.unpack_from(f">{count}H", data, at + 16 + 4 * count)
        offsets_at = at + 16 + 6 * count
        offsets = struct.unpack_from(f">{count}H", data, offsets_at)
        for i in range(count - 1):  # the last segment only closes the table (0xFFFF)
            for code in range(starts[i], ends[i] + 1):
                if offsets[i] == 0:
                    glyph = (code + deltas[i]) & 0xFFFF
                else:
                    where = offsets_at + 2 * i + offsets[i] + 2 * (code - starts[i])
                    glyph = struct.unpack_from(">H", data, where)[0]
                if glyph:
                    codes.add(code)
        return frozenset(codes)
    if fmt == 12:
        groups = struct.unpack_from(">I", data, at + 12)[0]
        for first, last, glyph in struct.iter_unpack(">III", data[at + 16 : at + 16 + 12 * groups]):
            codes.update(range(first + (glyph == 0), last + 1))
        return frozenset(codes)
    return None


def _fonttools_code_points(path: Path) -> frozenset[int]:
    from fontTools.ttLib import TTFont

    with TTFont(path, lazy=True) as font:
        return frozenset(font.getBestCmap() or ())


def undrawable(text: str) -> list[str]:
    """The distinct characters of ``text`` the bundled fonts cannot draw, in order."""
    drawable = _drawable()
    missing: dict[str, None] = {}
    for char in text:
        if char not in "\n\t" and ord(char) not in drawable:
            missing[char] = None
    return list(missing)
