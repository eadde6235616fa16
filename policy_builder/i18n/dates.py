"""Dates as a reader of one language reads them: ``19 de octubre de 2025``,
``October 19, 2025``, ``19 October 2025``.

The handbook, the diff's sentences and the changelog's Markdown all write a date
the same way: Babel's long format, in the locale of the language's catalogue (a
variant's overlay may set its own: es-MX, en-GB).
"""

from __future__ import annotations

import datetime as dt

from babel.dates import format_date

from policy_builder.i18n import catalogue


def long_date(day: dt.date, lang: str) -> str:
    """``day`` in the long form of ``lang`` (a code such as ``es`` or a tag such as ``en-GB``)."""
    return str(format_date(day, format="long", locale=catalogue.load(lang)["locale"]))
