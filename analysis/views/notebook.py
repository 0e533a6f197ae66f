"""What the article and corpus notebooks call: one object per analysed article or corpus, so
the notebooks stay thin (a line or two a cell). Each reads the extracted tables when given
them, and otherwise makes its rows by the worker function every entry point runs."""
from __future__ import annotations

from dataclasses import dataclass
from functools import cached_property
from pathlib import Path
from typing import ClassVar

import pandas as pd

from ..core import paths
from ..core.errors import AnalysisError, ParameterError, printable
from ..corpus import store
from ..corpus.batches import Rows, Settings, failure_line, read_entries, read_one
from ..corpus.runners import analyse_one, analyse_works
from ..corpus.sources import Corpus
from ..tables import rows as tables
from ..text.articles import Article
from ..text.lexicon import category_label, is_loaded
from . import figures
from .display import (
    ARTICLE_FIGURES,
    CORPUS_ARTICLE_COLUMNS,
    CORPUS_FIGURES,
    GROUPINGS,
    SOURCE_KINDS,
    UNNAMED_KINDS,
    Table,
    hedges_per_100_words,
    known_figure,
    lexicon_notes,
    model_parameter,
    most_quoted_first,
    output_folder,
    percent,
    share_unnamed,
    shown,
    tables_folder,
    text_parameter,
    write_tables,
)
from .highlight import tables_html


