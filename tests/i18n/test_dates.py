"""Dates in the long form of each language's locale (the handbook, diff and changelog agree)."""

from __future__ import annotations

import datetime as dt

import pytest

from policy_builder.i18n.dates import long_date

DAY = dt.date(2025, 10, 19)


@pytest.mark.parametrize(
    ("lang", "written"),
    [
        ("es", "19 de octubre de 2025"),
        ("en-US", "October 19, 2025"),
        ("en-GB", "19 October 2025"),
    ],
)
def test_long_date(lang: str, written: str) -> None:
    assert long_date(DAY, lang) == written
