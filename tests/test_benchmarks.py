"""The benchmark's corpus (benchmarks/corpus.py): 200 distinct configs that validate.

The benchmark itself never runs in the test suite: it measures time, and tests never do.
"""

from __future__ import annotations

from pathlib import Path

import yaml

from benchmarks.corpus import examples, generate
from policy_builder.commands.validate import check
from policy_builder.naming import slug_of


def test_the_corpus_is_200_distinct_configs_of_every_kind(tmp_path: Path) -> None:
    configs = generate(tmp_path, 200)
    assert len({slug_of(path) for path in configs}) == len(configs) == 200
    assert len({path.read_bytes() for path in configs}) == 200
    data = [yaml.safe_load(path.read_text(encoding="utf-8")) for path in configs]
    extending = [d for d in data if "extends" in d["policy"]]
    one_language = [d for d in data if len(d["policy"].get("languages", "..")) == 1]
    assert len(extending) == len(one_language) == 40
    bases = {d["policy"]["extends"] for d in extending}
    assert bases == {f"_base-{name}.yaml" for name in examples()}  # every example extended
    assert all((tmp_path / base).is_file() for base in bases)
    assert {slug_of(path).rsplit("-", 1)[0] for path in configs} == {
        "acme",
        "banco-meridiano",
        "northgate-mutual",
        "tonalli",
    }
    # The same count writes the same files: two runs measure the same work.
    assert generate(tmp_path / "again", 200)[7].read_bytes() == configs[7].read_bytes()


def test_every_kind_of_corpus_config_validates(tmp_path: Path) -> None:
    """Configs 0-19 hold every combination the corpus varies (number mod 4 picks the
    example; number mod 5 whether it extends it or has one language); the benchmark
    itself validates all 200 before it measures anything."""
    for path in generate(tmp_path, 20):
        assert check(path).issues == (), path.name
