"""One edition's view of a policy: its variant's words, dates and language names."""

from __future__ import annotations

import base64
from functools import cache
from pathlib import Path

import pytest

from policy_builder.i18n import catalogue
from policy_builder.models import Handbook, LanguageLink, Policy
from policy_builder.pipeline.localize import localize
from policy_builder.pipeline.resolve import resolve
from policy_builder.pipeline.validate import load_valid
from tests.conftest import CASES, CONFIGS


@cache
def policy(name: str) -> Policy:
    return resolve(load_valid(CONFIGS / f"{name}.yaml"))


def edition(name: str, tag: str) -> Handbook:
    return localize(policy(name), tag)


# --- the edition and its dates -------------------------------------------------------


@pytest.mark.parametrize(
    ("name", "tag", "effective", "last", "next_"),
    [
        ("banco-meridiano", "es-ES", "4 de mayo de 2026", "15 de abril de 2026", "15 de octubre de 2026"),
        ("banco-meridiano", "en-GB", "4 May 2026", "15 April 2026", "15 October 2026"),
        ("acme", "en-US", "November 2, 2026", "October 19, 2026", "October 19, 2027"),
        ("acme", "es-MX", "2 de noviembre de 2026", "19 de octubre de 2026", "19 de octubre de 2027"),
    ],
)  # fmt: skip
def test_dates_are_in_the_variants_long_format(
    name: str, tag: str, effective: str, last: str, next_: str
) -> None:
    handbook = edition(name, tag)
    assert handbook.lang == tag
    assert (handbook.effective_date, handbook.last_review, handbook.next_review) == (
        effective,
        last,
        next_,
    )
    assert handbook.effective_date_iso == policy(name).effective_date.isoformat()


def test_changelog_dates_and_regulations_in_the_editions_language() -> None:
    es, en = edition("acme", "es-MX"), edition("acme", "en-US")
    assert [c.date for c in en.changelog][:2] == ["February 6, 2023", "September 18, 2023"]
    assert [c.date for c in es.changelog][:2] == [
        "6 de febrero de 2023",
        "18 de septiembre de 2023",
    ]
    assert es.changelog[0].regulation is None
    # An entry names its regulation by its title in the edition's language.
    assert es.changelog[3].regulation == (
        "Ley de Privacidad del Consumidor de California (CCPA), modificada por la CPRA"
    )
    assert en.changelog[3].regulation == (
        "California Consumer Privacy Act (CCPA), as amended by the CPRA"
    )
    assert es.changelog[-1].summary.startswith("Revisión periódica sin cambios")
    assert en.changelog[-1].reason == "Scheduled annual review."


def test_a_language_code_means_the_variant_the_policy_publishes() -> None:
    assert edition("banco-meridiano", "en") == edition("banco-meridiano", "en-GB")
    assert edition("acme", "es").lang == "es-MX"
    # Both editions carry the policy's fingerprint, so signed copies match.
    assert {edition("acme", t).fingerprint for t in ("en-US", "es-MX")} == {
        policy("acme").fingerprint
    }


def test_a_language_the_policy_is_not_published_in_is_refused() -> None:
    with pytest.raises(ValueError, match="acme is not published in fr"):
        localize(policy("acme"), "fr")
    with pytest.raises(ValueError, match="not published in en-GB"):
        localize(policy("acme"), "en-GB")  # acme publishes en-US, not any English


# --- links between editions and language names ---------------------------------------


def test_the_language_link_points_to_the_other_editions_file() -> None:
    assert edition("banco-meridiano", "es-ES").other_languages == (
        LanguageLink("en-GB", "English", "banco-meridiano-social-media-policy.en-GB.html"),
    )
    assert edition("banco-meridiano", "en-GB").other_languages == (
        LanguageLink("es-ES", "Español", "banco-meridiano-social-media-policy.es-ES.html"),
    )
    assert edition("acme", "en-US").other_languages == (
        LanguageLink("es-MX", "Español", "acme-social-media-policy.es-MX.html"),
    )


def test_languages_are_named_in_the_editions_language() -> None:
    es, en = edition("banco-meridiano", "es-ES"), edition("banco-meridiano", "en-GB")
    assert es.languages == en.languages == ("es-ES", "en-GB")
    assert es.language_names == ("español", "inglés")
    assert en.language_names == ("Spanish", "English")
    # Spanish prevails in both editions, named in each edition's language.
    assert es.authoritative_language == en.authoritative_language == "es-ES"
    assert (es.authoritative_language_name, en.authoritative_language_name) == (
        "español",
        "Spanish",
    )
    assert edition("acme", "es-MX").authoritative_language == "en-US"
    assert edition("acme", "es-MX").authoritative_language_name == "inglés"


