"""Atomic writes: a file is either its previous version or its complete new one, never a
truncated mix (a full disk, Ctrl-C or a crash mid-write leaves the old file as it was).

Each write goes to a temporary file in the target's own folder (so the final ``os.replace``
stays on one file system and is atomic), is flushed to disk, then replaces the target.
"""
from __future__ import annotations

import contextlib
import os
import stat
import tempfile
import time
from collections.abc import Iterator
from pathlib import Path


@contextlib.contextmanager
def atomic_path(target: str | Path) -> Iterator[Path]:
    """A temporary path beside ``target`` to write to; it replaces ``target`` only when the
    block ends without an exception, and is removed otherwise."""
    target = Path(target)
    target.parent.mkdir(parents=True, exist_ok=True)
    handle, name = tempfile.mkstemp(prefix=f".{target.name}.", suffix=".tmp", dir=target.parent)
    os.close(handle)
    temporary = Path(name)
    temporary.chmod(0o666 & ~_umask())  # mkstemp makes it private; give it a new file's mode
    try:
        yield temporary
        with temporary.open("rb+") as written:
            os.fsync(written.fileno())
        os.replace(temporary, target)
    finally:
        temporary.unlink(missing_ok=True)


def temporaries(folder: Path, within: str = "", older_than: float = 0) -> list[Path]:
    """The temporary files ``atomic_path`` left in ``folder`` (or its subfolders matching
    ``within``) when its process was killed mid-write, last modified ``older_than`` seconds
    ago or more (only the caller knows whether a live process may still be writing them)."""
    now = time.time()
    found = []
    try:
        for path in folder.glob(f"{within}.*.tmp"):
            with contextlib.suppress(OSError):
                status = path.stat()
                if stat.S_ISREG(status.st_mode) and now - status.st_mtime >= older_than:
                    found.append(path)
    except OSError:
        pass
    return found


def _umask() -> int:
    mask = os.umask(0)
    os.umask(mask)
    return mask


def write_bytes(target: str | Path, data: bytes) -> Path:
    """Write ``data`` to ``target`` atomically."""
    with atomic_path(target) as temporary:
        temporary.write_bytes(data)
    return Path(target)


def write_text(target: str | Path, text: str, encoding: str = "utf-8") -> Path:
    """Write ``text`` to ``target`` atomically."""
    return write_bytes(target, text.encode(encoding))
