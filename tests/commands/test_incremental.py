"""Incremental builds: a config whose inputs did not change is skipped without being
loaded, and a change to one template, base or regulation rebuilds exactly the configs
that use it (``commands/incremental``, ``published/record``, ``published/inputs``)."""

from __future__ import annotations

import datetime as dt
import json
import shutil
from pathlib import Path
from typing import Any

import pytest
from typer.testing import CliRunner

from policy_builder.cli import app
from policy_builder.commands.build import BuildResult, build
from policy_builder.commands.incremental import up_to_date
from policy_builder.commands.status import status
from policy_builder.errors import PublishedVersionError, TamperedError
from policy_builder.naming import FORMATS
from policy_builder.published import inputs, record
from tests.conftest import CASES, CONFIGS, EXAMPLES, clear_template_caches

MD = ["md"]
EVERY = [
    "acme",
    "atalaya-espana",
    "atalaya-mexico",
    "banco-meridiano",
    "northgate-mutual",
    "tonalli",
]


def fresh(path: Path, out: Path, formats: list[str] = MD, langs: list[str] | None = None) -> bool:
    """Whether ``up_to_date`` would skip ``path``."""
    return up_to_date(path, out_dir=out, langs=langs, formats=formats) is not None


@pytest.fixture
def pipeline_broken(monkeypatch: pytest.MonkeyPatch) -> None:
    """Loading, validating, resolving or rendering a config from here on fails the test."""

    def called(*args: Any, **kwargs: Any) -> Any:
        raise AssertionError("the pipeline ran")

    for target in (
        "policy_builder.pipeline.load.load",
        "policy_builder.pipeline.validate.load",
        "policy_builder.pipeline.validate.load_valid",
        "policy_builder.pipeline.resolve.resolve",
        "policy_builder.pipeline.render.render_handbook",
        "policy_builder.commands.build._render",
    ):
        monkeypatch.setattr(target, called)


def edit(path: Path, old: str, new: str) -> None:
    text = path.read_text(encoding="utf-8")
    assert old in text, f"{old!r} not in {path}"
    path.write_text(text.replace(old, new, 1), encoding="utf-8")
    clear_template_caches()


