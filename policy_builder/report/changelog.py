"""What ``policy changelog`` prints: each policy's history, newest first, as text,
Markdown (worded as the handbook's revision history) or JSON."""

from __future__ import annotations

import textwrap
from collections.abc import Sequence
from typing import Literal

from policy_builder.chars import printable, to_json
from policy_builder.commands.changelog import Changelogs, HistoryEntry, PolicyHistory
from policy_builder.i18n import variants
from policy_builder.i18n.wording import count, report_words
from policy_builder.report.printout import Printout, as_lines
from policy_builder.report.validation import left_out

Format = Literal["text", "md", "json"]
FORMATS: tuple[Format, ...] = ("text", "md", "json")


def render(changelogs: Changelogs, fmt: Format) -> Printout:
    """The histories on stdout, blank-line apart; each config left out on stderr."""
    skipped = "".join(left_out(invalid, "skipped") for invalid in changelogs.skipped)
    if fmt == "json":
        return Printout(as_lines(as_json(changelogs)), skipped)
    write = markdown if fmt == "md" else text
    pairs = zip(changelogs.histories, changelogs.languages, strict=True)
    histories = [write(history, lang) for history, lang in pairs]
    return Printout(as_lines("\n\n".join(histories)) if histories else "", skipped)


def text(history: PolicyHistory, lang: str) -> str:
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


def markdown(history: PolicyHistory, lang: str) -> str:
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


def as_json(changelogs: Changelogs) -> str:
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
        for h in changelogs.histories
    ]
    return to_json(payload)
