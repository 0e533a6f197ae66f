"""Extraction on Dask: the batches of ``extract`` as the partitions of a ``dask.bag``, run on
a ``dask.distributed`` cluster, the model loaded once per worker process.

``--scheduler local`` starts a ``LocalCluster`` on this machine when the first batches are
ready: N worker processes (one thread each: spaCy holds the GIL), never more than the CPUs or
the batches of the first window, which are at most the articles; its workers end with the
run, however it ends (dask's worker processes watch their parent). Any other value is a
running scheduler's address, such as ``tcp://10.0.0.5:8786``, whose workers are what they
are. The main process still reads the corpus and writes every table, so workers need no
access to its files: they receive the articles' text and return rows. Each worker needs this
package and the spaCy model installed (the README says how); a parse cache given with
``--cache`` must be a folder every worker can write to.
"""
from __future__ import annotations

import logging
from collections import deque
from collections.abc import Callable, Iterable, Iterator
from itertools import chain, islice

import dask.bag as db
from dask.distributed import Client, LocalCluster

from ..core.errors import AnalysisError, printable
from ..core.processes import signals_held, usable_cpus
from .batches import Rows, Settings, Work, analyse_batch

LOCAL = "local"
# Parts of the bag sent at once, per worker: enough to keep every worker busy while the main
# process writes a part, few enough that memory stays flat.
IN_FLIGHT_PER_WORKER = 2


def analyse_partition(batches: list[list[Work]], settings: Settings) -> list[Rows]:
    """A bag partition holds batches; each becomes the rows ``analyse_batch`` makes."""
    return [analyse_batch(batch, settings) for batch in batches]


def windows(batches: Iterable[list[Work]], size: int) -> Iterator[list[list[Work]]]:
    """The batches in groups of ``size``: one bag of ``size`` partitions, one batch each."""
    window: list[list[Work]] = []
    for batch in batches:
        window.append(batch)
        if len(window) == size:
            yield window
            window = []
    if window:
        yield window


class DaskRunner:
    """Runs the batches on a Dask cluster, results in order, a bounded number in flight."""

    def __init__(self, settings: Settings, scheduler: str, workers: int = 1):
        self.settings = settings
        self.scheduler = scheduler
        self.requested = workers
        self.cluster = self.client = None
        if scheduler != LOCAL:
            self.connect(lambda: Client(scheduler, timeout="20s"))

    def connect(self, make_client: Callable[[], Client]) -> None:
        """The client (and, for a local cluster, the cluster it makes); one line if it fails."""
        try:
            self.client = make_client()
        except (OSError, TimeoutError, ValueError) as error:
            self.close()
            raise AnalysisError(f"--scheduler {printable(self.scheduler)}: cannot connect "
                                f"({printable(str(error).splitlines()[0][:200])})") from None
        known = len(self.client.scheduler_info().get("workers", {}))
        self.workers = max(1, known or self.requested)

    def start_local(self, workers: int) -> None:
        """A local cluster of ``workers`` processes, started whole before Ctrl-C or SIGTERM
        can stop the run (``close`` cannot stop a half-started one). CRITICAL, not ERROR: at
        shutdown a worker's heartbeat may reach a scheduler already closing, which the worker
        logs as an error with a traceback (a known race of dask.distributed); a task's own
        error reaches the client's result."""
        def make_client() -> Client:
            self.cluster = LocalCluster(n_workers=workers, threads_per_worker=1,
                                        processes=True, dashboard_address=None,
                                        silence_logs=logging.CRITICAL)
            return Client(self.cluster)

        with signals_held():
            self.connect(make_client)

    def run(self, batches: Iterable[list[Work]]) -> Iterator[Rows]:
        batches = iter(batches)
        if self.client is None:
            # A local cluster is started for the work there is: a worker per batch of the
            # first window (a batch holds an article or more), no more than asked or than the
            # CPUs, so at most usable_jobs(asked, articles); none when there is nothing to do.
            first = list(islice(batches, max(1, min(self.requested, usable_cpus()))))
            if not first:
                return
            self.start_local(len(first))
            batches = chain(first, batches)
        pending: deque = deque()
        for window in windows(batches, self.workers):
            bag = db.from_sequence(window, npartitions=len(window)).map_partitions(
                analyse_partition, self.settings)
            pending.extend(self.client.compute(bag.to_delayed()))
            while len(pending) >= IN_FLIGHT_PER_WORKER * self.workers:
                yield from pending.popleft().result()
        while pending:
            yield from pending.popleft().result()

    def close(self) -> None:
        client, self.client = self.client, None
        if client is not None:
            client.close()
        if self.cluster is not None:
            self.cluster.close()
            self.cluster = None
