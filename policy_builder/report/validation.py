"""What ``policy validate`` prints: every problem on one line, then a count; or JSON.

Problems first, then the jurisdiction hints (``file:line:col: regulations: warning:
… (hint RULE)``), then, with ``--lint``, the prose findings.
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Any, Literal

from policy_builder.chars import printable, to_json
from policy_builder.commands.validate import Invalid, Validation
from policy_builder.models import Issue
from policy_builder.report.printout import Printout, as_lines, plural

if TYPE_CHECKING:  # a cache hit imports no stage
    from policy_builder.pipeline.hints import Hint

Format = Literal["text", "json"]
FORMATS: tuple[Format, ...] = ("text", "json")


def render(validation: Validation, fmt: Format) -> Printout:
    """The text report or the JSON one, on stdout."""
    return Printout(as_lines(as_json(validation) if fmt == "json" else text(validation)))


def text(validation: Validation) -> str:
    """``file:line:col: field: message`` per problem (and warning), then a count."""
    results, warnings, hints = validation.results, validation.warnings, validation.hints
    report = [str(issue) for result in results for issue in result.issues]
    report += [str(hint) for hint in hints]
    report += [warning_line(w) for result in results for w in result.warnings]
    report += [warning_line(w) for w in warnings or ()]
    invalid = [r for r in results if not r.valid]
    problems = sum(len(r.issues) for r in results)
    total = len(results)
    noun = "config" if total == 1 else "configs"
    if invalid:
        report.append(
            f"{len(invalid)} of {total} {noun} invalid, "
            f"{problems} problem{'s' if problems != 1 else ''}"
        )
    else:
        report.append(f"{total} {noun} valid")
    if hints:
        report[-1] += f", {plural(len(hints), 'hint warning')}"
    if warnings is not None:
        report[-1] += f", {plural(len(warnings), 'prose warning')}"
    return "\n".join(report)


def as_json(validation: Validation) -> str:
    """Every config with its problems and its hints (each naming its rule), for CI;
    ``warnings`` only with ``--lint``."""
    payload: dict[str, Any] = {
        "valid": validation.valid,
        "configs": [
            {
                "file": r.file,
                "valid": r.valid,
                "issues": [issue_json(i) for i in r.issues],
                "hints": [{**issue_json(h), "hint": h.rule} for h in r.hints],
                **({"warnings": [issue_json(w) for w in r.warnings]} if r.warnings else {}),
            }
            for r in validation.results
        ],
    }
    if validation.warnings is not None:  # validate --lint
        payload["warnings"] = [issue_json(w) for w in validation.warnings]
    return to_json(payload)


def issue_json(issue: Issue | Hint) -> dict[str, object]:
    return {
        "file": issue.file,
        "line": issue.line,
        "column": issue.column,
        "path": issue.path,
        "message": issue.message,
    }


def left_out(invalid: Invalid, what: str) -> str:
    """An invalid config that a many-config command leaves out: its problems, then
    ``PATH: not reviewed (2 problems found)``; lines for stderr."""
    return as_lines(
        *map(str, invalid.issues), printable(f"{invalid.path}: {what} ({invalid.message})")
    )


def warning_line(issue: Issue) -> str:
    return printable(
        f"{issue.file}:{issue.line}:{issue.column}: {issue.path}: warning: {issue.message}"
    )
