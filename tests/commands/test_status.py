"""``policy status``: review dates, build states, sorting, table and JSON output."""

from __future__ import annotations

import datetime as dt
import json
import re
import shutil
from pathlib import Path

import pytest
from typer.testing import CliRunner

from policy_builder.cli import app
from policy_builder.commands.build import build
from policy_builder.commands.status import PolicyStatus, Portfolio, status
from policy_builder.report import status as report
from tests.conftest import CASES, CONFIGS, EXAMPLES

runner = CliRunner()
MINIMAL = CASES / "valid" / "minimal.yaml"  # next review 2027-05-20
NOV_23 = dt.date(2026, 11, 23)


def run(*args: str) -> tuple[int, str, str]:
    result = runner.invoke(app, ["status", *args])
    return result.exit_code, result.stdout, result.stderr


@pytest.fixture
def minimal(tmp_path: Path) -> Path:
    """A copy of the minimal config that a test may edit."""
    copy = tmp_path / "minimal.yaml"
    shutil.copyfile(MINIMAL, copy)
    return copy


def one(config: Path, out: Path) -> PolicyStatus:
    [row] = status([config], out_dir=out, today=NOV_23).rows
    return row


def test_examples_most_overdue_first(tmp_path: Path) -> None:
    rows = status(EXAMPLES, out_dir=tmp_path, today=NOV_23).rows
    assert [(r.slug, r.days, r.overdue) for r in rows] == [
        ("banco-meridiano", -39, True),  # six-monthly: last 2026-04-15, next 2026-10-15
        ("tonalli", 57, False),
        ("northgate-mutual", 264, False),
        ("atalaya-espana", 296, False),
        ("atalaya-mexico", 296, False),
        ("acme", 330, False),
    ]
    bank = rows[0]
    assert bank.company == "Banco Meridiano, S.A."
    assert (bank.version, bank.effective_date) == ("1.3.1", dt.date(2026, 5, 4))
    assert (bank.last_review, bank.next_review) == (dt.date(2026, 4, 15), dt.date(2026, 10, 15))
    assert {r.build for r in rows} == {"missing"}


def test_overdue_review_exits_1(tmp_path: Path) -> None:
    code, out, _ = run(str(CONFIGS), "--out", str(tmp_path), "--today", "2026-11-23")
    assert code == 1
    lines = out.splitlines()
    assert re.split(r"\s{2,}", lines[0]) == [  # 80 columns leave out company and last review
        "policy",
        "version",
        "effective",
        "next review",
        "due",
        "build",
    ]
    assert lines[1].startswith("banco-meridiano ")
    assert "39 days overdue" in lines[1]
    assert "in 57 days" in lines[2]
    assert lines[-1] == "6 policies: 1 overdue, 6 builds missing"


def test_review_in_the_future_exits_0(tmp_path: Path) -> None:
    code, out, _ = run(str(MINIMAL), "--out", str(tmp_path), "--today", "2026-11-23")
    assert code == 0
    assert "in 178 days" in out
    assert out.splitlines()[-1] == "1 policy: 1 build missing"


def test_due_today_and_due_soon() -> None:
    due = status([MINIMAL], out_dir=Path("no-such-out"), today=dt.date(2027, 5, 20))
    rows = due.rows
    assert rows[0].days == 0 and rows[0].due_soon and not rows[0].overdue
    assert "today" in report.text(due)
    assert report.summary(due) == "1 policy: 1 due within 30 days, 1 build missing"


def test_build_current_then_stale(minimal: Path, tmp_path: Path) -> None:
    out = tmp_path / "out"
    assert one(minimal, out).build == "missing"
    build(minimal, out_dir=out, formats=["md"])
    assert one(minimal, out).build == "current"
    text = minimal.read_text(encoding="utf-8")
    minimal.write_text(text.replace("en: Consulting", "en: Advisory"), encoding="utf-8")
    row = one(minimal, out)
    assert row.build == "stale"
    assert row.message is not None and "the config changed (company)" in row.message


def test_tampered_build_is_a_row_not_a_crash(minimal: Path, tmp_path: Path) -> None:
    out = tmp_path / "out"
    result = build(minimal, out_dir=out, formats=["md"])
    artifact = result.directory / result.artifacts[0].path
    artifact.write_text(
        artifact.read_text(encoding="utf-8") + "\nedited by hand\n", encoding="utf-8"
    )
    row = one(minimal, out)
    assert row.build == "tampered"
    assert row.message is not None and "does not match the manifest" in row.message
    code, stdout, _ = run(str(minimal), "--out", str(out), "--today", "2026-11-23")
    assert code == 1  # an altered published document fails the check, like an overdue review
    assert "tampered" in stdout and "Traceback" not in stdout


def test_invalid_config_is_reported_with_its_issues(tmp_path: Path) -> None:
    bad = CASES / "invalid" / "bad-version.yaml"
    code, out, _ = run(str(bad), str(MINIMAL), "--out", str(tmp_path), "--today", "2026-11-23")
    assert code == 1
    assert out.splitlines()[1].startswith("bad-version ")  # invalid configs first
    assert "policy.version: '1.2' is not a semantic version" in " ".join(out.split())
    assert out.splitlines()[-1] == "2 policies: 1 build missing, 1 invalid"


