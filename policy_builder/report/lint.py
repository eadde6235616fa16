"""What ``policy i18n lint`` prints: one line per finding, then a count."""

from __future__ import annotations

from policy_builder.commands.lint import Review
from policy_builder.report.printout import Printout, as_lines, plural
from policy_builder.report.validation import left_out


def render(review: Review) -> Printout:
    """The findings on stdout; each config left out, and why, on stderr."""
    skipped = "".join(left_out(invalid, "not reviewed") for invalid in review.skipped)
    return Printout(as_lines(text(review)), skipped)


def text(review: Review) -> str:
    """Every finding on one line, ``FILE [LANG] § SECTION: message``, then a count."""
    findings = review.findings
    report = [str(f) for f in findings]
    handbooks = len({(f.file, f.lang) for f in findings})
    if findings:
        report.append(
            f"{plural(len(findings), 'finding')} in {plural(handbooks, 'handbook')} "
            f"of {plural(review.configs, 'config')}"
        )
    else:
        report.append(f"{plural(review.configs, 'config')} reviewed: no findings")
    return "\n".join(report)
