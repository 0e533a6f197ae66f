"""What the notebooks call: parameter checks and one object per analysed article or corpus,
so the notebooks stay thin (a line or two a cell)."""
from __future__ import annotations

from dataclasses import dataclass
from functools import cached_property
from pathlib import Path

import matplotlib.pyplot  # noqa: F401  (in a kernel, turns on the inline display of figures)
import pandas as pd
from spacy.language import Language

from . import figures, paths, tables
from .articles import Article, collect_paths, read_article
from .cues import UNLISTED
from .errors import AnalysisError, ModelNotFoundError, ParameterError
from .highlight import article_html
from .model import load_nlp
from .pipeline import analyse_many

QUOTE_VIEW = ["kind", "speaker", "speaker_kind", "cue", "via", "paragraph", "content"]


def _text_parameter(name: str, value) -> str:
    if not isinstance(value, (str, Path)):
        raise ParameterError(f"parameter {name!r} must be a path or name as text, "
                             f"not {type(value).__name__} {value!r}")
    return str(value)


def load_model(model) -> Language:
    try:
        return load_nlp(_text_parameter("model", model) or None)
    except ModelNotFoundError as error:
        raise ParameterError(f"parameter 'model': {error}") from None


def figures_folder(figures_dir) -> Path:
    folder = _text_parameter("figures_dir", figures_dir)
    return paths.resolve(folder) if folder else paths.figures_dir()


@dataclass
class ArticleRun:
    """One article analysed: tables, summaries, figures and the highlighted text."""

    article: Article
    nlp: Language
    figures_dir: Path

    @classmethod
    def from_parameters(cls, article="", model="", figures_dir="") -> ArticleRun:
        """Check the notebook's parameters; a bad one raises ParameterError with one line."""
        path = _text_parameter("article", article)
        path = paths.resolve(path) if path else paths.SAMPLE_ARTICLE
        try:
            loaded = read_article(path)
        except AnalysisError as error:
            raise ParameterError(f"parameter 'article': {error}") from None
        return cls(loaded, load_model(model), figures_folder(figures_dir) / loaded.id)

    @cached_property
    def doc(self):
        return next(analyse_many([self.article], self.nlp))[1]

    @cached_property
    def quotes(self) -> pd.DataFrame:
        return tables.quotes_frame([(self.article, self.doc)])

    @cached_property
    def cues(self) -> pd.DataFrame:
        return tables.cues_frame([(self.article, self.doc)])

    @cached_property
    def hedges(self) -> pd.DataFrame:
        return tables.hedges_frame([(self.article, self.doc)])

    @property
    def speakers(self) -> pd.DataFrame:
        return tables.speaker_summary(self.quotes)

    def summary(self) -> pd.DataFrame:
        a = self.article
        return pd.Series({
            "article": a.id, "title": a.title, "date": a.date_raw, "format": a.format,
            "words": a.word_count, "paragraphs": len(a.paragraphs),
            "quotes": len(self.quotes), "speakers": self.quotes["speaker"].replace("", pd.NA)
            .nunique(), "cues": len(self.cues), "hedges": len(self.hedges),
        })

    def loaded_cues(self) -> pd.DataFrame:
        """Attribution cues that carry a judgement, with their sentence: not the neutral ones,
        nor verbs outside the lexicon, whose judgement nobody has written down."""
        cues = self.cues[~self.cues["category"].isin(["neutral", "prepositional", UNLISTED])]
        return cues.assign(sentence=[self.sentence_at(s) for s in cues["start"]])[
            ["cue", "category", "speaker", "sentence"]].reset_index(drop=True)

    def unnamed_sources(self) -> pd.DataFrame:
        """Attributions to anonymous people, unnamed groups, or nobody ("has been accused")."""
        q = self.quotes
        unnamed = q[q["speaker_kind"].isin(["anonymous", "group", "unknown"]) | q["agentless"]]
        return unnamed[["kind", "speaker", "speaker_kind", "agentless", "cue", "content"]] \
            .reset_index(drop=True)

    def unquoted_names(self) -> pd.DataFrame:
        """People and organisations the article names but never quotes or cites."""
        quoted = " ".join(self.quotes["speaker"]) + " " + " ".join(self.quotes["via"])
        rows = {}
        for ent in self.doc.ents:
            if ent.label_ in ("PERSON", "ORG") and ent.text not in quoted:
                rows.setdefault(ent.text, {"name": ent.text, "kind": ent.label_.lower(),
                                           "mentions": 0})["mentions"] += 1
        return pd.DataFrame(list(rows.values()), columns=["name", "kind", "mentions"])

    def sentence_at(self, offset: int) -> str:
        span = self.doc.char_span(offset, offset + 1, alignment_mode="expand")
        sentence = span.sent if span is not None else self.doc[:0]
        return self.article.readable(sentence.start_char, sentence.end_char)

    def highlighted(self):
        from IPython.display import HTML

        return HTML(article_html(self.article, self.doc, standalone=False))

    def figure(self, name: str):
        """Draw one of 'quotes_per_speaker', 'attribution_verbs', 'hedging' and save it."""
        fig = {
            "quotes_per_speaker": lambda: figures.quotes_per_speaker(self.speakers),
            "attribution_verbs": lambda: figures.attribution_verbs(self.cues),
            "hedging": lambda: figures.hedging(self.hedges, self.article.word_count),
        }[name]()
        figures.save(fig, self.figures_dir, name)
        return fig


