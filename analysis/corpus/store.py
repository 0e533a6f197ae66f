"""The extracted tables on disk: Parquet files with a fixed, versioned schema, written in parts.

An output folder of ``python -m analysis extract`` holds one folder per table, each a Parquet
dataset that pandas, pyarrow, Dask, DuckDB, Spark or R's arrow read as one table::

    manifest.json              what was extracted from what, which parts are done
    articles/part-00000.parquet ...   one row per article read
    quotes/  speakers/  cues/  hedges/  names/  errors/
    speaker_ids.parquet        each speaker's corpus-wide ``speaker_id``, once every part is done

``speaker_id`` is known only once every article's speakers are, so it is a table of its own,
written once at the end, which ``read_table`` joins into ``quotes`` and ``speakers``: no part
is ever written twice.

Every file carries ``schema_version`` in its Parquet metadata. Files are written atomically
(a hidden temporary name in the same folder, then a rename; readers skip names starting with
'.'), and a part counts as done only once the manifest lists it, after all its files are in
place: an interrupted run never leaves a part that looks complete but is not.
"""
from __future__ import annotations

import datetime as dt
import json
from collections.abc import Iterable
from pathlib import Path

import pandas as pd
import pyarrow as pa
import pyarrow.parquet as pq

from ..core import files
from ..core.errors import AnalysisError, printable, summary
from ..tables import schema as table_columns
from ..tables.identities import ids_of, speaker_keys
from ..text.articles import Article, article_from_html, parse_text

# Raised when a column is added, removed, renamed or changes type: readers check it.
SCHEMA_VERSION = 3
MANIFEST = "manifest.json"
STRING = pa.string()
ARROW_TYPES = {table_columns.TEXT: STRING, table_columns.INTEGER: pa.int64(),
               table_columns.NUMBER: pa.float64(), table_columns.FLAG: pa.bool_()}
TABLE_FIELDS = {table: [(c.name, ARROW_TYPES[c.kind]) for c in table_columns.stored(table)]
                for table in table_columns.TABLES}
TABLES = tuple(TABLE_FIELDS)
# The corpus-wide identity of each speaker and source of each article, and the tables it is
# joined into on reading: (the column, the columns that key it, the column it follows).
SPEAKER_IDS = "speaker_ids.parquet"
SPEAKER_KEY = table_columns.SPEAKER_KEY
SPEAKER_ID_FIELDS = [(c.name, ARROW_TYPES[c.kind]) for c in table_columns.SPEAKER_IDS]
JOINED = {table: (column, key, names[names.index(column) - 1])
          for table, (column, key) in table_columns.IDENTITIES.items()
          if (names := table_columns.names(table))}


def schema(table: str, extra_columns: Iterable[str] = ()) -> pa.Schema:
    """A table's Arrow schema; the articles table also carries the input's other columns, as
    text, under the names the corpus gives them (``Corpus.extra_columns``: unique, never one
    of ours), which are also the keys of each article's ``columns``."""
    fields = list(TABLE_FIELDS[table])
    if table == "articles":
        fields += [(c, STRING) for c in extra_columns]
    return pa.schema(fields, metadata={"schema_version": str(SCHEMA_VERSION)})


def part_name(number: int) -> str:
    return f"part-{number:05d}.parquet"


def to_arrow(rows: list[dict], table_schema: pa.Schema) -> pa.Table:
    """Rows as an Arrow table of the schema: every column present, text columns None or str
    (a missing mention is None, never False)."""
    columns = {}
    for name, kind in zip(table_schema.names, table_schema.types, strict=True):
        values = [row.get(name) for row in rows]
        if kind == STRING:
            values = [v if isinstance(v, str) or v is None else (str(v) if v else None)
                      for v in values]
        columns[name] = pa.array(values, type=kind)
    return pa.table(columns, schema=table_schema)


