"""What ``policy status`` prints: a table that fits the terminal, notes, a summary; or JSON.

Words come from the catalogue of the report's language (``i18n.wording``), so the
table reads the same in every language it is asked for.
"""

from __future__ import annotations

import datetime as dt

from policy_builder.chars import printable, to_json
from policy_builder.commands.status import DUE_SOON_DAYS, PolicyStatus, Portfolio
from policy_builder.i18n.wording import count, report_words
from policy_builder.report import table
from policy_builder.report.printout import Printout, as_lines
from policy_builder.report.validation import issue_json

_STATUS_COLUMNS = (
    "policy",
    "company",
    "version",
    "effective",
    "last_review",
    "next_review",
    "due",
    "build",
)
# What a narrow terminal leaves out first: the company (the slug names the policy),
# then the last review (the next one is derived from it), then the effective date.
_NARROW_DROPS = (1, 4, 3)


def render(
    portfolio: Portfolio, lang: str, *, json_output: bool, terminal: bool, width: int
) -> Printout:
    """JSON; else the table ``width`` wide, coloured by rich on a terminal, plain in a pipe."""
    if json_output:
        return Printout(as_lines(as_json(portfolio, lang)))
    if terminal:
        return Printout(rich_table(portfolio, width, lang))
    return Printout(as_lines(text(portfolio, lang, width)))


def text(portfolio: Portfolio, lang: str = "en", width: int = 80) -> str:
    """A plain table (no colour) for logs and pipes, then notes and a summary; it fits ``width``."""
    rows = portfolio.rows
    header, cells = _status_table(rows, lang)
    keep = table.fit(header, cells, width, _NARROW_DROPS)
    if keep is not None:
        drawn = table.aligned(header, cells, keep)
    else:
        drawn = [line for row in cells for line in table.stacked(header, row, width)]
    extra = [*_status_notes(rows, lang), summary(portfolio, lang)]
    return "\n".join([*drawn, *(part for line in extra for part in table.wrap(line, width))])


def rich_table(portfolio: Portfolio, width: int, lang: str = "en") -> str:
    """The same table for a terminal, drawn by rich: overdue in red, due soon in yellow."""
    import io

    from rich.console import Console
    from rich.table import Table
    from rich.text import Text

    rows = portfolio.rows
    header, cells = _status_table(rows, lang)
    keep = table.fit(header, cells, width, _NARROW_DROPS)
    buffer = io.StringIO()
    console = Console(file=buffer, force_terminal=True, width=width, highlight=False)
    styles = [
        "red" if r.overdue or r.build == "invalid" else "yellow" if r.due_soon else "" for r in rows
    ]
    if keep is None:  # too narrow for any table: one block per policy
        for line_cells, style in zip(cells, styles, strict=True):
            for line in table.stacked(header, line_cells, width):
                console.print(Text(line, style=style), no_wrap=True)
    else:
        grid = Table(box=None, padding=(0, table.GAP, 0, 0), pad_edge=False, header_style="bold")
        for i in keep:
            grid.add_column(header[i], no_wrap=True)
        for row, line_cells, style in zip(rows, cells, styles, strict=True):
            shown = [Text(line_cells[i]) for i in keep]
            if keep[-1] == len(header) - 1:
                shown[-1].stylize(_BUILD_STYLES.get(row.build, ""))
            grid.add_row(*shown, style=style)
        console.print(grid)
    for line in [*_status_notes(rows, lang), summary(portfolio, lang)]:
        console.print(Text(line))
    return buffer.getvalue()


_BUILD_STYLES = {"current": "green", "missing": "yellow", "stale": "yellow", "tampered": "red"}


def as_json(portfolio: Portfolio, lang: str = "en") -> str:
    """One object per policy, dates in ISO format; ``due`` worded in ``lang``."""

    def iso(day: dt.date | None) -> str | None:
        return day.isoformat() if day else None

    payload = [
        {
            "file": r.file,
            "slug": r.slug,
            "company": r.company,
            "version": r.version,
            "effective_date": iso(r.effective_date),
            "last_review": iso(r.last_review),
            "next_review": iso(r.next_review),
            "days": r.days,
            "overdue": r.overdue,
            "due": _due(r.days, lang),
            "build": r.build,
            "message": r.message,
            "issues": [issue_json(i) for i in r.issues],
            "needs_review": r.needs_review,
            "changed_regulations": [
                {"id": rid, "as_of": as_of.isoformat()} for rid, as_of in r.changed_regulations
            ],
        }
        for r in portfolio.rows
    ]
    return to_json(payload)


def summary(portfolio: Portfolio, lang: str = "en") -> str:
    """``3 policies: 1 overdue, 1 due within 30 days, 1 build missing``."""
    rows = portfolio.rows
    w = report_words(lang, "status")
    counts = [
        ("overdue", sum(r.overdue for r in rows)),
        ("due_soon", sum(r.due_soon for r in rows)),
        *((state, sum(r.build == state for r in rows)) for state in _COUNTED_STATES),
    ]
    parts = [count(w[f"count_{what}"], n, lang, days=DUE_SOON_DAYS) for what, n in counts if n]
    return str(
        w["summary"].format(
            policies=count(w["policies"], len(rows), lang),
            counts=", ".join(parts) or w["all_good"],
        )
    )


_COUNTED_STATES = ("missing", "stale", "tampered", "invalid")


def _status_table(rows: tuple[PolicyStatus, ...], lang: str) -> tuple[list[str], list[list[str]]]:
    w = report_words(lang, "status")
    return [w["columns"][c] for c in _STATUS_COLUMNS], [_status_cells(r, lang) for r in rows]


def _status_cells(row: PolicyStatus, lang: str) -> list[str]:
    def day(value: dt.date | None) -> str:
        return value.isoformat() if value else "-"

    cells = [
        row.slug,
        row.company or "-",
        row.version or "-",
        day(row.effective_date),
        day(row.last_review),
        day(row.next_review),
        _due(row.days, lang) or "-",
        report_words(lang, "status")["builds"][row.build],
    ]
    return [printable(cell) for cell in cells]


def _status_notes(rows: tuple[PolicyStatus, ...], lang: str) -> list[str]:
    """Why a build is stale or tampered, and every problem of an invalid config."""
    w = report_words(lang, "status")
    notes = []
    for row in rows:
        if row.build == "invalid":
            # the count worded in ``lang``: the core's message ("2 problems found") is English
            problems = count(w["problems"], len(row.issues), lang)
            notes.append(
                w["invalid_note"].format(file=row.file, message=row.message, problems=problems)
            )
            notes += [f"  {i}" for i in row.issues]
        elif row.message:
            build = w["builds"][row.build]
            notes.append(w["note"].format(file=row.file, build=build, message=row.message))
        if row.changed_regulations:
            changed = ", ".join(f"{rid} ({as_of})" for rid, as_of in row.changed_regulations)
            last = row.last_review.isoformat() if row.last_review else "-"
            notes.append(
                w["review_note"].format(file=row.file, regulations=changed, last_review=last)
            )
    return [printable(note) for note in notes]


def _due(days: int | None, lang: str = "en") -> str | None:
    if days is None:
        return None
    w = report_words(lang, "status")
    if days == 0:
        return str(w["due_today"])
    return count(w["overdue"] if days < 0 else w["due_in"], abs(days), lang)
