"""Jurisdiction and sector hints (pipeline/hints.py, pipeline/hint_rules.py): each rule
fires on a minimal config, and is silenced by citing what it expects or by
acknowledging it; acknowledgements that name no rule are errors, stale ones warnings."""

from __future__ import annotations

from collections.abc import Iterator, Sequence
from pathlib import Path

import pytest
import yaml

from policy_builder import resources
from policy_builder.errors import TemplateError
from policy_builder.pipeline import hint_rules
from policy_builder.pipeline.hints import Hint, warnings
from policy_builder.pipeline.load import load
from policy_builder.pipeline.validate import validate

HOUSE_RULES = "{id: house_rules, title: {es: Normas internas, en: House rules}}"

# One config per rule: the company it fires for, and what it must cite to be silent.
# (rule, company fields, posting rules, regulations cited, regulations that silence it)
CASES = [
    ("eu_data_protection", {"country": "FR"}, [], [HOUSE_RULES], ["eu_gdpr"]),
    ("es_data_protection", {"country": "ES"}, [], ["eu_gdpr"], ["eu_gdpr", "es_lopdgdd"]),
    ("mx_data_protection", {"country": "MX"}, [], [HOUSE_RULES], ["mx_lfpdppp"]),
    ("us_concerted_activity", {"country": "US"}, [], [HOUSE_RULES], ["us_nlra"]),
    (
        "us_fair_disclosure",
        {"country": "US", "listed_on": "[US]"},
        [],
        ["us_nlra"],
        ["us_nlra", "us_sec_reg_fd"],
    ),
    (
        "us_broker_dealer_communications",
        {"country": "US", "industry": "securities_brokerage"},
        [],
        ["us_nlra"],
        ["us_nlra", "us_finra_2210"],
    ),
    # MAR follows the market, not the issuer's country.
    ("eu_market_abuse", {"country": "GB", "listed_on": "[DE]"}, [], [HOUSE_RULES], ["eu_mar"]),
    (
        "us_endorsement_disclosure",
        {"country": "US"},
        ["disclose_affiliation"],
        ["us_nlra"],
        ["us_nlra", "us_ftc_endorsement_guides"],
    ),
]


def config_text(
    company: dict[str, str],
    posting_rules: Sequence[str] = (),
    regulations: Sequence[str] = (),
    acknowledged: Sequence[str] = (),
) -> str:
    """A minimal valid policy; ``company`` fields as YAML flow text."""
    fields = "".join(f"  {key}: {value}\n" for key, value in company.items())
    hints = "".join(
        f"    - hint: {name}\n      reason: Reviewed by counsel in 2026.\n" for name in acknowledged
    )
    return (
        "company:\n"
        "  name: Minima\n"
        "  legal_name: Minima, S.L.\n"
        f"{fields}"
        "  sector: {es: Consultoría, en: Consulting}\n"
        "  contact: {name: Ana Ruiz, role: {es: Cumplimiento, en: Compliance}, "
        "email: ana@minima.example}\n"
        "policy:\n"
        "  version: 1.0.0\n"
        "  effective_date: '2026-06-01'\n"
        "  owner: {name: Ana Ruiz, role: {es: Cumplimiento, en: Compliance}}\n"
        "  approvers: [{name: Luis Gil, role: {es: Director General, en: Managing Director}}]\n"
        "  omit_sections: [onboarding, customer_listening]\n"
        "review: {cadence_months: 12, last_review: '2026-05-20'}\n"
        "permitted_shares: [job_title]\n"
        "prohibited_shares: [trade_secrets]\n"
        "banned_content: [discriminatory_material]\n"
        "security_guidelines: [leak_consequences]\n"
        f"posting_rules: [{', '.join(['stop_and_think', *posting_rules])}]\n"
        "incidents:\n"
        "  report_within_hours: 24\n"
        "  contacts: [{name: Ana Ruiz, role: {es: Cumplimiento, en: Compliance}, "
        "email: ana@minima.example}]\n"
        "  preserve: [screenshots]\n"
        "regulations:\n" + "".join(f"  - {r}\n" for r in regulations) + "changelog:\n"
        "  - version: 1.0.0\n"
        "    date: '2026-06-01'\n"
        "    summary: {es: Primera versión., en: First version.}\n"
        "    reason: {es: Nueva política., en: New policy.}\n"
        "    approver: Luis Gil\n" + (f"hints:\n  acknowledged:\n{hints}" if hints else "")
    )


