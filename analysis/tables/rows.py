"""Tidy pandas views of the spans: one row per quote, cue or hedge, plus summaries.

Row fields are the command-line contract (the README's "Command line" section): every row has
``article``, ``start`` and ``end``, character offsets into the decoded file.
"""
from __future__ import annotations

from collections.abc import Iterable

import pandas as pd
from spacy.tokens import Doc

from ..parse.extensions import values_of
from ..parse.syntax import Sentences
from ..text.articles import Article
from . import schema
from .audit import source_rows
from .identities import ids_of, run_speaker_ids, with_sources

QUOTE_COLUMNS = schema.names("quotes")
LABEL_LEMMA = "speaker label"
CUE_COLUMNS = schema.names("cues")
HEDGE_COLUMNS = schema.names("hedges")
NAME_COLUMNS = schema.names("names")
# The named entities a reader of an article's sources asks about: who is named at all.
NAME_LABELS = ("PERSON", "ORG")


def quote_rows(doc: Doc, article: Article) -> list[dict]:
    rows = []
    for span in doc.spans.get("quotes", []):
        x = values_of(span)
        start, end = x["content_start"], x["content_end"]
        rows.append({
            "article": article.id, "start": start, "end": end, "kind": x["kind"],
            "content": article.readable(start, end),
            "speaker": x["speaker"], "speaker_mention": x["speaker_mention"] and
            article.readable(x["speaker_start"], x["speaker_end"]),
            "speaker_start": x["speaker_start"], "speaker_end": x["speaker_end"],
            "speaker_kind": x["speaker_kind"] or "unknown",
            "role": article.readable(x["role_start"], x["role_end"])
            if x["role_start"] is not None else "",
            **readable_cue(article, x["cue_start"], x["cue_end"], x["speaker_start"]),
            "via": x["via"], "paragraph": article.paragraph_of(start),
            "agentless": x["agentless"], "closed": x["closed"],
            "attribution": x["attribution"],
            "source_span_start": x["source_span_start"],
            "source_span_end": x["source_span_end"],
            "content_span_start": x["content_span_start"],
            "content_span_end": x["content_span_end"],
            "cue_span_start": x["cue_span_start"], "cue_span_end": x["cue_span_end"],
        })
    return rows


def cue_rows(doc: Doc, article: Article) -> list[dict]:
    speakers = {q["cue_start"]: q for q in (
        values_of(span, ("cue_start", "speaker", "speaker_start", "speaker_kind"))
        for span in doc.spans.get("quotes", [])) if q["cue_start"] is not None}
    sentences = Sentences.of_doc(doc)
    rows = []
    for span in doc.spans.get("cues", []):
        x = values_of(span, ("lemma", "category", "kind"))
        quote = speakers.get(span.start_char, {})
        cue = readable_cue(article, span.start_char, span.end_char, quote.get("speaker_start"))
        rows.append({
            "article": article.id, "start": cue["cue_start"], "end": cue["cue_end"],
            "cue": cue["cue"], "lemma": LABEL_LEMMA if cue["cue_start"] != span.start_char
            else x["lemma"], "category": x["category"],
            "kind": x["kind"], "speaker": quote.get("speaker", ""),
            "speaker_kind": quote.get("speaker_kind", ""),
            "paragraph": article.paragraph_of(span.start_char),
            "sentence": readable_sentence(article, sentences.of(span[0])),
        })
    return rows


def readable_sentence(article: Article, sentence) -> str:
    return article.readable(sentence.start_char, sentence.end_char)


def name_rows(doc: Doc, article: Article) -> list[dict]:
    """One row per mention of a person or organisation the model names (``NAME_LABELS``), so
    that who is named but never quoted can be read from the tables without the parse."""
    return [{"article": article.id, "start": ent.start_char, "end": ent.end_char,
             "name": article.readable(ent.start_char, ent.end_char), "label": ent.label_}
            for ent in doc.ents if ent.label_ in NAME_LABELS]


