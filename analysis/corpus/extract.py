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
once if everything is done; when the analysis changed since (another lexicon, rule or model),
every part is extracted again, with the parses taken from the cache.
"""
from __future__ import annotations

import hashlib
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

from ..core.errors import AnalysisError, printable, summary
from ..core.processes import usable_jobs
from ..pipeline.model import load_nlp
from ..tables.identities import run_speaker_ids
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
from .sources import Corpus, Entry

DEFAULT_PART_SIZE = 200
CACHE_FOLDER = "parses"


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


def start(out: Path, corpus: Corpus, settings: Settings, part_size: int,
          log: Callable[[str], None]) -> dict:
    """The manifest to go on with: the existing one when it is the same extraction, a new one
    (old parts removed) when the analysis changed; another corpus is refused."""
    manifest = store.read_manifest(out)
    corpus_key = corpus.fingerprint()
    key = analysis_key(settings, corpus.dayfirst)
    if manifest is not None:
        if manifest.get("corpus_key") != corpus_key:
            raise AnalysisError(
                f"--out {printable(str(out))}: holds tables of another corpus "
                f"({printable(str(manifest.get('corpus')))}); choose another folder")
        if (manifest.get("analysis_key"), manifest.get("part_size"),
                manifest["schema_version"]) == (key, part_size, store.SCHEMA_VERSION):
            return manifest
        log("the analysis or the part size changed since these tables were written: "
            "extracting every article again"
            + (" (parses already made come from the cache)" if settings.cache else ""))
    for table in store.TABLES:
        for old in (out / table).glob("part-*.parquet"):
            old.unlink()
    (out / store.SPEAKER_IDS).unlink(missing_ok=True)
    manifest = {
        "schema_version": store.SCHEMA_VERSION, "corpus": corpus.spec,
        "corpus_key": corpus_key, "analysis_key": key, "model": settings.model or "",
        "part_size": part_size, "articles": None, "parts": {}, "complete": False,
        "extra_columns": corpus.extra_columns,
    }
    store.write_manifest(out, manifest)
    return manifest


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
    try:
        out.mkdir(parents=True, exist_ok=True)
    except OSError as error:
        raise AnalysisError(f"--out {printable(str(out))}: cannot be written "
                            f"({error.strerror or error})") from None
    cache_folder = str(Path(cache) if cache else out / CACHE_FOLDER) if use_cache else None
    settings = Settings(model=model, cache=cache_folder, batch_size=batch_size)
    if not scheduler:
        load_nlp(model)  # a model that cannot be loaded stops the run before it changes a file
    manifest = start(out, corpus, settings, part_size, log)
    total = len(corpus)
    manifest["articles"] = total
    done = {int(k) for k in manifest["parts"]}
    result = Result(out, total, sum(manifest["parts"][str(k)]["articles"] for k in done))
    schemas = {t: store.schema(t, manifest["extra_columns"]) for t in store.TABLES}
    runner = make_runner(settings, jobs if scheduler else usable_jobs(jobs, total), scheduler)
    bar = tqdm(total=total, initial=result.done_before, unit="article", desc="extract",
               disable=not progress, file=sys.stderr, smoothing=0.1)
    try:
        for number, rows in run_parts(corpus, part_size, done, runner, settings.batch_size,
                                      bar):
            for table in store.TABLES:
                store.write_part(out, table, number, rows.tables[table], schemas[table])
            manifest["parts"][str(number)] = {
                "articles": len(rows.tables["articles"]) + len(rows.tables["errors"]),
                "errors": len(rows.tables["errors"])}
            store.write_manifest(out, manifest)
    except (AnalysisError, KeyboardInterrupt):
        raise
    except Exception as error:  # noqa: BLE001  a worker or the cluster went away
        raise AnalysisError(f"the extraction stopped ({summary(error)}); the parts written are "
                            "kept: run the same command again to go on") from None
    finally:
        bar.close()
        runner.close()
    if not manifest["complete"]:
        finish(out, manifest)
    result.failures = failures_of(out)
    result.seconds = time.perf_counter() - began
    return result


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
    """Write every speaker's corpus-wide ``speaker_id`` (the ``speaker_ids`` table), then mark
    the extraction complete."""
    parts = store.part_paths(out, "speakers", manifest)
    speakers = pd.concat([pd.read_parquet(p, columns=[*store.SPEAKER_KEY, "quotes"])
                          for p in parts], ignore_index=True) if parts else pd.DataFrame(
        {c: pd.Series(dtype=object) for c in [*store.SPEAKER_KEY, "quotes"]})
    ids = run_speaker_ids(speakers)
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
