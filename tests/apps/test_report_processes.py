"""No process outlives a `report` run and none is started beyond the machine: notebooks run on
no more kernels than the CPUs and the articles; SIGTERM stops the run as Ctrl-C does, with one
line and exit status 143, its kernels stopped and its scratch folder removed; the kernels of a
killed run end by themselves, and its scratch folder, whose lock died with it, is removed by
the next run, never a live run's. Real runs, real signals; processes are found through /proc."""
import os
import shutil
import signal
import threading
import time

import pytest

from analysis.apps import report
from analysis.core import locks, processes
from tests.conftest import ROOT
from tests.processes import HAS_PROC, Run, alive, wait_for

KERNEL = "ipykernel_launcher"


@pytest.mark.parametrize(("items", "kernels"), [(10, 3), (2, 2)])
def test_notebooks_run_on_no_more_kernels_than_cpus_and_articles(monkeypatch, items, kernels):
    """Each thread of ``in_parallel`` runs its notebooks on a kernel of its own; a thousand
    asked for on three CPUs."""
    monkeypatch.setattr(processes, "usable_cpus", lambda: 3)
    threads: set[int] = set()
    running, most = [0], [0]
    lock = threading.Lock()

    def notebook(item):
        with lock:
            threads.add(threading.get_ident())
            running[0] += 1
            most[0] = max(most[0], running[0])
        time.sleep(0.05)
        with lock:
            running[0] -= 1

    report.in_parallel(notebook, list(range(items)), 1000)
    assert len(threads) == most[0] == kernels


def scratch_folders(out):
    return sorted(p for p in out.iterdir() if p.name.startswith(report.SCRATCH_PREFIX))


@pytest.fixture
def articles(tmp_path):
    folder = tmp_path / "articles"
    folder.mkdir()
    for name in ("city-council-budget.txt", "port-strike.html", "vaccine-trial.md"):
        shutil.copy(ROOT / "data" / name, folder / name)
    return folder


def started(articles, tmp_path) -> tuple[Run, list[int]]:
    """A report run once its notebooks run on two kernels: the run and its kernels."""
    out = tmp_path / "reports"
    run = Run(["report", articles, "--out", out, "--jobs", 2], tmp_path / "stderr.txt")
    try:
        kernels = wait_for(lambda: len(run.children(KERNEL)) == 2 and run.children(KERNEL),
                           60, f"two kernels; stderr: {run.err()}")
    except BaseException:
        run.end([])
        raise
    return run, kernels


@pytest.mark.skipif(not HAS_PROC, reason="processes are found through /proc")
def test_sigterm_stops_the_run_and_its_kernels_with_one_line(articles, tmp_path):
    run, kernels = started(articles, tmp_path)
    try:
        assert run.signal(signal.SIGTERM) == 143
        wait_for(lambda: not [k for k in kernels if alive(k)], 10, "the kernels have ended")
        lines = [line.split("\r")[-1] for line in run.err().splitlines() if line.strip()]
        assert lines[-1] == "interrupted" and run.err().count("interrupted") == 1
        assert "Traceback" not in run.err() and "Kernel died" not in run.err()
        assert scratch_folders(tmp_path / "reports") == []
    finally:
        run.end(kernels)


@pytest.mark.skipif(not HAS_PROC, reason="processes are found through /proc")
def test_a_killed_runs_kernels_end_and_its_scratch_is_removed_by_the_next_run(articles,
                                                                              tmp_path):
    run, kernels = started(articles, tmp_path)
    try:
        assert run.signal(signal.SIGKILL) == -signal.SIGKILL
        # ipykernel polls its parent and ends when it is gone
        wait_for(lambda: not [k for k in kernels if alive(k)], 10, "the kernels have ended")
    finally:
        run.end(kernels)
    out = tmp_path / "reports"
    [dead] = scratch_folders(out)
    live = out / f"{report.SCRATCH_PREFIX}live"  # a concurrent run's, held by its lock
    live.mkdir()
    held = locks.try_lock(live)
    unlocked = out / f"{report.SCRATCH_PREFIX}new"  # a run's that has not locked it yet
    unlocked.mkdir()
    try:
        following = report.Run(out, [], None)
        try:
            assert scratch_folders(out) == sorted([following.scratch, live, unlocked])
        finally:
            following.close()
        assert scratch_folders(out) == [live, unlocked]
        assert not dead.exists()
    finally:
        locks.release(held)
    assert os.listdir(live) == [locks.LOCK_FILE]