def readable_cue(article: Article, start: int | None, end: int | None,
                 speaker_start: int | None) -> dict:
    """A cue as tables show it: its words, or for a speaker label's colon ('Sanders: ...')
    the label with its colon, since a row reading ':' says nothing."""
    if start is None:
        return {"cue": "", "cue_start": None, "cue_end": None}
    words = article.readable(start, end)
    if not any(c.isalnum() for c in words) and speaker_start is not None \
            and speaker_start < start:
        start = speaker_start
        words = article.readable(start, end)
    return {"cue": words, "cue_start": start, "cue_end": end}


def hedge_rows(doc: Doc, article: Article) -> list[dict]:
    rows = []
    sentences = Sentences.of_doc(doc)  # ``span.sent`` walks the sentence for every hedge
    for span in doc.spans.get("hedges", []):
        x = values_of(span, ("lemma", "category", "kind", "voice", "speaker"))
        sentence = sentences.of(span[0])
        rows.append({
            "article": article.id, "start": span.start_char, "end": span.end_char,
            "cue": article.readable(span.start_char, span.end_char),
            "lemma": x["lemma"], "category": x["category"], "kind": x["kind"],
            "voice": x["voice"], "speaker": x["speaker"],
            "paragraph": article.paragraph_of(span.start_char),
            "sentence": readable_sentence(article, sentence),
        })
    return rows


QUOTE_KIND_NAMES = ("direct", "partial", "indirect")


def frame_of(records: list[dict], table: str) -> pd.DataFrame:
    """Rows of one table as a DataFrame of its columns (``schema``), offsets that may be
    missing as nullable integers."""
    frame = pd.DataFrame.from_records(records, columns=schema.names(table))
    for column in schema.optional_integers(table):
        frame[column] = frame[column].astype("Int64")
    return frame


def _frame(pairs: Iterable[tuple[Article, Doc]], rows, table: str) -> pd.DataFrame:
    return frame_of([row for article, doc in pairs for row in rows(doc, article)], table)


def quotes_frame(pairs: Iterable[tuple[Article, Doc]]) -> pd.DataFrame:
    """The quote rows of every article, with ``speaker_id``: one name per person across all
    the articles given (``identities.py``)."""
    return identified_frames(pairs)["quotes"]


def sources_frame(pairs: Iterable[tuple[Article, Doc]]) -> pd.DataFrame:
    """The source rows of every article, with ``source_id`` (the same identities as
    ``speaker_id``)."""
    return identified_frames(pairs)["sources"]


def identified_frames(pairs: Iterable[tuple[Article, Doc]]) -> dict[str, pd.DataFrame]:
    """The quote and source tables of the articles given, identities computed over both."""
    quotes, sources = [], []
    for article, doc in pairs:
        rows = quote_rows(doc, article)
        quotes += rows
        sources += source_rows(doc, article, rows, hedge_rows(doc, article))
    return with_identities({"quotes": quotes, "speakers": speaker_table(quotes),
                            "sources": sources})


def with_identities(tables: dict[str, list[dict]]) -> dict[str, pd.DataFrame]:
    """A run's quote and source tables (from rows of ``quotes``, ``speakers`` and
    ``sources``) with the identity of each row, computed once over the run's speakers and
    sources (``identities.run_speaker_ids``)."""
    ids = run_speaker_ids(with_sources(frame_of(tables["speakers"], "speakers"),
                                       frame_of(tables["sources"], "sources")))
    frames = {}
    for table in ("quotes", "sources"):
        frame = frame_of(tables[table], table)
        column, key = schema.IDENTITIES[table]
        frames[table] = frame.assign(**{column: pd.Series(ids_of(frame, ids, key),
                                                           index=frame.index, dtype=object)})
    return frames


def cues_frame(pairs: Iterable[tuple[Article, Doc]]) -> pd.DataFrame:
    return _frame(pairs, cue_rows, "cues")


def hedges_frame(pairs: Iterable[tuple[Article, Doc]]) -> pd.DataFrame:
    return _frame(pairs, hedge_rows, "hedges")


def word_count(text: str) -> int:
    return len(text.split())


