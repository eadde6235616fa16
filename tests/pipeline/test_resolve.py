"""Stage 3: a valid config becomes a ``Policy``: texts per language, dates, lookups."""

from __future__ import annotations

import datetime as dt
import sys
from pathlib import Path

import pytest
import yaml

from policy_builder import resources
from policy_builder.errors import InvalidConfigError
from policy_builder.hashes import canonical_json, fingerprint
from policy_builder.i18n import catalogue
from policy_builder.models import Contact, Logo, Policy
from policy_builder.pipeline.resolve import resolve
from policy_builder.pipeline.review import add_months
from policy_builder.pipeline.validate import load_valid
from tests.conftest import CASES, CONFIGS, clear_template_caches

MINIMAL = CASES / "valid" / "minimal.yaml"
# The handbook's sections, in the order it prints them.
ALL_SECTIONS = (
    "purpose",
    "onboarding",
    "keeping_current",
    "sharing",
    "inappropriate_content",
    "security",
    "posting_rules",
    "benefits_and_risks",
    "customer_listening",
    "incidents",
    "consequences",
    "regulations",
    "revision_history",
    "acknowledgement",
)


def policy_of(path: Path) -> Policy:
    return resolve(load_valid(path))


def variant_of(tmp_path: Path, source: Path, *edits: tuple[str, str], name: str = "") -> Path:
    """A copy of ``source`` in ``tmp_path`` with each (old, new) replaced once."""
    text = source.read_text(encoding="utf-8")
    for old, new in edits:
        assert old in text, old
        text = text.replace(old, new, 1)
    path = tmp_path / (name or source.name)
    path.write_text(text, encoding="utf-8")
    return path


# --- languages and vocabulary ------------------------------------------------------


@pytest.mark.parametrize(
    ("name", "languages", "variants", "authoritative"),
    [
        ("banco-meridiano", ("es", "en"), ("es-ES", "en-GB"), "es"),  # [es, en] in Spain
        ("acme", ("en", "es"), ("en-US", "es-MX"), "en"),  # [en, es] in the US
        ("northgate-mutual", ("en", "es"), ("en-GB", "es-ES"), "en"),  # tags as written
        ("tonalli", ("es", "en"), ("es-MX", "en-US"), "es"),
    ],
)
def test_languages_are_codes_and_variants_follow_the_country(
    name: str, languages: tuple[str, ...], variants: tuple[str, ...], authoritative: str
) -> None:
    policy = policy_of(CONFIGS / f"{name}.yaml")
    assert policy.languages == languages
    assert policy.variants == variants
    assert policy.authoritative_language == authoritative
    assert policy.variant(languages[1]) == variants[1] and policy.variant("fr") is None


def test_a_vocabulary_key_becomes_the_text_of_each_language_variant() -> None:
    gb = policy_of(CONFIGS / "banco-meridiano.yaml")  # es-ES, en-GB
    us = policy_of(CONFIGS / "acme.yaml")  # en-US, es-MX
    gb_walk = gb.onboarding.topics[0] if gb.onboarding else None
    us_walk = us.onboarding.topics[0] if us.onboarding else None
    assert gb_walk and us_walk and gb_walk.id == us_walk.id == "policy_walkthrough"
    assert gb_walk.builtin and gb_walk.title and set(gb_walk.text) == {"es", "en"}
    assert "acknowledgement of receipt" in gb_walk.text["en"]
    assert "acknowledgment of receipt" in us_walk.text["en"]
    vocabulary = catalogue.load("en-GB")["vocabulary"]["onboarding_topics"]
    assert gb_walk.text["en"] == vocabulary["policy_walkthrough"]["text"]
    assert gb_walk.title["en"] == vocabulary["policy_walkthrough"]["title"]
    # Spanish: Spain writes "vídeos", Mexico "videos".
    gb_sexual = next(i for i in gb.banned_content if i.id == "sexual_imagery")
    us_sexual = next(i for i in us.banned_content if i.id == "sexual_imagery")
    assert "vídeos" in gb_sexual.text["es"] and "vídeos" not in us_sexual.text["es"]
    assert "videos" in us_sexual.text["es"]


