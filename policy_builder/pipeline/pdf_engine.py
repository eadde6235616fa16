"""What the PDF is rendered with: WeasyPrint and the libraries under it.

``versions()`` goes into each manifest that lists a PDF, so an auditor knows what
reproduces it; ``policy doctor`` prints it with the install hints from ``probe()``.
"""

from __future__ import annotations

import ctypes
import ctypes.util
from dataclasses import dataclass
from importlib import metadata


@dataclass(frozen=True)
class Renderer:
    weasyprint: str
    pydyf: str
    fonttools: str
    pango: str
    harfbuzz: str
    harfbuzz_subset: bool  # present or not, the PDF is the same (pdf.py subsets with fontTools)

    def manifest(self) -> dict[str, str]:
        """The versions that decide a PDF's bytes (the subsetter's presence does not)."""
        return {
            "weasyprint": self.weasyprint,
            "pydyf": self.pydyf,
            "fonttools": self.fonttools,
            "pango": self.pango,
            "harfbuzz": self.harfbuzz,
        }


def package_version(name: str) -> str:
    try:
        return metadata.version(name)
    except metadata.PackageNotFoundError:
        return "not installed"


def versions() -> Renderer:
    """The renderer in this process; raises ``OSError`` when Pango cannot be loaded."""
    from weasyprint.text import ffi

    number = int(ffi.pango.pango_version())
    pango = f"{number // 10000}.{number // 100 % 100}.{number % 100}"
    return Renderer(
        weasyprint=package_version("weasyprint"),
        pydyf=package_version("pydyf"),
        fonttools=package_version("fonttools"),
        pango=pango,
        harfbuzz=_harfbuzz_version(),
        harfbuzz_subset=ffi.harfbuzz_subset is not None,
    )


def _harfbuzz_version() -> str:
    name = ctypes.util.find_library("harfbuzz") or "libharfbuzz.so.0"
    try:
        library = ctypes.CDLL(name)
    except OSError:
        return "unknown"
    library.hb_version_string.restype = ctypes.c_char_p
    return str(library.hb_version_string().decode())
