"""Run the analysis over articles: the English pipeline with the components, one article or a
stream of them (``nlp.pipe``, several processes when asked).

The components themselves are in ``analysis/components``; this module only feeds them an
article's analysis text, which keeps the length of the file's text, so every offset indexes the
file as read. A corpus goes through ``corpus.batches``, which parses and then runs the
components with ``with_components``.
"""
from __future__ import annotations

from collections.abc import Iterable, Iterator

from spacy.language import Language
from spacy.tokens import Doc

from ..text.articles import Article
from ..text.passages import known_text
from .model import COMPONENTS, load_nlp

__all__ = ["COMPONENTS", "analyse", "analyse_many", "with_components"]


def analyse(article: Article, nlp: Language | None = None) -> Doc:
    """Run the pipeline over an article's analysis text (same length as the file's text)."""
    nlp = nlp or load_nlp()
    return labelled(nlp(article.analysis_text), article)


def analyse_many(articles: Iterable[Article], nlp: Language | None = None, n_process: int = 1,
                 batch_size: int = 32) -> Iterator[tuple[Article, Doc]]:
    """Stream (article, doc) pairs through ``nlp.pipe``; ``n_process`` > 1 uses more cores."""
    nlp = nlp or load_nlp()
    pairs = ((a.analysis_text, a) for a in articles)
    for doc, article in nlp.pipe(pairs, as_tuples=True, n_process=n_process,
                                 batch_size=batch_size):
        yield article, labelled(doc, article)


def with_components(doc: Doc, article: Article, nlp: Language) -> Doc:
    """A parse (made without the project's components, or read from a cache) with the
    components run over it; the doc's text is the article's analysis text, so the components
    need not join it again from the tokens."""
    known_text(doc, article.analysis_text)
    for name in COMPONENTS:
        doc = nlp.get_pipe(name)(doc)
    return labelled(doc, article)


def labelled(doc: Doc, article: Article) -> Doc:
    """The analysed doc with the id of its article, which the components' rows carry."""
    doc.user_data["article"] = article.id
    return doc
