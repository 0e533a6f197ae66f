"""A corpus to extract, read one article at a time: a folder or a glob of article files, one
article file, or a table exported from a news archive or API (CSV, JSONL or Parquet) with a
``text`` column and optional ``id``, ``title``, ``date``, ``outlet`` and ``url`` columns.

Nothing is read before it is needed: ``entries()`` yields each article's position, its id and
a function that reads it, so a resumed run skips what is done without reading it, and a
50,000-row export never sits in memory. Ids are unique and stable from run to run: a file's
stem (with its suffix added when another file shares the stem), a row's ``id`` (a repeated id
gets ``-2``, ``-3``...) or ``<table stem>-<row number>``.
"""
from __future__ import annotations

import csv
import glob
import json
import os
from collections import Counter
from collections.abc import Callable, Iterator
from dataclasses import dataclass
from pathlib import Path

from ..core.errors import AnalysisError, ArticleError, printable
from ..text.articles import (
    SUFFIXES,
    Article,
    article_from_string,
    collect_paths,
    max_bytes,
    parse_date,
    read_article,
)

TABLE_FORMATS = {".csv": "csv", ".jsonl": "jsonl", ".ndjson": "jsonl", ".parquet": "parquet",
                 ".pq": "parquet"}
TEXT_COLUMN = "text"
METADATA_COLUMNS = ("id", "title", "date", "outlet", "url")
PARQUET_BATCH_ROWS = 64


@dataclass(frozen=True)
class Entry:
    """One article of a corpus, not yet read: ``read()`` returns the Article (with what a
    table gave beside the text in its ``columns``) or raises AnalysisError with a one-line
    reason."""

    position: int
    id: str
    source: str
    read: Callable[[], Article]


def article_ids(articles: list[Path]) -> dict[Path, str]:
    """The id of each article file in the tables: its stem, as the command line's tables give
    it; when files share a stem, the stem and the suffix ("story-txt", "story-html"), then a
    number ("story-txt-2" for a second folder's story.txt)."""
    shared = Counter(p.stem for p in articles)
    unique = UniqueIds()
    return {p: unique(p.stem if shared[p.stem] == 1 else f"{p.stem}-{p.suffix.lstrip('.')}")
            for p in articles}


def listed_articles(given: list[str]) -> tuple[list[Path], list[tuple[int, str]]]:
    """The article files the command line's paths name (folders expanded), and one line for
    each path that names none, with the number of files found before it (where it goes among
    the articles' own failures): a folder that cannot be listed, or holds no articles, is a
    failure too, so an empty run never looks like a clean one."""
    found: list[Path] = []
    failures: list[tuple[int, str]] = []
    for path in given:
        try:
            listed = collect_paths([path])
        except OSError as error:  # a folder that cannot be listed
            failures.append((len(found), f"{printable(path)}: cannot be read "
                                         f"({error.strerror})"))
            continue
        if not listed:
            failures.append((len(found), f"{printable(path)}: no articles "
                                         f"({', '.join(SUFFIXES)}) in this folder"))
        found += listed
    return found, failures


def is_glob(spec: str) -> bool:
    return any(c in spec for c in "*?[")


