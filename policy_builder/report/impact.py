"""What ``policy impact`` prints: the regulation, a table of the policies citing it
that fits the width (80 columns by default), the invalid configs one line each, and
a summary; or JSON for CI."""

from __future__ import annotations

from policy_builder.chars import printable, to_json
from policy_builder.commands.impact import Citing, Impact
from policy_builder.report import table
from policy_builder.report.printout import Printout, as_lines, plural
from policy_builder.report.validation import issue_json

_HEADER = ("policy", "version", "effective", "last review", "cited", "review")
_NARROW_DROPS = (2, 1)  # the effective date, then the version


def render(result: Impact, *, json_output: bool, width: int = 80) -> Printout:
    if json_output:
        return Printout(as_lines(as_json(result)))
    problems = as_lines(*(printable(str(i)) for i in result.problems)) if result.problems else ""
    return Printout(as_lines(text(result, width)), problems)


def text(result: Impact, width: int = 80) -> str:
    entry = result.entry
    where = f"templates/regulations/{entry.id}.yaml, bundled" if entry.bundled else entry.file
    if result.since:
        changed = f"changed {result.since} (--since; the catalogue's text is as of {entry.as_of})"
    else:
        changed = f"text as of {entry.as_of} (catalogue entry {where})"
    lines = table.wrap(f"{entry.id}: {entry.citation}", width)
    lines += table.wrap(f"  {changed}", width)
    rows = [_row(p) for p in result.policies]
    if rows:
        keep = table.fit(_HEADER, rows, width, _NARROW_DROPS)
        lines.append("")
        if keep is not None:
            lines += table.aligned(_HEADER, rows, keep)
        else:
            lines += [line for row in rows for line in table.stacked(_HEADER, row, width)]
    vias = [p for p in result.policies if p.via]
    for p in vias:
        lines += table.wrap(f"note: {p.slug} cites it through its base {p.via}", width)
    lines += ["", *table.wrap(summary(result), width)]
    return "\n".join(lines)


def summary(result: Impact) -> str:
    citing = len(result.policies)
    due = len(result.needing_review)
    noun = "policy" if citing == 1 else "policies"
    verb = "cites" if citing == 1 else "cite"
    text = f"{citing} {noun} of {result.checked} {verb} {result.regulation}"
    if citing:
        text += (
            f"; {due} need{'s' if due == 1 else ''} review (last review before {result.changed})"
        )
    if result.problems:
        text += f"; {plural(len(result.problems), 'problem')} in configs that could not be checked"
    return text + "."


def _row(p: Citing) -> list[str]:
    return [
        printable(p.slug),
        p.version,
        p.effective_date.isoformat(),
        p.last_review.isoformat(),
        "base" if p.via else "direct",
        "NEEDS REVIEW" if p.needs_review else "ok",
    ]


def as_json(result: Impact) -> str:
    entry = result.entry
    return to_json(
        {
            "regulation": {
                "id": entry.id,
                "citation": entry.citation,
                "as_of": entry.as_of.isoformat(),
                "file": entry.file,
                "bundled": entry.bundled,
            },
            "changed": result.changed.isoformat(),
            "since": result.since.isoformat() if result.since else None,
            "checked": result.checked,
            "policies": [
                {
                    "file": p.file,
                    "slug": p.slug,
                    "version": p.version,
                    "effective_date": p.effective_date.isoformat(),
                    "last_review": p.last_review.isoformat(),
                    "cited": "through_base" if p.via else "direct",
                    "base": p.via,
                    "needs_review": p.needs_review,
                }
                for p in result.policies
            ],
            "problems": [issue_json(i) for i in result.problems],
            "exit_code": int(result.exit_code),
        }
    )
