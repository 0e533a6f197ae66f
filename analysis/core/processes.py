"""How many processes a run starts, and how they end: never more than the CPUs it may use or
the articles it has to share among them; SIGTERM stops a run as Ctrl-C does; a worker whose
parent is gone ends too, so no process outlives its run."""
from __future__ import annotations

import contextlib
import ctypes
import os
import signal
import sys
import threading
import time
from collections.abc import Callable, Iterator

# Linux's prctl option that has the kernel signal a process when its parent dies.
PR_SET_PDEATHSIG = 1
# How often a worker looks whether its parent is still there, where the kernel cannot tell it.
PARENT_POLL_SECONDS = 1.0


def usable_jobs(requested: int, articles: int) -> int:
    """Processes worth starting: no more than the CPUs this process may use and the
    articles to share among them, and at least one."""
    return max(1, min(requested, usable_cpus(), articles))


def usable_cpus() -> int:
    """The CPUs this process may use."""
    cpus = len(os.sched_getaffinity(0)) if hasattr(os, "sched_getaffinity") else os.cpu_count()
    return cpus or 1


@contextlib.contextmanager
def sigterm_as_interrupt() -> Iterator[Callable[[], bool]]:
    """SIGTERM raises KeyboardInterrupt in the main thread, as Ctrl-C does, so a run stopped
    by ``kill`` cleans up the same way (workers stopped, scratch removed). Only the first
    SIGTERM raises: another while the run stops would cut its cleanup short. Yields a function
    telling whether SIGTERM came (the exit status says which signal stopped the run)."""
    received = threading.Event()

    def terminate(signum, frame):
        if not received.is_set():
            received.set()
            raise KeyboardInterrupt

    if threading.current_thread() is not threading.main_thread():
        yield received.is_set
        return
    previous = signal.signal(signal.SIGTERM, terminate)
    try:
        yield received.is_set
    finally:
        signal.signal(signal.SIGTERM, previous)


@contextlib.contextmanager
def signals_held() -> Iterator[None]:
    """Ctrl-C and SIGTERM held back for the block, then handled as they would have been: for
    a start that must not be cut in the middle, such as a cluster's, whose half-started
    workers nothing could stop."""
    held: list[int] = []
    previous = {number: signal.getsignal(number) for number in (signal.SIGINT, signal.SIGTERM)}
    previous = {number: handler for number, handler in previous.items() if callable(handler)}
    if threading.current_thread() is not threading.main_thread():
        previous = {}
    for number in previous:
        signal.signal(number, lambda signum, frame: held.append(signum))
    try:
        yield
    finally:
        for number, handler in previous.items():
            signal.signal(number, handler)
        for number in held[:1]:
            previous[number](number, None)


def exit_with_parent(parent: int) -> None:
    """End this worker process when ``parent`` (the run that started it) ends, however it
    ends: SIGKILL leaves no chance to stop workers, which would otherwise live on with the
    model loaded. On Linux the kernel kills it at once (``PR_SET_PDEATHSIG``); everywhere, a
    thread also polls the parent's pid, as the kernel's signal follows the thread that started
    the process rather than the process itself."""
    if sys.platform.startswith("linux"):
        with contextlib.suppress(OSError, AttributeError):
            ctypes.CDLL(None, use_errno=True).prctl(PR_SET_PDEATHSIG, signal.SIGKILL)

    def watch() -> None:
        while os.getppid() == parent:
            time.sleep(PARENT_POLL_SECONDS)
        os._exit(1)

    if os.getppid() != parent:  # gone before the kernel was told
        os._exit(1)
    threading.Thread(target=watch, name="exit-with-parent", daemon=True).start()
