"""What ``policy diff`` prints: text, JSON, an HTML redline, a changelog entry."""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any

import yaml
from markupsafe import Markup, escape

from policy_builder import catalogue
from policy_builder.chars import printable, to_json
from policy_builder.diff import DiffResult, Drift
from policy_builder.history import next_patch
from policy_builder.published import version_key
from policy_builder.redline import SectionDiff

_SIGN = {"added": "+", "removed": "-", "changed": "~"}


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
    from policy_builder.render import html_environment

    t = catalogue.load(lang)
    return (
        html_environment()
        .get_template("diff.html.j2")
        .render(
            result=result,
            lang=lang,
            t=t,
            d=t["diff"],
            changes=[(c.kind, c.message[lang]) for c in result.changes],
            drift=[_drift_sentence(d, lang) for d in result.drift],
            redlines=[
                (
                    catalogue.load(code)["language_name"],
                    [(s.title, _ops_html(s)) for s in result.redlines[code]],
                )
                for code in _with_changes(result, redline_langs)
            ],
        )
    )


def changelog_entry(result: DiffResult) -> str:
    """A changelog entry for the new version, in every language, ready to paste."""
    old, new = result.old.policy, result.new.policy
    langs = result.languages
    substantive = [c for c in result.changes if c.substantive]
    version = new.version
    if version_key(new.version) <= version_key(old.version):
        major, minor, _ = version_key(old.version)
        version = f"{major}.{minor + 1}.0" if substantive else next_patch(old.version)
    added_regulations = [
        c for c in substantive if c.path.startswith("regulations.") and c.kind == "added"
    ]
    summary, reason = {}, {}
    for lang in langs:
        t = catalogue.load(lang)["diff"]
        summary[lang] = (
            " ".join(f"{c.message[lang]}." for c in substantive)
            if substantive
            else t["review_only"]
        )
        if added_regulations:
            titles = ", ".join(c.message[lang].split(": ", 1)[1] for c in added_regulations)
            reason[lang] = t["regulation_reason"].format(titles=titles)
        else:
            reason[lang] = t["update_reason"] if substantive else t["review_reason"]
    entry: dict[str, Any] = {
        "version": version,
        "date": new.effective_date.isoformat(),
        "summary": summary,
        "reason": reason,
    }
    if len(added_regulations) == 1:
        entry["regulation"] = added_regulations[0].path.split(".", 1)[1]
    entry["approver"] = new.approvers[0].name
    body = yaml.safe_dump([entry], allow_unicode=True, sort_keys=False, width=100)
    indented = "".join(f"  {line}\n" for line in body.splitlines())
    bump = (
        f"# Then set policy.version to {version} and policy.effective_date to the day it takes\n"
        f"# effect (on or after the entry's date, {entry['date']}).\n"
        if version != new.version
        else ""
    )
    draft = (
        f"# Draft changelog entry for {new.slug} {version}: review the reason, then append it\n"
        f"# to the changelog of {result.new.label}.\n{bump}{indented}"
    )
    return "\n".join(printable(line) for line in draft.split("\n"))


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


def _ops_html(section: SectionDiff) -> Markup:
    tags = {"insert": "ins", "delete": "del"}
    return Markup("").join(
        escape(text) if kind == "equal" else Markup(f"<{tags[kind]}>{escape(text)}</{tags[kind]}>")
        for kind, text in section.ops
    )
