"""Batch builds: in parallel, failures isolated, sharded, shown as they progress, and
stopped cleanly by Ctrl-C. Nothing here depends on timing or on skipping unchanged
configs: a build that must not finish is held on its policy's lock."""

from __future__ import annotations

import fcntl
import io
import json
import os
import re
import selectors
import shutil
import signal
import subprocess
import sys
import time
from collections.abc import Callable, Iterator
from concurrent.futures import Future
from concurrent.futures.process import BrokenProcessPool
from contextlib import ExitStack, contextmanager
from pathlib import Path
from typing import IO, Any

import pytest
from typer.testing import CliRunner

from policy_builder import sources
from policy_builder.cli import app
from policy_builder.commands import batch, workers
from policy_builder.commands.batch import BuildEvent, BuildOutcome, build_all
from policy_builder.commands.build import BuildResult
from policy_builder.report import build as report
from policy_builder.report.printout import Printout
from tests.conftest import CASES, CONFIGS, EXAMPLES, ROOT

SUMMARY = r"(\d+) built, (\d+) unchanged, (\d+) failed in \d+(\.\d s| min \d+ s)"


def run(*args: str) -> tuple[int, str, str]:
    result = CliRunner().invoke(app, list(args))
    return result.exit_code, result.stdout, result.stderr


def configs(
    folder: Path, names: list[str], source: Path = CASES / "valid" / "minimal.yaml"
) -> None:
    """``names``, each a copy of ``source`` published under its own slug."""
    folder.mkdir(parents=True, exist_ok=True)
    for name in names:
        shutil.copyfile(source, folder / f"{name}.yaml")


def make_unreadable(path: Path) -> str:
    """Make ``path`` unreadable for every process (workers too); the reason it gives.

    Root reads any file whatever its mode, so there the config is a link to a file no
    one can read from its start."""
    if os.geteuid() != 0:
        path.chmod(0)
        return "permission denied"
    path.unlink()
    path.symlink_to("/proc/self/mem")
    return "input/output error"


# ==== sharding =========================================================================

SLUGS = [f"company-{n:02d}" for n in range(50)]


@pytest.mark.parametrize("shards", [1, 2, 3, 4, 5])
def test_every_config_is_in_exactly_one_shard(shards: int) -> None:
    for slug in SLUGS:
        owners = [
            k for k in range(1, shards + 1) if sources.in_shard(Path(f"{slug}.yaml"), k, shards)
        ]
        assert len(owners) == 1, (slug, owners)
    sizes = [
        sum(sources.in_shard(Path(f"{s}.yaml"), k, shards) for s in SLUGS)
        for k in range(1, shards + 1)
    ]
    assert sum(sizes) == len(SLUGS) and min(sizes) > 0, sizes  # none left idle


def test_a_config_s_shard_is_chosen_by_its_slug_not_its_place(tmp_path: Path) -> None:
    folder = tmp_path / "configs"
    configs(folder, SLUGS)
    before = {k: sources.select([folder], (k, 4)) for k in range(1, 5)}
    assert sorted(p for shard in before.values() for p in shard) == sorted(folder.iterdir())
    configs(folder, [f"added-{n}" for n in range(20)] + ["aaa-first", "zzz-last"])
    after = {k: sources.select([folder], (k, 4)) for k in range(1, 5)}
    for k in range(1, 5):
        assert [p for p in after[k] if p.stem in SLUGS] == before[k]  # nobody moved
    elsewhere = tmp_path / "other" / "company-07.yaml"  # same slug, other folder, other order
    configs(elsewhere.parent, ["company-07"])
    owner = next(k for k in range(1, 5) if folder / "company-07.yaml" in before[k])
    assert sources.select([elsewhere, folder], (owner, 4))[0] == elsewhere


def test_list_prints_the_shard_s_configs_and_builds_nothing(tmp_path: Path) -> None:
    out = tmp_path / "out"
    listed = []
    for k in (1, 2, 3):
        code, stdout, stderr = run(
            "build", str(CONFIGS), "--shard", f"{k}/3", "--list", "--out", str(out)
        )
        assert code == 0 and stderr == ""
        listed += stdout.splitlines()
    assert sorted(listed) == sorted(str(p) for p in EXAMPLES)
    code, stdout, _ = run("build", str(CONFIGS), "--list", "--json", "--out", str(out))
    assert code == 0 and json.loads(stdout) == {"configs": [str(p) for p in EXAMPLES]}
    assert not out.exists()


