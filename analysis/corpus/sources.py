"""A corpus to extract, read one article at a time: a folder or a glob of article files, one
article file, or a table exported from a news archive or API (CSV, JSONL or Parquet) with a
``text`` column and optional ``id``, ``title``, ``date``, ``outlet`` and ``url`` columns.

Nothing is read before it is needed: ``entries()`` yields each article's position, its id and
a function that reads it, so a resumed run skips what is done without reading it, and a
50,000-row export never sits in memory. Ids are unique and stable from run to run: a file's
stem (with its suffix added when another file shares the stem), a row's ``id`` (a repeated id
gets ``-2``, ``-3``...) or ``<table stem>-<row number>``; what cannot be stored as UTF-8 (the
undecodable bytes of a file name, a lone surrogate a JSON string escapes) is escaped in an id
as it is printed (``\\udcff``) and replaced one for one in a cell.

A table's rows are read one at a time, each up to ``ROW_SIZE_FACTOR`` times the size limit
(a JSON string's escapes and a CSV cell's doubled quotation marks make a cell longer than its
text); a row that cannot be read is one row of ``errors`` saying why: larger than that, not
UTF-8 (a CSV or JSON line in another encoding), badly quoted or with more or fewer cells than
the header (CSV), not a JSON object or nested too deeply (JSONL), unreadable (Parquet). The
other rows are read as usual. A table with no rows, no ``text`` column, more than
``MAX_COLUMNS`` columns or a header that cannot be read is refused in one line.
"""
from __future__ import annotations

import csv
import glob
import io
import json
import os
import re
import sys
from collections import Counter
from collections.abc import Callable, Iterator, Sequence
from dataclasses import dataclass
from pathlib import Path

from ..core.errors import AnalysisError, ArticleError, escaped, printable
from ..tables import schema as table_columns
from ..text.articles import (
    LONE_SURROGATE,
    SUFFIXES,
    Article,
    article_from_string,
    collect_paths,
    max_bytes,
    parse_date,
    read_article,
    too_large,
)

TABLE_FORMATS = {".csv": "csv", ".jsonl": "jsonl", ".ndjson": "jsonl", ".parquet": "parquet",
                 ".pq": "parquet"}
TEXT_COLUMN = "text"
METADATA_COLUMNS = ("id", "title", "date", "outlet", "url")
PARQUET_BATCH_ROWS = 64
ROW_SIZE_FACTOR = 4
# Every row is a dict of this many cells at most and the articles table as many columns: a
# wider table is refused rather than read in time that grows with its width times its rows.
MAX_COLUMNS = 1000
READ_CHARACTERS = 1 << 20  # a line is read in pieces of at most this many characters
CSV_FIELD_LIMIT = 2**31 - 1  # csv's limit is a C long; rows are bounded before csv reads them
# The lone surrogates surrogateescape makes of undecodable bytes (a JSON string's "\ud800" is
# ASCII in its line).
UNDECODABLE = re.compile("[\udc80-\udcff]")


@dataclass(frozen=True)
class Entry:
    """One article of a corpus, not yet read: ``read()`` returns the Article (with what a
    table gave beside the text in its ``columns``) or raises AnalysisError with a one-line
    reason."""

    position: int
    id: str
    source: str
    read: Callable[[], Article]


def storable(name: str) -> str:
    """A name (an id, a file name, a column) with each lone surrogate escaped as ``printable``
    writes it, so that it can be stored as UTF-8 and reads as it is printed."""
    return LONE_SURROGATE.sub(lambda m: escaped(m.group()), name)