def hints_of(tmp_path: Path, text: str) -> tuple[Hint, ...]:
    path = tmp_path / "minima.yaml"
    path.write_text(text, encoding="utf-8")
    loaded = load(path, "minima.yaml")
    assert validate(loaded) == []  # a valid config: hints are warnings, never errors
    return warnings(loaded)


def line_of(text: str, start: str) -> int:
    return next(i for i, line in enumerate(text.splitlines(), 1) if line.startswith(start))


@pytest.fixture
def fresh_rules() -> Iterator[None]:
    """The rules read again from the (copied) templates, and forgotten afterwards."""
    hint_rules.rules.cache_clear()
    yield
    hint_rules.rules.cache_clear()


def test_every_rule_has_a_case() -> None:
    assert sorted(hint_rules.ids()) == sorted(case[0] for case in CASES)


@pytest.mark.parametrize("case", CASES, ids=lambda c: c[0])
def test_a_rule_fires_and_citing_or_acknowledging_silences_it(
    tmp_path: Path,
    case: tuple[str, dict[str, str], list[str], list[str], list[str]],
) -> None:
    rule, company, posting, cited, silencing = case
    text = config_text(company, posting, cited)
    [hint] = hints_of(tmp_path, text)
    assert hint.rule == rule
    assert (hint.file, hint.line, hint.column) == ("minima.yaml", line_of(text, "regulations:"), 1)
    assert hint.path == "regulations"
    missing = [x for x in silencing if x not in cited]
    assert hint.message.startswith(f"does not cite {missing[0]} (")
    assert str(hint).endswith(f". (hint {rule})")
    assert ": regulations: warning: does not cite" in str(hint)
    assert hints_of(tmp_path, config_text(company, posting, silencing)) == ()
    assert hints_of(tmp_path, config_text(company, posting, cited, [rule])) == ()


def test_a_spanish_company_citing_nothing_gets_both_data_protection_hints(tmp_path: Path) -> None:
    hints = hints_of(tmp_path, config_text({"country": "ES"}, [], [HOUSE_RULES]))
    assert [h.rule for h in hints] == ["eu_data_protection", "es_data_protection"]
    assert "does not cite eu_gdpr (company.country is ES)" in hints[0].message
    assert "does not cite es_lopdgdd (company.country is ES)" in hints[1].message


def test_the_message_says_why_the_rule_applies(tmp_path: Path) -> None:
    company = {"country": "US", "listed_on": "[DE, US]", "industry": "securities_brokerage"}
    hints = hints_of(tmp_path, config_text(company, ["disclose_affiliation"], [HOUSE_RULES]))
    why = {h.rule: h.message.split(": ", 1)[0] for h in hints}
    assert why == {
        "us_concerted_activity": "does not cite us_nlra (company.country is US)",
        "us_fair_disclosure": (
            "does not cite us_sec_reg_fd (company.country is US, company.listed_on includes US)"
        ),
        "us_broker_dealer_communications": (
            "does not cite us_finra_2210 (company.country is US, "
            "company.industry is securities_brokerage)"
        ),
        "eu_market_abuse": "does not cite eu_mar (company.listed_on includes DE)",
        "us_endorsement_disclosure": (
            "does not cite us_ftc_endorsement_guides (company.country is US, "
            "posting_rules lists disclose_affiliation)"
        ),
    }


