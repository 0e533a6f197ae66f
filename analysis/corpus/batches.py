"""Batches of articles into rows of every table: the one function every kind of worker runs
(the main process, a pool's worker processes, Dask workers), each loading the model once.

A worker parses each text once (or takes its parse from the cache), runs the project's
components and returns only rows, which are small beside the Docs they come from.
"""
from __future__ import annotations

from collections.abc import Iterator
from dataclasses import dataclass, field

from ..core.errors import summary
from ..pipeline.model import COMPONENTS, load_nlp
from ..pipeline.parse_cache import ParseCache
from ..tables import rows as tables
from ..text.articles import Article
from . import store

DEFAULT_BATCH_SIZE = 16


@dataclass(frozen=True)
class Settings:
    """What a worker needs besides its articles."""

    model: str | None = None
    cache: str | None = None
    batch_size: int = DEFAULT_BATCH_SIZE


@dataclass
class Work:
    """One article for a worker, with what the corpus said about it beside its text."""

    position: int
    article: Article
    metadata: dict


@dataclass
class Rows:
    """Rows of every table, from one article or many."""

    tables: dict[str, list[dict]] = field(default_factory=lambda: {t: [] for t in store.TABLES})

    def add(self, other: Rows) -> None:
        for table, rows in other.tables.items():
            self.tables[table] += rows


def error_row(article: str, position: int, source: str, reason: str) -> dict:
    return {"article": article, "position": position, "source": source, "error": reason}


def article_rows(work: Work, doc) -> Rows:
    """Every table's rows for one analysed article (``speaker_id`` comes at the end of the
    run, once every article's speakers are known)."""
    article = work.article
    quotes = tables.quote_rows(doc, article)
    cues = tables.cue_rows(doc, article)
    hedges = tables.hedge_rows(doc, article)
    speakers = speaker_rows(article.id, quotes)
    metadata = work.metadata
    record = {
        "article": article.id, "position": work.position, "source": article.source,
        "title": metadata.get("title") or article.title, "date": article.iso_date,
        "date_raw": article.date_raw or metadata.get("date") or None,
        "outlet": metadata.get("outlet") or article.outlet,
        "url": metadata.get("url") or article.metadata.get("url") or None,
        "format": article.format, "encoding": article.encoding, "words": article.word_count,
        "paragraphs": len(article.paragraphs), "quotes": len(quotes),
        "speakers": len({row["speaker"] for row in quotes if row["speaker"]}),
        "cues": len(cues), "hedges": len(hedges), "text": article.text,
    }
    record.update({store.input_column(k): v for k, v in metadata.items()
                   if k not in ("title", "date", "outlet", "url")})
    rows = Rows()
    rows.tables.update(articles=[record], quotes=quotes, speakers=speakers, cues=cues,
                       hedges=hedges, names=tables.name_rows(doc, article))
    return rows


def speaker_rows(article: str, quotes: list[dict]) -> list[dict]:
    """One row per speaker of an article (in order of first quote) with their quotes by kind
    and the words quoted directly or partly, as ``tables.speaker_summary`` counts them."""
    found: dict[tuple[str, str], dict] = {}
    for quote in quotes:
        key = (quote["speaker"] or "", quote["speaker_kind"] or "")
        row = found.setdefault(key, {
            "article": article, "speaker": key[0], "speaker_kind": key[1],
            "quotes": 0, "direct": 0, "partial": 0, "indirect": 0, "words_quoted": 0})
        row["quotes"] += 1
        if quote["kind"] in ("direct", "partial", "indirect"):
            row[quote["kind"]] += 1
        if quote["kind"] != "indirect":
            row["words_quoted"] += tables.word_count(quote["content"])
    return list(found.values())


# ---------------------------------------------------------------------------- workers

def analyse_batch(batch: list[Work], settings: Settings) -> Rows:
    """The rows of a batch of articles: each text parsed once (or its parse read from the
    cache), then the components; an article the pipeline fails on is a row of ``errors``.
    Runs wherever the work is: this process, a pool's worker, a Dask worker."""
    nlp = load_nlp(settings.model)
    cache = ParseCache(settings.cache, nlp) if settings.cache else None
    rows = Rows()
    for work, doc, failure in parsed(batch, nlp, cache, settings.batch_size):
        article = work.article
        if doc is not None:
            try:
                for name in COMPONENTS:
                    doc = nlp.get_pipe(name)(doc)
                doc.user_data["article"] = article.id
                rows.add(article_rows(work, doc))
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
                failures[work.position] = f"the parse failed ({summary(error)})"
    parsed_here = {w.position for w in todo}
    for work in batch:
        doc = docs.get(work.position)
        if cache is not None and doc is not None and work.position in parsed_here:
            cache.put(doc)
        yield work, doc, failures.get(work.position)
