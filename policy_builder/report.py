"""Everything a person reads on the terminal, and the JSON CI reads."""

from __future__ import annotations

import datetime as dt
from collections.abc import Sequence
from pathlib import Path

from policy_builder.build import BuildResult, CheckResult
from policy_builder.changelog import PolicyHistory
from policy_builder.chars import printable, to_json
from policy_builder.models import Issue
from policy_builder.status import PolicyStatus


def validation_text(results: Sequence[CheckResult]) -> str:
    lines = [str(issue) for result in results for issue in result.issues]
    invalid = [r for r in results if not r.valid]
    problems = sum(len(r.issues) for r in results)
    total = len(results)
    noun = "config" if total == 1 else "configs"
    if invalid:
        lines.append(
            f"{len(invalid)} of {total} {noun} invalid, "
            f"{problems} problem{'s' if problems != 1 else ''}"
        )
    else:
        lines.append(f"{total} {noun} valid")
    return "\n".join(lines)


def validation_json(results: Sequence[CheckResult]) -> str:
    payload = {
        "valid": all(r.valid for r in results),
        "configs": [
            {
                "file": r.file,
                "valid": r.valid,
                "issues": [_issue_json(i) for i in r.issues],
            }
            for r in results
        ],
    }
    return to_json(payload)


def build_text(result: BuildResult, cwd: Path) -> str:
    folder = _relative(result.directory, cwd)
    if result.state == "unchanged":
        return printable(
            f"{result.file}: {result.slug} {result.version} is already published in "
            f"{folder}/ from this content; nothing to do"
        )
    total = sum(a.bytes for a in result.artifacts)
    verb = "rebuilt with --force" if result.state == "forced" else "built"
    lines = [
        f"{result.file}: {verb} {result.slug} {result.version} → {folder}/ "
        f"({len(result.artifacts)} files, {_size(total)})"
    ]
    lines += [f"  {a.path:<44} {_size(a.bytes):>9}" for a in result.artifacts]
    lines.append(f"  {'manifest.json':<44}")
    return "\n".join(map(printable, lines))


def _relative(path: Path, cwd: Path) -> str:
    try:
        return str(path.resolve().relative_to(cwd.resolve()))
    except ValueError:
        return str(path)


def _size(count: int) -> str:
    if count < 1024:
        return f"{count} B"
    if count < 1024 * 1024:
        return f"{count / 1024:.1f} kB"
    return f"{count / 1024 / 1024:.1f} MB"


# --- policy status ------------------------------------------------------------

_STATUS_COLUMNS = (
    "policy",
    "company",
    "version",
    "effective",
    "last review",
    "next review",
    "due",
    "build",
)


def status_text(rows: Sequence[PolicyStatus]) -> str:
    """A plain, aligned table (no colour) for logs and pipes, then notes and a summary."""
    table = [list(_STATUS_COLUMNS), *(_status_cells(r) for r in rows)]
    widths = [max(len(line[i]) for line in table) for i in range(len(_STATUS_COLUMNS))]
    lines = ["  ".join(c.ljust(w) for c, w in zip(line, widths, strict=True)) for line in table]
    lines = [line.rstrip() for line in lines]
    return "\n".join([*lines, *_status_notes(rows), status_summary(rows)])


def status_rich(rows: Sequence[PolicyStatus], width: int) -> str:
    """The same table for a terminal, drawn by rich: overdue in red, due soon in yellow."""
    import io

    from rich.console import Console
    from rich.table import Table
    from rich.text import Text

    table = Table(header_style="bold")
    for name in _STATUS_COLUMNS:  # only the company's name may wrap
        table.add_column(name, no_wrap=name != "company")
    for row in rows:
        style = "red" if row.overdue or row.build == "invalid" else "yellow" if row.due_soon else ""
        cells = [Text(cell) for cell in _status_cells(row)]
        cells[-1].stylize(_BUILD_STYLES.get(row.build, ""))
        table.add_row(*cells, style=style)
    buffer = io.StringIO()
    console = Console(file=buffer, force_terminal=True, width=width, highlight=False)
    console.print(table)
    for line in [*_status_notes(rows), status_summary(rows)]:
        console.print(Text(line))
    return buffer.getvalue()


_BUILD_STYLES = {"current": "green", "missing": "yellow", "stale": "yellow", "tampered": "red"}


def status_json(rows: Sequence[PolicyStatus]) -> str:
    """One object per policy, dates in ISO format."""

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
            "due": _due(r.days),
            "build": r.build,
            "message": r.message,
            "issues": [_issue_json(i) for i in r.issues],
        }
        for r in rows
    ]
    return to_json(payload)


