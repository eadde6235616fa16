"""``policy explain``: where each value of a resolved config comes from."""

from __future__ import annotations

import json
import shutil
from pathlib import Path

import pytest
from typer.testing import CliRunner

from policy_builder.cli import app
from tests.conftest import CASES
from tests.pipeline.test_inherit import CHILD_BANNED, GROUP, child, line_of

runner = CliRunner()


@pytest.fixture
def company(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    """cliente-uno over _grupo.yaml over _asesoria.yaml, run from the folder above."""
    folder = tmp_path / "configs"
    shutil.copytree(CASES / "extends", folder)
    (folder / "_grupo.yaml").write_text(GROUP, encoding="utf-8")
    monkeypatch.chdir(tmp_path)
    return child(folder, CHILD_BANNED)


def run(*args: str) -> tuple[int, str, str]:
    result = runner.invoke(app, ["explain", *args])
    return result.exit_code, result.stdout, result.stderr


def test_each_list_item_says_what_happened_and_where(company: Path) -> None:
    code, out, err = run("configs/cliente-uno.yaml", "banned_content")
    assert (code, err) == (0, "")
    lines = out.splitlines()
    assert lines[:3] == [
        "configs/cliente-uno.yaml",
        "  extends configs/_grupo.yaml",
        "  which extends configs/_asesoria.yaml",
    ]
    me = line_of(company, "remove: sexual_imagery")
    rows = [" ".join(line.split()) for line in lines[4:]]
    assert rows[:6] == [
        f"banned_content: # cliente-uno.yaml:{line_of(company, 'banned_content:')}",
        "- discriminatory_material # inherited _asesoria.yaml:17",
        f"# - sexual_imagery # removed cliente-uno.yaml:{me}",
        "# from _asesoria.yaml:18",
        "# - crude_or_graphic_language # removed _grupo.yaml:4",
        "# from _asesoria.yaml:19",
    ]
    assert "- id: market_rumours # overridden _grupo.yaml:5" in rows
    es = rows.index(next(r for r in rows if r.startswith("es: No publique")))
    assert rows[es].endswith(f"# cliente-uno.yaml:{line_of(company, 'es: No publique')}")
    assert rows[es + 1] == "# overrides _grupo.yaml:8"
    assert rows[-1] == f"- misleading_claims # added cliente-uno.yaml:{me + 4}"


def test_the_text_fits_80_columns(company: Path) -> None:
    code, out, _ = run("configs/cliente-uno.yaml")
    assert code == 0
    assert max(len(line) for line in out.splitlines()) <= 80
    assert "company:" in out and "changelog:" in out  # the whole config


def test_a_field_narrows_to_one_value_with_its_headers(company: Path) -> None:
    code, out, _ = run("configs/cliente-uno.yaml", "review.cadence_months")
    assert code == 0
    assert [" ".join(line.split()) for line in out.splitlines()[4:]] == [
        f"review: # cliente-uno.yaml:{line_of(company, 'review:')}",
        "cadence_months: 12 # _asesoria.yaml:10",
    ]


def test_an_item_is_chosen_by_its_id_even_when_removed(company: Path) -> None:
    code, out, _ = run("configs/cliente-uno.yaml", "banned_content.sexual_imagery")
    assert code == 0
    body = [" ".join(line.split()) for line in out.splitlines()[4:]]
    assert body[1].startswith("# - sexual_imagery # removed cliente-uno.yaml:")
    assert len(body) == 3


def test_json_gives_the_same_as_data(company: Path) -> None:
    code, out, _ = run("configs/cliente-uno.yaml", "banned_content.market_rumours", "--json")
    assert code == 0
    data = json.loads(out)
    assert data["bases"] == ["configs/_asesoria.yaml", "configs/_grupo.yaml"]
    by_path = {line["path"]: line for line in data["lines"]}
    item = by_path["banned_content[2].id"]
    assert (item["status"], item["at"]) == (
        "overridden",
        {"file": "configs/_grupo.yaml", "line": 5, "column": 5},
    )
    es = by_path["banned_content[2].text.es"]
    assert es["at"]["file"] == "configs/cliente-uno.yaml"
    assert es["was"] == {"file": "configs/_grupo.yaml", "line": 8, "column": 11}
    assert by_path["banned_content[2].text.en"]["was"] is None


def test_an_unknown_field_is_one_line_with_a_hint_and_exit_2(company: Path) -> None:
    code, out, err = run("configs/cliente-uno.yaml", "banned_content.sexual_imagry")
    assert (code, out) == (2, "")
    assert err == (
        "error: configs/cliente-uno.yaml: banned_content has no field 'sexual_imagry' "
        "(did you mean 'sexual_imagery'?)\n"
    )


def test_an_invalid_config_lists_its_problems_and_exits_1(company: Path) -> None:
    text = company.read_text(encoding="utf-8")
    company.write_text(text.replace("remove: sexual_imagery", "remove: nothing"), "utf-8")
    code, out, err = run("configs/cliente-uno.yaml")
    assert (code, out) == (1, "")
    assert err.startswith(f"configs/cliente-uno.yaml:{line_of(company, 'remove: nothing')}:")
    assert "cannot remove 'nothing'" in err


def test_a_base_is_explained_as_far_as_it_goes(company: Path) -> None:
    code, out, _ = run("configs/_grupo.yaml", "banned_content")
    assert code == 0
    assert "- id: market_rumours" in out and "added      _grupo.yaml:5" in out


def test_a_config_without_bases_shows_plain_lines() -> None:
    code, out, _ = run(str(CASES / "valid" / "minimal.yaml"), "banned_content")
    assert code == 0
    assert "inherited" not in out and "added" not in out
    assert "minimal.yaml:" in out
