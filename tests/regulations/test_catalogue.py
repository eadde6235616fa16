"""The regulations catalogue: bundled entries, a project's folder, and each bad input
reported at its file:line:col."""

from __future__ import annotations

import datetime as dt
from pathlib import Path

import pytest
import yaml

from policy_builder.errors import InvalidConfigError
from policy_builder.pipeline.resolve import resolve
from policy_builder.pipeline.validate import load_valid
from policy_builder.regulations.catalogue import load
from tests.regulations.conftest import BUNDLED, entry_text, write_entry

IDS = [
    "es_lopdgdd",
    "es_lssi",
    "eu_gdpr",
    "eu_mar",
    "mx_lfpc",
    "mx_lfpdppp",
    "us_finra_2210",
    "us_ftc_endorsement_guides",
    "us_nlra",
    "us_sec_reg_fd",
]


def test_the_bundled_catalogue_loads_every_entry_with_both_languages() -> None:
    catalogue = load(None)
    assert catalogue.issues == ()
    assert catalogue.ids() == IDS
    for regulation in IDS:
        entry = catalogue.get(regulation)
        assert entry is not None and entry.bundled
        assert set(entry.name) == set(entry.description) == {"es", "en"}
        assert entry.clauses and all(set(c.text) == {"es", "en"} for c in entry.clauses)
        assert entry.as_of <= dt.date.today()
        assert entry.url.startswith("https://") and entry.source.startswith("https://")


def test_clauses_are_article_level() -> None:
    catalogue = load(None)

    def articles(regulation: str) -> list[str]:
        entry = catalogue.get(regulation)
        assert entry is not None
        return [c.article["en"] for c in entry.clauses]

    assert articles("eu_gdpr") == ["Art. 5", "Art. 6", "Art. 9"]
    assert articles("es_lopdgdd") == ["Art. 87", "Art. 88", "Art. 89", "Art. 90", "Art. 91"]
    assert articles("us_ftc_endorsement_guides") == ["§255.5"]
    assert articles("eu_mar") == ["Art. 10", "Art. 17"]
    mexico = catalogue.get("mx_lfpdppp")
    assert mexico is not None and mexico.as_of == dt.date(2025, 3, 20)  # the 2025 law


def _problems(project: Path) -> list[str]:
    return [str(i) for i in load(project / "regulations").issues]


def _edited(regulation: str, old: str, new: str) -> str:
    text = entry_text(regulation)
    assert old in text
    return text.replace(old, new, 1)


@pytest.mark.parametrize(
    ("old", "new", "line", "message"),
    [
        ("authority: Federal Trade Commission\n", "", 2, "missing required field 'authority'"),
        (
            "  en: >-\n    When you recommend",
            "  fr: >-\n    When you recommend",
            14,
            "description.en: missing the 'en' text",
        ),
        ('as_of: "2023-07-26"', 'as_of: "2999-01-01"', 8, "as_of 2999-01-01 is in the future"),
        ("jurisdictions: [US]", "jurisdictions: [USA]", 3, "unknown jurisdiction 'USA'"),
        (
            "sectors: [consumer_marketing]",
            "sectors: [consumer_marketin]",
            9,
            "unknown sector 'consumer_marketin' (did you mean 'consumer_marketing'?)",
        ),
    ],
)
def test_each_bad_entry_is_one_line_at_its_place(
    project: Path, old: str, new: str, line: int | None, message: str
) -> None:
    text = _edited("us_ftc_endorsement_guides", old, new)
    text = text.replace("id: us_ftc_endorsement_guides", "id: us_ftc_copy")
    write_entry(project, "us_ftc_copy.yaml", text)
    problems = _problems(project)
    [problem] = [p for p in problems if message in p]
    assert all(str(Path("project") / "regulations" / "us_ftc_copy.yaml:") in p for p in problems)
    if line is not None:
        assert f"us_ftc_copy.yaml:{line}:" in problem
    assert not any("\n" in p for p in problems)


