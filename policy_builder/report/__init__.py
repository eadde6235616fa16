"""Everything a person reads on the terminal, and the JSON CI reads."""

from __future__ import annotations

import datetime as dt
import textwrap
from collections.abc import Sequence
from pathlib import Path
from typing import Any

from policy_builder.chars import printable, to_json
from policy_builder.commands.build import BuildResult, CheckResult
from policy_builder.commands.changelog import HistoryEntry, PolicyHistory
from policy_builder.commands.doctor import Diagnosis
from policy_builder.commands.status import PolicyStatus
from policy_builder.i18n import variants
from policy_builder.i18n.wording import count, report_words
from policy_builder.lint import Finding
from policy_builder.models import Issue
from policy_builder.pipeline.write import MANIFEST
from policy_builder.report import table


def validation_text(results: Sequence[CheckResult], warnings: Sequence[Issue] | None = None) -> str:
    lines = [str(issue) for result in results for issue in result.issues]
    lines += [_warning_line(w) for w in warnings or ()]
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
    if warnings is not None:
        lines[-1] += f", {_count(len(warnings), 'prose warning')}"
    return "\n".join(lines)


def _warning_line(issue: Issue) -> str:
    return printable(
        f"{issue.file}:{issue.line}:{issue.column}: {issue.path}: warning: {issue.message}"
    )


def _count(n: int, noun: str) -> str:
    return f"{n} {noun}{'' if n == 1 else 's'}"


def lint_text(findings: Sequence[Finding], configs: int) -> str:
    """``policy i18n lint``: one line per finding, then a count."""
    lines = [str(f) for f in findings]
    handbooks = len({(f.file, f.lang) for f in findings})
    if findings:
        lines.append(
            f"{_count(len(findings), 'finding')} in {_count(handbooks, 'handbook')} "
            f"of {_count(configs, 'config')}"
        )
    else:
        lines.append(f"{_count(configs, 'config')} reviewed: no findings")
    return "\n".join(lines)


def validation_json(results: Sequence[CheckResult], warnings: Sequence[Issue] | None = None) -> str:
    payload: dict[str, Any] = {
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
    if warnings is not None:  # validate --lint
        payload["warnings"] = [_issue_json(w) for w in warnings]
    return to_json(payload)


def build_text(result: BuildResult, cwd: Path) -> str:
    folder = _relative(result.directory, cwd)
    if result.state == "unchanged":
        return printable(
            f"{result.file}: {result.slug} {result.version} is already published in "
            f"{folder}/ from this content; nothing to do"
        )
    # every file in the folder, the manifest too: the count and size add up what is listed
    files = [(a.path, a.bytes) for a in result.artifacts] + [(MANIFEST, result.manifest_bytes)]
    verb = "rebuilt with --force" if result.state == "forced" else "built"
    total = sum(size for _, size in files)
    lines = [
        f"{result.file}: {verb} {result.slug} {result.version} → {folder}/ "
        f"({len(files)} files, {_size(total)})"
    ]
    width = max([44, *(len(name) for name, _ in files)])  # tags make names longer
    lines += [f"  {name:<{width}} {_size(size):>9}" for name, size in files]
    return "\n".join(map(printable, lines))


def build_summary(states: Sequence[str]) -> str:
    """``3 built, 1 unchanged, 1 failed``: the closing line when several configs are built.

    ``states`` holds one ``BuildResult.state`` per config, or ``failed``.
    """
    built = sum(state in ("written", "forced") for state in states)
    unchanged = states.count("unchanged")
    failed = states.count("failed")
    return f"{built} built, {unchanged} unchanged, {failed} failed"


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
    "last_review",
    "next_review",
    "due",
    "build",
)
# What a narrow terminal leaves out first: the company (the slug names the policy),
# then the last review (the next one is derived from it), then the effective date.
_NARROW_DROPS = (1, 4, 3)


def status_text(rows: Sequence[PolicyStatus], lang: str = "en", width: int = 80) -> str:
    """A plain table (no colour) for logs and pipes, then notes and a summary; it fits ``width``."""
    header, cells = _status_table(rows, lang)
    keep = table.fit(header, cells, width, _NARROW_DROPS)
    if keep is not None:
        lines = table.aligned(header, cells, keep)
    else:
        lines = [line for row in cells for line in table.stacked(header, row, width)]
    extra = [*_status_notes(rows, lang), status_summary(rows, lang)]
    return "\n".join([*lines, *(part for line in extra for part in table.wrap(line, width))])


def status_rich(rows: Sequence[PolicyStatus], width: int, lang: str = "en") -> str:
    """The same table for a terminal, drawn by rich: overdue in red, due soon in yellow."""
    import io

    from rich.console import Console
    from rich.table import Table
    from rich.text import Text

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
    for line in [*_status_notes(rows, lang), status_summary(rows, lang)]:
        console.print(Text(line))
    return buffer.getvalue()


_BUILD_STYLES = {"current": "green", "missing": "yellow", "stale": "yellow", "tampered": "red"}