@dataclass
class ArticleRun:
    """One article analysed: tables, summaries, figures and the highlighted text. The tables
    come from the article's parse, or from tables ``extract`` wrote (``extracted``), which
    needs no spaCy at all."""

    article: Article
    model: str | None = None  # the spaCy pipeline, when the run analyses the article itself
    save_to: Path | None = None
    extracted: Path | None = None
    table_height: ClassVar[str | None] = "30em"

    @classmethod
    def from_parameters(cls, article="", model="", save_to="", tables="") -> ArticleRun:
        """Check the notebook's parameters; a bad one raises ParameterError with one line.
        With ``tables`` (a folder ``extract`` wrote), ``article`` is the article's id there
        or its file."""
        path = text_parameter("article", article)
        folder = tables_folder(tables)
        if folder is not None:
            try:
                found = store.find_article(folder, path, paths.resolve(path) if path else None)
            except AnalysisError as error:
                raise ParameterError(f"parameter 'article': {error}") from None
            return cls(found, None, output_folder(save_to), folder)
        path = paths.resolve(path) if path else paths.SAMPLE_ARTICLE
        try:
            loaded = read_one(path)
        except AnalysisError as error:
            raise ParameterError(f"parameter 'article': {error}") from None
        return cls(loaded, model_parameter(model), output_folder(save_to))

    def table(self, frame: pd.DataFrame) -> Table:
        return Table(frame, self.table_height)

    @property
    def name(self) -> str:
        """How figures name the article: its headline, else its file name."""
        return self.article.shown_title or self.article.id

    @cached_property
    def analysed(self) -> Rows:
        """The article's rows made here, by the worker function every entry point runs."""
        return analyse_one(self.article, self.model)

    def rows(self, table: str) -> pd.DataFrame:
        """The article's rows of one table: from the extracted tables, or analysed here."""
        if self.extracted is not None:
            frame = store.read_table(self.extracted, table, articles=[self.article.id])
            return frame[list(tables.COLUMNS[table])]
        return self.analysed.frame(table)

    @cached_property
    def quotes(self) -> pd.DataFrame:
        return self.rows("quotes")

    @cached_property
    def cues(self) -> pd.DataFrame:
        return self.rows("cues")

    @cached_property
    def hedges(self) -> pd.DataFrame:
        return self.rows("hedges")

    @cached_property
    def names(self) -> pd.DataFrame:
        return self.rows("names")

    @cached_property
    def sources(self) -> pd.DataFrame:
        return self.rows("sources")

    @property
    def speakers(self) -> pd.DataFrame:
        return most_quoted_first(tables.speaker_summary(self.quotes))

    def facts(self) -> dict:
        """The article in numbers, as the index of the reports lists it."""
        a, q = self.article, self.quotes
        return {
            "title": a.shown_title, "date": a.shown_date,
            "format": a.format, "words": a.word_count, "paragraphs": len(a.paragraphs),
            "quotes": len(q), "speakers": int(q["speaker"].replace("", pd.NA).nunique()),
            "share_unnamed": share_unnamed(q), "cues": len(self.cues),
            "hedges": len(self.hedges),
            "hedges_per_100_words": hedges_per_100_words(len(self.hedges), a.word_count),
        }

    def summary(self) -> Table:
        f = self.facts()
        rows = [
            ("Headline", f["title"] or "(none)"), ("Date", f["date"] or "(none)"),
            ("File", Path(self.article.source).name or self.article.id),
            ("Words", f["words"]), ("Paragraphs", f["paragraphs"]),
            ("Quotations and paraphrases", f["quotes"]), ("Speakers", f["speakers"]),
            ("Of the quotations, from no named source", percent(f["share_unnamed"])),
            ("Attribution verbs and phrases", f["cues"]),
            ("Hedges and boosters", f"{f['hedges']} ({f['hedges_per_100_words']} per 100 words)"),
        ]
        return self.table(pd.DataFrame(rows, columns=["", "this article"]))

    def quote_table(self) -> Table:
        q = self.quotes
        return self.table(pd.DataFrame({
            "paragraph": q["paragraph"], "kind": q["kind"], "speaker": q["speaker"],
            "speaker kind": q["speaker_kind"], "cue": q["cue"], "via": q["via"],
            "what was said": q["content"]}))

    def speaker_table(self) -> Table:
        s = self.speakers
        return self.table(s.assign(share_of_quoted_words=s["share_of_quoted_words"].map(percent))
                     .rename(columns=lambda c: c.replace("_", " ")))

    def source_table(self) -> Table:
        """One row per source, in the order they are first given a voice, with the words
        that show each gender and role (so a reader can check every call)."""
        s = self.sources
        return self.table(pd.DataFrame({
            "rank": s["first_rank"], "source": s["name"], "kind": s["kind"],
            "gender": s["gender"], "because": s["gender_evidence"], "role": s["role"],
            "from": s["role_evidence"], "direct": s["direct"].map({True: "yes", False: ""}),
            "attributions": s["attributions"],
            "share of quoted words": s["share_of_voice"].map(percent)}))

    def cue_table(self) -> Table:
        c = self.cues
        return self.table(c[["paragraph", "cue", "lemma", "category", "speaker"]])

    def hedge_table(self) -> Table:
        h = self.hedges
        return self.table(h[["paragraph", "cue", "category", "voice", "speaker", "sentence"]]
                     .assign(category=h["category"].str.replace("_", " ")))

    def loaded_cues(self) -> pd.DataFrame:
        """Attribution cues that carry a judgement, with their sentence and the lexicon's note:
        not the neutral ones, nor verbs outside the lexicon, whose judgement nobody wrote down."""
        cues = self.cues[self.cues["category"].map(is_loaded).astype(bool)]
        notes = lexicon_notes()
        return cues.assign(
            note=[notes.get(key, "") for key in zip(cues["lemma"], cues["kind"], strict=True)],
        )[["cue", "lemma", "category", "note", "speaker", "sentence"]].reset_index(drop=True)

    def unnamed_sources(self) -> pd.DataFrame:
        """Attributions to anonymous people, unnamed groups, or nobody ("has been accused")."""
        q = self.quotes
        unnamed = q[q["speaker_kind"].isin(UNNAMED_KINDS) | q["agentless"]]
        return pd.DataFrame({
            "source": unnamed["speaker"].replace("", "(nobody)"),
            "what kind": unnamed["speaker_kind"].map(SOURCE_KINDS),
            "no one named at all": unnamed["agentless"].map({True: "yes", False: ""}),
            "verb": unnamed["cue"], "what was said": unnamed["content"],
        }).reset_index(drop=True)

    def unquoted_names(self) -> pd.DataFrame:
        """Names the machine took for people or organisations and found no quote from."""
        q = self.quotes
        quoted = " ".join(q["speaker"].fillna("")) + " " + " ".join(q["via"].fillna(""))
        rows: dict[str, dict] = {}
        for name, label in zip(self.names["name"], self.names["label"], strict=True):
            if name not in quoted:
                kind = "a person" if label == "PERSON" else "an organisation"
                rows.setdefault(name, {"name": name, "the machine thinks it is": kind,
                                       "mentions": 0})["mentions"] += 1
        return pd.DataFrame(list(rows.values()),
                            columns=["name", "the machine thinks it is", "mentions"])

    @property
    def last_paragraph(self) -> int:
        """The number the tables give the article's last paragraph (0 is the headline)."""
        spans = self.article.paragraphs
        return self.article.paragraph_of(spans[-1][0]) if spans else 0

    def highlighted(self):
        from IPython.display import HTML

        return HTML(tables_html(self.article, self.quotes, self.cues, self.hedges,
                                standalone=False))

    def draw(self, name: str):
        """One of ARTICLE_FIGURES as a matplotlib Figure titled with the article."""
        title = self.name
        draw = {
            "quotes_per_speaker": lambda: figures.quotes_per_speaker(self.speakers, title),
            "attribution_verbs": lambda: figures.attribution_verbs(self.cues, title),
            "hedging_along_article": lambda: figures.hedging_along_article(
                self.hedges, self.last_paragraph, title),
            "sourcing_mix": lambda: figures.sourcing_mix(self.quotes, title),
        }
        return draw[known_figure(name, ARTICLE_FIGURES)]()

    def figure(self, name: str):
        """Draw a figure, save it when the run saves, and return what Jupyter shows."""
        return shown(self.draw(name), self.save_to, name)

    def save_tables(self) -> list[Path]:
        """The tables as CSV beside the figures (nothing when the run does not save)."""
        if self.save_to is None:
            return []
        return write_tables(self.save_to, {
            "summary": pd.DataFrame([{"article": self.article.id, **self.facts()}]),
            "quotes": self.quotes, "speakers": self.speakers, "sources": self.sources,
            "cues": self.cues, "hedges": self.hedges,
        })


