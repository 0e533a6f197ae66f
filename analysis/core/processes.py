"""How many processes a run starts: never more than the CPUs it may use or the articles it has
to share among them."""
from __future__ import annotations

import os


def usable_jobs(requested: int, articles: int) -> int:
    """Processes worth starting: no more than the CPUs this process may use and the
    articles to share among them, and at least one."""
    return max(1, min(requested, usable_cpus(), articles))


def usable_cpus() -> int:
    """The CPUs this process may use."""
    cpus = len(os.sched_getaffinity(0)) if hasattr(os, "sched_getaffinity") else os.cpu_count()
    return cpus or 1
