"""Every table's columns, in order, with their types: the one list that the command line's
tables (``rows.py``) and the extracted Parquet tables (``corpus/store.py``) both follow.

A column holds text, an integer, a number (a share) or a flag (true or false). An
``optional`` integer is an offset that a row may lack (a quotation with no speaker has no
``speaker_start``): the command line's frames hold it as pandas' nullable ``Int64``, so a
missing offset stays a missing value and never turns the column into floats. Parquet
columns are all nullable.

A ``joined`` column is known only once a whole run is: ``speaker_id`` and ``source_id`` (one
name per person across the corpus). ``extract`` keeps them out of the parts, in the
``speaker_ids`` table written once at the end, and joins them back on read, by the columns
``IDENTITIES`` names; the command line computes them before it prints.
"""
from __future__ import annotations

from dataclasses import dataclass

TEXT, INTEGER, NUMBER, FLAG = "text", "integer", "number", "flag"


@dataclass(frozen=True)
class Column:
    name: str
    kind: str  # TEXT, INTEGER, NUMBER or FLAG
    optional: bool = False  # an integer that a row may lack (nullable Int64 in the frames)
    joined: bool = False  # known once the run is done: kept in ``speaker_ids``, joined on read


def _columns(kind: str, names: str, optional: bool = False, joined: bool = False
             ) -> list[Column]:
    return [Column(name, kind, optional, joined) for name in names.split()]


SPEAKER_ID = _columns(TEXT, "speaker_id", joined=True)


ARTICLES = (
    _columns(TEXT, "article") + _columns(INTEGER, "position")
    + _columns(TEXT, "source title date date_raw outlet url format encoding")
    + _columns(INTEGER, "words paragraphs quotes speakers cues hedges")
    + _columns(TEXT, "text")
)
QUOTES = (
    _columns(TEXT, "article") + _columns(INTEGER, "start end")
    + _columns(TEXT, "kind content speaker") + SPEAKER_ID + _columns(TEXT, "speaker_mention")
    + _columns(INTEGER, "speaker_start speaker_end", optional=True)
    + _columns(TEXT, "speaker_kind role cue")
    + _columns(INTEGER, "cue_start cue_end", optional=True)
    + _columns(TEXT, "via") + _columns(INTEGER, "paragraph")
    + _columns(FLAG, "agentless closed") + _columns(INTEGER, "attribution")
    + _columns(INTEGER, "source_span_start source_span_end content_span_start "
                        "content_span_end cue_span_start cue_span_end", optional=True)
)
SPEAKERS = (
    _columns(TEXT, "article speaker speaker_kind") + SPEAKER_ID
    + _columns(INTEGER, "quotes direct partial indirect words_quoted")
)
CUES = (
    _columns(TEXT, "article") + _columns(INTEGER, "start end")
    + _columns(TEXT, "cue lemma category kind speaker speaker_kind")
    + _columns(INTEGER, "paragraph") + _columns(TEXT, "sentence")
)
HEDGES = (
    _columns(TEXT, "article") + _columns(INTEGER, "start end")
    + _columns(TEXT, "cue lemma category kind voice speaker")
    + _columns(INTEGER, "paragraph") + _columns(TEXT, "sentence")
)
SOURCES = (
    _columns(TEXT, "article") + _columns(TEXT, "source_id", joined=True)
    + _columns(TEXT, "name kind gender gender_evidence")
    + _columns(INTEGER, "gender_start gender_end", optional=True)
    + _columns(TEXT, "role role_evidence")
    + _columns(INTEGER, "role_start role_end", optional=True)
    + _columns(INTEGER, "first_rank first_paragraph") + _columns(FLAG, "in_headline direct")
    + _columns(INTEGER, "attributions words_quoted") + _columns(NUMBER, "share_of_voice")
    + _columns(TEXT, "categories") + _columns(INTEGER, "hedges")
)
NAMES = (
    _columns(TEXT, "article") + _columns(INTEGER, "start end") + _columns(TEXT, "name label")
)
ERRORS = _columns(TEXT, "article") + _columns(INTEGER, "position") + _columns(TEXT, "source error")

TABLES: dict[str, list[Column]] = {
    "articles": ARTICLES, "quotes": QUOTES, "speakers": SPEAKERS, "cues": CUES,
    "hedges": HEDGES, "sources": SOURCES, "names": NAMES, "errors": ERRORS,
}
# What identifies a speaker in the ``speaker_ids`` table, and for each table with a joined
# identity, that column and the columns of its own that stand for the key.
SPEAKER_KEY = ["article", "speaker", "speaker_kind"]
SPEAKER_IDS = [*(Column(name, TEXT) for name in SPEAKER_KEY), *SPEAKER_ID]
IDENTITIES = {"quotes": ("speaker_id", SPEAKER_KEY), "speakers": ("speaker_id", SPEAKER_KEY),
              "sources": ("source_id", ["article", "name", "kind"])}


def names(table: str) -> list[str]:
    """A table's column names, in order."""
    return [column.name for column in TABLES[table]]


def stored(table: str) -> list[Column]:
    """The columns a table's parts hold: all but the joined ones."""
    return [column for column in TABLES[table] if not column.joined]


def optional_integers(table: str) -> list[str]:
    """A table's integer columns that a row may lack."""
    return [column.name for column in TABLES[table] if column.optional]
