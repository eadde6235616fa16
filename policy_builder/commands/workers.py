"""The worker processes of a parallel ``policy build`` (``batch.build_all``): each
task (one config) runs in a worker and its result comes back here.

Workers come from a *forkserver*: one clean process, started once per build,
imports the pipeline and the renderer, and every worker is forked from it with
those modules already loaded; each then keeps its own caches (compiled validator,
Jinja environments, fonts) for all the configs it builds. Plain ``fork`` of this
process would copy whatever threads it runs (the progress display has one, and
Python 3.12 warns of the deadlocks that invites); ``spawn`` would import everything
again in every worker.

At most one config per worker is in flight, so "started" means a worker has it.

Ctrl-C reaches this process as ``KeyboardInterrupt`` (the workers ignore SIGINT,
so a terminal's Ctrl-C, which signals the whole process group, is handled once,
here): configs not yet sent are dropped and every worker gets SIGTERM. A worker in
the middle of a build unwinds (``_Stopped``), which removes its staging folder and
releases its lock, then exits; an idle one exits at once. Any worker still alive a
second later is killed.

A worker that dies (killed, out of memory) breaks its pool. The configs it and
the others had in hand are built again in a new pool, one at a time, so only the
one that kills its worker a second time is reported (``finished`` with None).
"""

from __future__ import annotations

import multiprocessing
import os
import signal
from collections import deque
from collections.abc import Callable, Iterator, Sequence
from concurrent.futures import FIRST_COMPLETED, Future, ProcessPoolExecutor, wait
from concurrent.futures.process import BrokenProcessPool
from contextlib import contextmanager
from dataclasses import dataclass
from pathlib import Path
from types import FrameType
from typing import TypeVar

T = TypeVar("T")
GRACE_SECONDS = 1.0  # how long a stopped worker may take to clean up before it is killed


@dataclass(frozen=True)
class _Task:
    index: int
    path: Path
    suspect: bool = False  # in hand when a pool broke: run alone


def run_in_pool(
    todo: Sequence[tuple[int, Path]],
    task: Callable[[Path], T],
    *,
    jobs: int,
    preload: Sequence[str],
    started: Callable[[int], None],
    finished: Callable[[int, T | None], None],
) -> None:
    """Run ``task`` on each config of ``todo`` (with its index) in ``jobs`` workers.

    ``task`` must pickle (a module-level function, or a partial of one); the
    forkserver imports ``preload`` once. ``finished`` gets None for a config whose
    worker died twice.
    """
    waiting: deque[_Task] = deque(_Task(index, path) for index, path in todo)
    while waiting:
        with _pool(min(jobs, len(waiting)), preload) as executor:
            _drain(executor, task, waiting, jobs, started, finished)


def _drain(
    executor: ProcessPoolExecutor,
    task: Callable[[Path], T],
    waiting: deque[_Task],
    jobs: int,
    started: Callable[[int], None],
    finished: Callable[[int, T | None], None],
) -> None:
    """Keep every worker busy until ``waiting`` is empty or the pool breaks."""
    running: dict[Future[T], _Task] = {}
    broken = False
    while running or (waiting and not broken):
        while not broken and _room(running, waiting, jobs):
            item = waiting.popleft()
            running[executor.submit(_work, task, item.path)] = item
            started(item.index)
        done, _ = wait(running, return_when=FIRST_COMPLETED)
        again = []
        for future in sorted(done, key=lambda f: running[f].index):
            item = running.pop(future)
            try:
                result = future.result()
            except BrokenProcessPool:
                broken = True
                if item.suspect:  # it ran alone: it broke the pool
                    finished(item.index, None)
                else:
                    again.append(_Task(item.index, item.path, suspect=True))
                continue
            finished(item.index, result)
        waiting.extendleft(reversed(again))


def _room(running: dict[Future[T], _Task], waiting: deque[_Task], jobs: int) -> bool:
    """Whether the next waiting config may be sent now: a suspect runs alone."""
    if not waiting or any(item.suspect for item in running.values()):
        return False
    return not running if waiting[0].suspect else len(running) < jobs


@contextmanager
def _pool(jobs: int, preload: Sequence[str]) -> Iterator[ProcessPoolExecutor]:
    """Worker processes for the block; on any interruption, stopped within a second."""
    context = multiprocessing.get_context("forkserver")
    context.set_forkserver_preload(list(preload))
    executor = ProcessPoolExecutor(jobs, mp_context=context, initializer=_ready)
    try:
        yield executor
    except BaseException:
        _stop(executor)
        raise
    executor.shutdown(wait=True)


def _stop(executor: ProcessPoolExecutor) -> None:
    """Drop what was not sent, stop every worker, kill those that do not stop in time."""
    # Python 3.14 has executor.terminate_workers(); before it the processes are only
    # reachable here.
    processes = list((getattr(executor, "_processes", None) or {}).values())
    executor.shutdown(wait=False, cancel_futures=True)
    for process in processes:
        if process.is_alive():
            process.terminate()
    for process in processes:
        process.join(GRACE_SECONDS)
    for process in processes:
        if process.is_alive():
            process.kill()
            process.join()
    # Let the pool's manager thread notice and close its wake-up pipe now: otherwise, at
    # exit, concurrent.futures may write to the pipe while that thread closes it (a race
    # in Python before 3.12) and print "Exception ignored … Bad file descriptor".
    manager = getattr(executor, "_executor_manager_thread", None)
    if manager is not None:
        manager.join(GRACE_SECONDS)


# ---- in the worker ----------------------------------------------------------------

_busy = False  # a task is under way: stopping must unwind it, not cut it short


class _Stopped(BaseException):
    """Raised inside a worker's task when the parent stops it."""


def _ready() -> None:
    """Each worker's start: Ctrl-C is the parent's to handle; SIGTERM stops it cleanly."""
    signal.signal(signal.SIGINT, signal.SIG_IGN)
    signal.signal(signal.SIGTERM, _on_term)


def _on_term(signum: int, frame: FrameType | None) -> None:
    if _busy:
        raise _Stopped  # the task's cleanup (publish's staging folder) runs as it unwinds
    os._exit(128 + signum)


def _work(task: Callable[[Path], T], path: Path) -> T:
    """One task, in a worker."""
    global _busy
    _busy = True
    try:
        return task(path)
    except _Stopped:
        os._exit(128 + signal.SIGTERM)
    finally:
        _busy = False
