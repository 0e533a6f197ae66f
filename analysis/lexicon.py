"""Lexicons are data: CSV files inside the package that a teacher can read and extend.

Each row is ``cue,kind,category,note,source``. A user's own file with the same columns can be
passed instead of the bundled one.
"""
from __future__ import annotations

import csv
from dataclasses import dataclass
from functools import lru_cache
from importlib import resources
from pathlib import Path

COLUMNS = ("cue", "kind", "category", "note", "source")


@dataclass(frozen=True)
class Entry:
    cue: str
    kind: str
    category: str
    note: str = ""
    source: str = ""

    @property
    def words(self) -> tuple[str, ...]:
        return tuple(self.cue.split())


def bundled(filename: str) -> Path:
    """A file in the package's ``lexicons/`` folder."""
    return Path(str(resources.files("analysis") / "lexicons" / filename))


@lru_cache(maxsize=8)
def load_lexicon(name: str, path: str | None = None) -> tuple[Entry, ...]:
    """The rows of ``lexicons/<name>.csv`` (or of ``path``), validated against the header."""
    source = Path(path) if path else bundled(f"{name}.csv")
    with source.open(encoding="utf-8", newline="") as handle:
        reader = csv.DictReader(handle)
        if tuple(reader.fieldnames or ()) != COLUMNS:
            raise ValueError(f"{source}: the header must be {','.join(COLUMNS)}")
        return tuple(
            Entry(**{k: (row[k] or "").strip() for k in COLUMNS})
            for row in reader
            if (row.get("cue") or "").strip() and not row["cue"].lstrip().startswith("#")
        )


def by_cue(entries: tuple[Entry, ...], kinds: tuple[str, ...] | None = None) -> dict[str, Entry]:
    """Index single- and multi-word cues by their lowercase text (first row wins)."""
    index: dict[str, Entry] = {}
    for entry in entries:
        if kinds is None or entry.kind in kinds:
            index.setdefault(entry.cue.lower(), entry)
    return index
