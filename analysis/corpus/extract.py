"""``python -m analysis extract CORPUS --out DIR``: every table of a corpus from one parse per
article, as Parquet (``store``), in constant memory, resumable, on one core, several, or a
Dask cluster.

How a run goes:
- the main process reads the corpus one article at a time (``corpus``) and groups the
  articles into parts of ``part_size``; a part already done (the manifest says so) is skipped
  without being read;
- batches of articles go to the workers, which parse each text once (or take its parse from
  the cache), run the project's components and return only the rows of every table, which are
  small beside the Docs they come from: ``analyse_batch`` is the one function every kind of
  worker runs (this process, a process pool, Dask workers), each loading the model once;
- when every article of a part is back, its tables are written, then the manifest lists it;
- at the end, ``speaker_id`` (one name per person across the corpus) is computed from the
  ``speakers`` table and written once, as a table of its own that ``store.read_table`` joins
  into ``speakers`` and ``quotes``: no part is written twice.
An article that cannot be read or analysed becomes a row of ``errors``; the run goes on. A
re-run of the same corpus into the same folder goes on from the last part done, or returns at
once if everything is done; when the analysis or the articles changed since (another lexicon,
rule or model, an article edited), every part is extracted again into ``.next/`` inside the
folder, with the parses taken from the cache, and replaces the old parts once all are done.

The run owns its folder: it holds a lock on it (``core.locks``), deletes only what its manifest
lists, and refuses a folder holding tables no manifest lists.
"""
from __future__ import annotations

import contextlib
import hashlib
import os
import shutil
import sys
import time
from collections import Counter, deque
from collections.abc import Callable, Iterable, Iterator
from dataclasses import dataclass, field
from importlib import resources
from pathlib import Path

import pandas as pd
import pyarrow.parquet as pq
from tqdm import tqdm

from ..core import files, locks
from ..core.errors import AnalysisError, printable, summary
from ..core.processes import usable_jobs
from ..pipeline.model import load_nlp
from ..tables.identities import run_speaker_ids, with_sources
from . import store
from .batches import (
    DEFAULT_BATCH_SIZE,
    Rows,
    Settings,
    Work,
    batches_of,
    failure_line,
    read_entries,
)
from .outputs import check_out
from .runners import make_runner
from .sources import Corpus, Entry, is_glob

DEFAULT_PART_SIZE = 200
CACHE_FOLDER = "parses"
# Where a re-extraction is built, inside the folder of the tables it will replace.
STAGING = ".next"
# A cache entry's temporary file this old belongs to no live writer (writing one takes ms).
STALE_SECONDS = 3600


# ---------------------------------------------------------------------------- the run

@dataclass
class Result:
    out: Path
    articles: int = 0
    done_before: int = 0
    failures: list[str] = field(default_factory=list)
    seconds: float = 0.0


def analysis_key(settings: Settings, dayfirst: bool | None) -> str:
    """A hash of everything that shapes the tables from a parse: the package's code and
    lexicons, the model asked for, the reading options, the schema."""
    digest = hashlib.sha256(f"{store.SCHEMA_VERSION}\0{settings.model}\0{dayfirst}".encode())
    package = resources.files("analysis")
    for path in sorted(Path(str(package)).rglob("*")):
        if path.suffix in (".py", ".csv", ".json") and "__pycache__" not in path.parts:
            digest.update(path.relative_to(Path(str(package))).as_posix().encode())
            digest.update(path.read_bytes())
    return digest.hexdigest()[:16]


def location_key(corpus: Corpus) -> str:
    """What makes a corpus the same corpus however it is named (``art/``, ``./art``, its
    absolute path, a link to it): the resolved location of its folder, glob or table."""
    if corpus.format:
        where = [os.path.realpath(corpus.table)]
    elif corpus.listed is not None:  # the report's files and folders
        where = sorted(os.path.realpath(p) for p in corpus.listed)
    else:
        fixed, pattern = split_glob(corpus.spec)
        where = [os.path.join(os.path.realpath(fixed), pattern)]
    return hashlib.sha256("\0".join(where).encode("utf-8", "surrogateescape")).hexdigest()