def write_part(folder: Path, table: str, number: int, rows: list[dict],
               table_schema: pa.Schema) -> Path:
    """One part of one table, written atomically."""
    target = folder / table / part_name(number)
    with files.atomic_path(target) as temporary:
        pq.write_table(to_arrow(rows, table_schema), temporary, compression="zstd")
    return target


def write_speaker_ids(folder: Path, rows: pd.DataFrame) -> Path:
    """The ``speaker_ids`` table (article, speaker, speaker_kind, speaker_id), atomically."""
    table_schema = pa.schema(SPEAKER_ID_FIELDS,
                             metadata={"schema_version": str(SCHEMA_VERSION)})
    data = pa.Table.from_pandas(rows[table_schema.names], schema=table_schema,
                                preserve_index=False)
    target = folder / SPEAKER_IDS
    with files.atomic_path(target) as temporary:
        pq.write_table(data, temporary, compression="zstd")
    return target


def join_speaker_ids(folder: Path, table: str, frame: pd.DataFrame) -> pd.DataFrame:
    """``frame`` (rows of ``quotes``, ``speakers`` or ``sources``) with its identity column
    (``speaker_id``, ``source_id``) after the column it follows: "" for a speaker the ids do
    not list, None while the extraction is not done."""
    column, key, after = JOINED[table]
    position = frame.columns.get_loc(after) + 1
    path = folder / SPEAKER_IDS
    if not path.exists():
        frame.insert(position, column, None)
        return frame
    ids = read_part(path, None, None).to_pandas()
    frame.insert(position, column,
                 ids_of(frame, dict(zip(speaker_keys(ids), ids["speaker_id"], strict=True)),
                        key))
    return frame


def read_manifest(folder: Path) -> dict | None:
    """The manifest of an output folder, None when there is none; one line when it is not
    one of ours or comes from a newer schema."""
    path = folder / MANIFEST
    try:
        manifest = json.loads(path.read_text(encoding="utf-8"))
    except FileNotFoundError:
        return None
    except (OSError, ValueError) as error:
        raise AnalysisError(f"{printable(str(path))}: cannot be read ({error})") from None
    if not is_manifest(manifest):
        raise AnalysisError(f"{printable(str(path))}: is not an extraction manifest")
    if manifest["schema_version"] > SCHEMA_VERSION:
        raise AnalysisError(f"{printable(str(folder))}: tables of schema version "
                            f"{manifest['schema_version']}; this version reads up to "
                            f"{SCHEMA_VERSION}")
    return manifest


def is_manifest(manifest) -> bool:
    """Whether a manifest's fields have the types every reader relies on."""
    return (isinstance(manifest, dict)
            and type(manifest.get("schema_version")) is int
            and isinstance(manifest.get("parts"), dict)
            and all(k.isdigit() and isinstance(v, dict) for k, v in manifest["parts"].items())
            and isinstance(manifest.get("complete"), bool))


def is_whole(path: Path) -> bool:
    """Whether a Parquet file is there and its footer can be read (a truncated or damaged
    file cannot)."""
    try:
        pq.read_metadata(path)
    except (OSError, pa.ArrowException):
        return False
    return True


def readable_manifest(folder: Path) -> dict:
    """The manifest of a folder whose tables this version reads: one line when there are
    none, or when they are of an older schema (extracting again into the folder updates it)."""
    manifest = read_manifest(folder) or missing(folder)
    if manifest["schema_version"] < SCHEMA_VERSION:
        raise AnalysisError(f"{printable(str(folder))}: tables of schema version "
                            f"{manifest['schema_version']}, older than this version's "
                            f"{SCHEMA_VERSION}; run `python -m analysis extract` again into "
                            "this folder to update them")
    if manifest.get("replacing"):
        raise AnalysisError(f"{printable(str(folder))}: these tables are being replaced by a "
                            "new extraction; run `python -m analysis extract` again into this "
                            "folder if it was stopped")
    return manifest


def write_manifest(folder: Path, manifest: dict) -> None:
    files.write_text(folder / MANIFEST, json.dumps(manifest, indent=1, sort_keys=True) + "\n")


