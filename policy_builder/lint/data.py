"""The linter's word lists: ``templates/<lang>/lint.yaml`` and ``glossary.yaml``.

Spanish verb forms are generated here from the infinitives the data lists, so the
data stays a short list of verbs rather than thousands of forms.
"""

from __future__ import annotations

import re
import unicodedata
from dataclasses import dataclass, field
from functools import cache
from pathlib import Path
from typing import Any

import yaml

from policy_builder import resources
from policy_builder.errors import TemplateError


@dataclass(frozen=True)
class Lexicon:
    """One base language's lint data, ready to look words up in."""

    lang: str
    informal_words: frozenset[str] = frozenset()
    informal_forms: frozenset[str] = frozenset()  # anywhere: trabajas, publiques
    informal_imperatives: frozenset[str] = frozenset()  # at a clause's start: usa, publica
    formal_forms: frozenset[str] = frozenset()  # publique, publica, publican
    formal_imperatives: frozenset[str] = frozenset()  # publique, publiquen, dé
    not_verbs: frozenset[str] = frozenset()
    articles: frozenset[str] = frozenset()
    rule_openers: tuple[str, ...] = ()
    rule_modals: tuple[str, ...] = ()
    imperatives: frozenset[str] = frozenset()
    finite_verbs: frozenset[str] = frozenset()
    finite_endings: tuple[str, ...] = ()
    pronouns_before_verb: frozenset[str] = frozenset()
    british_countries: frozenset[str] = frozenset()
    spelling_ambiguous: frozenset[str] = frozenset()
    terms: dict[str, tuple[str, ...]] = field(default_factory=dict)


def base_language(tag: str) -> str:
    """``es-MX`` → ``es``: the templates folder a BCP 47 tag belongs to."""
    return tag.split("-")[0].split("_")[0].lower()


_ACCENTS = str.maketrans("áéíóúü", "aeiouu")


def fold(word: str) -> str:
    """Lowercase without accents: ``Agradécele`` → ``agradecele``."""
    return unicodedata.normalize("NFC", word).lower().translate(_ACCENTS)


@cache
def lexicon(tag: str) -> Lexicon:
    """The lint data of ``tag``'s base language (empty when it has none)."""
    lang = base_language(tag)
    folder = resources.templates_dir() / lang
    data = _read(folder / "lint.yaml")
    terms = {str(k): tuple(str(v) for v in vs or ()) for k, vs in (data.get("terms") or {}).items()}
    for preferred, avoid in _glossary_terms(_read(folder / "glossary.yaml")).items():
        terms[preferred] = tuple(dict.fromkeys((*terms.get(preferred, ()), *avoid)))
    informal, imperatives, formal, commands = (
        _spanish_forms(data) if "verbs" in data else (set(), set(), set(), set())
    )
    words = _words
    return Lexicon(
        lang=lang,
        informal_words=words(data, "informal_words"),
        informal_forms=frozenset(informal),
        informal_imperatives=frozenset(imperatives),
        formal_forms=frozenset(formal),
        formal_imperatives=frozenset(commands),
        not_verbs=words(data, "not_verbs"),
        articles=words(data, "articles"),
        rule_openers=tuple(sorted(words(data, "rule_openers"), key=len, reverse=True)),
        rule_modals=tuple(sorted(words(data, "rule_modals"), key=len, reverse=True)),
        imperatives=words(data, "imperatives"),
        finite_verbs=words(data, "finite_verbs"),
        finite_endings=tuple(words(data, "finite_endings")),
        pronouns_before_verb=words(data, "pronouns_before_verb"),
        british_countries=frozenset(str(c).upper() for c in data.get("british_countries") or ()),
        spelling_ambiguous=words(data, "spelling_ambiguous"),
        terms=terms,
    )


def _read(path: Path) -> dict[str, Any]:
    """A data file as a mapping; ``{}`` when the language has none."""
    try:
        data = yaml.safe_load(path.read_text(encoding="utf-8")) if path.is_file() else {}
    except (OSError, yaml.YAMLError) as exc:
        raise TemplateError(f"cannot read {path}: {exc}") from None
    if isinstance(data, dict):
        return data
    raise TemplateError(f"{path} is not a mapping")


def _words(data: dict[str, Any], key: str) -> frozenset[str]:
    return frozenset(str(w).lower() for w in data.get(key) or ())


