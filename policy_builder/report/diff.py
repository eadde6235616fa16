"""What ``policy diff`` prints: text, JSON, an HTML redline, a changelog entry."""

from __future__ import annotations

import datetime as dt
import textwrap
from collections.abc import Sequence
from pathlib import Path
from typing import Any

import yaml
from markupsafe import Markup

from policy_builder import semver
from policy_builder.chars import printable, to_json
from policy_builder.commands.diff import DiffReport, DiffResult
from policy_builder.compare import bump
from policy_builder.compare.changes import KEYS, Change
from policy_builder.compare.drift import Drift
from policy_builder.compare.redline import SectionDiff
from policy_builder.compare.sides import Side
from policy_builder.i18n import catalogue
from policy_builder.report.printout import Printout, as_lines

_SIGN = {"added": "+", "removed": "-", "changed": "~"}


def render(report: DiffReport) -> Printout:
    """The report ``diff`` decided on, for stdout; a note on stderr for each side
    built by another version of the tool."""
    result, words = report.result, report.words
    if report.kind == "entry":
        out = changelog_entry(result, words, report.today)
    elif report.kind == "json":
        out = as_json(result) + "\n"
    elif report.kind == "html":
        out = html(result, words, report.redline_langs)
    elif report.kind == "docx":  # bytes, not text: the CLI saves ``document(report)``
        out = ""
    else:
        out = text(result, words, report.redline_langs) + "\n"
    notes = [f"note: {side.label}: {side.note}" for side in (result.old, result.new) if side.note]
    return Printout(out, as_lines(*notes))


def saved(report: DiffReport, printed: Printout) -> Printout:
    """What is shown when the report went to ``--output``: its notes, then where it is."""
    return Printout(err=printed.err + as_lines(printable(f"wrote {report.output}")))


def text(result: DiffResult, lang: str, redline_langs: Sequence[str]) -> str:
    t = catalogue.load(lang)["diff"]
    old, new = result.old, result.new
    lines = [f"{old.label} ({old.policy.version}) → {new.label} ({new.policy.version})", ""]
    if result.equivalent:
        return "\n".join(map(printable, [*lines, t["none"]]))
    lines.append(f"{t['changes']}:")
    lines += [f"  {_SIGN[c.kind]} {c.message[lang]}" for c in result.changes] or ["  —"]
    if result.drift:
        lines += ["", f"{t['warnings']}:"] + [
            f"  ! {_drift_sentence(d, lang)}" for d in result.drift
        ]
    for code in _with_changes(result, redline_langs):
        lines += ["", f"{t['redline']} ({catalogue.load(code)['language_name']}):"]
        for section in result.redlines[code]:
            lines.append(f"  § {section.title}")
            lines += [f"    {line}" for line in _marked_lines(section)]
    return "\n".join(map(printable, lines))


def as_json(result: DiffResult) -> str:
    payload = {
        "old": {"source": result.old.label, "version": result.old.policy.version},
        "new": {"source": result.new.label, "version": result.new.policy.version},
        "equivalent": result.equivalent,
        "changes": [
            {
                "kind": c.kind,
                "path": c.path,
                "old": c.old,
                "new": c.new,
                "substantive": c.substantive,
                "message": c.message,
            }
            for c in result.changes
        ],
        "drift": [
            {"section": d.section, "changed": list(d.changed), "unchanged": list(d.unchanged)}
            for d in result.drift
        ],
        "redline": {
            lang: [
                {"section": s.id, "title": s.title, "ops": [list(op) for op in s.ops]}
                for s in sections
            ]
            for lang, sections in result.redlines.items()
        },
    }
    return to_json(payload)


def html(result: DiffResult, lang: str, redline_langs: Sequence[str]) -> str:
    from policy_builder.pipeline.render import html_environment

    t = catalogue.load(lang)
    return (
        html_environment()
        .get_template("diff.html.j2")
        .render(
            result=result,
            lang=lang,
            t=t,
            d=t["diff"],
            title=_title(result, t["diff"]),
            changes=[(c.kind, c.message[lang]) for c in result.changes],
            drift=[_drift_sentence(d, lang) for d in result.drift],
            redlines=[
                (
                    catalogue.load(code)["language_name"],
                    [(s.title, Markup(s.html)) for s in result.redlines[code]],
                )
                for code in _with_changes(result, redline_langs)
            ],
        )
    )


def document(report: DiffReport) -> bytes:
    """The redline as a Word document with tracked insertions and deletions."""
    from policy_builder.compare.redline_docx import RedlineLanguage, redline_docx

    result, lang = report.result, report.words
    t = catalogue.load(lang)
    new = result.new.policy
    title = _title(result, t["diff"])
    return redline_docx(
        title=title,
        lang=new.variant(lang) or lang,
        changes_heading=t["diff"]["changes"],
        changes=[c.message[lang] for c in result.changes],
        languages=[
            RedlineLanguage(
                new.variant(code) or code,
                f"{t['diff']['redline']} ({catalogue.load(code)['language_name']})",
                result.redlines[code],
            )
            for code in _with_changes(result, report.redline_langs)
        ],
        date=new.effective_date,
        properties={
            "author": new.legal_name,
            "subject": f"{t['labels']['document_title']} · {new.legal_name}",
            "keywords": f"{new.slug}, {result.old.policy.version}, {new.version}",
            "version": new.version,
        },
    )


