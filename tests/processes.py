"""A run started as a user starts it, and the processes it started, found through /proc:
which are alive, what they run."""
from __future__ import annotations

import os
import signal
import subprocess
import sys
import time
from pathlib import Path

from tests.conftest import ROOT

HAS_PROC = Path("/proc/self/stat").exists()


def parents() -> dict[int, int]:
    """Every process's parent."""
    found = {}
    for entry in os.listdir("/proc"):
        if entry.isdigit():
            try:
                stat = Path(f"/proc/{entry}/stat").read_text()
            except OSError:
                continue
            found[int(entry)] = int(stat.rsplit(")", 1)[1].split()[1])
    return found


def descendants(pid: int) -> list[int]:
    """The processes ``pid`` started, and theirs."""
    of = parents()
    found, todo = [], [pid]
    while todo:
        parent = todo.pop()
        children = [child for child, p in of.items() if p == parent]
        found += children
        todo += children
    return found


def alive(pid: int) -> bool:
    """Running (a zombie has ended: only its exit status is left to collect)."""
    try:
        return Path(f"/proc/{pid}/stat").read_text().rsplit(")", 1)[1].split()[0] != "Z"
    except OSError:
        return False


def command_line(pid: int) -> str:
    try:
        return Path(f"/proc/{pid}/cmdline").read_bytes().replace(b"\0", b" ").decode()
    except OSError:
        return ""


def wait_for(condition, timeout: float, what: str):
    """``condition()``'s first true value, polled until ``timeout`` seconds have passed."""
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        value = condition()
        if value:
            return value
        time.sleep(0.05)
    raise AssertionError(f"after {timeout} s: {what}")


class Run:
    """``python -m analysis ARGUMENTS`` in a subprocess, its stderr kept in a file."""

    def __init__(self, arguments: list, stderr: Path):
        self.stderr = stderr
        with stderr.open("wb") as sink:
            self.process = subprocess.Popen(
                [sys.executable, "-m", "analysis", *map(str, arguments)], cwd=ROOT,
                stdout=subprocess.DEVNULL, stderr=sink)

    def children(self, marker: str) -> list[int]:
        """The descendants whose command line holds ``marker``."""
        return [p for p in descendants(self.process.pid) if marker in command_line(p)]

    def signal(self, number: int) -> int:
        """Send ``number``; the exit status, once the run has ended."""
        self.process.send_signal(number)
        return self.process.wait(timeout=60)

    def err(self) -> str:
        return self.stderr.read_text(encoding="utf-8", errors="replace")

    def end(self, started: list[int]) -> None:
        """Kill what is left of the run and of the processes it ``started`` (once the run
        has ended they are no longer its descendants): a failed test leaves none behind."""
        for pid in {self.process.pid, *descendants(self.process.pid), *started}:
            if alive(pid):
                os.kill(pid, signal.SIGKILL)
        self.process.wait()