def test_custom_items_keep_their_own_text_and_the_list_its_order() -> None:
    policy = policy_of(CONFIGS / "acme.yaml")
    assert [i.id for i in policy.permitted_shares] == [
        "job_title",
        "public_announcements",
        "job_openings",
        "company_events",
        "professional_achievements",
        "open_source_contributions",
        "working_conditions",
    ]
    custom = policy.permitted_shares[5]
    assert not custom.builtin
    assert custom.title == {"en": "Open-source work", "es": "Contribuciones de código abierto"}
    assert custom.text["en"].startswith("You may share code, talks and articles about Acme's")
    assert custom.text["es"].startswith("Puede compartir código, charlas y artículos")
    assert all(i.builtin for i in policy.permitted_shares[:5])


def test_a_variant_never_rewrites_the_configs_own_text(tmp_path: Path) -> None:
    """es-MX rewrites "vídeos" in the catalogue, not in what the company wrote."""
    path = variant_of(
        tmp_path,
        MINIMAL,
        ("country: ES", "country: MX"),
        (
            "permitted_shares: [job_title, office_phone]",
            "permitted_shares:\n  - job_title\n  - id: demos\n"
            "    text: {es: Puede publicar vídeos del ordenador., en: You may post videos.}",
        ),
        ("[discriminatory_material, sexual_imagery]", "[sexual_imagery]"),
    )
    policy = policy_of(path)
    assert policy.variants == ("es-MX", "en-US")  # Mexico's Spanish, American English
    assert policy.permitted_shares[1].text["es"] == "Puede publicar vídeos del ordenador."
    assert policy.permitted_shares[1].title is None
    assert "videos" in policy.banned_content[0].text["es"]


# --- dates --------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("day", "months", "expected"),
    [
        (dt.date(2026, 1, 31), 1, dt.date(2026, 2, 28)),  # clamped to February's end
        (dt.date(2024, 1, 31), 1, dt.date(2024, 2, 29)),  # a leap year
        (dt.date(2026, 3, 31), 1, dt.date(2026, 4, 30)),
        (dt.date(2026, 8, 31), 6, dt.date(2027, 2, 28)),  # rollover and clamp at once
        (dt.date(2026, 11, 15), 3, dt.date(2027, 2, 15)),  # into the next year
        (dt.date(2026, 12, 31), 12, dt.date(2027, 12, 31)),
        (dt.date(2026, 12, 1), 1, dt.date(2027, 1, 1)),
        (dt.date(2026, 5, 20), 36, dt.date(2029, 5, 20)),
        (dt.date(2026, 1, 15), 11, dt.date(2026, 12, 15)),  # December, not month 0
    ],
)
def test_add_months_clamps_to_the_months_last_day(
    day: dt.date, months: int, expected: dt.date
) -> None:
    assert add_months(day, months) == expected


def test_next_review_is_last_review_plus_cadence() -> None:
    policy = policy_of(CONFIGS / "banco-meridiano.yaml")
    assert (policy.last_review, policy.cadence_months) == (dt.date(2026, 4, 15), 6)
    assert policy.next_review == dt.date(2026, 10, 15)
    assert policy.effective_date == dt.date(2026, 5, 4)


