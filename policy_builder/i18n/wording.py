"""Report phrases from a language's catalogue, and counts worded by its plural rule."""

from __future__ import annotations

from collections.abc import Mapping
from functools import cache
from typing import Any

from babel import Locale

from policy_builder.i18n import catalogue


def report_words(lang: str, block: str) -> dict[str, Any]:
    """``report.<block>`` of the ``lang`` catalogue (``changelog``, ``status``)."""
    words: dict[str, Any] = catalogue.load(lang)["report"][block]
    return words


def count(forms: Mapping[str, str], n: int, lang: str, **fields: object) -> str:
    """``forms[one|other|…]`` for ``n``, as the language's plural rule picks it."""
    form = _locale(catalogue.load(lang)["locale"]).plural_form(n)
    return forms.get(form, forms["other"]).format(n=n, **fields)


@cache
def _locale(code: str) -> Locale:
    return Locale.parse(code)
