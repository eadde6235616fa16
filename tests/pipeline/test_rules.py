"""The rules JSON Schema cannot express, checked on their own (``rules.check``).

Each test edits tests/cases/valid/minimal.yaml in a few places and expects exactly
the problems the rule must report, at ``file:line:column``. The same problems also
reach users through ``validate`` (tests/pipeline/test_validate.py, tests/cases/invalid).
"""

from __future__ import annotations

from pathlib import Path

import pytest

from policy_builder.pipeline import rules
from policy_builder.pipeline.load import load
from policy_builder.pipeline.validate import declared_languages
from tests.conftest import CASES, EXAMPLES

MINIMAL = CASES / "valid" / "minimal.yaml"


def problems(tmp_path: Path, *edits: tuple[str, str], name: str = "minimal.yaml") -> list[str]:
    """What the rules find in minimal.yaml with each (old, new) replaced once."""
    text = MINIMAL.read_text(encoding="utf-8")
    for old, new in edits:
        assert old in text, old
        text = text.replace(old, new, 1)
    path = tmp_path / name
    path.write_text(text, encoding="utf-8")
    return checked(path)


def checked(path: Path) -> list[str]:
    config = load(path, path.name)
    return sorted(str(i) for i in rules.check(config, declared_languages(config.data)))


@pytest.mark.parametrize("path", [*EXAMPLES, MINIMAL], ids=lambda p: p.name)
def test_valid_configs_break_no_rule(path: Path) -> None:
    assert checked(path) == []


def test_the_file_name_must_be_a_slug(tmp_path: Path) -> None:
    assert problems(tmp_path, name="Minima_2026.yaml") == [
        "Minima_2026.yaml:3:1: the file name 'Minima_2026.yaml' must be a slug such as "
        "acme.yaml or banco-meridiano.yaml (lowercase letters, digits and hyphens): it names "
        "the output folder"
    ]


# --- languages ----------------------------------------------------------------------

LANGUAGES = "  omit_sections:"


@pytest.mark.parametrize(
    ("languages", "expected"),
    [
        ("[es, xx]", "21:19: policy.languages[1]: no templates for language 'xx' (available: en, es)"),
        (
            "[es, en-UK]",
            "21:19: policy.languages[1]: no variant 'en-UK' of 'en' (did you mean 'en-GB'? "
            "available: en-US, en-GB; or write 'en' for the one the company's country implies)",
        ),
        (
            "[es, en-AU]",
            "21:19: policy.languages[1]: no variant 'en-AU' of 'en' (available: en-US, en-GB; "
            "or write 'en' for the one the company's country implies)",
        ),
        (
            "[es-ES, es-MX, en]",
            "21:22: policy.languages[1]: 'es-MX' is a second variant of 'es' after 'es-ES': a "
            "policy is published in one variant of each language, since its texts are written "
            "once per language",
        ),
        (  # a plain "es" in a Spanish company's policy already stands for es-ES
            "[es, es-MX, en]",
            "21:19: policy.languages[1]: 'es-MX' is a second variant of 'es' after 'es-ES': a "
            "policy is published in one variant of each language, since its texts are written "
            "once per language",
        ),
    ],
)  # fmt: skip
def test_each_language_needs_templates_and_one_variant(
    tmp_path: Path, languages: str, expected: str
) -> None:
    found = problems(tmp_path, (LANGUAGES, f"  languages: {languages}\n{LANGUAGES}"))
    assert found == [f"minimal.yaml:{expected}"]


@pytest.mark.parametrize("languages", ["[es, en]", "[es-MX, en-US]", "[en-GB]"])
def test_known_variants_one_per_language_are_accepted(tmp_path: Path, languages: str) -> None:
    assert problems(tmp_path, (LANGUAGES, f"  languages: {languages}\n{LANGUAGES}")) == []


@pytest.mark.parametrize(
    ("authoritative", "expected"),
    [
        ("en", []),
        ("en-GB", []),  # what "en" stands for in Spain
        (
            "en-US",
            [
                "minimal.yaml:22:27: policy.authoritative_language: 'en-US' is not one of the "
                "policy's languages (es-ES, en-GB)"
            ],
        ),
        (
            "fr",
            [
                "minimal.yaml:22:27: policy.authoritative_language: 'fr' is not one of the "
                "policy's languages (es-ES, en-GB)"
            ],
        ),
    ],
)
def test_the_prevailing_language_is_one_of_the_policys(
    tmp_path: Path, authoritative: str, expected: list[str]
) -> None:
    edit = f"  languages: [es, en]\n  authoritative_language: {authoritative}\n{LANGUAGES}"
    assert problems(tmp_path, (LANGUAGES, edit)) == expected


def test_the_prevailing_variant_is_checked_with_the_default_languages_too(
    tmp_path: Path,
) -> None:
    [problem] = problems(tmp_path, (LANGUAGES, f"  authoritative_language: en-US\n{LANGUAGES}"))
    assert problem.startswith(
        "minimal.yaml:21:27: policy.authoritative_language: 'en-US' is not one of the "
        "policy's languages ("
    )


