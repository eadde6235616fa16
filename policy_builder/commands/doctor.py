"""``policy doctor``: what the handbook is rendered with, and what is missing.

Each problem comes with the command that fixes it on Debian or Ubuntu, so a new
machine can be set up from the message alone.
"""

from __future__ import annotations

import platform
from dataclasses import dataclass

from policy_builder.errors import ExitCode
from policy_builder.pipeline import fonts
from policy_builder.version import __version__

INSTALL = ".ci/install-system-packages (or: sudo apt-get install {packages})"


@dataclass(frozen=True)
class Finding:
    what: str
    fix: str
    required: bool  # False: a note; the handbook is still built, and built the same


@dataclass(frozen=True)
class Diagnosis:
    tool: str
    python: str
    system: str
    renderer: dict[str, str]  # name → version, in the order people read them
    subsetter: bool | None  # HarfBuzz's subset library; None when the renderer did not load
    fonts: tuple[fonts.FontInfo, ...]
    findings: tuple[Finding, ...]

    @property
    def healthy(self) -> bool:
        return not any(f.required for f in self.findings)

    @property
    def exit_code(self) -> ExitCode:
        return ExitCode.OK if self.healthy else ExitCode.FOUND_WANTING


def diagnose() -> Diagnosis:
    """``policy doctor``: load the renderer and the bundled fonts the way a build
    does, and say what is missing."""
    findings: list[Finding] = []
    renderer: dict[str, str] = {}
    subsetter: bool | None = None
    try:
        from policy_builder.pipeline import pdf_engine as pdf_renderer

        found = pdf_renderer.versions()
    except (OSError, ImportError) as exc:
        findings.append(
            Finding(
                f"WeasyPrint cannot load its system libraries ({_first_line(exc)})",
                INSTALL.format(
                    packages="libpango-1.0-0 libpangoft2-1.0-0 libharfbuzz0b libfontconfig1"
                ),
                required=True,
            )
        )
    else:
        renderer = {
            "WeasyPrint": found.weasyprint,
            "pydyf": found.pydyf,
            "fontTools": found.fonttools,
            "Pango": found.pango,
            "HarfBuzz": found.harfbuzz,
        }
        subsetter = found.harfbuzz_subset
        if not subsetter:
            findings.append(
                Finding(
                    "HarfBuzz's subset library is missing: PDFs are unaffected (policy-builder "
                    "subsets fonts with fontTools), but WeasyPrint will require it in a future "
                    "version",
                    INSTALL.format(packages="libharfbuzz-subset0"),
                    required=False,
                )
            )
    try:
        bundled = fonts.info()
    except OSError as exc:
        bundled = ()
        findings.append(
            Finding(
                f"the bundled fonts cannot be read ({exc})",
                "reinstall policy-builder (pip install --force-reinstall policy-builder)",
                required=True,
            )
        )
    return Diagnosis(
        tool=__version__,
        python=platform.python_version(),
        system=f"{platform.system()} {platform.machine()}",
        renderer=renderer,
        subsetter=subsetter,
        fonts=bundled,
        findings=tuple(findings),
    )


def _first_line(exc: BaseException) -> str:
    return (str(exc).strip().splitlines() or [type(exc).__name__])[0]