class Corpus:
    """The articles named by one CORPUS argument (see the module's docstring)."""

    listed: list[Path] | None = None  # the files and folders given, when given as a list

    def __init__(self, spec: str | Path | list[Path], dayfirst: bool | None = None):
        self.dayfirst = dayfirst
        if isinstance(spec, (list, tuple)):  # the report's articles: files and folders
            self.spec = " ".join(map(str, spec))
            self.listed = [Path(p) for p in spec]
            self.format = None
            self.folders = [Path(p) for p in spec if Path(p).is_dir()]
            self.paths = collect_paths(spec)
            if not self.paths:
                raise AnalysisError(f"{printable(self.spec)}: no articles")
            return
        self.spec = str(spec)
        path = Path(self.spec)
        self.folders = [path] if path.is_dir() else []
        self.format = TABLE_FORMATS.get(path.suffix.lower()) if not is_glob(self.spec) else None
        if self.format:
            if not path.is_file():
                raise AnalysisError(f"{printable(self.spec)}: no such file")
            self.table = path
            self.columns = _table_columns(path, self.format)
            if TEXT_COLUMN not in self.columns:
                raise AnalysisError(f"{printable(self.spec)}: has no '{TEXT_COLUMN}' column "
                                    f"(its columns: {', '.join(self.columns)[:200]})")
            self.paths: list[Path] = []
        else:
            self.paths = self._article_paths()

    def _article_paths(self) -> list[Path]:
        if is_glob(self.spec):
            found = sorted(Path(p) for p in glob.glob(self.spec, recursive=True))
            found = [p for p in found if p.suffix.lower() in SUFFIXES and not p.is_dir()]
        elif Path(self.spec).exists() or os.path.islink(self.spec):
            found = collect_paths([self.spec])
        else:
            raise AnalysisError(f"{printable(self.spec)}: no such file or folder")
        if not found:
            raise AnalysisError(f"{printable(self.spec)}: no articles "
                                f"({', '.join(SUFFIXES)}, or a .csv, .jsonl or .parquet table)")
        return found

    @property
    def extra_columns(self) -> list[str]:
        """The table's columns other than the text and the known metadata, in its order."""
        if not self.format:
            return []
        return [c for c in self.columns if c != TEXT_COLUMN and c not in METADATA_COLUMNS]

    def __len__(self) -> int:
        if not self.format:
            return len(self.paths)
        if self.format == "parquet":
            import pyarrow.parquet as pq

            return pq.ParquetFile(self.table).metadata.num_rows
        if self.format == "jsonl":  # a row per line that is not blank: no need to parse them
            with _open_text(self.table) as handle:
                return sum(1 for line in handle if line.strip())
        return sum(1 for _ in self._rows())  # a CSV cell may hold line breaks

    def entries(self) -> Iterator[Entry]:
        """Every article in order, unread."""
        if not self.format:
            names = article_ids(self.paths)
            for position, path in enumerate(self.paths):
                yield Entry(position, names[path], str(path),
                            lambda path=path, name=names[path]: _read_file(path, name,
                                                                            self.dayfirst))
            return
        unique = UniqueIds()
        for position, row in enumerate(self._rows()):
            yield self._row_entry(position, row, unique)

    def _row_entry(self, position: int, row: dict | str, unique: UniqueIds) -> Entry:
        number = position + 1
        where = f"{self.table}: row {number}"
        if isinstance(row, str):  # a JSONL line that is no JSON object
            ident = unique(f"{self.table.stem}-{number}")
            return Entry(position, ident, where, lambda: _fail(where, row))
        given = row.get("id")
        ident = unique(str(given) if given not in (None, "") else f"{self.table.stem}-{number}")
        columns = {k: _cell(row.get(k)) for k in ("title", "date", "outlet", "url")}
        columns.update({k: _cell(row.get(k)) for k in self.extra_columns})
        text = row.get(TEXT_COLUMN)

        def read() -> Article:
            if not isinstance(text, str):
                raise ArticleError(where, "the text cell is empty" if text in (None, "")
                                   else f"the text cell is not text ({type(text).__name__})")
            article = article_from_string(text, ident, where, self.dayfirst)
            article.columns = columns
            if columns["date"] and article.date is None:
                article.date_raw = columns["date"]
                article.date = parse_date(columns["date"], self.dayfirst)
            return article

        return Entry(position, ident, where, read)

    def _rows(self) -> Iterator[dict | str]:
        """The table's rows as dicts (a JSONL line that cannot be read: its one-line reason)."""
        if self.format == "csv":
            csv.field_size_limit(max(csv.field_size_limit(), max_bytes() + 1))
            with _open_text(self.table) as handle:
                yield from csv.DictReader(handle)
        elif self.format == "jsonl":
            with _open_text(self.table) as handle:
                for line in handle:
                    if line.strip():
                        yield _json_object(line)
        else:
            import pyarrow.parquet as pq

            for batch in pq.ParquetFile(self.table).iter_batches(batch_size=PARQUET_BATCH_ROWS):
                yield from batch.to_pylist()


class UniqueIds:
    """Ids made unique in order of arrival: a repeated ``x`` becomes ``x-2``, ``x-3``...
    (skipping any such id given before); each base remembers its next number, so a table of
    rows all sharing one id costs linear time."""

    def __init__(self) -> None:
        self.taken: set[str] = set()
        self.next_number: dict[str, int] = {}

    def __call__(self, ident: str) -> str:
        candidate, number = ident, self.next_number.get(ident, 2)
        while candidate in self.taken:
            candidate, number = f"{ident}-{number}", number + 1
        self.next_number[ident] = number
        self.taken.add(candidate)
        return candidate


def _read_file(path: Path, name: str, dayfirst: bool | None) -> Article:
    article = read_article(path, dayfirst=dayfirst)
    article.id = name
    return article


def _fail(where: str, reason: str) -> Article:
    raise ArticleError(where, reason)


def _cell(value) -> str:
    return "" if value is None else str(value)


def _json_object(line: str) -> dict | str:
    try:
        value = json.loads(line)
    except ValueError as error:
        return f"not a JSON object ({str(error).splitlines()[0][:100]})"
    return value if isinstance(value, dict) else "not a JSON object"


def _open_text(path: Path):
    try:
        return open(path, encoding="utf-8-sig", newline="", errors="strict")
    except OSError as error:
        raise AnalysisError(f"{printable(str(path))}: cannot be read "
                            f"({error.strerror or error})") from None


def _table_columns(path: Path, fmt: str) -> list[str]:
    """The column names of a table file (for JSONL, every key any line uses, in first-seen
    order); one line when the file cannot be read as that format."""
    try:
        if fmt == "parquet":
            import pyarrow.parquet as pq

            return list(pq.ParquetFile(path).schema_arrow.names)
        with _open_text(path) as handle:
            if fmt == "csv":
                return next(csv.reader(handle), [])
            keys: dict[str, None] = {}
            for line in handle:
                value = _json_object(line) if line.strip() else ""
                if isinstance(value, dict):
                    keys.update(dict.fromkeys(value))
            return list(keys)
    except AnalysisError:
        raise
    except (OSError, UnicodeDecodeError, ValueError) as error:
        raise AnalysisError(f"{printable(str(path))}: cannot be read as {fmt} "
                            f"({str(error).splitlines()[0][:200] if str(error) else ''})") from None
