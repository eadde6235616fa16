"""What ``policy i18n check`` and ``policy i18n confirm`` print."""

from __future__ import annotations

from policy_builder.chars import printable, to_json
from policy_builder.commands.translations import Check, Confirmed
from policy_builder.i18n.lock import as_dict
from policy_builder.report.printout import Printout, as_lines, plural


def check(result: Check, *, as_json: bool = False) -> Printout:
    """One line per problem, ``templates/FILE:LINE: UNIT: message``, then a summary."""
    if as_json:
        payload = {
            "templates": str(result.root),
            "languages": list(result.languages),
            "units": result.units,
            "problems": [as_dict(p) for p in result.problems],
        }
        return Printout(to_json(payload) + "\n")
    lines = [
        printable(f"{result.root / p.file}:{p.line}: {p.unit}: {p.message}")
        for p in result.problems
    ]
    langs = ", ".join(result.languages)
    if result.problems:
        summary = f"{plural(len(result.problems), 'problem')} in {result.units} units ({langs})"
    else:
        summary = f"{result.units} units in step in every language ({langs}); none stale"
    return Printout(as_lines(*lines, summary))


def confirmed(result: Confirmed) -> Printout:
    langs = ", ".join(result.languages)
    return Printout(
        as_lines(printable(f"confirmed the {langs} text of {result.units} units in {result.lock}"))
    )
