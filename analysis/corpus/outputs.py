"""The output folder of a command that reads articles (``extract``, ``report``), kept apart
from what it reads.

An output folder that holds the articles (a file, a folder or a corpus table among them) lets
the command write over or delete them (``extract`` removes old part files, ``report``
replaces its pages); one inside a folder of the articles is read back as articles by the next
run (``report`` writes ``.html`` pages, ``extract`` a parse cache and tables).
"""
from __future__ import annotations

import os
from collections.abc import Iterable
from pathlib import Path

from ..core.errors import AnalysisError, printable


def check_out(out: Path, inputs: Iterable[Path], folders: Iterable[Path] = ()) -> None:
    """Refuse ``out`` when it is a file, when it is or holds one of ``inputs`` (article files,
    a corpus table, folders of articles), or when it lies inside one of ``folders`` (the
    folders of articles given)."""
    if out.exists() and not out.is_dir():
        raise AnalysisError(f"--out {printable(str(out))}: is a file, not a folder")
    resolved = _resolved(out)
    folders = list(folders)
    for path in [*inputs, *folders]:
        where = _resolved(path)
        if resolved == where or resolved in where.parents:
            raise AnalysisError(f"--out {printable(str(out))}: holds the articles it reads "
                                f"({printable(str(path))}); choose a folder outside them")
    for folder in folders:
        if _resolved(folder) in resolved.parents:
            raise AnalysisError(f"--out {printable(str(out))}: lies inside a folder of the "
                                f"articles ({printable(str(folder))}), where the next run "
                                "would read it as articles; choose a folder outside it")


def _resolved(path: Path) -> Path:
    """The path with its links followed, as far as they go: a loop of links among the articles
    is an article to report, where ``Path.resolve`` raises."""
    return Path(os.path.realpath(path))
