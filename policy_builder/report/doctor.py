"""What ``policy doctor`` prints: versions, fonts, then each problem and its fix."""

from __future__ import annotations

from policy_builder.chars import to_json
from policy_builder.commands.doctor import Diagnosis
from policy_builder.report.printout import Printout, as_lines


def render(diagnosis: Diagnosis, *, json_output: bool) -> Printout:
    """The text report or the JSON one, on stdout."""
    return Printout(as_lines(as_json(diagnosis) if json_output else text(diagnosis)))


def text(diagnosis: Diagnosis) -> str:
    """The renderer's and fonts' versions, then each problem or note with its fix."""
    report = [
        f"policy-builder {diagnosis.tool} (Python {diagnosis.python}, {diagnosis.system})",
        "renderer:",
    ]
    for name, version in diagnosis.renderer.items():
        report.append(f"  {name:<16} {version}")
    if diagnosis.subsetter is not None:
        report.append(
            f"  {'HarfBuzz subset':<16} {'present' if diagnosis.subsetter else 'missing'}"
        )
    report.append("fonts (bundled; the PDF uses no other):")
    for font in diagnosis.fonts:
        report.append(f"  {font.name:<24} {font.version:<7} {font.file}")
    for finding in diagnosis.findings:
        label = "problem" if finding.required else "note"
        report.append(f"{label}: {finding.what}; fix: {finding.fix}")
    if diagnosis.healthy:
        report.append("ok: everything policy-builder needs to build handbooks is installed")
    return "\n".join(report)


def as_json(diagnosis: Diagnosis) -> str:
    """The same, for scripts."""
    payload = {
        "tool_version": diagnosis.tool,
        "python": diagnosis.python,
        "system": diagnosis.system,
        "renderer": diagnosis.renderer,
        "harfbuzz_subset": diagnosis.subsetter,
        "fonts": [vars(font) for font in diagnosis.fonts],
        "healthy": diagnosis.healthy,
        "findings": [vars(finding) for finding in diagnosis.findings],
    }
    return to_json(payload)