@dataclass
class CorpusRun:
    """Every article of a corpus analysed together: parsed here, or read from the tables
    ``extract`` wrote. Unreadable articles are listed, not fatal. ``group_by`` ('outlet' or
    'month') compares the groups of articles."""

    articles: pd.DataFrame  # one row per article: article, words, title, date, outlet
    quotes: pd.DataFrame
    cues: pd.DataFrame
    hedges: pd.DataFrame
    failures: list[str]
    save_to: Path | None = None
    group_by: str = ""

    @classmethod
    def from_parameters(cls, corpus="", model="", save_to="", tables="",
                        group_by="") -> CorpusRun:
        group_by = text_parameter("group_by", group_by)
        if group_by not in GROUPINGS:
            raise ParameterError(f"parameter 'group_by': {group_by!r} is none of "
                                 + ", ".join(repr(g) for g in GROUPINGS))
        folder = tables_folder(tables)
        if folder is not None:
            return cls.from_tables(folder, output_folder(save_to), group_by)
        if isinstance(corpus, (list, tuple)):
            sources = [paths.resolve(text_parameter("corpus", p)) for p in corpus]
        else:
            folder = text_parameter("corpus", corpus)
            sources = [paths.resolve(folder) if folder else paths.DATA_DIR]
        missing = [str(p) for p in sources if not p.exists()]
        if missing:
            raise ParameterError(f"parameter 'corpus': no such file or folder: {missing[0]}")
        unreadable = ParameterError("parameter 'corpus': no readable article in "
                                    + ", ".join(p.name for p in sources))
        try:
            works, errors = read_entries(Corpus(sources).entries())
        except AnalysisError:  # no article at all
            raise unreadable from None
        if not works:
            raise unreadable
        rows = analyse_works(works, Settings(model=model_parameter(model)))
        return cls.from_rows(rows, [failure_line(e) for e in errors + rows.tables["errors"]],
                             output_folder(save_to), group_by)

    @classmethod
    def from_rows(cls, rows: Rows, failures: list[str], save_to: Path | None = None,
                  group_by: str = "") -> CorpusRun:
        """The corpus analysed here, from the rows the worker function of ``extract`` made."""
        articles = pd.DataFrame.from_records(rows.tables["articles"],
                                             columns=list(CORPUS_ARTICLE_COLUMNS))
        return cls(articles, *(rows.frame(t) for t in ("quotes", "cues", "hedges")), failures,
                   save_to, group_by)

    @classmethod
    def from_tables(cls, folder: Path, save_to: Path | None = None,
                    group_by: str = "") -> CorpusRun:
        """The corpus as ``extract`` wrote it (its articles' text is not read); an article
        that failed is listed by its file's name, not the path it was read from (pages made
        from the tables are shared)."""
        errors = store.read_table(folder, "errors")
        return cls(
            store.read_table(folder, "articles", columns=list(CORPUS_ARTICLE_COLUMNS)),
            *(store.read_table(folder, t)[list(tables.COLUMNS[t])]
              for t in ("quotes", "cues", "hedges")),
            [f"{printable(Path(s).name)}: {e}"
             for s, e in zip(errors["source"], errors["error"], strict=True)],
            save_to, group_by)

    @property
    def words(self) -> int:
        return int(self.articles["words"].sum())

    def intro(self):
        """How big the corpus is, and which files could not be read (as Markdown)."""
        from IPython.display import Markdown

        text = f"**{len(self.articles)} articles, {self.words} words.**"
        if self.failures:
            text += "\n\nSkipped:\n\n" + "\n".join(f"- `{f}`" for f in self.failures)
        return Markdown(text)

    @cached_property
    def speakers(self) -> pd.DataFrame:
        """Speakers across the corpus, one row per person however each article names them
        (by ``speaker_id``), most quotations first: the order the speaker chart's bars show."""
        return most_quoted_first(tables.speaker_summary(self.quotes, by="speaker_id"))

    def per_article(self) -> pd.DataFrame:
        """One row per article: size, quotes by kind, named vs unnamed sources, hedging."""
        return self.compared(self.articles["article"], "article", speakers="speaker")

    def compared(self, groups: pd.Series, name: str, speakers: str) -> pd.DataFrame:
        """One row per group of articles (``groups``, aligned with the articles table):
        size, quotes by kind, distinct ``speakers``, unnamed sources, hedging by voice."""
        group_of = dict(zip(self.articles["article"], groups, strict=True))
        words = self.articles.groupby(groups.to_numpy(), sort=False)["words"].sum()
        # Each table split by group once: filtering it again for every group (every article,
        # in the per-article table) would cost articles x rows on a large corpus.
        quotes = dict(tuple(self.quotes.groupby(self.quotes["article"].map(group_of),
                                                sort=False)))
        hedges = dict(tuple(self.hedges.groupby(self.hedges["article"].map(group_of),
                                                sort=False)))
        rows = []
        for group, count in words.items():
            q = quotes.get(group, self.quotes.iloc[:0])
            h = hedges.get(group, self.hedges.iloc[:0])
            per_100 = 100 / max(int(count), 1)
            rows.append({
                name: group, "words": int(count),
                "word for word": int((q["kind"] == "direct").sum()),
                "partly quoted": int((q["kind"] == "partial").sum()),
                "paraphrased": int((q["kind"] == "indirect").sum()),
                "speakers": q[speakers].replace("", pd.NA).nunique(),
                "no named source": percent(q["speaker_kind"].isin(UNNAMED_KINDS).mean())
                if len(q) else "0%",
                "reporter's hedges per 100 words": round(
                    per_100 * int((h["voice"] == "reporter").sum()), 2),
                "quoted sources' hedges per 100 words": round(
                    per_100 * int((h["voice"] == "quoted").sum()), 2),
            })
        return pd.DataFrame(rows)

    def per_article_table(self) -> Table:
        return Table(self.per_article())

    def groups(self) -> pd.DataFrame:
        """The corpus by outlet or by month (``group_by``), with each group's articles and
        its most quoted people; empty when the run is not grouped."""
        if not self.group_by:
            return pd.DataFrame()
        if self.group_by == "outlet":
            keys = self.articles["outlet"].fillna("").replace("", "(no outlet)")
        else:
            keys = self.articles["date"].fillna("").str[:7].replace("", "(no date)")
        table = self.compared(keys.reset_index(drop=True), self.group_by, "speaker_id")
        counts = keys.value_counts()
        group_of = dict(zip(self.articles["article"], keys, strict=True))
        named = self.quotes[self.quotes["speaker_kind"] == "person"]
        top = named.groupby(named["article"].map(group_of))["speaker_id"].agg(
            lambda s: ", ".join(s.value_counts().index[:3]))
        table.insert(1, "articles", table[self.group_by].map(counts).astype(int))
        table["most quoted people"] = table[self.group_by].map(top).fillna("")
        return table.sort_values(self.group_by, kind="stable").reset_index(drop=True)

    def group_table(self):
        """The groups under a heading of their own, or nothing when the run is not grouped
        (so a report without groups shows no empty section)."""
        if not self.group_by:
            return None
        from IPython.display import Markdown, display

        display(Markdown(f"## By {self.group_by}\n\nThe articles grouped by {self.group_by}: "
                         "how much each group quotes, whom, and how much it hedges."))
        return Table(self.groups())

    def speaker_table(self) -> Table:
        s = self.speakers
        return Table(s.assign(share_of_quoted_words=s["share_of_quoted_words"].map(percent))
                     .rename(columns=lambda c: c.replace("_", " ")))

    def cue_table(self) -> Table:
        return Table(tables.cue_summary(self.cues))

    def hedge_table(self) -> Table:
        summary = tables.hedge_summary(self.hedges, self.words)
        summary = summary.assign(category=summary["category"].map(category_label))
        return Table(summary.rename(columns=lambda c: c.replace("_", " ")))

    def draw(self, name: str):
        """One of CORPUS_FIGURES as a matplotlib Figure titled with the corpus."""
        title = f"a corpus of {len(self.articles)} articles"
        draw = {
            "quotes_per_speaker": lambda: figures.quotes_per_speaker(self.speakers, title),
            "attribution_verbs": lambda: figures.attribution_verbs(self.cues, title),
            "sourcing_mix": lambda: figures.sourcing_mix(self.quotes, title),
            "corpus_comparison": lambda: figures.corpus_comparison(
                self.quotes, self.cues, self.hedges, title,
                words=dict(zip(self.articles["article"], self.articles["words"],
                               strict=True))),
        }
        return draw[known_figure(name, CORPUS_FIGURES)]()

    def figure(self, name: str):
        """Draw a figure, save it when the run saves, and return what Jupyter shows."""
        return shown(self.draw(name), self.save_to, name)

    def save_tables(self) -> list[Path]:
        if self.save_to is None:
            return []
        named = {"articles": self.per_article(), "quotes": self.quotes,
                 "speakers": self.speakers, "cues": self.cues, "hedges": self.hedges}
        if self.group_by:
            named[f"by_{self.group_by}"] = self.groups()
        return write_tables(self.save_to, named)