@pytest.fixture(scope="module")
def published_md(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """The examples built once, in Markdown, for tests that change what they are made of."""
    out = tmp_path_factory.mktemp("published")
    for config in EXAMPLES:
        build(config, out_dir=out, formats=MD)
    return out


def published(tmp_path: Path, published_md: Path) -> Path:
    """A copy of ``published_md`` that a test may rebuild into."""
    return Path(shutil.copytree(published_md, tmp_path / "out"))


def examples(tmp_path: Path) -> list[Path]:
    """The example configs, copied so that a test may edit them."""
    folder = tmp_path / "configs"
    folder.mkdir()
    for base in CONFIGS.glob("_*.yaml"):  # the bases the examples extend
        shutil.copy(base, folder)
    return [Path(shutil.copy(path, folder)) for path in EXAMPLES]


# --- skipped without loading ------------------------------------------------------------


def test_an_unchanged_config_is_skipped_without_running_the_pipeline(
    tmp_path: Path, request: pytest.FixtureRequest
) -> None:
    out, config = tmp_path / "out", CONFIGS / "acme.yaml"
    first = build(config, out_dir=out, formats=MD)
    assert first.state == "written"
    request.getfixturevalue("pipeline_broken")
    again = build(config, out_dir=out, formats=MD)
    assert again == BuildResult(
        str(config), "acme", first.version, first.directory, first.artifacts, "unchanged"
    )
    assert up_to_date(config, out_dir=out, langs=None, formats=MD) == again
    assert up_to_date(config, out_dir=out, langs=["en"], formats=MD) == again


def test_the_cli_skips_an_unchanged_config_too(
    tmp_path: Path, request: pytest.FixtureRequest
) -> None:
    args = ["build", str(CONFIGS / "tonalli.yaml"), "--out", str(tmp_path), "--format", "md"]
    assert CliRunner().invoke(app, args).exit_code == 0
    request.getfixturevalue("pipeline_broken")
    result = CliRunner().invoke(app, args)
    assert result.exit_code == 0, result.output
    assert "tonalli 1.1.0 is already published" in result.stdout


def test_the_record_names_what_the_build_read(tmp_path: Path) -> None:
    config = CASES / "extends" / "cliente-uno.yaml"
    result = build(config, out_dir=tmp_path, formats=MD)
    found = record.read(tmp_path / "cliente-uno")
    assert found is not None
    assert found.version == result.version and found.config == "cliente-uno.yaml"
    assert found.used.bases == ("_asesoria.yaml",)
    assert found.used.variants == ("es-ES", "en-GB")
    assert found.artifacts == result.artifacts
    assert found.pdf_sha256 is None  # no PDF was asked for


# --- what invalidates it ----------------------------------------------------------------


def test_a_template_change_rebuilds_exactly_the_configs_that_use_it(
    tmp_path: Path, templates_copy: Path, published_md: Path
) -> None:
    out, configs = published(tmp_path, published_md), EXAMPLES
    assert all(fresh(c, out) for c in configs)
    edit(templates_copy / "en" / "variants" / "en-GB.yaml", "locale:", "# edited\nlocale:")
    stale = sorted(c.stem for c in configs if not fresh(c, out))
    assert stale == ["atalaya-espana", "banco-meridiano", "northgate-mutual"]  # en-GB ones
    rows = status(configs, out_dir=out, today=dt.date(2026, 11, 24)).rows
    assert {r.slug: r.build for r in rows} == {  # status judges as build does
        c.stem: "stale" if c.stem in stale else "current" for c in configs
    }
    # The skip is not taken, so the build decides: a published version never changes.
    for config in configs:
        if config.stem in stale:
            with pytest.raises(PublishedVersionError, match="the templates changed"):
                build(config, out_dir=out, formats=MD)
        else:
            assert build(config, out_dir=out, formats=MD).state == "unchanged"


@pytest.mark.parametrize(
    ("file", "old", "new", "stale"),
    [
        (
            "es/sections/purpose.md.j2",
            "",
            "{# edited #}\n",
            EVERY,
        ),
        (
            "common/handbook.css",
            "",
            "/* edited */\n",
            EVERY,
        ),
        ("es/variants/es-MX.yaml", "", "# edited\n", ["acme", "atalaya-mexico", "tonalli"]),
        (
            "regulations/es_lssi.yaml",
            "url: https://",
            "url: http://",
            ["atalaya-espana", "banco-meridiano"],
        ),
        (
            "regulations/eu_mar.yaml",
            "It prohibits disclosing inside",
            "It forbids disclosing inside",
            ["banco-meridiano"],
        ),
        (
            "regulations/mx_lfpc.yaml",
            "",
            "# edited\n",
            ["atalaya-mexico", "tonalli"],
        ),  # its file, cited by these
        ("regulations/us_sec_reg_fd.yaml", "", "# edited\n", []),  # cited by no example
        ("en/lint.yaml", "", "# edited\n", []),
        ("common/diff.html.j2", "", "{# edited #}\n", []),
        ("common/init.yaml.j2", "", "{# edited #}\n", []),
        ("common/fonts/OFL.txt", "", "edited\n", []),  # fonts count for PDF only
    ],
)
def test_which_configs_a_change_makes_stale(
    tmp_path: Path,
    templates_copy: Path,
    published_md: Path,
    file: str,
    old: str,
    new: str,
    stale: list[str],
) -> None:
    out, configs = published(tmp_path, published_md), EXAMPLES
    assert all(fresh(c, out) for c in configs)
    if old:
        edit(templates_copy / file, old, new)
    else:
        (templates_copy / file).write_bytes(new.encode() + (templates_copy / file).read_bytes())
    assert sorted(c.stem for c in configs if not fresh(c, out)) == stale


def test_a_catalogue_entry_a_config_cites_rebuilds_only_it(
    tmp_path: Path, templates_copy: Path
) -> None:
    out, configs = tmp_path / "out", examples(tmp_path)
    for config in configs:
        build(config, out_dir=out, formats=MD)
    entry = templates_copy / "regulations" / "mx_lfpc.yaml"
    edit(entry, "({g.lfpc_short}), de México", "({g.lfpc_short}), de los Estados Unidos Mexicanos")
    assert sorted(c.stem for c in configs if not fresh(c, out)) == ["atalaya-mexico", "tonalli"]


def test_a_base_change_rebuilds_its_children_only(tmp_path: Path) -> None:
    folder, out = tmp_path / "configs", tmp_path / "out"
    shutil.copytree(CASES / "extends", folder)
    child, other = (
        folder / "cliente-uno.yaml",
        Path(shutil.copy(CASES / "valid" / "minimal.yaml", folder)),
    )
    for config in (child, other):
        build(config, out_dir=out, formats=MD)
    base = folder / "_asesoria.yaml"
    base.write_text(base.read_text(encoding="utf-8") + "# a comment only\n", encoding="utf-8")
    assert not fresh(child, out) and fresh(other, out)
    # Its content is the same: the build finds the version published as is, and records
    # the base's new bytes, so the next build skips it again.
    assert build(child, out_dir=out, formats=MD).state == "unchanged"
    assert fresh(child, out)
    base.write_text(
        base.read_text(encoding="utf-8").replace("cadence_months: 12", "cadence_months: 6"),
        encoding="utf-8",
    )
    assert not fresh(child, out) and fresh(other, out)
    with pytest.raises(PublishedVersionError, match="the config changed"):
        build(child, out_dir=out, formats=MD)


def test_a_logo_change_makes_its_config_stale(tmp_path: Path) -> None:
    logo = tmp_path / "logo.png"
    logo.write_bytes(_png())
    config = tmp_path / "minimal.yaml"
    text = (CASES / "valid" / "minimal.yaml").read_text(encoding="utf-8")
    config.write_text(
        text.replace("company:\n", "company:\n  logo: logo.png\n", 1), encoding="utf-8"
    )
    out = tmp_path / "out"
    build(config, out_dir=out, formats=MD)
    assert fresh(config, out)
    logo.write_bytes(_png() + b"\0")
    assert not fresh(config, out)


def _png() -> bytes:
    return bytes.fromhex(
        "89504e470d0a1a0a0000000d4948445200000001000000010806000000"
        "1f15c4890000000d49444154789c6360000002000100e221bc330000000049454e44ae426082"
    )


def test_the_config_itself_changed_is_refused_as_before(tmp_path: Path) -> None:
    (config,) = (p for p in examples(tmp_path) if p.stem == "acme")
    build(config, out_dir=tmp_path / "out", formats=MD)
    edit(config, "name: Acme", "name: Acme Two")
    assert not fresh(config, tmp_path / "out")
    with pytest.raises(PublishedVersionError, match="already published and the config changed"):
        build(config, out_dir=tmp_path / "out", formats=MD)


def test_other_formats_or_languages_are_not_skipped(tmp_path: Path) -> None:
    out, config = tmp_path / "out", CONFIGS / "acme.yaml"
    build(config, out_dir=out, formats=MD, langs=["en"])
    assert fresh(config, out, MD, ["en"]) and fresh(config, out, MD, ["en-US"])
    assert not fresh(config, out, MD, ["es"]) and not fresh(config, out, MD)
    assert not fresh(config, out, ["md", "html"], ["en"])
    assert not fresh(config, out, MD, ["fr"])  # not one of its languages: the build says so
    assert build(config, out_dir=out, formats=["html"]).state == "written"  # formats added
    assert fresh(config, out, ["html", "md"], ["en"]) and fresh(config, out, ["html"])
    assert not fresh(config, out, ["pdf"])


def test_pdfs_depend_on_the_renderer_and_the_fonts(
    built: dict[str, BuildResult], monkeypatch: pytest.MonkeyPatch
) -> None:
    result = built["acme"]
    out = result.directory.parent.parent
    config = CONFIGS / "acme.yaml"
    assert fresh(config, out, list(FORMATS))
    monkeypatch.setattr(inputs, "renderer_versions", lambda: "weasyprint 999")
    assert not fresh(config, out, list(FORMATS)) and fresh(config, out, ["html", "md"])


def test_a_new_tool_version_rebuilds_and_records_again(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    out, config = tmp_path / "out", CONFIGS / "tonalli.yaml"
    build(config, out_dir=out, formats=MD)
    monkeypatch.setattr("policy_builder.version.__version__", "99.0.0")
    assert record.read(out / "tonalli") is None  # another version's record is never trusted
    assert not fresh(config, out)
    assert build(config, out_dir=out, formats=MD).state == "unchanged"  # content and templates
    assert fresh(config, out)


# --- what the folder holds --------------------------------------------------------------


@pytest.mark.parametrize("damage", ["deleted", "resized", "extra", "leftover"])
def test_a_damaged_folder_goes_to_the_build(tmp_path: Path, damage: str) -> None:
    out, config = tmp_path / "out", CONFIGS / "tonalli.yaml"
    result = build(config, out_dir=out, formats=MD)
    artifact = result.directory / result.artifacts[0].path
    if damage == "deleted":
        artifact.unlink()
    elif damage == "resized":
        artifact.write_bytes(artifact.read_bytes() + b"\n")
    elif damage == "extra":
        (result.directory / "notes.txt").write_text("hello")
    else:  # what a killed build leaves for the next one to clean up
        (out / "tonalli" / f".{result.version}.abcd.tmp").mkdir()
    assert not fresh(config, out)
    if damage == "leftover":
        assert build(config, out_dir=out, formats=MD).state == "unchanged"
        assert not (out / "tonalli" / f".{result.version}.abcd.tmp").exists()
    else:
        with pytest.raises(TamperedError):
            build(config, out_dir=out, formats=MD)


@pytest.mark.parametrize(
    "spoil",
    [
        lambda text: "",
        lambda text: "not json",
        lambda text: text[: len(text) // 2],  # truncated
        lambda text: "[]",
        lambda text: text.replace('"format": 1', '"format": 2'),
        lambda text: text.replace('"kind": "policy-builder build inputs"', '"kind": "other"'),
        lambda text: text.replace('"tool_version": "', '"tool_version": "0.0.0-'),
        lambda text: text.replace("{\n", '{\n  "extra": 1,\n', 1),
        lambda text: text.replace('"version": "', '"version": "x', 1),
        lambda text: text.replace('"inputs_sha256": "', '"inputs_sha256": "0', 1),  # not a hash
        lambda text: text.replace('"bytes": ', '"bytes": 1', 1),  # an artifact's size
        lambda text: json.dumps({**json.loads(text), "inputs_sha256": "0" * 64}),  # a lie
    ],
    ids=[
        "empty",
        "not-json",
        "truncated",
        "a-list",
        "other-format",
        "foreign",
        "other-tool",
        "extra-key",
        "bad-version",
        "bad-hash",
        "wrong-size",
        "wrong-digest",
    ],
)
def test_a_spoiled_record_is_ignored_and_rewritten(tmp_path: Path, spoil: Any) -> None:
    out, config = tmp_path / "out", CONFIGS / "tonalli.yaml"
    build(config, out_dir=out, formats=MD)
    path = out / "tonalli" / record.RECORD
    good = path.read_text(encoding="utf-8")
    path.write_text(spoil(good), encoding="utf-8")
    assert path.read_text(encoding="utf-8") != good
    assert not fresh(config, out)
    assert build(config, out_dir=out, formats=MD).state == "unchanged"
    assert path.read_text(encoding="utf-8") == good


def test_a_record_that_is_not_a_file_is_ignored(tmp_path: Path) -> None:
    out, config = tmp_path / "out", CONFIGS / "tonalli.yaml"
    build(config, out_dir=out, formats=MD)
    path = out / "tonalli" / record.RECORD
    path.unlink()
    path.mkdir()
    assert record.read(out / "tonalli") is None and not fresh(config, out)


def test_force_rebuilds_an_unchanged_config(tmp_path: Path, request: pytest.FixtureRequest) -> None:
    out, config = tmp_path / "out", CONFIGS / "tonalli.yaml"
    build(config, out_dir=out, formats=MD)
    assert build(config, out_dir=out, formats=MD, force=True).state == "forced"
    assert fresh(config, out)  # and it is recorded again
    args = ["build", str(config), "--out", str(out), "--format", "md", "--force"]
    result = CliRunner().invoke(app, args)
    assert result.exit_code == 0, result.output
    request.getfixturevalue("pipeline_broken")
    assert CliRunner().invoke(app, args).exit_code == 3  # --force did run the pipeline


# --- hashing ----------------------------------------------------------------------------


def test_a_file_just_written_is_hashed_again_each_time(tmp_path: Path) -> None:
    path = tmp_path / "catalogue.yaml"
    path.write_bytes(b"one")
    first = inputs.file_sha256(path)
    path.write_bytes(b"two")  # same size, and perhaps the same mtime
    assert inputs.file_sha256(path) != first
    assert str(path) not in inputs._SEEN  # only files that have settled are remembered


def test_a_file_that_is_not_regular_has_no_digest(tmp_path: Path) -> None:
    assert inputs.file_sha256(tmp_path) == "not a file"
    assert inputs.file_sha256(tmp_path / "absent").startswith("unreadable")


def test_a_record_left_half_written_neither_blocks_the_skip_nor_stays(tmp_path: Path) -> None:
    out, config = tmp_path / "out", CONFIGS / "tonalli.yaml"
    build(config, out_dir=out, formats=MD)
    leftover = out / "tonalli" / f".{record.RECORD}.abcd.tmp"  # as atomic_write names it
    leftover.write_text("{")
    (out / "tonalli" / ".0.9.0.abcd.tmp").mkdir()  # another version's: not this folder's
    assert fresh(config, out)
    assert build(config, out_dir=out, formats=["html"]).state == "written"
    assert not leftover.exists() and fresh(config, out, ["html", "md"])


def test_a_record_naming_a_file_that_cannot_exist_goes_to_the_build(tmp_path: Path) -> None:
    """An edited record (a NUL in a base's name) is not a crash: the build decides."""
    out = tmp_path / "out"
    config = CONFIGS / "acme.yaml"
    build(config, out_dir=out, formats=MD)
    path = out / "acme" / ".inputs.json"
    data = json.loads(path.read_text(encoding="utf-8"))
    data["used"]["bases"] = ["a\u0000b"]
    path.write_text(json.dumps(data), encoding="utf-8")
    assert up_to_date(config, out_dir=out, langs=None, formats=MD) is None
    assert build(config, out_dir=out, formats=MD).state == "unchanged"  # and recorded anew
    assert fresh(config, out)


def test_a_base_reached_through_a_link_and_dotdot_is_the_file_the_build_read(
    tmp_path: Path,
) -> None:
    """``extends: link/../base.yaml`` with ``link`` a symbolic link: the kernel follows
    the link before ``..``, so the base the build reads is not ``./base.yaml``; editing
    the base it read must make the config stale."""
    folder, out = tmp_path / "c", tmp_path / "out"
    (folder / "sub" / "deeper").mkdir(parents=True)
    base = CASES / "extends" / "_asesoria.yaml"
    shutil.copy(base, folder / "sub" / "base.yaml")
    shutil.copy(base, folder / "base.yaml")  # the decoy a folded path would name
    (folder / "link").symlink_to(Path("sub") / "deeper")
    child = (CASES / "extends" / "cliente-uno.yaml").read_text(encoding="utf-8")
    config = folder / "cliente-uno.yaml"
    config.write_text(child.replace("_asesoria.yaml", "link/../base.yaml"), encoding="utf-8")
    build(config, out_dir=out, formats=MD)
    assert fresh(config, out)
    read = folder / "sub" / "base.yaml"
    read.write_text(read.read_text(encoding="utf-8") + "\n# edited\n", encoding="utf-8")
    assert not fresh(config, out)