@pytest.mark.parametrize(
    ("company", "posting"),
    [
        ({"country": "US", "industry": "public_sector"}, []),  # NLRA §2(2): not an employer
        ({"country": "GB", "listed_on": "[US]"}, []),  # Reg FD: foreign private issuers
        ({"country": "GB", "industry": "securities_brokerage"}, []),  # not a FINRA member
        ({"country": "MX"}, ["disclose_affiliation"]),  # FTC: advertising in the US
        ({"country": "GB", "listed_on": "[GB]"}, []),  # MAR: EU and EEA venues only
    ],
)
def test_a_company_outside_a_rules_scope_gets_no_hint(
    tmp_path: Path, company: dict[str, str], posting: list[str]
) -> None:
    cited = ["mx_lfpdppp"] if company["country"] == "MX" else [HOUSE_RULES]
    assert hints_of(tmp_path, config_text(company, posting, cited)) == ()


def test_a_stale_acknowledgement_is_a_warning_at_its_line(tmp_path: Path) -> None:
    # us_concerted_activity does not apply to a Mexican company; es_data_protection
    # applies to a Spanish one, which cites what it expects.
    mexican = config_text({"country": "MX"}, [], ["mx_lfpdppp"], ["us_concerted_activity"])
    [hint] = hints_of(tmp_path, mexican)
    assert (hint.rule, hint.path) == ("us_concerted_activity", "hints.acknowledged[0].hint")
    assert hint.line == line_of(mexican, "    - hint: us_concerted_activity")
    assert "does not apply to this company, so its acknowledgement is stale" in hint.message
    spanish = config_text({"country": "ES"}, [], ["eu_gdpr", "es_lopdgdd"], ["es_data_protection"])
    [hint] = hints_of(tmp_path, spanish)
    assert hint.rule == "es_data_protection"
    assert hint.message.startswith("the policy cites es_lopdgdd, so the hint")


def test_an_acknowledgement_naming_no_hint_is_an_error_with_did_you_mean(tmp_path: Path) -> None:
    text = config_text({"country": "ES"}, [], ["eu_gdpr"], ["es_data_proteccion", "xyz"])
    path = tmp_path / "minima.yaml"
    path.write_text(text, encoding="utf-8")
    issues = validate(load(path, "minima.yaml"))
    assert [(i.line, i.column, i.path) for i in issues] == [
        (line_of(text, "    - hint: es_data_proteccion"), 13, "hints.acknowledged[0].hint"),
        (line_of(text, "    - hint: xyz"), 13, "hints.acknowledged[1].hint"),
    ]
    assert issues[0].message == (
        "there is no hint 'es_data_proteccion' to acknowledge (did you mean 'es_data_protection'?)"
    )
    assert issues[1].message.startswith("there is no hint 'xyz' to acknowledge (hints: ")


def test_a_hint_acknowledged_twice_is_an_error(tmp_path: Path) -> None:
    text = config_text({"country": "ES"}, [], ["eu_gdpr"], ["es_data_protection"] * 2)
    path = tmp_path / "minima.yaml"
    path.write_text(text, encoding="utf-8")
    [issue] = validate(load(path, "minima.yaml"))
    assert issue.path == "hints.acknowledged[1].hint"
    assert issue.message == "the hint 'es_data_protection' is acknowledged twice (first as item 1)"


def test_an_acknowledgement_needs_a_reason(tmp_path: Path) -> None:
    text = config_text({"country": "ES"}, [], ["eu_gdpr"], ["es_data_protection"])
    path = tmp_path / "minima.yaml"
    path.write_text(text.replace("      reason: Reviewed by counsel in 2026.\n", ""), "utf-8")
    [issue] = validate(load(path, "minima.yaml"))
    assert (issue.path, issue.message) == (
        "hints.acknowledged[0].reason",
        "missing required field 'reason'",
    )