def status_json(rows: Sequence[PolicyStatus], lang: str = "en") -> str:
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
            "issues": [_issue_json(i) for i in r.issues],
        }
        for r in rows
    ]
    return to_json(payload)


def status_summary(rows: Sequence[PolicyStatus], lang: str = "en") -> str:
    """``3 policies: 1 overdue, 1 due within 30 days, 1 build missing``."""
    from policy_builder.commands.status import DUE_SOON_DAYS

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


def _status_table(rows: Sequence[PolicyStatus], lang: str) -> tuple[list[str], list[list[str]]]:
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


def _status_notes(rows: Sequence[PolicyStatus], lang: str) -> list[str]:
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
    return [printable(note) for note in notes]


def _due(days: int | None, lang: str = "en") -> str | None:
    if days is None:
        return None
    w = report_words(lang, "status")
    if days == 0:
        return str(w["due_today"])
    return count(w["overdue"] if days < 0 else w["due_in"], abs(days), lang)


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
    """A heading, then one block per entry, newest first, worded in ``lang``."""
    w = report_words(lang, "changelog")
    code = variants.base(lang)  # the texts are keyed by language, the words by variant
    versions = count(w["versions"], len(history.entries), lang)
    lines = [
        printable(
            w["heading"].format(
                company=history.company,
                slug=history.slug,
                versions=versions,
                version=history.version,
            )
        )
    ]
    for entry in newest_first(history):
        approved = w["approved_by"].format(approver=entry.approver)
        lines += ["", printable(f"{entry.version}  {entry.date.isoformat()}  {approved}")]
        texts = [entry.summary[code], f"{w['reason']}: {entry.reason[code]}"]
        if entry.regulation_title:
            texts.append(f"{w['regulation']}: {entry.regulation_title[code]}")
        lines += [
            textwrap.fill(printable(t), 88, initial_indent="  ", subsequent_indent="    ")
            for t in texts
        ]
    return "\n".join(lines)


def newest_first(history: PolicyHistory) -> list[HistoryEntry]:
    """The order every changelog report lists entries in."""
    return list(reversed(history.entries))


def changelog_markdown(history: PolicyHistory, lang: str) -> str:
    """A Markdown section with the revision table, newest first, worded as the handbook's."""
    from policy_builder.i18n import catalogue
    from policy_builder.i18n.dates import long_date
    from policy_builder.pipeline.render import md_escape

    cat = catalogue.load(lang)
    code = variants.base(lang)  # the texts are keyed by language, the words by variant
    labels = cat["labels"]
    heading = f"{history.company} — {cat['sections']['revision_history']}"
    header = [labels[k] for k in ("version", "date", "summary", "reason", "approved_by")]
    lines = [f"## {md_escape(heading)}", "", _md_row(header), "|---|---|---|---|---|"]
    for entry in newest_first(history):
        reason = entry.reason[code]
        if entry.regulation_title:  # as the handbook's revision history shows it
            reason += f" — {entry.regulation_title[code]}"
        date = long_date(entry.date, lang)
        lines.append(_md_row([entry.version, date, entry.summary[code], reason, entry.approver]))
    return "\n".join(lines)


def _md_row(cells: Sequence[str]) -> str:
    """One table row; ``md_escape`` keeps a ``|`` or a newline from breaking the table."""
    from policy_builder.pipeline.render import md_escape

    return f"| {' | '.join(str(md_escape(c)) for c in cells)} |"


def changelog_json(histories: Sequence[PolicyHistory]) -> str:
    """Every policy with every entry, newest first like the text, in every language."""
    payload = [
        {
            "file": h.file,
            "slug": h.slug,
            "company": h.company,
            "version": h.version,
            "languages": list(h.languages),  # what the texts below are keyed by
            "variants": list(h.variants),
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
                for e in newest_first(h)
            ],
        }
        for h in histories
    ]
    return to_json(payload)


def doctor_text(diagnosis: Diagnosis) -> str:
    """What ``policy doctor`` prints: versions, fonts, then each problem and its fix."""
    lines = [
        f"policy-builder {diagnosis.tool} (Python {diagnosis.python}, {diagnosis.system})",
        "renderer:",
    ]
    for name, version in diagnosis.renderer.items():
        lines.append(f"  {name:<16} {version}")
    if diagnosis.subsetter is not None:
        lines.append(f"  {'HarfBuzz subset':<16} {'present' if diagnosis.subsetter else 'missing'}")
    lines.append("fonts (bundled; the PDF uses no other):")
    for font in diagnosis.fonts:
        lines.append(f"  {font.name:<24} {font.version:<7} {font.file}")
    for finding in diagnosis.findings:
        label = "problem" if finding.required else "note"
        lines.append(f"{label}: {finding.what}; fix: {finding.fix}")
    if diagnosis.healthy:
        lines.append("ok: everything policy-builder needs to build handbooks is installed")
    return "\n".join(lines)


def doctor_json(diagnosis: Diagnosis) -> str:
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
