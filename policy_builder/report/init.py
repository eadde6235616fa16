"""What ``policy init`` prints: where the starter config is, and what to do next."""

from __future__ import annotations

from policy_builder.chars import printable
from policy_builder.commands.init import Starter
from policy_builder.report.printout import Printout, as_lines


def render(starter: Starter) -> Printout:
    path = starter.path
    return Printout(
        as_lines(printable(f"wrote {path}; fill it in, then run: policy validate {path}"))
    )
