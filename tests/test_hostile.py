"""Hostile and broken input: never executed, never leaked, never a crash."""

from __future__ import annotations

import copy
import datetime as dt
import errno
import hashlib
import http.server
import json
import os
import re
import shutil
import signal
import subprocess
import sys
import tempfile
import threading
import time
from collections.abc import Iterator
from html.parser import HTMLParser
from pathlib import Path
from typing import Any, ClassVar

import pytest
import yaml
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from pypdf import PdfReader
from typer.testing import CliRunner

from policy_builder import published
from policy_builder.cli import app
from policy_builder.commands.build import build
from policy_builder.commands.validate import check
from policy_builder.errors import InvalidConfigError, PolicyError, PublishedVersionError
from policy_builder.pipeline import write
from policy_builder.pipeline.pdf import html_to_pdf
from policy_builder.pipeline.validate import load_valid
from policy_builder.pipeline.write import KILL_AT, STAGES, version_dir
from tests.conftest import CASES, CONFIGS, ROOT

HOSTILE = sorted((CASES / "hostile").glob("*.yaml"))
MINIMAL = CASES / "valid" / "minimal.yaml"


def expected(path: Path) -> list[str]:
    """The file's first line (``# expect: LINE:COL: message``), or its ``.expect`` file,
    one problem a line. A problem in another file (a base) starts with that file's name.
    """
    sidecar = path.with_suffix(".expect")
    if sidecar.exists():
        lines = sidecar.read_text(encoding="utf-8").strip().splitlines()
    else:
        lines = [path.read_bytes().split(b"\n", 1)[0].decode().removeprefix("# expect: ")]
    return [line if not line[0].isdigit() else f"{path.name}:{line}" for line in lines]


# --- the corpus -----------------------------------------------------------------


@pytest.mark.parametrize("path", HOSTILE, ids=lambda p: p.stem)
def test_hostile_file_gives_its_one_clear_error(path: Path) -> None:
    result = check(path, display=path.name)
    assert [str(i) for i in result.issues] == expected(path)


@pytest.mark.parametrize("path", HOSTILE, ids=lambda p: p.stem)
def test_hostile_file_builds_nothing_and_exits_1(path: Path, tmp_path: Path) -> None:
    result = CliRunner().invoke(app, ["build", str(path), "--out", str(tmp_path)])
    assert result.exit_code == 1
    assert "Traceback" not in result.output and "internal error" not in result.stderr
    assert list(tmp_path.iterdir()) == []


def test_nothing_in_the_corpus_ran(tmp_path: Path) -> None:
    assert not Path("/tmp/pwned").exists()


# --- fuzzing -----------------------------------------------------------------------

JSONISH = st.recursive(
    st.none() | st.booleans() | st.integers() | st.floats(allow_nan=False) | st.text(max_size=30),
    lambda inner: (
        st.lists(inner, max_size=4) | st.dictionaries(st.text(max_size=12), inner, max_size=4)
    ),
    max_leaves=20,
)
SETTINGS = settings(
    max_examples=60, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture]
)


@SETTINGS
@given(
    document=st.text(max_size=300) | JSONISH.map(lambda d: yaml.safe_dump(d, allow_unicode=True))
)
def test_random_documents_never_crash(tmp_path: Path, document: str) -> None:
    path = Path(tempfile.mkdtemp(dir=tmp_path)) / "random.yaml"
    path.write_bytes(document.encode("utf-8"))
    result = check(path)
    assert all(i.line >= 1 and i.column >= 1 and i.message for i in result.issues)


def _paths(data: Any, prefix: tuple[Any, ...] = ()) -> Iterator[tuple[Any, ...]]:
    yield prefix
    if isinstance(data, dict):
        for key, value in data.items():
            yield from _paths(value, (*prefix, key))
    elif isinstance(data, list):
        for i, value in enumerate(data):
            yield from _paths(value, (*prefix, i))