@pytest.mark.parametrize(
    ("last_review", "cadence", "next_review"),
    [
        ("2026-01-31", 1, dt.date(2026, 2, 28)),
        ("2026-11-30", 3, dt.date(2027, 2, 28)),
        ("2026-10-31", 24, dt.date(2028, 10, 31)),
    ],
)
def test_next_review_of_a_config_clamps_and_rolls_over(
    tmp_path: Path, last_review: str, cadence: int, next_review: dt.date
) -> None:
    path = variant_of(
        tmp_path,
        MINIMAL,
        ("cadence_months: 12", f"cadence_months: {cadence}"),
        ("last_review: 2026-05-20", f"last_review: {last_review}"),
        ("date: 2026-05-20", f"date: {last_review}"),
        ("effective_date: 2026-06-01", "effective_date: 2026-12-01"),
    )
    policy = policy_of(path)
    assert policy.last_review == dt.date.fromisoformat(last_review)
    assert policy.next_review == next_review


def test_changelog_entries_are_dated_and_keep_their_order() -> None:
    policy = policy_of(CONFIGS / "acme.yaml")
    assert [(e.version, e.date) for e in policy.changelog] == [
        ("1.0.0", dt.date(2023, 2, 6)),
        ("1.1.0", dt.date(2023, 9, 18)),
        ("1.2.0", dt.date(2024, 6, 10)),
        ("2.0.0", dt.date(2025, 10, 6)),
        ("2.0.1", dt.date(2026, 10, 19)),
    ]
    assert [e.regulation for e in policy.changelog] == [
        None,
        "us_ftc_endorsement_guides",
        "eu_gdpr",
        "us_ca_ccpa",
        None,
    ]
    assert policy.changelog[-1].summary["es"].startswith("Revisión periódica sin cambios")
    assert policy.changelog[-1].approver == "Marcus Bell"


# --- sections -----------------------------------------------------------------------


def test_every_section_in_the_handbooks_order_when_none_is_omitted() -> None:
    policy = policy_of(CONFIGS / "acme.yaml")
    assert policy.sections == ALL_SECTIONS
    assert policy.onboarding is not None and policy.listening is not None


def test_omitted_sections_disappear_and_the_rest_keep_their_order() -> None:
    minimal = policy_of(MINIMAL)  # omit_sections: [onboarding, customer_listening]
    assert minimal.sections == tuple(
        s for s in ALL_SECTIONS if s not in ("onboarding", "customer_listening")
    )
    assert minimal.onboarding is None and minimal.listening is None
    tonalli = policy_of(CONFIGS / "tonalli.yaml")  # omit_sections: [benefits_and_risks]
    assert tonalli.sections == tuple(s for s in ALL_SECTIONS if s != "benefits_and_risks")
    assert tonalli.onboarding is not None


def test_an_omitted_section_drops_its_data_even_when_the_config_gives_it(
    tmp_path: Path,
) -> None:
    path = variant_of(
        tmp_path,
        CONFIGS / "acme.yaml",
        (
            "  authoritative_language: en\n",
            "  authoritative_language: en\n  omit_sections: [onboarding]\n",
        ),
    )
    policy = policy_of(path)
    assert policy.onboarding is None and "onboarding" not in policy.sections
    assert policy.listening is not None and "customer_listening" in policy.sections


# --- regulations, people, contacts ----------------------------------------------------


def test_builtin_regulations_come_from_the_catalogue_with_their_link() -> None:
    policy = policy_of(CONFIGS / "banco-meridiano.yaml")
    gdpr = next(r for r in policy.regulations if r.id == "eu_gdpr")
    assert gdpr.builtin
    assert gdpr.url == "https://eur-lex.europa.eu/eli/reg/2016/679/oj"
    assert gdpr.citation == "Regulation (EU) 2016/679"
    assert [c.article["en"] for c in gdpr.clauses] == ["Art. 5", "Art. 6", "Art. 9"]
    assert gdpr.title == {
        "es": "Reglamento (UE) 2016/679, Reglamento General de Protección de Datos (RGPD)",
        "en": "Regulation (EU) 2016/679, General Data Protection Regulation (GDPR)",
    }
    assert gdpr.summary and set(gdpr.summary) == {"es", "en"}
    assert "authorisation" in gdpr.summary["en"]  # en-GB's spelling