def split_glob(spec: str) -> tuple[str, str]:
    """A path and the glob pattern after its last fixed folder ("news/2024/*.txt" -> "news/2024",
    "*.txt"); a plain path has no pattern."""
    parts = Path(spec).parts
    fixed = next((i for i, part in enumerate(parts) if is_glob(part)), len(parts))
    return (str(Path(*parts[:fixed])) if fixed else ".",
            str(Path(*parts[fixed:])) if fixed < len(parts) else "")


def contents_key(corpus: Corpus) -> str:
    """What the corpus holds now: each file's resolved path, size and modification time, or
    the table's. An article added, removed or edited changes it (the tables are made again)."""
    digest = hashlib.sha256()
    for path in corpus.paths or [corpus.table]:
        try:
            status = os.stat(path)
            facts = f"{os.path.realpath(path)}\0{status.st_size}\0{status.st_mtime_ns}\n"
        except OSError:
            facts = f"{path}\0missing\n"
        digest.update(facts.encode("utf-8", "surrogateescape"))
    return digest.hexdigest()


def plan(out: Path, corpus: Corpus, settings: Settings, part_size: int,
         log: Callable[[str], None]) -> tuple[Path, dict]:
    """Where this run writes and the manifest it goes on with: ``out`` itself for a first
    extraction or one to go on with; a staging folder inside it when the analysis or the
    articles changed, so that the tables there stay whole until the new ones replace them;
    another corpus is refused, and so is a folder holding tables no manifest lists."""
    keys = {"corpus_key": location_key(corpus), "contents_key": contents_key(corpus),
            "analysis_key": analysis_key(settings, corpus.dayfirst),
            "schema_version": store.SCHEMA_VERSION}
    manifest = store.read_manifest(out)
    if manifest is None:
        refuse_unlisted(out)
        return out, new_manifest(out, corpus, keys, settings, part_size)
    if not same_corpus(manifest, keys["corpus_key"], corpus):
        raise AnalysisError(
            f"--out {printable(str(out))}: holds tables of another corpus "
            f"({printable(str(manifest.get('corpus')))}); choose another folder")
    staging = out / STAGING
    if manifest.get("replacing"):  # the last run stopped while it replaced the tables
        replace_tables(out, staging)
        manifest = store.read_manifest(out)
    if all(manifest.get(k) == v for k, v in keys.items()):
        shutil.rmtree(staging, ignore_errors=True)  # a re-extraction given up on
        return out, checked(out, manifest, log)
    staged = staged_manifest(staging)
    if staged is not None and all(staged.get(k) == v for k, v in keys.items()):
        log("going on with the extraction that will replace these tables")
        return staging, checked(staging, staged, log)
    log("the analysis or the articles changed since these tables were written: extracting "
        "every article again, beside them (they stay as they are until the new ones are done)"
        + (" (parses already made come from the cache)" if settings.cache else ""))
    shutil.rmtree(staging, ignore_errors=True)
    return staging, new_manifest(staging, corpus, keys, settings, part_size)


def same_corpus(manifest: dict, corpus_key: str, corpus: Corpus) -> bool:
    """Whether a folder's tables are of this corpus: by its resolved location, or for tables
    of a version that did not record it (no ``contents_key``), by the path it was given."""
    if "contents_key" in manifest:
        return manifest.get("corpus_key") == corpus_key
    given = str(manifest.get("corpus", ""))
    return os.path.realpath(given) == os.path.realpath(corpus.spec)


def new_manifest(folder: Path, corpus: Corpus, keys: dict, settings: Settings,
                 part_size: int) -> dict:
    manifest = {**keys, "corpus": corpus.spec, "model": settings.model or "",
                "part_size": part_size, "articles": None, "parts": {}, "complete": False,
                "extra_columns": corpus.extra_columns}
    store.write_manifest(folder, manifest)
    return manifest