def part_paths(folder: Path, table: str, manifest: dict) -> list[Path]:
    """The files of a table's done parts, in order."""
    return [folder / table / part_name(n) for n in sorted(int(k) for k in manifest["parts"])]


def missing(folder: Path):
    raise AnalysisError(f"{printable(str(folder))}: no extracted tables here "
                        f"(no {MANIFEST}; run `python -m analysis extract`)")


def find_article(folder: Path, given: str, path: Path | None = None) -> Article:
    """An extracted article, by its id or by the file it was read from, rebuilt from the text
    the articles table keeps (offsets in every table index it)."""
    ids = read_table(folder, "articles", columns=["article", "source"])
    match = ids[ids["article"] == given]
    if match.empty and path is not None:
        sources = [Path(s).resolve() == path for s in ids["source"].fillna("")]
        match = ids[sources]
    if match.empty:
        raise AnalysisError(f"{printable(given)}: not among the {len(ids)} articles of "
                            f"{printable(str(folder))}")
    found = read_table(folder, "articles", articles=[match["article"].iloc[0]]).iloc[0]
    row = {k: None if pd.isna(v) else v for k, v in found.items()}
    text, source = row["text"], row["source"] or ""
    if row["format"] == "html":
        article = article_from_html(text, row["article"], source=source)
    else:
        article = parse_text(text, row["article"], source=source)
    article.encoding = row["encoding"] or ""
    article.date_raw = row["date_raw"] or article.date_raw
    article.date = dt.date.fromisoformat(row["date"]) if row["date"] else article.date
    # The title, outlet and url the articles table shows: a corpus table's own, where it gave
    # them, which the text read again does not hold.
    article.columns = {k: row[k] or "" for k in ("title", "outlet", "url")}
    return article


def read_part(path: Path, columns: list[str] | None, articles: list[str] | None) -> pa.Table:
    """One part file; one line when it is damaged (extracting again rewrites it)."""
    try:
        return pq.read_table(path, columns=columns,
                             filters=[("article", "in", articles)] if articles is not None
                             else None)
    except (OSError, pa.ArrowException) as error:
        raise AnalysisError(f"{printable(str(path))}: damaged ({summary(error)}); run "
                            "`python -m analysis extract` again into this folder to write it "
                            "again") from None


def read_table(folder: str | Path, table: str, columns: list[str] | None = None,
               articles: Iterable[str] | None = None) -> pd.DataFrame:
    """One extracted table as a DataFrame: only the parts the manifest lists as done, only
    ``columns`` when given, only the rows of ``articles`` when given. Offsets and counts are
    nullable integers, as in the command line's tables; ``quotes`` and ``speakers`` have their
    ``speaker_id``, ``sources`` its ``source_id`` (joined from ``speaker_ids.parquet``)."""
    folder = Path(folder)
    manifest = readable_manifest(folder)
    if table not in TABLE_FIELDS:
        raise AnalysisError(f"no table {table!r}; the tables are {', '.join(TABLES)}")
    column, key, _ = JOINED.get(table, (None, [], None))
    stored = [f for f, _ in TABLE_FIELDS[table]]
    read = columns
    if column and columns is not None and column in columns:
        read = [c for c in stored if c in columns or c in key]
    paths = [p for p in part_paths(folder, table, manifest) if p.exists()]
    wanted = None if articles is None else sorted(set(articles))
    frames = [] if wanted == [] else [read_part(path, read, wanted) for path in paths]
    if frames:
        data = pa.concat_tables(frames, promote_options="default").to_pandas(
            types_mapper={pa.int64(): pd.Int64Dtype(), pa.bool_(): pd.BooleanDtype()}.get)
    else:
        data = pd.DataFrame({n: pd.Series(dtype=object) for n in read or stored})
    if column and (columns is None or column in columns):
        data = join_speaker_ids(folder, table, data)
    return data if columns is None else data[columns]