def test_title_country_and_sector_in_the_editions_language() -> None:
    assert edition("acme", "en-US").title == "Social Media Policy"
    assert edition("acme", "es-MX").title == "Política de redes sociales"
    assert edition("banco-meridiano", "es-ES").country == "España"
    assert edition("banco-meridiano", "en-GB").country == "Spain"
    assert edition("acme", "es-MX").country == "Estados Unidos"
    assert edition("acme", "en-US").sector == "Cloud software and infrastructure services"
    assert edition("acme", "es-MX").sector == "Software y servicios de infraestructura en la nube"


# --- labels from the right catalogue variant ------------------------------------------


@pytest.mark.parametrize(
    ("name", "tag", "section", "title"),
    [
        ("acme", "en-US", "acknowledgement", "Acknowledgment of receipt"),
        ("banco-meridiano", "en-GB", "acknowledgement", "Acknowledgement of receipt"),
        ("banco-meridiano", "es-ES", "onboarding", "Acogida de nuevas incorporaciones"),
        ("acme", "es-MX", "onboarding", "Inducción del personal de nuevo ingreso"),
    ],
)
def test_section_titles_come_from_the_editions_variant(
    name: str, tag: str, section: str, title: str
) -> None:
    titles = {s.id: s.title for s in edition(name, tag).sections}
    assert titles[section] == title
    assert titles == {k: v for k, v in catalogue.load(tag)["sections"].items() if k in titles}


def test_the_handbooks_sections_are_the_policys_numbered_without_gaps() -> None:
    for name in ("acme", "tonalli"):
        for tag in policy(name).variants:
            sections = edition(name, tag).sections
            assert tuple(s.id for s in sections) == policy(name).sections
            assert [s.number for s in sections] == list(range(1, len(sections) + 1))
    # Tonalli omits benefits_and_risks: customer listening moves up to number 8.
    numbers = {s.id: s.number for s in edition("tonalli", "es-MX").sections}
    assert (numbers["posting_rules"], numbers["customer_listening"]) == (7, 8)
    assert "benefits_and_risks" not in numbers


# --- people, contacts and items in the edition's language -------------------------------


def test_contacts_and_people_in_the_editions_language() -> None:
    es, en = edition("banco-meridiano", "es-ES"), edition("banco-meridiano", "en-GB")
    es_names = [c.name for c in es.incidents.contacts]
    en_names = [c.name for c in en.incidents.contacts]
    assert "Centro de Operaciones de Seguridad (SOC)" in es_names
    assert "Security Operations Centre (SOC)" in en_names
    assert "Security Operations Centre (SOC)" not in es_names
    assert es.contact.name == en.contact.name == "Lucía Herrero Sanz"  # a person: as written
    assert (es.contact.role, en.contact.role) == (
        "Directora de Cumplimiento Normativo",
        "Head of Compliance",
    )
    assert es.owner.role == "Directora de Cumplimiento Normativo"
    assert en.approvers[2].name == "Alberto Casado Núñez"
    assert en.approvers[2].role == "Data Protection Officer"


def test_items_in_the_editions_language() -> None:
    es, en = edition("acme", "es-MX"), edition("acme", "en-US")
    custom_es, custom_en = es.permitted_shares[5], en.permitted_shares[5]
    assert custom_es.id == custom_en.id == "open_source_contributions"
    assert (custom_es.title, custom_en.title) == (
        "Contribuciones de código abierto",
        "Open-source work",
    )
    walk_es, walk_en = es.onboarding, en.onboarding
    assert walk_es and walk_en
    assert walk_es.topics[0].title == "Repaso de esta política"
    assert walk_en.topics[0].title == "Walkthrough of this policy"
    assert walk_en.acknowledge_within_days == 14
    assert [i.id for i in es.posting_rules] == [i.id for i in policy("acme").posting_rules]
    assert es.regulations[1].url == "https://eur-lex.europa.eu/eli/reg/2016/679/oj"
    assert es.regulations[1].title.startswith("Reglamento (UE) 2016/679")
    assert es.listening and es.listening.route.startswith("Publique el enlace")


def test_omitted_sections_have_no_view() -> None:
    handbook = localize(resolve(load_valid(CASES / "valid" / "minimal.yaml")), "en")
    assert handbook.onboarding is None and handbook.listening is None
    assert handbook.consequences_framework is None  # the config gives no framework
    assert handbook.logo_data_uri is None


def test_the_logo_becomes_a_data_uri(tmp_path: Path) -> None:
    text = (CASES / "valid" / "minimal.yaml").read_text(encoding="utf-8")
    logo = b"<svg xmlns='http://www.w3.org/2000/svg'/>"
    (tmp_path / "logo.svg").write_bytes(logo)
    config = tmp_path / "minimal.yaml"
    config.write_text(
        text.replace("  name: Minima\n", "  name: Minima\n  logo: logo.svg\n", 1), encoding="utf-8"
    )
    handbook = localize(resolve(load_valid(config)), "es")
    assert handbook.logo_data_uri == (
        "data:image/svg+xml;base64," + base64.b64encode(logo).decode("ascii")
    )
