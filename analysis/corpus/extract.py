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
import multiprocessing
import signal
import sys
import time
from collections import Counter, deque
from collections.abc import Callable, Iterable, Iterator
from concurrent.futures import Future, ProcessPoolExecutor
from dataclasses import dataclass, field
from importlib import resources
from pathlib import Path

import pandas as pd
import pyarrow.parquet as pq
from tqdm import tqdm

from ..core.errors import AnalysisError, printable, summary
from ..pipeline.model import load_nlp
from ..tables.identities import speaker_ids
from . import store
from .batches import DEFAULT_BATCH_SIZE, Rows, Settings, Work, analyse_batch, error_row
from .sources import Corpus, Entry

DEFAULT_PART_SIZE = 200
CACHE_FOLDER = "parses"


# ---------------------------------------------------------------------------- runners

class InProcess:
    """Batches analysed here, one after the other."""

    def __init__(self, settings: Settings):
        self.settings = settings

    def run(self, batches: Iterable[list[Work]]) -> Iterator[Rows]:
        for batch in batches:
            yield analyse_batch(batch, self.settings)

    def close(self) -> None:
        pass


def _worker_start(model: str | None) -> None:
    """A pool worker: Ctrl-C is the main process's to handle; the model is loaded once."""
    signal.signal(signal.SIGINT, signal.SIG_IGN)
    load_nlp(model)


class ProcessPool:
    """Batches analysed by ``processes`` worker processes, each loading the model once;
    results come back in order, with a bounded number of batches in flight so that memory
    does not grow with the corpus."""

    def __init__(self, settings: Settings, processes: int):
        self.settings = settings
        self.in_flight = 2 * processes
        self.pool = ProcessPoolExecutor(
            max_workers=processes, mp_context=multiprocessing.get_context("spawn"),
            initializer=_worker_start, initargs=(settings.model,))

    def run(self, batches: Iterable[list[Work]]) -> Iterator[Rows]:
        pending: deque[Future] = deque()
        for batch in batches:
            pending.append(self.pool.submit(analyse_batch, batch, self.settings))
            if len(pending) >= self.in_flight:
                yield pending.popleft().result()
        while pending:
            yield pending.popleft().result()

    def close(self) -> None:
        """Stop at once: queued batches are cancelled and the workers ended."""
        processes = list((getattr(self.pool, "_processes", None) or {}).values())
        self.pool.shutdown(wait=False, cancel_futures=True)
        for process in processes:
            if process.is_alive():
                process.terminate()


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


def check_out(out: Path, corpus: Corpus) -> None:
    """Refuse an output folder that is a file, or that is or lies inside a folder of the
    articles (the next run would read its own output's folder as part of the corpus)."""
    if out.exists() and not out.is_dir():
        raise AnalysisError(f"--out {printable(str(out))}: is a file, not a folder")
    resolved = out.resolve()
    inputs = [corpus.table] if corpus.format else corpus.paths
    folders = [f.resolve() for f in corpus.folders]
    for path in [*(p.resolve() for p in inputs), *folders]:
        if resolved == path or (path in folders and path in resolved.parents):
            raise AnalysisError(f"--out {printable(str(out))}: holds the articles it would "
                                "extract from; choose a folder outside them")


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


def read_part(entries: list[Entry]) -> tuple[list[Work], list[dict]]:
    """The part's articles read (in this process), and an error row for each that cannot be."""
    works, errors = [], []
    for entry in entries:
        try:
            works.append(Work(entry.position, entry.read(), entry.metadata))
        except AnalysisError as error:
            errors.append(error_row(entry.id, entry.position, entry.source,
                                    getattr(error, "reason", str(error))))
        except Exception as error:  # noqa: BLE001  one article must not stop the run
            errors.append(error_row(entry.id, entry.position, entry.source,
                                    f"cannot be read ({summary(error)})"))
    return works, errors


def batches_of(works: list[Work], size: int) -> list[list[Work]]:
    return [works[i:i + size] for i in range(0, len(works), size)]


def extract(spec: str | Path, out: str | Path, n_process: int = 1, scheduler: str | None = None,
            cache: str | Path | None = None, use_cache: bool = True, model: str | None = None,
            part_size: int = DEFAULT_PART_SIZE, batch_size: int = DEFAULT_BATCH_SIZE,
            dayfirst: bool | None = None, progress: bool = True,
            log: Callable[[str], None] | None = None) -> Result:
    """Extract every table of the corpus ``spec`` into ``out`` (see the module docstring)."""
    log = log or (lambda line: tqdm.write(line, file=sys.stderr))
    began = time.perf_counter()
    out = Path(out)
    corpus = Corpus(spec, dayfirst=dayfirst)
    check_out(out, corpus)
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
    runner = make_runner(settings, n_process, scheduler)
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
            works, errors = read_part(entries)
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


def make_runner(settings: Settings, n_process: int, scheduler: str | None):
    if scheduler:
        from .cluster import DaskRunner  # Dask starts slowly: only when asked

        return DaskRunner(settings, scheduler, n_process)
    if n_process > 1:
        return ProcessPool(settings, n_process)
    return InProcess(settings)


def finish(out: Path, manifest: dict) -> None:
    """Write every speaker's corpus-wide ``speaker_id`` (the ``speaker_ids`` table), then mark
    the extraction complete."""
    parts = store.part_paths(out, "speakers", manifest)
    speakers = pd.concat([pd.read_parquet(p, columns=[*store.SPEAKER_KEY, "quotes"])
                          for p in parts], ignore_index=True) if parts else pd.DataFrame(
        {c: pd.Series(dtype=object) for c in [*store.SPEAKER_KEY, "quotes"]})
    speakers[store.SPEAKER_KEY] = speakers[store.SPEAKER_KEY].fillna("")
    store.write_speaker_ids(out, speakers.assign(speaker_id=identities(speakers)))
    manifest["complete"] = True
    store.write_manifest(out, manifest)


def identities(speakers: pd.DataFrame) -> pd.Series:
    """One name per person across the corpus for each row of ``speakers`` (one row per speaker
    of an article), weighted by their quotes: the one call of the identity rule."""
    return speaker_ids(speakers, weights="quotes")


def failures_of(out: Path) -> list[str]:
    """One line per article in the errors table."""
    errors = store.read_table(out, "errors")
    return [f"{printable(str(s))}: {e}" for s, e in zip(errors["source"], errors["error"],
                                                          strict=True)]


def counts(out: Path) -> Counter:
    """Rows per table in an output folder (for the closing line)."""
    manifest = store.read_manifest(out) or {"parts": {}}
    return Counter({t: sum(pq.ParquetFile(p).metadata.num_rows
                           for p in store.part_paths(out, t, manifest) if p.exists())
                    for t in store.TABLES})