EXAMPLE = yaml.safe_load((CONFIGS / "tonalli.yaml").read_text(encoding="utf-8"))
EXAMPLE_PATHS = [p for p in _paths(EXAMPLE) if p]
REPLACEMENTS = (
    st.none()
    | st.integers()
    | st.booleans()
    | st.lists(st.integers(), max_size=2)
    | st.dictionaries(
        st.sampled_from(["es", "en", "fr", "id", "text"]), st.text(max_size=5), max_size=3
    )
    | st.text(max_size=40)
    | st.text(min_size=2001, max_size=2100)
    | st.sampled_from(["2026-02-30", "1.2", "es", "trade_secrets", "<script>", "{{ 7*7 }}"])
)


@SETTINGS
@given(
    mutations=st.lists(
        st.tuples(st.sampled_from(EXAMPLE_PATHS), st.booleans(), REPLACEMENTS),
        min_size=1,
        max_size=3,
    )
)
def test_mutated_examples_build_or_fail_cleanly(tmp_path: Path, mutations: list[Any]) -> None:
    data = copy.deepcopy(EXAMPLE)
    for path, delete, value in mutations:
        parent = data
        try:
            for part in path[:-1]:
                parent = parent[part]
            if delete:
                del parent[path[-1]]
            else:
                parent[path[-1]] = value
        except (KeyError, IndexError, TypeError):
            continue
    work = Path(tempfile.mkdtemp(dir=tmp_path))  # hypothesis reuses tmp_path across examples
    config = work / "tonalli.yaml"
    config.write_text(yaml.safe_dump(data, allow_unicode=True), encoding="utf-8")
    try:
        result = build(config, out_dir=work / "out", formats=["md", "html"])
    except InvalidConfigError as exc:
        assert exc.issues and all(i.file.endswith("tonalli.yaml") for i in exc.issues)
        assert not (work / "out").exists()
    else:
        assert (result.directory / "manifest.json").is_file()


# --- injection ---------------------------------------------------------------------


class _Recorder(http.server.BaseHTTPRequestHandler):
    requests: ClassVar[list[str]] = []

    def do_GET(self) -> None:
        _Recorder.requests.append(self.path)
        self.send_response(200)
        self.end_headers()
        self.wfile.write(b"body{background:red}")

    def log_message(self, *args: Any) -> None:
        pass


@pytest.fixture
def server() -> Iterator[str]:
    """A local web server that records every request it receives."""
    _Recorder.requests = []
    httpd = http.server.ThreadingHTTPServer(("127.0.0.1", 0), _Recorder)
    thread = threading.Thread(target=httpd.serve_forever, daemon=True)
    thread.start()
    yield f"http://127.0.0.1:{httpd.server_address[1]}"
    httpd.shutdown()
    httpd.server_close()


STRUCTURAL = {
    "id",
    "version",
    "date",
    "effective_date",
    "last_review",
    "country",
    "email",
    "phone",
    "url",
    "logo",
    "languages",
    "authoritative_language",
    "omit_sections",
    "regulation",
}


def inject(data: Any, payload: str, key: str = "") -> Any:
    """Put ``payload`` into every free-text field (not ids, keys, dates, addresses)."""
    if isinstance(data, dict):
        return {k: inject(v, payload, k) for k, v in data.items()}
    if isinstance(data, list):
        return [v if isinstance(v, str) else inject(v, payload, key) for v in data]
    if isinstance(data, str) and key not in STRUCTURAL:
        short = key in ("name", "legal_name", "approver")  # at most 200 characters
        return f"{data[:20]} {'<script>alert(1)</script> {{ 7*7 }}' if short else payload}"
    return data


class _Html(HTMLParser):
    def __init__(self) -> None:
        super().__init__()
        self.tags: list[str] = []
        self.attrs: list[tuple[str, str]] = []
        self.text: list[str] = []

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        self.tags.append(tag)
        self.attrs += [(k, v or "") for k, v in attrs]

    def handle_data(self, data: str) -> None:
        self.text.append(data)