def speaker_counts(quotes: Iterable[dict], by: tuple[str, ...]) -> list[dict]:
    """Per group of quote rows (the fields ``by``, in order of first quote): quotations in
    all and of each kind, and the words quoted directly or partly. The one count behind the
    speakers table and the speaker summary; plain rows, since every article of an extraction
    counts its own."""
    found: dict[tuple, dict] = {}
    for quote in quotes:
        key = tuple(_text(quote[field]) for field in by)
        row = found.get(key)
        if row is None:
            row = found[key] = {**dict(zip(by, key, strict=True)), "quotes": 0,
                                **dict.fromkeys(QUOTE_KIND_NAMES, 0), "words_quoted": 0}
        row["quotes"] += 1
        if quote["kind"] in QUOTE_KIND_NAMES:
            row[quote["kind"]] += 1
        if quote["kind"] != "indirect":
            row["words_quoted"] += word_count(quote["content"])
    return list(found.values())


def _text(value) -> str:
    """A text cell, missing as empty (pandas gives a missing one as None or NaN)."""
    return value if isinstance(value, str) else ""


def speaker_table(quotes: Iterable[dict]) -> list[dict]:
    """The speakers table's rows: one per speaker of an article (in order of first quote),
    with their quotations by kind and the words quoted; ``speaker_id`` is the run's to give."""
    return [{**row, "speaker_id": None}
            for row in speaker_counts(quotes, ("article", "speaker", "speaker_kind"))]


def speaker_summary(quotes: pd.DataFrame, by: str = "speaker") -> pd.DataFrame:
    """Per resolved speaker: quotes of each kind, words quoted and their share, kind, cues.

    ``by="speaker_id"`` counts one row per person across a corpus (the ``speaker`` column then
    holds the identity); the default keeps each article's own fullest name."""
    if by not in ("speaker", "speaker_id"):
        raise ValueError(f"speaker_summary counts by 'speaker' or 'speaker_id', not {by!r}")
    columns = ["speaker", "speaker_kind", "direct", "partial", "indirect", "words_quoted",
               "share_of_quoted_words", "roles", "cues"]
    if quotes.empty:
        return pd.DataFrame(columns=columns)
    q = quotes.assign(speaker=quotes[by].fillna("").replace("", "(no speaker)"))
    grouped = q.groupby("speaker")
    counts = pd.DataFrame(speaker_counts(q.to_dict("records"), ("speaker",)))
    table = counts.set_index("speaker").sort_index().assign(
        speaker_kind=grouped["speaker_kind"].agg(lambda s: s.mode().iat[0]),
        roles=grouped["role"].agg(lambda s: "; ".join(sorted({r for r in s if r}))),
        cues=grouped["cue"].agg(lambda s: ", ".join(sorted({c.lower() for c in s if c}))),
    )
    total = table["words_quoted"].sum()
    table["share_of_quoted_words"] = (table["words_quoted"] / total).round(3) if total else 0.0
    table = table.reset_index().sort_values(
        ["words_quoted", "direct", "indirect"], ascending=False, kind="stable")
    return table[columns].reset_index(drop=True)


def cue_summary(cues: pd.DataFrame) -> pd.DataFrame:
    """Per cue lemma: category and count, most frequent first."""
    if cues.empty:
        return pd.DataFrame(columns=["lemma", "category", "count"])
    return (cues.groupby(["lemma", "category"]).size().rename("count").reset_index()
            .sort_values(["count", "lemma"], ascending=[False, True], kind="stable")
            .reset_index(drop=True))


def hedge_summary(hedges: pd.DataFrame, words: int) -> pd.DataFrame:
    """Hedges per 100 words by voice and category."""
    if hedges.empty:
        return pd.DataFrame(columns=["voice", "category", "count", "per_100_words"])
    table = hedges.groupby(["voice", "category"]).size().rename("count").reset_index()
    table["per_100_words"] = (100 * table["count"] / max(words, 1)).round(2)
    return table.sort_values(["voice", "count"], ascending=[False, False], kind="stable") \
        .reset_index(drop=True)


COLUMNS = {"quotes": QUOTE_COLUMNS, "cues": CUE_COLUMNS, "hedges": HEDGE_COLUMNS,
           "names": NAME_COLUMNS, "sources": schema.names("sources")}
