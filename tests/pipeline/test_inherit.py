"""Item lists merged by id over a base: add, override, remove, replace, chains."""

from __future__ import annotations

import datetime as dt
import re
import shutil
from pathlib import Path

import pytest

from policy_builder.commands.validate import check
from policy_builder.pipeline.load import load
from policy_builder.pipeline.validate import load_valid
from tests.conftest import CASES

EXTENDS = CASES / "extends"

# A middle base over the advisory firm's: it removes one inherited item, adds a
# custom one and a regulation. Companies below extend it (a chain of two bases).
GROUP = """\
policy:
  extends: _asesoria.yaml
banned_content:
  - remove: crude_or_graphic_language
  - id: market_rumours
    title: {es: Rumores de mercado, en: Market rumours}
    text:
      es: No difunda rumores sobre la cotización de la empresa.
      en: Do not spread rumours about the company's share price.
regulations:
  - eu_mar
"""

CHILD_BANNED = """\
banned_content:
  - remove: sexual_imagery
  - id: market_rumours
    text:
      es: No publique rumores sobre la cotización de la empresa ni los comente.
  - misleading_claims
"""


@pytest.fixture
def folder(tmp_path: Path) -> Path:
    target = tmp_path / "configs"
    shutil.copytree(EXTENDS, target)
    (target / "_grupo.yaml").write_text(GROUP, encoding="utf-8")
    return target


def child(folder: Path, lists: str, base: str = "_grupo.yaml") -> Path:
    """cliente-uno over ``base`` with its banned_content replaced by ``lists``."""
    path = folder / "cliente-uno.yaml"
    text = path.read_text(encoding="utf-8").replace("extends: _asesoria.yaml", f"extends: {base}")
    text = re.sub(r"banned_content:\n(  - .*\n)+", lists, text)
    path.write_text(text, encoding="utf-8")
    return path


def line_of(path: Path, needle: str) -> int:
    lines = path.read_text(encoding="utf-8").splitlines()
    return next(n for n, line in enumerate(lines, 1) if needle in line)


def test_add_override_and_remove_through_a_chain_of_two_bases(folder: Path) -> None:
    path = child(folder, CHILD_BANNED)
    config = load_valid(path)
    banned = config.data["banned_content"]
    # base order kept, the middle base's addition after, the company's at the end
    assert [x if isinstance(x, str) else x["id"] for x in banned] == [
        "discriminatory_material",
        "religious_or_political_content",
        "market_rumours",
        "misleading_claims",
    ]
    rumours = banned[2]
    assert rumours["text"]["es"].startswith("No publique rumores")  # the company's
    assert rumours["text"]["en"].startswith("Do not spread rumours")  # the base's
    assert rumours["title"] == {"es": "Rumores de mercado", "en": "Market rumours"}
    assert config.data["regulations"] == ["eu_gdpr", "es_lopdgdd", "eu_mar"]
    assert config.bases == (folder / "_asesoria.yaml", folder / "_grupo.yaml")


def test_each_item_records_what_happened_and_where(folder: Path) -> None:
    path = child(folder, CHILD_BANNED)
    config = load(path)
    asesoria, grupo, me = (str(folder / n) for n in ("_asesoria.yaml", "_grupo.yaml", path.name))
    got = {t.id: t for t in config.items[("banned_content",)]}
    assert [(t.id, t.status, t.index) for t in config.items[("banned_content",)]] == [
        ("discriminatory_material", "inherited", 0),
        ("sexual_imagery", "removed", None),
        ("crude_or_graphic_language", "removed", None),
        ("religious_or_political_content", "inherited", 1),
        ("market_rumours", "overridden", 2),
        ("misleading_claims", "added", 3),
    ]
    base_line = line_of(folder / "_asesoria.yaml", "- sexual_imagery")
    assert got["sexual_imagery"].defined == (asesoria, base_line, 5)
    assert got["sexual_imagery"].removed == (me, line_of(path, "remove: sexual_imagery"), 5)
    removed_in_group = got["crude_or_graphic_language"].removed
    assert removed_in_group == (grupo, 4, 5)  # removed by the middle base
    (field, given, was) = got["market_rumours"].overrides[0]
    assert field == ("text", "es")
    assert given == (me, line_of(path, "es: No publique"), 11)
    assert was == (grupo, 8, 11)
    assert got["misleading_claims"].defined == (me, line_of(path, "- misleading_claims"), 5)