def test_injected_text_is_inert_and_nothing_is_fetched(server: str, tmp_path: Path) -> None:
    payload = (
        f"<script>alert(1)</script><img src={server}/i.png onerror=alert(2)> "
        f"[x](javascript:alert(3)) ![t]({server}/t.png) {{{{ 7*7 }}}} {{% raw %}} "
        "<a href=file:///etc/passwd>p</a>"
    )
    data = inject(yaml.safe_load((CONFIGS / "acme.yaml").read_text(encoding="utf-8")), payload)
    data["regulations"].append(
        {"id": "local", "title": {"en": "Local", "es": "Local"}, "url": f"{server}/regulation"}
    )
    config = tmp_path / "acme.yaml"
    config.write_text(yaml.safe_dump(data, allow_unicode=True), encoding="utf-8")
    result = build(config, out_dir=tmp_path / "out")
    for lang in ("en-US", "es-MX"):
        html = (result.directory / f"acme-social-media-policy.{lang}.html").read_text(
            encoding="utf-8"
        )
        parsed = _Html()
        parsed.feed(html)
        # one script, the page's own (templates/common/handbook.js), none from the config
        assert parsed.tags.count("script") == 1 and "img" not in parsed.tags
        assert "alert(" not in html.split("<script>")[1].split("</script>")[0]
        assert parsed.tags.count("style") == 1
        assert not [k for k, _ in parsed.attrs if k.startswith("on")]
        hrefs = [v for k, v in parsed.attrs if k == "href"]
        assert not [h for h in hrefs if h.lower().startswith(("javascript:", "file:", "data:"))]
        text = "".join(parsed.text)
        assert text.count("<script>alert(1)</script>") >= 20  # shown, as text, everywhere
        assert "{{ 7*7 }} {% raw %}" in text
        pdf = " ".join(
            " ".join(
                p.extract_text()
                for p in PdfReader(result.directory / f"acme-social-media-policy.{lang}.pdf").pages
            ).split()
        )
        assert "<script>alert(1)</script>" in pdf and "{{ 7*7 }}" in pdf
        assert "root:x:0:0" not in pdf
    assert _Recorder.requests == []


def test_pdf_renderer_fetches_nothing(server: str) -> None:
    html = (
        f'<html><head><link rel="stylesheet" href="{server}/style.css">'
        f"<style>@import url({server}/import.css); body {{ background: url({server}/bg.png) }}</style>"
        f'</head><body><img src="{server}/img.png"><img src="file:///etc/passwd">'
        f'<object data="{server}/obj.svg"></object><p>hello</p></body></html>'
    )
    pdf = html_to_pdf(html, dt.date(2026, 1, 1))
    assert pdf.startswith(b"%PDF")
    assert _Recorder.requests == []


def test_output_never_lands_outside_out(tmp_path: Path) -> None:
    for slug, version in (("..", "1.0.0"), ("acme", "../../escape"), ("", "1.0.0")):
        with pytest.raises(PolicyError, match="refusing to write outside"):
            version_dir(tmp_path / "out", slug, version)


# --- atomic, concurrent, reproducible ----------------------------------------------


def _snapshot(folder: Path) -> dict[str, bytes]:
    return {p.name: p.read_bytes() for p in folder.iterdir() if not p.name.startswith(".")}


# A build where the atomic exchange of two names is missing (macOS, old kernels, some
# filesystems): the old folder is renamed aside, the new one into place.
WITHOUT_EXCHANGE = (
    "import sys, policy_builder.pipeline.write as w; w._renameat2 = lambda: None; "
    "from policy_builder.cli import app; app(sys.argv[1:], prog_name='policy')"
)


def _policy(*args: str, kill_at: str = "", exchange: bool = True) -> subprocess.Popen[str]:
    """``policy ARGS`` in a new process; ``kill_at`` makes it SIGKILL itself at that stage."""
    env = {k: v for k, v in os.environ.items() if k != KILL_AT}
    if kill_at:
        env[KILL_AT] = kill_at
    head = ["-m", "policy_builder"] if exchange else ["-c", WITHOUT_EXCHANGE]
    return subprocess.Popen(
        [sys.executable, *head, *args],
        cwd=ROOT,
        env=env,
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        text=True,
    )


def _minimal(folder: Path, *, company: str = "Minima") -> Path:
    folder.mkdir(parents=True, exist_ok=True)
    config = folder / "minimal.yaml"
    text = MINIMAL.read_text(encoding="utf-8")
    config.write_text(text.replace("name: Minima\n", f"name: {company}\n", 1), encoding="utf-8")
    return config


