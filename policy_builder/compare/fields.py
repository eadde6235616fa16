"""The single-value fields ``diff`` compares, and how a value is shown in a sentence.

Each field names its catalogue key (``diff.fields.<key>``), its config path, how
to read it from a resolved policy and its *shape*: how its old and new values are
written ("changed from 12 to 6 months", "from 1 March 2025 to …").
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from typing import Any, Literal

from babel import Locale

from policy_builder.i18n import catalogue
from policy_builder.i18n.dates import long_date
from policy_builder.models import Contact, LocalText, Person, Policy

Shape = Literal[
    "value", "text", "date", "country", "languages", "person", "months", "days", "hours"
]
UNITS: tuple[Shape, ...] = ("months", "days", "hours")  # a number with its unit


@dataclass(frozen=True)
class Field:
    key: str  # diff.fields.<key> in the catalogue; the change's subject
    path: str  # in the config
    read: Callable[[Policy], Any]
    shape: Shape
    substantive: bool = True  # False for bookkeeping: the version and the dates that go with it


# One row per field: the table reads best unwrapped.
# fmt: off
FIELDS: tuple[Field, ...] = (
    Field("company_name", "company.name", lambda p: p.company_name, "value"),
    Field("legal_name", "company.legal_name", lambda p: p.legal_name, "value"),
    Field("country", "company.country", lambda p: p.country, "country"),
    Field("sector", "company.sector", lambda p: p.sector, "text"),
    Field("contact", "company.contact", lambda p: p.contact, "person"),
    Field("version", "policy.version", lambda p: p.version, "value", substantive=False),
    Field("effective_date", "policy.effective_date", lambda p: p.effective_date, "date", substantive=False),
    Field("owner", "policy.owner", lambda p: p.owner, "person"),
    Field("languages", "policy.languages", lambda p: p.variants, "languages"),
    Field("authoritative_language", "policy.authoritative_language", lambda p: p.authoritative_language, "languages"),
    Field("cadence_months", "review.cadence_months", lambda p: p.cadence_months, "months"),
    Field("last_review", "review.last_review", lambda p: p.last_review, "date", substantive=False),
    Field("acknowledge_within_days", "onboarding.acknowledge_within_days",
          lambda p: p.onboarding.acknowledge_within_days if p.onboarding else None, "days"),
    Field("listening_route", "customer_listening.route",
          lambda p: p.listening.route if p.listening else None, "text"),
    Field("response_hours", "customer_listening.response_hours",
          lambda p: p.listening.response_hours if p.listening else None, "hours"),
    Field("report_within_hours", "incidents.report_within_hours", lambda p: p.incidents.report_within_hours, "hours"),
    Field("consequences_framework", "consequences.framework", lambda p: p.consequences_framework, "text"),
)
# fmt: on


def show(value: Any, shape: Shape, lang: str) -> str:
    """``value`` as a sentence in ``lang`` writes it; ``—`` for no value."""
    locale = Locale.parse(catalogue.load(lang)["locale"])
    if value is None:
        return "—"
    if shape == "date":
        return long_date(value, lang)
    if shape == "country":
        return str(locale.territories.get(value, value))
    if shape == "languages":
        codes = value if isinstance(value, tuple) else (value,)
        names = locale.languages  # a tag is named by its variant: "Mexican Spanish"
        return ", ".join(str(names.get(c.replace("-", "_"), names.get(c, c))) for c in codes)
    if shape == "person":
        return f"{name_in(value, lang)} ({pick(value.role, lang)})"
    if shape in UNITS:  # one side only: the unit goes with the number
        return f"{value} {catalogue.load(lang)['diff']['units'][shape]}"
    return str(value)


def name_in(person: Person | Contact, lang: str) -> str:
    """A person's name, or a team's name in ``lang`` when it is given in every language."""
    names = getattr(person, "names", None)
    return str(names[lang]) if names and lang in names else str(person.name)


def pick(text: LocalText, lang: str) -> str:
    """``text`` in ``lang``, or in the first language it has (a side may lack ``lang``)."""
    return text.get(lang) or next(iter(text.values()))