def staged_manifest(staging: Path) -> dict | None:
    """The manifest of an unfinished re-extraction, None when there is none worth going on
    with (a damaged one is started again)."""
    try:
        return store.read_manifest(staging) if staging.is_dir() else None
    except AnalysisError:
        return None


def refuse_unlisted(out: Path) -> None:
    """A folder with no manifest but with tables in it: they are not this command's to
    overwrite or delete."""
    found = [p for table in store.TABLES for p in (out / table).glob("part-*.parquet")]
    found += [p for p in (out / store.SPEAKER_IDS, out / STAGING) if p.exists()]
    if found:
        raise AnalysisError(
            f"--out {printable(str(out))}: holds tables that no {store.MANIFEST} lists "
            f"({printable(str(found[0]))}); extract writes only into an empty folder or one "
            "of its own: choose another folder")


def checked(folder: Path, manifest: dict, log: Callable[[str], None]) -> dict:
    """The manifest without the parts whose files are missing or damaged (extracted again)."""
    damaged = [number for number in manifest["parts"]
               if not all(store.is_whole(folder / table / store.part_name(int(number)))
                          for table in store.TABLES)]
    ids_lost = manifest["complete"] and not store.is_whole(folder / store.SPEAKER_IDS)
    if damaged or ids_lost:
        if damaged:
            log(f"{len(damaged)} parts of these tables are missing or damaged: extracting "
                "them again")
        for number in damaged:
            del manifest["parts"][number]
        manifest["complete"] = False
        store.write_manifest(folder, manifest)
    return manifest


def replace_tables(out: Path, staging: Path) -> None:
    """The finished tables of ``staging`` in place of those in ``out``: each part moved over
    the old one (a rename: each file is whole at every moment), the old parts the new
    manifest does not list removed, the manifest last. Until it is, the old manifest says
    the folder is being replaced, so that readers refuse a mix; a run that stops in the
    middle is finished by the next one."""
    new = staged_manifest(staging)
    old = store.read_manifest(out)
    if new is None or not new["complete"]:  # nothing finished to put in place
        store.write_manifest(out, {k: v for k, v in old.items() if k != "replacing"})
        return
    store.write_manifest(out, {**old, "replacing": True})
    kept = set(new["parts"])
    for table in store.TABLES:
        (out / table).mkdir(exist_ok=True)
        for number in new["parts"]:
            moved = staging / table / store.part_name(int(number))
            if moved.exists():
                os.replace(moved, out / table / store.part_name(int(number)))
        for number in set(old["parts"]) - kept:
            (out / table / store.part_name(int(number))).unlink(missing_ok=True)
    if (staging / store.SPEAKER_IDS).exists():
        os.replace(staging / store.SPEAKER_IDS, out / store.SPEAKER_IDS)
    os.replace(staging / store.MANIFEST, out / store.MANIFEST)
    shutil.rmtree(staging, ignore_errors=True)


def parts_to_do(entries: Iterable[Entry], part_size: int, done: set[int]
                ) -> Iterator[tuple[int, list[Entry]]]:
    """(part number, its entries) for the parts not done, reading nothing of the others."""
    part, current = 0, []
    for entry in entries:
        number = entry.position // part_size
        if number != part:
            if current:
                yield part, current
            part, current = number, []
        if number not in done:
            current.append(entry)
    if current:
        yield part, current


