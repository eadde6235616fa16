"""What makes a catalogue entry valid: the schema (``schemas/regulation.schema.json``)
with every language of the bundled templates required, then the rules a schema cannot
say: the file is named after its id, ``as_of`` is not in the future, jurisdiction and
sector codes are known, and an id appears once (a project entry replacing a bundled
one says ``overrides: true``). Every problem is an ``Issue`` at the file's line.
"""

from __future__ import annotations

import copy
import datetime as dt
import difflib
import json
from collections.abc import Iterator, Mapping
from functools import cache
from pathlib import Path
from typing import Any

from jsonschema import Draft202012Validator, FormatChecker, ValidationError

from policy_builder import resources
from policy_builder.chars import clip
from policy_builder.i18n import catalogue as languages
from policy_builder.models import Issue
from policy_builder.pipeline.source_map import JsonPath, SourceMap, format_path
from policy_builder.regulations.entry import Clause, Entry

SECTORS = ("all", "financial_services", "listed_companies", "consumer_marketing")
SUPRANATIONAL = ("EU",)


def entry(
    path: Path, data: dict[str, Any], source: SourceMap, *, bundled: bool, today: dt.date
) -> tuple[Entry | None, list[Issue]]:
    """The entry a file holds and every problem with it; the entry is None when it
    cannot be read as one. The loader keeps an entry only when it has no problem."""
    issues = [_issue(source, p, m) for p, m in _schema_problems(data)]
    if issues:
        return None, issues
    where = source.where(("id",))
    if data["id"] != path.stem:
        issues.append(
            _issue(
                source,
                ("id",),
                f"the id '{clip(data['id'])}' must be the file's name: call the file {data['id']}.yaml",
            )
        )
    as_of = _date(data["as_of"])
    if as_of is None:
        issues.append(_issue(source, ("as_of",), f"'{data['as_of']}' is not a date"))
    elif as_of > today:
        issues.append(
            _issue(
                source,
                ("as_of",),
                f"as_of {as_of} is in the future; write the date of the text in force",
            )
        )
    for i, code in enumerate(data["jurisdictions"]):
        if code not in jurisdiction_codes():
            hint = _did_you_mean(code, list(jurisdiction_codes()))
            issues.append(
                _issue(
                    source,
                    ("jurisdictions", i),
                    f"unknown jurisdiction '{clip(code)}'{hint}; use an ISO country code (ES, MX, US) or EU",
                )
            )
    for i, sector in enumerate(data["sectors"]):
        if sector not in SECTORS:
            hint = _did_you_mean(sector, list(SECTORS)) or f" (allowed: {', '.join(SECTORS)})"
            issues.append(_issue(source, ("sectors", i), f"unknown sector '{clip(sector)}'{hint}"))
    if bundled and data.get("overrides"):
        issues.append(
            _issue(source, ("overrides",), "a bundled entry overrides nothing; remove 'overrides'")
        )
    if as_of is None or any(i.path != "id" for i in issues):
        return None, issues
    # An entry misnamed is still returned, so that an id it repeats is reported too.
    return (
        Entry(
            id=data["id"],
            file=source.file,
            bundled=bundled,
            jurisdictions=tuple(data["jurisdictions"]),
            sectors=tuple(data["sectors"]),
            authority=data["authority"],
            citation=data["citation"],
            url=data["url"],
            source=data["source"],
            as_of=as_of,
            name=dict(data["name"]),
            description=dict(data["description"]),
            clauses=tuple(_clause(c) for c in data["clauses"]),
            line=where[1],
            column=where[2],
        ),
        issues,
    )


def against_others(
    found: Entry | None,
    data: dict[str, Any],
    source: SourceMap,
    same_folder: Mapping[str, Entry],
    before: Mapping[str, Entry],
    bundled: bool,
) -> list[Issue]:
    """An id seen twice in one folder; a project entry over a bundled one, or not, and
    whether it says so."""
    if found is None:
        return []
    if found.id in same_folder:
        other = same_folder[found.id]
        return [
            _issue(
                source,
                ("id",),
                f"two entries with the id '{found.id}': this one and {other.file}:{other.line}:{other.column}",
            )
        ]
    if bundled:
        return []
    inherited = before.get(found.id)
    if inherited is not None and data.get("overrides") is not True:
        return [
            _issue(
                source,
                ("id",),
                f"'{found.id}' is a bundled regulation ({inherited.file}); add 'overrides: true' to replace it, or choose another id",
            )
        ]
    if inherited is None and data.get("overrides") is True:
        hint = _did_you_mean(found.id, list(before))
        return [
            _issue(
                source,
                ("overrides",),
                f"there is no bundled '{found.id}' to override{hint}; remove 'overrides'",
            )
        ]
    return []


def _clause(raw: dict[str, Any]) -> Clause:
    article = raw["article"]
    if isinstance(article, str):
        article = {lang: article for lang in raw["text"]}
    return Clause(dict(article), dict(raw["text"]))


