"""What every notebook object shares: parameter checks, what readers call the tables' values,
whole tables in a scrolling box, figures that show as images and saved tables."""
from __future__ import annotations

import csv
import html
import io
from importlib import resources
from pathlib import Path

import pandas as pd

from ..core import files, paths
from ..core.errors import (
    AnalysisError,
    ModelNotFoundError,
    ParameterError,
    spreadsheet_safe,
)
from ..corpus import store
from ..pipeline.model import load_nlp
from . import figures

# What readers call the values the tables hold; category labels are categories.csv's.
QUOTE_KINDS = {"direct": "word for word", "partial": "partly quoted", "indirect": "paraphrased"}
SOURCE_KINDS = {
    "person": "a named person", "organisation": "an organisation",
    "group": "an unnamed group", "anonymous": "an unnamed person", "unknown": "nobody named",
}
UNNAMED_KINDS = ("anonymous", "group", "unknown")
VOICES = {"reporter": "the reporter", "quoted": "a quoted source"}
ARTICLE_FIGURES = ("quotes_per_speaker", "attribution_verbs", "hedging_along_article",
                   "sourcing_mix")
CORPUS_FIGURES = ("quotes_per_speaker", "attribution_verbs", "sourcing_mix",
                  "corpus_comparison")
GROUPINGS = ("", "outlet", "month")
CORPUS_ARTICLE_COLUMNS = ("article", "words", "title", "date", "outlet")


def text_parameter(name: str, value) -> str:
    if not isinstance(value, (str, Path)):
        raise ParameterError(f"parameter {name!r} must be a path or name as text, "
                             f"not {type(value).__name__} {value!r}")
    return str(value)


def model_parameter(model) -> str | None:
    """The spaCy pipeline a run names (None: the default), checked by loading it, so that a
    missing one is a ParameterError before any work starts."""
    name = text_parameter("model", model) or None
    try:
        load_nlp(name)
    except ModelNotFoundError as error:
        raise ParameterError(f"parameter 'model': {error}") from None
    return name


def tables_folder(tables) -> Path | None:
    """The folder of extracted tables a run reads instead of parsing, or None."""
    folder = text_parameter("tables", tables)
    if not folder:
        return None
    resolved = paths.resolve(folder)
    try:
        store.read_manifest(resolved) or store.missing(resolved)
    except AnalysisError as error:
        raise ParameterError(f"parameter 'tables': {error}") from None
    return resolved


def output_folder(save_to) -> Path | None:
    """Where a run saves its figures and tables: nowhere unless asked, so running a notebook
    by hand never rewrites the project's figures/ (only ``make report`` does)."""
    folder = text_parameter("save_to", save_to)
    return paths.resolve(folder) if folder else None


def answer(text: str):
    """A teacher's answer as Markdown (the student version of the lesson drops it)."""
    from IPython.display import Markdown

    return Markdown(f"**Answer.** {text}")


def known_figure(name: str, known: tuple[str, ...]) -> str:
    """``name`` when it is one of ``known``; else a one-line ParameterError listing them."""
    if name not in known:
        raise ParameterError(f"no figure {name!r}; the figures are " + ", ".join(known))
    return name


def percent(share: float) -> str:
    return f"{round(100 * share)}%"


def share_unnamed(quotes: pd.DataFrame) -> float:
    """The share of an article's quotations from no named source (0 without quotations)."""
    return round(float(quotes["speaker_kind"].isin(UNNAMED_KINDS).mean()), 3) \
        if len(quotes) else 0.0


def hedges_per_100_words(hedges: int, words: int) -> float:
    return round(100 * hedges / max(words, 1), 2)


class Table:
    """A DataFrame shown whole in a scrolling box: every row and the full text of every cell
    (pandas' own display stops at 10 rows and 50 characters). Inline styles only, so the
    table reads the same in an untrusted notebook, an HTML report or on GitHub."""

    CELL = "padding:.25em .6em;text-align:left;vertical-align:top;border-bottom:1px solid #ddd;"

    def __init__(self, frame: pd.DataFrame, height: str | None = "30em"):
        self.frame = frame.reset_index(drop=True)
        self.height = height  # None: the whole table on the page, as a printed handout needs

    def _repr_html_(self) -> str:
        head = "".join(f'<th style="{self.CELL}background:#f2f2f2;position:sticky;top:0">'
                       f"{html.escape(str(c))}</th>" for c in self.frame.columns)
        rows = "".join(
            "<tr>" + "".join(f'<td style="{self.CELL}">{html.escape(_cell(v))}</td>'
                             for v in row) + "</tr>"
            for row in self.frame.itertuples(index=False))
        if self.frame.empty:
            rows = (f'<tr><td style="{self.CELL}" colspan="{max(len(self.frame.columns), 1)}">'
                    "(none found)</td></tr>")
        box = f"max-height:{self.height};overflow:auto;" if self.height else "overflow-x:auto;"
        return (f'<div style="{box}max-width:100%">'
                '<table style="border-collapse:collapse;font:13px/1.4 system-ui,sans-serif">'
                f"<thead><tr>{head}</tr></thead><tbody>{rows}</tbody></table></div>")

    def __repr__(self) -> str:
        if self.frame.empty:
            return "(none found)"
        with pd.option_context("display.max_colwidth", None, "display.max_rows", None,
                               "display.max_columns", None, "display.width", 10_000):
            return self.frame.to_string(index=False)


def _cell(value) -> str:
    if value is None or (not isinstance(value, (list, tuple)) and pd.isna(value)):
        return ""
    if isinstance(value, bool):
        return "yes" if value else "no"
    return str(value)


def most_quoted_first(speakers: pd.DataFrame) -> pd.DataFrame:
    """Speakers in the order the speaker chart draws them: most quotations first, then most
    words quoted, then by name, so a table and the chart beneath it read alike."""
    total = speakers[["direct", "partial", "indirect"]].sum(axis=1)
    order = speakers.assign(_total=total).sort_values(
        ["_total", "words_quoted", "speaker"], ascending=[False, False, True], kind="stable")
    return order.drop(columns="_total").reset_index(drop=True)


def shown(fig, save_to: Path | None, name: str):
    """Save a figure when the run saves, and return what Jupyter shows as an image (a Figure
    built without pyplot would show as ``<Figure size ...>`` text)."""
    if save_to is not None:
        figures.save(fig, save_to, name)
    return figures.display(fig)


def write_tables(folder: Path, named: dict[str, pd.DataFrame]) -> list[Path]:
    """Each table as ``<name>.csv`` in ``folder``, written atomically, its cells made safe
    to open in a spreadsheet as the command line's CSV is (no cell runs as a formula)."""
    written = []
    for name, frame in named.items():
        buffer = io.StringIO()
        frame.map(spreadsheet_safe).to_csv(buffer, index=False)
        written.append(files.write_text(folder / f"{name}.csv", buffer.getvalue()))
    return written


def lexicon_notes() -> dict[tuple[str, str], str]:
    """The teacher's note for each attribution cue of the bundled lexicon, by (lemma, kind):
    'estimate' the verb and 'estimate' the noun have notes of their own."""
    source = resources.files("analysis").joinpath("lexicons", "cues.csv")
    with source.open(encoding="utf-8") as handle:
        return {(row["cue"], row["kind"]): row["note"] for row in csv.DictReader(handle)}


def following(names: list[str], name: str) -> int:
    """The position of the item after ``name`` in ``names`` (the first after the last, or when
    ``name`` is not there)."""
    return (names.index(name) + 1) % len(names) if name in names else 0