def _hidden(policy_dir: Path) -> list[str]:
    """What a build left in the policy's folder besides the lock and the record of its
    inputs (published/record.py): nothing, when it is done."""
    return sorted(
        p.name
        for p in policy_dir.iterdir()
        if p.name.startswith(".") and p.name not in (".lock", ".inputs.json")
    )


# (how the folder is swapped, where the build is killed, which folder a reader finds)
KILLS = [
    ("exchange", "locked", "old"),
    ("exchange", "staging", "old"),
    ("exchange", "staged", "old"),
    ("exchange", "swapped", "new"),
    ("rename", "staged", "old"),
    ("rename", "aside", "old"),
    ("rename", "swapped", "new"),
]


def test_every_stage_of_publication_is_killed_in_a_test() -> None:
    assert {stage for _, stage, _ in KILLS} == set(STAGES)


@pytest.mark.parametrize(("swap", "stage", "left"), KILLS, ids=lambda v: str(v))
def test_forced_rebuild_killed_at_each_stage_leaves_one_whole_folder(
    tmp_path: Path, swap: str, stage: str, left: str
) -> None:
    out, config = tmp_path / "out", _minimal(tmp_path)
    old = build(config, out_dir=out, formats=["md", "html"])
    changed = _minimal(tmp_path / "changed", company="Minima Consulting")
    shutil.copytree(out, tmp_path / "reference")
    build(changed, out_dir=tmp_path / "reference", formats=["md", "html"], force=True)
    whole = {
        "old": _snapshot(old.directory),
        "new": _snapshot(tmp_path / "reference" / "minimal" / old.version),
    }
    killed = _policy(
        "build", str(changed), "--out", str(out), "--format", "md,html", "--force",
        kill_at=stage, exchange=swap == "exchange",
    )  # fmt: skip
    killed.communicate()
    assert killed.returncode == -signal.SIGKILL  # it died at that very point
    if stage != "aside":  # a reader finds one whole folder even before the next build
        assert _snapshot(old.directory) == whole[left]
        assert published.read(old.directory).version == old.version
    # The next build takes the lock, recovers what the killed one left, and sees the folder.
    if left == "old":
        assert build(config, out_dir=out, formats=["md", "html"]).state == "unchanged"
    else:
        with pytest.raises(PublishedVersionError, match="already published"):
            build(config, out_dir=out, formats=["md", "html"])
    assert _snapshot(old.directory) == whole[left]
    assert published.read(old.directory).version == old.version
    assert _hidden(old.directory.parent) == []


@pytest.mark.parametrize(
    ("stage", "appears"), [("staging", False), ("staged", False), ("swapped", True)]
)
def test_new_version_killed_at_each_stage_appears_whole_or_not_at_all(
    tmp_path: Path, stage: str, appears: bool
) -> None:
    out, config = tmp_path / "out", _minimal(tmp_path)
    old = build(config, out_dir=out, formats=["md"])
    before = _snapshot(old.directory)
    data = yaml.safe_load(config.read_text(encoding="utf-8"))
    data["policy"]["version"] = "1.2.0"
    data["changelog"].append({**data["changelog"][-1], "version": "1.2.0"})
    config.write_text(yaml.safe_dump(data, allow_unicode=True), encoding="utf-8")
    killed = _policy("build", str(config), "--out", str(out), "--format", "md", kill_at=stage)
    killed.communicate()
    assert killed.returncode == -signal.SIGKILL
    new = out / "minimal" / "1.2.0"
    assert new.exists() is appears
    if appears:
        assert published.read(new).version == "1.2.0"
    assert build(config, out_dir=out, formats=["md"]).state == (
        "unchanged" if appears else "written"
    )
    assert published.read(new).version == "1.2.0" and _hidden(out / "minimal") == []
    assert _snapshot(old.directory) == before


