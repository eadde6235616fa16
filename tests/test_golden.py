"""The handbooks the examples publish, compared byte for byte with tests/golden/.

A failure means the text employees read has changed: if the change is intended,
regenerate with ``.venv/bin/python -m tests.golden`` and review the diff.
"""

from __future__ import annotations

import difflib

import pytest

from tests import golden

RENDERED = golden.render_examples()


def test_every_example_has_golden_files_for_each_of_its_variants() -> None:
    stale = sorted(golden.checked_in().keys() - RENDERED.keys())
    missing = sorted(RENDERED.keys() - golden.checked_in().keys())
    assert not missing and not stale, (
        f"missing: {missing}, no longer published: {stale}; run {golden.COMMAND}"
    )
    assert {name.split("/")[0] for name in RENDERED} == {p.stem for p in golden.EXAMPLES}
    assert "tonalli/tonalli-social-media-policy.es-MX.md" in RENDERED
    assert "northgate-mutual/northgate-mutual-social-media-policy.en-GB.html" in RENDERED


@pytest.mark.parametrize("name", sorted(RENDERED))
def test_rendered_text_matches_the_golden_file(name: str) -> None:
    path = golden.GOLDEN / name
    expected = path.read_bytes() if path.is_file() else b""
    if RENDERED[name] != expected:
        diff = difflib.unified_diff(
            expected.decode().splitlines(),
            RENDERED[name].decode().splitlines(),
            f"tests/golden/{name}",
            "rendered now",
            lineterm="",
            n=1,
        )
        shown = "\n".join(list(diff)[:40])
        pytest.fail(
            f"{name} differs from its golden file; if intended, run {golden.COMMAND}\n{shown}"
        )