def test_values_keep_their_file_and_line_after_the_merge(folder: Path) -> None:
    path = child(folder, CHILD_BANNED)
    source = load(path).source
    grupo, me = str(folder / "_grupo.yaml"), str(path)
    assert source.where(("banned_content", 2)) == (grupo, 5, 5)  # defined in the base
    assert source.where(("banned_content", 2, "text", "es"))[:2] == (me, line_of(path, "es: No"))
    assert source.where(("banned_content", 2, "text", "en")) == (grupo, 9, 11)
    assert source.where(("banned_content", 3))[0] == me
    # what `policy impact` reads: a regulation cited through a base names the base
    assert source.origin[("regulations", 2)] == grupo
    assert source.origin[("regulations", 0)] == str(folder / "_asesoria.yaml")


def test_a_regulation_the_company_adds_is_its_own(folder: Path) -> None:
    path = child(folder, CHILD_BANNED + "regulations:\n  - es_lssi\n")
    config = load_valid(path)
    assert config.data["regulations"] == ["eu_gdpr", "es_lopdgdd", "eu_mar", "es_lssi"]
    assert ("regulations", 3) not in config.source.origin  # cited directly
    assert config.source.where(("regulations", 3))[0] == str(path)


def test_a_restated_key_changes_nothing_and_a_copied_list_still_reads_the_same() -> None:
    config = load(EXTENDS / "cliente-uno.yaml")  # it copies the base's list and adds one
    assert config.data["banned_content"] == [
        "discriminatory_material",
        "sexual_imagery",
        "crude_or_graphic_language",
        "religious_or_political_content",
        "misleading_claims",
    ]
    statuses = [t.status for t in config.items[("banned_content",)]]
    assert statuses == ["inherited"] * 4 + ["added"]


def test_replace_true_drops_every_inherited_item(folder: Path) -> None:
    path = child(folder, "banned_content:\n  - replace: true\n  - misleading_claims\n")
    config = load_valid(path)
    assert config.data["banned_content"] == ["misleading_claims"]
    traces = config.items[("banned_content",)]
    replace_line = line_of(path, "replace: true")
    # the middle base had removed one already; the replace removes the other four
    assert [t.status for t in traces] == ["removed"] * 5 + ["added"]
    assert [t.removed for t in traces if t.removed and t.removed[0] == str(path)] == [
        (str(path), replace_line, 5)
    ] * 4


def test_a_list_the_company_leaves_alone_is_inherited_whole(folder: Path) -> None:
    config = load(child(folder, CHILD_BANNED))
    traces = config.items[("posting_rules",)]
    assert {t.status for t in traces} == {"inherited"}
    assert [t.index for t in traces] == list(range(5))
    assert config.items[("regulations",)][2].defined[0] == str(folder / "_grupo.yaml")


def test_a_change_to_the_base_reaches_every_company(folder: Path) -> None:
    path = child(folder, CHILD_BANNED)
    text = (folder / "_asesoria.yaml").read_text(encoding="utf-8")
    (folder / "_asesoria.yaml").write_text(
        text.replace(
            "  - religious_or_political_content\n",
            "  - religious_or_political_content\n  - illegal_activity\n",
        ),
        encoding="utf-8",
    )
    banned = load_valid(path).data["banned_content"]
    assert banned[2] == "illegal_activity"  # the base's new item, before the additions
    assert banned[-1] == "misleading_claims"


def errors(path: Path) -> list[str]:
    return [str(issue) for issue in check(path).issues]


def test_removing_an_item_the_base_lacks_is_an_error_at_the_line(folder: Path) -> None:
    path = child(folder, "banned_content:\n  - remove: sexual_imagry\n")
    line = line_of(path, "remove: sexual_imagry")
    assert errors(path) == [
        f"{path}:{line}:13: banned_content[0].remove: cannot remove 'sexual_imagry': the "
        "base's banned_content has no such item (did you mean 'sexual_imagery'?)"
    ]


def test_removing_what_a_base_already_removed_says_where(folder: Path) -> None:
    path = child(folder, "banned_content:\n  - remove: crude_or_graphic_language\n")
    (issue,) = errors(path)
    assert issue.endswith(f"(already removed at {folder / '_grupo.yaml'}:4)")


def test_overriding_with_the_wrong_type_is_an_error_at_the_line(folder: Path) -> None:
    path = child(folder, "banned_content:\n  - id: market_rumours\n    text: Sin rumores.\n")
    line = line_of(path, "text: Sin rumores.")
    assert errors(path) == [
        f"{path}:{line}:11: banned_content[0].text: overrides the inherited text "
        f"({folder / '_grupo.yaml'}:8), which is texts per language, with 'Sin rumores.'"
    ]