def article_ids(articles: list[Path]) -> dict[Path, str]:
    """The id of each article file in the tables: its stem, as the command line's tables give
    it; when files share a stem, the stem and the suffix ("story-txt", "story-html"), then a
    number ("story-txt-2" for a second folder's story.txt)."""
    shared = Counter(p.stem for p in articles)
    unique = UniqueIds()
    return {p: unique(storable(p.stem if shared[p.stem] == 1
                               else f"{p.stem}-{p.suffix.lstrip('.')}"))
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


def stored_columns(columns: Sequence[str], read: set[int]) -> list[tuple[int, str]]:
    """(position, name in the articles table) of each input column the corpus does not read
    itself (``read``: the text and the first id, title, date, outlet and url), in the input's
    order. A column keeps its name unless the articles table has a column of that name (it is
    then ``input_<name>``) or an earlier column of the input has it; a name taken either way
    gets ``-2``, ``-3``... (``article`` beside an input's own ``input_article`` is
    ``input_article-2``; a header's second ``k`` is ``k-2``)."""
    ours = set(table_columns.names("articles"))
    unique = UniqueIds()
    for name in ours | {storable(c) for c in columns}:
        unique.taken.add(name)
    stored, seen = [], set()
    for position, column in enumerate(columns):
        name = storable(column)
        if position not in read:
            if name in ours:
                stored.append((position, unique(f"input_{name}")))
            elif name in seen:
                stored.append((position, unique(name)))
            else:
                stored.append((position, name))
        seen.add(name)
    return stored


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
            self.name = storable(str(path))
            self.columns, has_rows = _table_columns(path, self.format)
            self._check_columns(has_rows)
            self.paths: list[Path] = []
        else:
            self.paths = self._article_paths()

    def _check_columns(self, has_rows: bool) -> None:
        """Where the text and the metadata are, and the other columns' names in the articles
        table; one line for a table that has no rows, no text column or too many columns."""
        spec = printable(self.spec)
        if not has_rows:
            raise AnalysisError(f"{spec}: no articles (the table has no rows)")
        if len(self.columns) > MAX_COLUMNS:
            raise AnalysisError(f"{spec}: has more than {MAX_COLUMNS:,} columns; "
                                "export only the ones to read")
        if TEXT_COLUMN not in self.columns:
            raise AnalysisError(f"{spec}: has no '{TEXT_COLUMN}' column (its columns: "
                                f"{printable(', '.join(self.columns)[:200])})")
        self.read_at = {name: self.columns.index(name)
                        for name in (TEXT_COLUMN, *METADATA_COLUMNS) if name in self.columns}
        self.stored = stored_columns(self.columns, set(self.read_at.values()))

    def _article_paths(self) -> list[Path]:
        if is_glob(self.spec):
            found = sorted(Path(p) for p in _glob(self.spec))
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
        """The names the table's other columns (neither the text nor the known metadata) have
        in the articles table, in its order: the one mapping the table's schema and each
        article's ``columns`` follow."""
        return [name for _, name in self.stored] if self.format else []

    def __len__(self) -> int:
        if not self.format:
            return len(self.paths)
        if self.format == "parquet":
            import pyarrow.parquet as pq

            return pq.ParquetFile(self.table).metadata.num_rows
        with _open_text(self.table) as handle:  # a CSV cell may hold line breaks
            rows = sum(1 for _ in _records(handle, self.format))
        return rows - (self.format == "csv")  # the header

    def entries(self) -> Iterator[Entry]:
        """Every article in order, unread."""
        if not self.format:
            names = article_ids(self.paths)
            for position, path in enumerate(self.paths):
                yield Entry(position, names[path], storable(str(path)),
                            lambda path=path, name=names[path]: _read_file(path, name,
                                                                            self.dayfirst))
            return
        unique = UniqueIds()
        for position, row in enumerate(self._rows()):
            yield self._row_entry(position, row, unique)

    def _row_entry(self, position: int, row: Sequence | str, unique: UniqueIds) -> Entry:
        number = position + 1
        where = f"{self.name}: row {number}"
        if isinstance(row, str):  # a row that cannot be read: its one-line reason
            ident = unique(f"{storable(self.table.stem)}-{number}")
            return Entry(position, ident, where, lambda: _fail(where, row))

        def cell(name: str):
            return row[self.read_at[name]] if name in self.read_at else None

        given = cell("id")
        ident = unique(storable(str(given)) if given not in (None, "")
                       else f"{storable(self.table.stem)}-{number}")
        columns = {k: _cell(cell(k)) for k in ("title", "date", "outlet", "url")}
        columns.update({name: _cell(row[at]) for at, name in self.stored})
        text = cell(TEXT_COLUMN)

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

    def _rows(self) -> Iterator[Sequence | str]:
        """The table's rows, each its cells in the order of ``columns`` (a row that cannot be
        read: its one-line reason)."""
        if self.format == "parquet":
            yield from _parquet_rows(self.table)
            return
        with _open_text(self.table) as handle:
            records = _records(handle, self.format)
            if self.format == "jsonl":
                for record, problem in records:
                    value = problem or _json_object(record)
                    yield value if isinstance(value, str) else [value.get(c)
                                                                for c in self.columns]
                return
            next(records)  # the header, read when the corpus was opened
            for record, problem in records:
                yield problem or _csv_row(record, len(self.columns))


def _glob(pattern: str) -> list[str]:
    """``glob.glob(pattern, recursive=True)``, but ``**`` visits each folder once, however
    many links lead to it: glob would follow a loop of links to folders until the path is too
    long, in every order of its links (time exponential in their number)."""
    parts = pattern.split(os.sep)
    if "**" not in parts:
        return glob.glob(pattern)
    at = parts.index("**")
    prefix, rest = os.sep.join(parts[:at]), os.sep.join(parts[at + 1:])
    if not prefix and pattern.startswith(os.sep):
        prefix = os.sep
    bases = glob.glob(prefix) if glob.has_magic(prefix) else [prefix]
    found: set[str] = set()
    for base in bases:
        for folder in _folders_once(base):
            inside = os.path.join(glob.escape(folder), rest or "*")
            found.update(_glob(inside))
    return sorted(found)


def _folders_once(base: str) -> Iterator[str]:
    """``base`` and every folder below it that is not hidden, each visited once (by its device
    and inode), links to folders followed."""
    seen: set[tuple[int, int]] = set()
    stack = [base]
    while stack:
        folder = stack.pop()
        try:
            status = os.stat(folder or os.curdir)
            if (status.st_dev, status.st_ino) in seen:
                continue
            seen.add((status.st_dev, status.st_ino))
            with os.scandir(folder or os.curdir) as listing:
                names = sorted(e.name for e in listing if not e.name.startswith(".")
                               and _is_dir(e))
        except OSError:  # not a folder, gone, or cannot be listed
            continue
        yield folder
        stack += [os.path.join(folder, name) for name in reversed(names)]


def _is_dir(entry: os.DirEntry) -> bool:
    try:
        return entry.is_dir()
    except OSError:  # a loop of links: a file to report, not a folder
        return False


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
    article.source = storable(article.source)
    return article


def _fail(where: str, reason: str) -> Article:
    raise ArticleError(where, reason)


def _cell(value) -> str:
    return "" if value is None else LONE_SURROGATE.sub("\ufffd", str(value))


# ---------------------------------------------------------------------------- table rows

def _open_text(path: Path):
    """A table file as text: UTF-8, its undecodable bytes kept as lone surrogates
    (surrogateescape), so that only the rows holding them fail."""
    try:
        return open(path, encoding="utf-8-sig", newline="", errors="surrogateescape")
    except OSError as error:
        raise AnalysisError(f"{printable(str(path))}: cannot be read "
                            f"({error.strerror or error})") from None


def _records(handle, fmt: str) -> Iterator[tuple[str, str]]:
    """(record, why it cannot be read, or "") for each record of a CSV or JSONL file that is
    not blank: a JSON line, or a CSV row with the line breaks its quoted cells hold. A
    record's characters past ``ROW_SIZE_FACTOR`` times the size limit are not kept; the
    record is then refused, as is one not in UTF-8 and, in a CSV, one whose quoting is broken."""
    limit = ROW_SIZE_FACTOR * max_bytes()
    while True:
        pieces, size, scan = [], 0, _CsvScan() if fmt == "csv" else None
        while piece := handle.readline(READ_CHARACTERS):
            size += len(piece)
            if size <= limit:
                pieces.append(piece)
            if scan.ends(piece) if scan else piece.endswith(("\n", "\r")):
                break
        record = "".join(pieces)
        if size == 0:
            return
        if size <= limit and not record.strip():
            continue
        if scan and scan.state == _CsvScan.QUOTED:  # the end of the file, inside a quoted cell
            yield "", ("a quotation mark opened in this row never closes (the rest of the file "
                       "is in its cell)")
        elif size > limit:
            yield "", too_large(max_bytes(), "row")
        elif undecodable := UNDECODABLE.search(record):
            yield "", f"{_not_utf8(undecodable)}; save the table as UTF-8"
        elif scan and scan.broken:
            yield "", ('a quotation mark inside a quoted cell is not doubled (write "" for '
                       "one), so where the row's cells end is unclear")
        else:
            yield record, ""


def _not_utf8(undecodable: re.Match) -> str:
    return f"the row is not UTF-8 (byte 0x{ord(undecodable.group()) - 0xdc00:02x})"


class _CsvScan:
    """Where a CSV record ends, found as csv's reader finds it in a well-formed file: a line
    break ends the record unless it is inside a quoted cell. A quotation mark inside a quoted
    cell that is followed by anything but another (an escaped one), a comma or a line break is
    taken for a literal one and the record marked ``broken``: csv would end the cell there and
    read the cell's next lines as rows of their own, so that one bad quotation mark makes
    articles of sentence fragments."""

    START, FIELD, QUOTED, QUOTE = range(4)  # a cell's start, unquoted, quoted, after a quote
    FIELD_END = re.compile("[,\r\n]")

    def __init__(self) -> None:
        self.state = self.START
        self.broken = False

    def ends(self, piece: str) -> bool:
        """Whether ``piece`` (a line, or part of one) ends the record."""
        at = 0
        while at < len(piece):
            if self.state == self.QUOTED:
                at = piece.find('"', at)
                if at < 0:
                    return False
                self.state, at = self.QUOTE, at + 1
            elif self.state == self.QUOTE:
                character = piece[at]
                if character in "\r\n":
                    return True
                if character == ",":
                    self.state, at = self.START, at + 1
                elif character == '"':
                    self.state, at = self.QUOTED, at + 1
                else:  # the quotation mark before was a literal one: the cell goes on
                    self.state, self.broken = self.QUOTED, True
            elif self.state == self.START and piece[at] == '"':
                self.state, at = self.QUOTED, at + 1
            else:
                end = self.FIELD_END.search(piece, at)
                if end is None:
                    self.state = self.FIELD
                    return False
                if end.group() != ",":
                    return True
                self.state, at = self.START, end.end()
        return False


def _csv_cells(record: str) -> list[str] | str:
    """The cells of one CSV record (as ``_records`` cuts them), or why they cannot be read."""
    csv.field_size_limit(CSV_FIELD_LIMIT)
    try:
        rows = list(csv.reader(io.StringIO(record, newline="")))
    except csv.Error as error:
        return f"cannot be read as CSV ({error})"
    return rows[0] if len(rows) == 1 else "cannot be read as CSV (one row read as several)"


def _csv_row(record: str, width: int) -> list[str] | str:
    """The cells of a CSV record, or why they do not fit the header."""
    cells = _csv_cells(record)
    if isinstance(cells, str):
        return cells
    if len(cells) == width:
        return cells
    counts = f"the row has {len(cells)} cell{'s' * (len(cells) != 1)} where the header has {width}"
    if len(cells) > width:
        return f"{counts} (a comma in a cell that is not quoted?)"
    return f"{counts} (a cell missing, or a line break in a cell that is not quoted?)"


def _json_object(line: str) -> dict | str:
    try:
        value = json.loads(line, parse_int=_integer)
    except RecursionError:
        return "not a JSON object (nested too deeply)"
    except ValueError as error:
        return f"not a JSON object ({str(error).splitlines()[0][:100]})"
    return value if isinstance(value, dict) else "not a JSON object"


def _integer(digits: str) -> int | str:
    """A JSON integer; one too long for Python to convert (over 4,300 digits) stays its
    digits, as an id or a cell keeps it."""
    limit = sys.get_int_max_str_digits()
    return int(digits) if not limit or len(digits) <= limit else digits


def _parquet_rows(path: Path) -> Iterator[Sequence | str]:
    """A Parquet table's rows, a batch at a time; each row of a batch that cannot be read is
    its reason, and the row group's other rows are still read."""
    import pyarrow.parquet as pq

    table = pq.ParquetFile(path)
    for group in range(table.num_row_groups):
        left = table.metadata.row_group(group).num_rows
        try:
            for batch in table.iter_batches(batch_size=PARQUET_BATCH_ROWS, row_groups=[group]):
                left -= batch.num_rows
                yield from _batch_rows(batch)
        except (OSError, ValueError) as error:  # pyarrow's errors: ArrowIOError, ArrowInvalid
            reason = f"cannot be read ({str(error).splitlines()[0][:200] if str(error) else ''})"
            yield from [reason] * left


def _batch_rows(batch) -> Iterator[Sequence | str]:
    """A batch's rows; a row whose text cells hold bytes that are not UTF-8 (which pyarrow
    writes unchecked) is its reason."""
    columns, raw = [], []
    for column in batch.columns:
        try:
            columns.append(column.to_pylist())
        except UnicodeDecodeError:
            import pyarrow as pa

            binary = pa.large_binary() if pa.types.is_large_string(column.type) else pa.binary()
            columns.append([None if v is None else v.decode("utf-8", "surrogateescape")
                            for v in column.view(binary).to_pylist()])
            raw.append(columns[-1])
    for number, row in enumerate(zip(*columns, strict=True)):
        undecodable = next((m for cells in raw if cells[number] is not None
                            and (m := UNDECODABLE.search(cells[number]))), None)
        yield _not_utf8(undecodable) if undecodable else row


def _table_columns(path: Path, fmt: str) -> tuple[list[str], bool]:
    """The column names of a table file (for JSONL, every key any line uses, in first-seen
    order) and whether it has a row; one line when the file cannot be read as that format."""
    try:
        if fmt == "parquet":
            import pyarrow.parquet as pq

            table = pq.ParquetFile(path)
            return list(table.schema_arrow.names), table.metadata.num_rows > 0
        with _open_text(path) as handle:
            records = _records(handle, fmt)
            if fmt == "csv":
                header, problem = next(records, ("", ""))
                if problem:
                    raise ValueError(f"the header: {problem}")
                cells = _csv_cells(header) if header else []
                if isinstance(cells, str):
                    raise ValueError(f"the header: {cells}")
                return cells, next(records, None) is not None
            keys: dict[str, None] = {}
            rows = 0
            for record, problem in records:
                rows += 1
                value = "" if problem else _json_object(record)
                if isinstance(value, dict):
                    keys.update(dict.fromkeys(value))
                    if len(keys) > MAX_COLUMNS:
                        break
            return list(keys), rows > 0
    except AnalysisError:
        raise
    except (OSError, ValueError) as error:
        raise AnalysisError(f"{printable(str(path))}: cannot be read as {fmt} "
                            f"({str(error).splitlines()[0][:200] if str(error) else ''})") from None
