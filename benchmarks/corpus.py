"""A corpus of configs for the benchmark, varied from the examples in ``company_configs/``.

Each config is one of the examples under another slug and company name, with a
subset of its items; one in five is published in one language only, and another
one in five extends its example kept as a shared base (``_base-<example>.yaml``,
which a folder build skips as it does every ``_`` file). The same ``count`` always gives
the same files, so two runs measure the same work.
"""

from __future__ import annotations

import copy
import random
from pathlib import Path
from typing import Any

import yaml

ROOT = Path(__file__).resolve().parent.parent
EXAMPLES = ROOT / "company_configs"
# Lists a config may shorten (each keeps at least one item, as the schema asks).
ITEM_LISTS = (
    "permitted_shares",
    "prohibited_shares",
    "banned_content",
    "security_guidelines",
    "posting_rules",
)
# libyaml where installed: writing 200 configs with the pure-Python dumper takes seconds.
_LOADER: Any = getattr(yaml, "CSafeLoader", yaml.SafeLoader)
_DUMPER: Any = getattr(yaml, "CSafeDumper", yaml.SafeDumper)
HEADER = "# yaml-language-server: $schema=../schemas/policy.schema.json\n"


def examples() -> dict[str, dict[str, Any]]:
    """The bundled examples that stand alone, by slug, as plain data (a base, and a
    config that extends one, are not a whole policy in one file)."""
    found = {
        path.stem: yaml.load(path.read_text(encoding="utf-8"), Loader=_LOADER)
        for path in sorted(EXAMPLES.glob("*.yaml"))
        if not path.name.startswith("_")
    }
    return {name: data for name, data in found.items() if "extends" not in data["policy"]}


def generate(folder: Path, count: int = 200) -> list[Path]:
    """Write ``count`` configs (and the bases some extend) into ``folder``; their paths."""
    folder.mkdir(parents=True, exist_ok=True)
    sources = examples()
    names = sorted(sources)
    for name in names:
        _write(folder / f"_base-{name}.yaml", sources[name])
    written = []
    for number in range(count):
        name = names[number % len(names)]
        path = folder / f"{name}-{number:03d}.yaml"
        _write(path, variant(sources[name], name, number))
        written.append(path)
    return written


def variant(example: dict[str, Any], name: str, number: int) -> dict[str, Any]:
    """Config ``number`` of the corpus, made from ``example`` (the example ``name``)."""
    rng = random.Random(number)
    company = copy.deepcopy(example["company"])
    company["name"] = f"{company['name']} {number:03d}"
    company["legal_name"] = f"{company['legal_name']} (client {number:03d})"
    lists = {key: _subset(example[key], rng) for key in ITEM_LISTS if key in example}
    if number % 5 == 1:
        # Only what differs from the shared base: the company and its shorter lists.
        return {"company": company, "policy": {"extends": f"_base-{name}.yaml"}, **lists}
    config = {**copy.deepcopy(example), "company": company, **lists}
    if number % 5 == 3:
        config = _one_language(config)
    return config


def _subset(items: list[Any], rng: random.Random) -> list[Any]:
    """Most of ``items``, in their order: up to a third left out, never all of them."""
    drop = rng.randint(0, len(items) // 3)
    gone = set(rng.sample(range(len(items)), drop))
    return [item for i, item in enumerate(items) if i not in gone]


def _one_language(config: dict[str, Any]) -> dict[str, Any]:
    """The config published in its first language only, its other texts removed."""
    policy = config["policy"]
    tag = policy.get("languages", ["es", "en"])[0]
    code = tag.split("-")[0]
    policy["languages"] = [tag]
    policy["authoritative_language"] = tag
    kept: dict[str, Any] = _keep_language(config, code)
    return kept


def _keep_language(value: Any, code: str) -> Any:
    """``value`` with every per-language text (``{es: …, en: …}``) reduced to ``code``."""
    if isinstance(value, dict):
        texts = all(isinstance(text, str) for text in value.values())
        if value and set(value) <= {"es", "en"} and code in value and texts:
            return {code: value[code]}
        return {key: _keep_language(item, code) for key, item in value.items()}
    if isinstance(value, list):
        return [_keep_language(item, code) for item in value]
    return value


def _write(path: Path, data: dict[str, Any]) -> None:
    text = yaml.dump(data, Dumper=_DUMPER, allow_unicode=True, sort_keys=False, width=100)
    path.write_text(HEADER + text, encoding="utf-8")