# --- sections and items ----------------------------------------------------------------


def test_optional_sections_are_required_unless_omitted(tmp_path: Path) -> None:
    omit = "  omit_sections: [onboarding, customer_listening]\n"
    assert problems(tmp_path, (omit, "")) == [
        "minimal.yaml:3:1: customer_listening: missing required field 'customer_listening' (or "
        "list 'customer_listening' under policy.omit_sections to leave the section out)",
        "minimal.yaml:3:1: onboarding: missing required field 'onboarding' (or list "
        "'onboarding' under policy.omit_sections to leave the section out)",
    ]
    assert problems(tmp_path, (omit, "  omit_sections: [onboarding]\n")) == [
        "minimal.yaml:3:1: customer_listening: missing required field 'customer_listening' (or "
        "list 'customer_listening' under policy.omit_sections to leave the section out)",
    ]


def test_a_key_listed_twice_points_at_the_second(tmp_path: Path) -> None:
    edit = ("[job_title, office_phone]", "[job_title, office_phone, job_title]")
    assert problems(tmp_path, edit) == [
        "minimal.yaml:25:45: permitted_shares[2]: 'job_title' is listed twice (first as item 1)"
    ]


def test_custom_ids_are_unique_within_a_list(tmp_path: Path) -> None:
    custom = "    text: {es: Texto., en: Text.}\n"
    edit = (
        "posting_rules: [stop_and_think, never_post_angry]\n",
        "posting_rules:\n  - stop_and_think\n  - id: be_kind\n" + custom
        + "  - id: be_kind\n" + custom,
    )  # fmt: skip
    assert problems(tmp_path, edit) == [
        "minimal.yaml:33:9: posting_rules[2].id: 'be_kind' is listed twice (first as item 2)"
    ]


def test_the_same_id_in_two_lists_is_fine(tmp_path: Path) -> None:
    custom = "[{id: own_rule, text: {es: Texto., en: Text.}}]"
    edits = (
        ("posting_rules: [stop_and_think, never_post_angry]", f"posting_rules: {custom}"),
        ("security_guidelines: [monitor_online_presence, leak_consequences]", f"security_guidelines: {custom}"),
    )  # fmt: skip
    assert problems(tmp_path, *edits) == []


@pytest.mark.parametrize(
    ("old", "new", "expected"),
    [
        (
            "posting_rules: [stop_and_think, never_post_angry]",
            "posting_rules: [{id: stop_and_think, text: {es: Texto., en: Text.}}]",
            "29:22: posting_rules[0].id: the id 'stop_and_think' is a built-in key; list it as "
            "'stop_and_think' or choose another id",
        ),
        (
            "regulations: [eu_gdpr]",
            "regulations: [{id: eu_gdpr, title: {es: RGPD, en: GDPR}}]",
            "37:20: regulations[0].id: the id 'eu_gdpr' is a built-in key; list it as 'eu_gdpr' "
            "or choose another id",
        ),
    ],
)
def test_a_custom_item_cannot_take_a_builtin_keys_id(
    tmp_path: Path, old: str, new: str, expected: str
) -> None:
    assert problems(tmp_path, (old, new)) == [f"minimal.yaml:{expected}"]


# --- versions, review and changelog -----------------------------------------------------


@pytest.mark.parametrize(
    ("edits", "expected"),
    [
        (  # an equal version is not a higher one
            [("version: 1.0.0", "version: 1.1.0")],
            "44:14: changelog[1].version: version 1.1.0 does not come after 1.1.0: list entries "
            "oldest first, each with a higher version",
        ),
        (
            [("date: 2025-06-01", "date: 2026-05-21")],
            "45:11: changelog[1].date: date 2026-05-20 is before the previous entry's "
            "(2026-05-21): list entries oldest first",
        ),
        (
            [("  version: 1.1.0\n  effective", "  version: 1.2.0\n  effective")],
            "44:14: changelog[1].version: the newest entry is 1.1.0 but policy.version is 1.2.0: "
            "add a changelog entry for 1.2.0 at the end of the list",
        ),
        (
            [("effective_date: 2026-06-01", "effective_date: 2026-05-19")],
            "45:11: changelog[1].date: the newest entry is dated 2026-05-20, after the effective "
            "date 2026-05-19",
        ),
        (
            [("    regulation: eu_gdpr", "    regulation: es_lopdgdd")],
            "48:17: changelog[1].regulation: 'es_lopdgdd' is not listed under regulations; add "
            "it there or fix the id",
        ),
        (  # too long to compare: reported once, as such, and not as a mismatch
            [("  version: 1.1.0\n  effective", "  version: 1.1.1234567890\n  effective")],
            "13:12: policy.version: '1.1.1234567890' has a number longer than 9 digits; use a "
            "smaller version such as 1.2.0",
        ),
    ],
    ids=[
        "versions-in-order",
        "dates-in-order",
        "newest-is-the-version",
        "newest-not-after-effective",
        "regulation-listed",
        "version-digits",
    ],
)
def test_changelog_rules(tmp_path: Path, edits: list[tuple[str, str]], expected: str) -> None:
    assert problems(tmp_path, *edits) == [f"minimal.yaml:{expected}"]