def changelog_entry(result: DiffResult, lang: str, today: dt.date) -> str:
    """A changelog entry for the new version, in every language, ready to paste.

    It is built from the changes' data (list, id, title per language), never from
    their sentences. The version follows ``bump``'s rule unless NEW already has a
    higher one; the date is NEW's effective date if it is later than OLD's, else
    ``today``, with a note to set ``policy.effective_date``. Comments are in ``lang``.
    """
    old, new = result.old.policy, result.new.policy
    substantive = [c for c in result.changes if c.substantive]
    version = new.version
    if semver.key(new.version) <= semver.key(old.version):
        version = bump.suggest(old.version, result.changes)
    date = new.effective_date if new.effective_date > old.effective_date else today
    regulations = [c for c in substantive if c.subject == "regulations" and c.kind == "added"]
    summary, reason = {}, {}
    for code in result.languages:
        t = catalogue.load(code)["diff"]
        sentences = _summary(substantive, code)
        summary[code] = " ".join(f"{x}." for x in sentences) if sentences else t["review_only"]
        if regulations:
            titles = ", ".join(c.title[code] for c in regulations)
            reason[code] = t["regulation_reason"].format(titles=titles)
        else:
            reason[code] = t["update_reason"] if substantive else t["review_reason"]
    entry: dict[str, Any] = {
        "version": version,
        "date": date.isoformat(),
        "summary": summary,
        "reason": reason,
    }
    if len(regulations) == 1:
        entry["regulation"] = regulations[0].item
    entry["approver"] = new.approvers[0].name
    body = yaml.safe_dump([entry], allow_unicode=True, sort_keys=False, width=100)
    t = catalogue.load(lang)["diff"]
    notes = [t["entry_header"].format(slug=new.slug, version=version, source=result.new.label)]
    if version != new.version:
        why = t["bump"][bump.level(result.changes)]
        notes.append(t["entry_version"].format(version=version, why=why))
    if date != new.effective_date:
        notes.append(
            t["entry_date"].format(
                date=entry["date"], old=new.effective_date.isoformat(), old_version=old.version
            )
        )
    comments = [f"# {line}" for note in notes for line in textwrap.wrap(note, 86)]
    draft = "".join(f"{line}\n" for line in comments) + "".join(
        f"  {line}\n" for line in body.splitlines()
    )
    return "\n".join(printable(line) for line in draft.split("\n"))


# Lists whose entries are names (of a regulation, a person): written as they are.
_PROPER_NAMES = frozenset({"regulations", "approvers", "incident_contacts"})


def _summary(changes: Sequence[Change], lang: str) -> list[str]:
    """One sentence per change; entries added to (or removed from…) one list share one."""
    t = catalogue.load(lang)["diff"]
    sentences: list[str] = []
    group: tuple[str, str] | None = None
    titles: list[str] = []
    for c in [*changes, None]:
        key = (c.kind, c.subject) if c and c.subject in t["what"] and c.title else None
        if group and key != group:
            what = t["what"][group[1]]
            if group[1] not in _PROPER_NAMES:  # an item's title is quoted after the colon
                titles = [t["quote"].format(title) for title in titles]
            sentences.append(t[KEYS[group[0]]].format(what=what, item=", ".join(titles)))
            group, titles = None, []
        if c and key:
            group = key
            titles.append(c.title[lang])
        elif c:
            sentences.append(c.message[lang])
    return sentences


def _title(result: DiffResult, d: dict[str, Any]) -> str:
    """``from 1.3.0 to 1.3.1``, or, when both sides carry one version, where each comes from."""
    old, new = result.old, result.new
    if old.policy.version != new.policy.version:
        return str(d["summary_title"].format(old=old.policy.version, new=new.policy.version))
    names = [Path(side.label).name for side in (old, new)]
    if names[0] == names[1]:
        names = [old.label, new.label]

    def side(which: Side, name: str) -> str:
        key = "side_published" if which.published else "side_file"
        return str(d[key].format(version=which.policy.version, file=name))

    return str(d["summary_title_same"].format(old=side(old, names[0]), new=side(new, names[1])))


def _with_changes(result: DiffResult, langs: Sequence[str]) -> list[str]:
    return [code for code in langs if result.redlines.get(code)]


def _drift_sentence(drift: Drift, lang: str) -> str:
    names = catalogue.load(lang)
    locale_names = {
        code: catalogue.load(code)["language_name"] for code in (*drift.changed, *drift.unchanged)
    }
    return str(
        names["diff"]["drift"].format(
            section=drift.title[lang],
            changed=", ".join(locale_names[c] for c in drift.changed),
            unchanged=", ".join(locale_names[c] for c in drift.unchanged),
        )
    )


def _marked_lines(section: SectionDiff) -> list[str]:
    """The changed lines of a section, with [-deleted-] and {+inserted+} words."""
    marked = "".join(
        text
        if kind == "equal"
        else (
            "\n".join(f"[-{part}-]" if part.strip() else part for part in text.split("\n"))
            if kind == "delete"
            else "\n".join(f"{{+{part}+}}" if part.strip() else part for part in text.split("\n"))
        )
        for kind, text in section.ops
    )
    return [line for line in marked.split("\n") if "[-" in line or "{+" in line]
