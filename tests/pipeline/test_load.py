"""Stage 1: safe YAML with positions."""

from __future__ import annotations

from pathlib import Path

import pytest

from policy_builder.errors import InvalidConfigError
from policy_builder.pipeline.load import load
from policy_builder.pipeline.read import MAX_BYTES
from policy_builder.pipeline.safe_yaml import MAX_DEPTH


def write(tmp_path: Path, content: str | bytes, name: str = "policy.yaml") -> Path:
    path = tmp_path / name
    path.write_bytes(content if isinstance(content, bytes) else content.encode())
    return path


def problem(path: Path) -> str:
    with pytest.raises(InvalidConfigError) as caught:
        load(path)
    assert len(caught.value.issues) == 1
    return str(caught.value.issues[0])


def test_positions_of_values_and_keys(tmp_path: Path) -> None:
    config = load(write(tmp_path, "company:\n  name: Acme\n  tags:\n    - one\n    - two\n"))
    assert config.data == {"company": {"name": "Acme", "tags": ["one", "two"]}}
    assert config.source.values[("company", "name")] == (2, 9)
    assert config.source.keys[("company", "name")] == (2, 3)
    assert config.source.values[("company", "tags", 1)] == (5, 7)


def test_dates_stay_text_for_the_schema_to_check(tmp_path: Path) -> None:
    assert load(write(tmp_path, "day: 2026-03-01\n")).data == {"day": "2026-03-01"}


def test_duplicate_key_names_both_lines(tmp_path: Path) -> None:
    msg = problem(write(tmp_path, "a: 1\nb: 2\na: 3\n"))
    assert msg.endswith("policy.yaml:3:1: duplicate key 'a' (first defined on line 1)")


@pytest.mark.parametrize(
    "document",
    ["x: !!python/object/apply:os.system [ls]\n", "x: !!binary aGVsbG8=\n", "x: !custom 1\n"],
)
def test_tags_beyond_plain_data_are_refused(tmp_path: Path, document: str) -> None:
    assert "is not allowed; use plain values" in problem(write(tmp_path, document))


def test_billion_laughs_fails_fast(tmp_path: Path) -> None:
    lines = ['a0: &a0 ["lol","lol","lol","lol","lol","lol","lol","lol","lol"]']
    lines += [f"a{i}: &a{i} [" + ",".join([f"*a{i - 1}"] * 9) + "]" for i in range(1, 9)]
    msg = problem(write(tmp_path, "\n".join(lines) + "\n"))
    assert "expands to more than" in msg


def test_deep_nesting_is_refused_without_recursion_error(tmp_path: Path) -> None:
    assert "nesting is too deep" in problem(write(tmp_path, "a: " + "[" * 5000 + "]" * 5000))
    deep = (
        "".join(f"{'  ' * i}k{i}:\n" for i in range(MAX_DEPTH + 5)) + "  " * (MAX_DEPTH + 5) + "v\n"
    )
    assert "nesting is too deep" in problem(write(tmp_path, deep))


def test_oversized_file_is_refused(tmp_path: Path) -> None:
    msg = problem(write(tmp_path, "a: '" + "x" * MAX_BYTES + "'\n"))
    assert f"a config may be at most {MAX_BYTES:,}" in msg


def test_invalid_utf8_reports_line_and_byte(tmp_path: Path) -> None:
    msg = problem(write(tmp_path, b"a: 1\nb: caf\xe9\n"))
    assert "policy.yaml:2:7: invalid UTF-8 at byte 11" in msg


def test_byte_order_mark_is_accepted(tmp_path: Path) -> None:
    assert load(write(tmp_path, "\ufeffa: 1\n")).data == {"a": 1}


@pytest.mark.parametrize(
    ("document", "expected"),
    [
        ("", "the file is empty"),
        ("- a\n- b\n", "must be a YAML mapping"),
        ("a: 1\n---\nb: 2\n", "more than one YAML document"),
        ("a: [1\n", "YAML syntax error"),
        ("<<: {a: 1}\n", "merge keys (<<) are not supported"),
        ("? [a]\n: 1\n", "field names must be plain text"),
    ],
)
def test_malformed_documents(tmp_path: Path, document: str, expected: str) -> None:
    assert expected in problem(write(tmp_path, document))