def test_a_project_entry_must_say_it_overrides_a_bundled_one(project: Path) -> None:
    path = write_entry(project, "eu_gdpr.yaml", entry_text("eu_gdpr"))
    [problem] = _problems(project)
    assert "eu_gdpr.yaml:2:5: id: 'eu_gdpr' is a bundled regulation" in problem
    assert "add 'overrides: true'" in problem
    path.write_text(
        entry_text("eu_gdpr").replace(
            'as_of: "2016-04-27"', 'as_of: "2026-10-01"\noverrides: true'
        ),
        encoding="utf-8",
    )
    catalogue = load(project / "regulations")
    entry = catalogue.get("eu_gdpr")
    assert catalogue.issues == ()
    assert entry is not None and not entry.bundled and entry.as_of == dt.date(2026, 10, 1)


def test_overriding_nothing_and_two_entries_with_one_id_are_errors(project: Path) -> None:
    text = entry_text("us_nlra").replace("id: us_nlra", "id: acme_rule")
    write_entry(project, "acme_rule.yaml", text.replace("sectors:", "overrides: true\nsectors:"))
    assert "there is no bundled 'acme_rule' to override" in " ".join(_problems(project))
    write_entry(project, "acme_rule.yaml", text)
    write_entry(project, "acme_rule.yml", text)
    problems = _problems(project)
    assert len(problems) == 1 and "two entries with the id 'acme_rule'" in problems[0]
    assert "acme_rule.yml:3:5" in problems[0]


def test_a_misnamed_file_is_an_error_at_its_id(project: Path) -> None:
    text = entry_text("us_nlra").replace("id: us_nlra", "id: acme_rule")
    write_entry(project, "rule.yaml", text)
    [problem] = _problems(project)
    assert "rule.yaml:3:5: id: the id 'acme_rule' must be the file's name" in problem


def test_a_config_citing_an_unknown_id_gets_a_hint_at_its_line(project: Path) -> None:
    config = project / "company_configs" / "minimal.yaml"
    config.write_text(
        config.read_text(encoding="utf-8").replace("[eu_gdpr]", "[eu_gdrp]"), encoding="utf-8"
    )
    with pytest.raises(InvalidConfigError) as caught:
        load_valid(config)
    issue = caught.value.issues[0]
    assert (issue.line, issue.column, issue.path) == (37, 15, "regulations[0]")
    assert (
        "'eu_gdrp' is not a built-in key for this list (did you mean 'eu_gdpr'?)" in issue.message
    )


def test_a_project_entry_can_be_cited_and_reaches_the_handbook(project: Path) -> None:
    data = yaml.safe_load(entry_text("us_nlra"))
    data.update(id="acme_code", citation="Acme Code of Conduct, §4")
    data["clauses"][0]["article"] = "§4"
    write_entry(project, "acme_code.yaml", yaml.safe_dump(data, allow_unicode=True))
    config = project / "company_configs" / "minimal.yaml"
    config.write_text(
        config.read_text(encoding="utf-8").replace("[eu_gdpr]", "[eu_gdpr, acme_code]"),
        encoding="utf-8",
    )
    policy = resolve(load_valid(config))
    cited = {r.id: r for r in policy.regulations}
    assert cited["acme_code"].citation == "Acme Code of Conduct, §4"
    assert cited["acme_code"].clauses[0].article == {"es": "§4", "en": "§4"}


def test_a_broken_project_entry_stops_the_configs_of_that_project(project: Path) -> None:
    write_entry(project, "broken.yaml", "id: broken\n")
    with pytest.raises(InvalidConfigError) as caught:
        load_valid(project / "company_configs" / "minimal.yaml")
    assert any("broken.yaml:1:1" in str(i) for i in caught.value.issues)


def test_the_bundled_files_are_named_after_their_ids() -> None:
    for path in BUNDLED.glob("*.yaml"):
        assert yaml.safe_load(path.read_text(encoding="utf-8"))["id"] == path.stem


def test_the_validate_cache_sees_a_project_entry_break(project: Path, tmp_path: Path) -> None:
    from policy_builder.commands.validate import validate

    configs, cache = project / "company_configs", tmp_path / "cache"
    assert validate([configs], cache=cache).exit_code == 0
    assert validate([configs], cache=cache).exit_code == 0  # now from the cache
    write_entry(project, "broken.yaml", "id: broken\n")
    assert validate([configs], cache=cache).exit_code == 1