def test_custom_regulations_keep_their_title_summary_and_link() -> None:
    policy = policy_of(CONFIGS / "acme.yaml")
    assert [r.id for r in policy.regulations] == [
        "us_ftc_endorsement_guides",
        "eu_gdpr",
        "us_ca_ccpa",
        "us_nlra",
    ]
    ccpa = policy.regulations[2]
    assert not ccpa.builtin
    assert ccpa.url == "https://oag.ca.gov/privacy/ccpa"
    assert ccpa.title["en"] == "California Consumer Privacy Act (CCPA), as amended by the CPRA"
    assert ccpa.summary and ccpa.summary["es"].startswith("Esta ley protege la información")


def test_contacts_named_per_language_and_people_as_written() -> None:
    policy = policy_of(CONFIGS / "banco-meridiano.yaml")
    soc = next(c for c in policy.incidents.contacts if c.email == "soc@bancomeridiano.example")
    assert soc.names == {
        "es": "Centro de Operaciones de Seguridad (SOC)",
        "en": "Security Operations Centre (SOC)",
    }
    assert soc.name == "Centro de Operaciones de Seguridad (SOC)"  # the first language given
    assert soc.phone == "+34 915 550 100"
    assert policy.contact == Contact(
        "Lucía Herrero Sanz",
        {"es": "Directora de Cumplimiento Normativo", "en": "Head of Compliance"},
        "cumplimiento@bancomeridiano.example",
        "+34 915 550 142",
    )
    assert policy.contact.names is None
    assert policy.owner.name == "Lucía Herrero Sanz"
    assert [p.name for p in policy.approvers] == [
        "Javier Olmedo Ruiz",
        "Marta Iglesias Ferrer",
        "Alberto Casado Núñez",
    ]
    assert policy.approvers[2].role == {
        "es": "Delegado de Protección de Datos",
        "en": "Data Protection Officer",
    }


def test_a_team_named_english_first_takes_its_english_name() -> None:
    policy = policy_of(CONFIGS / "acme.yaml")
    team = policy.incidents.contacts[0]
    assert team.name == "Social Media Response Team"
    assert team.names == {
        "en": "Social Media Response Team",
        "es": "Equipo de Respuesta en Redes Sociales",
    }
    assert policy.incidents.contacts[2].phone is None  # the Privacy Office gives none


def test_company_fields_and_slug() -> None:
    policy = policy_of(CONFIGS / "acme.yaml")
    assert policy.slug == "acme" and policy.source == CONFIGS / "acme.yaml"
    assert policy.logo is None
    assert (policy.company_name, policy.legal_name, policy.country) == (
        "Acme Cloud",
        "Acme Cloud Systems, Inc.",
        "US",
    )
    assert policy.version == "2.0.1"
    assert policy.incidents.report_within_hours == 4
    assert policy.listening and policy.listening.response_hours == 24


# --- fingerprint ----------------------------------------------------------------------


def test_fingerprint_is_stable_across_loads() -> None:
    first = policy_of(CONFIGS / "acme.yaml").fingerprint
    assert len(first) == 12 and int(first, 16) >= 0
    assert policy_of(CONFIGS / "acme.yaml").fingerprint == first
    assert policy_of(CONFIGS / "tonalli.yaml").fingerprint != first


def test_fingerprint_changes_with_the_content(tmp_path: Path) -> None:
    before = policy_of(MINIMAL).fingerprint
    renamed = variant_of(tmp_path, MINIMAL, ("name: Minima\n", "name: Minima Consulting\n"))
    assert policy_of(renamed).fingerprint != before
    one_item_less = variant_of(
        tmp_path, MINIMAL, ("[job_title, office_phone]", "[job_title]"), name="two.yaml"
    )
    assert policy_of(one_item_less).fingerprint != before