def test_a_custom_item_named_by_its_id_alone_is_an_error(folder: Path) -> None:
    path = child(folder, "banned_content:\n  - market_rumours\n")
    (issue,) = errors(path)
    assert f"{path}:{line_of(path, '- market_rumours')}:5: banned_content[0]: " in issue
    assert "'market_rumours' is a custom item in the base" in issue


def test_a_built_in_key_has_no_fields_to_override(folder: Path) -> None:
    path = child(
        folder, "banned_content:\n  - id: sexual_imagery\n    text: {es: Nada., en: Nothing.}\n"
    )
    (issue,) = errors(path)
    assert issue.startswith(f"{path}:{line_of(path, 'id: sexual_imagery')}:9: ")
    assert "'sexual_imagery' is a built-in key in the base: it has no fields to override" in issue


def test_replace_must_come_first(folder: Path) -> None:
    path = child(folder, "banned_content:\n  - misleading_claims\n  - replace: true\n")
    assert errors(path) == [
        f"{path}:{line_of(path, 'replace: true')}:5: banned_content[1]: "
        "'replace: true' must be the list's first entry"
    ]


def test_a_remove_must_name_one_id(folder: Path) -> None:
    path = child(folder, "banned_content:\n  - remove: [sexual_imagery]\n")
    (issue,) = errors(path)
    assert "write '- remove: <id>' alone, with an inherited id" in issue


@pytest.mark.parametrize(
    ("entry", "what"),
    [("remove: sexual_imagery", "remove an inherited item"), ("replace: true", "replace")],
)
def test_changes_without_a_base_are_errors(folder: Path, entry: str, what: str) -> None:
    path = folder / "cliente-uno.yaml"
    text = path.read_text(encoding="utf-8").replace("  extends: _asesoria.yaml\n", "")
    path.write_text(text.replace("  - sexual_imagery\n", f"  - {entry}\n"), encoding="utf-8")
    (issue,) = errors(path)
    assert issue.startswith(f"{path}:{line_of(path, entry)}:5: banned_content[1]: ")
    assert f"only a config that extends a base (policy.extends) can {what}" in issue


def test_every_merge_problem_is_reported_at_once(folder: Path) -> None:
    path = child(folder, "banned_content:\n  - remove: nothing_here\n  - remove: nor_this\n")
    assert len(errors(path)) == 2


def test_an_override_is_validated_where_it_was_written(folder: Path) -> None:
    path = child(folder, "banned_content:\n  - id: market_rumours\n    text: {es: ''}\n")
    (issue,) = errors(path)
    assert issue.startswith(f"{path}:{line_of(path, 'text:')}:")
    assert "banned_content[3].text.es: must not be empty" in issue


def test_an_inherited_problem_is_reported_in_its_base(folder: Path) -> None:
    text = GROUP.replace("      en: Do not spread rumours about the company's share price.\n", "")
    (folder / "_grupo.yaml").write_text(text, encoding="utf-8")
    path = child(folder, "banned_content:\n  - misleading_claims\n")
    (issue,) = errors(path)
    assert issue.startswith(f"{folder / '_grupo.yaml'}:8:7: banned_content[3].text.en: ")
    assert "missing the 'en' text" in issue


def test_a_base_change_makes_its_companies_stale_and_shows_in_their_diff(
    folder: Path, tmp_path: Path
) -> None:
    from policy_builder.commands.build import build
    from policy_builder.commands.diff import compare
    from policy_builder.commands.status import status

    path = child(folder, CHILD_BANNED)
    out = tmp_path / "out"
    built = build(path, out_dir=out, formats=["md"])
    (row,) = status([path], out_dir=out, today=dt.date(2026, 9, 1)).rows
    assert row.build == "current"
    group = folder / "_grupo.yaml"
    group.write_text(GROUP.replace("  - eu_mar\n", "  - eu_mar\n  - es_lssi\n"), "utf-8")
    (row,) = status([path], out_dir=out, today=dt.date(2026, 9, 1)).rows
    assert row.build == "stale"
    assert row.message is not None and "the config changed (regulations)" in row.message
    changes = compare(built.directory, path).changes
    assert [(c.kind, c.subject, c.item) for c in changes if c.substantive] == [
        ("added", "regulations", "es_lssi")
    ]
