"""Where batches of articles are analysed: in this process, in a pool of worker processes, or
on a Dask cluster (``cluster``). Every runner runs the one worker function,
``batches.analyse_batch``, and returns its rows in the batches' order; the command line, the
notebooks and ``extract`` all go through here.
"""
from __future__ import annotations

import math
import multiprocessing
import os
import signal
from collections import deque
from collections.abc import Iterable, Iterator
from concurrent.futures import Future, ProcessPoolExecutor

from ..core.errors import AnalysisError
from ..core.processes import exit_with_parent, usable_jobs
from ..pipeline.model import load_nlp
from ..text.articles import Article
from .batches import Rows, Settings, Work, analyse_batch, batches_of, failure_line


class InProcess:
    """Batches analysed here, one after the other."""

    def __init__(self, settings: Settings):
        self.settings = settings

    def run(self, batches: Iterable[list[Work]]) -> Iterator[Rows]:
        for batch in batches:
            yield analyse_batch(batch, self.settings)

    def close(self) -> None:
        pass


def _worker_start(model: str | None, parent: int) -> None:
    """A pool worker: Ctrl-C and SIGTERM are the main process's to handle (a terminal or a
    service manager may send them to every process of the run), it ends with the main
    process however that ends, and it loads the model once."""
    signal.signal(signal.SIGINT, signal.SIG_IGN)
    signal.signal(signal.SIGTERM, signal.SIG_IGN)
    exit_with_parent(parent)
    load_nlp(model)


class ProcessPool:
    """Batches analysed by ``processes`` worker processes, each loading the model once;
    results come back in order, with a bounded number of batches in flight so that memory
    does not grow with the corpus."""

    def __init__(self, settings: Settings, processes: int):
        self.settings = settings
        self.in_flight = 2 * processes
        self.pool = ProcessPoolExecutor(
            max_workers=processes, mp_context=multiprocessing.get_context("spawn"),
            initializer=_worker_start, initargs=(settings.model, os.getpid()))

    def run(self, batches: Iterable[list[Work]]) -> Iterator[Rows]:
        pending: deque[Future] = deque()
        for batch in batches:
            pending.append(self.pool.submit(analyse_batch, batch, self.settings))
            if len(pending) >= self.in_flight:
                yield pending.popleft().result()
        while pending:
            yield pending.popleft().result()

    def close(self) -> None:
        """Stop at once: queued batches are cancelled and the workers killed (they ignore
        SIGTERM) and waited for, so none is left when the run returns."""
        processes = list((getattr(self.pool, "_processes", None) or {}).values())
        self.pool.shutdown(wait=False, cancel_futures=True)
        for process in processes:
            if process.is_alive():
                process.kill()
        for process in processes:
            process.join()


def make_runner(settings: Settings, jobs: int, scheduler: str | None = None):
    """The runner for ``jobs`` processes: on the Dask ``scheduler`` when one is given, else a
    pool when more than one process, else this process."""
    if scheduler:
        from .cluster import DaskRunner  # Dask starts slowly: only when asked

        return DaskRunner(settings, scheduler, jobs)
    if jobs > 1:
        return ProcessPool(settings, jobs)
    return InProcess(settings)


def analyse_works(works: list[Work], settings: Settings, jobs: int = 1) -> Rows:
    """Every table's rows of the articles read, in their order (an article the pipeline fails
    on is a row of ``errors``), from at most ``jobs`` processes on this machine, each with a
    share of the batches."""
    jobs = usable_jobs(jobs, len(works))
    size = min(settings.batch_size, math.ceil(len(works) / jobs)) if works else 1
    runner = make_runner(settings, jobs)
    rows = Rows()
    try:
        for batch_rows in runner.run(batches_of(works, size)):
            rows.add(batch_rows)
    finally:
        runner.close()
    return rows


def analyse_one(article: Article, model: str | None = None) -> Rows:
    """One article's rows, made in this process by the worker function every entry point
    runs; AnalysisError with one line if the pipeline fails on it."""
    rows = analyse_works([Work(0, article)], Settings(model=model))
    if rows.tables["errors"]:
        raise AnalysisError(failure_line(rows.tables["errors"][0]))
    return rows