def extract(spec: str | Path, out: str | Path, jobs: int = 1, scheduler: str | None = None,
            cache: str | Path | None = None, use_cache: bool = True, model: str | None = None,
            part_size: int = DEFAULT_PART_SIZE, batch_size: int = DEFAULT_BATCH_SIZE,
            dayfirst: bool | None = None, progress: bool = True,
            log: Callable[[str], None] | None = None) -> Result:
    """Extract every table of the corpus ``spec`` into ``out`` (see the module docstring), in
    ``jobs`` processes (on this machine: at most its CPUs and the articles), or on ``jobs``
    Dask workers of a local cluster."""
    log = log or (lambda line: tqdm.write(line, file=sys.stderr))
    began = time.perf_counter()
    out = Path(out)
    corpus = Corpus(spec, dayfirst=dayfirst)
    check_out(out, [corpus.table] if corpus.format else corpus.paths, corpus.folders)
    make_folder(out, "--out")
    with locks.owned(out, "--out"), writes_to(out):
        remove_leftovers(out)
        cache_folder = None
        if use_cache:
            cache_folder = Path(cache) if cache else out / CACHE_FOLDER
            check_cache(cache_folder)
        settings = Settings(model=model, cache=cache_folder and str(cache_folder),
                            batch_size=batch_size)
        if not scheduler:
            load_nlp(model)  # a model that cannot be loaded stops the run before it writes
        folder, manifest = plan(out, corpus, settings, part_size, log)
        result = run(folder, manifest, corpus, settings, jobs, scheduler, progress)
        if folder != out:
            replace_tables(out, folder)
    result.out = out
    result.failures = failures_of(out)
    result.seconds = time.perf_counter() - began
    return result


def run(folder: Path, manifest: dict, corpus: Corpus, settings: Settings, jobs: int,
        scheduler: str | None, progress: bool) -> Result:
    """Extract the parts not done into ``folder``, then the speaker ids."""
    total = len(corpus)
    manifest["articles"] = total
    part_size = manifest["part_size"]  # as begun: the tables do not depend on it
    done = {int(k) for k in manifest["parts"]}
    result = Result(folder, total, sum(manifest["parts"][str(k)]["articles"] for k in done))
    schemas = {t: store.schema(t, manifest["extra_columns"]) for t in store.TABLES}
    runner = make_runner(settings, jobs if scheduler else usable_jobs(jobs, total), scheduler)
    bar = tqdm(total=total, initial=result.done_before, unit="article", desc="extract",
               disable=not progress, file=sys.stderr, smoothing=0.1)
    try:
        for number, rows in run_parts(corpus, part_size, done, runner, settings.batch_size,
                                      bar):
            for table in store.TABLES:
                store.write_part(folder, table, number, rows.tables[table], schemas[table])
            manifest["parts"][str(number)] = {
                "articles": len(rows.tables["articles"]) + len(rows.tables["errors"]),
                "errors": len(rows.tables["errors"])}
            store.write_manifest(folder, manifest)
    except (AnalysisError, KeyboardInterrupt, OSError):
        raise
    except Exception as error:  # noqa: BLE001  a worker or the cluster went away
        raise AnalysisError(f"the extraction stopped ({summary(error)}); the parts written are "
                            "kept: run the same command again to go on") from None
    finally:
        bar.close()
        runner.close()
    if not manifest["complete"]:
        finish(folder, manifest)
    return result


def make_folder(folder: Path, option: str) -> None:
    try:
        folder.mkdir(parents=True, exist_ok=True)
    except OSError as error:
        raise AnalysisError(f"{option} {printable(str(folder))}: cannot be written "
                            f"({error.strerror or error})") from None


@contextlib.contextmanager
def writes_to(out: Path) -> Iterator[None]:
    """The run's own writes failing (a full disk, a folder made read-only) as one line: what
    is written stays, and the same command goes on once the folder can be written again."""
    try:
        yield
    except OSError as error:
        raise AnalysisError(f"--out {printable(str(out))}: cannot be written "
                            f"({error.strerror or error}); the parts written are kept: run the "
                            "same command again once it can be") from None


