"""``policy diff --format docx``: the redline as Word's own tracked changes."""

from __future__ import annotations

import copy
import io
from pathlib import Path

import docx
from lxml import etree

from policy_builder.commands.diff import compare
from policy_builder.compare.redline import _plain_text, section_html
from tests.commands.test_diff import ORIGINAL, next_version, run, write
from tests.conftest import CONFIGS

W = "http://schemas.openxmlformats.org/wordprocessingml/2006/main"
NS = {"w": W}


def _body(path: Path) -> etree._Element:
    document = docx.Document(str(path))
    return etree.fromstring(document.element.xml.encode())


def _resolved(body: etree._Element, *, accept: bool) -> list[str]:
    """The paragraphs' text once every tracked change is accepted (or rejected), as
    Word does it: a tracked paragraph mark, once dropped, joins its paragraph to the
    next."""
    body = copy.deepcopy(body)
    drop = "del" if accept else "ins"
    paragraphs: list[str] = []
    joined = ""
    for p in body.iter(f"{{{W}}}p"):
        text = ""
        for node in p.iter(f"{{{W}}}t", f"{{{W}}}delText"):
            inside = {a.tag for a in node.iterancestors()}
            if f"{{{W}}}{drop}" in inside:
                continue
            text += node.text or ""
        mark = p.find(f"w:pPr/w:rPr/w:{drop}", NS)
        if mark is not None:  # this paragraph's end goes: it runs on into the next
            joined += text
            continue
        paragraphs.append(joined + text)
        joined = ""
    return paragraphs


def test_redline_docx_tracks_insertions_and_deletions(tmp_path: Path) -> None:
    old = CONFIGS / "tonalli.yaml"
    new = write(tmp_path / "new", next_version(ORIGINAL))
    target = tmp_path / "redline.docx"
    code, out, err = run("diff", str(old), str(new), "--format", "docx", "--output", str(target))
    assert code == 1 and out == "" and f"wrote {target}" in err
    body = _body(target)
    inserted = [t.text for t in body.iterfind(".//w:ins//w:t", NS)]
    deleted = [t.text for t in body.iterfind(".//w:del//w:delText", NS)]
    assert "pactadas" in inserted and "suppliers." in inserted, inserted
    assert any("Illegal" in text or "ilegal" in text for text in inserted)
    assert deleted, "the removed permitted share is a tracked deletion"
    for mark in body.iterfind(".//w:ins", NS):
        assert mark.get(f"{{{W}}}author") == "policy-builder"
        assert mark.get(f"{{{W}}}date") == "2026-12-01T00:00:00Z"  # NEW's effective date
    ids = [m.get(f"{{{W}}}id") for m in body.iterfind(".//w:ins", NS)]
    ids += [m.get(f"{{{W}}}id") for m in body.iterfind(".//w:del", NS)]
    assert len(ids) == len(set(ids))


def test_accepting_every_change_gives_the_new_text_and_rejecting_the_old(
    tmp_path: Path,
) -> None:
    old = CONFIGS / "tonalli.yaml"
    new = write(tmp_path / "new", next_version(ORIGINAL))
    target = tmp_path / "r.docx"
    assert run("diff", str(old), str(new), "--format", "docx", "--output", str(target))[0] == 1
    accepted = _resolved(_body(target), accept=True)
    rejected = _resolved(_body(target), accept=False)
    result = compare(old, new)
    for lang in ("es", "en"):
        before = section_html(result.old.policy, lang)
        after = section_html(result.new.policy, lang)
        for section in result.redlines[lang]:
            new_lines = _plain_text(after[section.id][1]).split("\n")
            old_lines = _plain_text(before[section.id][1]).split("\n")
            start = accepted.index(new_lines[0])
            assert accepted[start : start + len(new_lines)] == new_lines, section.id
            start = rejected.index(old_lines[0])
            assert rejected[start : start + len(old_lines)] == old_lines, section.id


def test_docx_needs_an_output_file(tmp_path: Path) -> None:
    new = write(tmp_path / "new", next_version(ORIGINAL))
    code, out, err = run("diff", str(CONFIGS / "tonalli.yaml"), str(new), "--format", "docx")
    assert code == 2 and out == ""
    assert err.splitlines()[0] == (
        "error: --format docx writes a Word file: give it with --output FILE.docx"
    )


def test_the_redline_document_is_reproducible_and_in_the_report_language(
    tmp_path: Path,
) -> None:
    new = write(tmp_path / "new", next_version(ORIGINAL))
    a, b = tmp_path / "a.docx", tmp_path / "b.docx"
    for target in (a, b):
        run(
            "diff",
            str(CONFIGS / "tonalli.yaml"),
            str(new),
            "--format",
            "docx",
            "--output",
            str(target),
        )
    assert a.read_bytes() == b.read_bytes()
    document = docx.Document(io.BytesIO(a.read_bytes()))
    assert document.core_properties.language == "es-MX"
    assert document.paragraphs[0].style is not None
    assert document.paragraphs[0].style.name == "Title"
    assert "1.2.0" in document.paragraphs[0].text