@pytest.mark.parametrize("force", [True, False], ids=["forced-rebuild", "new-version"])
def test_full_disk_leaves_the_published_folder_as_it_was(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, force: bool
) -> None:
    out, config = tmp_path / "out", _minimal(tmp_path)
    old = build(config, out_dir=out, formats=["md", "html"])
    before = _snapshot(old.directory)
    if force:
        config = _minimal(tmp_path / "changed", company="Minima Consulting")
        target = old.directory
    else:
        data = yaml.safe_load(config.read_text(encoding="utf-8"))
        data["policy"]["version"] = "1.2.0"
        data["changelog"].append({**data["changelog"][-1], "version": "1.2.0"})
        config.write_text(yaml.safe_dump(data, allow_unicode=True), encoding="utf-8")
        target = out / "minimal" / "1.2.0"
    staged: list[Path] = []

    def disk_fills_up(path: Path, data: bytes) -> None:
        if len(staged) == 2:  # the third file does not fit
            raise OSError(errno.ENOSPC, os.strerror(errno.ENOSPC), str(path))
        staged.append(path)
        path.write_bytes(data)

    monkeypatch.setattr(write, "_write_file", disk_fills_up)
    args = ["build", str(config), "--out", str(out), "--format", "md,html"]
    result = CliRunner().invoke(app, [*args, "--force"] if force else args)
    assert result.exit_code == 1
    assert result.stderr == (  # the config's own failure: the others would still be built
        f"error: {config}: cannot write to {target}: No space left on device; the published "
        "folder was left as it was\n"
    )
    assert _snapshot(old.directory) == before
    assert published.read(old.directory).version == "1.1.0"
    assert sorted(p.name for p in (out / "minimal").iterdir()) == [".inputs.json", ".lock", "1.1.0"]


def _waiting_for(lock: Path, pids: set[int]) -> set[int]:
    """Which of ``pids`` are blocked waiting for the flock on ``lock`` (Linux /proc/locks)."""
    inode = f":{os.stat(lock).st_ino}"
    waiting = set()
    for line in Path("/proc/locks").read_text().splitlines():
        fields = line.split()
        if "->" in fields:
            at = fields.index("->")
            if fields[at + 5].endswith(inode) and int(fields[at + 4]) in pids:
                waiting.add(int(fields[at + 4]))
    return waiting


@pytest.mark.skipif(not Path("/proc/locks").exists(), reason="needs Linux's /proc/locks")
@pytest.mark.parametrize("same", [False, True], ids=["different-content", "same-content"])
def test_two_builds_racing_for_one_version_publish_once(tmp_path: Path, same: bool) -> None:
    out = tmp_path / "out"
    first = _minimal(tmp_path / "a")
    second = _minimal(tmp_path / "b", company="Minima" if same else "Minima Consulting")
    lock = out / "minimal" / ".lock"
    lock.parent.mkdir(parents=True)
    with write.locked(lock):  # both get past every check and render, then wait here
        builds = [
            _policy("build", str(c), "--out", str(out), "--format", "md") for c in (first, second)
        ]
        pids = {p.pid for p in builds}
        while _waiting_for(lock, pids) != pids:  # a condition, not a delay
            assert all(p.poll() is None for p in builds), [p.communicate() for p in builds]
            time.sleep(0.01)
    outputs = [(p.wait(), *p.communicate()) for p in builds]
    winners = [i for i, (_, stdout, _) in enumerate(outputs) if " built minimal 1.1.0" in stdout]
    assert len(winners) == 1, outputs
    code, stdout, stderr = outputs[1 - winners[0]]
    if same:
        assert code == 0 and "already published" in stdout, outputs
    else:
        assert code == 1 and "is already published and the config changed (company)" in stderr
    folder = published.read(out / "minimal" / "1.1.0")
    winner = (first, second)[winners[0]]
    assert folder.config == load_valid(winner).data  # the winner's content, whole
    assert _hidden(out / "minimal") == []


def test_concurrent_builds_of_one_folder_agree(tmp_path: Path) -> None:
    command = [
        sys.executable,
        "-m",
        "policy_builder",
        "build",
        str(CONFIGS),
        "--out",
        str(tmp_path),
        "--format",
        "md,html",
    ]
    first = subprocess.Popen(command, cwd=ROOT, stdout=subprocess.PIPE, stderr=subprocess.PIPE)
    second = subprocess.Popen(command, cwd=ROOT, stdout=subprocess.PIPE, stderr=subprocess.PIPE)
    for process in (first, second):
        _, err = process.communicate()
        assert process.returncode == 0, err
    for manifest_path in tmp_path.glob("*/*/manifest.json"):
        manifest = json.loads(manifest_path.read_text())
        for entry in manifest["artifacts"]:
            data = (manifest_path.parent / entry["path"]).read_bytes()
            assert hashlib.sha256(data).hexdigest() == entry["sha256"]
        assert not [p for p in manifest_path.parent.iterdir() if p.name.endswith(".tmp")]