def status_summary(rows: Sequence[PolicyStatus]) -> str:
    """``3 policies: 1 overdue, 1 due within 30 days, 1 build missing``."""
    from policy_builder.status import DUE_SOON_DAYS

    counts = [
        (sum(r.overdue for r in rows), "overdue"),
        (sum(r.due_soon for r in rows), f"due within {DUE_SOON_DAYS} days"),
    ]
    for state in ("missing", "stale", "tampered"):
        count = sum(r.build == state for r in rows)
        counts.append((count, f"{'build' if count == 1 else 'builds'} {state}"))
    counts.append((sum(r.build == "invalid" for r in rows), "invalid"))
    parts = [f"{count} {what}" for count, what in counts if count]
    noun = "policy" if len(rows) == 1 else "policies"
    return f"{len(rows)} {noun}: {', '.join(parts) or 'all reviews on time, all builds current'}"


def _status_cells(row: PolicyStatus) -> list[str]:
    def day(value: dt.date | None) -> str:
        return value.isoformat() if value else "-"

    cells = [
        row.slug,
        row.company or "-",
        row.version or "-",
        day(row.effective_date),
        day(row.last_review),
        day(row.next_review),
        _due(row.days) or "-",
        row.build,
    ]
    return [printable(cell) for cell in cells]


def _status_notes(rows: Sequence[PolicyStatus]) -> list[str]:
    """Why a build is stale or tampered, and every problem of an invalid config."""
    notes = []
    for row in rows:
        if row.build == "invalid":
            notes += [f"{row.file}: invalid, {row.message}:", *(f"  {i}" for i in row.issues)]
        elif row.message:
            notes.append(f"{row.file}: {row.build}: {row.message}")
    return [printable(note) for note in notes]


def _due(days: int | None) -> str | None:
    if days is None:
        return None
    if days == 0:
        return "today"
    count = f"{abs(days)} day{'s' if abs(days) != 1 else ''}"
    return f"{count} overdue" if days < 0 else f"in {count}"


def _issue_json(issue: Issue) -> dict[str, object]:
    return {
        "file": issue.file,
        "line": issue.line,
        "column": issue.column,
        "path": issue.path,
        "message": issue.message,
    }


# --- policy changelog ---------------------------------------------------------


def changelog_text(history: PolicyHistory, lang: str) -> str:
    """A heading, then one block per entry, newest first, texts in ``lang``."""
    import textwrap

    count = len(history.entries)
    lines = [
        printable(
            f"{history.company} ({history.slug}), {count} version{'s' if count != 1 else ''}, "
            f"current {history.version}"
        )
    ]
    for entry in reversed(history.entries):
        approved = f"{entry.version}  {entry.date.isoformat()}  approved by {entry.approver}"
        lines += ["", printable(approved)]
        texts = [entry.summary[lang], f"Reason: {entry.reason[lang]}"]
        if entry.regulation_title:
            texts.append(f"Regulation: {entry.regulation_title[lang]}")
        lines += [
            textwrap.fill(printable(t), 88, initial_indent="  ", subsequent_indent="    ")
            for t in texts
        ]
    return "\n".join(lines)


def changelog_markdown(history: PolicyHistory, lang: str) -> str:
    """A Markdown section with the revision table, newest first, worded as the handbook's."""
    from babel.dates import format_date

    from policy_builder import catalogue
    from policy_builder.render import md_escape

    cat = catalogue.load(lang)
    labels = cat["labels"]
    heading = f"{history.company} — {cat['sections']['revision_history']}"
    header = [labels[k] for k in ("version", "date", "summary", "reason", "approved_by")]
    lines = [f"## {md_escape(heading)}", "", _md_row(header), "|---|---|---|---|---|"]
    for entry in reversed(history.entries):
        reason = entry.reason[lang]
        if entry.regulation_title:  # as the handbook's revision history shows it
            reason += f" — {entry.regulation_title[lang]}"
        date = format_date(entry.date, format="long", locale=cat["locale"])
        lines.append(_md_row([entry.version, date, entry.summary[lang], reason, entry.approver]))
    return "\n".join(lines)


def _md_row(cells: Sequence[str]) -> str:
    """One table row; ``md_escape`` keeps a ``|`` or a newline from breaking the table."""
    from policy_builder.render import md_escape

    return f"| {' | '.join(str(md_escape(c)) for c in cells)} |"


def changelog_json(histories: Sequence[PolicyHistory]) -> str:
    """Every policy with every entry (oldest first, as recorded) in every language."""
    payload = [
        {
            "file": h.file,
            "slug": h.slug,
            "company": h.company,
            "version": h.version,
            "languages": list(h.languages),
            "authoritative_language": h.authoritative_language,
            "entries": [
                {
                    "version": e.version,
                    "date": e.date.isoformat(),
                    "summary": e.summary,
                    "reason": e.reason,
                    "regulation": e.regulation,
                    "regulation_title": e.regulation_title,
                    "approver": e.approver,
                }
                for e in h.entries
            ],
        }
        for h in histories
    ]
    return to_json(payload)