def check_cache(folder: Path) -> None:
    """A parse cache this run can write to, said before any work when it cannot be; the
    temporary files of runs killed while writing it an hour ago or more are removed (a cache
    may be shared by runs that hold no lock on it)."""
    make_folder(folder, "--cache")
    for temporary in files.temporaries(folder, "*/*/", older_than=STALE_SECONDS):
        temporary.unlink(missing_ok=True)
    try:
        with files.atomic_path(folder / ".probe"):
            pass
        (folder / ".probe").unlink()
    except OSError as error:
        raise AnalysisError(f"--cache {printable(str(folder))}: cannot be written "
                            f"({error.strerror or error}); choose another folder, or run with "
                            "--no-cache") from None


def remove_leftovers(out: Path) -> None:
    """The temporary files of runs killed while writing (this run holds the folder, so no
    live run is writing them)."""
    for folder in (out, *(out / t for t in store.TABLES), out / STAGING,
                   *(out / STAGING / t for t in store.TABLES)):
        for temporary in files.temporaries(folder):
            temporary.unlink(missing_ok=True)


@dataclass
class PendingPart:
    """A part whose batches are out: how many are still to come back, and its rows so far."""

    number: int
    batches_left: int
    rows: Rows


def run_parts(corpus: Corpus, part_size: int, done: set[int], runner, batch_size: int,
              bar) -> Iterator[tuple[int, Rows]]:
    """(part number, all its rows) for every part not done, in order; the runner already
    works on the next parts' batches while a part is written."""
    queued: deque[PendingPart] = deque()

    def batches() -> Iterator[list[Work]]:
        for number, entries in parts_to_do(corpus.entries(), part_size, done):
            works, errors = read_entries(entries)
            bar.update(len(errors))
            chunks = batches_of(works, batch_size)
            rows = Rows()
            rows.tables["errors"] = errors
            queued.append(PendingPart(number, len(chunks), rows))
            yield from chunks

    for batch_rows in runner.run(batches()):  # results come back in the batches' order
        waiting = next(part for part in queued if part.batches_left)
        waiting.rows.add(batch_rows)
        waiting.batches_left -= 1
        bar.update(len(batch_rows.tables["articles"]) + len(batch_rows.tables["errors"]))
        while queued and not queued[0].batches_left:
            part = queued.popleft()
            yield part.number, ordered(part.rows)
    for part in queued:  # the last parts, if none of their articles could be read
        yield part.number, ordered(part.rows)


def ordered(rows: Rows) -> Rows:
    """Error rows in the corpus' order (read failures and analysis failures mixed)."""
    rows.tables["errors"].sort(key=lambda row: row["position"])
    return rows


def finish(out: Path, manifest: dict) -> None:
    """Write every speaker's and source's corpus-wide identity (the ``speaker_ids`` table),
    then mark the extraction complete."""
    columns = {"speakers": [*store.SPEAKER_KEY, "quotes"],
               "sources": ["article", "name", "kind", "attributions"]}
    frames = {table: pd.concat(
        [store.read_part(p, wanted, None).to_pandas()
         for p in store.part_paths(out, table, manifest)] or
        [pd.DataFrame({c: pd.Series(dtype=object) for c in wanted})], ignore_index=True)
        for table, wanted in columns.items()}
    ids = run_speaker_ids(with_sources(frames["speakers"], frames["sources"]))
    store.write_speaker_ids(out, pd.DataFrame([(*key, name) for key, name in ids.items()],
                                              columns=[*store.SPEAKER_KEY, "speaker_id"]))
    manifest["complete"] = True
    store.write_manifest(out, manifest)


def failures_of(out: Path) -> list[str]:
    """One line per article in the errors table."""
    return [failure_line(row) for row in store.read_table(out, "errors").to_dict("records")]


def counts(out: Path) -> Counter:
    """Rows per table in an output folder (for the closing line)."""
    manifest = store.read_manifest(out) or {"parts": {}}
    return Counter({t: sum(pq.ParquetFile(p).metadata.num_rows
                           for p in store.part_paths(out, t, manifest) if p.exists())
                    for t in store.TABLES})
