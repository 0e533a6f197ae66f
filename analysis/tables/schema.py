"""Every table's columns, in order, with their types: the one list that the command line's
tables (``rows.py``) and the extracted Parquet tables (``corpus/store.py``) both follow.

A column holds text, an integer or a flag (true or false). An ``optional`` integer is an
offset that a row may lack (a quotation with no speaker has no ``speaker_start``): the
command line's frames hold it as pandas' nullable ``Int64``, so a missing offset stays a
missing value and never turns the column into floats. Parquet columns are all nullable.
"""
from __future__ import annotations

from dataclasses import dataclass

TEXT, INTEGER, FLAG = "text", "integer", "flag"


@dataclass(frozen=True)
class Column:
    name: str
    kind: str  # TEXT, INTEGER or FLAG
    optional: bool = False  # an integer that a row may lack (nullable Int64 in the frames)


def _columns(kind: str, names: str, optional: bool = False) -> list[Column]:
    return [Column(name, kind, optional) for name in names.split()]


ARTICLES = (
    _columns(TEXT, "article") + _columns(INTEGER, "position")
    + _columns(TEXT, "source title date date_raw outlet url format encoding")
    + _columns(INTEGER, "words paragraphs quotes speakers cues hedges")
    + _columns(TEXT, "text")
)
QUOTES = (
    _columns(TEXT, "article") + _columns(INTEGER, "start end")
    + _columns(TEXT, "kind content speaker speaker_id speaker_mention")
    + _columns(INTEGER, "speaker_start speaker_end", optional=True)
    + _columns(TEXT, "speaker_kind role cue")
    + _columns(INTEGER, "cue_start cue_end", optional=True)
    + _columns(TEXT, "via") + _columns(INTEGER, "paragraph")
    + _columns(FLAG, "agentless closed") + _columns(INTEGER, "attribution")
    + _columns(INTEGER, "source_span_start source_span_end content_span_start "
                        "content_span_end cue_span_start cue_span_end", optional=True)
)
SPEAKERS = (
    _columns(TEXT, "article speaker speaker_kind speaker_id")
    + _columns(INTEGER, "quotes direct partial indirect words_quoted")
)
CUES = (
    _columns(TEXT, "article") + _columns(INTEGER, "start end")
    + _columns(TEXT, "cue lemma category kind speaker speaker_kind")
    + _columns(INTEGER, "paragraph")
)
HEDGES = (
    _columns(TEXT, "article") + _columns(INTEGER, "start end")
    + _columns(TEXT, "cue lemma category kind voice speaker")
    + _columns(INTEGER, "paragraph") + _columns(TEXT, "sentence")
)
ERRORS = _columns(TEXT, "article") + _columns(INTEGER, "position") + _columns(TEXT, "source error")

TABLES: dict[str, list[Column]] = {
    "articles": ARTICLES, "quotes": QUOTES, "speakers": SPEAKERS, "cues": CUES,
    "hedges": HEDGES, "errors": ERRORS,
}


def names(table: str) -> list[str]:
    """A table's column names, in order."""
    return [column.name for column in TABLES[table]]


def optional_integers(table: str) -> list[str]:
    """A table's integer columns that a row may lack."""
    return [column.name for column in TABLES[table] if column.optional]