@pytest.mark.parametrize(
    ("option", "value", "message"),
    [
        ("--jobs", "0", "error: --jobs must be a whole number, 1 or more (got '0')"),
        ("--jobs", "-1", "error: --jobs must be a whole number, 1 or more (got '-1')"),
        ("--jobs", "two", "error: --jobs must be a whole number, 1 or more (got 'two')"),
        ("--shard", "3/2", "error: --shard must be K/N with 1 ≤ K ≤ N, such as 2/4 (got '3/2')"),
        ("--shard", "0/2", "error: --shard must be K/N with 1 ≤ K ≤ N, such as 2/4 (got '0/2')"),
        ("--shard", "x", "error: --shard must be K/N with 1 ≤ K ≤ N, such as 2/4 (got 'x')"),
        ("--shard", "1/0", "error: --shard must be K/N with 1 ≤ K ≤ N, such as 2/4 (got '1/0')"),
    ],
)
def test_bad_jobs_and_shards_are_usage_errors(
    tmp_path: Path, option: str, value: str, message: str
) -> None:
    code, out, err = run("build", str(CONFIGS), option, value, "--out", str(tmp_path / "out"))
    assert code == 2 and out == ""
    assert err.splitlines() == [message, "Run 'policy build --help'."]
    assert not (tmp_path / "out").exists()


# ==== parallel builds ==================================================================


def test_a_folder_of_valid_invalid_and_unreadable_configs_builds_the_valid_ones(
    tmp_path: Path,
) -> None:
    folder, out = tmp_path / "configs", tmp_path / "out"
    configs(folder, ["alpha", "delta", "gamma"])
    configs(folder, ["beta"], CASES / "invalid" / "wrong-type.yaml")
    configs(folder, ["epsilon"], CASES / "invalid" / "malformed-yaml.yaml")
    configs(folder, ["zeta"])
    reason = make_unreadable(folder / "zeta.yaml")
    code, stdout, stderr = run(
        "build", str(folder), "--out", str(out), "--format", "md", "--jobs", "2"
    )
    assert code == 1
    assert sorted(p.name for p in out.iterdir()) == ["alpha", "delta", "gamma"]
    assert "wrong-type" not in stdout and "Traceback" not in stdout + stderr
    assert f"{folder / 'beta.yaml'}:22:19: review.cadence_months: expected a whole number" in stderr
    assert f"{folder / 'zeta.yaml'}:1:1: cannot read the file ({reason})" in stderr
    failed = [line for line in stderr.splitlines() if line.startswith("failed: ")]
    assert failed == [  # listed at the end, in the order the configs were given
        f"failed: {folder / 'beta.yaml'}: 1 problem found",
        f"failed: {folder / 'epsilon.yaml'}: 1 problem found",
        f"failed: {folder / 'zeta.yaml'}: 1 problem found",
    ]
    assert stderr.splitlines()[-3:] == failed  # after every config's own lines
    closing = re.fullmatch(SUMMARY, stdout.splitlines()[-1])
    assert closing is not None and closing.groups()[:3] == ("3", "0", "3")
    for name in ("alpha", "delta", "gamma"):
        assert f"built {name} 1.1.0" in stdout


def test_outcomes_come_back_in_the_order_given_whatever_order_they_finish(tmp_path: Path) -> None:
    folder, out = tmp_path / "configs", tmp_path / "out"
    names = ["e", "b", "d", "a", "c", "f"]
    configs(folder, names)
    paths = [folder / f"{n}.yaml" for n in names]
    events: list[BuildEvent] = []
    run_ = build_all(paths, out_dir=out, formats=["md"], jobs=2, on_event=events.append)
    assert [o.path for o in run_.outcomes] == paths
    assert [o.state for o in run_.outcomes] == ["written"] * 6 and run_.exit_code == 0
    assert [o.result.slug for o in run_.outcomes if o.result] == names
    for index in range(6):  # each starts once, then finishes once, with its own outcome
        mine = [e for e in events if e.index == index]
        assert [e.kind for e in mine] == ["started", "finished"] and mine[
            1
        ].outcome == run_.outcomes[index]
        assert all(e.total == 6 and e.path == paths[index] for e in mine)
    assert run_.seconds > 0
    again = build_all(paths, out_dir=out, formats=["md"], jobs=2)
    assert [o.state for o in again.outcomes] == ["unchanged"] * 6