def test_fingerprint_ignores_what_only_the_yaml_says(tmp_path: Path) -> None:
    """Comments, key order, quoting and flow style: the same data, the same fingerprint."""
    data = yaml.safe_load(MINIMAL.read_text(encoding="utf-8"))
    reordered = {key: data[key] for key in reversed(list(data))}
    reordered["company"] = dict(reversed(list(data["company"].items())))
    text = "# another comment\n" + yaml.safe_dump(reordered, allow_unicode=True, sort_keys=False)
    text = text.replace("last_review: 2026-05-20", "last_review: '2026-05-20'  # quoted")
    path = tmp_path / "minimal.yaml"
    path.write_text(text, encoding="utf-8")
    assert path.read_text(encoding="utf-8") != MINIMAL.read_text(encoding="utf-8")
    assert policy_of(path).fingerprint == policy_of(MINIMAL).fingerprint


def test_fingerprint_covers_templates_and_tool_version(monkeypatch: pytest.MonkeyPatch) -> None:
    data = load_valid(MINIMAL).data
    before = fingerprint(data)
    monkeypatch.setattr(resources, "templates_sha256", lambda: "0" * 64)
    after_templates = fingerprint(data)
    assert after_templates != before
    module = sys.modules[fingerprint.__module__]
    monkeypatch.setattr(module, "__version__", "999.0.0")
    assert fingerprint(data) not in (before, after_templates)


def test_canonical_json_sorts_keys_keeps_letters_and_drops_spaces() -> None:
    assert canonical_json({"b": [1, {"z": 1, "a": None}], "a": "Núñez"}) == (
        '{"a":"Núñez","b":[1,{"a":null,"z":1}]}'.encode()
    )
    assert canonical_json({"a": 1, "b": 2}) == canonical_json({"b": 2, "a": 1})


# --- logo -----------------------------------------------------------------------------

PNG = b"\x89PNG\r\n\x1a\n" + bytes(range(24))


def with_logo(tmp_path: Path, name: str, data: bytes) -> Path:
    (tmp_path / name).write_bytes(data)
    return variant_of(tmp_path, MINIMAL, ("  name: Minima\n", f"  name: Minima\n  logo: {name}\n"))


@pytest.mark.parametrize(
    ("name", "mime"),
    [
        ("logo.png", "image/png"),
        ("logo.jpeg", "image/jpeg"),
        ("logo.jpg", "image/jpeg"),
        ("brand.svg", "image/svg+xml"),
    ],
)
def test_the_logo_is_read_with_its_type(tmp_path: Path, name: str, mime: str) -> None:
    policy = policy_of(with_logo(tmp_path, name, PNG))
    assert policy.logo == Logo(mime, PNG)


def test_a_logo_gone_after_validation_is_a_located_problem(tmp_path: Path) -> None:
    config = load_valid(with_logo(tmp_path, "logo.png", PNG), "minimal.yaml")
    (tmp_path / "logo.png").unlink()
    with pytest.raises(InvalidConfigError) as caught:
        resolve(config)
    [issue] = caught.value.issues
    assert (issue.file, issue.line, issue.column, issue.path) == (
        "minimal.yaml",
        5,
        9,
        "company.logo",
    )
    assert issue.message.startswith("cannot read the logo (")


def test_the_templates_guide_is_not_part_of_the_fingerprint(templates_copy: Path) -> None:
    """templates/README.md and the linter's word lists change no handbook, so editing
    them must not make every published version look stale; a section template does."""
    data = load_valid(MINIMAL).data

    def fresh() -> str:
        clear_template_caches()
        return fingerprint(data)

    before = fresh()
    (templates_copy / "README.md").write_text("edited guide\n", encoding="utf-8")
    (templates_copy / "es" / "lint.yaml").write_text("{}\n", encoding="utf-8")
    assert fresh() == before
    section = next((templates_copy / "es" / "sections").glob("*.md.j2"))
    section.write_text(section.read_text(encoding="utf-8") + "\n", encoding="utf-8")
    assert fresh() != before