def _date(text: str) -> dt.date | None:
    try:
        return dt.date.fromisoformat(text)
    except ValueError:
        return None


# ISO 3166-1 alpha-2, as officially assigned (no babel here: validate must start fast).
_CODES = """
AD AE AF AG AI AL AM AO AQ AR AS AT AU AW AX AZ BA BB BD BE BF BG BH BI BJ BL BM BN
BO BQ BR BS BT BV BW BY BZ CA CC CD CF CG CH CI CK CL CM CN CO CR CU CV CW CX CY CZ
DE DJ DK DM DO DZ EC EE EG EH ER ES ET FI FJ FK FM FO FR GA GB GD GE GF GG GH GI GL
GM GN GP GQ GR GS GT GU GW GY HK HM HN HR HT HU ID IE IL IM IN IO IQ IR IS IT JE JM
JO JP KE KG KH KI KM KN KP KR KW KY KZ LA LB LC LI LK LR LS LT LU LV LY MA MC MD ME
MF MG MH MK ML MM MN MO MP MQ MR MS MT MU MV MW MX MY MZ NA NC NE NF NG NI NL NO NP
NR NU NZ OM PA PE PF PG PH PK PL PM PN PR PS PT PW PY QA RE RO RS RU RW SA SB SC SD
SE SG SH SI SJ SK SL SM SN SO SR SS ST SV SX SY SZ TC TD TF TG TH TJ TK TL TM TN TO
TR TT TV TW TZ UA UG UM US UY UZ VA VC VE VG VI VN VU WF WS YE YT ZA ZM ZW
"""
ISO_COUNTRIES = frozenset(_CODES.split())


def jurisdiction_codes() -> frozenset[str]:
    """ISO 3166-1 alpha-2 codes and the EU."""
    return ISO_COUNTRIES | frozenset(SUPRANATIONAL)


@cache
def _validator(langs: tuple[str, ...]) -> Draft202012Validator:
    """The schema with every text required in ``langs`` (the templates' languages: a
    language folder added, as a third language is, changes the key)."""
    path = resources.data_dir("schemas") / "regulation.schema.json"
    schema = json.loads(path.read_text(encoding="utf-8"))
    local = copy.deepcopy(schema["$defs"]["localText"])
    local["required"] = list(langs)
    local["propertyNames"] = {"enum": list(langs)}
    schema["$defs"]["localText"] = local
    return Draft202012Validator(schema, format_checker=FormatChecker())


def _schema_problems(data: dict[str, Any]) -> Iterator[tuple[JsonPath, str]]:
    for error in sorted(
        _validator(languages.available_languages()).iter_errors(data),
        key=lambda e: list(map(str, e.absolute_path)),
    ):
        yield from _describe(error)


def _describe(error: ValidationError) -> Iterator[tuple[JsonPath, str]]:
    path: JsonPath = tuple(error.absolute_path)
    kind, schema, instance = error.validator, error.schema, error.instance
    if kind == "required":
        langs = languages.available_languages()
        for name in error.validator_value:
            if isinstance(instance, dict) and name not in instance:
                if name in langs and "id" not in schema.get("properties", {}):
                    yield (
                        (*path, name),
                        f"missing the '{name}' text (every entry is written in {', '.join(langs)})",
                    )
                else:
                    yield (*path, name), f"missing required field '{name}'"
        return
    if kind == "additionalProperties":
        allowed = list(schema.get("properties", {}))
        for name in instance:
            if name not in allowed:
                yield (
                    (*path, name),
                    f"unknown field '{clip(str(name))}'{_did_you_mean(str(name), allowed)}",
                )
        return
    if "propertyNames" in error.relative_schema_path:
        yield (
            (*path, str(instance)),
            f"text in '{clip(str(instance))}', not a language of the templates",
        )
        return
    if kind == "anyOf":
        for sub in error.context or ():
            if sub.validator not in ("type",):
                yield from _describe(sub)
                return
        yield path, "expected text or one text per language"
        return
    if "x-message" in schema and kind in ("pattern", "format", "type"):
        yield path, f"'{clip(str(instance))}' {schema['x-message']}"
        return
    if kind == "type":
        yield path, f"expected {error.validator_value}, got {type(instance).__name__}"
        return
    if kind == "minItems":
        yield path, "must list at least one item"
        return
    if kind in ("minLength", "pattern"):
        yield path, "must not be empty"
        return
    yield path, str(error.message)


def _issue(source: SourceMap, path: JsonPath, message: str) -> Issue:
    file, line, column = source.where(path)
    return Issue(file, line, column, format_path(path), message)


def _did_you_mean(word: str, options: list[str]) -> str:
    close = difflib.get_close_matches(word, options, n=1, cutoff=0.6)
    return f" (did you mean '{close[0]}'?)" if close else ""