def test_a_hint_inherited_from_a_base_is_located_in_the_base(tmp_path: Path) -> None:
    base = config_text({"country": "ES"}, [], ["eu_gdpr"])
    (tmp_path / "_base.yaml").write_text(base, encoding="utf-8")
    child = tmp_path / "filial.yaml"
    child.write_text("policy:\n  extends: _base.yaml\n", encoding="utf-8")
    loaded = load(child, str(child))
    assert validate(loaded) == []
    [hint] = warnings(loaded)
    assert (hint.file, hint.line) == (str(tmp_path / "_base.yaml"), line_of(base, "regulations:"))


def catalogue_ids() -> set[str]:
    """The bundled regulation ids, from whichever form the catalogue has: one file
    (``common/regulations.yaml``) or one file per regulation (``regulations/<id>.yaml``)."""
    root = resources.templates_dir()
    ids: set[str] = set()
    single = root / "common" / "regulations.yaml"
    if single.is_file():
        ids |= set(yaml.safe_load(single.read_text(encoding="utf-8")))
    ids |= {path.stem for path in (root / "regulations").glob("*.yaml")}
    return ids


def test_every_regulation_a_rule_expects_is_in_the_catalogue() -> None:
    expected = {x for rule in hint_rules.rules() for x in rule.expects}
    assert expected - catalogue_ids() == set()
    assert expected <= set(resources.schema()["$defs"]["vocabulary"]["regulations"]["enum"])


def test_any_of_is_satisfied_by_one_of_its_regulations(
    tmp_path: Path, templates_copy: Path, fresh_rules: None
) -> None:
    (templates_copy / "common" / "hints.yaml").write_text(
        "rules:\n"
        "  - id: mx_consumers\n"
        "    when: {country: [MX]}\n"
        "    expects: {any_of: [mx_lfpc, eu_gdpr]}\n"
        "    reason: Mexican consumers are protected.\n",
        encoding="utf-8",
    )
    [hint] = hints_of(tmp_path, config_text({"country": "MX"}, [], ["mx_lfpdppp"]))
    assert hint.message.startswith("cites none of mx_lfpc, eu_gdpr (company.country is MX): ")
    assert hints_of(tmp_path, config_text({"country": "MX"}, [], ["mx_lfpc"])) == ()


@pytest.mark.parametrize(
    ("rules", "error"),
    [
        (
            "  - id: x_rule\n    when: {industry: [mining]}\n",
            "hints.yaml:3:23: rules[0].when.industry[0]: 'mining' is not a company.industry code",
        ),
        (
            "  - id: x_rule\n    when: {country: [EUR]}\n",
            "hints.yaml:3:22: rules[0].when.country[0]: no group 'EUR' under groups",
        ),
        (
            "  - id: x_rule\n    when: {lists: {posting_rules: [be_nice]}}\n",
            "rules[0].when.lists.posting_rules[0]: 'be_nice' is not a built-in key of posting_rules",
        ),
        (
            "  - id: x_rule\n    when: {}\n",
            "hints.yaml:3:11: rules[0].when: {} should be non-empty",
        ),
    ],
)
def test_a_broken_rules_file_stops_with_its_line(
    templates_copy: Path, fresh_rules: None, rules: str, error: str
) -> None:
    rest = "    expects: {all_of: [eu_gdpr]}\n    reason: A reason.\n"
    (templates_copy / "common" / "hints.yaml").write_text(f"rules:\n{rules}{rest}", "utf-8")
    with pytest.raises(TemplateError) as caught:
        hint_rules.rules()
    assert error in str(caught.value)
    assert str(caught.value).startswith("templates/common/hints.yaml:")


def test_two_rules_with_one_id_stop_with_the_second(
    templates_copy: Path, fresh_rules: None
) -> None:
    rule = "  - id: x_rule\n    when: {country: [ES]}\n    expects: {all_of: [eu_gdpr]}\n"
    text = "rules:\n" + (rule + "    reason: A reason.\n") * 2
    (templates_copy / "common" / "hints.yaml").write_text(text, "utf-8")
    with pytest.raises(TemplateError, match=r"hints.yaml:6:9: rules\[1\].id: the rule id"):
        hint_rules.rules()
