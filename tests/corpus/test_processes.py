"""No process outlives an `extract` run and none is started beyond the machine: worker
processes (a pool's, a local Dask cluster's) are no more than the CPUs and the articles even
when far more are asked for; SIGTERM stops the run as Ctrl-C does, with one line and exit
status 143, its workers stopped; workers of a killed run end by themselves. Real runs, real
signals; processes are found through /proc."""
import shutil
import signal

import pytest

from analysis.core.processes import usable_jobs
from tests.conftest import ROOT
from tests.processes import HAS_PROC, Run, alive, wait_for

pytestmark = pytest.mark.skipif(not HAS_PROC, reason="processes are found through /proc")

ARTICLES = 8
ASKED = 1000
# multiprocessing's pool workers and the Dask cluster's worker processes are both started so
WORKER = "multiprocessing.spawn"
RESUME = "interrupted: the parts written are kept; run the same command again to go on"
RUNNERS = pytest.mark.parametrize("options", [[], ["--scheduler", "local"]],
                                  ids=["process-pool", "dask-local-cluster"])


@pytest.fixture(scope="module")
def corpus(tmp_path_factory):
    """The bundled articles twice: one part each, enough work to be stopped in the middle."""
    folder = tmp_path_factory.mktemp("corpus")
    for copy in range(ARTICLES // 4):
        for path in sorted((ROOT / "data").iterdir()):
            shutil.copy(path, folder / f"{copy}-{path.name}")
    return folder


def started(corpus, tmp_path, options) -> tuple[Run, list[int]]:
    """An extraction asked for a thousand processes, once its workers have started: the run,
    and every process it started then (its workers, multiprocessing's resource tracker)."""
    run = Run(["extract", corpus, "--out", tmp_path / "tables",
               "--jobs", ASKED, "--part-size", 1, "--no-cache", *options],
              tmp_path / "stderr.txt")
    expected = usable_jobs(ASKED, ARTICLES)
    try:
        workers = wait_for(lambda: len(run.children(WORKER)) >= expected and
                           run.children(WORKER), 60, f"{expected} workers; stderr: {run.err()}")
        assert len(workers) == expected, "more workers than the CPUs or the articles"
        return run, run.children("")
    except BaseException:
        run.end(run.children(""))
        raise


def ended(pids: list[int]) -> bool:
    return not [pid for pid in pids if alive(pid)]


@RUNNERS
def test_sigterm_stops_the_run_and_its_workers_with_one_line(corpus, tmp_path, options):
    run, processes = started(corpus, tmp_path, options)
    try:
        assert run.signal(signal.SIGTERM) == 143
        wait_for(lambda: ended(processes), 10, "the run's processes have ended")
        lines = [line for line in run.err().splitlines() if line.strip()]
        assert lines[-1].split("\r")[-1] == RESUME
        assert run.err().count("interrupted") == 1
        assert "Traceback" not in run.err() and "Warning" not in run.err()
    finally:
        run.end(processes)


@RUNNERS
def test_workers_of_a_killed_run_end_by_themselves(corpus, tmp_path, options):
    run, processes = started(corpus, tmp_path, options)
    try:
        assert run.signal(signal.SIGKILL) == -signal.SIGKILL
        wait_for(lambda: ended(processes), 10, "the killed run's processes have ended")
    finally:
        run.end(processes)