def test_builds_are_reproducible_across_cwd_and_timezone(tmp_path: Path) -> None:
    here = build(CONFIGS / "tonalli.yaml", out_dir=tmp_path / "a")
    env = {**os.environ, "TZ": "Pacific/Kiritimati", "LC_ALL": "C"}
    subprocess.run(
        [
            sys.executable,
            "-m",
            "policy_builder",
            "build",
            "tonalli.yaml",
            "--out",
            str(tmp_path / "b"),
        ],
        cwd=CONFIGS,
        env=env,
        check=True,
        capture_output=True,
    )
    there = tmp_path / "b" / "tonalli" / here.version
    assert _snapshot(here.directory) == _snapshot(there)
    manifest = (here.directory / "manifest.json").read_text()
    assert not re.search(r"20\d\d-\d\d-\d\dT", manifest)  # no timestamps in the manifest
    reader = PdfReader(next(here.directory.glob("*.es-MX.pdf")))
    effective = json.loads(manifest)["effective_date"].replace("-", "")
    assert reader.metadata is not None
    assert reader.metadata["/CreationDate"].startswith(f"D:{effective}")
    assert reader.metadata["/ModDate"].startswith(f"D:{effective}")


# --- what reaches the terminal ---------------------------------------------------

COMMANDS = ("validate", "status", "changelog")


@pytest.mark.parametrize("command", COMMANDS)
def test_every_hostile_file_is_a_clean_error_for_every_command(command: str) -> None:
    args = [command, *map(str, HOSTILE)]
    result = CliRunner().invoke(
        app, [*args, "--out", "/nonexistent"] if command == "status" else args
    )
    assert result.exit_code == 1, result.output
    assert "internal error" not in result.output and "Traceback" not in result.output
    assert _invisible(result.output) == []


def _invisible(text: str) -> list[str]:
    """Characters a terminal would act on or hide: everything printed must be visible."""
    from policy_builder.chars import is_hidden

    return [c for c in text if c != "\n" and is_hidden(c)]


EVIL = "evil\x1b[2K\x1b]0;title\x07\u202e"


def test_file_and_folder_names_are_escaped_on_the_terminal(tmp_path: Path) -> None:
    folder = tmp_path / EVIL
    folder.mkdir()
    config = folder / "acme.yaml"
    shutil.copy(CONFIGS / "acme.yaml", config)
    renamed = folder / f"{EVIL}.yaml"
    shutil.copy(config, renamed)  # the file name is not a slug: an issue that names it
    runner = CliRunner()
    outputs = [
        runner.invoke(app, ["validate", str(renamed)]),
        runner.invoke(app, ["build", str(config), "--out", str(folder / "out"), "--format", "md"]),
        runner.invoke(app, ["status", str(folder), "--out", str(folder / "out")]),
        runner.invoke(app, ["diff", str(config), str(folder / "out" / "acme" / "2.0.1")]),
        runner.invoke(app, ["diff", str(config), str(config), "--output", str(config)]),
        runner.invoke(app, ["validate", str(folder / "missing.yaml")]),
    ]
    for result in outputs:
        assert result.exit_code in (0, 1, 2), result.output
        assert _invisible(result.output) == []
    shown = "evil\\x1b[2K\\x1b]0;title\\x07\\u202e"
    assert all(shown in result.output for result in outputs)