def test_json_shape(tmp_path: Path) -> None:
    code, out, _ = run(str(CONFIGS), "--out", str(tmp_path), "--today", "2026-11-23", "--json")
    assert code == 1
    rows = json.loads(out)
    assert [r["slug"] for r in rows] == [
        "banco-meridiano",
        "tonalli",
        "northgate-mutual",
        "atalaya-espana",
        "atalaya-mexico",
        "acme",
    ]
    assert rows[0] == {
        "file": str(CONFIGS / "banco-meridiano.yaml"),
        "slug": "banco-meridiano",
        "company": "Banco Meridiano, S.A.",
        "version": "1.3.1",
        "effective_date": "2026-05-04",
        "last_review": "2026-04-15",
        "next_review": "2026-10-15",
        "days": -39,
        "overdue": True,
        "due": "39 days overdue",
        "build": "missing",
        "message": None,
        "issues": [],
        "needs_review": False,  # no cited regulation changed after 2026-04-15
        "changed_regulations": [],
    }


def test_plain_output_has_no_ansi_but_the_terminal_table_is_coloured(tmp_path: Path) -> None:
    _, out, _ = run(str(CONFIGS), "--out", str(tmp_path), "--today", "2026-11-23")
    assert "\x1b" not in out
    portfolio = status(EXAMPLES, out_dir=tmp_path, today=NOV_23)
    coloured = report.rich_table(portfolio, width=160)
    assert "\x1b[31m" in coloured  # the overdue row in red
    assert "39 days overdue" in coloured


@pytest.mark.parametrize(
    ("args", "message"),
    [
        (["no-such-folder"], "no-such-folder: no such file or folder"),
        (["--today", "23/11/2026", str(MINIMAL)], "--today must be a date"),
    ],
)
def test_usage_errors_exit_2(args: list[str], message: str) -> None:
    code, _, err = run(*args)
    assert code == 2
    assert message in err


ANSI = re.compile(r"\x1b\[[0-9;]*m")


@pytest.fixture
def portfolio(tmp_path: Path) -> Portfolio:
    """The three examples (one overdue), a stale build and an invalid config."""
    out = tmp_path / "out"
    stale = tmp_path / "minimal.yaml"
    shutil.copyfile(MINIMAL, stale)
    build(stale, out_dir=out, formats=["md"])
    stale.write_text(
        stale.read_text(encoding="utf-8").replace("en: Consulting", "en: Advisory"),
        encoding="utf-8",
    )
    paths = [*EXAMPLES, stale, CASES / "invalid" / "bad-version.yaml"]
    return status(paths, out_dir=out, today=NOV_23)


@pytest.mark.parametrize("lang", ["en", "es"])
@pytest.mark.parametrize("rich", [False, True], ids=["plain", "rich"])
def test_fits_80_columns_without_truncating(portfolio: Portfolio, lang: str, rich: bool) -> None:
    if rich:
        out = ANSI.sub("", report.rich_table(portfolio, 80, lang))
    else:
        out = report.text(portfolio, lang, 80)
    lines = out.splitlines()
    # Only a single word longer than the line (a file path, kept whole to be copied) may overflow.
    assert all(len(line) <= 80 or len(line.split()) == 1 for line in lines), out
    assert "…" not in out
    words = {
        "en": ("39 days overdue", "in 57 days", "stale", "missing", "invalid"),
        "es": ("39 días de retraso", "en 57 días", "desactualizada", "sin publicar", "no válida"),
    }[lang]
    for row in portfolio.rows:
        [line] = [line for line in lines if line.startswith(f"{row.slug} ")]
        assert row.version is None or f" {row.version} " in line
        assert row.next_review is None or row.next_review.isoformat() in line
    for word in words:
        assert word in out
    assert "is not a semantic version" in " ".join(out.split())  # wrapped, not cut


def test_status_speaks_spanish_on_request(tmp_path: Path) -> None:
    args = (str(CONFIGS), "--out", str(tmp_path), "--today", "2026-11-23", "--lang", "es")
    code, out, _ = run(*args)
    assert code == 1
    lines = out.splitlines()
    assert re.split(r"\s{2,}", lines[0]) == [
        "política",
        "versión",
        "próxima revisión",
        "plazo",
        "publicación",
    ]
    assert re.split(r"\s{2,}", lines[1]) == [
        "banco-meridiano",
        "1.3.1",
        "2026-10-15",
        "39 días de retraso",
        "sin publicar",
    ]
    assert lines[-1] == "6 políticas: 1 con la revisión vencida, 6 sin publicar"
    assert json.loads(run(*args, "--json")[1])[0]["due"] == "39 días de retraso"
    assert run(*args[:-1], "fr")[0] == 2


def test_a_wide_terminal_shows_every_column(tmp_path: Path) -> None:
    portfolio = status(EXAMPLES, out_dir=tmp_path, today=NOV_23)
    header = report.text(portfolio, "en", 160).splitlines()[0]
    assert "company" in header and "last review" in header
