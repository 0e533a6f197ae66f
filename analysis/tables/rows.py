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
from .identities import speaker_ids

QUOTE_COLUMNS = [
    "article", "start", "end", "kind", "content", "speaker", "speaker_id", "speaker_mention",
    "speaker_start", "speaker_end", "speaker_kind", "role", "cue", "cue_start", "cue_end", "via",
    "paragraph", "agentless", "closed", "attribution", "source_span_start", "source_span_end",
    "content_span_start", "content_span_end", "cue_span_start", "cue_span_end",
]
LABEL_LEMMA = "speaker label"
CUE_COLUMNS = [
    "article", "start", "end", "cue", "lemma", "category", "kind", "speaker", "speaker_kind",
    "paragraph",
]
HEDGE_COLUMNS = [
    "article", "start", "end", "cue", "lemma", "category", "kind", "voice", "speaker",
    "paragraph", "sentence",
]


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
        })
    return rows


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
            "sentence": article.readable(sentence.start_char, sentence.end_char),
        })
    return rows


def _frame(pairs: Iterable[tuple[Article, Doc]], rows, columns: list[str]) -> pd.DataFrame:
    records = [row for article, doc in pairs for row in rows(doc, article)]
    frame = pd.DataFrame.from_records(records, columns=columns)
    for column in ("speaker_start", "speaker_end", "cue_start", "cue_end", "source_span_start",
                   "source_span_end", "content_span_start", "content_span_end",
                   "cue_span_start", "cue_span_end"):
        if column in frame:
            frame[column] = frame[column].astype("Int64")
    return frame


def quotes_frame(pairs: Iterable[tuple[Article, Doc]]) -> pd.DataFrame:
    """The quote rows of every article, with ``speaker_id``: one name per person across all
    the articles given (``analysis/speakers.py``)."""
    frame = _frame(pairs, quote_rows, QUOTE_COLUMNS)
    frame["speaker_id"] = speaker_ids(frame)
    return frame


def cues_frame(pairs: Iterable[tuple[Article, Doc]]) -> pd.DataFrame:
    return _frame(pairs, cue_rows, CUE_COLUMNS)


def hedges_frame(pairs: Iterable[tuple[Article, Doc]]) -> pd.DataFrame:
    return _frame(pairs, hedge_rows, HEDGE_COLUMNS)


def word_count(text: str) -> int:
    return len(text.split())


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
    q = quotes.assign(
        speaker=quotes[by].fillna("").replace("", "(no speaker)"),
        words=quotes["content"].map(word_count).where(quotes["kind"] != "indirect", 0),
    )
    counts = pd.crosstab(q["speaker"], q["kind"]).reindex(
        columns=["direct", "partial", "indirect"], fill_value=0)
    grouped = q.groupby("speaker")
    table = counts.assign(
        speaker_kind=grouped["speaker_kind"].agg(lambda s: s.mode().iat[0]),
        words_quoted=grouped["words"].sum(),
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


COLUMNS = {"quotes": QUOTE_COLUMNS, "cues": CUE_COLUMNS, "hedges": HEDGE_COLUMNS}
FRAMES = {"quotes": quotes_frame, "cues": cues_frame, "hedges": hedges_frame}