def test_hidden_characters_in_config_text_are_refused_and_shown_escaped(tmp_path: Path) -> None:
    original = (CONFIGS / "acme.yaml").read_text(encoding="utf-8")
    config = tmp_path / "acme.yaml"
    config.write_text(
        original.replace("name: Marcus Bell", 'name: "Marcus \\u202elleB"', 1).replace(
            "name: Acme Cloud\n", 'name: "Acme\\e[2K Cloud"\n', 1
        ),
        encoding="utf-8",
    )
    runner = CliRunner()
    text = runner.invoke(app, ["validate", str(config)])
    assert text.exit_code == 1
    assert text.output.splitlines()[:2] == [
        f"{config}:10:9: company.name: contains U+001B ESCAPE, a control character, which "
        "terminals act on instead of showing; remove it",
        f"{config}:28:11: policy.owner.name: contains U+202E RIGHT-TO-LEFT OVERRIDE, an "
        "invisible character that changes how the text reads; remove it",
    ]
    as_json = runner.invoke(app, ["validate", "--format", "json", str(config)])
    assert _invisible(as_json.output) == [] and "\\u202e" not in as_json.output  # no Python escapes
    issues = json.loads(as_json.output)["configs"][0]["issues"]
    assert [i["path"] for i in issues] == ["company.name", "policy.owner.name"]
    for command in (["build", "--out", str(tmp_path / "out")], ["changelog"], ["status"]):
        result = runner.invoke(app, [command[0], str(config), *command[1:]])
        assert result.exit_code == 1 and _invisible(result.output) == []
        assert "U+202E RIGHT-TO-LEFT OVERRIDE" in result.output
    assert not (tmp_path / "out").exists()


# --- unreadable, huge ----------------------------------------------------------------


def make_unreadable(path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    """Deny reading ``path``: chmod where that works; as root (CI), refuse its opening."""
    if os.geteuid() != 0:
        path.chmod(0)
        return
    real_open = os.open

    def refusing_open(name: Any, flags: int, *args: Any, **kwargs: Any) -> int:
        if Path(name).resolve() == path.resolve():
            raise PermissionError(13, "Permission denied", str(name))
        return real_open(name, flags, *args, **kwargs)

    monkeypatch.setattr(os, "open", refusing_open)


@pytest.mark.parametrize("command", ["validate", "build", "status", "changelog"])
def test_an_unreadable_config_is_reported_and_the_others_processed(
    command: str, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    folder = tmp_path / "configs"
    folder.mkdir()
    for name in ("acme", "tonalli"):
        shutil.copy(CONFIGS / f"{name}.yaml", folder / f"{name}.yaml")
    make_unreadable(folder / "acme.yaml", monkeypatch)
    extra = {
        "build": ["--out", str(tmp_path / "out"), "--format", "md", "--jobs", "1"],  # patched here
        "status": ["--out", str(tmp_path / "out")],
    }
    result = CliRunner().invoke(app, [command, str(folder), *extra.get(command, [])])
    assert result.exit_code == 1, result.output
    shown = " ".join(result.output.split())  # status wraps its notes to the terminal
    assert f"{folder / 'acme.yaml'}:1:1: cannot read the file (permission denied)" in shown
    assert "internal error" not in result.output
    assert "tonalli" in result.output or "Tonalli" in result.output or command == "validate"
    if command == "build":
        assert (tmp_path / "out" / "tonalli").is_dir() and not (tmp_path / "out" / "acme").exists()


def test_huge_files_are_refused_before_they_are_read(tmp_path: Path) -> None:
    """3 GB sparse files (a config, a base) cost no memory: under a 1 GB limit, one line each."""
    for name in ("big.yaml", "_base.yaml"):
        with open(tmp_path / name, "wb") as handle:
            handle.truncate(3 * 1024**3)
    shutil.copy(CASES / "valid" / "minimal.yaml", tmp_path / "minimal.yaml")
    extending = tmp_path / "extending.yaml"
    extending.write_text("policy:\n  extends: _base.yaml\n", encoding="utf-8")

    def limit_memory() -> None:
        import resource

        resource.setrlimit(resource.RLIMIT_AS, (1024**3, 1024**3))

    process = subprocess.run(
        [
            sys.executable,
            "-m",
            "policy_builder",
            "validate",
            "big.yaml",
            "extending.yaml",
            "minimal.yaml",
        ],
        cwd=tmp_path,
        capture_output=True,
        text=True,
        preexec_fn=limit_memory,
        check=False,
    )
    assert process.returncode == 1, process.stderr
    assert process.stdout.splitlines() == [
        "big.yaml:1:1: file is 3,221,225,472 bytes; a config may be at most 1,000,000",
        "_base.yaml:1:1: file is 3,221,225,472 bytes; a config may be at most 1,000,000",
        "2 of 3 configs invalid, 2 problems",
    ]
