"""The handbook's bundled fonts: Noto Sans and Noto Sans Mono (SIL OFL 1.1).

The PDF is drawn with these files only, never with the machine's fonts, so the same
config gives the same PDF on any machine. Validation uses ``undrawable`` to refuse
text these fonts cannot draw, instead of printing a blank box or falling back to
whatever font the machine happens to have.
"""

from __future__ import annotations

import hashlib
from dataclasses import dataclass
from functools import cache
from pathlib import Path
from typing import Literal

from policy_builder import resources

# The CSS families the PDF stylesheet names. They are deliberately not "Noto Sans", so
# fontconfig can never swap in a system copy of another version.
SANS = "Handbook Sans"
MONO = "Handbook Mono"


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
    from fontTools.ttLib import TTFont

    common: set[int] | None = None
    for face in FACES:
        if face.family != SANS:
            continue
        with TTFont(font_path(face), lazy=True) as font:
            cmap = set(font.getBestCmap())
        common = cmap if common is None else common & cmap
    return frozenset(common or ())


def undrawable(text: str) -> list[str]:
    """The distinct characters of ``text`` the bundled fonts cannot draw, in order."""
    drawable = _drawable()
    missing: dict[str, None] = {}
    for char in text:
        if char not in "\n\t" and ord(char) not in drawable:
            missing[char] = None
    return list(missing)
