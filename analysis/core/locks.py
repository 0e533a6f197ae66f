"""Folders one run owns at a time: an exclusive advisory lock (POSIX ``flock``) on a file in
the folder, held for as long as the run lasts.

The kernel drops the lock when its process ends, however it ends (SIGKILL included), so a
lock never outlives its run and never needs a timeout: a folder whose lock can be taken has no
live owner, and whatever scratch files it holds are a dead run's, safe to remove.
"""
from __future__ import annotations

import contextlib
import fcntl
import os
from collections.abc import Iterator
from pathlib import Path

from .errors import AnalysisError, printable

LOCK_FILE = ".lock"


class FolderBusy(AnalysisError):
    """Another live run holds the folder."""


def try_lock(folder: Path) -> int | None:
    """The open lock file of ``folder``, locked for this process, or None when another
    process holds it. OSError when the folder cannot hold a lock file (read-only, missing)."""
    descriptor = os.open(folder / LOCK_FILE, os.O_RDWR | os.O_CREAT | os.O_CLOEXEC, 0o666)
    try:
        fcntl.flock(descriptor, fcntl.LOCK_EX | fcntl.LOCK_NB)
    except BlockingIOError:
        os.close(descriptor)
        return None
    except BaseException:
        os.close(descriptor)
        raise
    return descriptor


def release(descriptor: int) -> None:
    os.close(descriptor)  # closing the last descriptor drops the lock


@contextlib.contextmanager
def owned(folder: Path, what: str) -> Iterator[None]:
    """Hold ``folder`` for the block; FolderBusy with one line when another run holds it,
    AnalysisError when the folder cannot be locked (it cannot be written either)."""
    try:
        descriptor = try_lock(folder)
    except OSError as error:
        raise AnalysisError(f"{what} {printable(str(folder))}: cannot be written "
                            f"({error.strerror or error})") from None
    if descriptor is None:
        raise FolderBusy(f"{what} {printable(str(folder))}: another run is writing into this "
                         "folder; wait for it to end, or choose another folder")
    try:
        yield
    finally:
        release(descriptor)


def is_abandoned(folder: Path) -> bool:
    """Whether ``folder`` (a run's scratch folder with its own lock file) has no live owner.
    A folder with no lock file yet is not abandoned: its run may be about to take it."""
    try:
        descriptor = try_lock(folder) if (folder / LOCK_FILE).exists() else None
    except OSError:
        return False
    if descriptor is None:
        return False
    release(descriptor)
    return True