def test_same_day_entries_and_an_entry_on_the_effective_date_are_fine(tmp_path: Path) -> None:
    edits = (
        ("date: 2025-06-01", "date: 2026-05-20"),
        ("effective_date: 2026-06-01", "effective_date: 2026-05-20"),
    )
    assert problems(tmp_path, *edits) == []


def test_a_custom_regulation_can_be_a_changelog_entrys_reason(tmp_path: Path) -> None:
    edits = (
        ("regulations: [eu_gdpr]", "regulations: [eu_gdpr, {id: es_guia, title: {es: G, en: G}}]"),
        ("    regulation: eu_gdpr", "    regulation: es_guia"),
    )
    assert problems(tmp_path, *edits) == []


@pytest.mark.parametrize(
    ("last_review", "months", "expected"),
    [
        ("9999-11-19", 1, []),  # December 9999: the last month there is
        (
            "9999-11-19",
            2,
            [
                "minimal.yaml:24:16: review.last_review: the next review, 2 months after "
                "9999-11-19, would fall after the year 9999; check the date"
            ],
        ),
    ],
)
def test_the_next_review_must_fall_in_a_real_year(
    tmp_path: Path, last_review: str, months: int, expected: list[str]
) -> None:
    edits = (
        ("last_review: 2026-05-20", f"last_review: {last_review}"),
        ("cadence_months: 12", f"cadence_months: {months}"),
    )
    assert problems(tmp_path, *edits) == expected


# --- logo -----------------------------------------------------------------------------


def with_logo(folder: Path, logo: str) -> list[str]:
    """The rules' problems with ``company.logo: <logo>`` in a config in ``folder``."""
    folder.mkdir(exist_ok=True)
    return problems(folder, ("  name: Minima\n", f"  name: Minima\n  logo: {logo}\n"))


def test_a_logo_inside_the_folder_is_fine(tmp_path: Path) -> None:
    (tmp_path / "brand").mkdir()
    (tmp_path / "brand" / "logo.png").write_bytes(b"\x89PNG\r\n\x1a\n")
    assert with_logo(tmp_path, "brand/logo.png") == []


def test_a_missing_logo(tmp_path: Path) -> None:
    (tmp_path / "folder.png").mkdir()  # not a file either
    assert with_logo(tmp_path, "logo.png") == [
        "minimal.yaml:5:9: company.logo: no such file: logo.png"
    ]
    assert with_logo(tmp_path, "folder.png") == [
        "minimal.yaml:5:9: company.logo: no such file: folder.png"
    ]


def test_a_logo_outside_the_configs_folder(tmp_path: Path) -> None:
    (tmp_path / "logo.png").write_bytes(b"\x89PNG\r\n\x1a\n")
    (tmp_path / "configs").mkdir()
    (tmp_path / "configs" / "link.png").symlink_to(tmp_path / "logo.png")
    expected = ["minimal.yaml:5:9: company.logo: the logo must be inside the config's folder"]
    assert with_logo(tmp_path / "configs", "../logo.png") == expected
    assert with_logo(tmp_path / "configs", "link.png") == expected  # a link is followed


def test_a_logo_larger_than_the_limit(tmp_path: Path) -> None:
    with open(tmp_path / "logo.png", "wb") as handle:  # sparse: costs no disk
        handle.truncate(rules.MAX_LOGO_BYTES)
    assert with_logo(tmp_path, "logo.png") == []
    with open(tmp_path / "logo.png", "ab") as handle:
        handle.write(b"\0")
    assert with_logo(tmp_path, "logo.png") == [
        "minimal.yaml:5:9: company.logo: the logo is larger than 2,000,000 bytes"
    ]


# --- the schema's problems are not the rules' ------------------------------------------


def test_values_of_the_wrong_shape_are_left_to_the_schema(tmp_path: Path) -> None:
    path = tmp_path / "shapes.yaml"
    path.write_text(
        "company: {country: 5, logo: 7}\n"
        "policy: {languages: 5, version: [1], authoritative_language: 3, omit_sections: x}\n"
        "review: {last_review: 2026-02-30, cadence_months: true}\n"
        "permitted_shares: [{id: 3}, 4, {text: x}]\n"
        "regulations: {eu_gdpr: yes}\n"
        "changelog: [7, {version: 1.0, date: someday}, {version: [2]}]\n"
        "onboarding: x\n"
        "customer_listening: x\n",
        encoding="utf-8",
    )
    assert checked(path) == []