def test_a_config_the_workers_cannot_build_fails_alone(tmp_path: Path) -> None:
    """A refusal (the published version was built from other content) is one failure."""
    folder, out = tmp_path / "configs", tmp_path / "out"
    configs(folder, ["one", "two", "three"])
    assert build_all([folder / "two.yaml"], out_dir=out, formats=["md"]).exit_code == 0
    edited = (
        (folder / "two.yaml").read_text(encoding="utf-8").replace("en: Consulting", "en: Advisory")
    )
    (folder / "two.yaml").write_text(edited, encoding="utf-8")
    run_ = build_all([folder], out_dir=out, formats=["md"], jobs=2)
    states = {o.path.stem: o.state for o in run_.outcomes}
    assert states == {"one": "written", "three": "written", "two": "failed"}
    [refused] = run_.failed
    assert refused.reason and "is already published" in refused.reason and run_.exit_code == 1
    forced = build_all([folder], out_dir=out, formats=["md"], jobs=2, force=True)
    assert {o.path.stem: o.state for o in forced.outcomes} == {
        "one": "forced",
        "three": "forced",
        "two": "forced",
    }


def test_one_job_builds_in_this_process_and_so_does_a_single_config(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    def no_pool(*args: object, **kwargs: object) -> None:
        raise AssertionError("a pool was started")

    monkeypatch.setattr(workers, "run_in_pool", no_pool)
    folder = tmp_path / "configs"
    configs(folder, ["one", "two"])
    assert build_all([folder], out_dir=tmp_path / "out", formats=["md"], jobs=1).exit_code == 0
    assert (
        build_all([folder], out_dir=tmp_path / "out2", formats=["md"]).exit_code == 0
    )  # the default
    single = build_all([folder / "one.yaml"], out_dir=tmp_path / "out3", formats=["md"], jobs=4)
    assert [o.state for o in single.outcomes] == ["written"]


def test_no_jobs_given_means_one_per_usable_core(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    asked: list[int] = []

    def pool(todo: list[tuple[int, Path]], task: Callable[[Path], BuildOutcome], **kw: Any) -> None:
        asked.append(kw["jobs"])
        for index, path in todo:
            kw["finished"](index, task(path))

    monkeypatch.setattr(workers, "run_in_pool", pool)
    monkeypatch.setattr(batch, "usable_cores", lambda: 3)
    folder = tmp_path / "configs"
    configs(folder, ["a", "b", "c", "d"])
    build_all([folder], out_dir=tmp_path / "out", formats=["md"], jobs=None)
    build_all(
        [folder / "a.yaml", folder / "b.yaml"], out_dir=tmp_path / "o2", formats=["md"], jobs=None
    )
    assert asked == [3, 2]  # never more workers than configs
    monkeypatch.undo()  # the real count is the process's affinity, not the machine's cores
    assert batch.usable_cores() == len(os.sched_getaffinity(0))


def test_configs_found_current_are_not_sent_to_workers(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """The parent asks ``incremental.up_to_date`` first (unless --force); with nothing
    left to build, no pool is started."""
    folder = tmp_path / "configs"
    configs(folder, ["a", "b", "c"])
    current = BuildResult("x", "b", "1.1.0", tmp_path / "out" / "b" / "1.1.0", (), "unchanged")
    asked: list[Path] = []

    def up_to_date(path: Path, **kwargs: object) -> BuildResult | None:
        asked.append(path)
        return current if path.stem == "b" else None

    sent: list[Path] = []

    def pool(todo: list[tuple[int, Path]], task: Callable[[Path], BuildOutcome], **kw: Any) -> None:
        for index, path in todo:
            sent.append(path)
            kw["started"](index)
            kw["finished"](index, task(path))

    monkeypatch.setattr(batch, "up_to_date", up_to_date)
    monkeypatch.setattr(workers, "run_in_pool", pool)
    run_ = build_all([folder], out_dir=tmp_path / "out", formats=["md"], jobs=2)
    assert [p.stem for p in asked] == ["a", "b", "c"] and [p.stem for p in sent] == ["a", "c"]
    assert [o.state for o in run_.outcomes] == ["written", "unchanged", "written"]
    assert run_.outcomes[1].result is current

    monkeypatch.setattr(batch, "up_to_date", lambda path, **kw: current)
    monkeypatch.setattr(workers, "run_in_pool", lambda *a, **kw: pytest.fail("a pool was started"))
    assert [o.state for o in build_all([folder], out_dir=tmp_path / "out", jobs=2).outcomes] == [
        "unchanged"
    ] * 3

    monkeypatch.setattr(batch, "up_to_date", lambda path, **kw: pytest.fail("asked with --force"))
    monkeypatch.setattr(workers, "run_in_pool", pool)
    forced = build_all([folder], out_dir=tmp_path / "out", formats=["md"], jobs=2, force=True)
    assert forced.exit_code == 0


def test_the_placeholder_knows_nothing_is_current(tmp_path: Path) -> None:
    from policy_builder.commands.incremental import up_to_date

    assert up_to_date(CONFIGS / "acme.yaml", out_dir=tmp_path, langs=None, formats=["md"]) is None


# ==== a worker that dies ===============================================================


class _FakeExecutor:
    """A pool that runs each task when ``wait`` (``_fake_wait``) is called."""

    def __init__(self, pools: list[list[str]]) -> None:
        self.sent: list[str] = []
        pools.append(self.sent)

    def submit(
        self, fn: Callable[..., Any], task: Callable[[Path], Any], path: Path
    ) -> Future[Any]:
        future: Future[Any] = Future()
        future.task = (task, path)  # type: ignore[attr-defined]
        self.sent.append(path.stem)
        return future


def _fake_wait(culprit: str) -> Callable[..., tuple[set[Future[Any]], set[Future[Any]]]]:
    """With ``culprit`` in hand, the pool breaks: every task in hand fails, as in a real
    pool when one worker dies; otherwise the first task in hand completes."""

    def wait(
        futures: dict[Future[Any], Any], return_when: str
    ) -> tuple[set[Future[Any]], set[Future[Any]]]:
        pending = [f for f in futures if not f.done()]
        if any(f.task[1].stem == culprit for f in pending):  # type: ignore[attr-defined]
            for future in pending:
                future.set_exception(BrokenProcessPool("a worker died"))
            return set(pending), set()
        first = pending[0]
        task, path = first.task  # type: ignore[attr-defined]
        first.set_result(task(path))
        return {first}, set(pending[1:])

    return wait


def test_a_config_that_kills_its_worker_fails_and_the_others_are_built(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    pools: list[list[str]] = []

    @contextmanager
    def pool(jobs: int, preload: object) -> Iterator[_FakeExecutor]:
        yield _FakeExecutor(pools)

    monkeypatch.setattr(workers, "_pool", pool)
    monkeypatch.setattr(workers, "wait", _fake_wait("b"))
    finished: dict[int, str | None] = {}
    started: list[int] = []
    todo = [(i, Path(f"{name}.yaml")) for i, name in enumerate("abcd")]
    workers.run_in_pool(
        todo,
        lambda path: path.stem.upper(),
        jobs=2,
        preload=[],
        started=started.append,
        finished=finished.__setitem__,
    )
    assert finished == {0: "A", 1: None, 2: "C", 3: "D"}  # only b's worker died twice
    # a and b in hand when the pool broke; each again alone; then the rest, two at a time
    assert pools == [["a", "b"], ["a", "b"], ["c", "d"]]
    assert started == [0, 1, 0, 1, 2, 3]


def test_workers_killed_mid_build_are_reported_not_a_traceback(tmp_path: Path) -> None:
    from policy_builder.pipeline.write import KILL_AT

    folder, out = tmp_path / "configs", tmp_path / "out"
    configs(folder, ["one", "two"])
    process = subprocess.run(
        [
            sys.executable,
            "-m",
            "policy_builder",
            "build",
            str(folder),
            "--out",
            str(out),
            "--format",
            "md",
            "--jobs",
            "2",
        ],
        capture_output=True,
        text=True,
        env={**os.environ, KILL_AT: "staged"},  # every worker kills itself while publishing
        cwd=ROOT,
        check=False,
        timeout=120,
    )
    assert process.returncode == 1, process.stderr
    assert "Traceback" not in process.stdout + process.stderr
    assert [line for line in process.stderr.splitlines() if line.startswith("failed: ")] == [
        f"failed: {folder / name}.yaml: {batch.DIED}" for name in ("one", "two")
    ]
    assert re.fullmatch(SUMMARY, process.stdout.splitlines()[-1])
    assert not any((out / name / "1.1.0").exists() for name in ("one", "two"))


# ==== Ctrl-C ===========================================================================


@contextmanager
def held_locks(out: Path, slugs: list[str]) -> Iterator[None]:
    """Hold these policies' publication locks: their builds wait until released."""
    with ExitStack() as stack:
        for slug in slugs:
            (out / slug).mkdir(parents=True, exist_ok=True)
            handle = stack.enter_context(open(out / slug / ".lock", "a+b"))
            fcntl.flock(handle, fcntl.LOCK_EX)
        yield


def _descendants(pid: int) -> list[int]:
    children: dict[int, list[int]] = {}
    for entry in Path("/proc").iterdir():
        if entry.name.isdigit():
            try:
                parent = int((entry / "stat").read_text().rsplit(")", 1)[1].split()[1])
            except (OSError, IndexError, ValueError):
                continue
            children.setdefault(parent, []).append(int(entry.name))
    found, todo = [], [pid]
    while todo:
        for child in children.get(todo.pop(), []):
            found.append(child)
            todo.append(child)
    return found


def _running(pid: int) -> bool:
    """Alive, and not a zombie (a dead process its new parent has not reaped yet)."""
    try:
        return (Path("/proc") / str(pid) / "stat").read_text().rsplit(")", 1)[1].split()[0] != "Z"
    except (OSError, IndexError):
        return False


def _first_line(stream: IO[str], safety_net: float = 120) -> str:
    selector = selectors.DefaultSelector()
    selector.register(stream, selectors.EVENT_READ)
    assert selector.select(safety_net), "no output at all"
    return stream.readline()


@pytest.mark.skipif(not Path("/proc/self/stat").exists(), reason="reads processes from /proc")
@pytest.mark.parametrize("target", ["parent", "process group"])
def test_ctrl_c_stops_every_worker_and_leaves_nothing_half_written(
    tmp_path: Path, target: str
) -> None:
    """The first config builds; the others wait on their policies' locks, so the build
    is still running, with both workers busy, whenever the interrupt arrives. A
    terminal's Ctrl-C signals the whole process group; ``kill -INT`` only the parent."""
    folder, out = tmp_path / "configs", tmp_path / "out"
    names = ["c0", "c1", "c2", "c3", "c4"]
    configs(folder, names)
    with held_locks(out, names[1:]):
        process = subprocess.Popen(
            [
                sys.executable,
                "-m",
                "policy_builder",
                "build",
                str(folder),
                "--out",
                str(out),
                "--format",
                "md",
                "--jobs",
                "2",
            ],
            stdout=subprocess.PIPE,
            stderr=subprocess.PIPE,
            text=True,
            cwd=ROOT,
            start_new_session=True,  # its own process group, as under a terminal
        )
        try:
            assert process.stdout is not None
            first = _first_line(process.stdout)
            assert first.startswith(f"{folder / 'c0.yaml'}: built c0 1.1.0"), first
            helpers = _descendants(process.pid)  # the forkserver, its workers, the tracker
            workers_ = [pid for pid in helpers if _parent(pid) != process.pid]  # forked by it
            assert len(workers_) == 2, helpers
            if target == "parent":
                process.send_signal(signal.SIGINT)
            else:
                os.killpg(process.pid, signal.SIGINT)
            stdout, stderr = process.communicate(timeout=60)  # a safety net, not a timing
        finally:
            if process.poll() is None:
                process.kill()
                process.wait()
    assert process.returncode == 130, stderr
    assert stderr == "interrupted; nothing half-written was left behind\n"
    assert "Traceback" not in stdout
    assert [pid for pid in workers_ if _running(pid)] == []  # stopped before it exited
    deadline = time.monotonic() + 30  # the forkserver and tracker follow their parent out
    while any(_running(pid) for pid in helpers) and time.monotonic() < deadline:
        time.sleep(0.05)
    assert [pid for pid in helpers if _running(pid)] == []
    left = sorted(str(p.relative_to(out)) for p in out.rglob("*") if p.name != ".lock")
    published = ["c0/.inputs.json", "c0/1.1.0", *(f"c0/1.1.0/{n}" for n in _published("c0"))]
    assert left == sorted(["c0", *published, *names[1:]])  # the record: the build completed


def _parent(pid: int) -> int:
    try:
        return int((Path("/proc") / str(pid) / "stat").read_text().rsplit(")", 1)[1].split()[1])
    except (OSError, IndexError, ValueError):
        return -1


def _published(slug: str) -> list[str]:
    names = [f"{slug}-social-media-policy.{tag}.md" for tag in ("es-ES", "en-GB")]
    return sorted(["manifest.json", *names])


STOP_MIDWAY = """
import functools, os, signal, sys
from pathlib import Path
from policy_builder.commands import batch, workers
from policy_builder.pipeline import write

config, out = Path(sys.argv[1]), Path(sys.argv[2])
first = batch.attempt(config, batch.Settings(out, None, ("md",), False))
assert first.state == "written", first
real_write = write._write_file

def stopped_after_one_file(path, data):
    real_write(path, data)
    os.kill(os.getpid(), signal.SIGTERM)  # the parent stopping this worker

write._write_file = stopped_after_one_file
workers._ready()
task = functools.partial(batch.attempt, settings=batch.Settings(out, None, ("md", "html"), False))
workers._work(task, config)
print("not stopped")
"""


def test_a_worker_stopped_while_publishing_removes_its_staging_folder(tmp_path: Path) -> None:
    """SIGTERM (how the parent stops a busy worker) unwinds the build: the staging
    folder goes, the published folder stays as it was, the worker exits."""
    folder, out = tmp_path / "configs", tmp_path / "out"
    configs(folder, ["minimal"])
    process = subprocess.run(
        [sys.executable, "-c", STOP_MIDWAY, str(folder / "minimal.yaml"), str(out)],
        capture_output=True,
        text=True,
        cwd=ROOT,
        check=False,
        timeout=120,
    )
    assert process.returncode == 128 + signal.SIGTERM, process.stdout + process.stderr
    assert process.stdout == "" and process.stderr == ""
    assert sorted(p.name for p in (out / "minimal").iterdir()) == [
        ".inputs.json",
        ".lock",
        "1.1.0",
    ]  # as the first build left them
    assert sorted(p.name for p in (out / "minimal" / "1.1.0").iterdir()) == _published("minimal")


def test_an_idle_worker_stops_at_once() -> None:
    process = subprocess.run(
        [
            sys.executable,
            "-c",
            "import os, signal; from policy_builder.commands import workers; workers._ready(); "
            "os.kill(os.getpid(), signal.SIGINT); print('ignored Ctrl-C'); "
            "os.kill(os.getpid(), signal.SIGTERM); print('not stopped')",
        ],
        capture_output=True,
        text=True,
        cwd=ROOT,
        check=False,
        timeout=60,
    )
    assert process.returncode == 128 + signal.SIGTERM
    assert process.stdout == "ignored Ctrl-C\n" and process.stderr == ""


# ==== progress and summary =============================================================


def test_quiet_prints_only_failures_and_the_summary(tmp_path: Path) -> None:
    folder, out = tmp_path / "configs", tmp_path / "out"
    configs(folder, ["one", "two"])
    configs(folder, ["bad"], CASES / "invalid" / "bad-version.yaml")
    code, stdout, stderr = run(
        "build", str(folder), "--out", str(out), "--format", "md", "--jobs", "2", "--quiet"
    )
    assert code == 1
    assert len(stdout.splitlines()) == 1 and re.fullmatch(SUMMARY, stdout.strip())
    assert stderr.splitlines() == [
        f"{folder / 'bad.yaml'}:12:12: policy.version: '1.2' is not a semantic version (expected e.g. 1.2.0)",
        f"{folder / 'bad.yaml'}: not built (1 problem found)",
        f"failed: {folder / 'bad.yaml'}: 1 problem found",
    ]


def test_json_is_one_document_for_scripts(tmp_path: Path) -> None:
    folder, out = tmp_path / "configs", tmp_path / "out"
    configs(folder, ["one", "two"])
    configs(folder, ["bad"], CASES / "invalid" / "bad-version.yaml")
    assert run("build", str(folder / "two.yaml"), "--out", str(out), "--format", "md")[0] == 0
    code, stdout, stderr = run(
        "build", str(folder), "--out", str(out), "--format", "md", "--jobs", "2", "--json"
    )
    assert code == 1 and stderr == ""
    payload = json.loads(stdout)
    assert set(payload) == {"configs", "totals", "seconds"} and isinstance(
        payload["seconds"], float
    )
    assert payload["totals"] == {"built": 1, "unchanged": 1, "failed": 1}
    bad, one, two = payload["configs"]  # in the order given: bad, one, two
    assert bad == {
        "file": str(folder / "bad.yaml"),
        "slug": "bad",
        "version": None,
        "state": "failed",
        "directory": None,
        "reason": "1 problem found",
        "issues": [
            {
                "file": str(folder / "bad.yaml"),
                "line": 12,
                "column": 12,
                "path": "policy.version",
                "message": "'1.2' is not a semantic version (expected e.g. 1.2.0)",
            }
        ],
    }
    assert one["state"] == "written" and one["slug"] == "one" and one["version"] == "1.1.0"
    assert Path(one["directory"]).resolve() == (out / "one" / "1.1.0").resolve()
    assert sorted(a["path"] for a in one["artifacts"]) == [
        n for n in _published("one") if n != "manifest.json"
    ]
    assert {"lang", "format", "bytes", "sha256"} <= set(one["artifacts"][0])
    assert two["state"] == "unchanged" and two["artifacts"]


def test_on_a_terminal_a_bar_shows_the_configs_in_hand(tmp_path: Path) -> None:
    screen = io.StringIO()
    shown: list[Printout] = []
    a, b, bad = Path("a.yaml"), Path("b.yaml"), Path("bad.yaml")
    built = BuildResult(str(a), "a", "1.0.0", tmp_path / "a" / "1.0.0", (), "unchanged")
    failed = BuildOutcome(bad, "failed", reason="1 problem found")
    with report.progress(shown.append, tmp_path, terminal=screen) as listen:
        listen(BuildEvent("started", 0, 3, a))
        listen(BuildEvent("started", 1, 3, b))
        listen(BuildEvent("finished", 0, 3, a, BuildOutcome(a, "unchanged", built)))
        in_hand = screen.getvalue()
        listen(BuildEvent("started", 2, 3, bad))
        listen(BuildEvent("finished", 2, 3, bad, failed))
        assert shown == []  # a failure's details wait until the bar is gone
    text = screen.getvalue()
    assert "a.yaml: a 1.0.0 is already published in a/1.0.0/ from this content" in text
    assert "bad.yaml: not built (1 problem found)" in text
    assert "b.yaml" in in_hand.rsplit("already published", 1)[1]  # drawn below the line
    assert "1/3" in in_hand and "\x1b[" in text
    assert shown == [report.outcome(failed, tmp_path)]


def test_piped_or_in_ci_each_config_s_lines_come_as_it_finishes(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv("CI", "true")
    monkeypatch.setattr(sys.stdout, "isatty", lambda: True)  # a CI log can look like a terminal
    shown: list[Printout] = []
    a = Path("a.yaml")
    built = BuildOutcome(
        a, "unchanged", BuildResult(str(a), "a", "1.0.0", tmp_path / "a", (), "unchanged")
    )
    with report.progress(shown.append, tmp_path) as listen:
        listen(BuildEvent("started", 0, 1, a))
        assert shown == []
        listen(BuildEvent("finished", 0, 1, a, built))
    assert shown == [report.outcome(built, tmp_path)]


def test_the_summary_counts_each_state_and_says_how_long_it_took(tmp_path: Path) -> None:
    a, b = Path("a.yaml"), Path("b.yaml")
    result = BuildResult(str(a), "a", "1.0.0", tmp_path, (), "written")
    outcomes = (
        BuildOutcome(a, "written", result),
        BuildOutcome(b, "forced", result),
        BuildOutcome(a, "unchanged", result),
        BuildOutcome(b, "failed", reason="refused"),
    )
    closing = report.summary(batch.BuildRun(outcomes, 83.6), tmp_path)
    assert closing.out == "2 built, 1 unchanged, 1 failed in 1 min 24 s\n"
    assert closing.err == "failed: b.yaml: refused\n"
    assert report.duration(0.04) == "0.0 s" and report.duration(59.94) == "59.9 s"


def test_the_commands_never_print(tmp_path: Path, capfd: pytest.CaptureFixture[str]) -> None:
    folder = tmp_path / "configs"
    configs(folder, ["one", "two"])
    build_all([folder], out_dir=tmp_path / "out", formats=["md"], jobs=2)
    captured = capfd.readouterr()
    assert captured.out == "" and captured.err == ""


def test_a_script_building_in_parallel_needs_no_more_than_the_main_guard(tmp_path: Path) -> None:
    """Workers run the main script again: under the guard, they build and nothing else."""
    script = tmp_path / "build_them.py"
    script.write_text(
        "from pathlib import Path\n"
        "import policy_builder\n"
        "if __name__ == '__main__':\n"
        f"    run = policy_builder.build_all([Path({str(CONFIGS)!r})], out_dir=Path('out'), formats=['md'], jobs=2)\n"
        "    print(*(o.state for o in run.outcomes))\n",
        encoding="utf-8",
    )
    process = subprocess.run(
        [sys.executable, str(script)],
        capture_output=True,
        text=True,
        cwd=tmp_path,
        check=False,
        timeout=300,
    )
    assert process.returncode == 0, process.stderr
    assert process.stdout.splitlines()[-1] == " ".join(["written"] * len(EXAMPLES))
    assert process.stderr == ""


def test_a_language_some_configs_lack_fails_those_alone_as_a_usage_error(tmp_path: Path) -> None:
    folder, out = tmp_path / "configs", tmp_path / "out"
    configs(folder, ["minimal"])  # es-ES and en-GB
    configs(folder, ["acme"], CONFIGS / "acme.yaml")  # es-MX and en-US
    args = ["--out", str(out), "--format", "md", "--lang", "en-US", "--jobs", "2"]
    code, stdout, stderr = run("build", str(folder), *args)
    assert code == 2
    assert "built acme 2.0.1" in stdout and (out / "acme").is_dir()
    assert (
        "minimal.yaml: the policy is not published in en-US (its languages: es-ES, en-GB)" in stderr
    )


def test_a_config_the_skip_check_cannot_judge_is_built(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    from policy_builder.errors import PolicyError

    def cannot_tell(path: Path, **kwargs: object) -> None:
        raise PolicyError("manifest unreadable")

    monkeypatch.setattr(batch, "up_to_date", cannot_tell)
    configs(tmp_path / "configs", ["one"])
    run_ = build_all([tmp_path / "configs"], out_dir=tmp_path / "out", formats=["md"])
    assert [o.state for o in run_.outcomes] == ["written"]


@pytest.mark.parametrize(("jobs", "pdf_jobs"), [(1, 1), (2, 2), (None, None)])
def test_jobs_also_bound_the_pdf_processes_of_a_config_built_here(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, jobs: int | None, pdf_jobs: int | None
) -> None:
    """Built in this process (one job, or one config left), a config may lay out its
    languages' PDFs side by side, but never in more processes than --jobs allows."""
    from policy_builder.pipeline import pdf

    asked: list[int | None] = []

    def recorded(
        pages: Any, effective_date: Any, jobs: int | None = None, editions: Any = None
    ) -> list[bytes]:
        asked.append(jobs)
        return [b"%PDF-1.7 page" for _ in pages]

    monkeypatch.setattr(pdf, "html_to_pdfs", recorded)
    folder = tmp_path / "configs"
    configs(folder, ["c0"])
    run = batch.build_all([folder], out_dir=tmp_path / "out", formats=("pdf",), jobs=jobs)
    assert [o.state for o in run.outcomes] == ["written"]
    assert asked == [pdf_jobs]