def _glossary_terms(glossary: dict[str, Any]) -> dict[str, tuple[str, ...]]:
    """``avoid:`` lists of a glossary: ``key: {term|name|use: X, avoid: [Y, Z]}``.

    An entry that is a plain string (``key: X``) names the term and forbids nothing.
    """
    found: dict[str, tuple[str, ...]] = {}
    for key, entry in glossary.items():
        if not isinstance(entry, dict) or not entry.get("avoid"):
            continue
        name = next(
            (
                entry[k]
                for k in ("term", "name", "use", "preferred")
                if isinstance(entry.get(k), str)
            ),
            str(key),
        )
        avoid = entry["avoid"]
        found[name] = tuple(str(a) for a in ([avoid] if isinstance(avoid, str) else avoid))
    return found


# --- Spanish morphology --------------------------------------------------------

_NOTE = re.compile(r"^(?P<verb>\w+)\s*(?:\((?P<note>ie|ue|i|í|ú)\))?$")


def _spanish_forms(data: dict[str, Any]) -> tuple[set[str], set[str], set[str], set[str]]:
    """(informal forms, informal imperatives, formal and 3rd person forms, formal
    imperatives)."""
    informal: set[str] = set()
    imperatives: set[str] = set()
    formal: set[str] = set()
    commands: set[str] = set()
    for entry in data.get("verbs") or ():
        match = _NOTE.match(str(entry).strip())
        if not match:
            raise TemplateError(f"lint.yaml: cannot read the verb {entry!r}")
        forms = conjugate(match["verb"], match["note"])
        informal |= {forms["present"], forms["subjunctive"]}
        imperatives.add(forms["imperative"])
        formal |= {
            forms["imperative"],
            forms["imperative"] + "n",
            forms["formal"],
            forms["formal"] + "n",
        }
        commands |= {forms["formal"], forms["formal"] + "n"}
    for spec in (data.get("irregular") or {}).values():
        informal |= {str(w) for w in spec.get("tu", ())}
        imperatives |= {str(w) for w in spec.get("tu_imperative", ())}
        formal |= {str(w) for w in spec.get("usted", ())}
        commands |= {str(w) for w in spec.get("usted", ())} - set(spec.get("tu_imperative", ()))
    informal -= formal
    return informal, imperatives, formal, commands


def conjugate(infinitive: str, note: str | None = None) -> dict[str, str]:
    """The singular present forms of a regular Spanish verb, stem changes applied.

    ``present`` (tú trabajas), ``subjunctive`` (no trabajes), ``imperative`` (trabaja,
    also usted/él trabaja) and ``formal`` (trabaje, the usted imperative).
    """
    stem, ending = infinitive[:-2], infinitive[-2:]
    stressed = _stress(stem, note)
    if ending == "ir" and stem.endswith("u") and not stem.endswith(("gu", "qu")):
        stressed += "y"  # incluir → incluyes
    present_vowel = "a" if ending == "ar" else "e"
    subjunctive_vowel = "e" if ending == "ar" else "a"
    sub = _subjunctive_stem(stressed, ending)
    return {
        "present": f"{stressed}{present_vowel}s",
        "imperative": f"{stressed}{present_vowel}",
        "subjunctive": f"{sub}{subjunctive_vowel}s",
        "formal": f"{sub}{subjunctive_vowel}",
    }


def _stress(stem: str, note: str | None) -> str:
    """Apply a stem change or a written accent to the stressed vowel of the stem."""
    if note is None:
        return stem
    target = {"ie": "e", "ue": "o", "i": "e", "í": "i", "ú": "u"}[note]
    at = stem.rfind(target)
    if at < 0:
        return stem
    return stem[:at] + note + stem[at + 1 :]


def _subjunctive_stem(stem: str, ending: str) -> str:
    if ending == "ar":
        for old, new in (("c", "qu"), ("g", "gu"), ("z", "c")):
            if stem.endswith(old):
                return stem[: -len(old)] + new
        return stem
    if stem.endswith("gu"):
        return stem[:-2] + "g"  # seguir → siga
    if stem.endswith("g"):
        return stem[:-1] + "j"  # proteger → proteja
    if stem.endswith("c"):
        return stem[:-1] + ("zc" if stem[-2:-1] in "aeiou" else "z")  # agradecer → agradezca
    return stem