@dataclass
class CorpusRun:
    """Every article of a corpus analysed together; unreadable articles are listed, not fatal."""

    articles: list[Article]
    failures: list[str]
    nlp: Language
    figures_dir: Path

    @classmethod
    def from_parameters(cls, corpus="", model="", figures_dir="") -> CorpusRun:
        if isinstance(corpus, (list, tuple)):
            sources = [paths.resolve(_text_parameter("corpus", p)) for p in corpus]
        else:
            folder = _text_parameter("corpus", corpus)
            sources = [paths.resolve(folder) if folder else paths.DATA_DIR]
        missing = [str(p) for p in sources if not p.exists()]
        if missing:
            raise ParameterError(f"parameter 'corpus': no such file or folder: {missing[0]}")
        articles, failures = [], []
        for path in collect_paths(sources):
            try:
                articles.append(read_article(path))
            except AnalysisError as error:
                failures.append(str(error))
        if not articles:
            raise ParameterError("parameter 'corpus': no readable article in "
                                 + ", ".join(map(str, sources)))
        return cls(articles, failures, load_model(model), figures_folder(figures_dir) / "corpus")

    @cached_property
    def pairs(self):
        return list(analyse_many(self.articles, self.nlp))

    @cached_property
    def quotes(self) -> pd.DataFrame:
        return tables.quotes_frame(self.pairs)

    @cached_property
    def cues(self) -> pd.DataFrame:
        return tables.cues_frame(self.pairs)

    @cached_property
    def hedges(self) -> pd.DataFrame:
        return tables.hedges_frame(self.pairs)

    @property
    def words(self) -> int:
        return sum(a.word_count for a in self.articles)

    def per_article(self) -> pd.DataFrame:
        """One row per article: size, quotes by kind, named vs unnamed sources, hedging."""
        rows = []
        for article in self.articles:
            q = self.quotes[self.quotes["article"] == article.id]
            h = self.hedges[self.hedges["article"] == article.id]
            unnamed = q["speaker_kind"].isin(["anonymous", "group", "unknown"])
            rows.append({
                "article": article.id, "words": article.word_count,
                "direct": int((q["kind"] == "direct").sum()),
                "partial": int((q["kind"] == "partial").sum()),
                "indirect": int((q["kind"] == "indirect").sum()),
                "speakers": q["speaker"].replace("", pd.NA).nunique(),
                "unnamed_share": round(float(unnamed.mean()), 2) if len(q) else 0.0,
                "hedges_per_100_words_reporter": round(
                    100 * int((h["voice"] == "reporter").sum()) / max(article.word_count, 1), 2),
                "hedges_per_100_words_quoted": round(
                    100 * int((h["voice"] == "quoted").sum()) / max(article.word_count, 1), 2),
            })
        return pd.DataFrame(rows)

    def figure(self, name: str):
        fig = {
            "quotes_per_speaker": lambda: figures.quotes_per_speaker(
                tables.speaker_summary(self.quotes)),
            "attribution_verbs": lambda: figures.attribution_verbs(self.cues),
            "hedging": lambda: figures.hedging(self.hedges, self.words),
        }[name]()
        figures.save(fig, self.figures_dir, name)
        return fig
