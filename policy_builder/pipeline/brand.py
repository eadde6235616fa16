"""A company's brand colour, and whether text stays readable in it.

The handbook writes its headings and links in the accent colour on white and its
cover in white on the accent colour, so a brand colour is used only when it keeps
WCAG's AA contrast (4.5:1) against white; otherwise the default palette stays and
validation says why (a warning, not an error: the handbook still builds).
"""

from __future__ import annotations

import re
from dataclasses import dataclass

DEFAULT_ACCENT = "#1f4e79"
MIN_CONTRAST = 4.5  # WCAG 2.x AA, normal text
HEX = re.compile(r"^#(?:[0-9a-fA-F]{3}){1,2}$")
_WHITE = (1.0, 1.0, 1.0)


@dataclass(frozen=True)
class Palette:
    accent: str  # headings, links, the cover's background
    soft: str  # table headers: the accent at 8 % on white


def rgb(color: str) -> tuple[float, float, float]:
    """``#1f4e79`` or ``#fff`` → channels from 0 to 1."""
    digits = color.lstrip("#")
    if len(digits) == 3:
        digits = "".join(c * 2 for c in digits)
    return (int(digits[0:2], 16) / 255, int(digits[2:4], 16) / 255, int(digits[4:6], 16) / 255)


def luminance(channels: tuple[float, float, float]) -> float:
    """WCAG relative luminance."""

    def linear(c: float) -> float:
        return c / 12.92 if c <= 0.04045 else ((c + 0.055) / 1.055) ** 2.4

    r, g, b = (linear(c) for c in channels)
    return 0.2126 * r + 0.7152 * g + 0.0722 * b


def contrast(a: tuple[float, float, float], b: tuple[float, float, float] = _WHITE) -> float:
    """WCAG contrast ratio of two colours, from 1 to 21."""
    high, low = sorted((luminance(a), luminance(b)), reverse=True)
    return (high + 0.05) / (low + 0.05)


def problem(color: object) -> str | None:
    """Why ``color`` cannot be the handbook's accent, or ``None`` when it can."""
    if not isinstance(color, str) or not HEX.match(color):
        return None  # the schema's to report
    ratio = contrast(rgb(color))
    if ratio >= MIN_CONTRAST:
        return None
    return (
        f"{color} on white (and white on {color}) has a contrast of {ratio:.2f}:1, below "
        f"the {MIN_CONTRAST}:1 that WCAG AA asks of text; the handbook keeps its default "
        f"colour {DEFAULT_ACCENT}: choose a darker shade"
    )


def palette(color: str | None) -> Palette | None:
    """The handbook's colours for a brand colour that passes; ``None``: the defaults."""
    if color is None or not HEX.match(color) or problem(color) is not None:
        return None
    channels = rgb(color)
    soft = "".join(f"{round((0.08 * c + 0.92) * 255):02x}" for c in channels)
    accent = "".join(f"{round(c * 255):02x}" for c in channels)
    return Palette(f"#{accent}", f"#{soft}")
