"""Batches of articles into rows of every table: the one function every kind of worker runs
(the main process, a pool's worker processes, Dask workers), each loading the model once.

A worker parses each text once (or takes its parse from the cache), runs the project's
components and returns only rows, which are small beside the Docs they come from.
"""
from __future__ import annotations

from collections.abc import Iterable, Iterator
from dataclasses import dataclass, field
from pathlib import Path

import pandas as pd

from ..core.errors import AnalysisError, printable, summary
from ..pipeline import model
from ..pipeline.model import COMPONENTS
from ..pipeline.parse_cache import ParseCache
from ..pipeline.run import with_components
from ..tables import rows as tables
from ..tables.audit import source_rows
from ..text.articles import Article
from . import store
from .sources import METADATA_COLUMNS, Corpus, Entry

DEFAULT_BATCH_SIZE = 16


@dataclass(frozen=True)
class Settings:
    """What a worker needs besides its articles."""

    model: str | None = None
    cache: str | None = None
    batch_size: int = DEFAULT_BATCH_SIZE


@dataclass
class Work:
    """One article for a worker, with its position in the corpus."""

    position: int
    article: Article


@dataclass
class Rows:
    """Rows of every table, from one article or many."""

    tables: dict[str, list[dict]] = field(default_factory=lambda: {t: [] for t in store.TABLES})

    def add(self, other: Rows) -> None:
        for table, rows in other.tables.items():
            self.tables[table] += rows

    def frame(self, table: str) -> pd.DataFrame:
        """One of the command line's tables (quotes, cues, hedges, sources) as a DataFrame;
        quotes and sources with the identities the run's speakers and sources give them."""
        if table in ("quotes", "sources"):
            return tables.with_identities(self.tables)[table]
        return tables.frame_of(self.tables[table], table)


def error_row(article: str, position: int, source: str, reason: str) -> dict:
    return {"article": article, "position": position, "source": source, "error": reason}


def failure_line(error: dict) -> str:
    """How a run lists an article of the errors table: its file (or table row) and why."""
    return f"{printable(str(error['source']))}: {error['error']}"


def read_entries(entries: Iterable[Entry]) -> tuple[list[Work], list[dict]]:
    """The articles read (in this process), and an error row for each that cannot be."""
    works, errors = [], []
    for entry in entries:
        try:
            works.append(Work(entry.position, entry.read()))
        except AnalysisError as error:
            errors.append(error_row(entry.id, entry.position, entry.source,
                                    getattr(error, "reason", str(error))))
        except Exception as error:  # noqa: BLE001  one article must not stop the run
            errors.append(error_row(entry.id, entry.position, entry.source,
                                    f"cannot be read ({summary(error)})"))
    return works, errors


def read_one(path: Path, dayfirst: bool | None = None) -> Article:
    """One article file, read through the corpus reader every entry point uses (its id as
    the command line and ``extract`` give it); AnalysisError with one line if it cannot be."""
    if path.is_dir():
        raise AnalysisError(f"{printable(str(path))}: is a folder, not an article")
    works, errors = read_entries(Corpus([path], dayfirst=dayfirst).entries())
    if errors:
        raise AnalysisError(failure_line(errors[0]))
    return works[0].article


def batches_of(works: list[Work], size: int) -> list[list[Work]]:
    return [works[i:i + size] for i in range(0, len(works), size)]


def article_rows(work: Work, doc) -> Rows:
    """Every table's rows for one analysed article (``speaker_id`` comes at the end of the
    run, once every article's speakers are known)."""
    article = work.article
    quotes = tables.quote_rows(doc, article)
    cues = tables.cue_rows(doc, article)
    hedges = tables.hedge_rows(doc, article)
    speakers = tables.speaker_table(quotes)
    sources = source_rows(doc, article, quotes, hedges)
    record = {
        "article": article.id, "position": work.position, "source": article.source,
        "title": article.shown_title, "date": article.iso_date,
        "date_raw": article.date_raw or None, "outlet": article.outlet, "url": article.url,
        "format": article.format, "encoding": article.encoding, "words": article.word_count,
        "paragraphs": len(article.paragraphs), "quotes": len(quotes),
        "speakers": len({row["speaker"] for row in quotes if row["speaker"]}),
        "cues": len(cues), "hedges": len(hedges), "text": article.text,
    }
    # The input's other columns, under the names Corpus.extra_columns gives the schema.
    record.update({k: v for k, v in article.columns.items() if k not in METADATA_COLUMNS})
    rows = Rows()
    rows.tables.update(articles=[record], quotes=quotes, speakers=speakers, cues=cues,
                       hedges=hedges, sources=sources, names=tables.name_rows(doc, article))
    return rows


# ---------------------------------------------------------------------------- workers

def analyse_batch(batch: list[Work], settings: Settings) -> Rows:
    """The rows of a batch of articles: each text parsed once (or its parse read from the
    cache), then the components; an article the pipeline fails on is a row of ``errors``.
    Runs wherever the work is: this process, a pool's worker, a Dask worker."""
    nlp = model.load_nlp(settings.model)
    cache = ParseCache(settings.cache, nlp) if settings.cache else None
    rows = Rows()
    for work, doc, failure in parsed(batch, nlp, cache, settings.batch_size):
        article = work.article
        if doc is not None:
            try:
                rows.add(article_rows(work, with_components(doc, article, nlp)))
                continue
            except Exception as error:  # noqa: BLE001  one article must not stop the run
                failure = f"the analysis failed ({summary(error)})"
        rows.tables["errors"].append(
            error_row(article.id, work.position, article.source, failure))
    return rows


def parsed(batch: list[Work], nlp, cache: ParseCache | None,
           batch_size: int) -> Iterator[tuple[Work, object, str | None]]:
    """(work, parsed doc or None, why not) in the batch's order: kept parses from the cache,
    the others through ``nlp.pipe`` without the analysis components (and kept). If the pipe
    fails, the texts it had not returned are parsed one by one, so only the culprit is lost."""
    docs: dict[int, object] = {}
    if cache is not None:
        for work in batch:
            doc = cache.get(work.article.analysis_text)
            if doc is not None:
                docs[work.position] = doc
    todo = [w for w in batch if w.position not in docs]
    failures: dict[int, str] = {}
    done = 0
    try:
        for doc in nlp.pipe((w.article.analysis_text for w in todo), disable=list(COMPONENTS),
                            batch_size=batch_size):
            docs[todo[done].position] = doc
            done += 1
    except Exception:  # noqa: BLE001  retried one by one below
        for work in todo[done:]:
            try:
                docs[work.position] = nlp(work.article.analysis_text, disable=list(COMPONENTS))
            except Exception as error:  # noqa: BLE001
                failures[work.position] = f"the analysis failed ({summary(error)})"
    parsed_here = {w.position for w in todo}
    for work in batch:
        doc = docs.get(work.position)
        if cache is not None and doc is not None and work.position in parsed_here:
            cache.put(doc)
        yield work, doc, failures.get(work.position)
